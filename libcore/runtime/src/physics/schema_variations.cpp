#include "sieve/physics/schema_variations.hpp"

#include "sieve/error.hpp"
#include "sieve/physics/recomputation.hpp"

#include <algorithm>
#include <optional>

namespace sieve::physics {

std::vector<std::string> known_variation_names(const data::Schema& schema) {
  std::vector<std::string> out{"nominal"};
  for (const data::VariationSpec& v : schema.variations) out.push_back(v.name);
  if (!schema.recomputation.empty())
    for (std::string_view n : known_variation_names())
      if (std::find(out.begin(), out.end(), n) == out.end()) out.emplace_back(n);
  return out;
}

std::vector<Variation> parse_variations(std::string_view names, const data::Schema& schema,
                                        const VariationSizes& sizes) {
  std::optional<Recomputation> recompute;
  if (!schema.recomputation.empty()) recompute.emplace(schema, schema.columns);
  const std::vector<std::string> known = known_variation_names(schema);
  auto known_text = [&] {
    std::string t;
    for (const auto& n : known) t += (t.empty() ? "" : ", ") + n;
    return t;
  };
  std::vector<Variation> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = names.find(',', start);
    std::string item(names.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    item.erase(0, item.find_first_not_of(" \t\r\n"));
    item.erase(item.find_last_not_of(" \t\r\n") + 1);
    if (item.empty())
      throw ConfigError("empty name in the variation list '" + std::string(names) + "' (known variations of schema " +
                        schema.name + ": " + known_text() + ")");
    if (std::any_of(out.begin(), out.end(), [&](const Variation& v) { return v.name == item; }))
      throw ConfigError("variation '" + item + "' is listed twice in '" + std::string(names) + "'");
    if (const data::VariationSpec* spec = schema.variation(item)) {
      if (spec->substitutions.empty() && !recompute)
        throw ConfigError("variation '" + item + "' moves objects, and schema " + schema.name +
                          " names no recomputation");
      Variation v = recompute ? recompute->variation(*spec) : Variation{};
      v.name = item;
      v.substitutions = spec->substitutions;
      out.push_back(std::move(v));
    } else if (std::find(known.begin(), known.end(), item) != known.end()) {
      out.push_back(preset_variation(item, sizes));
    } else {
      throw ConfigError("unknown systematic variation '" + item + "' (known variations of schema " + schema.name +
                        ": " + known_text() + ")");
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

} // namespace sieve::physics
