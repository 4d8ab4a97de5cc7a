#include "sieve/score/ordered_score_writer.hpp"

#include "sieve/error.hpp"

#include <cmath>

namespace sieve::score {

namespace {
constexpr std::size_t kRowsPerWrite = 4096;

data::CsvColumns columns_of(const std::string& id_column, const std::vector<std::string>& variation_names) {
  if (id_column.empty()) throw ConfigError("a scores file needs a name for its event-number column");
  data::CsvColumns columns;
  columns.event_id = id_column;
  for (const auto& name : variation_names) columns.features.push_back("score_" + name);
  return columns;
}
} // namespace

std::vector<std::string> score_columns(const std::string& id_column,
                                       const std::vector<std::string>& variation_names) {
  return columns_of(id_column, variation_names).header();
}

OrderedScoreWriter::OrderedScoreWriter(const std::string& path, const std::string& id_column,
                                       std::vector<std::string> variation_names)
    : variations_(variation_names.size()), writer_(path, columns_of(id_column, variation_names)) {
  if (variations_ == 0) throw ConfigError("a scores file needs at least one variation");
  pending_.feature_names = columns_of(id_column, variation_names).features;
  pending_.features.resize(variations_);
}

void OrderedScoreWriter::add(std::uint64_t entry, std::int64_t event_id, std::span<const float> scores) {
  if (scores.size() != variations_)
    throw InputError("entry " + std::to_string(entry) + ": " + std::to_string(scores.size()) + " scores for " +
                     std::to_string(variations_) + " variations");
  const std::lock_guard lock(mutex_);
  if (entry < next_ || early_.contains(entry))
    throw InputError("entry " + std::to_string(entry) + " was already written");
  early_.emplace(entry, std::pair{event_id, std::vector<float>(scores.begin(), scores.end())});
  flush_ready();
}

void OrderedScoreWriter::flush_ready() {
  for (auto it = early_.begin(); it != early_.end() && it->first == next_; it = early_.erase(it), ++next_) {
    const auto& [event_id, scores] = it->second;
    if (std::isnan(scores.front())) continue;  // a skipped row
    pending_.event_id.push_back(event_id);
    pending_.line.push_back(static_cast<std::int64_t>(it->first));
    for (std::size_t v = 0; v < variations_; ++v) pending_.features[v].push_back(scores[v]);
  }
  if (pending_.rows() >= kRowsPerWrite) write_table();
}

void OrderedScoreWriter::write_table() {
  writer_.write(pending_);
  written_ += pending_.rows();
  pending_.event_id.clear();
  pending_.line.clear();
  for (auto& column : pending_.features) column.clear();
}

void OrderedScoreWriter::commit() {
  const std::lock_guard lock(mutex_);
  if (!early_.empty())
    throw ConfigError("scores of entry " + std::to_string(next_) + " never arrived (entries up to " +
                      std::to_string(early_.rbegin()->first) + " did)");
  write_table();
  writer_.commit();
}

std::uint64_t OrderedScoreWriter::rows_written() const {
  const std::lock_guard lock(mutex_);
  return written_;
}

} // namespace sieve::score
