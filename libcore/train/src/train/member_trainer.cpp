#include "sieve/train/member_trainer.hpp"

#include "sieve/error.hpp"
#include "sieve/features/symmetry.hpp"
#include "sieve/nn/flush_denormals.hpp"
#include "sieve/nn/network.hpp"
#include "sieve/random.hpp"
#include "sieve/train/batch_loader.hpp"
#include "sieve/train/checkpoint.hpp"

#include <gsl/assert>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sieve::train {

namespace {
// Stream identifiers of the counter-based generator.
enum Stream : std::uint64_t { kInit = 1, kFoldOrder, kShuffle, kTrainAugment, kValidationAugment };
constexpr int kEvalBatch = 1024;
} // namespace

NetworkTrainer::NetworkTrainer(const TrainingData& data, const RecipeConfig& config, std::uint64_t init_key)
    : data_(data), config_(config), params_(config.network.parameter_count()), grads_(params_.size()),
      targets_(static_cast<std::size_t>(config.batch_size)), weights_(static_cast<std::size_t>(config.batch_size)),
      adam_(params_.size()), ws_(config.network, std::max(config.batch_size, kEvalBatch)) {
  nn::initialise(config.network, init_key, params_);
}

double NetworkTrainer::step(std::span<const std::uint32_t> rows, std::optional<std::uint64_t> augment_key,
                            double lr, double beta1) {
  load_batch(ws_, data_, rows, augment_key);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    targets_[i] = data_.targets[rows[i]];
    weights_[i] = data_.weights[rows[i]];
  }
  const std::span<const float> t(targets_.data(), rows.size()), w(weights_.data(), rows.size());
  nn::forward(params_, ws_, true);
  const double batch = static_cast<double>(rows.size());
  const double loss = nn::weighted_bce_sum(ws_, t, w) / batch;
  nn::backward(params_, ws_, t, w, batch, grads_);
  adam_.step(params_, grads_, lr, beta1);
  return loss;
}

double NetworkTrainer::loss(std::span<const float> inputs, std::span<const std::uint8_t> codes,
                            std::span<const float> targets, std::span<const float> weights) {
  const int m = config_.network.n_continuous;
  const auto tables = static_cast<std::size_t>(config_.network.n_embeddings());
  const std::size_t n = targets.size();
  Expects(codes.size() == n * tables);
  double sum = 0.0;
  for (std::size_t start = 0; start < n; start += kEvalBatch) {
    const int count = static_cast<int>(std::min<std::size_t>(kEvalBatch, n - start));
    ws_.begin(count);
    for (int j = 0; j < m; ++j) {
      float* col = ws_.input_column(j);
      for (int i = 0; i < count; ++i) col[i] = inputs[(start + static_cast<std::size_t>(i)) * m + j];
    }
    std::copy_n(codes.begin() + static_cast<std::ptrdiff_t>(start * tables), static_cast<std::size_t>(count) * tables,
                ws_.codes());
    nn::forward(params_, ws_, false);
    sum += nn::weighted_bce_sum(ws_, targets.subspan(start, static_cast<std::size_t>(count)),
                                weights.subspan(start, static_cast<std::size_t>(count)));
  }
  return sum / static_cast<double>(n);
}

