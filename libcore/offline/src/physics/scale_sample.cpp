#include "sieve/physics/scale_sample.hpp"

#include "sieve/data/csv_reader.hpp"
#include "sieve/data/csv_writer.hpp"
#include "sieve/error.hpp"
#include "sieve/physics/symmetry.hpp"
#include "sieve/random.hpp"

#include <algorithm>
#include <charconv>
#include <memory>
#include <utility>

namespace sieve::physics {
namespace {

constexpr char kSets[4] = {'t', 'b', 'v', 'u'};
constexpr std::int64_t kFirstEventId = 100000;  // as in the release
constexpr std::size_t kChunkRows = 1 << 15;

std::size_t set_index(char set) {
  switch (set) {
  case 't': return 0;
  case 'b': return 1;
  case 'v': return 2;
  default: return 3;
  }
}

std::string describe(const data::Table& t) {
  return t.source.empty() ? std::string("the source table") : t.source;
}

// The HiggsML preset, which names the columns of the open-data layout: its analysis weight
// (KaggleWeight, normalised per set) and then Weight (normalised over the whole file).
const std::shared_ptr<const data::Schema>& preset() {
  static const auto schema = std::make_shared<const data::Schema>(data::higgsml_schema());
  return schema;
}

// The role columns of the open-data layout, in its order: EventId, Weight, Label,
// KaggleSet, KaggleWeight.
std::vector<std::string> open_data_roles() {
  const data::Schema& s = *preset();
  return {s.id_column, s.weight_columns.at(1), s.label_column, s.set_column, s.weight_columns.at(0)};
}

} // namespace

ScaleSampleSizes parse_scale_sample_sizes(std::string_view text) {
  std::array<std::size_t, 4> values{};
  std::size_t start = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::size_t comma = text.find(',', start);
    if ((i < 3) != (comma != std::string_view::npos))
      throw ConfigError("sizes '" + std::string(text) +
                        "' must be four counts t,b,v,u (e.g. 250000,100000,450000,18238)");
    const std::string_view item =
        text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), values[i]);
    if (ec != std::errc() || end != item.data() + item.size())
      throw ConfigError("sizes '" + std::string(text) + "': '" + std::string(item) +
                        "' is not a non-negative integer (the " + kSets[i] + " count)");
    start = comma + 1;
  }
  return {values[0], values[1], values[2], values[3]};
}

ScaleSample::ScaleSample(const data::Table& source, std::uint64_t seed, const ScaleSampleSizes& sizes)
    : source_(source), seed_(seed), columns_(source) {
  const std::size_t n = source.rows();
  if (n == 0) throw ConfigError(describe(source) + " has no events to make a scale sample from");
  if (source.label.size() != n)
    throw ConfigError(describe(source) + " has no " + preset()->label_column +
                      " column: a scale sample needs labelled events");
  const std::vector<double>& w = source.analysis_weight();

  // KaggleSet: training rows first, then the test sets in a seeded order.
  sets_.reserve(sizes.total());
  sets_.assign(sizes.train, 't');
  sets_.insert(sets_.end(), sizes.public_test, 'b');
  sets_.insert(sets_.end(), sizes.private_test, 'v');
  sets_.insert(sets_.end(), sizes.unused, 'u');
  CounterRng rng(key(seed, kScaleSampleStream, ~std::uint64_t{0}));
  for (std::size_t i = sets_.size(); i > sizes.train + 1; --i) {
    const std::size_t j = sizes.train + rng.below(i - sizes.train);
    std::swap(sets_[i - 1], sets_[j]);
  }

  std::array<double, 8> kaggle_sum{};
  std::array<std::size_t, 4> set_rows{};
  std::array<double, 2> weight_sum{};
  for (std::size_t r = 0; r < sets_.size(); ++r) {
    const std::size_t s = r % n, set = set_index(sets_[r]);
    const int label = source.label[s] == 1 ? 1 : 0;
    kaggle_sum[set * 2 + label] += w[s];
    weight_sum[label] += w[s];
    ++set_rows[set];
  }
  const double totals[2] = {kBackgroundWeightTotal, kSignalWeightTotal};
  for (std::size_t set = 0; set < 4; ++set) {
    if (set_rows[set] == 0) continue;
    for (int label = 0; label < 2; ++label) {
      const double sum = kaggle_sum[set * 2 + label];
      if (!(sum > 0.0))
        throw ConfigError("scale sample: " + preset()->set_column + " '" + std::string(1, kSets[set]) + "' (" +
                          std::to_string(set_rows[set]) + " rows) gets no " +
                          (label ? "signal" : "background") + " weight from " + describe(source) +
                          ", so it cannot be normalised; use larger sizes");
      kaggle_scale_[set * 2 + label] = totals[label] / sum;
    }
  }
  // Every non-empty set has both classes, so both sums are positive when there are rows.
  for (int label = 0; label < 2; ++label)
    if (weight_sum[label] > 0.0) weight_scale_[label] = totals[label] / weight_sum[label];
}

void ScaleSample::fill(std::size_t first, std::size_t count, data::Table& out) const {
  const std::size_t n = source_.rows();
  const std::size_t m = first >= rows() ? 0 : std::min(count, rows() - first);
  const std::vector<double>& w = source_.analysis_weight();

  out.source = "scale sample of " + source_.source;
  out.schema = preset();
  out.feature_names = preset()->columns;
  out.features.resize(kRawEventSize);
  for (auto& column : out.features) column.resize(m);
  out.event_id.resize(m);
  out.weight.resize(m);
  out.other_weights.resize(1);
  out.other_weights[0].resize(m);
  out.role_columns = open_data_roles();
  out.label.resize(m);
  out.set.resize(m);
  out.line.resize(m);

  for (std::size_t i = 0; i < m; ++i) {
    const std::size_t r = first + i, s = r % n;
    RawEvent event = columns_.read(source_, s);
    physics::apply(random_symmetry(key(seed_, kScaleSampleStream, r)), event);  // not std::apply
    for (std::size_t c = 0; c < kRawEventSize; ++c) out.features[c][i] = event[c];
    const int label = source_.label[s] == 1 ? 1 : 0;
    out.event_id[i] = kFirstEventId + static_cast<std::int64_t>(r);
    out.label[i] = static_cast<std::int8_t>(label);
    out.set[i] = sets_[r];
    out.weight[i] = w[s] * kaggle_scale_[set_index(sets_[r]) * 2 + label];
    out.other_weights[0][i] = w[s] * weight_scale_[label];
    out.line[i] = static_cast<std::int64_t>(r) + 2;  // after the header line
  }
}

std::size_t write_scale_sample(const std::string& from, const std::string& out, std::uint64_t seed,
                               const ScaleSampleSizes& sizes) {
  const data::Table source = data::read_table(from);
  const ScaleSample sample(source, seed, sizes);
  data::Table chunk;
  sample.fill(0, kChunkRows, chunk);
  data::CsvWriter writer(out, data::CsvColumns::of_table(chunk));
  for (std::size_t first = 0; first < sample.rows(); first += kChunkRows) {
    if (first > 0) sample.fill(first, kChunkRows, chunk);
    writer.write(chunk);
  }
  writer.commit();
  return writer.rows_written();
}

} // namespace sieve::physics
