#define BOOST_TEST_MODULE physics_variation_real
#include <boost/test/unit_test.hpp>

// Systematic variations on the 18,000 real events: nominal is bit-identical; each varied
// event is self-consistent (every DER feature that apply() recomputes equals the
// recomputation from the varied PRI, the others keep their stored value); MET moves by the
// documented vector; TES and JES commute with the detector symmetries; no allocation.
#include "alloc_counter.hpp"
#include "sieve/data/csv_reader.hpp"
#include "sieve/physics/derived_features.hpp"
#include "sieve/physics/raw_event.hpp"
#include "sieve/physics/symmetry.hpp"
#include "sieve/physics/variation.hpp"
#include "sieve/random.hpp"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace sd = sieve::data;
namespace sp = sieve::physics;

namespace {

const std::string kOpen = std::string(SIEVE_SOURCE_DIR) +
                          "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";
constexpr std::uint64_t kSeed = 99;

struct Events {
  std::vector<sp::RawEvent> events;
  std::vector<std::int64_t> ids;
};

const Events& real_events() {
  static const Events all = [] {
    const sd::Table table = sd::read_table(kOpen);
    const sp::TableColumns columns(table);
    Events e;
    for (std::size_t r = 0; r < table.rows(); ++r) {
      e.events.push_back(columns.read(table, r));
      e.ids.push_back(table.event_id[r]);
    }
    return e;
  }();
  return all;
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

} // namespace

BOOST_AUTO_TEST_CASE(every_preset_on_every_real_event) {
  const Events& data = real_events();
  BOOST_REQUIRE_EQUAL(data.events.size(), 18000u);
  const auto variations = sp::parse_variations("nominal,tes_up,tes_down,jes_up,jes_down,soft_met");
  for (std::uint64_t v = 0; v < variations.size(); ++v) {
    const sp::Variation& variation = variations[v];
    std::size_t inconsistent = 0, met_wrong = 0, changed = 0;
    for (std::size_t i = 0; i < data.events.size(); ++i) {
      const sp::RawEvent& e = data.events[i];
      const auto id = static_cast<std::uint64_t>(data.ids[i]);
      const sp::RawEvent out = sp::apply(e, variation, id, v, kSeed);
      if (variation.is_nominal()) {
        for (int c = 0; c < sd::kHiggsColumnCount; ++c) inconsistent += !same_bits(out[c], e[c]);
        continue;
      }
      changed += std::memcmp(out.data(), e.data(), sizeof(float) * e.size()) != 0;
      // Each recomputable DER value is either the stored one or the recomputation.
      const sp::DerivedValues derived = sp::compute_derived(out);
      for (std::size_t c = 0; c < sp::kDerivedCount; ++c) {
        if (!sp::is_recomputable(static_cast<sd::HiggsColumn>(c))) continue;
        if (!same_bits(out[c], e[c]) && !same_bits(out[c], static_cast<float>(derived[c]))) ++inconsistent;
      }
      // MET = old MET - (tes - 1) tau - (jes - 1) (j1 + j2) + soft term.
      auto vx = [](const sp::RawEvent& x, sd::HiggsColumn pt, sd::HiggsColumn phi) {
        return std::isnan(x[pt]) ? 0.0 : x[pt] * std::cos(static_cast<double>(x[phi]));
      };
      auto vy = [](const sp::RawEvent& x, sd::HiggsColumn pt, sd::HiggsColumn phi) {
        return std::isnan(x[pt]) ? 0.0 : x[pt] * std::sin(static_cast<double>(x[phi]));
      };
      double ex = vx(e, sd::PRI_met, sd::PRI_met_phi), ey = vy(e, sd::PRI_met, sd::PRI_met_phi);
      ex -= (variation.tes - 1.0) * vx(e, sd::PRI_tau_pt, sd::PRI_tau_phi);
      ey -= (variation.tes - 1.0) * vy(e, sd::PRI_tau_pt, sd::PRI_tau_phi);
      const int jets = sp::jet_count(e);
      if (jets >= 1) {
        ex -= (variation.jes - 1.0) * vx(e, sd::PRI_jet_leading_pt, sd::PRI_jet_leading_phi);
        ey -= (variation.jes - 1.0) * vy(e, sd::PRI_jet_leading_pt, sd::PRI_jet_leading_phi);
      }
      if (jets >= 2) {
        ex -= (variation.jes - 1.0) * vx(e, sd::PRI_jet_subleading_pt, sd::PRI_jet_subleading_phi);
        ey -= (variation.jes - 1.0) * vy(e, sd::PRI_jet_subleading_pt, sd::PRI_jet_subleading_phi);
      }
      if (variation.soft_met > 0.0) {
        const std::uint64_t k = sieve::key(kSeed, id, v);
        ex += variation.soft_met * sieve::normal(k, 0);
        ey += variation.soft_met * sieve::normal(k, 1);
      }
      const double ox = vx(out, sd::PRI_met, sd::PRI_met_phi), oy = vy(out, sd::PRI_met, sd::PRI_met_phi);
      if (std::hypot(ox - ex, oy - ey) > 1e-4 * std::max(1.0, std::hypot(ex, ey))) ++met_wrong;
    }
    BOOST_TEST_MESSAGE(variation.name << ": " << changed << " events changed");
    BOOST_TEST_CONTEXT(variation.name) {
      BOOST_TEST(inconsistent == 0u);
      BOOST_TEST(met_wrong == 0u);
      if (variation.name == "jes_up" || variation.name == "jes_down")
        BOOST_TEST(changed == 18000u - 7168u);  // 0-jet events are untouched
      else if (!variation.is_nominal())
        BOOST_TEST(changed == 18000u);
    }
  }
}

BOOST_AUTO_TEST_CASE(scale_variations_commute_with_the_symmetries) {
  const Events& data = real_events();
  const auto variations = sp::parse_variations("tes_up,jes_down");
  std::size_t failures = 0;
  for (std::size_t i = 0; i < data.events.size(); ++i) {
    const sp::Symmetry s = sp::random_symmetry(sieve::key(kSeed, i));
    for (const sp::Variation& v : variations) {
      sp::RawEvent moved = data.events[i];
      sp::apply(s, moved);
      const sp::RawEvent a = sp::apply(data.events[i], v, 0, 0, kSeed);
      const sp::RawEvent b = sp::apply(moved, v, 0, 0, kSeed);
      for (std::size_t c = 0; c < sp::kDerivedCount; ++c) {
        if (std::isnan(a[c]) || std::isnan(b[c])) {
          failures += std::isnan(a[c]) != std::isnan(b[c]);
          continue;
        }
        failures += std::abs(a[c] - b[c]) > 1e-3f * std::max(1.0f, std::abs(a[c]));
      }
      for (auto c : {sd::PRI_tau_pt, sd::PRI_met, sd::PRI_met_sumet, sd::PRI_jet_all_pt})
        failures += std::abs(a[c] - b[c]) > 1e-4f * std::max(1.0f, std::abs(a[c]));
    }
  }
  BOOST_TEST(failures == 0u);
}

BOOST_AUTO_TEST_CASE(no_allocation_over_the_real_events) {
  const Events& data = real_events();
  const auto variations = sp::parse_variations("nominal,tes_up,tes_down,jes_up,jes_down,soft_met");
  double checksum = 0.0;
  const long allocations = sieve::test::count_allocations([&] {
    for (std::uint64_t v = 0; v < variations.size(); ++v)
      for (std::size_t i = 0; i < data.events.size(); ++i)
        checksum += sp::apply(data.events[i], variations[v], i, v, kSeed)[sd::DER_pt_h];
  });
  BOOST_TEST(allocations == 0);
  BOOST_TEST(checksum > 0.0);
}
