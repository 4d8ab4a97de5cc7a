#pragma once
// An RGB raster with the few drawing operations the plots need (internal to libcore).
#include <cstdint>
#include <vector>

#include "sieve/plot/colour.hpp"

namespace sieve::plot::detail {

// Pixels [x0, x1) x [y0, y1).
struct Rect {
  int x0 = 0;
  int y0 = 0;
  int x1 = 0;
  int y1 = 0;
  int width() const { return x1 - x0; }
  int height() const { return y1 - y0; }
};

class Canvas {
public:
  Canvas(int width, int height, Colour background);

  int width() const { return width_; }
  int height() const { return height_; }
  const std::vector<std::uint8_t>& rgb() const { return rgb_; } // row-major, 3 bytes a pixel

  // Drawing stays inside the clip rectangle (initially the whole canvas).
  void set_clip(const Rect& clip);
  void reset_clip();

  void set(int x, int y, Colour c);
  Colour get(int x, int y) const;
  void fill(const Rect& r, Colour c);
  // A line of about `width` pixels (round caps) between two points in pixel coordinates
  // (pixel (i, j) covers [i, i+1) x [j, j+1)); the segment is clipped first, so far-away
  // end points cost nothing.
  void line(double x0, double y0, double x1, double y1, Colour c, double width);
  // A filled disc of the given diameter.
  void dot(double x, double y, Colour c, double diameter);

private:
  int width_;
  int height_;
  Rect clip_;
  std::vector<std::uint8_t> rgb_;
};

} // namespace sieve::plot::detail
