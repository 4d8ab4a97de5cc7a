#include "sieve/score/scorer.hpp"

#include "sieve/error.hpp"
#include "sieve/features/symmetry.hpp"
#include "sieve/nn/network.hpp"

#include <gsl/assert>

#include <algorithm>
#include <array>
#include <cmath>

namespace sieve::score {

namespace {
constexpr int kRowsPerPass = 2048;  // network rows per pass: activations stay in L2
constexpr int kMaxInputs = features::kMaxInputs;

// The TTA copies as flips of the model's momentum inputs: a rotation by pi negates px and
// py, the y reflection py, the z reflection pz.
nn::FlipStructure tta_flips(std::span<const features::MomentumColumns> momenta) {
  nn::FlipStructure f;
  for (const features::MomentumColumns& m : momenta) {
    f.columns[0].push_back(m.px);
    f.columns[1].push_back(m.py);
    if (m.pz >= 0) f.columns[2].push_back(m.pz);
  }
  for (const features::Symmetry& s : features::tta_copies()) {
    const bool half_turn = s.cos_phi < 0.0f;
    f.copies.push_back({half_turn, half_turn != s.flip_y, s.flip_z});
  }
  return f;
}
} // namespace

Scorer::Scorer(std::shared_ptr<const ensemble::Model> model, ScorerOptions options)
    : model_(std::move(model)), variations_(std::move(options.variations)),
      copies_(options.tta && model_->tta ? features::kTtaCopies : 1), seed_(options.soft_met_seed),
      precision_(options.precision) {
  Expects(model_ != nullptr);
  if (variations_.empty()) variations_.push_back(physics::preset_variation("nominal"));
  if (model_->pipeline.n_inputs() > kMaxInputs)
    throw ConfigError("the model has " + std::to_string(model_->pipeline.n_inputs()) + " inputs; at most " +
                      std::to_string(kMaxInputs) + " are supported");
  const data::Schema& schema = model_->schema;
  for (const physics::Variation& v : variations_) {
    if (v.moves_objects() && !recompute_) {
      if (schema.recomputation.empty())
        throw ConfigError("variation '" + v.name + "' moves objects, but the model's schema (" + schema.name +
                          ") names no recomputation of the columns that depend on them");
      recompute_.emplace(schema, model_->pipeline.raw_columns);
    }
    auto& columns = substituted_.emplace_back();
    for (const auto& [from, to] : v.substitutions) {
      const auto at = schema.column_position(from);
      if (!at) throw ConfigError("variation '" + v.name + "' substitutes '" + from + "', which the model does not read");
      columns.push_back(static_cast<std::uint32_t>(*at));
    }
  }
  if (model_->pipeline.layout.momenta().empty()) copies_ = 1;  // nothing for the symmetries to move
  if (precision_ != nn::Precision::Float32 && copies_ == 1)
    throw ConfigError("precision " + nn::to_string(precision_) +
                      " scores with the test-time copies only: this scorer has none (TTA off, or a model without them)");
  for (const ensemble::Member& m : model_->members) member_weights_.push_back(m.weight);
  if (copies_ > 1) {
    const nn::FlipStructure flips = tta_flips(model_->pipeline.layout.momenta());
    for (const ensemble::Member& m : model_->members)
      tta_members_.emplace_back(model_->network, m.params, flips, precision_);
  }
}

ScorerWorkspace::ScorerWorkspace(const Scorer& scorer, int max_events, Weights weights)
    : max_events_(max_events),
      events_per_pass_(std::clamp(kRowsPerPass / (static_cast<int>(scorer.variations_.size()) * scorer.copies_), 1,
                                  std::max(max_events, 1))),
      network_(scorer.model().network,
               scorer.copies_ > 1 ? 1 : events_per_pass_ * static_cast<int>(scorer.variations_.size()),
               nn::Workspace::Purpose::Inference) {
  if (max_events < 1)
    throw ConfigError("a scorer workspace needs room for at least 1 event, got " + std::to_string(max_events));
  const auto groups = static_cast<std::size_t>(events_per_pass_) * scorer.variations_.size();
  if (scorer.copies_ > 1)
    tta_ = std::make_unique<nn::TtaWorkspace>(scorer.tta_members_.front(), static_cast<int>(groups));
  if (weights == Weights::Own) own_members_ = scorer.tta_members_;
  sums_.resize(groups);
  copy_sums_.resize(groups * static_cast<std::size_t>(scorer.copies_));
  features_.resize(groups * static_cast<std::size_t>(scorer.model().pipeline.n_physical()));
  codes_.resize(groups * static_cast<std::size_t>(scorer.model().pipeline.layout.n_categorical()));
  raw_.resize(scorer.model().pipeline.raw_columns.size());
  varied_.resize(raw_.size());
  std::size_t substitutions = 0;
  for (const auto& v : scorer.variations_) substitutions += v.substitutions.size();
  substitutes_.resize(substitutions);
}

std::size_t ScorerWorkspace::bytes() const {
  std::size_t own = 0;
  for (const nn::TtaNetwork& member : own_members_) own += member.bytes();
  return own + network_.bytes() + (tta_ ? tta_->bytes() : 0) + (sums_.size() + copy_sums_.size()) * sizeof(double) +
         (features_.size() + raw_.size() + varied_.size()) * sizeof(float) + codes_.size() +
         substitutes_.size() * sizeof(int);
}

void Scorer::score(ScorerWorkspace& ws, const InputBinding& binding, std::span<const float> rows,
                   std::span<const std::int64_t> event_ids, std::span<float> scores,
                   std::span<float> spread) const {
  const std::size_t width = binding.width();
  const std::size_t n = event_ids.size();
  const std::size_t V = variations_.size();
  if (rows.size() != n * width)
    throw InputError("expected " + std::to_string(n) + " rows of " + std::to_string(width) + " values (" +
                     std::to_string(n * width) + "), got " + std::to_string(rows.size()) + " values");
  if (scores.size() != n * V || (!spread.empty() && spread.size() != n * V))
    throw InputError("expected room for " + std::to_string(n * V) + " scores (events x variations), got " +
                     std::to_string(scores.size()));
  if (n > static_cast<std::size_t>(ws.max_events_))
    throw InputError(std::to_string(n) + " events do not fit a workspace sized for " + std::to_string(ws.max_events_));
  const auto source = binding.source();
  // The caller columns of the substitutions, in variation order.
  for (std::size_t v = 0, k = 0; v < V; ++v)
    for (const auto& sub : variations_[v].substitutions) {
      ws.substitutes_[k] = binding.substitute(sub.second);
      if (ws.substitutes_[k++] < 0)
        throw InputError("variation '" + variations_[v].name + "' reads column '" + sub.second +
                         "', which the input binding does not bind (give the variations to InputBinding)");
    }
  const features::FeatureLayout& layout = model_->pipeline.layout;
  const auto P = static_cast<std::size_t>(layout.width());
  const auto K = static_cast<std::size_t>(layout.n_categorical());
  const auto per_pass = static_cast<std::size_t>(ws.events_per_pass_);
  for (std::size_t start = 0; start < n; start += per_pass) {
    const std::size_t m = std::min(per_pass, n - start);
    for (std::size_t e = 0; e < m; ++e) {
      const float* row = rows.data() + (start + e) * width;
      for (std::size_t c = 0; c < ws.raw_.size(); ++c) {
        const float x = row[source[c]];
        if (std::isinf(x))
          throw InputError("event " + std::to_string(start + e) + ", column " + model_->pipeline.raw_columns[c] +
                           ": cannot score an infinite value");
        ws.raw_[c] = binding.value(c, x);
      }
      const auto id = static_cast<std::uint64_t>(event_ids[start + e]);
      for (std::size_t v = 0, k = 0; v < V; ++v) {
        const std::size_t g = e * V + v;
        const std::span<float> out(ws.features_.data() + g * P, P);
        const std::span<std::uint8_t> codes(ws.codes_.data() + g * K, K);
        try {
          if (variations_[v].is_nominal()) {
            layout.to_physical(ws.raw_, out, codes);
          } else {
            std::copy(ws.raw_.begin(), ws.raw_.end(), ws.varied_.begin());
            for (const std::uint32_t c : substituted_[v]) {
              const float x = row[ws.substitutes_[k++]];
              if (std::isinf(x))
                throw InputError("column " + variations_[v].substitutions[&c - substituted_[v].data()].second +
                                 ": cannot score an infinite value");
              ws.varied_[c] = binding.value(c, x);
            }
            if (variations_[v].moves_objects()) recompute_->apply(ws.varied_, variations_[v], id, v, seed_);
            layout.to_physical(ws.varied_, out, codes);
          }
        } catch (const InputError& error) {
          throw InputError("event " + std::to_string(start + e) + ": " + error.what());
        }
      }
    }
    run_block(ws, static_cast<int>(m), scores.subspan(start * V, m * V),
              spread.empty() ? spread : spread.subspan(start * V, m * V));
  }
}

void Scorer::score_features(ScorerWorkspace& ws, const features::EventMatrix& events,
                            std::span<const std::uint32_t> rows, std::span<float> scores) const {
  Expects(scores.size() == rows.size());
  if (variations_.size() != 1 || !variations_.front().is_nominal())
    throw ConfigError("scoring model features needs a nominal-only scorer: variations act on raw quantities");
  const auto per_pass = static_cast<std::size_t>(ws.events_per_pass_);
  for (std::size_t start = 0; start < rows.size(); start += per_pass) {
    const std::size_t m = std::min(per_pass, rows.size() - start);
    for (std::size_t e = 0; e < m; ++e) {
      const auto row = events.row(rows[start + e]);
      std::copy(row.begin(), row.end(), ws.features_.begin() + static_cast<std::ptrdiff_t>(e * events.width));
      const auto codes = events.codes_of(rows[start + e]);
      std::copy(codes.begin(), codes.end(), ws.codes_.begin() + static_cast<std::ptrdiff_t>(e * events.n_codes));
    }
    run_block(ws, static_cast<int>(m), scores.subspan(start, m), {});
  }
}

void Scorer::run_block(ScorerWorkspace& ws, int events, std::span<float> scores, std::span<float> spread) const {
  const auto& pipeline = model_->pipeline;
  const int V = static_cast<int>(variations_.size()), C = copies_;
  const int groups = events * V;
  const int m = pipeline.n_inputs();
  const auto P = static_cast<std::size_t>(pipeline.n_physical());
  const auto K = static_cast<std::size_t>(pipeline.layout.n_categorical());
  auto codes_of = [&](int g) { return std::span<const std::uint8_t>(ws.codes_.data() + static_cast<std::size_t>(g) * K, K); };
  const bool want_spread = !spread.empty();
  std::fill_n(ws.sums_.begin(), groups, 0.0);
  if (want_spread) std::fill_n(ws.copy_sums_.begin(), groups * C, 0.0);
  // Adds a member's probabilities (copy-major: row c * groups + g) to the sums, the TTA
  // mean of each group first.
  auto accumulate = [&](double weight, std::span<const float> p) {
    for (int g = 0; g < groups; ++g) {
      double tta = 0.0;
      for (int c = 0; c < C; ++c) tta += p[static_cast<std::size_t>(c * groups + g)];
      ws.sums_[static_cast<std::size_t>(g)] += weight * (tta / C);
      if (want_spread)
        for (int c = 0; c < C; ++c)
          ws.copy_sums_[static_cast<std::size_t>(g * C + c)] += weight * p[static_cast<std::size_t>(c * groups + g)];
    }
  };
  std::array<float, kMaxInputs> inputs, offsets;
  if (C > 1) {
    // A flipped standardised momentum is (-x - mean) * inv_std = -x_std + offset, with
    // offset = -2 mean inv_std when the value exists (missing values stay 0); flips of
    // standardised columns (the published variant) have no offset.
    nn::TtaWorkspace& tta = *ws.tta_;
    tta.begin(groups);
    const bool raw = pipeline.augment_space == features::AugmentSpace::Raw;
    for (int g = 0; g < groups; ++g) {
      const std::span<const float> physical(ws.features_.data() + static_cast<std::size_t>(g) * P, P);
      pipeline.network_inputs(physical, codes_of(g), nullptr, inputs);
      for (int j = 0; j < m; ++j) {
        const auto u = static_cast<std::size_t>(j);
        offsets[u] = raw && u < P && !std::isnan(physical[u])
                         ? -2.0f * pipeline.mean[u] * pipeline.inv_std[u] : 0.0f;
      }
      // The network has a table per code only when the categoricals are embedded.
      tta.set_group(g, std::span(inputs).first(static_cast<std::size_t>(m)), std::span(offsets).first(static_cast<std::size_t>(m)),
                    pipeline.embed_categorical ? codes_of(g) : codes_of(g).first(0));
    }
    const std::vector<nn::TtaNetwork>& members = ws.own_members_.empty() ? tta_members_ : ws.own_members_;
    for (std::size_t k = 0; k < model_->members.size(); ++k) {
      nn::forward_tta(members[k], tta);
      accumulate(member_weights_[k], tta.probabilities());
    }
  } else {
    nn::Workspace& net = ws.network_;
    net.begin(groups);
    for (int g = 0; g < groups; ++g) {
      const std::span<const float> physical(ws.features_.data() + static_cast<std::size_t>(g) * P, P);
      pipeline.network_inputs(physical, codes_of(g), nullptr, inputs);
      for (int j = 0; j < m; ++j) net.input_column(j)[g] = inputs[static_cast<std::size_t>(j)];
      if (pipeline.embed_categorical) std::copy_n(codes_of(g).begin(), K, net.codes() + static_cast<std::size_t>(g) * K);
    }
    for (const ensemble::Member& member : model_->members) {
      nn::forward(member.params, net);
      accumulate(member.weight, net.probabilities());
    }
  }
  for (int g = 0; g < groups; ++g) {
    scores[static_cast<std::size_t>(g)] = static_cast<float>(ws.sums_[static_cast<std::size_t>(g)]);
    if (!want_spread) continue;
    double mean = 0.0, var = 0.0;
    for (int c = 0; c < C; ++c) mean += ws.copy_sums_[static_cast<std::size_t>(g * C + c)];
    mean /= C;
    for (int c = 0; c < C; ++c) {
      const double d = ws.copy_sums_[static_cast<std::size_t>(g * C + c)] - mean;
      var += d * d;
    }
    spread[static_cast<std::size_t>(g)] = static_cast<float>(std::sqrt(var / C));
  }
}

void score_events(const ensemble::Model& model, const features::EventMatrix& events,
                  std::span<const std::uint32_t> rows, std::span<float> scores) {
  // A non-owning handle: the caller keeps `model` alive for the duration of the call.
  const Scorer scorer(std::shared_ptr<const ensemble::Model>(std::shared_ptr<void>(), &model));
  ScorerWorkspace ws(scorer, 4096);
  scorer.score_features(ws, events, rows, scores);
}

} // namespace sieve::score
