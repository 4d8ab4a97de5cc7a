#include "read_roles.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace sieve::data::detail {
namespace {

std::string number_text(float value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

// "an integer from 0 to 3" when the codes are consecutive integers, else "one of the codes
// 0.5, 2".
std::string describe_codes(std::vector<float> codes) {
  std::sort(codes.begin(), codes.end());
  bool consecutive = codes.size() > 1;
  for (std::size_t i = 0; i < codes.size() && consecutive; ++i)
    consecutive = codes[i] == std::floor(codes[i]) && (i == 0 || codes[i] == codes[i - 1] + 1.0f);
  if (consecutive) return "an integer from " + number_text(codes.front()) + " to " + number_text(codes.back());
  std::string text = "one of the codes ";
  for (std::size_t i = 0; i < codes.size(); ++i) text.append(i == 0 ? "" : ", ").append(number_text(codes[i]));
  return text;
}

} // namespace

ReadRoles::ReadRoles(const Schema& schema, const std::vector<std::string>& header) {
  for (const std::string& w : schema.weight_columns)
    if (std::find(header.begin(), header.end(), w) != header.end()) weight_names.push_back(w);
  for (const auto& [value, code] : {std::pair{&schema.set_train, 't'}, std::pair{&schema.set_public, 'b'},
                                    std::pair{&schema.set_private, 'v'}, std::pair{&schema.set_unused, 'u'}})
    if (!value->empty()) {
      set_values.emplace_back(*value, code);
      set_values_text.append(set_values_text.empty() ? "'" : ", '").append(*value).push_back('\'');
    }
  for (const CategoricalSpec& c : schema.categoricals)
    if (!c.learn && !c.fallback && !c.values.empty()) code_checks.push_back({c.column, c.values, describe_codes(c.values)});
}

std::optional<std::size_t> ReadRoles::weight_index(std::string_view name) const {
  const auto it = std::find(weight_names.begin(), weight_names.end(), name);
  if (it == weight_names.end()) return std::nullopt;
  return static_cast<std::size_t>(it - weight_names.begin());
}

const CodeCheck* ReadRoles::code_check(std::string_view name) const {
  for (const CodeCheck& check : code_checks)
    if (check.column == name) return &check;
  return nullptr;
}

bool CodeCheck::holds(double value) const {
  return std::any_of(codes.begin(), codes.end(), [value](float code) { return value == static_cast<double>(code); });
}

std::shared_ptr<const Schema> preset_schema() {
  return std::shared_ptr<const Schema>(std::shared_ptr<const Schema>(), &higgsml_schema());  // a static: not owned
}

bool has_higgsml_columns(const std::vector<std::string>& names) {
  const Schema& preset = higgsml_schema();
  auto has = [&](const std::string& name) { return std::find(names.begin(), names.end(), name) != names.end(); };
  return has(preset.id_column) && std::all_of(preset.columns.begin(), preset.columns.end(), has);
}

std::string not_a_higgsml_header(const std::vector<std::string>& header) {
  const Schema& preset = higgsml_schema();
  std::vector<std::string> expected{preset.id_column};
  expected.insert(expected.end(), preset.columns.begin(), preset.columns.end());
  for (std::size_t j = 0; j < expected.size(); ++j) {
    if (j == header.size())
      return "not a HiggsML 2014 header (it ends after " + std::to_string(j) + (j == 1 ? " column" : " columns") +
             ", where the preset has " + expected[j] + ")";
    if (header[j] != expected[j])
      return "not a HiggsML 2014 header (column " + std::to_string(j + 1) + " is '" + header[j] +
             "', where the preset has " + expected[j] + ")";
  }
  return "a HiggsML 2014 header";
}

} // namespace sieve::data::detail
