#include "sieve/data/schema.hpp"

#include <algorithm>

namespace sieve::data {

// The text of schemas/higgsml-2014.toml, compiled in by CMake (schema_presets.cpp.in).
extern const char* const kHiggsml2014SchemaText;

const std::vector<float>& Schema::sentinels(std::string_view column) const {
  for (const auto& [declared, values] : column_missing)
    if (declared == column) return values;
  return missing;
}

std::optional<std::size_t> Schema::column_position(std::string_view column) const {
  const auto it = std::find(columns.begin(), columns.end(), column);
  if (it == columns.end()) return std::nullopt;
  return static_cast<std::size_t>(it - columns.begin());
}

const VariationSpec* Schema::variation(std::string_view variation_name) const {
  for (const VariationSpec& v : variations)
    if (v.name == variation_name) return &v;
  return nullptr;
}

std::string Schema::weight_in(const std::vector<std::string>& header) const {
  for (const std::string& w : weight_columns)
    if (std::find(header.begin(), header.end(), w) != header.end()) return w;
  return {};
}

const Schema& higgsml_schema() {
  static const Schema schema = parse_schema(kHiggsml2014SchemaText, "schemas/higgsml-2014.toml (built in)");
  return schema;
}

bool is_higgsml_header(const std::vector<std::string>& header) {
  const Schema& s = higgsml_schema();
  if (header.size() < s.columns.size() + 1 || header.front() != s.id_column) return false;
  return std::equal(s.columns.begin(), s.columns.end(), header.begin() + 1);
}

} // namespace sieve::data
