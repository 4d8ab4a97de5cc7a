#pragma once
// A trained model: everything needed to score raw events, immutable once built and
// shared between threads as std::shared_ptr<const Model>. It holds no caches and no
// mutable state; scratch lives in caller-owned workspaces.
#include "sieve/data/schema.hpp"
#include "sieve/features/pipeline.hpp"
#include "sieve/nn/network_config.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace sieve::ensemble {

struct Member {
  std::vector<float> params;  // flat, laid out by nn::ParameterLayout
  double best_loss = 0.0;     // best validation loss (weighted BCE)
  int best_sub_epoch = -1;
  double weight = 0.0;        // ensemble weight, proportional to 1 / best_loss
  bool operator==(const Member&) const = default;
};

// Where the model came from; no timestamps or host names, so that the same inputs give
// a byte-identical file.
struct Provenance {
  std::string library_version;
  std::string recipe;         // RecipeConfig::describe()
  std::uint64_t seed = 0;
  std::string data_source;    // file name (without directories) of the training data
  std::uint64_t data_rows = 0;
  std::uint32_t data_crc32 = 0;  // of the training events' raw values, labels and weights
  bool operator==(const Provenance&) const = default;
};

// A real input row (the model's raw columns, missing values stored as -999.0, so that
// rows compare equal and the text archive can hold them) and the score the model gave it
// when written: re-scored at load.
inline constexpr float kSelfTestMissing = -999.0f;
struct SelfTestRow {
  std::vector<float> raw;
  float expected = 0.0f;
  bool operator==(const SelfTestRow&) const = default;
};

struct Model {
  data::Schema schema;       // what the raw columns are (stored whole in the file)
  features::FeaturePipeline pipeline;
  nn::NetworkConfig network;
  std::vector<Member> members;
  bool tta = true;           // average the 8 symmetry copies
  double cut = 0.5;          // events with score >= cut are selected
  Provenance provenance;
  std::vector<SelfTestRow> self_test;
  bool operator==(const Model&) const = default;
};

// w_m = (1 / L_m) / sum_j (1 / L_j)  (LUMIN's reciprocal weighting).
void set_reciprocal_weights(Model& model);

} // namespace sieve::ensemble
