#include "sieve/data/csv_reader.hpp"

#include "byte_source.hpp"
#include "read_roles.hpp"
#include "sieve/data/table_filling.hpp"
#include "sieve/error.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

namespace sieve::data {
namespace {

constexpr std::size_t kReadChunk = std::size_t{1} << 18;
constexpr std::size_t kQuoteLimit = 60;

enum class Kind : std::uint8_t { Skip, EventId, Weight, OtherWeight, Label, Set, Feature, Code };

struct ColumnPlan {
  Kind kind = Kind::Skip;
  std::uint32_t index = 0;     // into Table::features (Feature, Code) or Table::other_weights
  std::vector<float> missing;  // Feature: values read as missing
  const detail::CodeCheck* codes = nullptr;  // Code: what its cells must be (in Impl::roles)
};

// The offending text of a message, quoted and shortened. (Built with append: GCC 12
// warns falsely about "'" + std::string.)
std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(std::min(text.size(), kQuoteLimit) + 5);
  out.push_back('\'');
  out.append(text.substr(0, kQuoteLimit));
  if (text.size() > kQuoteLimit) out.append("...");
  out.push_back('\'');
  return out;
}

std::vector<std::string_view> split_commas(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      cells.push_back(line.substr(start));
      return cells;
    }
    cells.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

} // namespace

struct CsvReader::Impl {
  std::string path;
  ReadOptions options;
  std::unique_ptr<detail::ByteSource> source;
  std::vector<char> buffer;
  std::size_t begin = 0, end = 0, scanned = 0; // unread bytes are [begin, end)
  bool at_eof = false;
  std::int64_t line_no = 0;
  std::size_t rows_read = 0, rows_skipped = 0;
  std::vector<std::string> header;
  std::vector<std::string> feature_names;
  std::vector<ColumnPlan> plan; // one per header column
  OptionalColumns has;
  detail::ReadRoles roles;

  // plan = false: reads and checks the header line only (read_csv_header).
  Impl(const std::string& file, ReadOptions opts, bool plan_columns = true)
      : path(file), options(std::move(opts)) {
    if (options.max_line_bytes == 0) throw ConfigError(path + ": ReadOptions::max_line_bytes is 0");
    source = detail::open_byte_source(path);
    buffer.resize(options.max_line_bytes + 2 + kReadChunk);
    std::string_view line;
    if (!next_line(line)) throw ConfigError(path + ": empty file (no header line)");
    if (line.size() >= 3 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3); // BOM
    for (std::string_view cell : split_commas(line)) header.emplace_back(cell);
    check_duplicates();
    if (!plan_columns) return;
    if (!options.schema && options.columns.empty()) {
      if (!is_higgsml_header(header))
        throw ConfigError(path + " line 1: " + detail::not_a_higgsml_header(header) + ": " + detail::kGiveASchema);
      options.schema = detail::preset_schema();
    }
    if (options.schema)
      plan_schema(*options.schema);
    else
      plan_named_columns();
  }

  std::string where(std::size_t column) const {
    std::string text = path + " line " + std::to_string(line_no) + ", column " +
                       std::to_string(column + 1);
    if (column < header.size()) text += " (" + header[column] + ")";
    return text;
  }
  [[noreturn]] void cell_error(std::size_t column, const std::string& what) const {
    throw ConfigError(where(column) + ": " + what);
  }
  [[noreturn]] void line_error(const std::string& what) const {
    throw ConfigError(path + " line " + std::to_string(line_no) + ": " + what);
  }

  void check_duplicates() const {
    std::map<std::string_view, std::size_t> first;
    for (std::size_t j = 0; j < header.size(); ++j) {
      auto [it, fresh] = first.emplace(header[j], j);
      if (!fresh)
        cell_error(j, "column name " + quoted(header[j]) + " appears twice (first as column " +
                          std::to_string(it->second + 1) + ")");
    }
  }

