#include "sieve/score/file_scorer.hpp"

#include "../data/atomic_file.hpp"
#include "sieve/data/hdf5_reader.hpp"
#include "sieve/data/table_reader.hpp"
#include "sieve/data/table_writer.hpp"
#include "sieve/error.hpp"
#include "sieve/score/input_binding.hpp"
#include "sieve/score/row_check.hpp"
#include "sieve/tsan_handoff.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>
#include <mutex>
#include <span>
#include <utility>

namespace sieve::score {
namespace {

constexpr std::size_t kMinBlockRows = 512;
constexpr std::int64_t kFirstDataLine = 2;  // line 1 is the header; row r is on line r + 2

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct BadRow {
  std::int64_t line = 0;
  std::string reason;  // names the file and line
};

// The rows of one chunk on their way through the pipeline. Buffers are reused: a chunk
// goes back to the pool after it is written.
struct Chunk {
  data::Table in;                              // rows as read
  data::Table out;                             // identifiers and scores, as written
  std::vector<std::pair<std::size_t, std::size_t>> blocks;  // [begin, end) rows of `in`
  std::vector<BadRow> bad;                     // skipped rows, reader's and scorer's
  std::vector<std::uint8_t> keep;              // skip mode: 0 for a row the scorer rejects
  bool rejected = false;                       // some keep[i] is 0
  std::mutex mutex;                            // guards bad, keep's zeros and rejected
};

// Owns every chunk buffer. At most `tokens` chunks are in the pipeline at once, so the
// pool never holds more buffers than that.
class ChunkPool {
public:
  Chunk* acquire() {
    const std::lock_guard lock(mutex_);
    if (!free_.empty()) {
      Chunk* c = free_.back();
      free_.pop_back();
      return c;
    }
    all_.push_back(std::make_unique<Chunk>());
    return all_.back().get();
  }
  void release(Chunk* c) {
    const std::lock_guard lock(mutex_);
    free_.push_back(c);
  }
  std::size_t created() const {
    const std::lock_guard lock(mutex_);
    return all_.size();
  }

private:
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Chunk>> all_;
  std::vector<Chunk*> free_;
};

// One worker thread's scratch: its scorer workspace and the block being scored as rows.
struct Slot {
  Slot(const Scorer& scorer, std::size_t block, std::size_t width, std::size_t variations, bool with_spread)
      : ws(scorer, static_cast<int>(block)), rows(block * width), ids(block), index(block),
        scores(block * variations), spread(with_spread ? block * variations : 0) {}
  ScorerWorkspace ws;
  std::vector<float> rows;
  std::vector<std::int64_t> ids;
  std::vector<std::size_t> index;  // row of the chunk's table of each scored event
  std::vector<float> scores, spread;
};

template <class T> void keep_rows(std::vector<T>& column, const std::vector<std::uint8_t>& keep) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < column.size(); ++i)
    if (keep[i] != 0) column[w++] = column[i];
  column.resize(w);
}

class FileJob {
public:
  FileJob(std::shared_ptr<const ensemble::Model> model, const std::string& in, const std::string& out,
          const FileScoreOptions& options)
      : options_(options), in_(in), out_(out), scorer_(std::move(model), options.scorer) {
    check_options();
    const std::vector<std::string> header = data::read_column_names(in_);
    try {
      InputBinding(scorer_.model(), header, true, scorer_.variations());  // one message listing every missing column
    } catch (const ConfigError& e) {
      throw ConfigError(in_ + ": " + e.what());
    }
    const data::Schema& schema = scorer_.model().schema;
    has_event_id_ = !schema.id_column.empty() &&
                    std::find(header.begin(), header.end(), schema.id_column) != header.end();
    read_options_.schema = std::make_shared<const data::Schema>(schema);
    read_options_.columns = scorer_.model().pipeline.raw_columns;
    for (const auto& v : scorer_.variations())
      for (const auto& sub : v.substitutions)
        if (std::find(read_options_.columns.begin(), read_options_.columns.end(), sub.second) ==
            read_options_.columns.end())
          read_options_.columns.push_back(sub.second);
    if (options_.skip_bad_rows)
      read_options_.on_bad_row = [this](std::int64_t line, const std::string& message) {
        reading_->bad.push_back(BadRow{line, message});
      };

    variations_ = scorer_.variations().size();
    block_rows_ = scoring_block_rows(scorer_);
    chunk_rows_ = (options_.chunk_rows + block_rows_ - 1) / block_rows_ * block_rows_;
    result_.columns.push_back(has_event_id_ ? schema.id_column : "row");
    for (const auto& v : scorer_.variations()) names_.push_back("score_" + v.name);
    if (options_.spread)
      for (const auto& v : scorer_.variations()) names_.push_back("spread_" + v.name);
    result_.columns.insert(result_.columns.end(), names_.begin(), names_.end());
  }

