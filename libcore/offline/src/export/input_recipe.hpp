#pragma once
// How a model's network inputs follow from its raw columns, spelled out for the exporters:
// which raw column each physical feature copies or which pt/eta/phi columns it is the
// Cartesian component of, the missing-value sentinels of each raw column, and the
// categorical codes. The same rules as features::FeatureLayout (which keeps them
// private), rebuilt from the model's schema and checked against the layout's names, so
// that an exporter and the scorer can never disagree on the order of the inputs.
#include "sieve/ensemble/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sieve::exporting::detail {

struct PhysicalFeature {
  enum class Kind { Copy, Px, Py, Pz };
  Kind kind = Kind::Copy;
  std::string name;  // the network input's name (features::FeatureLayout::names())
  int column = -1;   // Copy: the raw column; Px, Py, Pz: the object's pt column
  int angle = -1;    // Px, Py: the phi column; Pz: the eta column
};

struct InputRecipe {
  std::vector<std::string> raw_columns;         // the model's raw column order
  std::vector<std::vector<float>> sentinels;    // per raw column (NaN is always missing)
  std::vector<PhysicalFeature> features;        // the physical features, in input order
  std::vector<std::vector<int>> momentum_signs; // per TTA copy: -1 where it negates an input
  // A categorical column: its raw index and name, its codes' values, and the code an
  // unseen value (missing included) takes (none: the schema says such a value is an error).
  struct Categorical {
    int column = -1;
    std::string name;
    std::vector<float> values;
    std::optional<int> fallback_code;
  };
  std::vector<Categorical> categoricals;  // in the schema's order
  // Whether the network embeds the codes (one table per column, in order) or reads each
  // column's value as one more input.
  bool embedded = false;
  // The network's continuous inputs: the physical features, then (not embedded) the
  // categorical values in order.
  std::vector<std::string> inputs;
};

// Throws ConfigError when the model's stored inputs are not those its schema gives.
InputRecipe input_recipe(const ensemble::Model& model);

// A float as the shortest decimal that reads back as the same float ("2", "-0.5", "1e-07").
std::string short_float(float value);

} // namespace sieve::exporting::detail
