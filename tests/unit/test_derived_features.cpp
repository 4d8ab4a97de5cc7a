#define BOOST_TEST_MODULE physics_derived_features
#include <boost/test/unit_test.hpp>

#include "sieve/physics/derived_features.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace sp = sieve::physics;
namespace sd = sieve::data;
namespace tt = boost::test_tools;

namespace {

constexpr float U = std::numeric_limits<float>::quiet_NaN();  // undefined (-999 in the file)

// The worked events of the systematics spec, section 5 (open-data rows, -999 as NaN).
const sp::RawEvent e100000 = {138.47f, 51.655f, 97.827f, 27.98f,  0.91f,    124.711f, 2.666f,
                              3.064f,  41.928f, 197.76f, 1.582f,  1.396f,   0.2f,     32.638f,
                              1.017f,  0.381f,  51.626f, 2.273f,  -2.414f,  16.824f,  -0.277f,
                              258.733f, 2.0f,   67.435f, 2.15f,   0.444f,   46.062f,  1.24f,
                              -2.475f, 113.497f};
const sp::RawEvent e100001 = {160.937f, 68.768f, 103.235f, 48.146f, U,       U,        U,
                              3.473f,   2.078f,  125.157f, 0.879f,  1.414f,  U,        42.014f,
                              2.039f,   -3.011f, 36.918f,  0.501f,  0.103f,  44.704f,  -1.916f,
                              164.546f, 1.0f,    46.226f,  0.725f,  1.158f,  U,        U,
                              U,        46.226f};
const sp::RawEvent e100002 = {U,        162.172f, 125.953f, 35.635f, U,       U,        U,
                              3.148f,   9.336f,   197.814f, 3.776f,  1.414f,  U,        32.154f,
                              -0.705f,  -2.093f,  121.409f, -0.953f, 1.052f,  54.283f,  -2.186f,
                              260.414f, 1.0f,     44.251f,  2.053f,  -2.028f, U,        U,
                              U,        44.251f};
const sp::RawEvent e100003 = {143.905f, 81.417f, 80.943f, 0.414f, U,      U,      U,
                              3.31f,    0.414f,  75.968f, 2.354f, -1.285f, U,     22.647f,
                              -1.655f,  0.01f,   53.321f, -0.522f, -3.1f,  31.082f, 0.06f,
                              86.062f,  0.0f,    U,       U,       U,      U,      U,
                              U,        -0.0f};
const sp::RawEvent e100005 = {89.744f, 13.55f,  59.149f, 116.344f, 2.636f, 284.584f, -0.54f,
                              1.362f,  61.619f, 278.876f, 0.588f,  0.479f, 0.975f,   53.651f,
                              0.371f,  1.329f,  31.565f,  -0.884f, 1.857f, 40.735f,  2.237f,
                              282.849f, 3.0f,   90.547f,  -2.412f, -0.653f, 56.165f, 0.224f,
                              3.106f,  193.66f};

// The spec's recomputed values are printed with 3 decimals.
constexpr double kPrinted = 0.0015;

void check(const sp::DerivedValues& v, sd::HiggsColumn c, double expected) {
  BOOST_TEST_CONTEXT(sd::kHiggsColumnNames[c]) { BOOST_TEST(std::abs(v[c] - expected) <= kPrinted); }
}

sp::DerivedValues massless(const sp::RawEvent& e) {
  return sp::compute_derived(e, sp::kRecomputableDerived | sp::kApproximateDerived, 0.0);
}

} // namespace

