#define BOOST_TEST_MODULE physics_symmetry
#include <boost/test/unit_test.hpp>

#include "sieve/physics/symmetry.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace sp = sieve::physics;
namespace sd = sieve::data;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr double kPi = std::numbers::pi;

// Event 100000 of the open-data release (2 jets).
sp::RawEvent two_jets() {
  return {138.47f, 51.655f, 97.827f, 27.98f, 0.91f,  124.711f, 2.666f,  3.064f,
          41.928f, 197.76f, 1.582f,  1.396f, 0.2f,   32.638f,  1.017f,  0.381f,
          51.626f, 2.273f,  -2.414f, 16.824f, -0.277f, 258.733f, 2.0f,  67.435f,
          2.15f,   0.444f,  46.062f, 1.24f,  -2.475f, 113.497f};
}

// Event 100001 (1 jet: the subleading jet and the jet-pair DER are undefined).
sp::RawEvent one_jet() {
  return {160.937f, 68.768f, 103.235f, 48.146f, kNaN,    kNaN,     kNaN,   3.473f,
          2.078f,   125.157f, 0.879f,  1.414f,  kNaN,    42.014f,  2.039f, -3.011f,
          36.918f,  0.501f,   0.103f,  44.704f, -1.916f, 164.546f, 1.0f,   46.226f,
          0.725f,   1.158f,   kNaN,    kNaN,    kNaN,    46.226f};
}

constexpr sd::HiggsColumn kPhis[] = {sd::PRI_tau_phi, sd::PRI_lep_phi, sd::PRI_met_phi,
                                     sd::PRI_jet_leading_phi, sd::PRI_jet_subleading_phi};
constexpr sd::HiggsColumn kEtas[] = {sd::PRI_tau_eta, sd::PRI_lep_eta, sd::PRI_jet_leading_eta,
                                     sd::PRI_jet_subleading_eta};

bool is_phi(int c) {
  for (auto p : kPhis)
    if (p == c) return true;
  return false;
}
bool is_eta(int c) {
  for (auto e : kEtas)
    if (e == c) return true;
  return false;
}

bool same(float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

} // namespace

