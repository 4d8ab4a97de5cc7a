#define BOOST_TEST_MODULE physics_variation
#include <boost/test/unit_test.hpp>

#include "alloc_counter.hpp"
#include "sieve/error.hpp"
#include "sieve/physics/derived_features.hpp"
#include "sieve/physics/variation.hpp"
#include "sieve/random.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace sp = sieve::physics;
namespace sd = sieve::data;
namespace tt = boost::test_tools;

namespace {

constexpr float U = std::numeric_limits<float>::quiet_NaN();

// Open-data events 100000 (2 jets), 100003 (0 jets) and 100005 (3 jets).
const sp::RawEvent e100000 = {138.47f, 51.655f, 97.827f, 27.98f,  0.91f,    124.711f, 2.666f,
                              3.064f,  41.928f, 197.76f, 1.582f,  1.396f,   0.2f,     32.638f,
                              1.017f,  0.381f,  51.626f, 2.273f,  -2.414f,  16.824f,  -0.277f,
                              258.733f, 2.0f,   67.435f, 2.15f,   0.444f,   46.062f,  1.24f,
                              -2.475f, 113.497f};
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

bool bit_identical(const sp::RawEvent& a, const sp::RawEvent& b) {
  return std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

struct Vec {
  double x, y;
};
Vec met_vector(const sp::RawEvent& e) {
  return {e[sd::PRI_met] * std::cos(static_cast<double>(e[sd::PRI_met_phi])),
          e[sd::PRI_met] * std::sin(static_cast<double>(e[sd::PRI_met_phi]))};
}
Vec pt_vector(const sp::RawEvent& e, sd::HiggsColumn pt, sd::HiggsColumn phi) {
  return {e[pt] * std::cos(static_cast<double>(e[phi])), e[pt] * std::sin(static_cast<double>(e[phi]))};
}

constexpr std::uint64_t kSeed = 20140915;

} // namespace

BOOST_AUTO_TEST_CASE(presets_and_sizes) {
  const auto names = sp::known_variation_names();
  BOOST_TEST(names.size() == 6u);
  BOOST_TEST(sp::preset_variation("nominal").is_nominal());
  BOOST_TEST(sp::preset_variation("tes_up").tes == 1.03);
  BOOST_TEST(sp::preset_variation("tes_down").tes == 0.97);
  BOOST_TEST(sp::preset_variation("jes_up").jes == 1.03);
  BOOST_TEST(sp::preset_variation("jes_down").jes == 0.97);
  BOOST_TEST(sp::preset_variation("soft_met").soft_met == 3.0);
  BOOST_TEST(sp::preset_variation("soft_met").tes == 1.0);
  sp::VariationSizes sizes;
  sizes.tes = 0.05;
  sizes.jes = 0.02;
  sizes.soft_met = 1.5;
  const auto up = sp::preset_variation("tes_up", sizes), down = sp::preset_variation("tes_down", sizes);
  BOOST_TEST(up.tes - 1.0 == 1.0 - down.tes, tt::tolerance(1e-15));
  BOOST_TEST(up.tes == 1.05);
  const auto jup = sp::preset_variation("jes_up", sizes), jdown = sp::preset_variation("jes_down", sizes);
  BOOST_TEST(jup.jes - 1.0 == 1.0 - jdown.jes, tt::tolerance(1e-15));
  BOOST_TEST(sp::preset_variation("soft_met", sizes).soft_met == 1.5);
  for (auto name : names) BOOST_TEST(sp::preset_variation(name).name == std::string(name));
}

BOOST_AUTO_TEST_CASE(parse_a_name_list) {
  const auto list = sp::parse_variations("nominal,tes_up, jes_down ,soft_met");
  BOOST_TEST(list.size() == 4u);
  BOOST_TEST(list[0].name == "nominal");
  BOOST_TEST(list[1].tes == 1.03);
  BOOST_TEST(list[2].name == "jes_down");
  BOOST_TEST(list[2].jes == 0.97);
  BOOST_TEST(list[3].soft_met == 3.0);
}

BOOST_AUTO_TEST_CASE(unknown_names_are_config_errors_listing_the_known_names) {
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const sieve::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  const std::string m = message([] { sp::parse_variations("nominal,tes_upp"); });
  BOOST_TEST(m.find("'tes_upp'") != std::string::npos, m);
  for (auto name : sp::known_variation_names())
    BOOST_TEST(m.find(std::string(name)) != std::string::npos, m);
  BOOST_CHECK_THROW(sp::preset_variation("TES_UP"), sieve::ConfigError);
  BOOST_CHECK_THROW(sp::parse_variations(""), sieve::ConfigError);
  BOOST_CHECK_THROW(sp::parse_variations("nominal,,tes_up"), sieve::ConfigError);
  BOOST_CHECK_THROW(sp::parse_variations("tes_up,tes_up"), sieve::ConfigError);
  sp::VariationSizes bad;
  bad.tes = 1.5;
  BOOST_CHECK_THROW(sp::preset_variation("tes_down", bad), sieve::ConfigError);
}

BOOST_AUTO_TEST_CASE(nominal_is_bit_identical) {
  for (const auto& e : {e100000, e100003, e100005}) {
    const sp::RawEvent out = sp::apply(e, sp::preset_variation("nominal"), 100000, 0, kSeed);
    BOOST_TEST(bit_identical(out, e));
  }
}

BOOST_AUTO_TEST_CASE(tes_scales_tau_pt_and_moves_met_by_the_tau_change) {
  const sp::Variation tes = sp::preset_variation("tes_up");
  const sp::RawEvent out = sp::apply(e100000, tes, 100000, 1, kSeed);
  BOOST_TEST(out[sd::PRI_tau_pt] == 1.03 * 32.638, tt::tolerance(1e-6));
  const Vec before = met_vector(e100000), after = met_vector(out);
  const Vec tau = pt_vector(e100000, sd::PRI_tau_pt, sd::PRI_tau_phi);
  BOOST_TEST(after.x - before.x == -0.03 * tau.x, tt::tolerance(1e-3));
  BOOST_TEST(after.y - before.y == -0.03 * tau.y, tt::tolerance(1e-3));
  BOOST_TEST(std::abs(after.x - before.x + 0.03 * tau.x) < 1e-5);
  BOOST_TEST(std::abs(after.y - before.y + 0.03 * tau.y) < 1e-5);
  // Directions, jets and the untouched DER features keep their values.
  for (auto c : {sd::PRI_tau_eta, sd::PRI_tau_phi, sd::PRI_lep_pt, sd::PRI_lep_eta, sd::PRI_lep_phi,
                 sd::PRI_jet_leading_pt, sd::PRI_jet_subleading_pt, sd::PRI_jet_all_pt,
                 sd::PRI_jet_num, sd::DER_deltar_tau_lep, sd::DER_deltaeta_jet_jet,
                 sd::DER_prodeta_jet_jet, sd::DER_lep_eta_centrality, sd::DER_mass_jet_jet})
    BOOST_TEST(out[c] == e100000[c], sd::kHiggsColumnNames[c]);
  // Derived features follow the new primaries.
  const sp::DerivedValues derived = sp::compute_derived(out);
  for (auto c : {sd::DER_mass_transverse_met_lep, sd::DER_pt_h, sd::DER_pt_tot, sd::DER_sum_pt,
                 sd::DER_pt_ratio_lep_tau, sd::DER_met_phi_centrality})
    BOOST_TEST(out[c] == static_cast<float>(derived[c]), sd::kHiggsColumnNames[c]);
  BOOST_TEST(out[sd::DER_pt_ratio_lep_tau] == 51.626 / (1.03 * 32.638), tt::tolerance(1e-6));
  BOOST_TEST(out[sd::DER_mass_vis] == std::sqrt(1.03) * 97.827, tt::tolerance(1e-6));
  const double sum_before = 32.638 + 51.626 + 113.497, sum_after = 1.03 * 32.638 + 51.626 + 113.497;
  BOOST_TEST(out[sd::DER_mass_MMC] == 138.47 * sum_after / sum_before, tt::tolerance(1e-5));
  BOOST_TEST(out[sd::PRI_met_sumet] == 258.733 + 0.03 * 32.638, tt::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(tes_up_and_down_are_symmetric) {
  const sp::RawEvent up = sp::apply(e100000, sp::preset_variation("tes_up"), 100000, 1, kSeed);
  const sp::RawEvent down = sp::apply(e100000, sp::preset_variation("tes_down"), 100000, 2, kSeed);
  BOOST_TEST(0.5 * (up[sd::PRI_tau_pt] + down[sd::PRI_tau_pt]) == e100000[sd::PRI_tau_pt], tt::tolerance(1e-6));
  const Vec m0 = met_vector(e100000), mu = met_vector(up), md = met_vector(down);
  BOOST_TEST(std::abs(0.5 * (mu.x + md.x) - m0.x) < 1e-4);
  BOOST_TEST(std::abs(0.5 * (mu.y + md.y) - m0.y) < 1e-4);
}

BOOST_AUTO_TEST_CASE(jes_scales_the_jets_and_moves_met_by_their_change) {
  const sp::RawEvent out = sp::apply(e100005, sp::preset_variation("jes_down"), 100005, 4, kSeed);
  BOOST_TEST(out[sd::PRI_jet_leading_pt] == 0.97 * 90.547, tt::tolerance(1e-6));
  BOOST_TEST(out[sd::PRI_jet_subleading_pt] == 0.97 * 56.165, tt::tolerance(1e-6));
  BOOST_TEST(out[sd::PRI_jet_all_pt] == 0.97 * 193.66, tt::tolerance(1e-6));
  BOOST_TEST(out[sd::PRI_jet_num] == 3.0f);  // no jet is removed, whatever its new pt
  const Vec before = met_vector(e100005), after = met_vector(out);
  const Vec j1 = pt_vector(e100005, sd::PRI_jet_leading_pt, sd::PRI_jet_leading_phi);
  const Vec j2 = pt_vector(e100005, sd::PRI_jet_subleading_pt, sd::PRI_jet_subleading_phi);
  BOOST_TEST(std::abs(after.x - before.x - 0.03 * (j1.x + j2.x)) < 1e-4);
  BOOST_TEST(std::abs(after.y - before.y - 0.03 * (j1.y + j2.y)) < 1e-4);
  BOOST_TEST(out[sd::DER_mass_jet_jet] == 0.97 * 284.584, tt::tolerance(1e-6));
  BOOST_TEST(out[sd::DER_sum_pt] == 53.651 + 31.565 + 0.97 * 193.66, tt::tolerance(1e-6));
  for (auto c : {sd::PRI_tau_pt, sd::PRI_lep_pt, sd::DER_mass_vis, sd::DER_pt_ratio_lep_tau,
                 sd::DER_deltar_tau_lep, sd::DER_deltaeta_jet_jet, sd::DER_lep_eta_centrality})
    BOOST_TEST(out[c] == e100005[c], sd::kHiggsColumnNames[c]);
  // Nobody removes a jet that drops below threshold.
  sp::Variation big = sp::preset_variation("jes_down");
  big.jes = 0.5;
  const sp::RawEvent low = sp::apply(e100005, big, 100005, 4, kSeed);
  BOOST_TEST(low[sd::PRI_jet_subleading_pt] < 30.0f);
  BOOST_TEST(low[sd::PRI_jet_num] == 3.0f);
}

BOOST_AUTO_TEST_CASE(jes_on_a_zero_jet_event_changes_nothing_but_jet_all_pt) {
  for (const char* name : {"jes_up", "jes_down"}) {
    const sp::RawEvent out = sp::apply(e100003, sp::preset_variation(name), 100003, 3, kSeed);
    // PRI_jet_all_pt is 0 without jets, and 0 scaled is 0: nothing changes at all.
    BOOST_TEST(bit_identical(out, e100003));
  }
  // A 0-jet event carrying some PRI_jet_all_pt (not in the 2014 files, but allowed): only
  // that and the sum it enters move, with MET and the kinematic DER untouched.
  sp::RawEvent odd = e100003;
  odd[sd::PRI_jet_all_pt] = 10.0f;
  sp::Variation v = sp::preset_variation("jes_up");
  v.mmc = sp::MmcRule::Hold;
  v.sumet = sp::SumEtRule::Hold;
  const sp::RawEvent out = sp::apply(odd, v, 100003, 3, kSeed);
  for (int c = 0; c < sd::kHiggsColumnCount; ++c) {
    if (c == sd::PRI_jet_all_pt) BOOST_TEST(out[c] == 10.3f);
    else if (c == sd::DER_sum_pt) BOOST_TEST(out[c] == 22.647 + 53.321 + 10.3, tt::tolerance(1e-6));
    else BOOST_TEST((out[c] == odd[c] || (std::isnan(out[c]) && std::isnan(odd[c]))), sd::kHiggsColumnNames[c]);
  }
}

BOOST_AUTO_TEST_CASE(soft_met_is_reproducible_and_keyed_by_event) {
  const sp::Variation soft = sp::preset_variation("soft_met");
  const sp::RawEvent a = sp::apply(e100000, soft, 100000, 5, kSeed);
  const sp::RawEvent b = sp::apply(e100000, soft, 100000, 5, kSeed);
  BOOST_TEST(bit_identical(a, b));
  const sp::RawEvent other_event = sp::apply(e100000, soft, 100001, 5, kSeed);
  const sp::RawEvent other_index = sp::apply(e100000, soft, 100000, 6, kSeed);
  const sp::RawEvent other_seed = sp::apply(e100000, soft, 100000, 5, kSeed + 1);
  BOOST_TEST(a[sd::PRI_met] != other_event[sd::PRI_met]);
  BOOST_TEST(a[sd::PRI_met] != other_index[sd::PRI_met]);
  BOOST_TEST(a[sd::PRI_met] != other_seed[sd::PRI_met]);
  // The shift is the documented draw.
  const Vec before = met_vector(e100000), after = met_vector(a);
  const std::uint64_t k = sieve::key(kSeed, 100000, 5);
  BOOST_TEST(std::abs(after.x - before.x - 3.0 * sieve::normal(k, 0)) < 1e-4);
  BOOST_TEST(std::abs(after.y - before.y - 3.0 * sieve::normal(k, 1)) < 1e-4);
  // Only MET and the DER features that depend on it move.
  for (auto c : {sd::PRI_tau_pt, sd::PRI_lep_pt, sd::PRI_jet_all_pt, sd::PRI_met_sumet, sd::DER_mass_MMC,
                 sd::DER_mass_vis, sd::DER_sum_pt, sd::DER_pt_ratio_lep_tau, sd::DER_deltar_tau_lep})
    BOOST_TEST(a[c] == e100000[c], sd::kHiggsColumnNames[c]);
  // Shifts over many events have the configured sigma per component.
  double sum = 0.0, sum2 = 0.0;
  constexpr int n = 20000;
  for (int id = 0; id < n; ++id) {
    const sp::RawEvent out = sp::apply(e100000, soft, static_cast<std::uint64_t>(id), 5, kSeed);
    const double dx = met_vector(out).x - before.x;
    sum += dx;
    sum2 += dx * dx;
  }
  const double mean = sum / n, sigma = std::sqrt(sum2 / n - mean * mean);
  BOOST_TEST(std::abs(mean) < 0.1);
  BOOST_TEST(std::abs(sigma - 3.0) < 0.1);
}

BOOST_AUTO_TEST_CASE(options_hold_mmc_and_sumet) {
  sp::VariationSizes sizes;
  sizes.mmc = sp::MmcRule::Hold;
  sizes.sumet = sp::SumEtRule::Hold;
  const sp::RawEvent out = sp::apply(e100000, sp::preset_variation("tes_down", sizes), 100000, 2, kSeed);
  BOOST_TEST(out[sd::DER_mass_MMC] == e100000[sd::DER_mass_MMC]);
  BOOST_TEST(out[sd::PRI_met_sumet] == e100000[sd::PRI_met_sumet]);
  BOOST_TEST(out[sd::PRI_tau_pt] != e100000[sd::PRI_tau_pt]);
  // An undefined MMC stays undefined under the default scaling.
  sp::RawEvent no_mmc = e100000;
  no_mmc[sd::DER_mass_MMC] = U;
  BOOST_TEST(std::isnan(sp::apply(no_mmc, sp::preset_variation("tes_up"), 1, 1, kSeed)[sd::DER_mass_MMC]));
}

BOOST_AUTO_TEST_CASE(apply_does_not_allocate) {
  const auto list = sp::parse_variations("nominal,tes_up,tes_down,jes_up,jes_down,soft_met");
  float checksum = 0.0f;
  const long allocations = sieve::test::count_allocations([&] {
    for (std::uint64_t i = 0; i < list.size(); ++i)
      for (const auto& e : {e100000, e100003, e100005})
        checksum += sp::apply(e, list[i], 100000, i, kSeed)[sd::PRI_met];
  });
  BOOST_TEST(allocations == 0);
  BOOST_TEST(checksum > 0.0f);
}