BOOST_AUTO_TEST_CASE(event_100000_two_jets) {
  const auto v = massless(e100000);
  check(v, sd::DER_mass_transverse_met_lep, 51.662);
  check(v, sd::DER_mass_vis, 97.806);
  check(v, sd::DER_pt_h, 27.947);
  check(v, sd::DER_deltaeta_jet_jet, 0.910);
  check(v, sd::DER_mass_jet_jet, 122.581);
  check(v, sd::DER_prodeta_jet_jet, 2.666);
  check(v, sd::DER_deltar_tau_lep, 3.064);
  check(v, sd::DER_pt_tot, 41.912);
  check(v, sd::DER_sum_pt, 197.761);
  check(v, sd::DER_pt_ratio_lep_tau, 1.582);
  check(v, sd::DER_met_phi_centrality, 1.397);
  check(v, sd::DER_lep_eta_centrality, 0.199);
  BOOST_TEST(std::isnan(v[sd::DER_mass_MMC]));
}

BOOST_AUTO_TEST_CASE(event_100001_one_jet) {
  const auto v = massless(e100001);
  check(v, sd::DER_mass_transverse_met_lep, 68.783);
  check(v, sd::DER_mass_vis, 103.222);
  check(v, sd::DER_pt_h, 48.123);
  for (auto c : {sd::DER_deltaeta_jet_jet, sd::DER_mass_jet_jet, sd::DER_prodeta_jet_jet,
                 sd::DER_lep_eta_centrality})
    BOOST_TEST(std::isnan(v[c]), sd::kHiggsColumnNames[c] << " must be undefined for 1 jet");
  check(v, sd::DER_deltar_tau_lep, 3.473);
  check(v, sd::DER_pt_tot, 2.063);
  check(v, sd::DER_sum_pt, 125.158);
  check(v, sd::DER_pt_ratio_lep_tau, 0.879);
  check(v, sd::DER_met_phi_centrality, 1.414);
}

BOOST_AUTO_TEST_CASE(event_100002_one_jet) {
  const auto v = massless(e100002);
  check(v, sd::DER_mass_transverse_met_lep, 162.175);
  check(v, sd::DER_mass_vis, 125.922);
  check(v, sd::DER_pt_h, 35.626);
  check(v, sd::DER_pt_tot, 9.316);
  check(v, sd::DER_sum_pt, 197.814);
  check(v, sd::DER_pt_ratio_lep_tau, 3.776);
}

BOOST_AUTO_TEST_CASE(event_100003_no_jet) {
  const auto v = massless(e100003);
  check(v, sd::DER_mass_transverse_met_lep, 81.417);
  check(v, sd::DER_mass_vis, 80.946);
  check(v, sd::DER_pt_h, 0.417);
  check(v, sd::DER_pt_tot, 0.417);
  BOOST_TEST(v[sd::DER_pt_h] == v[sd::DER_pt_tot]);  // no jet: the same vector sum
  check(v, sd::DER_sum_pt, 75.968);
  check(v, sd::DER_met_phi_centrality, -1.284);
  for (auto c : {sd::DER_deltaeta_jet_jet, sd::DER_mass_jet_jet, sd::DER_prodeta_jet_jet,
                 sd::DER_lep_eta_centrality})
    BOOST_TEST(std::isnan(v[c]));
}

BOOST_AUTO_TEST_CASE(event_100005_three_jets_uses_jet_all_pt) {
  const auto v = massless(e100005);
  check(v, sd::DER_mass_transverse_met_lep, 13.544);
  check(v, sd::DER_mass_vis, 59.140);
  check(v, sd::DER_deltaeta_jet_jet, 2.636);
  check(v, sd::DER_mass_jet_jet, 282.203);
  check(v, sd::DER_pt_tot, 61.622);
  check(v, sd::DER_sum_pt, 278.876);
  check(v, sd::DER_lep_eta_centrality, 0.975);
}

BOOST_AUTO_TEST_CASE(tau_mass_raises_mass_vis_towards_the_stored_value) {
  // Spec 1.1: a 0.8 GeV tau brings the recomputed visible mass closer to the stored one.
  const double stored = e100000[sd::DER_mass_vis];
  const double m0 = sp::compute_derived(e100000, sp::derived_bit(sd::DER_mass_vis), 0.0)[sd::DER_mass_vis];
  const double m8 = sp::compute_derived(e100000, sp::derived_bit(sd::DER_mass_vis))[sd::DER_mass_vis];
  BOOST_TEST(m8 > m0);
  BOOST_TEST(std::abs(m8 - stored) < std::abs(m0 - stored));
}

