#pragma once
// Scoring an ntuple file: the standalone scorer behind `sieve score`.
//
// Reads any CSV or HDF5 table holding the model's raw columns by name (the HiggsML
// layouts included; other columns are skipped unread; sieve/data/table_reader.hpp),
// streams it in chunks with bounded memory, scores the chunks in parallel and writes, in
// input order, one line per event:
//   EventId (or `row`, the 0-based data row, when the file has no EventId),
//   score_<variation> for every variation, then spread_<variation> when asked,
// through a temporary file renamed at the end: CSV (data::CsvWriter: shortest round-trip
// numbers, gzip when the output name ends in .gz) or, when the name ends in .h5 (.hdf5,
// .he5, .hdf), HDF5 (data::Hdf5Writer: one dataset per column, the ids as int64, the
// scores as float32, chunked and compressed).
//
// The flow is a TBB pipeline with a bounded number of chunks in flight: a serial, in-order
// reader stage (TableReader::next_chunk), a parallel stage that cuts a chunk into blocks
// scored concurrently, each thread with its own ScorerWorkspace, and a serial, in-order
// writer stage. Memory is at most max_chunks_in_flight chunks of chunk_rows rows plus
// one workspace per thread, whatever the file's size.
//
// Deterministic: blocks are fixed runs of data rows (rows [k B, (k + 1) B) for a block
// size B that is a multiple of the Scorer's pass), and chunk_rows is rounded up to whole
// blocks, so every event is scored in the same company whatever the thread count and
// chunk size: the output is bit-identical for any `threads` and `chunk_rows`, and equal to
// a single Scorer::score call over all rows when no row is skipped. (A later row slice,
// e.g. a shard of the input, only has to select whole blocks to keep this.)
//
// Bad rows. By default the first row the reader cannot read stops the run with the
// reader's message (file, line or row, column, text) as ConfigError, and a row the Scorer
// rejects stops it with InputError naming the file line (the row of an HDF5 table); no output file is left behind
// (an existing one is left as it was). With skip_bad_rows, both kinds are skipped and
// counted instead, never scored as something else, and listed (line and reason) in
// bad_rows_log when given.
#include "sieve/ensemble/model.hpp"
#include "sieve/score/scorer.hpp"
#include "sieve/score/shard_spec.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sieve::score {

struct FileScoreProgress {
  std::size_t events = 0;  // events written so far
  std::size_t bad_rows = 0;
  double seconds = 0.0;    // since the start of the run
};

struct FileScoreOptions {
  ScorerOptions scorer;           // variations (empty: nominal), TTA, soft-MET seed
  bool spread = false;            // also write spread_<variation> (needs TTA)
  int threads = 0;                // worker threads; 0: all cores
  std::size_t chunk_rows = 65536; // data rows per chunk, rounded up to whole blocks
  int max_chunks_in_flight = 0;   // chunks alive at once; 0: 2 + min(threads, 2)
  bool skip_bad_rows = false;
  std::string bad_rows_log;       // skip mode: write "<line>\t<reason>" per skipped row (HDF5: the row)
  std::size_t bad_lines_kept = 20; // skipped line numbers kept in the result
  // Called from the writer stage after a chunk is written, at most every
  // progress_interval seconds (and not at the end: the result is the summary).
  std::function<void(const FileScoreProgress&)> on_progress;
  double progress_interval = 2.0;
  // Set: score and write only this shard's blocks of rows (sieve/score/score_shard.hpp;
  // score_shard() also writes the manifest the merge needs).
  std::optional<ShardSpec> shard;
};

struct FileScoreResult {
  std::size_t events = 0;       // events scored and written
  std::size_t bad_rows = 0;     // rows skipped (reader and scorer)
  std::vector<std::int64_t> first_bad_lines;  // Table::line of the first skipped rows
  bool counts_rows = false;     // the input is HDF5: a line number L is data row L - 2
  std::vector<std::string> columns;           // the output header
  std::size_t variations = 0;
  double seconds = 0.0;         // the whole run, reading and writing included
  int threads = 0;              // worker threads used
  std::size_t block_rows = 0;   // data rows per scoring block
  std::size_t chunk_rows = 0;   // data rows per chunk (after rounding)
  std::size_t chunks = 0;       // chunks read
  std::size_t chunk_buffers = 0;  // chunk buffers ever allocated: the most in flight
  int max_chunks_in_flight = 0;   // the bound chunk_buffers never exceeds
  std::uint64_t data_rows = 0;    // data lines of the file: rows read and skipped, every shard's

  double events_per_second() const { return seconds > 0.0 ? static_cast<double>(events) / seconds : 0.0; }
};

// Scores every row of the CSV or HDF5 file `in` with `model` and writes `out`. Throws ConfigError
// for bad options, an unreadable file, missing columns (all listed at once) and, unless
// skipping, a row the reader rejects; InputError for a row the Scorer rejects.
FileScoreResult score_file(std::shared_ptr<const ensemble::Model> model, const std::string& in,
                           const std::string& out, const FileScoreOptions& options = {});

// The data rows per scoring block for a scorer: the smallest multiple of its pass that is
// at least 512 (exposed for tests and tools; score_file uses it).
std::size_t scoring_block_rows(const Scorer& scorer);

} // namespace sieve::score
