#include "sieve/score/input_binding.hpp"

#include "sieve/error.hpp"

#include <algorithm>
#include <map>

namespace sieve::score {

InputBinding::InputBinding(const ensemble::Model& model, std::span<const std::string> columns, bool allow_extra)
    : width_(columns.size()), model_columns_(model.pipeline.raw_columns) {
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
  if (!allow_extra)
    for (const auto& name : columns)
      if (std::find(model_columns_.begin(), model_columns_.end(), name) == model_columns_.end())
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

} // namespace sieve::score