BOOST_AUTO_TEST_CASE(degenerate_centralities_follow_the_2014_convention) {
  sp::RawEvent e = e100000;
  e[sd::PRI_lep_phi] = e[sd::PRI_tau_phi];  // phi_tau == phi_lep
  BOOST_TEST(sp::compute_derived(e)[sd::DER_met_phi_centrality] == 0.0);
  e = e100000;
  e[sd::PRI_jet_subleading_eta] = e[sd::PRI_jet_leading_eta];  // eta_j1 == eta_j2
  BOOST_TEST(sp::compute_derived(e)[sd::DER_lep_eta_centrality] == 0.0);
  // Lepton midway between the jets: 1; on a jet: 1/e.
  e = e100000;
  e[sd::PRI_lep_eta] = 0.5f * (e[sd::PRI_jet_leading_eta] + e[sd::PRI_jet_subleading_eta]);
  BOOST_TEST(sp::compute_derived(e)[sd::DER_lep_eta_centrality] == 1.0, tt::tolerance(1e-12));
  e[sd::PRI_lep_eta] = e[sd::PRI_jet_leading_eta];
  BOOST_TEST(sp::compute_derived(e)[sd::DER_lep_eta_centrality] == std::exp(-1.0), tt::tolerance(1e-12));
  // MET midway between tau and lepton on the shorter arc: sqrt(2).
  e = e100000;
  e[sd::PRI_tau_phi] = 0.2f;
  e[sd::PRI_lep_phi] = 1.0f;
  e[sd::PRI_met_phi] = 0.6f;
  BOOST_TEST(sp::compute_derived(e)[sd::DER_met_phi_centrality] == std::numbers::sqrt2, tt::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(recompute_writes_only_the_requested_columns) {
  sp::RawEvent e = e100000;
  sp::recompute_derived(e);
  for (int c = 0; c < sd::kHiggsColumnCount; ++c) {
    const auto column = static_cast<sd::HiggsColumn>(c);
    if (sp::is_recomputable(column))
      BOOST_TEST(std::abs(e[c] - e100000[c]) < 0.05f, sd::kHiggsColumnNames[c]);
    else
      BOOST_TEST(e[c] == e100000[c], sd::kHiggsColumnNames[c] << " must be untouched");
  }
  sp::RawEvent one = e100001;
  sp::recompute_derived(one);
  BOOST_TEST(std::isnan(one[sd::DER_lep_eta_centrality]));
  BOOST_TEST(std::isnan(one[sd::DER_deltaeta_jet_jet]));
  sp::RawEvent partial = e100000;
  sp::recompute_derived(partial, sp::derived_bit(sd::DER_pt_h));
  BOOST_TEST(partial[sd::DER_pt_h] == static_cast<float>(sp::compute_derived(e100000)[sd::DER_pt_h]));
  BOOST_TEST(partial[sd::DER_pt_tot] == e100000[sd::DER_pt_tot]);
}

BOOST_AUTO_TEST_CASE(recomputable_set) {
  int n = 0;
  for (int c = 0; c < sd::kHiggsColumnCount; ++c) n += sp::is_recomputable(static_cast<sd::HiggsColumn>(c));
  BOOST_TEST(n == 10);
  BOOST_TEST(!sp::is_recomputable(sd::DER_mass_MMC));
  BOOST_TEST(!sp::is_recomputable(sd::DER_mass_vis));
  BOOST_TEST(!sp::is_recomputable(sd::DER_mass_jet_jet));
  BOOST_TEST(!sp::is_recomputable(sd::PRI_tau_pt));
}
