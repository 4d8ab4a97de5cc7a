#pragma once
// Registered recomputations: how the columns that depend on the objects follow when a
// variation scales an object's momentum or adds a soft term to the missing transverse
// momentum. A schema names one ([recompute] name = ...); its columns bind to the
// recomputation's roles (the 2014 HiggsML column names, raw_event.hpp) by name, through
// the registration's defaults or the schema's [recompute.columns].
//
//   higgsml2014         the 2014 DER formulae and variation rules (variation.hpp)
//   fair-universe-2024  the same formulae with the FAIR-Universe conventions: the tau is
//                       "had" (PRI_had_*, DER_deltar_had_lep, DER_pt_ratio_lep_had),
//                       the jet count PRI_n_jets, the tau massless and every DER column
//                       recomputed (systematics-spec section 3.2). Not done: the
//                       post-selection of step 6 (a per-event scorer scores every event)
//                       and the 3-decimal rounding of step 5.
//
// Both provide the preset variations tes_up, tes_down, jes_up, jes_down and soft_met.
#include "sieve/data/schema.hpp"
#include "sieve/physics/variation.hpp"

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sieve::physics {

class Recomputation {
public:
  // Throws ConfigError naming the schema for an unknown recomputation (listing the known
  // ones), a role bound to a column that is not among raw_columns, or a required role
  // (the tau, lepton, jets, MET, jet count and PRI_jet_all_pt) without a column.
  Recomputation(const data::Schema& schema, const std::vector<std::string>& raw_columns);

  static std::span<const std::string_view> known();
  const std::string& name() const { return name_; }

  // A schema's scale or soft-term variation as the rules' parameters: a scale of the tau
  // object is a TES, a scale of both jets a JES. Throws ConfigError for another scale.
  Variation variation(const data::VariationSpec& spec) const;

  // Varies one event in place: `raw` in the model's raw column order (NaN = missing).
  // Never allocates.
  void apply(std::span<float> raw, const Variation& variation, std::uint64_t event_id,
             std::uint64_t variation_index, std::uint64_t seed) const;

private:
  std::string name_;
  std::array<int, kRawEventSize> index_{};  // role -> raw column index, or -1
  DerivedRules rules_;
  std::string tau_, jets_[2];               // the schema's objects in those roles
};

} // namespace sieve::physics