MemberResult train_member(const TrainingData& data, const RecipeConfig& c, int member,
                          const ProgressFn& progress, const CheckpointStore* checkpoints) {
  const nn::FlushDenormals flush;  // a quarter of the time otherwise (flush_denormals.hpp)
  const auto k = static_cast<int>(data.folds.size());
  const int validation_fold = member % k;
  std::vector<std::uint32_t> order;
  for (int f = 0; f < k; ++f)
    if (f != validation_fold) order.push_back(static_cast<std::uint32_t>(f));
  shuffle(order, key(c.seed, kFoldOrder, member));

  // The validation fold, augmented once per member (as LUMIN's fold yielder did), is
  // standardised once and reused after every sub-epoch.
  const auto& vrows = data.folds[static_cast<std::size_t>(validation_fold)];
  const int m = data.pipeline.n_inputs();
  std::vector<float> vin(vrows.size() * static_cast<std::size_t>(m)), vt(vrows.size()), vw(vrows.size());
  // The codes the network reads: one per embedding table (none without embeddings).
  const auto tables = static_cast<std::size_t>(c.network.n_embeddings());
  std::vector<std::uint8_t> vcodes(vrows.size() * tables);
  const std::uint64_t vkey = key(c.seed, kValidationAugment, member);
  for (std::size_t i = 0; i < vrows.size(); ++i) {
    const std::uint32_t r = vrows[i];
    const features::Symmetry s = features::random_symmetry(key(vkey, r));
    const auto codes = data.events.codes_of(r);
    data.pipeline.network_inputs(data.events.row(r), codes, c.augment ? &s : nullptr,
                         std::span<float>(vin.data() + i * static_cast<std::size_t>(m), static_cast<std::size_t>(m)));
    std::copy_n(codes.begin(), tables, vcodes.begin() + static_cast<std::ptrdiff_t>(i * tables));
    vt[i] = data.targets[r];
    vw[i] = data.weights[r];
  }

  NetworkTrainer trainer(data, c, key(c.seed, kInit, member));
  MemberResult result;
  result.member = member;
  result.best_loss = std::numeric_limits<double>::infinity();
  const auto bs = static_cast<std::size_t>(c.batch_size);
  const auto per_sub_epoch = static_cast<std::int64_t>(data.folds[order.front()].size() / bs);
  std::vector<std::uint32_t> rows;
  std::vector<double> swa;
  int swa_count = 0;
  std::int64_t step = 0;
  // Snapshot and fast geometric ensembles: the states at the last c.snapshots cycle minima.
  std::vector<int> snapshot_at = cycle_minima(c.schedule, c.sub_epochs());
  if (c.snapshots > 0) snapshot_at.erase(snapshot_at.begin(), snapshot_at.end() - c.snapshots);
  else snapshot_at.clear();

  // Resuming: the state at the end of sub-epoch `restored` - 1, exactly as it was.
  int restored = 0;
  if (const MemberCheckpoint* saved = checkpoints != nullptr ? checkpoints->resumed(member) : nullptr) {
    auto params = trainer.params();
    if (saved->params.size() != params.size() || saved->sub_epochs_done > c.sub_epochs() ||
        (!saved->result.params.empty() && saved->result.params.size() != params.size()))
      throw ConfigError("the checkpoint of member " + std::to_string(member) + " does not fit the recipe's network");
    std::copy(saved->params.begin(), saved->params.end(), params.begin());
    trainer.optimiser().restore(saved->adam_m, saved->adam_v, saved->adam_t, saved->adam_beta2_power);
    result = saved->result;
    swa = saved->swa;
    swa_count = saved->swa_count;
    step = saved->steps;
    restored = saved->sub_epochs_done;
    if (progress) {  // the restored sub-epochs, as they were reported before
      double best = std::numeric_limits<double>::infinity();
      for (const SubEpochRecord& h : result.history) {
        if (c.swa_start_sub_epoch >= 0 && h.sub_epoch >= c.swa_start_sub_epoch)
          best = h.validation_loss;
        else if (c.swa_start_sub_epoch < 0 && h.validation_loss <= best)
          best = h.validation_loss;
        progress({member, h.sub_epoch, c.sub_epochs(), h.train_loss, h.validation_loss, best, h.lr});
      }
    }
  }

  int sub = 0;
  for (int epoch = 0; epoch < c.epochs; ++epoch) {
    for (std::uint32_t f : order) {
      if (sub < restored) {
        ++sub;
        continue;
      }
      rows = data.folds[f];
      shuffle(rows, key(c.seed, kShuffle, member, sub));
      const std::uint64_t aug = key(c.seed, kTrainAugment, member, sub);
      double train_sum = 0.0, lr = 0.0;
      const std::size_t batches = rows.size() / bs;  // the last partial batch is dropped
      for (std::size_t b = 0; b < batches; ++b) {
        const ScheduleValue v = schedule_at(c.schedule, step++, per_sub_epoch, c.sub_epochs());
        lr = v.lr;
        train_sum += trainer.step(std::span(rows).subspan(b * bs, bs),
                                  c.augment ? std::optional(aug) : std::nullopt, v.lr, v.beta1);
      }
      double vloss;
      if (c.swa_start_sub_epoch >= 0 && sub >= c.swa_start_sub_epoch) {
        auto p = trainer.params();
        if (swa.empty()) swa.assign(p.size(), 0.0);
        ++swa_count;
        for (std::size_t i = 0; i < p.size(); ++i) swa[i] += (p[i] - swa[i]) / swa_count;
        std::vector<float> current(p.begin(), p.end());
        std::transform(swa.begin(), swa.end(), p.begin(), [](double x) { return static_cast<float>(x); });
        vloss = trainer.loss(vin, vcodes, vt, vw);
        result.params.assign(p.begin(), p.end());
        result.best_loss = vloss;
        result.best_sub_epoch = sub;
        std::copy(current.begin(), current.end(), p.begin());
      } else {
        vloss = trainer.loss(vin, vcodes, vt, vw);
        if (!std::isfinite(vloss))
          throw ConfigError("member " + std::to_string(member) + " diverged at sub-epoch " +
                            std::to_string(sub) + " (validation loss " + std::to_string(vloss) +
                            "): lower the learning rate");
        if (vloss <= result.best_loss && c.swa_start_sub_epoch < 0) {
          result.best_loss = vloss;
          result.best_sub_epoch = sub;
          result.params.assign(trainer.params().begin(), trainer.params().end());
        }
      }
      if (std::binary_search(snapshot_at.begin(), snapshot_at.end(), sub))
        result.snapshots.push_back({sub, vloss, std::vector<float>(trainer.params().begin(), trainer.params().end())});
      const double tloss = batches ? train_sum / static_cast<double>(batches) : 0.0;
      result.history.push_back({sub, tloss, vloss, lr});
      if (progress) progress({member, sub, c.sub_epochs(), tloss, vloss, result.best_loss, lr});
      ++sub;
      if (checkpoints != nullptr) {
        MemberCheckpoint state;
        state.member = member;
        state.sub_epochs_done = sub;
        state.steps = step;
        state.params.assign(trainer.params().begin(), trainer.params().end());
        const Adam& adam = trainer.optimiser();
        state.adam_m.assign(adam.first_moment().begin(), adam.first_moment().end());
        state.adam_v.assign(adam.second_moment().begin(), adam.second_moment().end());
        state.adam_t = adam.steps();
        state.adam_beta2_power = adam.beta2_power();
        state.result = result;
        state.swa = swa;
        state.swa_count = swa_count;
        checkpoints->save(state);
      }
    }
  }
  return result;
}

