#pragma once
// The recipe's model features (method spec section 1.6): 30 continuous features in the
// order the network sees them, then PRI_jet_num as a categorical. Momenta are Cartesian
// (px, py, pz) in GeV; missing values are NaN.
#include "sieve/data/higgs_columns.hpp"

#include <array>
#include <span>
#include <string_view>

namespace sieve::features {

inline constexpr int kContinuous = 30;
inline constexpr int kCategories = 4;  // PRI_jet_num 0..3 -> codes 0..3

inline constexpr std::array<std::string_view, kContinuous> kContinuousNames = {
    "DER_mass_MMC", "DER_mass_transverse_met_lep", "DER_mass_vis", "DER_pt_h",
    "DER_deltaeta_jet_jet", "DER_mass_jet_jet", "DER_prodeta_jet_jet", "DER_deltar_tau_lep",
    "DER_pt_tot", "DER_sum_pt", "DER_pt_ratio_lep_tau", "DER_met_phi_centrality",
    "DER_lep_eta_centrality", "PRI_met_sumet", "PRI_jet_all_pt",
    "PRI_lep_px", "PRI_lep_py", "PRI_lep_pz", "PRI_tau_px", "PRI_tau_py", "PRI_tau_pz",
    "PRI_met_px", "PRI_met_py",
    "PRI_jet_subleading_px", "PRI_jet_subleading_py", "PRI_jet_subleading_pz",
    "PRI_jet_leading_px", "PRI_jet_leading_py", "PRI_jet_leading_pz", "PRI_met_pt"};
inline constexpr std::string_view kCategoricalName = "PRI_jet_num";

// A momentum vector among the continuous features: column indices of px, py and pz
// (pz = -1 for MET, which is transverse).
struct MomentumColumns {
  int px, py, pz;
};
inline constexpr std::array<MomentumColumns, 5> kMomenta = {
    MomentumColumns{15, 16, 17}, {18, 19, 20}, {21, 22, -1}, {23, 24, 25}, {26, 27, 28}};

// One event's 30 raw HiggsML columns (file order, NaN = undefined) to the model's 30
// continuous features and the PRI_jet_num code. Throws InputError for a jet count
// outside 0..3 or undefined.
int to_model_features(std::span<const float, data::kHiggsColumnCount> raw,
                      std::span<float, kContinuous> out);

} // namespace sieve::features
