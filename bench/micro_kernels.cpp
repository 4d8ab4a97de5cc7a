// Microbenchmarks of the hot kernels: one training step (forward, backward, Adam) on a
// batch of 256, a forward pass, scoring one event with 80 rows (10 members x 8 TTA
// copies) and a block of events (in float32, and in bf16), and the CSV parser.
// Run: build/bin/sieve-micro (see README).
#include "sieve/data/csv_reader.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/nn/network.hpp"
#include "sieve/nn/precision.hpp"
#include "sieve/random.hpp"
#include "sieve/score/scorer.hpp"
#include "sieve/train/adam.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace {

using namespace sieve;

const std::string kRealEvents =
    std::string(SIEVE_SOURCE_DIR) + "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";

void fill_inputs(nn::Workspace& ws, int n) {
  ws.begin(n);
  CounterRng rng(1);
  for (int j = 0; j < ws.config().n_continuous; ++j)
    for (int i = 0; i < n; ++i) ws.input_column(j)[i] = static_cast<float>(2.0 * rng.uniform() - 1.0);
  for (int i = 0; i < n; ++i) ws.codes()[i] = static_cast<std::uint8_t>(rng.below(4));
}

void BM_TrainingStep(benchmark::State& state) {
  const nn::NetworkConfig c;
  const int n = static_cast<int>(state.range(0));
  std::vector<float> params(c.parameter_count()), grads(params.size());
  nn::initialise(c, 1, params);
  nn::Workspace ws(c, n);
  train::Adam adam(params.size());
  std::vector<float> targets(static_cast<std::size_t>(n)), weights(static_cast<std::size_t>(n), 1e-5f);
  for (int i = 0; i < n; ++i) targets[static_cast<std::size_t>(i)] = static_cast<float>(i % 2);
  fill_inputs(ws, n);
  for (auto _ : state) {
    nn::forward(params, ws, true);
    nn::backward(params, ws, targets, weights, n, grads);
    adam.step(params, grads, 1e-3, 0.9);
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] = benchmark::Counter(3.0 * c.forward_flops() * n, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["events/s"] = benchmark::Counter(n, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_TrainingStep)->Arg(256);

void BM_Forward(benchmark::State& state) {
  const nn::NetworkConfig c;
  const int n = static_cast<int>(state.range(0));
  std::vector<float> params(c.parameter_count());
  nn::initialise(c, 1, params);
  nn::Workspace ws(c, n, nn::Workspace::Purpose::Inference);
  fill_inputs(ws, n);
  for (auto _ : state) {
    nn::forward(params, ws);
    benchmark::DoNotOptimize(ws.probabilities().data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(c.forward_flops() * n, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Forward)->Arg(8)->Arg(80)->Arg(256)->Arg(2048);

void BM_AdamStep(benchmark::State& state) {
  const nn::NetworkConfig c;
  std::vector<float> params(c.parameter_count(), 0.1f), grads(params.size(), 1e-3f);
  train::Adam adam(params.size());
  for (auto _ : state) {
    adam.step(params, grads, 1e-3, 0.9);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_AdamStep);

// The model the scoring benchmarks use: $SIEVE_MICRO_MODEL if set (sieve bench passes the
// model it trained), else the one the README's main job trains (out/higgsml.model) if it
// exists, else the golden test model (2 small members: not the recipe's arithmetic).
std::string scoring_model() {
  if (const char* env = std::getenv("SIEVE_MICRO_MODEL"); env != nullptr && *env != '\0') return env;
  const std::string path = std::string(SIEVE_SOURCE_DIR) + "/out/higgsml.model";
  return std::filesystem::exists(path) ? path : std::string(SIEVE_SOURCE_DIR) + "/tests/data/golden-format1.model";
}

// One event, 10 members x 8 TTA copies (with the recipe's model, see scoring_model()).
void score_one_event(benchmark::State& state, bool variations, nn::Precision precision) {
  if (!nn::precision_supported(precision)) {
    state.SkipWithError("this CPU has no AMX-BF16");
    return;
  }
  const auto model = io::load_model(scoring_model());
  score::ScorerOptions options;
  options.variations = physics::parse_variations(variations ? "nominal,tes_up,tes_down,jes_up,jes_down" : "nominal");
  options.precision = precision;
  const score::Scorer scorer(model, options);
  const auto table = data::read_table(kRealEvents);
  const score::InputBinding binding(*model, table.feature_names);
  std::vector<float> rows;
  for (const auto& col : table.features) rows.push_back(col[0]);
  const std::vector<std::int64_t> ids{table.event_id[0]};
  std::vector<float> scores(scorer.variations().size());
  score::ScorerWorkspace ws(scorer, 1);
  for (auto _ : state) {
    scorer.score(ws, binding, rows, ids, scores);
    benchmark::DoNotOptimize(scores.data());
  }
  state.SetLabel(std::to_string(model->members.size()) + " members, " + std::to_string(scores.size()) + " variations");
}

void BM_ScoreOneEvent(benchmark::State& state) { score_one_event(state, state.range(0) != 0, nn::Precision::Float32); }
BENCHMARK(BM_ScoreOneEvent)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// One event at a time on 2 threads sharing one scorer, as a framework's streams share one
// module: each thread's workspace reads the scorer's arranged weights (arg 0,
// ScorerWorkspace::Weights::Shared) or its own copy of them (arg 1, Weights::Own, what the
// adapters' workspaces take by default).
void BM_ScoreOneEventStreams(benchmark::State& state) {
  static const score::Scorer scorer(io::load_model(scoring_model()));
  static const auto table = data::read_table(kRealEvents);
  static const score::InputBinding binding(scorer.model(), table.feature_names);
  std::vector<float> rows;
  for (const auto& col : table.features) rows.push_back(col[static_cast<std::size_t>(state.thread_index())]);
  const std::vector<std::int64_t> ids{table.event_id[static_cast<std::size_t>(state.thread_index())]};
  std::vector<float> scores(1);
  score::ScorerWorkspace ws(scorer, 1, state.range(0) != 0 ? score::ScorerWorkspace::Weights::Own
                                                           : score::ScorerWorkspace::Weights::Shared);
  for (auto _ : state) {
    scorer.score(ws, binding, rows, ids, scores);
    benchmark::DoNotOptimize(scores.data());
  }
  state.SetLabel(state.range(0) != 0 ? "own weights per thread" : "weights shared");
}
BENCHMARK(BM_ScoreOneEventStreams)->Arg(0)->Arg(1)->Threads(2)->UseRealTime()->Unit(benchmark::kMicrosecond);

// The same with --precision bf16 (skipped without AMX-BF16).
void BM_ScoreOneEventBf16(benchmark::State& state) { score_one_event(state, state.range(0) != 0, nn::Precision::BFloat16); }
BENCHMARK(BM_ScoreOneEventBf16)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// A block of 512 events, nominal: the throughput case (test set scoring), in memory. With
// threads:2 each thread scores its own block with its own workspace (the model shared), as
// the ONNX Runtime and PyTorch peers' two single-threaded processes do; the counters are the
// total over the threads (kAvgThreads undoes the summing of the per-thread counters, which
// are already multiplied by the iterations of all threads).
void score_block(benchmark::State& state, nn::Precision precision) {
  if (!nn::precision_supported(precision)) {
    state.SkipWithError("this CPU has no AMX-BF16");
    return;
  }
  const auto model = io::load_model(scoring_model());
  score::ScorerOptions options;
  options.precision = precision;
  const score::Scorer scorer(model, options);
  const auto table = data::read_table(kRealEvents);
  const score::InputBinding binding(*model, table.feature_names);
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<float> rows;
  for (std::size_t i = 0; i < n; ++i)
    for (const auto& col : table.features) rows.push_back(col[i]);
  const std::vector<std::int64_t> ids(table.event_id.begin(), table.event_id.begin() + static_cast<std::ptrdiff_t>(n));
  std::vector<float> scores(n);
  score::ScorerWorkspace ws(scorer, static_cast<int>(n));
  for (auto _ : state) {
    scorer.score(ws, binding, rows, ids, scores);
    benchmark::DoNotOptimize(scores.data());
  }
  const double flops = model->network.forward_flops() * static_cast<double>(model->members.size() * scorer.copies() * n);
  const auto kTotal = benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kAvgThreads;
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(n), kTotal);
  state.counters["GFLOP/s"] = benchmark::Counter(flops, kTotal);
}

void BM_ScoreBlock(benchmark::State& state) { score_block(state, nn::Precision::Float32); }
BENCHMARK(BM_ScoreBlock)->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScoreBlock)->Arg(512)->Threads(2)->UseRealTime()->Unit(benchmark::kMillisecond);

// One thread, --precision bf16 (skipped without AMX-BF16).
void BM_ScoreBlockBf16(benchmark::State& state) { score_block(state, nn::Precision::BFloat16); }
BENCHMARK(BM_ScoreBlockBf16)->Arg(512)->Unit(benchmark::kMillisecond);

void BM_CsvParse(benchmark::State& state) {
  const auto bytes = static_cast<double>(std::filesystem::file_size(kRealEvents));
  std::size_t rows = 0;
  for (auto _ : state) rows = data::read_table(kRealEvents).rows();
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["gz MB/s"] = benchmark::Counter(bytes * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_CsvParse)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
