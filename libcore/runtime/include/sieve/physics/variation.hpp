#pragma once
// Systematic variations of one raw 2014 HiggsML event, for rescoring each event under every
// variation (/work/shared/reference/systematics-spec.md sections 3.2-4, adapted to the 2014
// data as section 4 recommends).
//
// apply() varies the primaries, in this order, then updates the derived features:
//  1. TES (tes != 1): PRI_tau_pt *= tes; MET vector -= (tes - 1) * old tau transverse vector.
//  2. JES (jes != 1): PRI_jet_leading_pt and PRI_jet_subleading_pt (the jets that exist)
//     and PRI_jet_all_pt *= jes; MET vector -= (jes - 1) * (old j1 + old j2). Jets beyond
//     the second enter PRI_jet_all_pt but not MET (their direction is not stored).
//  3. Soft MET (soft_met > 0): each MET component += soft_met * N(0, 1), the two draws being
//     sieve::normal(sieve::key(seed, event_id, variation_index), 0 and 1): a pure function
//     of (seed, event, variation), so reproducible and independent of threads and order
//     (it cannot reproduce the reference numpy stream, spec 3.2 step 3).
//  4. PRI_met = |MET|, PRI_met_phi = atan2(MET_y, MET_x) wrapped to [-pi, pi).
//  5. Derived features: every exactly recomputable DER feature whose inputs changed is
//     recomputed from the varied PRI (derived_features.hpp); the others keep their stored
//     value, which equals their recomputation up to rounding (e.g. a soft-MET variation
//     does not touch DER_deltar_tau_lep or DER_pt_ratio_lep_tau, a JES variation of a
//     0-jet event changes nothing at all). The three features that cannot be recomputed
//     are shifted from their stored values instead (spec 1.1 and 2):
//       DER_mass_vis     *= sqrt(tes)  (whole tau 4-vector scaled; the neglected term
//                                       tes (tes - 1) m_tau^2 is below 1e-3 GeV^2 here);
//       DER_mass_jet_jet *= jes        (both jet 4-vectors scaled: exact);
//       DER_mass_MMC     *= sum_pt(varied) / sum_pt(nominal), both from the PRI
//                        (MmcRule::ScaleBySumPt, the default): an APPROXIMATION, the MMC
//                        being a likelihood fit that cannot be rerun from the file; it
//                        ignores MET, so soft-MET variations leave it unchanged. With
//                        MmcRule::Hold it keeps its stored value. Undefined stays undefined.
//  PRI_met_sumet (no counterpart in the reference code): with SumEtRule::Update (the
//  default) it is moved by the change of the visible transverse momenta it contains,
//  (tes - 1) * old tau pt + (jes - 1) * old PRI_jet_all_pt (the update the Rousseau code
//  carries commented out); the soft term is a random vector whose scalar size is unknown,
//  so it leaves ΣET alone. SumEtRule::Hold keeps the stored value.
//
// Not done, by design, in the 2014 layout:
//  - No rounding of the varied PRI to 3 decimals (spec 3.2 step 5): the network sees
//    float32 values, and rounding adds nothing but steps.
//  - No post-selection (spec 3.2 step 6). Jets falling below the 30 GeV jet threshold
//    after JES are NOT removed and PRI_jet_num is not changed: with PRI_jet_num capped at 3
//    a removal would be ambiguous for 3-jet events, and no third-jet direction is stored
//    to promote. A tau falling below its threshold after TES is kept as well: every event
//    is scored under every variation.
//
// Nominal (tes == jes == 1, soft_met == 0) returns the event unchanged, bit for bit, with
// its stored DER features. apply() never allocates: it works on plain arrays.
#include "sieve/physics/derived_features.hpp"
#include "sieve/physics/raw_event.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sieve::physics {

enum class MmcRule { ScaleBySumPt, Hold };
enum class SumEtRule { Update, Hold };

struct Variation {
  std::string name = "nominal";
  // Column substitution (a schema's NanoAOD-style variation): raw column first is read
  // from the caller's column second. Nothing is recomputed.
  std::vector<std::pair<std::string, std::string>> substitutions;
  double tes = 1.0;       // tau pt scale factor
  double jes = 1.0;       // jet pt scale factor (leading, subleading, PRI_jet_all_pt)
  double soft_met = 0.0;  // sigma (GeV) of the Gaussian soft term, per MET component
  MmcRule mmc = MmcRule::ScaleBySumPt;
  SumEtRule sumet = SumEtRule::Update;

  // Moves objects: needs a recomputation (physics/recomputation.hpp) of the dependent columns.
  bool moves_objects() const { return tes != 1.0 || jes != 1.0 || soft_met != 0.0; }
  bool is_nominal() const { return !moves_objects() && substitutions.empty(); }
};

// Sizes of the named presets. Defaults: tes and jes +-3 % (the "reasonable values" of
// the 2019 reference docstring and the calibrated errors of SystGradDescent), soft MET
// sigma 3 GeV (the same sources), spec 3.1.
struct VariationSizes {
  double tes = 0.03;       // tes_up = 1 + tes, tes_down = 1 - tes
  double jes = 0.03;       // jes_up = 1 + jes, jes_down = 1 - jes
  double soft_met = 3.0;   // soft_met preset sigma, GeV
  MmcRule mmc = MmcRule::ScaleBySumPt;
  SumEtRule sumet = SumEtRule::Update;
};

// The preset names, in canonical order: nominal, tes_up, tes_down, jes_up, jes_down,
// soft_met.
std::span<const std::string_view> known_variation_names();

// One preset; throws ConfigError listing the known names for an unknown name, and for
// sizes that would make a scale factor non-positive or a sigma negative.
Variation preset_variation(std::string_view name, const VariationSizes& sizes = {});

// A comma-separated list of preset names, e.g. "nominal,tes_up,jes_down" (spaces around
// names are ignored). Throws ConfigError for an unknown, empty or repeated name.
std::vector<Variation> parse_variations(std::string_view names, const VariationSizes& sizes = {});

// How the derived columns follow: the 2014 rules above (a tau of kTauMass, DER_mass_vis
// and DER_mass_jet_jet scaled), or those of the FAIR-Universe 2024 code (massless tau,
// every DER column recomputed from the varied PRI: systematics-spec section 3.2 step 7).
struct DerivedRules {
  double tau_mass = kTauMass;
  bool recompute_masses = false;
};

// The event varied by `variation` (see the header comment). `event_id` and
// `variation_index` key the soft-MET draws together with `seed`. Column substitutions
// are not applied here (the scorer reads the substituted columns).
RawEvent apply(ConstEventSpan event, const Variation& variation, std::uint64_t event_id,
               std::uint64_t variation_index, std::uint64_t seed, const DerivedRules& rules = {});

} // namespace sieve::physics
