#pragma once
// Events of an ntuple (CSV or HDF5, sieve/data/table_reader.hpp) handed out one at a time, for the framework demos' input
// sources: each call gives the next row as one event (one object) with its event id and
// its 0-based entry number in the file. Reading is in chunks (bounded memory: two of 4,096
// rows); calls are serialised by a mutex (one that spins briefly before it sleeps: a
// framework's streams collide on it every few events), so any number of framework streams or
// slots may pull events, as a framework's source is called one event at a time.
//
// The next chunk is parsed on a thread of its own while the current one is handed out (as
// ROOT reads ahead for a framework's source). Parsed under the caller's lock, which the
// frameworks also hold around their source, a chunk (a few milliseconds) kept every other
// stream waiting once per 4,096 events.
#include "sieve/data/table_reader.hpp"
#include "sieve/data/schema.hpp"
#include "sieve/score/event_products.hpp"
#include "sieve/spin_then_wait_mutex.hpp"

#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sieve::score {

struct SourcedEvent {
  std::uint64_t entry = 0;   // 0-based data row of the file
  std::int64_t event_id = 0; // the schema's id column, or the entry when there is none
  EventInputs inputs;        // one object: the row in the order of `columns`
};

class CsvEventSource {
public:
  // Reads `columns` (a row layout, e.g. a model's raw columns) of a CSV or HDF5 file as `schema`
  // (the model's) says, as `sieve score` reads it: its sentinels become NaN, and its id
  // column, when the file has one, gives the event ids (else the entry numbers do); other
  // columns are skipped. Throws ConfigError for an unreadable file or missing columns.
  // max_events < 0: every row.
  CsvEventSource(const std::string& path, std::vector<std::string> columns, const data::Schema& schema,
                 long long max_events = -1);

  // The next event, or false at the end (or after max_events). Throws ConfigError for a
  // row the reader rejects (file, line, column, text), from the call that needs its chunk.
  bool next(SourcedEvent& event);
  std::uint64_t events_read() const;

private:
  void read_ahead();  // starts parsing the next chunk into ahead_

  mutable SpinThenWaitMutex mutex_;
  std::vector<std::string> columns_;
  bool has_event_id_ = false;
  std::unique_ptr<data::TableReader> reader_;
  data::Table chunk_, ahead_;
  // ahead_ being read (false: the file has ended); declared after reader_ and ahead_, so that
  // destruction waits for it before they go.
  std::future<bool> reading_;
  bool ended_ = false;
  std::size_t position_ = 0;
  std::uint64_t entry_ = 0;
  long long max_events_;
};

} // namespace sieve::score
