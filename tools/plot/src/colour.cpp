#include "sieve/plot/colour.hpp"

#include <array>

namespace sieve::plot {

Colour palette_colour(std::size_t i) {
  static constexpr std::array<Colour, 8> palette{{
      {0, 114, 178},   // blue
      {213, 94, 0},    // vermillion
      {0, 158, 115},   // bluish green
      {204, 121, 167}, // reddish purple
      {230, 159, 0},   // orange
      {86, 180, 233},  // sky blue
      {0, 0, 0},       // black
      {128, 128, 128}, // grey
  }};
  return palette[i % palette.size()];
}

} // namespace sieve::plot
