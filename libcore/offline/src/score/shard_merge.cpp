#include "sieve/score/shard_merge.hpp"

#include "../data/byte_source.hpp"
#include "sieve/data/csv_writer.hpp"
#include "sieve/data/hdf5_reader.hpp"
#include "sieve/error.hpp"
#include "sieve/score/score_shard.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>

namespace sieve::score {

namespace {

constexpr std::int64_t kFirstDataLine = 2;  // line 1 is the header; data row r is on line r + 2

// The lines of a plain or gzip text file, without their line endings.
class LineReader {
public:
  explicit LineReader(const std::string& path) : path_(path), source_(data::detail::open_byte_source(path)) {}

  bool next(std::string& line) {
    line.clear();
    while (true) {
      if (pos_ == end_) {
        end_ = source_->read(buffer_.data(), buffer_.size());
        pos_ = 0;
        if (end_ == 0) {
          if (line.empty()) return false;
          break;  // a last line without its ending
        }
      }
      const char* begin = buffer_.data() + pos_;
      const auto* nl = static_cast<const char*>(std::memchr(begin, '\n', end_ - pos_));
      if (nl == nullptr) {
        line.append(begin, end_ - pos_);
        pos_ = end_;
        continue;
      }
      line.append(begin, static_cast<std::size_t>(nl - begin));
      pos_ += static_cast<std::size_t>(nl - begin) + 1;
      break;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }
  const std::string& path() const { return path_; }

private:
  std::string path_;
  std::unique_ptr<data::detail::ByteSource> source_;
  std::vector<char> buffer_ = std::vector<char>(std::size_t{1} << 20);
  std::size_t pos_ = 0, end_ = 0;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

} // namespace

ShardMergeResult merge_score_shards(const std::vector<std::string>& parts, const std::string& out) {
  if (parts.empty()) throw ConfigError("no shard files to merge");
  if (data::has_hdf5_suffix(out))
    throw ConfigError(out + ": merged scores are CSV, as the shards are (name it .csv or .csv.gz)");
  std::vector<ShardManifest> manifests;
  for (const auto& part : parts) manifests.push_back(verify_shard(part));

  const ShardManifest& first = manifests.front();
  const auto n = static_cast<std::size_t>(first.shard.count);
  std::vector<std::size_t> part_of(n, parts.size());
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const ShardManifest& m = manifests[p];
    auto differ = [&](const std::string& what) {
      return ConfigError(parts.front() + " and " + parts[p] + " are not shards of one run: " + what);
    };
    if (m.shard.count != first.shard.count)
      throw differ("shard " + first.shard.str() + " vs " + m.shard.str() + " (different shard counts)");
    if (m.input != first.input || m.input_bytes != first.input_bytes || m.data_rows != first.data_rows)
      throw differ("input " + first.input + " (" + std::to_string(first.input_bytes) + " bytes, " +
                   std::to_string(first.data_rows) + " rows) vs " + m.input + " (" + std::to_string(m.input_bytes) +
                   " bytes, " + std::to_string(m.data_rows) + " rows)");
    if (m.model_crc32 != first.model_crc32) throw differ("scored with different models");
    if (m.tta != first.tta) throw differ("TTA on in one, off in the other");
    if (m.columns != first.columns) throw differ("columns " + join(first.columns) + " vs " + join(m.columns));
    if (m.block_rows != first.block_rows)
      throw differ("block sizes " + std::to_string(first.block_rows) + " vs " + std::to_string(m.block_rows));
    auto& slot = part_of[static_cast<std::size_t>(m.shard.index)];
    if (slot != parts.size())
      throw ConfigError("shard " + m.shard.str() + " is given twice: " + parts[slot] + " and " + parts[p]);
    slot = p;
  }
  std::string missing;
  for (std::size_t s = 0; s < n; ++s)
    if (part_of[s] == parts.size()) {
      if (!missing.empty()) missing += ", ";
      missing += std::to_string(s) + "/" + std::to_string(n);
    }
  if (!missing.empty())
    throw ConfigError("shard" + std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing +
                      " missing: every shard 0/" + std::to_string(n) + " to " + std::to_string(n - 1) + "/" +
                      std::to_string(n) + " is needed");

  std::vector<LineReader> readers;
  readers.reserve(n);
  std::string line;
  for (std::size_t s = 0; s < n; ++s) {
    readers.emplace_back(parts[part_of[s]]);
    if (!readers.back().next(line) || line != join(first.columns))
      throw ConfigError(parts[part_of[s]] + ": its header is not '" + join(first.columns) + "' as its manifest says");
  }

  data::CsvColumns columns;
  columns.event_id = first.columns.front();
  columns.features.assign(first.columns.begin() + 1, first.columns.end());
  data::CsvWriter writer(out, columns);
  const bool row_ids = first.columns.front() == "row";
  std::vector<std::size_t> next_skipped(n, 0);
  std::vector<std::uint64_t> written(n, 0);
  ShardMergeResult result;
  result.shards = n;
  result.data_rows = first.data_rows;
  const std::uint64_t block = first.block_rows;
  for (std::uint64_t begin = 0, k = 0; begin < first.data_rows; begin += block, ++k) {
    const std::size_t s = k % n;
    const ShardManifest& m = manifests[part_of[s]];
    LineReader& reader = readers[s];
    const std::uint64_t end = std::min(first.data_rows, begin + block);
    for (std::uint64_t r = begin; r < end; ++r) {
      const std::int64_t file_line = static_cast<std::int64_t>(r) + kFirstDataLine;
      auto& skip = next_skipped[s];
      if (skip < m.skipped_lines.size() && m.skipped_lines[skip] == file_line) {
        result.skipped_lines.push_back(file_line);
        ++skip;
        continue;
      }
      if (!reader.next(line))
        throw ConfigError(reader.path() + ": ends after " + std::to_string(written[s]) + " rows, before data row " +
                          std::to_string(r) + " of its shard " + m.shard.str());
      if (row_ids && line.compare(0, line.find(','), std::to_string(r)) != 0)
        throw ConfigError(reader.path() + ": holds row " + line.substr(0, line.find(',')) + " where data row " +
                          std::to_string(r) + " belongs");
      writer.write_line(line);
      ++written[s];
      ++result.rows;
    }
  }
  for (std::size_t s = 0; s < n; ++s) {
    const ShardManifest& m = manifests[part_of[s]];
    if (readers[s].next(line) || written[s] != m.scored_rows)
      throw ConfigError(readers[s].path() + ": holds more rows than the " + std::to_string(written[s]) +
                        " its shard " + m.shard.str() + " of " + std::to_string(first.data_rows) + " data rows owns");
    if (next_skipped[s] != m.skipped_lines.size())
      throw ConfigError(readers[s].path() + ": its manifest lists skipped rows outside its shard or out of order");
  }
  writer.commit();
  return result;
}

} // namespace sieve::score
