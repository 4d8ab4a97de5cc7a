#pragma once
// Names resolve once: a caller binds the names of its columns (its row layout) to the
// model's raw inputs at configuration time; evaluation is then by index.
#include "sieve/ensemble/model.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sieve::score {

class InputBinding {
public:
  // Throws one ConfigError listing every missing name (the model needs it, the caller
  // lacks it), every duplicate, and, unless allow_extra, every unknown caller column.
  InputBinding(const ensemble::Model& model, std::span<const std::string> caller_columns,
               bool allow_extra = true);
  // Number of columns of one caller row.
  std::size_t width() const { return width_; }
  // Model raw column i is caller column source()[i].
  std::span<const std::uint32_t> source() const { return source_; }
  const std::vector<std::string>& model_columns() const { return model_columns_; }

private:
  std::size_t width_ = 0;
  std::vector<std::uint32_t> source_;
  std::vector<std::string> model_columns_;
};

} // namespace sieve::score
