#pragma once
// The feature pipeline as one value object, stored in the model file: the raw columns a
// model reads, the network's input names and order, the standardisation constants
// (fitted on the training part only, ignoring missing values, population std), the
// categorical codes and where augmentation acts. `layout` (raw columns -> physical
// features) is not stored: it is rebuilt from the model's schema (FeaturePipeline::bind).
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

// The most continuous inputs a model may have (workspaces stage one event on the stack).
inline constexpr int kMaxInputs = 64;

struct FeaturePipeline {
  std::vector<std::string> raw_columns;  // the columns a model reads, in the schema's order
  std::vector<std::string> inputs;       // the network's continuous inputs, in order
  // false: each categorical column's value is a standardised input (after the physical
  // features, in the schema's order); true: each has an embedding.
  bool embed_categorical = true;
  std::vector<float> mean, inv_std;      // one per continuous input
  // Per categorical column (the schema's order): code c stands for category_values[k][c].
  std::vector<std::vector<float>> category_values;
  AugmentSpace augment_space = AugmentSpace::Raw;
  FeatureLayout layout;                  // from the schema (not stored)

  int n_inputs() const { return static_cast<int>(inputs.size()); }
  int n_physical() const { return layout.width(); }
  // Builds `layout` from the schema and checks that it gives the stored inputs. Throws
  // ConfigError naming the first disagreement.
  void bind(const data::Schema& schema);
  // Standardised network inputs of one event: (x - mean) * inv_std, missing -> 0 (mean
  // imputation). `physical` is the (possibly augmented) feature row, `codes` its codes
  // (one per categorical column); out has n_inputs().
  void standardise(std::span<const float> physical, std::span<const std::uint8_t> codes, std::span<float> out) const;
  // The network inputs of one event moved by `symmetry` (null: none), the symmetry acting
  // where augment_space says: on the physical momenta before standardisation, or on the
  // standardised columns. The one place where training, validation and scoring make inputs.
  void network_inputs(std::span<const float> physical, std::span<const std::uint8_t> codes,
                      const Symmetry* symmetry, std::span<float> out) const;
  bool operator==(const FeaturePipeline&) const = default;
};

// A table's events in a pipeline's physical features (to_event_matrix with its layout).
EventMatrix to_event_matrix(const data::Table& table, const FeaturePipeline& pipeline);

// The values of each of a schema's categorical columns: its declared codes, or (codes =
// "learn") the sorted distinct values of the given rows of that column of `table` (NaN,
// missing, excluded).
std::vector<std::vector<float>> category_values(const data::Schema& schema, const data::Table& table,
                                                std::span<const std::uint32_t> rows);

// Fits the standardisation on the given rows of `events` (made with `layout`).
FeaturePipeline fit_pipeline(const data::Schema& schema, const FeatureLayout& layout, const EventMatrix& events,
                             std::span<const std::uint32_t> rows, bool embed_categorical, AugmentSpace augment_space);

} // namespace sieve::features