  FileScoreResult run() {
    const auto t0 = Clock::now();
    tbb::task_arena arena(options_.threads > 0 ? options_.threads : tbb::task_arena::automatic);
    arena.initialize();
    const int threads = arena.max_concurrency();
    const int tokens = options_.max_chunks_in_flight > 0 ? options_.max_chunks_in_flight : 2 + std::min(threads, 2);

    const std::unique_ptr<data::TableReader> reader = data::open_table_reader(in_, read_options_);
    reader_ = reader.get();
    result_.counts_rows = reader->counts_rows();
    const InputBinding binding(scorer_.model(), reader->feature_names(), true, scorer_.variations());
    std::unique_ptr<data::detail::AtomicFile> log;
    if (!options_.bad_rows_log.empty()) log = std::make_unique<data::detail::AtomicFile>(options_.bad_rows_log);
    data::CsvColumns columns;
    columns.event_id = result_.columns.front();
    columns.features = names_;
    const std::unique_ptr<data::TableWriter> writer = data::open_table_writer(out_, columns);

    ChunkPool pool;
    tbb::enumerable_thread_specific<std::unique_ptr<Slot>> slots;
    std::size_t chunks = 0;
    double last_progress = 0.0;
    std::string log_text;

    // For ThreadSanitizer (sieve/tsan_handoff.hpp): the pipeline's start and end, each
    // serial stage's successive calls, each chunk's passage from stage to stage.
    const TbbHandoff handoff;
    auto read_stage = [&](tbb::flow_control& fc) -> Chunk* {
      Chunk* c = pool.acquire();
      c->bad.clear();
      reading_ = c;
      if (!reader->next_chunk(c->in, chunk_rows_)) {
        pool.release(c);
        fc.stop();
        return nullptr;
      }
      ++chunks;
      tsan_release(c);
      return c;
    };
    auto score_stage = [&](Chunk* c) -> Chunk* {
      tsan_acquire(c);
      score_chunk(*c, binding, slots);
      tsan_release(c);
      return c;
    };
    auto write_chunk = [&](Chunk* c) {
      if (!c->bad.empty()) {
        std::stable_sort(c->bad.begin(), c->bad.end(),
                         [](const BadRow& a, const BadRow& b) { return a.line < b.line; });
        for (const BadRow& bad : c->bad) {
          if (result_.first_bad_lines.size() < options_.bad_lines_kept) result_.first_bad_lines.push_back(bad.line);
          if (log) log_text.append(std::to_string(number(bad.line))).append("\t").append(bad.reason).append("\n");
        }
        result_.bad_rows += c->bad.size();
        if (log) {
          log->write(log_text.data(), log_text.size());
          log_text.clear();
        }
      }
      writer->write(c->out);
      result_.events += c->out.rows();
      pool.release(c);
      const double now = seconds_since(t0);
      if (options_.on_progress && now - last_progress >= options_.progress_interval) {
        last_progress = now;
        options_.on_progress(FileScoreProgress{result_.events, result_.bad_rows, now});
      }
    };
    auto write_stage = [&](Chunk* c) {
      tsan_acquire(c);
      write_chunk(c);
    };

    arena.execute([&] {
      tbb::parallel_pipeline(
          static_cast<std::size_t>(tokens),
          tbb::make_filter<void, Chunk*>(tbb::filter_mode::serial_in_order, handoff.serial_task(read_stage)) &
              tbb::make_filter<Chunk*, Chunk*>(tbb::filter_mode::parallel, handoff.task(score_stage)) &
              tbb::make_filter<Chunk*, void>(tbb::filter_mode::serial_in_order, handoff.serial_task(write_stage)));
    });
    handoff.joined();
    if (log) log->commit();
    writer->commit();

    result_.variations = variations_;
    result_.seconds = seconds_since(t0);
    result_.threads = threads;
    result_.block_rows = block_rows_;
    result_.chunk_rows = chunk_rows_;
    result_.chunks = chunks;
    result_.chunk_buffers = pool.created();
    result_.data_rows = reader->rows_read() + reader->rows_skipped();
    result_.max_chunks_in_flight = tokens;
    return std::move(result_);
  }

private:
  void check_options() const {
    if (options_.chunk_rows == 0) throw ConfigError("the chunk size must be at least 1 row");
    if (options_.threads < 0) throw ConfigError("the thread count must be 0 (all cores) or positive");
    if (options_.max_chunks_in_flight < 0)
      throw ConfigError("the number of chunks in flight must be 0 (automatic) or positive");
    if (options_.spread && scorer_.copies() == 1)
      throw ConfigError(std::string("the spread over the TTA copies needs TTA, and ") +
                        (scorer_.model().tta ? "TTA is switched off" : "the model was made without TTA"));
    if (options_.shard && (options_.shard->count < 1 || options_.shard->index < 0 ||
                           options_.shard->index >= options_.shard->count))
      throw ConfigError("shard " + options_.shard->str() + ": I must be in 0 to N-1 and N at least 1");
    if (!options_.bad_rows_log.empty() && !options_.skip_bad_rows)
      throw ConfigError("a bad-rows log needs skipping bad rows (without it the first bad row stops the run)");
    std::error_code ec;
    if (std::filesystem::equivalent(data::parse_hdf5_location(in_).file, out_, ec))
      throw ConfigError(out_ + ": the output would replace the input file");
  }

