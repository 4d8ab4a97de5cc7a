#include "sieve/physics/symmetry.hpp"

#include "sieve/random.hpp"

#include <cmath>
#include <numbers>

namespace sieve::physics {
namespace {

using data::HiggsColumn;

constexpr HiggsColumn kAzimuths[] = {data::PRI_tau_phi, data::PRI_lep_phi, data::PRI_met_phi,
                                     data::PRI_jet_leading_phi, data::PRI_jet_subleading_phi};
constexpr HiggsColumn kEtas[] = {data::PRI_tau_eta, data::PRI_lep_eta, data::PRI_jet_leading_eta,
                                 data::PRI_jet_subleading_eta};

constexpr double kPi = std::numbers::pi;
constexpr double kTwoPi = 2.0 * std::numbers::pi;

// float(pi) is above pi, float(-pi) below -pi: in float, [-pi, pi) is
// [float(-pi), float(pi)) once a value that rounds up to float(pi) is sent to float(-pi).
constexpr float kPiF = static_cast<float>(kPi);

} // namespace

double wrap_phi(double phi) {
  if (phi >= -kPi && phi < kPi) return phi;
  double wrapped = phi - kTwoPi * std::floor((phi + kPi) / kTwoPi);
  // floor's argument can round to an integer from below; keep the half-open interval.
  if (wrapped >= kPi) wrapped -= kTwoPi;
  if (wrapped < -kPi) wrapped += kTwoPi;
  return wrapped;
}

float wrap_phi_float(double phi) {
  const float wrapped = static_cast<float>(wrap_phi(phi));
  return wrapped >= kPiF ? -kPiF : wrapped;
}

void rotate_phi(EventSpan event, double angle) {
  for (HiggsColumn c : kAzimuths) {
    const float phi = event[c];
    if (!std::isnan(phi)) event[c] = wrap_phi_float(static_cast<double>(phi) + angle);
  }
}

void reflect_y(EventSpan event) {
  for (HiggsColumn c : kAzimuths)
    if (!std::isnan(event[c])) event[c] = -event[c];
}

void reflect_z(EventSpan event) {
  for (HiggsColumn c : kEtas)
    if (!std::isnan(event[c])) event[c] = -event[c];
}

void apply(const Symmetry& symmetry, EventSpan event) {
  if (symmetry.reflect_y) reflect_y(event);
  if (symmetry.reflect_z) reflect_z(event);
  if (symmetry.angle != 0.0) rotate_phi(event, symmetry.angle);
}

Symmetry random_symmetry(std::uint64_t key) {
  Symmetry s;
  s.angle = -kPi + kTwoPi * uniform(key, 0);
  s.reflect_y = uniform(key, 1) < 0.5;
  s.reflect_z = uniform(key, 2) < 0.5;
  return s;
}

} // namespace sieve::physics
