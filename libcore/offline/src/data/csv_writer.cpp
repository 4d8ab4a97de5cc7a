#include "sieve/data/csv_writer.hpp"

#include "atomic_file.hpp"
#include "byte_source.hpp"
#include "sieve/data/higgs_columns.hpp"
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

} // namespace

CsvColumns CsvColumns::of_layout(Layout layout) {
  if (layout == Layout::Generic)
    throw ConfigError("CsvColumns::of_layout: a generic layout has no fixed columns");
  CsvColumns c;
  c.event_id = true;
  for (std::string_view name : kHiggsColumnNames) c.features.emplace_back(name);
  c.weight = c.label = layout != Layout::KaggleTest;
  c.kaggle_set = c.kaggle_weight = layout == Layout::OpenData;
  return c;
}

CsvColumns CsvColumns::of_table(const Table& table) {
  CsvColumns c;
  if (table.layout != Layout::Generic) {
    c = of_layout(table.layout);
  } else {
    c.event_id = !table.event_id.empty();
    c.weight = !table.weight.empty();
    c.label = !table.label.empty();
    c.kaggle_set = !table.kaggle_set.empty();
    c.kaggle_weight = !table.kaggle_weight.empty();
  }
  c.features = table.feature_names;
  return c;
}

std::vector<std::string> CsvColumns::header() const {
  std::vector<std::string> names;
  if (event_id) names.push_back(event_id_name);
  names.insert(names.end(), features.begin(), features.end());
  if (weight) names.emplace_back("Weight");
  if (label) names.emplace_back("Label");
  if (kaggle_set) names.emplace_back("KaggleSet");
  if (kaggle_weight) names.emplace_back("KaggleWeight");
  return names;
}

struct CsvWriter::Impl {
  CsvColumns columns;
  std::vector<std::string> header;
  detail::AtomicFile file;
  std::optional<z_stream> zs;
  std::string text;               // formatted, not yet written
  std::vector<char> zbuf;         // deflate output
  std::size_t rows = 0;
  bool committed = false;

  Impl(const std::string& path, CsvColumns cols, const WriteOptions& options)
      : columns(std::move(cols)), header(columns.header()), file(path) {
    if (header.empty()) throw ConfigError(path + ": cannot write a CSV file without columns");
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
    auto need = [&](bool wanted, std::size_t size, const char* name) {
      if (wanted && size != n)
        fail(std::string(name) + " has " + std::to_string(size) + " values for " +
             std::to_string(n) + " rows");
    };
    need(columns.event_id, t.event_id.size(), columns.event_id_name.c_str());
    need(columns.weight, t.weight.size(), "Weight");
    need(columns.label, t.label.size(), "Label");
    need(columns.kaggle_set, t.kaggle_set.size(), "KaggleSet");
    need(columns.kaggle_weight, t.kaggle_weight.size(), "KaggleWeight");
  }

  void put_integer(std::int64_t value) {
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    text.append(buf, result.ptr);
  }

  // The shortest text that reads back to the same value, in the published style: an
  // integral value keeps a ".0" (as Python writes floats: "0.0", "-0.0", "35.0").
  template <class T> void put_real(T value) {
    char buf[64];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    text.append(buf, result.ptr);
    if (std::find_if(buf, result.ptr, [](char ch) { return ch == '.' || ch == 'e'; }) == result.ptr)
      text.append(".0");
  }

  void put_double(const Table& t, std::size_t i, const char* name, double value) {
    if (!std::isfinite(value))
      row_error(t, i, name, "value " + std::to_string(value) + " is not a finite number");
    put_real(value);
  }

  void write_rows(const Table& t) {
    check_shape(t);
    const std::size_t n = t.rows();
    std::size_t jet_num = t.features.size();
    for (std::size_t c = 0; c < t.features.size(); ++c)
      if (t.feature_names[c] == "PRI_jet_num") jet_num = c;
    for (std::size_t i = 0; i < n; ++i) {
      if (columns.event_id) {
        put_integer(t.event_id[i]);
        text.push_back(',');
      }
      for (std::size_t c = 0; c < t.features.size(); ++c) {
        const float v = t.features[c][i];
        if (c == jet_num) { // published as "0".."3"
          if (!(v >= 0.0f && v <= 3.0f && v == std::floor(v)))
            row_error(t, i, t.feature_names[c], "value is not an integer from 0 to 3");
          put_integer(static_cast<std::int64_t>(v));
        } else if (std::isnan(v)) {
          text.append("-999.0");
        } else if (std::isinf(v)) {
          row_error(t, i, t.feature_names[c],
                    "value is infinite; the CSV format has no infinite values");
        } else {
          put_real(v);
        }
        text.push_back(',');
      }
      if (columns.weight) {
        put_double(t, i, "Weight", t.weight[i]);
        text.push_back(',');
      }
      if (columns.label) {
        const std::int8_t l = t.label[i];
        if (l != 0 && l != 1)
          row_error(t, i, "Label", "label " + std::to_string(l) + " is neither 1 (s) nor 0 (b)");
        text.push_back(l == 1 ? 's' : 'b');
        text.push_back(',');
      }
      if (columns.kaggle_set) {
        const char s = t.kaggle_set[i];
        if (s != 't' && s != 'b' && s != 'v' && s != 'u')
          row_error(t, i, "KaggleSet", "set code " + std::to_string(static_cast<int>(s)) +
                                           " is not one of 't', 'b', 'v', 'u'");
        text.push_back(s);
        text.push_back(',');
      }
      if (columns.kaggle_weight) {
        put_double(t, i, "KaggleWeight", t.kaggle_weight[i]);
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
