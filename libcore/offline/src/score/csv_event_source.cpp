#include "sieve/score/csv_event_source.hpp"

#include <algorithm>
#include <future>
#include <memory>

namespace sieve::score {

namespace {
constexpr std::size_t kChunkRows = 4096;

data::ReadOptions read_options(const std::vector<std::string>& columns, const data::Schema& schema) {
  data::ReadOptions options;
  options.schema = std::make_shared<const data::Schema>(schema);
  options.columns = columns;
  return options;
}
} // namespace

CsvEventSource::CsvEventSource(const std::string& path, std::vector<std::string> columns, const data::Schema& schema,
                               long long max_events)
    : columns_(std::move(columns)), reader_(data::open_table_reader(path, read_options(columns_, schema))),
      max_events_(max_events) {
  const std::vector<std::string>& header = reader_->header();
  has_event_id_ =
      !schema.id_column.empty() && std::find(header.begin(), header.end(), schema.id_column) != header.end();
}

bool CsvEventSource::next(SourcedEvent& event) {
  const std::lock_guard lock(mutex_);
  if (max_events_ >= 0 && entry_ >= static_cast<std::uint64_t>(max_events_)) return false;
  if (position_ == chunk_.rows()) {
    if (ended_) return false;
    if (!reading_.valid()) read_ahead();  // the first chunk, or the one whose read failed
    if (!reading_.get()) {                // rethrows the reader's error
      ended_ = true;
      return false;
    }
    std::swap(chunk_, ahead_);
    position_ = 0;
    read_ahead();
  }
  const std::size_t width = columns_.size();
  event.entry = entry_;
  event.event_id = has_event_id_ ? chunk_.event_id[position_] : static_cast<std::int64_t>(entry_);
  event.inputs.columns = width;
  event.inputs.event_id = event.event_id;
  event.inputs.values.resize(width);
  for (std::size_t c = 0; c < width; ++c) event.inputs.values[c] = chunk_.features[c][position_];
  ++position_;
  ++entry_;
  return true;
}

void CsvEventSource::read_ahead() {
  reading_ = std::async(std::launch::async, [this] { return reader_->next_chunk(ahead_, kChunkRows); });
}

std::uint64_t CsvEventSource::events_read() const {
  const std::lock_guard lock(mutex_);
  return entry_;
}

} // namespace sieve::score
