#pragma once
// The exact symmetries of the detector acting on one raw event: rotation about the beam
// axis, and the reflections y -> -y and z -> -z. They act on the PRI directions only:
//  - rotation by an angle adds it to every azimuth (tau, lepton, leading and subleading
//    jet, MET) and wraps the result to [-pi, pi);
//  - reflection in y maps every azimuth phi -> -phi (exact negation: an involution, and
//    values in [-pi, pi] stay in [-pi, pi]);
//  - reflection in z maps every pseudorapidity eta -> -eta (tau, lepton, both jets).
// Undefined (NaN) values stay NaN. Every DER feature, PRI_met, PRI_met_sumet,
// PRI_jet_num, the transverse momenta and PRI_jet_all_pt are invariant and left untouched:
// each DER feature depends on azimuths only through differences (and on the sign of
// sin(phi_tau - phi_lep) only together with the MET azimuth, so that y reflection leaves
// DER_met_phi_centrality unchanged), and on pseudorapidities only through differences,
// squares and products of two of them. So moving the PRI momenta alone is exact
// (tests/integration/test_symmetry_invariance.cpp checks it on the real events).
#include "sieve/physics/raw_event.hpp"

#include <cstdint>

namespace sieve::physics {

// phi wrapped to [-pi, pi) (in double precision).
double wrap_phi(double phi);
// phi wrapped to [-pi, pi) and stored as float: a value that rounds up to float(pi) is
// sent to float(-pi), so stored azimuths lie in [float(-pi), float(pi)).
float wrap_phi_float(double phi);

// Adds `angle` (radians) to every defined azimuth, wrapped to [-pi, pi).
void rotate_phi(EventSpan event, double angle);
// phi -> -phi for every defined azimuth.
void reflect_y(EventSpan event);
// eta -> -eta for every defined pseudorapidity.
void reflect_z(EventSpan event);

// One element of the symmetry group: reflections first (y, then z), then the rotation.
struct Symmetry {
  double angle = 0.0;
  bool reflect_y = false;
  bool reflect_z = false;
};

void apply(const Symmetry& symmetry, EventSpan event);

// A uniformly random symmetry (angle uniform in [-pi, pi), each reflection with
// probability 1/2), a pure function of `key` (see sieve/random.hpp).
Symmetry random_symmetry(std::uint64_t key);

} // namespace sieve::physics
