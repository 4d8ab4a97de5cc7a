#include "canvas.hpp"

#include <algorithm>
#include <cmath>

namespace sieve::plot::detail {

Canvas::Canvas(int width, int height, Colour background)
    : width_(width), height_(height), clip_{0, 0, width, height},
      rgb_(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3) {
  fill(clip_, background);
}

void Canvas::set_clip(const Rect& clip) {
  clip_ = {std::max(clip.x0, 0), std::max(clip.y0, 0), std::min(clip.x1, width_),
           std::min(clip.y1, height_)};
}

void Canvas::reset_clip() { clip_ = {0, 0, width_, height_}; }

void Canvas::set(int x, int y, Colour c) {
  if (x < clip_.x0 || x >= clip_.x1 || y < clip_.y0 || y >= clip_.y1) return;
  const std::size_t at = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                          static_cast<std::size_t>(x)) *
                         3;
  rgb_[at] = c.r;
  rgb_[at + 1] = c.g;
  rgb_[at + 2] = c.b;
}

Colour Canvas::get(int x, int y) const {
  if (x < 0 || x >= width_ || y < 0 || y >= height_) return {};
  const std::size_t at = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                          static_cast<std::size_t>(x)) *
                         3;
  return {rgb_[at], rgb_[at + 1], rgb_[at + 2]};
}

void Canvas::fill(const Rect& r, Colour c) {
  for (int y = r.y0; y < r.y1; ++y) {
    for (int x = r.x0; x < r.x1; ++x)
      set(x, y, c);
  }
}

void Canvas::dot(double x, double y, Colour c, double diameter) {
  const double r = diameter / 2.0;
  const int i0 = static_cast<int>(std::floor(x - r));
  const int i1 = static_cast<int>(std::ceil(x + r));
  const int j0 = static_cast<int>(std::floor(y - r));
  const int j1 = static_cast<int>(std::ceil(y + r));
  for (int j = j0; j <= j1; ++j) {
    for (int i = i0; i <= i1; ++i) {
      const double dx = i + 0.5 - x;
      const double dy = j + 0.5 - y;
      if (dx * dx + dy * dy <= r * r) set(i, j, c);
    }
  }
}

void Canvas::line(double x0, double y0, double x1, double y1, Colour c, double width) {
  // Liang-Barsky clipping against the clip rectangle grown by the pen radius.
  const double margin = width;
  const double lo_x = clip_.x0 - margin;
  const double hi_x = clip_.x1 + margin;
  const double lo_y = clip_.y0 - margin;
  const double hi_y = clip_.y1 + margin;
  const double dx = x1 - x0;
  const double dy = y1 - y0;
  double t0 = 0.0;
  double t1 = 1.0;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {x0 - lo_x, hi_x - x0, y0 - lo_y, hi_y - y0};
  for (int k = 0; k < 4; ++k) {
    if (p[k] == 0.0) {
      if (q[k] < 0.0) return; // parallel and outside
      continue;
    }
    const double t = q[k] / p[k];
    if (p[k] < 0.0) {
      t0 = std::max(t0, t);
    } else {
      t1 = std::min(t1, t);
    }
    if (t0 > t1) return;
  }
  const double ax = x0 + t0 * dx;
  const double ay = y0 + t0 * dy;
  const double bx = x0 + t1 * dx;
  const double by = y0 + t1 * dy;
  // Stamp discs every half pixel along the clipped segment.
  const double length = std::hypot(bx - ax, by - ay);
  const int steps = std::max(1, static_cast<int>(std::ceil(length * 2.0)));
  for (int s = 0; s <= steps; ++s) {
    const double t = static_cast<double>(s) / steps;
    dot(ax + t * (bx - ax), ay + t * (by - ay), c, width);
  }
}

} // namespace sieve::plot::detail
