#include "sieve/data/table.hpp"

#include "sieve/error.hpp"

#include <algorithm>

namespace sieve::data {

std::size_t Table::column_index(std::string_view name) const {
  auto it = std::find(feature_names.begin(), feature_names.end(), name);
  if (it == feature_names.end())
    throw ConfigError("column '" + std::string(name) + "' is not among the columns read from " +
                      (source.empty() ? std::string("the input") : source));
  return static_cast<std::size_t>(it - feature_names.begin());
}

std::span<const float> Table::column(std::string_view name) const {
  return features[column_index(name)];
}

std::string Table::where(std::size_t i) const {
  const std::string from = source.empty() ? std::string("the input") : source;
  if (i >= line.size()) return from + " row " + std::to_string(i);
  return counts_rows ? from + " row " + std::to_string(line[i] - 2) : from + " line " + std::to_string(line[i]);
}

const std::vector<double>& Table::analysis_weight() const {
  if (!weight.empty()) return weight;
  std::string names;
  if (schema)
    for (const std::string& name : schema->weight_columns) names.append(names.empty() ? " (" : ", ").append(name);
  if (!names.empty()) names.push_back(')');
  throw ConfigError((source.empty() ? std::string("the input") : source) + " has no weight column" + names +
                    ", so events cannot be weighted");
}

const Schema& schema_of(const Table& table) {
  if (table.schema) return *table.schema;
  throw ConfigError((table.source.empty() ? std::string("the input") : table.source) +
                    " was read without a dataset schema: give one (--schema FILE)");
}

Table select_rows(const Table& table, std::span<const std::uint32_t> rows) {
  Table out;
  out.source = table.source;
  out.counts_rows = table.counts_rows;
  out.schema = table.schema;
  out.feature_names = table.feature_names;
  auto pick = [&](const auto& from, auto& to) {
    if (from.empty()) return;
    to.reserve(rows.size());
    for (std::uint32_t r : rows) to.push_back(from[r]);
  };
  out.features.resize(table.features.size());
  for (std::size_t c = 0; c < table.features.size(); ++c) pick(table.features[c], out.features[c]);
  pick(table.event_id, out.event_id);
  pick(table.weight, out.weight);
  out.other_weights.resize(table.other_weights.size());
  for (std::size_t w = 0; w < table.other_weights.size(); ++w) pick(table.other_weights[w], out.other_weights[w]);
  out.role_columns = table.role_columns;
  pick(table.label, out.label);
  pick(table.set, out.set);
  pick(table.line, out.line);
  return out;
}

std::vector<std::uint32_t> rows_of_set(const Table& table, char set) {
  std::vector<std::uint32_t> rows;
  for (std::size_t i = 0; i < table.rows(); ++i)
    if (table.set.empty() || table.set[i] == set) rows.push_back(static_cast<std::uint32_t>(i));
  return rows;
}

} // namespace sieve::data
