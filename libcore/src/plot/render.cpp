#include "render.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "font.hpp"
#include "sieve/error.hpp"
#include "sieve/plot/ticks.hpp"

namespace sieve::plot::detail {
namespace {

constexpr Colour white{255, 255, 255};
constexpr Colour ink{30, 30, 30};
constexpr Colour frame_colour{90, 90, 90};
constexpr Colour grid_colour{228, 228, 228};
constexpr Colour legend_border{170, 170, 170};

bool usable(double v, Scale s) { return std::isfinite(v) && (s == Scale::Linear || v > 0.0); }
double transform(double v, Scale s) { return s == Scale::Log10 ? std::log10(v) : v; }
double inverse(double t, Scale s) { return s == Scale::Log10 ? std::pow(10.0, t) : t; }

std::string describe(Scale s) { return s == Scale::Log10 ? "log" : "linear"; }

// One axis: the range in transformed units (log10 for a log axis) and its ticks.
struct Axis {
  Scale scale = Scale::Linear;
  double t_lo = 0.0;
  double t_hi = 1.0;
  std::vector<Tick> ticks;
  // Position in [0, 1] along the axis (unbounded outside the range).
  double fraction(double v) const { return (transform(v, scale) - t_lo) / (t_hi - t_lo); }
  double lo() const { return inverse(t_lo, scale); }
  double hi() const { return inverse(t_hi, scale); }
};

void check_limit(const std::optional<double>& limit, Scale s, const char* name) {
  if (limit && !usable(*limit, s)) {
    throw ConfigError(std::string(name) + " = " + std::to_string(*limit) + " is not usable on a " +
                      describe(s) + " axis");
  }
}

// The axis range: explicit limits where given, otherwise the data's extent (in
// transformed units) with a 3% margin on each automatic side.
Axis make_axis(Scale scale, double data_lo, double data_hi, const std::optional<double>& min,
               const std::optional<double>& max, const char* name) {
  check_limit(min, scale, (std::string(name) + "_min").c_str());
  check_limit(max, scale, (std::string(name) + "_max").c_str());
  Axis axis;
  axis.scale = scale;
  double lo = min ? transform(*min, scale) : std::numeric_limits<double>::quiet_NaN();
  double hi = max ? transform(*max, scale) : std::numeric_limits<double>::quiet_NaN();
  const bool have_data = data_lo <= data_hi;
  const double d_lo = have_data ? transform(data_lo, scale) : 0.0;
  const double d_hi = have_data ? transform(data_hi, scale) : 1.0;
  if (min && max) {
    if (!(lo < hi)) {
      throw ConfigError(std::string(name) + "_min = " + std::to_string(*min) + " is not below " +
                        name + "_max = " + std::to_string(*max));
    }
  } else {
    double a = min ? lo : d_lo;
    double b = max ? hi : d_hi;
    if (!(a < b)) { // one value, or a limit beyond all data: open up a unit-ish window
      const double half = scale == Scale::Log10 ? 0.5 : (a == 0.0 ? 0.5 : std::fabs(a) * 0.1);
      if (min) {
        b = a + 2.0 * half;
      } else if (max) {
        a = b - 2.0 * half;
      } else {
        a -= half;
        b += half;
      }
    }
    const double margin = 0.03 * (b - a);
    lo = min ? a : a - margin;
    hi = max ? b : b + margin;
  }
  axis.t_lo = lo;
  axis.t_hi = hi;
  return axis;
}

struct Layout {
  int scale = 1;  // text scale
  int pen = 2;    // series line width
  int pad = 8;    // outer margin
  int gap = 4;    // between text and things
  int tick = 5;   // tick length
  int text_h = 9; // height of one line of small text
  int title_scale = 2;
  Rect plot; // the data area
};

void draw_dashed_vertical(Canvas& c, double x, const Rect& area, Colour colour, int width, int dash,
                          int space) {
  const int x0 = static_cast<int>(std::lround(x - width / 2.0));
  for (int y = area.y0; y < area.y1; y += dash + space) {
    c.fill({x0, y, x0 + width, std::min(y + dash, area.y1)}, colour);
  }
}

// Non-background, non-grid pixels inside r: how much data a legend there would hide.
long count_ink(const Canvas& c, const Rect& r) {
  long n = 0;
  for (int y = r.y0; y < r.y1; ++y) {
    for (int x = r.x0; x < r.x1; ++x) {
      const Colour p = c.get(x, y);
      if (!(p == white) && !(p == grid_colour)) ++n;
    }
  }
  return n;
}

} // namespace

Canvas render(const LinePlot& plot, int width, int height) {
  if (width < 200 || height < 150) {
    throw ConfigError("image size " + std::to_string(width) + " x " + std::to_string(height) +
                      " is below the minimum 200 x 150");
  }
  if (width > 20000 || height > 20000) {
    throw ConfigError("image size " + std::to_string(width) + " x " + std::to_string(height) +
                      " is above the maximum 20000 x 20000");
  }
  for (const Series& s : plot.series) {
    if (s.x.size() != s.y.size()) {
      throw ConfigError("series '" + s.name + "' has " + std::to_string(s.x.size()) +
                        " x values and " + std::to_string(s.y.size()) + " y values");
    }
  }

  // Data extent over the points that can be drawn.
  double x_lo = std::numeric_limits<double>::infinity();
  double x_hi = -x_lo;
  double y_lo = x_lo;
  double y_hi = -x_lo;
  for (const Series& s : plot.series) {
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!usable(s.x[i], plot.x_scale) || !usable(s.y[i], plot.y_scale)) continue;
      x_lo = std::min(x_lo, s.x[i]);
      x_hi = std::max(x_hi, s.x[i]);
      y_lo = std::min(y_lo, s.y[i]);
      y_hi = std::max(y_hi, s.y[i]);
    }
  }
  for (const VerticalMarker& m : plot.markers) {
    if (!usable(m.x, plot.x_scale)) continue;
    x_lo = std::min(x_lo, m.x);
    x_hi = std::max(x_hi, m.x);
  }
  Axis x_axis = make_axis(plot.x_scale, x_lo, x_hi, plot.x_min, plot.x_max, "x");
  Axis y_axis = make_axis(plot.y_scale, y_lo, y_hi, plot.y_min, plot.y_max, "y");

  // Text and lines grow with the image: scale 1 up to 1599 x 999, 2 from 1600 x 1000, ...
  Layout L;
  L.scale = std::max(1, std::min(width / 800, height / 500));
  const int f = L.scale;
  L.pen = 2 * f;
  L.pad = 10 * f;
  L.gap = 5 * f;
  L.tick = 5 * f;
  L.text_h = font_cell_height * f;
  L.title_scale = 2 * f;
  // A title too wide for double-size text is drawn at the normal size (then clipped).
  if (text_width(plot.title, L.title_scale) > width - 2 * L.pad) L.title_scale = f;

  // Vertical layout first: it fixes the plot height and so the y ticks.
  const int top =
      L.pad + (plot.title.empty() ? L.text_h / 2 : font_cell_height * L.title_scale + L.gap);
  const int bottom =
      L.tick + L.gap + L.text_h + (plot.x_label.empty() ? 0 : L.gap + L.text_h) + L.pad;
  const int plot_h = height - top - bottom;
  y_axis.ticks =
      axis_ticks(y_axis.lo(), y_axis.hi(), plot.y_scale, std::clamp(plot_h / (45 * f), 2, 10));
  int y_label_w = 0;
  for (const Tick& t : y_axis.ticks)
    y_label_w = std::max(y_label_w, text_width(t.label, f));
  const int left =
      L.pad + (plot.y_label.empty() ? 0 : L.text_h + L.gap) + y_label_w + L.gap + L.tick;
  const int right = L.pad + 14 * f; // room for half of the last x tick label
  const int plot_w = width - left - right;
  if (plot_w < 40 || plot_h < 40) {
    throw ConfigError("image size " + std::to_string(width) + " x " + std::to_string(height) +
                      " leaves no room for the data area");
  }
  L.plot = {left, top, left + plot_w, top + plot_h};

  const auto px = [&](double x) {
    return std::clamp(L.plot.x0 + x_axis.fraction(x) * plot_w, -1e6, 1e6);
  };
  const auto py = [&](double y) {
    return std::clamp(L.plot.y1 - y_axis.fraction(y) * plot_h, -1e6, 1e6);
  };

  // x ticks: as many as fit without labels touching.
  for (int wanted = std::clamp(plot_w / (70 * f), 2, 12);; --wanted) {
    x_axis.ticks = axis_ticks(x_axis.lo(), x_axis.hi(), plot.x_scale, wanted);
    bool fits = true;
    double last_right = -1e9;
    for (const Tick& t : x_axis.ticks) {
      if (t.label.empty()) continue;
      const double w = text_width(t.label, f);
      const double centre = px(t.value);
      if (centre - w / 2.0 < last_right + 3 * L.gap) fits = false;
      last_right = centre + w / 2.0;
    }
    if (fits || wanted <= 2) break;
  }

  Canvas canvas(width, height, white);

  // Grid.
  for (const Tick& t : x_axis.ticks) {
    if (!t.major) continue;
    const int x = static_cast<int>(std::floor(px(t.value)));
    canvas.fill({std::min(x, L.plot.x1 - 1), L.plot.y0, std::min(x, L.plot.x1 - 1) + 1, L.plot.y1},
                grid_colour);
  }
  for (const Tick& t : y_axis.ticks) {
    if (!t.major) continue;
    const int y = static_cast<int>(std::floor(py(t.value)));
    canvas.fill({L.plot.x0, std::min(y, L.plot.y1 - 1), L.plot.x1, std::min(y, L.plot.y1 - 1) + 1},
                grid_colour);
  }

  // Series, clipped to the data area; the line breaks at points that cannot be drawn.
  canvas.set_clip(L.plot);
  for (const Series& s : plot.series) {
    const std::size_t n = s.x.size();
    const auto ok = [&](std::size_t i) {
      return i < n && usable(s.x[i], plot.x_scale) && usable(s.y[i], plot.y_scale);
    };
    for (std::size_t i = 0; i < n; ++i) {
      if (!ok(i)) continue;
      const double x = px(s.x[i]);
      const double y = py(s.y[i]);
      const bool joined_before = i > 0 && ok(i - 1);
      if (joined_before) {
        canvas.line(px(s.x[i - 1]), py(s.y[i - 1]), x, y, s.colour, L.pen);
      } else if (!ok(i + 1)) {
        canvas.dot(x, y, s.colour, 2.0 * L.pen); // an isolated point stays visible
      }
      if (s.points) {
        const int half = L.pen + f;
        const int cx = static_cast<int>(std::floor(x));
        const int cy = static_cast<int>(std::floor(y));
        canvas.fill({cx - half, cy - half, cx + half + 1, cy + half + 1}, s.colour);
      }
    }
  }
  for (const VerticalMarker& m : plot.markers) {
    if (!usable(m.x, plot.x_scale)) continue;
    draw_dashed_vertical(canvas, px(m.x), L.plot, m.colour, L.pen, 7 * f, 5 * f);
  }
  canvas.reset_clip();

  // Frame and ticks.
  const Rect& P = L.plot;
  canvas.fill({P.x0 - f, P.y0 - f, P.x1 + f, P.y0}, frame_colour);
  canvas.fill({P.x0 - f, P.y1, P.x1 + f, P.y1 + f}, frame_colour);
  canvas.fill({P.x0 - f, P.y0, P.x0, P.y1}, frame_colour);
  canvas.fill({P.x1, P.y0, P.x1 + f, P.y1}, frame_colour);
  const int cap_h = font_cap_height * f;
  for (const Tick& t : x_axis.ticks) {
    const int x = std::min(static_cast<int>(std::floor(px(t.value))), P.x1 - 1);
    const int len = t.major ? L.tick : L.tick / 2;
    canvas.fill({x, P.y1 + f, x + f, P.y1 + f + len}, frame_colour);
    if (t.label.empty()) continue;
    const int w = text_width(t.label, f);
    const int lx = std::clamp(x - w / 2, 0, width - w);
    draw_text(canvas, lx, P.y1 + f + L.tick + L.gap, t.label, ink, f);
  }
  for (const Tick& t : y_axis.ticks) {
    const int y = std::min(static_cast<int>(std::floor(py(t.value))), P.y1 - 1);
    const int len = t.major ? L.tick : L.tick / 2;
    canvas.fill({P.x0 - f - len, y, P.x0 - f, y + f}, frame_colour);
    if (t.label.empty()) continue;
    const int w = text_width(t.label, f);
    draw_text(canvas, P.x0 - f - L.tick - L.gap - w, y - cap_h / 2, t.label, ink, f);
  }

  // Axis labels and title.
  if (!plot.x_label.empty()) {
    const int w = text_width(plot.x_label, f);
    const int lx = std::clamp(P.x0 + plot_w / 2 - w / 2, 0, std::max(0, width - w));
    draw_text(canvas, lx, height - L.pad - L.text_h, plot.x_label, ink, f);
  }
  if (!plot.y_label.empty()) {
    const int w = text_width(plot.y_label, f);
    const int ly = std::clamp(P.y0 + plot_h / 2 + w / 2, std::min(w, height), height);
    draw_text_up(canvas, L.pad, ly, plot.y_label, ink, f);
  }
  if (!plot.title.empty()) {
    const int w = text_width(plot.title, L.title_scale);
    const int lx = std::clamp(P.x0 + plot_w / 2 - w / 2, 0, std::max(0, width - w));
    draw_text(canvas, lx, L.pad, plot.title, ink, L.title_scale);
  }

  // Legend in the corner of the data area that hides the least data.
  struct Entry {
    std::string text;
    Colour colour;
    bool dashed;
  };
  std::vector<Entry> entries;
  for (const Series& s : plot.series) {
    if (!s.name.empty()) entries.push_back({s.name, s.colour, false});
  }
  for (const VerticalMarker& m : plot.markers) {
    if (!m.label.empty()) entries.push_back({m.label, m.colour, true});
  }
  if (plot.legend && !entries.empty()) {
    const int swatch = 22 * f;
    const int line_h = L.text_h + 3 * f;
    int text_w = 0;
    for (const Entry& e : entries)
      text_w = std::max(text_w, text_width(e.text, f));
    const int box_w = L.gap + swatch + L.gap + text_w + L.gap + f;
    const int box_h = L.gap + static_cast<int>(entries.size()) * line_h - 3 * f + L.gap;
    const int inset = 2 * L.gap;
    const Rect corners[4] = {
        {P.x1 - inset - box_w, P.y0 + inset, P.x1 - inset, P.y0 + inset + box_h}, // top right
        {P.x0 + inset, P.y0 + inset, P.x0 + inset + box_w, P.y0 + inset + box_h}, // top left
        {P.x1 - inset - box_w, P.y1 - inset - box_h, P.x1 - inset, P.y1 - inset}, // bottom right
        {P.x0 + inset, P.y1 - inset - box_h, P.x0 + inset + box_w, P.y1 - inset}, // bottom left
    };
    Rect box = corners[0];
    long least = count_ink(canvas, box);
    for (int k = 1; k < 4; ++k) {
      const long n = count_ink(canvas, corners[k]);
      if (n < least) {
        least = n;
        box = corners[k];
      }
    }
    canvas.fill(box, legend_border);
    canvas.fill({box.x0 + f, box.y0 + f, box.x1 - f, box.y1 - f}, white);
    int y = box.y0 + L.gap;
    for (const Entry& e : entries) {
      const int mid = y + cap_h / 2;
      const int sx = box.x0 + L.gap;
      if (e.dashed) {
        for (int x = sx; x < sx + swatch; x += 9 * f) {
          canvas.fill(
              {x, mid - L.pen / 2, std::min(x + 6 * f, sx + swatch), mid - L.pen / 2 + L.pen},
              e.colour);
        }
      } else {
        canvas.fill({sx, mid - L.pen / 2, sx + swatch, mid - L.pen / 2 + L.pen}, e.colour);
      }
      draw_text(canvas, sx + swatch + L.gap, y, e.text, ink, f);
      y += line_h;
    }
  }
  return canvas;
}

} // namespace sieve::plot::detail
