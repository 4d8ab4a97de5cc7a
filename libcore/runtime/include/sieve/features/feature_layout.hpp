#pragma once
// The model's physical features, as the dataset schema defines them: from one event's raw
// columns (the model's raw column order, NaN = missing) to the continuous features the
// network standardises (momenta Cartesian, in GeV) and the categorical codes, one per
// categorical column in the schema's order.
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
  // the codes' values of each of the schema's categorical columns, in its order. Throws
  // ConfigError when a schema column is not among raw_columns.
  FeatureLayout(const data::Schema& schema, const std::vector<std::string>& raw_columns,
                std::vector<std::vector<float>> category_values);

  int width() const { return static_cast<int>(names_.size()); }
  const std::vector<std::string>& names() const { return names_; }
  std::span<const MomentumColumns> momenta() const { return momenta_; }
  // The categorical columns k = 0 .. n_categorical() - 1, in the schema's order.
  int n_categorical() const { return static_cast<int>(categories_.size()); }
  int categorical_column(int k) const { return category(k).column; }  // raw column index
  const std::string& categorical_name(int k) const { return category(k).name; }
  int n_categories(int k) const { return static_cast<int>(category(k).values.size()); }
  const std::vector<float>& category_values(int k) const { return category(k).values; }

  // The code of a value of categorical column k (NaN: missing): its index among the
  // values, the fallback's code for another value, or -1 when the schema says "error".
  int code_of(int k, float value) const;
  // Why `value` has no code in column k, as the scorer and the row check word it (the
  // message starts with the column's name).
  std::string code_problem(int k, float value) const;

  // One event: raw (raw_columns order) -> out (width() values) and codes (one per
  // categorical column). Throws InputError for a value without a code. Cartesian
  // components are computed in double and rounded once. Never allocates.
  void to_physical(std::span<const float> raw, std::span<float> out, std::span<std::uint8_t> codes) const;

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
  struct Category {
    int column;                    // raw column index
    std::string name;
    std::vector<float> values;
    int fallback_code;             // -1: an unseen value is an error
    bool consecutive;              // values are 0, 1, ..., n-1: code = value
    bool operator==(const Category&) const = default;
  };
  const Category& category(int k) const { return categories_[static_cast<std::size_t>(k)]; }
  std::vector<Category> categories_;
};

} // namespace sieve::features
