#include "sieve/physics/derived_features.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace sieve::physics {
namespace {

using namespace sieve::data;  // the HiggsColumn enumerators

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Delta phi wrapped to [-pi, pi).
double delta_phi(double a, double b) {
  constexpr double pi = std::numbers::pi;
  double d = a - b;  // both in about [-pi, pi]: |d| <= 2 pi + rounding
  if (d >= pi) d -= 2.0 * pi;
  else if (d < -pi) d += 2.0 * pi;
  if (d >= pi || d < -pi) d = std::remainder(d, 2.0 * pi);
  return d;
}

struct Transverse {
  double x = 0.0, y = 0.0;
};

Transverse transverse(double pt, double phi) { return {pt * std::cos(phi), pt * std::sin(phi)}; }

template <class T>
DerivedValues compute(const T* e, DerivedMask which, double tau_mass) {
  DerivedValues out;
  out.fill(kNaN);
  auto wanted = [which](HiggsColumn c) { return (which & derived_bit(c)) != 0; };
  auto at = [e](HiggsColumn c) { return static_cast<double>(e[c]); };

  const double jet_num = at(PRI_jet_num);
  const int jets = !(jet_num >= 1.0) ? 0 : (jet_num >= 3.0 ? 3 : static_cast<int>(jet_num));

  const double tau_pt = at(PRI_tau_pt), tau_eta = at(PRI_tau_eta), tau_phi = at(PRI_tau_phi);
  const double lep_pt = at(PRI_lep_pt), lep_eta = at(PRI_lep_eta), lep_phi = at(PRI_lep_phi);
  const double met = at(PRI_met), met_phi = at(PRI_met_phi);

  const bool need_vectors = wanted(DER_pt_h) || wanted(DER_pt_tot);
  Transverse h;  // tau + lepton + MET
  if (need_vectors) {
    const Transverse tau = transverse(tau_pt, tau_phi), lep = transverse(lep_pt, lep_phi),
                     miss = transverse(met, met_phi);
    h = {tau.x + lep.x + miss.x, tau.y + lep.y + miss.y};
  }

  if (wanted(DER_mass_transverse_met_lep)) {
    // sqrt(2 pt MET (1 - cos dphi)) written without the cancellation of 1 - cos.
    out[DER_mass_transverse_met_lep] =
        2.0 * std::sqrt(lep_pt * met) * std::abs(std::sin(0.5 * delta_phi(lep_phi, met_phi)));
  }
  if (wanted(DER_mass_vis)) {
    // Massive tau (E^2 = p^2 + m^2), massless lepton.
    const double tau_p = tau_pt * std::cosh(tau_eta), lep_p = lep_pt * std::cosh(lep_eta);
    const double tau_e = std::sqrt(tau_p * tau_p + tau_mass * tau_mass);
    const double dot = tau_pt * lep_pt *
                       (std::cos(delta_phi(tau_phi, lep_phi)) + std::sinh(tau_eta) * std::sinh(lep_eta));
    const double m2 = tau_mass * tau_mass + 2.0 * (tau_e * lep_p - dot);
    out[DER_mass_vis] = std::sqrt(std::max(m2, 0.0));
  }
  if (wanted(DER_pt_h)) out[DER_pt_h] = std::hypot(h.x, h.y);

  if (jets >= 2) {
    const double eta1 = at(PRI_jet_leading_eta), eta2 = at(PRI_jet_subleading_eta);
    if (wanted(DER_deltaeta_jet_jet)) out[DER_deltaeta_jet_jet] = std::abs(eta1 - eta2);
    if (wanted(DER_prodeta_jet_jet)) out[DER_prodeta_jet_jet] = eta1 * eta2;
    if (wanted(DER_mass_jet_jet)) {
      // Two massless jets: m^2 = 2 pt1 pt2 (cosh(deta) - cos(dphi)).
      const double m2 = 2.0 * at(PRI_jet_leading_pt) * at(PRI_jet_subleading_pt) *
                        (std::cosh(eta1 - eta2) -
                         std::cos(delta_phi(at(PRI_jet_leading_phi), at(PRI_jet_subleading_phi))));
      out[DER_mass_jet_jet] = std::sqrt(std::max(m2, 0.0));
    }
    if (wanted(DER_lep_eta_centrality)) {
      const double spread = eta1 - eta2;
      if (spread == 0.0) {
        out[DER_lep_eta_centrality] = 0.0;  // the 2014 files store 0 (event 110067)
      } else {
        const double offset = lep_eta - 0.5 * (eta1 + eta2);
        out[DER_lep_eta_centrality] = std::exp(-4.0 * offset * offset / (spread * spread));
      }
    }
  }

  if (wanted(DER_deltar_tau_lep)) {
    const double deta = tau_eta - lep_eta, dphi = delta_phi(tau_phi, lep_phi);
    out[DER_deltar_tau_lep] = std::sqrt(deta * deta + dphi * dphi);
  }
  if (wanted(DER_pt_tot)) {
    Transverse tot = h;
    if (jets >= 1) {
      const Transverse j1 = transverse(at(PRI_jet_leading_pt), at(PRI_jet_leading_phi));
      tot.x += j1.x;
      tot.y += j1.y;
    }
    if (jets >= 2) {
      const Transverse j2 = transverse(at(PRI_jet_subleading_pt), at(PRI_jet_subleading_phi));
      tot.x += j2.x;
      tot.y += j2.y;
    }
    out[DER_pt_tot] = std::hypot(tot.x, tot.y);
  }
  if (wanted(DER_sum_pt)) {
    // PRI_jet_all_pt is 0 (never undefined) without jets; treat a NaN there as 0 as well.
    const double all = at(PRI_jet_all_pt);
    out[DER_sum_pt] = tau_pt + lep_pt + (std::isnan(all) ? 0.0 : all);
  }
  if (wanted(DER_pt_ratio_lep_tau)) out[DER_pt_ratio_lep_tau] = lep_pt / tau_pt;
  if (wanted(DER_met_phi_centrality)) {
    const double side = std::sin(delta_phi(tau_phi, lep_phi));
    const double s = side > 0.0 ? 1.0 : (side < 0.0 ? -1.0 : 0.0);
    const double a = s * std::sin(delta_phi(met_phi, lep_phi));
    const double b = s * std::sin(delta_phi(tau_phi, met_phi));
    const double norm = std::sqrt(a * a + b * b);
    // Degenerate phi_tau == phi_lep: the 2014 files store 0 (events 103239, 115850).
    out[DER_met_phi_centrality] = norm > 0.0 ? (a + b) / norm : 0.0;
    if (std::isnan(side)) out[DER_met_phi_centrality] = kNaN;
  }
  return out;
}

} // namespace

DerivedValues compute_derived(ConstEventSpan event, DerivedMask which, double tau_mass) {
  return compute(event.data(), which, tau_mass);
}

DerivedValues compute_derived(std::span<const double, kRawEventSize> event, DerivedMask which,
                              double tau_mass) {
  return compute(event.data(), which, tau_mass);
}

void recompute_derived(EventSpan event, DerivedMask which, double tau_mass) {
  const DerivedValues values = compute(event.data(), which, tau_mass);
  for (std::size_t c = 0; c < kDerivedCount; ++c)
    if (which & (DerivedMask{1} << c)) event[c] = static_cast<float>(values[c]);
}

} // namespace sieve::physics
