#pragma once
// Writing per-event scores that arrive out of order (from concurrent framework streams
// or slots) as the CSV that `sieve score` writes, in input order: the event number under
// the name the job gives it (`sieve score` writes the schema's id column, or row), then
// score_<variation> for each variation, through data::CsvWriter (shortest round-trip
// numbers, temporary file renamed at commit, gzip for .gz names).
//
// add() may be called from any thread, once per entry 0, 1, 2, ...; entries that arrive
// early wait in memory until the ones before them are written, so memory is bounded by
// how far the concurrent producers run apart, not by the file. An entry whose scores are
// NaN (a skipped row) is left out of the file, as `sieve score --skip-bad-rows` does.
//
// Every 4,096 rows are formatted and written on a thread of its own while add() goes on
// (one table at a time, in order): done under add()'s lock, that (about a millisecond)
// kept the other streams waiting.
#include "sieve/data/csv_writer.hpp"
#include "sieve/spin_then_wait_mutex.hpp"

#include <cstdint>
#include <future>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace sieve::score {

// The header of a scores file: id_column, score_<name>...
std::vector<std::string> score_columns(const std::string& id_column, const std::vector<std::string>& variation_names);

class OrderedScoreWriter {
public:
  // Throws ConfigError for an empty id_column or no variations.
  OrderedScoreWriter(const std::string& path, const std::string& id_column, std::vector<std::string> variation_names);

  // The scores of one event (one value per variation).
  void add(std::uint64_t entry, std::int64_t event_id, std::span<const float> scores);
  // Writes what is buffered and renames the file into place. Throws ConfigError when an
  // entry before the last one added never arrived.
  void commit();
  // Rows given to the file so far (written, or being written until commit()).
  std::uint64_t rows_written() const;

private:
  // With mutex_ held: entry next_'s row to pending_; the early entries that follow it;
  // pending_ to the writing thread (after the table before it is written).
  void append(std::uint64_t entry, std::int64_t event_id, std::span<const float> scores);
  void flush_ready();
  void hand_off();

  mutable SpinThenWaitMutex mutex_;
  std::size_t variations_;
  data::CsvWriter writer_;
  data::Table pending_, writing_;  // in-order rows not yet written; the rows being written
  std::map<std::uint64_t, std::pair<std::int64_t, std::vector<float>>> early_;
  std::uint64_t next_ = 0, written_ = 0;
  std::future<void> write_;  // writing_ to writer_; declared after them, so destruction waits for it first
};

} // namespace sieve::score
