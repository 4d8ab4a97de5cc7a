#define BOOST_TEST_MODULE physics_scale_sample
#include <boost/test/unit_test.hpp>

// The scale sample (sieve make-scale-sample) on small sizes: open-data layout, set sizes,
// weight sums per set and class, fresh EventIds, DER columns untouched, PRI moved by exact
// symmetries, reproducible from the seed.
#include "sieve/data/csv_reader.hpp"
#include "sieve/error.hpp"
#include "sieve/physics/derived_features.hpp"
#include "sieve/physics/raw_event.hpp"
#include "sieve/physics/scale_sample.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sd = sieve::data;
namespace sp = sieve::physics;
namespace fs = std::filesystem;

namespace {

const std::string kOpen = std::string(SIEVE_SOURCE_DIR) +
                          "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";

const sd::Table& source() {
  static const sd::Table table = sd::read_table(kOpen);
  return table;
}

// A scratch directory removed at the end of the test.
struct Scratch {
  fs::path dir = fs::temp_directory_path() /
                 ("sieve-scale-sample-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool angular(int c) {
  switch (c) {
  case sd::PRI_tau_eta: case sd::PRI_tau_phi: case sd::PRI_lep_eta: case sd::PRI_lep_phi:
  case sd::PRI_met_phi: case sd::PRI_jet_leading_eta: case sd::PRI_jet_leading_phi:
  case sd::PRI_jet_subleading_eta: case sd::PRI_jet_subleading_phi:
    return true;
  default:
    return false;
  }
}

// Checks a scale-sample table row by row against the source.
void check_sample(const sd::Table& out, const sp::ScaleSampleSizes& sizes) {
  const sd::Table& src = source();
  const std::size_t n = src.rows();
  BOOST_TEST((out.role_columns == std::vector<std::string>{"EventId", "Weight", "Label", "KaggleSet", "KaggleWeight"}));
  BOOST_REQUIRE_EQUAL(out.rows(), sizes.total());
  const sp::TableColumns src_cols(src), out_cols(out);

  std::map<char, std::size_t> set_rows;
  std::map<std::pair<char, int>, double> kaggle_sums;
  double weight_sums[2] = {0.0, 0.0};
  std::size_t moved_phi = 0, flipped_eta = 0, bad_untouched = 0, bad_derived = 0;
  for (std::size_t r = 0; r < out.rows(); ++r) {
    BOOST_TEST_REQUIRE(out.event_id[r] == 100000 + static_cast<std::int64_t>(r));
    const std::size_t s = r % n;
    BOOST_TEST_REQUIRE(out.label[r] == src.label[s]);
    ++set_rows[out.set[r]];
    kaggle_sums[std::make_pair(out.set[r], static_cast<int>(out.label[r]))] += out.weight[r];
    weight_sums[out.label[r]] += out.other_weights.at(0)[r];  // Weight
    const sp::RawEvent a = src_cols.read(src, s), b = out_cols.read(out, r);
    for (int c = 0; c < sd::kHiggsColumnCount; ++c)
      if (!angular(c) && !same_bits(a[c], b[c])) ++bad_untouched;  // DER, pt, MET, sumet, jets
    if (a[sd::PRI_tau_phi] != b[sd::PRI_tau_phi]) ++moved_phi;
    if (a[sd::PRI_tau_eta] == -b[sd::PRI_tau_eta] && a[sd::PRI_tau_eta] != 0.0f) ++flipped_eta;
    const auto da = sp::compute_derived(a), db = sp::compute_derived(b);
    for (std::size_t c = 1; c < sp::kDerivedCount; ++c) {
      if (std::isnan(da[c]) != std::isnan(db[c])) ++bad_derived;
      else if (!std::isnan(da[c]) && std::abs(da[c] - db[c]) > 1e-3 * std::max(1.0, std::abs(da[c])))
        ++bad_derived;
    }
  }
  BOOST_TEST(bad_untouched == 0u);
  BOOST_TEST(bad_derived == 0u);
  BOOST_TEST(moved_phi > out.rows() * 9 / 10);
  BOOST_TEST(flipped_eta > out.rows() / 4);
  BOOST_TEST(flipped_eta < out.rows() * 3 / 4);
  BOOST_TEST(set_rows['t'] == sizes.train);
  BOOST_TEST(set_rows['b'] == sizes.public_test);
  BOOST_TEST(set_rows['v'] == sizes.private_test);
  BOOST_TEST(set_rows['u'] == sizes.unused);
  for (char set : {'t', 'b', 'v', 'u'}) {
    if (set_rows[set] == 0) continue;  // an empty set has nothing to normalise
    BOOST_TEST_CONTEXT("KaggleSet " << set) {
      const double signal = kaggle_sums[std::make_pair(set, 1)];
      const double background = kaggle_sums[std::make_pair(set, 0)];
      BOOST_TEST(signal == sp::kSignalWeightTotal, boost::test_tools::tolerance(1e-9));
      BOOST_TEST(background == sp::kBackgroundWeightTotal, boost::test_tools::tolerance(1e-9));
    }
  }
  BOOST_TEST(weight_sums[1] == sp::kSignalWeightTotal, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(weight_sums[0] == sp::kBackgroundWeightTotal, boost::test_tools::tolerance(1e-9));
  // Training rows come first, as in the release.
  for (std::size_t r = 0; r < sizes.train; ++r) BOOST_TEST_REQUIRE(out.set[r] == 't');
}

} // namespace

BOOST_AUTO_TEST_CASE(written_file_has_the_layout_sizes_and_sums) {
  Scratch scratch;
  const std::string path = (scratch.dir / "scale.csv.gz").string();
  const sp::ScaleSampleSizes sizes{300, 120, 500, 25};
  BOOST_TEST(sp::write_scale_sample(kOpen, path, 42, sizes) == sizes.total());
  const sd::Table out = sd::read_table(path);
  check_sample(out, sizes);
  // The open-data layout: EventId, the 30 inputs, Weight, Label, KaggleSet, KaggleWeight.
  std::vector<std::string> header{"EventId"};
  const std::vector<std::string>& inputs = sd::higgsml_schema().columns;
  header.insert(header.end(), inputs.begin(), inputs.end());
  header.insert(header.end(), {"Weight", "Label", "KaggleSet", "KaggleWeight"});
  BOOST_TEST(sd::read_csv_header(path) == header, boost::test_tools::per_element());
  // The test sets are interleaved, not in blocks.
  std::size_t changes = 0;
  for (std::size_t r = sizes.train + 1; r < out.rows(); ++r) changes += out.set[r] != out.set[r - 1];
  BOOST_TEST(changes > 50u);
  // No temporary file is left behind.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(scratch.dir)) ++files;
  BOOST_TEST(files == 1u);
}

BOOST_AUTO_TEST_CASE(cycles_the_source_and_is_reproducible) {
  const sp::ScaleSampleSizes sizes{20000, 100, 300, 0};
  const sp::ScaleSample sample(source(), 7, sizes);
  BOOST_REQUIRE_EQUAL(sample.rows(), 20400u);
  sd::Table all;
  sample.fill(0, sample.rows(), all);
  check_sample(all, sizes);
  // A chunk equals the same rows of the whole; the same seed gives the same rows; another
  // seed moves them differently.
  sd::Table chunk, again, other;
  sample.fill(18000, 50, chunk);
  sp::ScaleSample(source(), 7, sizes).fill(18000, 50, again);
  sp::ScaleSample(source(), 8, sizes).fill(18000, 50, other);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < 50; ++i) {
    for (int c = 0; c < sd::kHiggsColumnCount; ++c) {
      BOOST_TEST_REQUIRE(same_bits(chunk.features[c][i], all.features[c][18000 + i]));
      BOOST_TEST_REQUIRE(same_bits(chunk.features[c][i], again.features[c][i]));
    }
    BOOST_TEST(chunk.weight[i] == all.weight[18000 + i]);
    differ += chunk.features[sd::PRI_tau_phi][i] != other.features[sd::PRI_tau_phi][i];
  }
  BOOST_TEST(differ > 45u);
  // Fill past the end is clipped.
  sample.fill(sample.rows() - 3, 10, chunk);
  BOOST_TEST(chunk.rows() == 3u);
}

BOOST_AUTO_TEST_CASE(bad_sizes_and_sources_are_config_errors) {
  const sp::ScaleSampleSizes parsed = sp::parse_scale_sample_sizes("200,100,300,20");
  BOOST_TEST(parsed.train == 200u);
  BOOST_TEST(parsed.public_test == 100u);
  BOOST_TEST(parsed.private_test == 300u);
  BOOST_TEST(parsed.unused == 20u);
  BOOST_TEST(sp::parse_scale_sample_sizes("250000,100000,450000,18238").total() == 818238u);
  BOOST_CHECK_THROW(sp::parse_scale_sample_sizes("1,2,3"), sieve::ConfigError);
  BOOST_CHECK_THROW(sp::parse_scale_sample_sizes("1,2,3,4,5"), sieve::ConfigError);
  BOOST_CHECK_THROW(sp::parse_scale_sample_sizes("1,-2,3,4"), sieve::ConfigError);
  BOOST_CHECK_THROW(sp::parse_scale_sample_sizes("1,2x,3,4"), sieve::ConfigError);
  BOOST_CHECK_THROW(sp::parse_scale_sample_sizes(""), sieve::ConfigError);
  // One 't' row holds one class only: it cannot be normalised to both totals.
  BOOST_CHECK_THROW(sp::ScaleSample(source(), 1, sp::ScaleSampleSizes{1, 0, 0, 0}), sieve::ConfigError);
  sd::Table unlabelled = source();
  unlabelled.label.clear();
  BOOST_CHECK_THROW(sp::ScaleSample(unlabelled, 1, sp::ScaleSampleSizes{10, 0, 0, 0}), sieve::ConfigError);
}

BOOST_AUTO_TEST_CASE(command_line_tool) {
  const fs::path tool = fs::path(SIEVE_BINARY_DIR) / "bin" / "sieve";
  if (!fs::exists(tool)) {
    BOOST_TEST_MESSAGE("no " << tool << ": the command-line check is skipped");
    return;
  }
  Scratch scratch;
  const fs::path out = scratch.dir / "small.csv";
  const std::string command = tool.string() + " make-scale-sample --from " + kOpen + " --out " +
                              out.string() + " --seed 3 --sizes 40,20,60,5 > /dev/null";
  BOOST_REQUIRE_EQUAL(std::system(command.c_str()), 0);
  const sd::Table table = sd::read_table(out.string());
  check_sample(table, sp::ScaleSampleSizes{40, 20, 60, 5});
  const std::string bad = tool.string() + " make-scale-sample --from " + kOpen + " --out " +
                          out.string() + " --seed 3 --sizes 40,20 2> /dev/null";
  BOOST_TEST(std::system(bad.c_str()) != 0);
}
