#include "sieve/features/feature_set.hpp"

#include "sieve/error.hpp"

#include <cmath>
#include <string>

namespace sieve::features {

namespace {

// pt, eta, phi -> px, py, pz in double, rounded once to float. NaN propagates.
void cartesian(float pt, float eta, float phi, float* px, float* py, float* pz) {
  const double p = pt, e = eta, f = phi;
  *px = static_cast<float>(p * std::cos(f));
  *py = static_cast<float>(p * std::sin(f));
  if (pz) *pz = static_cast<float>(p * std::sinh(e));
}

} // namespace

int to_model_features(std::span<const float, data::kHiggsColumnCount> raw,
                      std::span<float, kContinuous> out) {
  using namespace data;
  for (int i = 0; i < 13; ++i) out[i] = raw[i];  // the DER block keeps its order
  out[13] = raw[PRI_met_sumet];
  out[14] = raw[PRI_jet_all_pt];
  cartesian(raw[PRI_lep_pt], raw[PRI_lep_eta], raw[PRI_lep_phi], &out[15], &out[16], &out[17]);
  cartesian(raw[PRI_tau_pt], raw[PRI_tau_eta], raw[PRI_tau_phi], &out[18], &out[19], &out[20]);
  cartesian(raw[PRI_met], 0.0f, raw[PRI_met_phi], &out[21], &out[22], nullptr);
  cartesian(raw[PRI_jet_subleading_pt], raw[PRI_jet_subleading_eta],
            raw[PRI_jet_subleading_phi], &out[23], &out[24], &out[25]);
  cartesian(raw[PRI_jet_leading_pt], raw[PRI_jet_leading_eta], raw[PRI_jet_leading_phi],
            &out[26], &out[27], &out[28]);
  out[29] = raw[PRI_met];
  const float jets = raw[PRI_jet_num];
  if (!(jets >= 0.0f && jets <= 3.0f) || jets != std::floor(jets))
    throw InputError("PRI_jet_num must be an integer in 0..3, got " + std::to_string(jets));
  return static_cast<int>(jets);
}

} // namespace sieve::features
