#pragma once
// The model's physical features, as the dataset schema defines them: from one event's raw
// columns (the model's raw column order, NaN = missing) to the continuous features the
// network standardises (momenta Cartesian, in GeV) and the categorical code.
//
// Order (LUMIN's HiggsML order for the preset, method spec section 1.6): the schema's
// continuous columns, then each object's px, py, pz (no pz for a transverse object) and
// its mass or energy column, then the pt of every object with keep_pt.
#include "sieve/data/schema.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sieve::features {

// A momentum vector among the physical features: positions of px, py and pz (pz = -1
// for a transverse object). The symmetries act on these only.
struct MomentumColumns {
  int px, py, pz;
  bool operator==(const MomentumColumns&) const = default;
};

class FeatureLayout {
public:
  FeatureLayout() = default;
  // `raw_columns` is the model's raw column order (the schema's columns); category_values
  // the categorical codes' values (empty when the schema has no categorical column).
  // Throws ConfigError when a schema column is not among raw_columns.
  FeatureLayout(const data::Schema& schema, const std::vector<std::string>& raw_columns,
                std::vector<float> category_values);

  int width() const { return static_cast<int>(names_.size()); }
  const std::vector<std::string>& names() const { return names_; }
  std::span<const MomentumColumns> momenta() const { return momenta_; }
  bool has_categorical() const { return categorical_ >= 0; }
  int categorical_column() const { return categorical_; }  // raw column index, or -1
  const std::string& categorical_name() const { return categorical_name_; }
  int n_categories() const { return static_cast<int>(values_.size()); }
  const std::vector<float>& category_values() const { return values_; }

  // The code of a categorical value (NaN: missing): its index among the values, the
  // fallback's code for another value, or -1 when the schema says "error".
  int code_of(float value) const;
  // Why `value` has no code, as the scorer and the row check word it.
  std::string code_problem(float value) const;

  // One event: raw (raw_columns order) -> out (width() values); returns the code (0 when
  // there is no categorical column). Throws InputError for a value without a code.
  // Cartesian components are computed in double and rounded once. Never allocates.
  int to_physical(std::span<const float> raw, std::span<float> out) const;

  bool operator==(const FeatureLayout&) const = default;

private:
  struct Object {
    int pt, eta, phi;  // raw column indices; eta -1 for a transverse object
    int at;            // position of px among the physical features
    int extra;         // raw index of the mass or energy column, or -1
    bool operator==(const Object&) const = default;
  };
  std::vector<std::string> names_;
  std::vector<int> copies_;        // physical feature j < copies_.size() is raw copies_[j]
  std::vector<Object> objects_;
  std::vector<int> kept_pt_;       // raw pt indices copied after the momenta
  std::vector<MomentumColumns> momenta_;
  int categorical_ = -1;
  std::string categorical_name_;
  std::vector<float> values_;
  int fallback_code_ = -1;
  bool consecutive_ = false;       // values_ are 0, 1, ..., n-1: code = value
};

} // namespace sieve::features
