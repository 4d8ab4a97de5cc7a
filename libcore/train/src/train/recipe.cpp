#include "sieve/train/recipe.hpp"

#include "sieve/build_info.hpp"
#include "sieve/error.hpp"
#include "sieve/score/scorer.hpp"
#include "sieve/tsan_handoff.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>

namespace sieve::train {

std::uint32_t data_checksum(const data::Table& table) {
  uLong crc = crc32(0L, Z_NULL, 0);
  auto add = [&](const void* p, std::size_t bytes) {
    crc = crc32(crc, static_cast<const Bytef*>(p), static_cast<uInt>(bytes));
  };
  for (const auto& col : table.features) add(col.data(), col.size() * sizeof(float));
  add(table.label.data(), table.label.size());
  const auto& w = table.analysis_weight();
  add(w.data(), w.size() * sizeof(double));
  return static_cast<std::uint32_t>(crc);
}

const data::Table& recipe_rows(const data::Table& all, data::Table& storage) {
  // The recipe trains on the schema's training set only (HiggsML: KaggleSet t).
  const bool every_row_trains = all.set.empty() ||
      std::all_of(all.set.begin(), all.set.end(), [](char s) { return s == 't'; });
  if (!every_row_trains) storage = data::select_rows(all, data::rows_of_set(all, 't'));
  const data::Table& table = every_row_trains ? all : storage;
  if (table.rows() == 0) throw ConfigError(all.source + " has no events of the schema's training set");
  return table;
}

std::vector<MemberResult> train_members(const TrainingData& data, const RecipeConfig& c,
                                        std::span<const int> members, int threads, const ProgressFn& progress,
                                        const CheckpointStore* checkpoints) {
  for (const int m : members)
    if (m < 0 || m >= c.members)
      throw ConfigError("member " + std::to_string(m) + " is not one of the recipe's " + std::to_string(c.members) +
                        " members (0 to " + std::to_string(c.members - 1) + ")");
  std::vector<MemberResult> out(members.size());
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  const TbbHandoff handoff;  // for ThreadSanitizer (sieve/tsan_handoff.hpp)
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, members.size(), 1),
                      handoff.task([&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i != r.end(); ++i)
                          out[i] = train_member(data, c, members[i], progress, checkpoints);
                      }),
                      tbb::simple_partitioner());
  });
  handoff.joined();
  return out;
}

double member_flops(const TrainingData& data, const RecipeConfig& c, int member) {
  const double forward = c.network.forward_flops();
  const auto k = data.folds.size(), validation = static_cast<std::size_t>(member) % k;
  double flops = 0.0;
  for (std::size_t f = 0; f < k; ++f) {
    const auto size = static_cast<double>(data.folds[f].size());
    const double passes = f == validation ? c.sub_epochs() : c.epochs;
    flops += f == validation ? passes * size * forward
                             : passes * std::floor(size / c.batch_size) * c.batch_size * 3.0 * forward;
  }
  return flops;
}

RecipeResult train_recipe(const data::Table& all, const RecipeConfig& config, int threads,
                          const ProgressFn& progress, const CheckpointOptions& checkpoints) {
  data::Table storage;
  const data::Table& table = recipe_rows(all, storage);
  // Opened (and, resuming, checked against these data and options) before any work.
  std::optional<CheckpointStore> store;
  if (!checkpoints.dir.empty()) store.emplace(checkpoints.dir, checkpoint_identity(table, config), checkpoints.resume);
  const TrainingData data = prepare_training_data(table, config);
  const RecipeConfig c = fitted_config(config, data);
  std::vector<int> every(static_cast<std::size_t>(c.members));
  for (int m = 0; m < c.members; ++m) every[static_cast<std::size_t>(m)] = m;
  const auto start = std::chrono::steady_clock::now();
  std::vector<MemberResult> members = train_members(data, c, every, threads, progress, store ? &*store : nullptr);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecipeResult out = finish_ensemble(table, data, c, std::move(members));
  out.seconds = seconds;
  out.training_events = table.rows();
  for (int m = 0; m < c.members; ++m) out.flops += member_flops(data, c, m);
  if (store && checkpoints.resume)
    for (int m = 0; m < c.members; ++m) {
      const MemberCheckpoint* saved = store->resumed(m);
      out.resumed_sub_epochs.push_back(saved != nullptr ? saved->sub_epochs_done : 0);
    }
  return out;
}

RecipeResult finish_ensemble(const data::Table& table, const TrainingData& data, const RecipeConfig& c,
                             std::vector<MemberResult> members) {
  if (members.size() != static_cast<std::size_t>(c.members))
    throw ConfigError("the ensemble needs all " + std::to_string(c.members) + " members, got " +
                      std::to_string(members.size()));
  for (std::size_t m = 0; m < members.size(); ++m)
    if (members[m].member != static_cast<int>(m))
      throw ConfigError("member results out of order: position " + std::to_string(m) + " holds member " +
                        std::to_string(members[m].member));
  RecipeResult out;
  out.members = std::move(members);
  out.training_events = table.rows();

  ensemble::Model& model = out.model;
  model.schema = data.schema;
  model.pipeline = data.pipeline;
  model.network = c.network;
  model.tta = c.tta;
  for (const MemberResult& r : out.members) {
    if (c.snapshots == 0) {
      model.members.push_back({r.params, r.best_loss, r.best_sub_epoch, 0.0});
      continue;
    }
    if (r.snapshots.size() != static_cast<std::size_t>(c.snapshots))
      throw ConfigError("member " + std::to_string(r.member) + " holds " + std::to_string(r.snapshots.size()) +
                        " snapshots, the recipe asks for " + std::to_string(c.snapshots));
    for (const Snapshot& s : r.snapshots) model.members.push_back({s.params, s.validation_loss, s.sub_epoch, 0.0});
  }
  ensemble::set_reciprocal_weights(model);

  // The cut: TTA scores of the validation part, weights scaled to the whole file.
  const auto& val = data.split.validation;
  out.validation_scores.resize(val.size());
  score::score_events(model, data.events, val, out.validation_scores);
  std::vector<double> w(val.size());
  std::vector<std::int8_t> labels(val.size());
  for (std::size_t i = 0; i < val.size(); ++i) {
    w[i] = data.raw_weights[val[i]];
    labels[i] = data.labels[val[i]];
  }
  metrics::CutOptions options;
  options.top_perc = c.cut_top_percent;
  options.min_pred = c.cut_min_prediction;
  options.weight_factor = static_cast<double>(data.events.rows()) / static_cast<double>(val.size());
  out.cut = metrics::choose_cut(out.validation_scores, w, labels, options);
  model.cut = out.cut.cut;

  model.provenance.library_version = library_version();
  model.provenance.recipe = c.describe();
  model.provenance.seed = c.seed;
  model.provenance.data_source = std::filesystem::path(table.source).filename().string();
  model.provenance.data_rows = table.rows();
  model.provenance.data_crc32 = data_checksum(table);

  // Self-test rows: the first few validation events, with the scores just computed.
  for (std::size_t i = 0; i < std::min<std::size_t>(4, val.size()); ++i) {
    ensemble::SelfTestRow row;
    for (const std::string& column : model.pipeline.raw_columns) {
      const float x = table.column(column)[val[i]];
      row.raw.push_back(std::isnan(x) ? ensemble::kSelfTestMissing : x);
    }
    row.expected = out.validation_scores[i];
    model.self_test.push_back(row);
  }
  return out;
}

} // namespace sieve::train
