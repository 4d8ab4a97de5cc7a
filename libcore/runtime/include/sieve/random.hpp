#pragma once
// Counter-based random numbers: every draw is a pure function of a key (seed, stream,
// a few counters), so results never depend on thread count or call order.
#include <cmath>
#include <cstdint>
#include <numbers>

namespace sieve {

__extension__ using uint128 = unsigned __int128;

// SplitMix64's finaliser: a bijective 64-bit mixer with good avalanche.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A key built from any number of 64-bit words, e.g. key(seed, member, epoch, event).
template <class... Words>
constexpr std::uint64_t key(std::uint64_t first, Words... rest) {
  std::uint64_t h = mix64(first);
  ((h = mix64(h ^ static_cast<std::uint64_t>(rest))), ...);
  return h;
}

// Uniform in [0, 1) with 53 random bits, from draw number `i` of stream `k`.
constexpr double uniform(std::uint64_t k, std::uint64_t i = 0) {
  return static_cast<double>(mix64(k ^ mix64(i)) >> 11) * 0x1.0p-53;
}

// Standard normal (Box-Muller on two uniforms of the stream), draw number `i`.
inline double normal(std::uint64_t k, std::uint64_t i = 0) {
  const double u1 = 1.0 - uniform(k, 2 * i);  // (0, 1]
  const double u2 = uniform(k, 2 * i + 1);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// Sequential generator over one stream (for shuffles): still a pure function of the key.
class CounterRng {
public:
  explicit constexpr CounterRng(std::uint64_t k) : key_(k) {}
  constexpr std::uint64_t next() { return mix64(key_ ^ mix64(counter_++)); }
  constexpr double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-64 * n).
  constexpr std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<uint128>(next()) * n) >> 64);
  }

private:
  std::uint64_t key_;
  std::uint64_t counter_ = 0;
};

} // namespace sieve