std::vector<std::pair<double, double>> lr_range_pass(const TrainingData& data, const RecipeConfig& c,
                                                     int fold, double lr_min, double lr_max) {
  const nn::FlushDenormals flush;  // as in training
  std::vector<std::uint32_t> rows = data.folds.at(static_cast<std::size_t>(fold));
  shuffle(rows, key(c.seed, kShuffle, 1000 + fold));
  const auto bs = static_cast<std::size_t>(c.batch_size);
  const std::size_t batches = rows.size() / bs;
  NetworkTrainer trainer(data, c, key(c.seed, kInit, 1000 + fold));
  const double growth = std::pow(lr_max / lr_min, 1.0 / static_cast<double>(batches));
  std::vector<std::pair<double, double>> out;
  double lr = lr_min, best = std::numeric_limits<double>::infinity();
  const std::uint64_t aug = key(c.seed, kTrainAugment, 1000 + fold);
  for (std::size_t b = 0; b < batches; ++b) {
    const double loss = trainer.step(std::span(rows).subspan(b * bs, bs),
                                     c.augment ? std::optional(aug) : std::nullopt, lr, c.schedule.beta1);
    if (!std::isfinite(loss) || loss > 100.0 * best) break;
    best = std::min(best, loss);
    out.emplace_back(lr, loss);
    lr *= growth;
  }
  return out;
}

} // namespace sieve::train
