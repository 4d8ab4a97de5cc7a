#include "sieve/data/csv_writer.hpp"

#include "atomic_file.hpp"
#include "byte_source.hpp"
#include "read_roles.hpp"
#include "sieve/error.hpp"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

namespace sieve::data {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

// The shortest text that reads back to the same value, in the published style: an
// integral value keeps a ".0" (as Python writes floats: "0.0", "-0.0", "35.0").
template <class T> void append_real(std::string& text, T value) {
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  text.append(buf, result.ptr);
  if (std::find_if(buf, result.ptr, [](char ch) { return ch == '.' || ch == 'e'; }) == result.ptr)
    text.append(".0");
}

std::string real_text(float value) {
  std::string text;
  append_real(text, value);
  return text;
}

enum class RoleKind : std::uint8_t { Label, Set, Weight, OtherWeight };

struct Role {
  std::string name;
  RoleKind kind = RoleKind::Weight;
  std::size_t index = 0;  // OtherWeight: into Table::other_weights
};

// What each of `names` is in `schema` (weights: as `weights` orders them).
std::vector<Role> roles_of(const Schema& schema, const std::vector<std::string>& names,
                           const detail::ReadRoles& weights, const std::string& path) {
  std::vector<Role> out;
  for (const std::string& name : names) {
    Role r{name};
    if (name == schema.label_column) {
      r.kind = RoleKind::Label;
    } else if (name == schema.set_column) {
      r.kind = RoleKind::Set;
    } else if (const std::optional<std::size_t> w = weights.weight_index(name)) {
      r.kind = *w == 0 ? RoleKind::Weight : RoleKind::OtherWeight;
      r.index = *w == 0 ? 0 : *w - 1;
    } else {
      throw ConfigError(path + ": column " + name + " is not the label, set or a weight column of the schema " +
                        schema.name);
    }
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace

CsvColumns CsvColumns::of_table(const Table& table) {
  CsvColumns c;
  c.features = table.feature_names;
  if (!table.schema) return c;
  const Schema& s = *table.schema;
  c.schema = table.schema;
  if (table.role_columns.empty()) {  // a table built in code
    if (!table.event_id.empty()) c.event_id = s.id_column;
    if (!table.label.empty()) c.roles.push_back(s.label_column);
    if (!table.set.empty()) c.roles.push_back(s.set_column);
    if (!table.weight.empty() && !s.weight_columns.empty()) c.roles.push_back(s.weight_columns.front());
    return c;
  }
  for (const std::string& name : table.role_columns)
    if (name == s.id_column)
      c.event_id = name;
    else
      c.roles.push_back(name);
  return c;
}

std::vector<std::string> CsvColumns::header() const {
  std::vector<std::string> names;
  if (!event_id.empty()) names.push_back(event_id);
  names.insert(names.end(), features.begin(), features.end());
  names.insert(names.end(), roles.begin(), roles.end());
  return names;
}

struct CsvWriter::Impl {
  CsvColumns columns;
  std::vector<std::string> header;
  detail::ReadRoles schema_roles;    // the weights, set values and categorical codes of the schema
  std::vector<Role> roles;           // what columns.roles are
  std::vector<bool> categorical;     // per feature column: one of the schema's categorical columns
  std::vector<std::string> missing;  // per feature column: what a missing value is written as
  detail::AtomicFile file;
  std::optional<z_stream> zs;
  std::string text;               // formatted, not yet written
  std::vector<char> zbuf;         // deflate output
  std::size_t rows = 0;
  bool committed = false;

  Impl(const std::string& path, CsvColumns cols, const WriteOptions& options)
      : columns(std::move(cols)), header(columns.header()), file(path) {
    if (header.empty()) throw ConfigError(path + ": cannot write a CSV file without columns");
    if (!columns.roles.empty() && !columns.schema)
      throw ConfigError(path + ": column " + columns.roles.front() +
                        " is a label, set or weight column, which only a schema says (CsvColumns::schema)");
    if (columns.schema) {
      schema_roles = detail::ReadRoles(*columns.schema, columns.roles);
      roles = roles_of(*columns.schema, columns.roles, schema_roles, path);
    }
    for (const std::string& name : columns.features) {
      categorical.push_back(columns.schema && std::any_of(columns.schema->categoricals.begin(),
                                                          columns.schema->categoricals.end(),
                                                          [&](const CategoricalSpec& c) { return c.column == name; }));
      const std::vector<float>* sentinels = columns.schema ? &columns.schema->sentinels(name) : nullptr;
      missing.push_back(sentinels && !sentinels->empty() ? real_text((*sentinels)[0]) : std::string("nan"));
    }
    if (detail::has_gz_suffix(path)) {
      if (options.gzip_level < 1 || options.gzip_level > 9)
        throw ConfigError(path + ": WriteOptions::gzip_level must be 1..9, not " +
                          std::to_string(options.gzip_level));
      zs.emplace();
      *zs = z_stream{};
      if (deflateInit2(&*zs, options.gzip_level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        zs.reset();
        throw ConfigError(path + ": cannot initialise zlib");
      }
      zbuf.resize(std::size_t{1} << 18);
    }
    text.reserve(kFlushBytes + 4096);
    for (std::size_t j = 0; j < header.size(); ++j) {
      if (j > 0) text.push_back(',');
      text += header[j];
    }
    text.push_back('\n');
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (zs) deflateEnd(&*zs);
  }

  void emit(int flush) {
    if (!zs) {
      file.write(text.data(), text.size());
      text.clear();
      return;
    }
    zs->next_in = reinterpret_cast<Bytef*>(text.data());
    zs->avail_in = static_cast<uInt>(text.size());
    for (;;) {
      zs->next_out = reinterpret_cast<Bytef*>(zbuf.data());
      zs->avail_out = static_cast<uInt>(zbuf.size());
      const int rc = deflate(&*zs, flush);
      if (rc == Z_STREAM_ERROR) throw ConfigError(file.path() + ": zlib deflate failed");
      file.write(zbuf.data(), zbuf.size() - zs->avail_out);
      if (flush == Z_FINISH ? rc == Z_STREAM_END : zs->avail_out != 0) break;
    }
    text.clear();
  }

  [[noreturn]] void row_error(const Table& t, std::size_t i, const std::string& column,
                              const std::string& what) const {
    std::string where = file.path() + ": cannot write row " + std::to_string(i + 1);
    if (i < t.line.size() && !t.source.empty()) where += " (" + t.where(i) + ")";
    throw ConfigError(where + ", column " + column + ": " + what);
  }

  void check_shape(const Table& t) const {
    const std::size_t n = t.rows();
    const std::string from = t.source.empty() ? std::string("a table") : t.source;
    auto fail = [&](const std::string& what) {
      throw ConfigError(file.path() + ": cannot write the rows of " + from + ": " + what);
    };
    if (t.feature_names != columns.features)
      fail("its feature columns are not the " + std::to_string(columns.features.size()) +
           " columns of the file being written");
    if (t.features.size() != t.feature_names.size()) fail("it has fewer feature columns than names");
    for (std::size_t c = 0; c < t.features.size(); ++c)
      if (t.features[c].size() != n)
        fail("column " + t.feature_names[c] + " has " + std::to_string(t.features[c].size()) +
             " values for " + std::to_string(n) + " rows");
    auto need = [&](const std::string& name, std::size_t size) {
      if (!name.empty() && size != n)
        fail(name + " has " + std::to_string(size) + " values for " + std::to_string(n) + " rows");
    };
    need(columns.event_id, t.event_id.size());
    for (const Role& r : roles) {
      if (r.kind == RoleKind::OtherWeight && r.index >= t.other_weights.size())
        fail("it has " + std::to_string(t.other_weights.size()) + " other weight columns, so none for " + r.name);
      need(r.name, r.kind == RoleKind::Label         ? t.label.size()
                   : r.kind == RoleKind::Set         ? t.set.size()
                   : r.kind == RoleKind::Weight      ? t.weight.size()
                                                     : t.other_weights[r.index].size());
    }
  }

  void put_integer(std::int64_t value) {
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    text.append(buf, result.ptr);
  }

  void put_double(const Table& t, std::size_t i, const std::string& name, double value) {
    if (!std::isfinite(value))
      row_error(t, i, name, "value " + std::to_string(value) + " is not a finite number");
    append_real(text, value);
  }

  void put_role(const Table& t, std::size_t i, const Role& r) {
    switch (r.kind) {
    case RoleKind::Weight: put_double(t, i, r.name, t.weight[i]); break;
    case RoleKind::OtherWeight: put_double(t, i, r.name, t.other_weights[r.index][i]); break;
    case RoleKind::Label: {
      const std::int8_t l = t.label[i];
      if (l != 0 && l != 1)
        row_error(t, i, r.name, "label " + std::to_string(l) + " is neither 1 (signal) nor 0 (background)");
      text.append(l == 1 ? columns.schema->signal_value : columns.schema->background_value);
      break;
    }
    case RoleKind::Set: {
      const char code = t.set[i];
      const auto known = std::find_if(schema_roles.set_values.begin(), schema_roles.set_values.end(),
                                      [code](const auto& v) { return v.second == code; });
      if (known == schema_roles.set_values.end())
        row_error(t, i, r.name, "set code " + std::to_string(static_cast<int>(code)) +
                                    " is not one of the schema's sets " + schema_roles.set_values_text);
      text.append(known->first);
      break;
    }
    }
  }

  // A categorical code: an integer when it is integral (as the published files have it).
  void put_code(const Table& t, std::size_t i, std::size_t c, float v) {
    if (const detail::CodeCheck* check = schema_roles.code_check(t.feature_names[c]); check && !check->holds(v))
      row_error(t, i, t.feature_names[c], "value is not " + check->text);
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.0e15f)
      put_integer(static_cast<std::int64_t>(v));
    else if (std::isnan(v))
      text.append(missing[c]);
    else
      append_real(text, v);
  }

  void write_rows(const Table& t) {
    check_shape(t);
    const std::size_t n = t.rows();
    for (std::size_t i = 0; i < n; ++i) {
      if (!columns.event_id.empty()) {
        put_integer(t.event_id[i]);
        text.push_back(',');
      }
      for (std::size_t c = 0; c < t.features.size(); ++c) {
        const float v = t.features[c][i];
        if (categorical[c]) {
          put_code(t, i, c, v);
        } else if (std::isnan(v)) {
          text.append(missing[c]);
        } else if (std::isinf(v)) {
          row_error(t, i, t.feature_names[c],
                    "value is infinite; the CSV format has no infinite values");
        } else {
          append_real(text, v);
        }
        text.push_back(',');
      }
      for (const Role& r : roles) {
        put_role(t, i, r);
        text.push_back(',');
      }
      text.back() = '\n';
      ++rows;
      if (text.size() >= kFlushBytes) emit(Z_NO_FLUSH);
    }
  }
};

CsvWriter::CsvWriter(const std::string& path, CsvColumns columns, WriteOptions options)
    : impl_(std::make_unique<Impl>(path, std::move(columns), options)) {}
CsvWriter::~CsvWriter() = default;
CsvWriter::CsvWriter(CsvWriter&&) noexcept = default;
CsvWriter& CsvWriter::operator=(CsvWriter&&) noexcept = default;

void CsvWriter::write(const Table& rows) {
  if (impl_->committed) throw ConfigError(impl_->file.path() + ": write after commit");
  impl_->write_rows(rows);
}

void CsvWriter::write_line(std::string_view line) {
  Impl& im = *impl_;
  if (im.committed) throw ConfigError(im.file.path() + ": write after commit");
  im.text.append(line);
  im.text.push_back('\n');
  ++im.rows;
  if (im.text.size() >= kFlushBytes) im.emit(Z_NO_FLUSH);
}

void CsvWriter::commit() {
  Impl& im = *impl_;
  if (im.committed) return;
  im.emit(Z_FINISH);
  im.file.commit();
  im.committed = true;
}

std::size_t CsvWriter::rows_written() const { return impl_->rows; }
const std::string& CsvWriter::path() const { return impl_->file.path(); }

void write_table(const std::string& path, const Table& table, const WriteOptions& options) {
  CsvWriter writer(path, CsvColumns::of_table(table), options);
  writer.write(table);
  writer.commit();
}

} // namespace sieve::data
