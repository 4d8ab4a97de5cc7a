// libFuzzer target: the CSV reader (sieve::data::CsvReader, read_csv_header) on any bytes,
// in every layout and reading mode. The first two bytes of an input choose the options,
// the rest is the file:
//   byte 0, bits 0-1: the mode: 0 = no schema and no columns (a HiggsML header, read
//                     with the preset), 1-2 = named columns without a schema (features
//                     only), 3 = the preset schema with two of its columns as the inputs
//           bit 2:    allow_extra_columns      bit 3: non_finite_as_missing
//           bit 4:    report-and-skip bad rows (on_bad_row)
//           bit 5:    also read the file gzip-compressed, which must give the same rows
//                     and the same errors
//           bits 6-7: rows per chunk: 1, 2, 7 or all
//   byte 1: max_line_bytes = 16 * (byte + 1)
// Any outcome other than rows that satisfy the documented invariants or a ConfigError is
// a finding: another exception type, a crash, a sanitizer report, a broken invariant.
#include "memory_file.hpp"

#include "sieve/data/csv_reader.hpp"
#include "sieve/data/higgs_columns.hpp"
#include "sieve/error.hpp"

#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using sieve::data::Table;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_csv_reader: invariant broken: %s\n", what);
  std::abort();
}
void require(bool ok, const char* what) {
  if (!ok) fail(what);
}

std::vector<std::string> all_columns() {
  std::vector<std::string> names = {"EventId"};
  for (auto n : sieve::data::kHiggsColumnNames) names.emplace_back(n);
  for (const char* n : {"Weight", "Label", "KaggleSet", "KaggleWeight"}) names.emplace_back(n);
  return names;
}

std::vector<std::string> column_set(int mode) {
  switch (mode) {
  case 1: return all_columns();
  case 2: return {"EventId", "DER_mass_MMC", "PRI_jet_num", "Weight", "x"};
  default: return {"PRI_tau_pt", "PRI_jet_num"};
  }
}

