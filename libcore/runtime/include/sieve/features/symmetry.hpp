#pragma once
// The exact detector symmetries acting on the model's Cartesian momenta: a rotation of
// every transverse vector (MET included) by an angle in phi, the reflection y -> -y and
// the reflection z -> -z (eta -> -eta). Missing momenta (NaN) stay missing. Every other
// physical feature (the schema's continuous columns, masses, kept pt) is invariant and
// left alone.
#include "sieve/features/feature_layout.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace sieve::features {

struct Symmetry {
  float cos_phi = 1.0f, sin_phi = 0.0f;  // rotation, applied first
  bool flip_y = false, flip_z = false;   // then the reflections
};

void apply(const Symmetry& s, std::span<const MomentumColumns> momenta, std::span<float> features);

// Train-time augmentation draw (method spec section 4): phi uniform in [-pi, pi),
// independent 50% reflections in y and z; a pure function of `key`.
Symmetry random_symmetry(std::uint64_t key);

// The 8 test-time copies: index i has rotation (i % 2) * pi, y flipped if bit 0 of i / 2
// is set, z flipped if bit 1 of i / 2 is set (LUMIN's aug_idx order).
inline constexpr int kTtaCopies = 8;
std::array<Symmetry, kTtaCopies> tta_copies();

} // namespace sieve::features