  // Without a schema: exactly the listed columns, as features.
  void plan_named_columns() {
    std::map<std::string_view, std::size_t> wanted; // name -> feature index
    for (const std::string& name : options.columns) {
      if (!wanted.emplace(name, feature_names.size()).second)
        throw ConfigError(path + ": ReadOptions::columns names '" + name + "' twice");
      feature_names.push_back(name);
    }
    plan.resize(header.size());
    std::size_t found = 0;
    for (std::size_t j = 0; j < header.size(); ++j) {
      auto it = wanted.find(header[j]);
      if (it == wanted.end()) {
        if (!options.allow_extra_columns)
          cell_error(j, "unexpected column " + quoted(header[j]) +
                            " (set ReadOptions::allow_extra_columns to skip it)");
        continue;
      }
      ++found;
      plan[j].kind = Kind::Feature;
      plan[j].index = static_cast<std::uint32_t>(it->second);
    }
    if (found != options.columns.size()) {
      for (const std::string& name : options.columns)
        if (std::find(header.begin(), header.end(), name) == header.end()) {
          std::string names;
          for (const std::string& h : header) names.append(names.empty() ? "" : ", ").append(h);
          throw ConfigError(path + " line 1: missing column '" + name +
                            "'; the header has: " + names);
        }
    }
    note_present_columns();
  }

  void plan_schema(const Schema& s) {
    if (s.missing_nan) options.non_finite_as_missing = true;
    const std::vector<std::string>& inputs = options.columns.empty() ? s.columns : options.columns;
    for (const std::string& name : inputs)
      if (std::find(feature_names.begin(), feature_names.end(), name) != feature_names.end())
        throw ConfigError(path + ": the columns to read name '" + name + "' twice");
      else
        feature_names.push_back(name);
    roles = detail::ReadRoles(s, header);
    plan.resize(header.size());
    std::vector<bool> found(feature_names.size(), false);
    for (std::size_t j = 0; j < header.size(); ++j) {
      const std::string& h = header[j];
      const auto f = std::find(feature_names.begin(), feature_names.end(), h);
      if (f != feature_names.end()) {
        const auto k = static_cast<std::size_t>(f - feature_names.begin());
        plan[j].codes = roles.code_check(h);
        plan[j].kind = plan[j].codes ? Kind::Code : Kind::Feature;
        plan[j].index = static_cast<std::uint32_t>(k);
        plan[j].missing = s.sentinels(h);
        found[k] = true;
      } else if (h == s.id_column) {
        plan[j].kind = Kind::EventId;
      } else if (h == s.label_column) {
        plan[j].kind = Kind::Label;
      } else if (const std::optional<std::size_t> w = roles.weight_index(h)) {
        plan[j].kind = *w == 0 ? Kind::Weight : Kind::OtherWeight;
        plan[j].index = static_cast<std::uint32_t>(*w == 0 ? 0 : *w - 1);
      } else if (h == s.set_column) {
        plan[j].kind = Kind::Set;
      }
      if (plan[j].kind != Kind::Skip && plan[j].kind != Kind::Feature && plan[j].kind != Kind::Code)
        roles.role_columns.push_back(h);
    }
    std::string missing;
    for (std::size_t k = 0; k < feature_names.size(); ++k)
      if (!found[k]) missing.append(missing.empty() ? "" : ", ").append(feature_names[k]);
    if (!missing.empty())
      throw ConfigError(path + " line 1: the schema " + s.name + " (" + s.source + ") needs the column" +
                        (missing.find(',') == std::string::npos ? " " : "s ") + missing +
                        ", which the header does not have");
    note_present_columns();
  }

  void note_present_columns() {
    for (const ColumnPlan& p : plan) {
      has.event_id |= p.kind == Kind::EventId;
      has.weight |= p.kind == Kind::Weight;
      has.label |= p.kind == Kind::Label;
      has.set |= p.kind == Kind::Set;
    }
    has.other_weights = roles.weight_names.empty() ? 0 : roles.weight_names.size() - 1;
  }

  // --- lines -------------------------------------------------------------------------

  void refill() {
    if (begin > 0) { // move the unread bytes to the front
      std::memmove(buffer.data(), buffer.data() + begin, end - begin);
      scanned -= begin;
      end -= begin;
      begin = 0;
    }
    while (end < buffer.size()) {
      const std::size_t got = source->read(buffer.data() + end, buffer.size() - end);
      if (got == 0) {
        at_eof = true;
        return;
      }
      end += got;
      if (end - begin >= kReadChunk) return;
    }
  }