std::string gzip(std::string_view text) {
  z_stream s{};
  if (deflateInit2(&s, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) fail("deflateInit2");
  std::string out(deflateBound(&s, static_cast<uLong>(text.size())) + 32, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  s.avail_in = static_cast<uInt>(text.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  if (deflate(&s, Z_FINISH) != Z_STREAM_END) fail("deflate");
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

bool same_rows(const Table& a, const Table& b) {
  if (a.schema != b.schema || a.feature_names != b.feature_names || a.features.size() != b.features.size() ||
      a.role_columns != b.role_columns || a.other_weights.size() != b.other_weights.size())
    return false;
  for (std::size_t w = 0; w < a.other_weights.size(); ++w)
    if (!same_bits(a.other_weights[w], b.other_weights[w])) return false;
  for (std::size_t j = 0; j < a.features.size(); ++j)
    if (!same_bits(a.features[j], b.features[j])) return false;
  return same_bits(a.event_id, b.event_id) && same_bits(a.weight, b.weight) && same_bits(a.label, b.label) &&
         same_bits(a.set, b.set) && same_bits(a.line, b.line);
}

// The invariants of one chunk (csv_reader.hpp and table.hpp).
void check_chunk(const Table& t, const sieve::data::CsvReader& reader, const sieve::data::ReadOptions& options,
                 std::int64_t& last_line) {
  const std::size_t n = t.rows();
  require(options.schema || options.columns.empty() ? t.schema != nullptr : t.schema == nullptr,
          "a schema exactly when one was given or the header is HiggsML's");
  require(t.feature_names == reader.feature_names(), "feature names differ from the reader's");
  require(t.features.size() == t.feature_names.size(), "one feature column per name");
  for (const auto& column : t.features) require(column.size() == n, "feature column length");
  for (std::size_t size : {t.event_id.size(), t.weight.size(), t.label.size(), t.set.size()})
    require(size == 0 || size == n, "optional column length");
  for (const auto& w : t.other_weights) require(w.size() == n, "other weight column length");
  if (!t.schema) require(t.event_id.empty() && t.weight.empty() && t.label.empty() && t.set.empty() &&
                         t.other_weights.empty() && t.role_columns.empty(), "roles without a schema");
  for (std::int64_t line : t.line) {
    require(line > last_line && line >= 2, "line numbers increase from 2");
    last_line = line;
  }
  for (std::size_t j = 0; j < t.features.size(); ++j) {
    const bool preset = t.schema != nullptr;  // the only schema this target reads with
    const bool jets = preset && t.feature_names[j] == "PRI_jet_num";
    for (float x : t.features[j]) {
      require(!std::isinf(x), "an infinite feature value");
      if (preset) require(x != sieve::data::kUndefined, "-999 kept instead of NaN");
      if (jets) require(x == 0.0f || x == 1.0f || x == 2.0f || x == 3.0f, "PRI_jet_num outside 0..3");
    }
  }
  for (double w : t.weight) require(std::isfinite(w), "a non-finite weight");
  for (const auto& column : t.other_weights)
    for (double w : column) require(std::isfinite(w), "a non-finite other weight");
  for (auto l : t.label) require(l == 0 || l == 1, "a label other than 0 or 1");
  for (char s : t.set) require(s == 't' || s == 'b' || s == 'v' || s == 'u', "a bad set code");
  if (options.columns.empty())
    require(sieve::data::is_higgsml_header(reader.header()), "read without a schema: a HiggsML header");
}

struct Outcome {
  std::optional<std::string> error;  // the ConfigError message, the path replaced by "F"
  std::vector<Table> chunks;
  std::vector<std::string> header;
  std::vector<std::pair<std::int64_t, std::string>> skipped;
};

// Messages begin with the file's path; the two readings have different paths. (Only the
// leading one is replaced: the input itself may contain a path.)
std::string without_path(std::string message, const std::string& path) {
  if (message.starts_with(path)) message.replace(0, path.size(), "F");
  return message;
}

Outcome read(const std::string& path, sieve::data::ReadOptions options, std::size_t chunk) {
  Outcome out;
  const bool report = static_cast<bool>(options.on_bad_row);
  if (report)
    options.on_bad_row = [&out, &path](std::int64_t line, const std::string& message) {
      require(!message.empty(), "an empty bad-row message");
      require(out.skipped.empty() || line > out.skipped.back().first, "bad rows reported in line order");
      out.skipped.emplace_back(line, without_path(message, path));
    };
  try {
    sieve::data::CsvReader reader(path, options);
    out.header = reader.header();
    std::int64_t last_line = 1;
    std::size_t rows = 0;
    for (int guard = 0;; ++guard) {
      require(guard < 1 << 20, "next_chunk never ends");
      Table t;
      const bool more = reader.next_chunk(t, chunk);
      check_chunk(t, reader, options, last_line);
      require(t.rows() <= chunk, "a chunk larger than asked");
      rows += t.rows();
      require(reader.rows_read() == rows, "rows_read() counts the rows returned");
      require(reader.rows_skipped() == out.skipped.size(), "rows_skipped() counts the callbacks");
      if (!more) {
        require(t.rows() == 0, "rows returned with false");
        break;
      }
      require(report || t.rows() > 0, "true returned without rows");
      out.chunks.push_back(std::move(t));
    }
  } catch (const sieve::ConfigError& e) {
    require(std::strlen(e.what()) > 0, "an empty error message");
    out.error = without_path(e.what(), path);
  }
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static sieve::fuzz::MemoryFile plain("csv"), zipped("csv.gz");
  const std::uint8_t flags = data[0];
  sieve::data::ReadOptions options;
  const int mode = flags & 3;
  if (mode != 0) options.columns = column_set(mode);
  if (mode == 3) options.schema = std::make_shared<const sieve::data::Schema>(sieve::data::higgsml_schema());
  options.allow_extra_columns = (flags & 4) != 0;
  options.non_finite_as_missing = (flags & 8) != 0;
  if ((flags & 16) != 0) options.on_bad_row = [](std::int64_t, const std::string&) {};
  const bool also_gzip = (flags & 32) != 0;
  static constexpr std::size_t kChunks[] = {1, 2, 7, std::numeric_limits<std::size_t>::max()};
  const std::size_t chunk = kChunks[flags >> 6];
  options.max_line_bytes = 16 * (std::size_t{data[1]} + 1);
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);

  const std::string& path = plain.write(text.data(), text.size());
  const Outcome a = read(path, options, chunk);

  // read_csv_header agrees with the reader on every header the reader accepts.
  try {
    const std::vector<std::string> header = sieve::data::read_csv_header(path);
    if (!a.error) require(header == a.header, "read_csv_header differs from CsvReader::header");
  } catch (const sieve::ConfigError&) {
    require(a.error.has_value(), "read_csv_header rejects a header the reader accepts");
  }

  // (Text that itself starts with the gzip signature is read as gzip: no comparison.)
  if (also_gzip && !text.empty() && !text.starts_with("\x1f\x8b")) {
    const std::string packed = gzip(text);
    const std::string& zpath = zipped.write(packed.data(), packed.size());
    const Outcome b = read(zpath, options, chunk);
    if (a.error != b.error) {
      std::fprintf(stderr, "plain: %s\ngzip:  %s\n", a.error ? a.error->c_str() : "(no error)",
                   b.error ? b.error->c_str() : "(no error)");
      fail("gzip and plain reading fail differently");
    }
    require(a.skipped == b.skipped, "gzip and plain reading skip different rows");
    require(a.chunks.size() == b.chunks.size(), "gzip and plain reading give different chunks");
    for (std::size_t i = 0; i < a.chunks.size(); ++i)
      require(same_rows(a.chunks[i], b.chunks[i]), "gzip and plain reading give different rows");
  }
  return 0;
}
