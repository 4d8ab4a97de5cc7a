#pragma once
// Names resolve once: a caller binds the names of its columns (its row layout) to the
// model's raw inputs at configuration time; evaluation is then by index. The binding
// also carries the schema's missing-value sentinels of each raw column.
#include "sieve/ensemble/model.hpp"
#include "sieve/physics/variation.hpp"

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sieve::score {

class InputBinding {
public:
  // Throws one ConfigError listing every missing name (the model needs it, the caller
  // lacks it), every duplicate, and, unless allow_extra, every unknown caller column.
  // The columns that `variations` substitute (schema column-substitution variations) are
  // needed too.
  InputBinding(const ensemble::Model& model, std::span<const std::string> caller_columns,
               bool allow_extra = true, std::span<const physics::Variation> variations = {});
  // Number of columns of one caller row.
  std::size_t width() const { return width_; }
  // Model raw column i is caller column source()[i].
  std::span<const std::uint32_t> source() const { return source_; }
  const std::vector<std::string>& model_columns() const { return model_columns_; }
  // The caller column of a substituted column (one the variations name), or -1.
  int substitute(const std::string& column) const;

  // Raw value `x` of model raw column c as the model sees it: NaN when it is missing (one
  // of the schema's sentinels for c, or NaN).
  float value(std::size_t c, float x) const {
    for (float s : missing_[c])
      if (x == s) return NAN;
    return x;
  }

private:
  std::size_t width_ = 0;
  std::vector<std::uint32_t> source_;
  std::vector<std::string> model_columns_;
  std::vector<std::vector<float>> missing_;
  std::vector<std::pair<std::string, std::uint32_t>> substitutes_;
};

} // namespace sieve::score
