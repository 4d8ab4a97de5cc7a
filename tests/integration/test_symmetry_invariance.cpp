#define BOOST_TEST_MODULE physics_symmetry_invariance
#include <boost/test/unit_test.hpp>

// The DER features are invariant under the detector symmetries, so moving only the PRI
// momenta is exact: on every real event, each DER feature recomputed after a symmetry
// equals the recomputation before it (within 1e-3, relative or absolute), and the symmetry
// leaves every non-angular column bit-identical.
#include "sieve/data/csv_reader.hpp"
#include "sieve/physics/derived_features.hpp"
#include "sieve/physics/raw_event.hpp"
#include "sieve/physics/symmetry.hpp"
#include "sieve/random.hpp"

#include <cmath>
#include <cstring>
#include <numbers>
#include <string>
#include <vector>

namespace sd = sieve::data;
namespace sp = sieve::physics;

namespace {

const std::string kOpen = std::string(SIEVE_SOURCE_DIR) +
                          "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";

bool angular(int c) {
  switch (c) {
  case sd::PRI_tau_eta: case sd::PRI_tau_phi: case sd::PRI_lep_eta: case sd::PRI_lep_phi:
  case sd::PRI_met_phi: case sd::PRI_jet_leading_eta: case sd::PRI_jet_leading_phi:
  case sd::PRI_jet_subleading_eta: case sd::PRI_jet_subleading_phi:
    return true;
  default:
    return false;
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(derived_features_are_invariant_under_every_symmetry) {
  const sd::Table table = sd::read_table(kOpen);
  BOOST_REQUIRE_EQUAL(table.rows(), 18000u);
  const sp::TableColumns columns(table);
  constexpr double pi = std::numbers::pi;

  // Fixed elements (pure reflections, both, rotations by pi and near the wrap) and
  // random ones drawn per event.
  std::vector<sp::Symmetry> fixed = {{0.0, true, false}, {0.0, false, true}, {0.0, true, true},
                                     {pi, false, false}, {-pi, true, true},  {2.5, false, false},
                                     {-1.3, true, false}, {0.001, false, true}};
  constexpr int kRandomPerEvent = 4;
  const sp::DerivedMask all = sp::kRecomputableDerived | sp::kApproximateDerived;

  std::size_t checked = 0, failures = 0, untouched_failures = 0;
  std::array<double, sp::kDerivedCount> worst{};
  for (std::size_t row = 0; row < table.rows(); ++row) {
    const sp::RawEvent event = columns.read(table, row);
    const sp::DerivedValues before = sp::compute_derived(event, all);
    for (int k = 0; k < static_cast<int>(fixed.size()) + kRandomPerEvent; ++k) {
      const sp::Symmetry s = k < static_cast<int>(fixed.size())
                                 ? fixed[k]
                                 : sp::random_symmetry(sieve::key(7, row, static_cast<std::uint64_t>(k)));
      sp::RawEvent moved = event;
      sp::apply(s, moved);
      for (int c = 0; c < sd::kHiggsColumnCount; ++c)
        if (!angular(c) && std::memcmp(&moved[c], &event[c], sizeof(float)) != 0) ++untouched_failures;
      const sp::DerivedValues after = sp::compute_derived(moved, all);
      for (std::size_t c = 1; c < sp::kDerivedCount; ++c) {  // DER_mass_MMC is not computed
        ++checked;
        if (std::isnan(before[c]) || std::isnan(after[c])) {
          if (std::isnan(before[c]) != std::isnan(after[c])) ++failures;
          continue;
        }
        const double d = std::abs(after[c] - before[c]);
        const double scaled = d / std::max(1.0, std::abs(before[c]));
        worst[c] = std::max(worst[c], scaled);
        if (scaled > 1e-3) {
          ++failures;
          if (failures < 20)
            BOOST_TEST_MESSAGE("EventId " << table.event_id[row] << " " << sd::kHiggsColumnNames[c]
                                          << " angle " << s.angle << " y " << s.reflect_y << " z "
                                          << s.reflect_z << ": " << before[c] << " -> " << after[c]);
        }
      }
    }
  }
  for (std::size_t c = 1; c < sp::kDerivedCount; ++c)
    BOOST_TEST_MESSAGE(sd::kHiggsColumnNames[c] << ": largest change (absolute, or relative above 1) "
                                                << worst[c]);
  BOOST_TEST_MESSAGE(checked << " recomputed values compared");
  BOOST_TEST(failures == 0u);
  BOOST_TEST(untouched_failures == 0u);
}
