#include "sieve/score/scorer.hpp"

#include "sieve/features/symmetry.hpp"
#include "sieve/nn/network.hpp"

#include <array>
#include <gsl/assert>

namespace sieve::score {

ScorerWorkspace::ScorerWorkspace(const ensemble::Model& model, int max_events)
    : max_events_(max_events), copies_(model.tta ? features::kTtaCopies : 1),
      network_(model.network, max_events * (model.tta ? features::kTtaCopies : 1)),
      sum_(static_cast<std::size_t>(max_events)) {}

std::size_t ScorerWorkspace::bytes() const { return network_.bytes() + sum_.size() * sizeof(double); }

void score_events(const ensemble::Model& model, ScorerWorkspace& ws, const features::EventMatrix& events,
                  std::span<const std::uint32_t> rows, std::span<float> out) {
  Expects(out.size() == rows.size());
  const auto copies = features::tta_copies();
  const int m = model.pipeline.n_inputs();
  std::array<float, features::kContinuous> physical;
  std::array<float, 64> standardised;
  for (std::size_t start = 0; start < rows.size(); start += static_cast<std::size_t>(ws.max_events_)) {
    const int n = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(ws.max_events_), rows.size() - start));
    nn::Workspace& net = ws.network_;
    net.begin(n * ws.copies_);
    for (int e = 0; e < n; ++e) {
      const std::uint32_t r = rows[start + static_cast<std::size_t>(e)];
      const auto row = events.row(r);
      for (int c = 0; c < ws.copies_; ++c) {
        std::copy(row.begin(), row.end(), physical.begin());
        const std::span<float, features::kContinuous> head(standardised.data(), features::kContinuous);
        if (model.pipeline.augment_space == features::AugmentSpace::Raw) {
          if (ws.copies_ > 1) features::apply(copies[static_cast<std::size_t>(c)], physical);
          model.pipeline.standardise(physical, events.codes[r], standardised);
        } else {
          model.pipeline.standardise(physical, events.codes[r], standardised);
          if (ws.copies_ > 1) features::apply(copies[static_cast<std::size_t>(c)], head);
        }
        const int i = e * ws.copies_ + c;
        for (int j = 0; j < m; ++j) net.input_column(j)[i] = standardised[static_cast<std::size_t>(j)];
        net.codes()[i] = events.codes[r];
      }
    }
    std::fill(ws.sum_.begin(), ws.sum_.begin() + n, 0.0);
    for (const ensemble::Member& member : model.members) {
      nn::forward(member.params, net);
      const auto p = net.probabilities();
      for (int e = 0; e < n; ++e) {
        double tta = 0.0;
        for (int c = 0; c < ws.copies_; ++c) tta += p[static_cast<std::size_t>(e * ws.copies_ + c)];
        ws.sum_[static_cast<std::size_t>(e)] += member.weight * (tta / ws.copies_);
      }
    }
    for (int e = 0; e < n; ++e) out[start + static_cast<std::size_t>(e)] = static_cast<float>(ws.sum_[static_cast<std::size_t>(e)]);
  }
}

} // namespace sieve::score