  // The next line without its line ending; false at the end of the data.
  bool next_line(std::string_view& line) {
    for (;;) {
      const char* base = buffer.data();
      const void* nl = std::memchr(base + scanned, '\n', end - scanned);
      if (nl != nullptr) {
        const std::size_t stop = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
        line = std::string_view(base + begin, stop - begin);
        begin = scanned = stop + 1;
        return finish_line(line);
      }
      scanned = end;
      if (end - begin > options.max_line_bytes + 1) too_long();
      if (at_eof) {
        if (begin == end) return false;
        line = std::string_view(base + begin, end - begin);
        begin = scanned = end;
        return finish_line(line);
      }
      refill();
    }
  }

  bool finish_line(std::string_view& line) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > options.max_line_bytes) {
      --line_no;
      too_long();
    }
    return true;
  }

  [[noreturn]] void too_long() const {
    throw ConfigError(path + " line " + std::to_string(line_no + 1) + ": line longer than " +
                      std::to_string(options.max_line_bytes) +
                      " bytes (ReadOptions::max_line_bytes); is this a CSV file?");
  }

  // --- cells -------------------------------------------------------------------------

  float parse_feature(std::size_t column, std::string_view cell) const {
    const std::vector<float>& missing = plan[column].missing;
    float value = 0.0f;
    const char* first = cell.data();
    const char* last = first + cell.size();
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ptr != last || ec == std::errc::invalid_argument)
      cell_error(column, "expected a number, found " + quoted(cell));
    if (ec == std::errc::result_out_of_range)
      cell_error(column, "number " + quoted(cell) + " is out of the range of a float");
    if (!std::isfinite(value)) {
      if (!options.non_finite_as_missing)
        cell_error(column, "expected a finite number, found " + quoted(cell) +
                               " (set ReadOptions::non_finite_as_missing to read it as missing)");
      return std::numeric_limits<float>::quiet_NaN();
    }
    for (const float m : missing)
      if (value == m) return std::numeric_limits<float>::quiet_NaN();
    return value;
  }

  // A categorical cell: one of the schema's codes.
  float parse_code(std::size_t column, const detail::CodeCheck& check, std::string_view cell) const {
    double value = 0.0;
    const char* first = cell.data();
    const char* last = first + cell.size();
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ptr != last || ec != std::errc{} || !check.holds(value))
      cell_error(column, "expected " + check.text + ", found " + quoted(cell));
    return value == 0.0 ? 0.0f : static_cast<float>(value); // "-0" is code 0 too
  }

  double parse_weight(std::size_t column, std::string_view cell) const {
    double value = 0.0;
    const char* first = cell.data();
    const char* last = first + cell.size();
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ptr != last || ec == std::errc::invalid_argument)
      cell_error(column, "expected a number, found " + quoted(cell));
    if (ec == std::errc::result_out_of_range)
      cell_error(column, "number " + quoted(cell) + " is out of the range of a double");
    if (!std::isfinite(value)) cell_error(column, "expected a finite number, found " + quoted(cell));
    return value;
  }

  std::int64_t parse_event_id(std::size_t column, std::string_view cell) const {
    std::int64_t value = 0;
    const char* first = cell.data();
    const char* last = first + cell.size();
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ptr != last || ec != std::errc{})
      cell_error(column, "expected an integer event id, found " + quoted(cell));
    return value;
  }

  // A label cell: the signal or background value (compared as numbers when both are).
  std::int8_t parse_label(std::size_t column, std::string_view cell) const {
    const std::string_view signal = options.schema->signal_value;
    const std::string_view background = options.schema->background_value;
    if (cell == signal) return 1;
    if (cell == background) return 0;
    const auto number = [](std::string_view s, double& v) {
      const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      return ec == std::errc{} && ptr == s.data() + s.size();
    };
    double c = 0.0, v = 0.0;
    if (number(cell, c)) {
      if (number(signal, v) && c == v) return 1;
      if (number(background, v) && c == v) return 0;
    }
    cell_error(column, "expected " + quoted(signal) + " or " + quoted(background) + ", found " + quoted(cell));
  }

  // A set cell as the Table stores it: 't', 'b', 'v' or 'u'.
  char parse_set(std::size_t column, std::string_view cell) const {
    for (const auto& [value, code] : roles.set_values)
      if (cell == value) return code;
    cell_error(column, "expected one of the set values " + roles.set_values_text + ", found " + quoted(cell));
  }

  void parse_row(std::string_view line, Table& t) const {
    const std::size_t n = plan.size();
    if (line.empty())
      line_error("empty line, expected " + std::to_string(n) + (n == 1 ? " value" : " values"));
    const char* p = line.data();
    const char* const e = p + line.size();
    for (std::size_t j = 0; j < n; ++j) {
      const char* comma =
          static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(e - p)));
      const char* cell_end = comma != nullptr ? comma : e;
      const std::string_view cell(p, static_cast<std::size_t>(cell_end - p));
      const ColumnPlan& c = plan[j];
      switch (c.kind) {
      case Kind::Feature: t.features[c.index].push_back(parse_feature(j, cell)); break;
      case Kind::Code: t.features[c.index].push_back(parse_code(j, *c.codes, cell)); break;
      case Kind::Weight: t.weight.push_back(parse_weight(j, cell)); break;
      case Kind::OtherWeight: t.other_weights[c.index].push_back(parse_weight(j, cell)); break;
      case Kind::EventId: t.event_id.push_back(parse_event_id(j, cell)); break;
      case Kind::Label: t.label.push_back(parse_label(j, cell)); break;
      case Kind::Set: t.set.push_back(parse_set(j, cell)); break;
      case Kind::Skip: break;
      }
      if (j + 1 < n) {
        if (comma == nullptr)
          cell_error(j + 1, "missing value: the row has " + std::to_string(j + 1) +
                                (j == 0 ? " value" : " values") + ", the header has " +
                                std::to_string(n));
        p = comma + 1;
      } else if (comma != nullptr) {
        const std::string_view rest(comma + 1, static_cast<std::size_t>(e - comma - 1));
        cell_error(n, "unexpected extra value " + quoted(rest.substr(0, rest.find(','))) +
                          ": the header has " + std::to_string(n) + " columns");
      }
    }
    t.line.push_back(line_no);
  }

  void reset(Table& t, std::size_t reserve) const {
    t.source = path;
    t.counts_rows = false;
    t.schema = options.schema;
    t.feature_names = feature_names;
    t.role_columns = roles.role_columns;
    t.features.resize(feature_names.size());
    clear_rows(t, has, reserve);
  }
};

