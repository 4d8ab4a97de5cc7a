#include "sieve/score/event_key.hpp"

#include "sieve/random.hpp"

namespace sieve::score {

std::int64_t event_key(std::uint64_t run, std::uint64_t luminosity_block, std::uint64_t event) {
  // The event number XOR a mix of (run, block) that is zero for run 1, block 1.
  constexpr std::uint64_t first = key(1, 1);
  return static_cast<std::int64_t>(event ^ (key(run, luminosity_block) ^ first));
}

} // namespace sieve::score