BOOST_AUTO_TEST_CASE(wrap_phi_is_half_open) {
  BOOST_TEST(sp::wrap_phi(0.5) == 0.5);
  BOOST_TEST(sp::wrap_phi(kPi) == -kPi);
  BOOST_TEST(sp::wrap_phi(-kPi) == -kPi);
  BOOST_TEST(sp::wrap_phi(3.0 * kPi + 0.25) == -kPi + 0.25, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(sp::wrap_phi(-7.0) == -7.0 + 2.0 * kPi, boost::test_tools::tolerance(1e-12));
  for (double phi = -40.0; phi < 40.0; phi += 0.0137) {
    const double w = sp::wrap_phi(phi);
    BOOST_TEST((w >= -kPi && w < kPi));
    BOOST_TEST(std::remainder(w - phi, 2.0 * kPi) == 0.0, boost::test_tools::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_CASE(float_wrap_stays_below_float_pi) {
  const float pi_f = static_cast<float>(kPi);
  BOOST_TEST(sp::wrap_phi_float(3.0) == 3.0f);
  BOOST_TEST(sp::wrap_phi_float(kPi - 1e-9) == -pi_f);  // would round up to float(pi)
  BOOST_TEST(sp::wrap_phi_float(-kPi) == -pi_f);
  BOOST_TEST(sp::wrap_phi_float(kPi + 0.5) == static_cast<float>(-kPi + 0.5));
  for (double phi = -10.0; phi < 10.0; phi += 0.001) {
    const float w = sp::wrap_phi_float(phi);
    BOOST_TEST_REQUIRE((w >= -pi_f && w < pi_f));
  }
}

BOOST_AUTO_TEST_CASE(rotation_moves_every_azimuth_and_nothing_else) {
  const sp::RawEvent before = two_jets();
  sp::RawEvent event = before;
  sp::rotate_phi(event, 1.0);
  for (int c = 0; c < sd::kHiggsColumnCount; ++c) {
    if (is_phi(c)) {
      const double expected = sp::wrap_phi(static_cast<double>(before[c]) + 1.0);
      BOOST_TEST(event[c] == expected, boost::test_tools::tolerance(1e-6));
      BOOST_TEST((event[c] >= -kPi && event[c] < kPi));
    } else {
      BOOST_TEST(same(event[c], before[c]), "column " << sd::kHiggsColumnNames[c] << " changed");
    }
  }
  // 0.381 + 3 wraps past pi.
  sp::RawEvent wrapped = before;
  sp::rotate_phi(wrapped, 3.0);
  BOOST_TEST(wrapped[sd::PRI_tau_phi] == 0.381 + 3.0 - 2.0 * kPi,
             boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(rotation_by_two_pi_is_identity_and_rotations_compose) {
  for (const sp::RawEvent& start : {two_jets(), one_jet()}) {
    sp::RawEvent event = start;
    sp::rotate_phi(event, 2.0 * kPi);
    for (int c = 0; c < sd::kHiggsColumnCount; ++c) BOOST_TEST(same(event[c], start[c]));
    event = start;
    sp::rotate_phi(event, -4.0 * kPi);
    for (int c = 0; c < sd::kHiggsColumnCount; ++c) BOOST_TEST(same(event[c], start[c]));
    event = start;
    sp::rotate_phi(event, 2.2);
    sp::rotate_phi(event, -2.2);
    for (int c = 0; c < sd::kHiggsColumnCount; ++c)
      BOOST_TEST((same(event[c], start[c]) || std::abs(event[c] - start[c]) < 1e-6f));
  }
}

BOOST_AUTO_TEST_CASE(reflections_are_involutions_on_the_right_columns) {
  const sp::RawEvent start = two_jets();
  sp::RawEvent y = start;
  sp::reflect_y(y);
  sp::RawEvent z = start;
  sp::reflect_z(z);
  for (int c = 0; c < sd::kHiggsColumnCount; ++c) {
    BOOST_TEST(same(y[c], is_phi(c) ? -start[c] : start[c]));
    BOOST_TEST(same(z[c], is_eta(c) ? -start[c] : start[c]));
  }
  sp::reflect_y(y);
  sp::reflect_z(z);
  for (int c = 0; c < sd::kHiggsColumnCount; ++c) {
    BOOST_TEST(same(y[c], start[c]));
    BOOST_TEST(same(z[c], start[c]));
  }
}

BOOST_AUTO_TEST_CASE(undefined_values_stay_undefined) {
  const sp::RawEvent start = one_jet();
  for (const sp::Symmetry& s : {sp::Symmetry{0.7, false, false}, sp::Symmetry{-2.9, true, false},
                                sp::Symmetry{3.1, true, true}, sp::Symmetry{0.0, false, true}}) {
    sp::RawEvent event = start;
    sp::apply(s, event);
    for (int c = 0; c < sd::kHiggsColumnCount; ++c)
      BOOST_TEST(std::isnan(event[c]) == std::isnan(start[c]),
                 "column " << sd::kHiggsColumnNames[c]);
  }
}

BOOST_AUTO_TEST_CASE(apply_reflects_then_rotates) {
  const sp::RawEvent start = two_jets();
  sp::RawEvent event = start;
  sp::apply(sp::Symmetry{0.5, true, true}, event);
  sp::RawEvent manual = start;
  sp::reflect_y(manual);
  sp::reflect_z(manual);
  sp::rotate_phi(manual, 0.5);
  for (int c = 0; c < sd::kHiggsColumnCount; ++c) BOOST_TEST(same(event[c], manual[c]));
}

BOOST_AUTO_TEST_CASE(random_symmetries_are_keyed_and_cover_the_group) {
  int y = 0, z = 0;
  double mean_angle = 0.0;
  constexpr int n = 4000;
  for (int i = 0; i < n; ++i) {
    const sp::Symmetry s = sp::random_symmetry(static_cast<std::uint64_t>(i) * 7919u);
    const sp::Symmetry again = sp::random_symmetry(static_cast<std::uint64_t>(i) * 7919u);
    BOOST_TEST(s.angle == again.angle);
    BOOST_TEST((s.reflect_y == again.reflect_y && s.reflect_z == again.reflect_z));
    BOOST_TEST((s.angle >= -kPi && s.angle < kPi));
    y += s.reflect_y;
    z += s.reflect_z;
    mean_angle += s.angle / n;
  }
  BOOST_TEST(std::abs(y - n / 2) < 200);
  BOOST_TEST(std::abs(z - n / 2) < 200);
  BOOST_TEST(std::abs(mean_angle) < 0.15);
}