CsvReader::CsvReader(const std::string& path, ReadOptions options)
    : impl_(std::make_unique<Impl>(path, std::move(options))) {}
CsvReader::~CsvReader() = default;
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;

const std::string& CsvReader::path() const { return impl_->path; }
const std::vector<std::string>& CsvReader::header() const { return impl_->header; }
const std::vector<std::string>& CsvReader::feature_names() const { return impl_->feature_names; }
std::size_t CsvReader::rows_read() const { return impl_->rows_read; }
std::size_t CsvReader::rows_skipped() const { return impl_->rows_skipped; }
std::string CsvReader::where(std::int64_t line) const { return impl_->path + " line " + std::to_string(line); }

bool CsvReader::next_chunk(Table& out, std::size_t max_rows) {
  Impl& im = *impl_;
  if (max_rows == 0) throw ConfigError(im.path + ": CsvReader::next_chunk asked for 0 rows");
  im.reset(out, max_rows <= (std::size_t{1} << 20) ? max_rows : 0);
  std::size_t rows = 0;
  std::string_view line;
  if (!im.options.on_bad_row) { // the normal path: the first bad cell throws
    while (rows < max_rows && im.next_line(line)) {
      im.parse_row(line, out);
      ++rows;
    }
    im.rows_read += rows;
    return rows > 0;
  }
  std::size_t lines = 0;
  while (lines < max_rows && im.next_line(line)) {
    ++lines;
    try {
      im.parse_row(line, out);
      ++rows;
    } catch (const ConfigError& error) {
      drop_partial_row(out);
      ++im.rows_skipped;
      im.options.on_bad_row(im.line_no, error.what());
    }
  }
  im.rows_read += rows;
  return lines > 0;
}

std::vector<std::string> read_csv_header(const std::string& path) {
  return CsvReader::Impl(path, ReadOptions{}, false).header;
}

} // namespace sieve::data
