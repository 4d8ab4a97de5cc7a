#include "sieve/score/input_binding.hpp"

#include "sieve/error.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace sieve::score {

InputBinding::InputBinding(const ensemble::Model& model, std::span<const std::string> columns, bool allow_extra,
                           std::span<const physics::Variation> variations)
    : width_(columns.size()), model_columns_(model.pipeline.raw_columns) {
  for (const auto& name : model_columns_) missing_.push_back(model.schema.sentinels(name));
  std::map<std::string, std::uint32_t> at;
  std::vector<std::string> duplicate, missing, unknown;
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (!at.emplace(columns[i], static_cast<std::uint32_t>(i)).second &&
        std::find(duplicate.begin(), duplicate.end(), columns[i]) == duplicate.end())
      duplicate.push_back(columns[i]);
  for (const auto& name : model_columns_) {
    auto it = at.find(name);
    if (it == at.end()) missing.push_back(name);
    else source_.push_back(it->second);
  }
  std::vector<std::string> substituted;
  for (const physics::Variation& v : variations)
    for (const auto& [from, to] : v.substitutions) {
      auto it = at.find(to);
      if (it == at.end()) {
        if (std::find(missing.begin(), missing.end(), to) == missing.end()) missing.push_back(to);
      } else if (substitute(to) < 0) {
        substitutes_.emplace_back(to, it->second);
      }
      substituted.push_back(to);
    }
  if (!allow_extra)
    for (const auto& name : columns)
      if (std::find(model_columns_.begin(), model_columns_.end(), name) == model_columns_.end() &&
          std::find(substituted.begin(), substituted.end(), name) == substituted.end())
        unknown.push_back(name);
  if (missing.empty() && duplicate.empty() && unknown.empty()) return;
  std::string message = "cannot bind the input columns to the model:";
  auto list = [&](const char* what, const std::vector<std::string>& names) {
    if (names.empty()) return;
    message += std::string(" ") + what + " ";
    for (std::size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + names[i];
    message += ";";
  };
  list("missing", missing);
  list("duplicate", duplicate);
  list("unknown", unknown);
  message.pop_back();
  throw ConfigError(message);
}

int InputBinding::substitute(const std::string& column) const {
  for (const auto& [name, index] : substitutes_)
    if (name == column) return static_cast<int>(index);
  return -1;
}

} // namespace sieve::score
