#pragma once
// What the table readers (CSV, HDF5) take from a dataset schema besides its input
// columns: which of its weight columns a file has (the analysis weight first), its set
// values and their codes, and the codes the cells of each categorical column must hold. And the schema a
// file read without one gets: the HiggsML preset when its columns are a HiggsML layout.
#include "sieve/data/schema.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sieve::data::detail {

// A categorical column whose cells must be one of `codes` (its declared codes, when it has
// no fallback); what a cell must be, for messages: "an integer from 0 to 3" or "one of the
// codes 0.5, 2".
struct CodeCheck {
  std::string column;
  std::vector<float> codes;
  std::string text;
  bool holds(double value) const;
};

struct ReadRoles {
  ReadRoles() = default;
  ReadRoles(const Schema& schema, const std::vector<std::string>& header);

  // The schema's weight columns that `header` has, in the schema's order: Table::weight's
  // name, then those of Table::other_weights.
  std::vector<std::string> weight_names;
  // The header's columns that have a role (id, weights, label, set), in header order: the
  // reader fills it as it plans the columns (Table::role_columns).
  std::vector<std::string> role_columns;
  // The schema's set values with the codes Table::set stores ('t', 'b', 'v', 'u'), and
  // the values quoted for messages: "'t', 'b', 'v', 'u'".
  std::vector<std::pair<std::string, char>> set_values;
  std::string set_values_text;
  // One per categorical column with declared codes and no fallback, in schema order.
  std::vector<CodeCheck> code_checks;

  // Column `name`'s place in weight_names, if it is one.
  std::optional<std::size_t> weight_index(std::string_view name) const;
  // The check of column `name`'s cells, or null.
  const CodeCheck* code_check(std::string_view name) const;
};

// The HiggsML preset (higgsml_schema()), shared: what a file with a HiggsML header is read
// with when the caller gives no schema.
std::shared_ptr<const Schema> preset_schema();

// True when `names` hold the HiggsML preset's id and input columns in any order: a HiggsML
// table stored as an HDF5 group, which lists its datasets in name order unless it tracks
// their creation order.
bool has_higgsml_columns(const std::vector<std::string>& names);

// Why `header` is not a HiggsML header, for messages: "column 2 is 'mass', where the
// HiggsML 2014 preset has 'DER_mass_MMC'" or "the header ends after 3 columns".
std::string not_a_higgsml_header(const std::vector<std::string>& header);

// The end of the message for a file that no schema describes.
inline constexpr const char* kGiveASchema =
    "give the dataset schema that describes its columns (--schema FILE, or ReadOptions::schema; see "
    "schemas/README.md)";

} // namespace sieve::data::detail
