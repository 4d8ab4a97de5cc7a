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

// An object's direction in the transverse plane: (cos phi, sin phi).
struct Direction {
  double c = 0.0, s = 0.0;
};
// Float angles (the stored precision) use float trigonometry: its error, below one float
// ulp, is smaller than the quantisation of the angle itself, and it is several times faster.
Direction direction(float phi) { return {std::cos(phi), std::sin(phi)}; }
Direction direction(double phi) { return {std::cos(phi), std::sin(phi)}; }
// sin(phi_a - phi_b) and cos(phi_a - phi_b) from the directions (no further trigonometry).
double sin_diff(Direction a, Direction b) { return a.s * b.c - a.c * b.s; }
double cos_diff(Direction a, Direction b) { return a.c * b.c + a.s * b.s; }

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
  const double met = at(PRI_met);
  const Direction tau = direction(e[PRI_tau_phi]), lep = direction(e[PRI_lep_phi]),
                  miss = direction(e[PRI_met_phi]);

  if (wanted(DER_mass_transverse_met_lep)) {
    // m_T = sqrt(2 pt MET (1 - cos dphi)), with 1 - cos dphi = sin^2 / (1 + cos) when
    // cos > 0, so that small angles keep their precision.
    const double c = cos_diff(lep, miss), sn = sin_diff(lep, miss);
    const double one_minus_cos = c > 0.0 ? sn * sn / (1.0 + c) : 1.0 - c;
    out[DER_mass_transverse_met_lep] = std::sqrt(2.0 * lep_pt * met * one_minus_cos);
  }
  if (wanted(DER_mass_vis)) {
    // Massive tau (E^2 = p^2 + m^2), massless lepton.
    const double tau_p = tau_pt * std::cosh(tau_eta), lep_p = lep_pt * std::cosh(lep_eta);
    const double tau_e = std::sqrt(tau_p * tau_p + tau_mass * tau_mass);
    const double dot =
        tau_pt * lep_pt * (cos_diff(tau, lep) + std::sinh(tau_eta) * std::sinh(lep_eta));
    const double m2 = tau_mass * tau_mass + 2.0 * (tau_e * lep_p - dot);
    out[DER_mass_vis] = std::sqrt(std::max(m2, 0.0));
  }

  // Transverse vector sums.
  double hx = 0.0, hy = 0.0;  // tau + lepton + MET
  if (wanted(DER_pt_h) || wanted(DER_pt_tot)) {
    hx = tau_pt * tau.c + lep_pt * lep.c + met * miss.c;
    hy = tau_pt * tau.s + lep_pt * lep.s + met * miss.s;
  }
  if (wanted(DER_pt_h)) out[DER_pt_h] = std::sqrt(hx * hx + hy * hy);

  Direction j1, j2;
  const bool need_j1 = jets >= 1 && wanted(DER_pt_tot);
  const bool need_j2 = jets >= 2 && (wanted(DER_pt_tot) || wanted(DER_mass_jet_jet));
  if (need_j1 || need_j2) j1 = direction(e[PRI_jet_leading_phi]);
  if (need_j2) j2 = direction(e[PRI_jet_subleading_phi]);

  if (jets >= 2) {
    const double eta1 = at(PRI_jet_leading_eta), eta2 = at(PRI_jet_subleading_eta);
    if (wanted(DER_deltaeta_jet_jet)) out[DER_deltaeta_jet_jet] = std::abs(eta1 - eta2);
    if (wanted(DER_prodeta_jet_jet)) out[DER_prodeta_jet_jet] = eta1 * eta2;
    if (wanted(DER_mass_jet_jet)) {
      // Two massless jets: m^2 = 2 pt1 pt2 (cosh(deta) - cos(dphi)).
      const double m2 = 2.0 * at(PRI_jet_leading_pt) * at(PRI_jet_subleading_pt) *
                        (std::cosh(eta1 - eta2) - cos_diff(j1, j2));
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
    double x = hx, y = hy;
    if (jets >= 1) {
      const double pt = at(PRI_jet_leading_pt);
      x += pt * j1.c;
      y += pt * j1.s;
    }
    if (jets >= 2) {
      const double pt = at(PRI_jet_subleading_pt);
      x += pt * j2.c;
      y += pt * j2.s;
    }
    out[DER_pt_tot] = std::sqrt(x * x + y * y);
  }
  if (wanted(DER_sum_pt)) {
    // PRI_jet_all_pt is 0 (never undefined) without jets; treat a NaN there as 0 as well.
    const double all = at(PRI_jet_all_pt);
    out[DER_sum_pt] = tau_pt + lep_pt + (std::isnan(all) ? 0.0 : all);
  }
  if (wanted(DER_pt_ratio_lep_tau)) out[DER_pt_ratio_lep_tau] = lep_pt / tau_pt;
  if (wanted(DER_met_phi_centrality)) {
    // Degenerate phi_tau == phi_lep: the 2014 files store 0 (events 103239, 115850).
    const double side = tau_phi == lep_phi ? 0.0 : sin_diff(tau, lep);
    const double s = side > 0.0 ? 1.0 : (side < 0.0 ? -1.0 : 0.0);
    const double a = s * sin_diff(miss, lep);
    const double b = s * sin_diff(tau, miss);
    const double norm = std::sqrt(a * a + b * b);
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
