#pragma once
// A built-in proportional bitmap font for plot text (internal to libcore): printable
// ASCII, capitals 7 pixels high, descenders 2 more, each pixel drawn as a scale x scale block.
#include <string_view>

#include "canvas.hpp"

namespace sieve::plot::detail {

constexpr int font_cap_height = 7;  // rows above the baseline
constexpr int font_cell_height = 9; // with descenders

int text_width(std::string_view text, int scale);
// Horizontal text, the top of the capitals at y_top.
void draw_text(Canvas& canvas, int x, int y_top, std::string_view text, Colour colour, int scale);
// Text turned 90 degrees anticlockwise (read from bottom to top), starting at y_bottom;
// x_left is the column of the top of the capitals.
void draw_text_up(Canvas& canvas, int x_left, int y_bottom, std::string_view text, Colour colour,
                  int scale);

} // namespace sieve::plot::detail
