#pragma once
// The DER features of the 2014 HiggsML data as functions of the PRI features
// (/work/shared/reference/systematics-spec.md section 1): every object massless, 2014
// conventions. Arithmetic in double (the cosine and sine of a float angle in float, whose
// error is below the angle's own float quantisation), results stored as float32.
//
// Exactly recomputable (agree with the stored values up to the 3-decimal rounding of the
// published inputs and outputs): DER_mass_transverse_met_lep, DER_pt_h,
// DER_deltaeta_jet_jet, DER_prodeta_jet_jet, DER_deltar_tau_lep, DER_pt_tot, DER_sum_pt,
// DER_pt_ratio_lep_tau, DER_met_phi_centrality, DER_lep_eta_centrality.
// Approximate: DER_mass_vis (the true tau and lepton masses are not in the file; here a
// tau of mass tau_mass, default 0.8 GeV, and a massless lepton) and DER_mass_jet_jet
// (massless jets; the stored value uses massive jets, typically 0.7 % higher).
// Not recomputable: DER_mass_MMC (a likelihood fit; see variation.hpp for how variations
// treat it).
//
// Conventions (as stored in the 2014 files):
//  - j1 exists iff PRI_jet_num >= 1, j2 iff PRI_jet_num >= 2; a missing jet adds nothing;
//    DER_pt_tot uses j1 and j2 only, DER_sum_pt uses PRI_jet_all_pt (all jets).
//  - DER_deltaeta_jet_jet, DER_mass_jet_jet, DER_prodeta_jet_jet, DER_lep_eta_centrality
//    are undefined (NaN) when PRI_jet_num <= 1; every other DER feature is always defined.
//  - DER_met_phi_centrality is 0 when phi_tau == phi_lep exactly.
//  - DER_lep_eta_centrality is 0 when eta_j1 == eta_j2.
#include "sieve/physics/raw_event.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace sieve::physics {

inline constexpr double kTauMass = 0.8;  // GeV, the Rousseau/Estrade choice (spec 1.1)

// A set of DER columns: bit c is DER column c (c < kDerivedCount).
using DerivedMask = std::uint32_t;
constexpr DerivedMask derived_bit(data::HiggsColumn column) { return DerivedMask{1} << column; }

inline constexpr DerivedMask kRecomputableDerived =
    derived_bit(data::DER_mass_transverse_met_lep) | derived_bit(data::DER_pt_h) |
    derived_bit(data::DER_deltaeta_jet_jet) | derived_bit(data::DER_prodeta_jet_jet) |
    derived_bit(data::DER_deltar_tau_lep) | derived_bit(data::DER_pt_tot) |
    derived_bit(data::DER_sum_pt) | derived_bit(data::DER_pt_ratio_lep_tau) |
    derived_bit(data::DER_met_phi_centrality) | derived_bit(data::DER_lep_eta_centrality);
inline constexpr DerivedMask kApproximateDerived =
    derived_bit(data::DER_mass_vis) | derived_bit(data::DER_mass_jet_jet);

// True for the ten exactly recomputable DER columns.
constexpr bool is_recomputable(data::HiggsColumn column) {
  return column < static_cast<int>(kDerivedCount) && (kRecomputableDerived & derived_bit(column));
}

// The DER features indexed by HiggsColumn (DER_mass_MMC always NaN).
using DerivedValues = std::array<double, kDerivedCount>;

// Computes the DER columns in `which` from the PRI features of `event` (any DER values in
// `event` are ignored); the other slots are NaN. The double overload serves error
// propagation and tests.
DerivedValues compute_derived(ConstEventSpan event,
                              DerivedMask which = kRecomputableDerived | kApproximateDerived,
                              double tau_mass = kTauMass);
DerivedValues compute_derived(std::span<const double, kRawEventSize> event,
                              DerivedMask which = kRecomputableDerived | kApproximateDerived,
                              double tau_mass = kTauMass);

// Overwrites the DER columns in `which` (a subset of kRecomputableDerived by default;
// approximate columns only if asked) with values recomputed from the PRI features of
// `event`. Other columns are untouched.
void recompute_derived(EventSpan event, DerivedMask which = kRecomputableDerived,
                       double tau_mass = kTauMass);

} // namespace sieve::physics