  void score_chunk(Chunk& c, const InputBinding& binding,
                   tbb::enumerable_thread_specific<std::unique_ptr<Slot>>& slots) const {
    const data::Table& t = c.in;
    const std::size_t n = t.rows();
    data::Table& out = c.out;
    out.source = in_;
    out.feature_names = names_;
    out.features.resize(names_.size());
    for (auto& column : out.features) column.resize(n);
    out.event_id.resize(n);
    out.line.assign(t.line.begin(), t.line.end());
    c.rejected = false;
    if (options_.skip_bad_rows || options_.shard) c.keep.assign(n, 1);

    // Blocks are runs of data rows [k B, (k + 1) B); a chunk holds whole blocks.
    c.blocks.clear();
    for (std::size_t i = 0; i < n;) {
      const std::int64_t block = (t.line[i] - kFirstDataLine) / static_cast<std::int64_t>(block_rows_);
      std::size_t j = i + 1;
      while (j < n && (t.line[j] - kFirstDataLine) / static_cast<std::int64_t>(block_rows_) == block) ++j;
      c.blocks.emplace_back(i, j);
      i = j;
    }
    if (options_.shard) drop_other_shards(c);
    const TbbHandoff handoff;  // for ThreadSanitizer (sieve/tsan_handoff.hpp)
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, c.blocks.size()),
                      handoff.task([&](const tbb::blocked_range<std::size_t>& r) {
                        auto& slot = slots.local();
                        if (!slot)
                          slot = std::make_unique<Slot>(scorer_, block_rows_, binding.width(), variations_,
                                                        options_.spread);
                        for (std::size_t b = r.begin(); b != r.end(); ++b)
                          score_block(c, binding, *slot, c.blocks[b].first, c.blocks[b].second);
                      }));
    handoff.joined();

    if (c.rejected) {
      for (auto& column : out.features) keep_rows(column, c.keep);
      keep_rows(out.event_id, c.keep);
      keep_rows(out.line, c.keep);
    }
  }

  void score_block(Chunk& c, const InputBinding& binding, Slot& s, std::size_t begin, std::size_t end) const {
    const data::Table& t = c.in;
    const std::size_t width = binding.width(), V = variations_;
    std::size_t m = 0;
    for (std::size_t i = begin; i < end; ++i) {
      float* row = s.rows.data() + m * width;
      for (std::size_t col = 0; col < width; ++col) row[col] = t.features[col][i];
      if (options_.skip_bad_rows) {
        std::string problem = row_problem(scorer_.model(), binding, std::span<const float>(row, width));
        if (!problem.empty()) {
          const std::lock_guard lock(c.mutex);
          c.bad.push_back(BadRow{t.line[i], where(t.line[i]) + problem});
          c.keep[i] = 0;
          c.rejected = true;
          continue;
        }
      }
      s.ids[m] = has_event_id_ ? t.event_id[i] : t.line[i] - kFirstDataLine;
      s.index[m] = i;
      ++m;
    }
    if (m == 0) return;
    const std::span<const float> rows(s.rows.data(), m * width);
    const std::span<const std::int64_t> ids(s.ids.data(), m);
    const std::span<float> scores(s.scores.data(), m * V);
    const std::span<float> spread = options_.spread ? std::span<float>(s.spread.data(), m * V) : std::span<float>();
    try {
      scorer_.score(s.ws, binding, rows, ids, scores, spread);
    } catch (const InputError& e) {
      // Name the file line: the first row of the block the scorer cannot take.
      for (std::size_t k = 0; k < m; ++k) {
        const std::string problem = row_problem(scorer_.model(), binding, rows.subspan(k * width, width));
        if (!problem.empty()) throw InputError(where(t.line[s.index[k]]) + problem);
      }
      const std::int64_t first = t.line[s.index[0]], last = t.line[s.index[m - 1]];
      throw InputError((result_.counts_rows ? reader_->where(first) : in_ + " lines " + std::to_string(first)) +
                       " to " + std::to_string(number(last)) + ": " + e.what());
    }
    data::Table& out = c.out;
    for (std::size_t e = 0; e < m; ++e) {
      const std::size_t i = s.index[e];
      out.event_id[i] = s.ids[e];
      for (std::size_t v = 0; v < V; ++v) out.features[v][i] = s.scores[e * V + v];
      if (options_.spread)
        for (std::size_t v = 0; v < V; ++v) out.features[V + v][i] = s.spread[e * V + v];
    }
  }

  // Sharded: the blocks of other shards are neither scored nor written, and the rows the
  // reader skipped in them are theirs to report.
  void drop_other_shards(Chunk& c) const {
    auto owned = [&](std::int64_t line) {
      return options_.shard->owns_block((line - kFirstDataLine) / static_cast<std::int64_t>(block_rows_));
    };
    std::erase_if(c.bad, [&](const BadRow& bad) { return !owned(bad.line); });
    std::erase_if(c.blocks, [&](const std::pair<std::size_t, std::size_t>& block) {
      if (owned(c.in.line[block.first])) return false;
      std::fill(c.keep.begin() + static_cast<std::ptrdiff_t>(block.first),
                c.keep.begin() + static_cast<std::ptrdiff_t>(block.second), std::uint8_t{0});
      c.rejected = true;
      return true;
    });
  }

  std::string where(std::int64_t line) const { return reader_->where(line) + ": "; }
  // A row's number as messages and the bad-rows log give it: the file line (CSV) or the
  // 0-based row (HDF5).
  std::int64_t number(std::int64_t line) const { return result_.counts_rows ? line - kFirstDataLine : line; }

  const FileScoreOptions& options_;
  std::string in_, out_;
  Scorer scorer_;
  data::ReadOptions read_options_;
  bool has_event_id_ = false;
  std::size_t variations_ = 0, block_rows_ = 0, chunk_rows_ = 0;
  std::vector<std::string> names_;  // score and spread columns
  Chunk* reading_ = nullptr;        // the chunk the reader stage is filling
  const data::TableReader* reader_ = nullptr;  // the input, while run() reads it
  FileScoreResult result_;
};

} // namespace

std::size_t scoring_block_rows(const Scorer& scorer) {
  // A workspace's pass does not depend on its capacity beyond one pass.
  const ScorerWorkspace probe(scorer, std::numeric_limits<int>::max());
  const auto pass = static_cast<std::size_t>(probe.events_per_pass());
  return (kMinBlockRows + pass - 1) / pass * pass;
}

FileScoreResult score_file(std::shared_ptr<const ensemble::Model> model, const std::string& in,
                           const std::string& out, const FileScoreOptions& options) {
  FileJob job(std::move(model), in, out, options);
  return job.run();
}

} // namespace sieve::score
