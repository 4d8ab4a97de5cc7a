#pragma once
// The feature pipeline as one value object, stored in the model file: the raw columns a
// model reads, the network's input names and order, the standardisation constants
// (fitted on the training part only, ignoring missing values, population std), the
// categorical map and where augmentation acts.
#include "sieve/features/event_matrix.hpp"
#include "sieve/features/symmetry.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sieve::features {

// Where the symmetry transforms act: on physical momenta before standardisation (exact),
// or on the standardised columns (what the published LUMIN code did).
enum class AugmentSpace : std::uint8_t { Raw = 0, Standardised = 1 };

struct FeaturePipeline {
  std::vector<std::string> raw_columns;  // the 30 HiggsML columns a model reads, file order
  std::vector<std::string> inputs;       // the network's continuous inputs, in order
  bool embed_categorical = true;         // false: PRI_jet_num is a standardised input
  std::vector<float> mean, inv_std;      // one per continuous input
  std::vector<float> category_values;    // category code c stands for category_values[c]
  AugmentSpace augment_space = AugmentSpace::Raw;

  int n_inputs() const { return static_cast<int>(inputs.size()); }
  // Standardised network inputs of one event: (x - mean) * inv_std, missing -> 0 (mean
  // imputation). `physical` is the (possibly augmented) feature row; out has n_inputs().
  void standardise(std::span<const float, kContinuous> physical, int code,
                   std::span<float> out) const;
  // The network inputs of one event moved by `symmetry` (null: none), the symmetry acting
  // where augment_space says: on the physical momenta before standardisation, or on the
  // standardised columns. The one place where training, validation and scoring make inputs.
  void network_inputs(std::span<const float, kContinuous> physical, int code, const Symmetry* symmetry,
              std::span<float> out) const;
  bool operator==(const FeaturePipeline&) const = default;
};

// Fits the standardisation on the given rows of `events`.
FeaturePipeline fit_pipeline(const EventMatrix& events, std::span<const std::uint32_t> rows,
                             bool embed_categorical, AugmentSpace augment_space);

} // namespace sieve::features
