// `sieve score`: scores a CSV or HDF5 ntuple with a model file (sieve/score/file_scorer.hpp).
#include "cli.hpp"

#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/nn/precision.hpp"
#include "sieve/physics/schema_variations.hpp"
#include "sieve/score/file_scorer.hpp"
#include "sieve/score/score_shard.hpp"

#include <cstdio>
#include <string>

namespace {

constexpr std::size_t kListedBadLines = 10;  // listed in the summary without a log

int run(const std::vector<std::string>& args) {
  using namespace sieve;
  cli::Options o("score",
                 "Scores every row of a CSV or HDF5 ntuple holding the model's raw columns (those of its\n"
                 "dataset schema, found by name; any other columns are ignored) under each systematic variation,\n"
                 "and writes the schema's event id (or the 0-based data row as `row`), score_<variation> and, with --tta-spread,\n"
                 "spread_<variation>, in input order, shortest round-trip numbers (or, for an .h5 output,\n"
                 "one HDF5 dataset per column), through a temporary file renamed at the end. Streams in chunks (bounded memory) scored in parallel; the\n"
                 "output does not depend on --threads or --chunk-rows, bit for bit.");
  o.add("model", "model file (sieve train)", "", true)
      .add("in", "ntuple to score: CSV (plain or .gz) or HDF5 (FILE.h5: its one compound dataset at the root, else "
                 "the root group's column datasets; FILE.h5:/DATASET or FILE.h5:/GROUP to choose)",
           "", true)
      .add("out", "scores to write: CSV (gzip when it ends in .gz) or HDF5 when it ends in .h5 (one dataset per "
                  "column, chunked, deflate-compressed)",
           "", true)
      .add("variations", "comma-separated names: nominal and the variations of the model's schema (sieve inspect lists them)",
           "nominal")
      .flag("tta-spread", "also write spread_<variation>: the standard deviation over the TTA copies")
      .flag("no-tta", "score the event as it is, without the 8 symmetry copies")
      .add("precision", "float32 (the exact reference) or bf16 (opt-in: the hidden layers in bfloat16 on a CPU with "
                        "AMX-BF16; faster on blocks, not per event; scores differ by about 1e-3; needs the TTA copies)",
           "float32")
      .add("threads", "worker threads (0: all cores); the output does not depend on it", "0")
      .add("chunk-rows", "rows per chunk (rounded up to whole scoring blocks); memory grows with it", "65536")
      .flag("skip-bad-rows", "skip and count rows that cannot be read or scored instead of stopping")
      .add("bad-rows-log", "with --skip-bad-rows: write the line (HDF5: the row) and reason of every skipped row here")
      .add("shard", "I/N: score only shard I of N (row blocks k with k % N == I); OUT.shard for sieve merge-scores")
      .flag("quiet", "no progress on stderr");
  if (!o.parse(args)) return 0;

  const auto model = io::load_model(o.str("model"));
  score::FileScoreOptions options;
  options.scorer.variations = physics::parse_variations(o.str("variations"), model->schema);
  options.scorer.tta = !o.on("no-tta");
  options.scorer.precision = nn::parse_precision(o.str("precision"));
  options.spread = o.on("tta-spread");
  const long long threads = o.integer("threads"), chunk_rows = o.integer("chunk-rows");
  if (threads < 0) throw ConfigError("--threads must be 0 (all cores) or positive, got " + o.str("threads"));
  if (chunk_rows < 1) throw ConfigError("--chunk-rows must be at least 1, got " + o.str("chunk-rows"));
  options.threads = static_cast<int>(threads);
  options.chunk_rows = static_cast<std::size_t>(chunk_rows);
  options.skip_bad_rows = o.on("skip-bad-rows");
  if (o.given("bad-rows-log") && !options.skip_bad_rows)
    throw ConfigError("--bad-rows-log needs --skip-bad-rows (without it the first bad row stops the run)");
  options.bad_rows_log = o.str("bad-rows-log");
  options.bad_lines_kept = kListedBadLines;
  if (!o.on("quiet"))
    options.on_progress = [](const score::FileScoreProgress& p) {
      std::fprintf(stderr, "scored %zu events (%.0f events/s)%s\n", p.events,
                   p.seconds > 0.0 ? static_cast<double>(p.events) / p.seconds : 0.0,
                   p.bad_rows > 0 ? (", " + std::to_string(p.bad_rows) + " bad rows skipped").c_str() : "");
    };

  if (o.given("shard")) options.shard = score::parse_shard(o.str("shard"));
  const auto result = options.shard ? score::score_shard(model, o.str("in"), o.str("out"), options)
                                    : score::score_file(model, o.str("in"), o.str("out"), options);

  std::printf("scored %zu events x %zu variations in %.2f s (%.0f events/s, %d threads) -> %s\n", result.events,
              result.variations, result.seconds, result.events_per_second(), result.threads, o.str("out").c_str());
  if (options.shard)
    std::printf("shard %s: %zu of %llu data rows are this shard's; manifest %s\n", options.shard->str().c_str(),
                result.events + result.bad_rows, static_cast<unsigned long long>(result.data_rows),
                score::shard_manifest_path(o.str("out")).c_str());
  if (options.skip_bad_rows) {
    // CSV rows are named by their file line, HDF5 rows by their 0-based row.
    const char* unit = result.counts_rows ? "rows" : "lines";
    std::string lines;
    for (std::size_t i = 0; i < result.first_bad_lines.size(); ++i)
      lines += (i ? ", " : "") + std::to_string(result.first_bad_lines[i] - (result.counts_rows ? 2 : 0));
    if (result.bad_rows == 0)
      std::printf("skipped 0 bad rows\n");
    else if (!options.bad_rows_log.empty())
      std::printf("skipped %zu bad rows (%s %s%s), listed in %s\n", result.bad_rows, unit, lines.c_str(),
                  result.bad_rows > result.first_bad_lines.size() ? ", ..." : "", options.bad_rows_log.c_str());
    else if (result.bad_rows <= result.first_bad_lines.size())
      std::printf("skipped %zu bad rows: %s %s\n", result.bad_rows, unit, lines.c_str());
    else
      std::printf("skipped %zu bad rows: %s %s, ... (--bad-rows-log FILE lists them all)\n", result.bad_rows, unit,
                  lines.c_str());
  }
  return 0;
}

const sieve::cli::Registration registration("score", "score a CSV or HDF5 ntuple with a model, per systematic variation",
                                            run);

} // namespace
