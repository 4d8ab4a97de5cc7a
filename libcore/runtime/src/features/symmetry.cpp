#include "sieve/features/symmetry.hpp"

#include "sieve/random.hpp"

#include <cmath>
#include <numbers>

namespace sieve::features {

void apply(const Symmetry& s, std::span<const MomentumColumns> momenta, std::span<float> f) {
  for (const MomentumColumns& m : momenta) {
    // Products of two floats are exact in double, so each component is rounded once,
    // whether or not the compiler contracts the sum into a fused multiply-add: the same
    // bits for every build and every shape of the loop.
    const double px = f[m.px], py = f[m.py], c = s.cos_phi, sn = s.sin_phi;
    const auto rx = static_cast<float>(c * px - sn * py);
    auto ry = static_cast<float>(sn * px + c * py);
    if (s.flip_y) ry = -ry;
    f[m.px] = rx;
    f[m.py] = ry;
    if (s.flip_z && m.pz >= 0) f[m.pz] = -f[m.pz];
  }
}

Symmetry random_symmetry(std::uint64_t k) {
  const double angle = (2.0 * uniform(k, 0) - 1.0) * std::numbers::pi;
  return Symmetry{static_cast<float>(std::cos(angle)), static_cast<float>(std::sin(angle)),
                  uniform(k, 1) < 0.5, uniform(k, 2) < 0.5};
}

std::array<Symmetry, kTtaCopies> tta_copies() {
  std::array<Symmetry, kTtaCopies> out{};
  for (int i = 0; i < kTtaCopies; ++i) {
    const bool half_turn = i % 2 == 1;
    // A rotation by pi is exactly (x, y) -> (-x, -y): no rounding from cos(pi).
    out[i] = Symmetry{half_turn ? -1.0f : 1.0f, 0.0f, ((i / 2) & 1) != 0, ((i / 2) & 2) != 0};
  }
  return out;
}

} // namespace sieve::features
