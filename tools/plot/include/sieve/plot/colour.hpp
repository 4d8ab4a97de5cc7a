#pragma once
// 8-bit RGB colours and the default series palette.
#include <cstddef>
#include <cstdint>

namespace sieve::plot {

struct Colour {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
  friend constexpr bool operator==(const Colour&, const Colour&) = default;
};

// Colour i of a cycle of 8 that stay distinct for the common colour-vision deficiencies
// (after Okabe and Ito): blue, vermillion, bluish green, reddish purple, orange,
// sky blue, black, grey.
Colour palette_colour(std::size_t i);

} // namespace sieve::plot
