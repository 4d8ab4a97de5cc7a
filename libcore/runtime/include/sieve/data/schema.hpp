#pragma once
// The dataset schema: what the columns of a user's ntuple are. One TOML file per dataset
// (schemas/*.toml; the format is documented in schemas/README.md), stored whole inside
// every model trained with it, so that every consumer takes its names from the model.
//
// It declares the event-id, label, weight and set columns, the continuous inputs, any
// number of categorical columns (one embedding each), the physics objects (pt/eta/phi columns, optional mass or
// energy) that the pipeline turns into Cartesian momenta and that augmentation rotates
// and reflects, the missing-value sentinels, and the systematic variations (column
// substitutions, or scales of objects whose dependent columns a registered
// recomputation updates).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sieve::data {

// A physics object: a 4-vector given by its pt, eta and phi columns. `eta` empty: a
// transverse object (missing transverse momentum). `extra` is its mass or energy
// column (invariant under the symmetries), or empty.
struct ObjectSpec {
  std::string name;    // prefix of its network inputs: <name>_px, <name>_py, <name>_pz
  std::string pt, eta, phi, extra;
  bool keep_pt = false;  // its pt stays an input too (<name>_pt), after every object's momenta
  bool operator==(const ObjectSpec&) const = default;
};

// The most categorical columns a schema may declare (each has its own embedding table).
inline constexpr std::size_t kMaxCategoricals = 16;

struct CategoricalSpec {
  std::string column;
  // The codes' values in code order; empty with `learn`: the sorted distinct values of
  // the training data.
  std::vector<float> values;
  bool learn = false;
  bool embed = true;        // false: the code is one more standardised input
  int embedding_dim = 0;    // the embedding's size; 0: the recipe's embedding_dim
  // A value outside `values`: an input error, or scored as this value's code.
  std::optional<float> fallback;
  bool operator==(const CategoricalSpec&) const = default;
};

// A systematic variation declared by the schema.
struct VariationSpec {
  std::string name;
  // Column substitution (NanoAOD style): read the second column in place of the first.
  std::vector<std::pair<std::string, std::string>> substitutions;
  // Or a scale of objects' momenta (needs a recomputation): these objects' pt x factor.
  std::vector<std::string> scaled_objects;
  double factor = 1.0;
  // Or a random soft term of this sigma (GeV) on the transverse object (needs a
  // recomputation).
  double soft_sigma = 0.0;
  bool operator==(const VariationSpec&) const = default;
};

struct Schema {
  std::string name;
  std::string source;  // the file it was read from, for messages
  std::string text;    // the whole TOML text, as stored in model files

  std::string id_column;                  // empty: none (ids are row numbers)
  std::string label_column;               // empty: unlabelled data only
  std::string signal_value = "1";         // the label cell that means signal
  std::string background_value = "0";     // and background; any other cell is an error
  std::vector<std::string> weight_columns;  // the first one a file has is the weight
  std::string set_column;                 // empty: none
  // The set column's value for the training part, the public and private test sets and
  // the unused events (empty: that set does not exist).
  std::string set_train, set_public, set_private, set_unused;
  // The per-class sums of the weights in the whole sample the files are drawn from
  // ([dataset] totals): cross-validation rescales a held-out fold's weights to them, so that
  // its AMS estimates the whole sample's. Absent: the file's own sums.
  std::optional<double> signal_total, background_total;

  // Every raw input column in the order the model reads it (the file order of the
  // preset's files, when the schema gives `columns`).
  std::vector<std::string> columns;
  std::vector<std::string> continuous;  // copied as they are, in this order
  std::vector<std::string> derived;     // those of `continuous` computed from the objects
  std::vector<ObjectSpec> objects;
  // The categorical columns in declaration order: the order of their codes in every codes
  // buffer (features/event_matrix.hpp) and of their embeddings after the continuous inputs.
  std::vector<CategoricalSpec> categoricals;

  // Sentinels: a cell equal to one of these (or NaN, with missing_nan) is missing.
  std::vector<float> missing;
  bool missing_nan = false;
  std::vector<std::pair<std::string, std::vector<float>>> column_missing;  // per column, replaces `missing`

  std::string recomputation;  // a registered recomputation (physics/recomputation.hpp), or empty
  std::vector<std::pair<std::string, std::string>> recompute_columns;  // role -> column
  std::vector<VariationSpec> variations;

  // The sentinels of raw column `name`.
  const std::vector<float>& sentinels(std::string_view name) const;
  std::optional<std::size_t> column_position(std::string_view name) const;
  const VariationSpec* variation(std::string_view name) const;
  // The file's weight: the first of weight_columns among `header`, or empty.
  std::string weight_in(const std::vector<std::string>& header) const;
  bool operator==(const Schema& o) const { return text == o.text; }
};

// Parses a schema. Every problem is a ConfigError naming `source`, the key and, for TOML
// syntax errors, the line and column: an unknown column, a column used twice, an object
// without its eta or phi, a variation of an unknown column or object, a scale variation
// without a recomputation, an unknown recomputation.
Schema parse_schema(std::string_view text, const std::string& source);
Schema load_schema(const std::string& path);

// The HiggsML 2014 preset (schemas/higgsml-2014.toml, compiled in): what a model file of
// format 1 (before schemas) was trained with, and the default for HiggsML files.
const Schema& higgsml_schema();

// True when a CSV header is one of the HiggsML 2014 layouts (open data, Kaggle training
// or test), for which the preset is the default.
bool is_higgsml_header(const std::vector<std::string>& header);

} // namespace sieve::data
