#include "sieve/score/ordered_score_writer.hpp"

#include "sieve/error.hpp"

#include <cmath>
#include <future>
#include <utility>

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
void clear_rows(data::Table& t) {
  t.event_id.clear();
  t.line.clear();
  for (auto& column : t.features) column.clear();
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
  writing_ = pending_;
}

void OrderedScoreWriter::add(std::uint64_t entry, std::int64_t event_id, std::span<const float> scores) {
  if (scores.size() != variations_)
    throw InputError("entry " + std::to_string(entry) + ": " + std::to_string(scores.size()) + " scores for " +
                     std::to_string(variations_) + " variations");
  const std::lock_guard lock(mutex_);
  if (entry < next_ || early_.contains(entry))
    throw InputError("entry " + std::to_string(entry) + " was already written");
  if (entry != next_) {
    early_.emplace(entry, std::pair{event_id, std::vector<float>(scores.begin(), scores.end())});
    return;
  }
  append(entry, event_id, scores);
  flush_ready();
}

void OrderedScoreWriter::append(std::uint64_t entry, std::int64_t event_id, std::span<const float> scores) {
  ++next_;
  if (std::isnan(scores.front())) return;  // a skipped row
  pending_.event_id.push_back(event_id);
  pending_.line.push_back(static_cast<std::int64_t>(entry));
  for (std::size_t v = 0; v < variations_; ++v) pending_.features[v].push_back(scores[v]);
}

void OrderedScoreWriter::flush_ready() {
  for (auto it = early_.begin(); it != early_.end() && it->first == next_; it = early_.erase(it))
    append(it->first, it->second.first, it->second.second);
  if (pending_.rows() >= kRowsPerWrite) hand_off();
}

void OrderedScoreWriter::hand_off() {
  if (write_.valid()) write_.get();  // the table before (rethrows its error)
  std::swap(pending_, writing_);
  clear_rows(pending_);
  written_ += writing_.rows();
  write_ = std::async(std::launch::async, [this] { writer_.write(writing_); });
}

void OrderedScoreWriter::commit() {
  const std::lock_guard lock(mutex_);
  if (!early_.empty())
    throw ConfigError("scores of entry " + std::to_string(next_) + " never arrived (entries up to " +
                      std::to_string(early_.rbegin()->first) + " did)");
  if (write_.valid()) write_.get();
  writer_.write(pending_);
  written_ += pending_.rows();
  clear_rows(pending_);
  writer_.commit();
}

std::uint64_t OrderedScoreWriter::rows_written() const {
  const std::lock_guard lock(mutex_);
  return written_;
}

} // namespace sieve::score
