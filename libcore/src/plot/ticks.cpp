#include "sieve/plot/ticks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sieve::plot {
namespace {

constexpr double eps = 1e-9;

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s.starts_with('-') && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

// v as "m.mme-5": exponent of v itself, mantissa with `decimals` decimals.
std::string scientific(double v, int decimals) {
  if (v == 0.0) return "0";
  int e = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  double m = v / std::pow(10.0, e);
  const double unit = std::pow(10.0, -decimals);
  if (std::fabs(std::round(m / unit) * unit) >= 10.0) { // 9.99.. rounds up to 10
    ++e;
    m = v / std::pow(10.0, e);
  }
  return fixed(m, std::max(decimals, 0)) + "e" + std::to_string(e);
}

int floor_log10(double v) { return static_cast<int>(std::floor(std::log10(v) + eps)); }

std::vector<Tick> linear_ticks(double lo, double hi, int max_labels) {
  // The smallest step of 1, 2 or 5 x 10^k that gives at most max_labels ticks.
  const auto count = [&](double s) {
    return std::floor(hi / s + eps) - std::ceil(lo / s - eps) + 1.0;
  };
  const int e0 = static_cast<int>(std::floor(std::log10((hi - lo) / max_labels))) - 1;
  double step = 0.0;
  for (int k = 0;; ++k) {
    const double candidate = (k % 3 == 0   ? 1.0
                              : k % 3 == 1 ? 2.0
                                           : 5.0) *
                             std::pow(10.0, e0 + k / 3);
    if (count(candidate) <= max_labels) {
      step = candidate;
      break;
    }
  }
  const double biggest = std::max(std::fabs(lo), std::fabs(hi));
  const bool sci = biggest >= 1e5 || biggest < 1e-3;
  const int step_exponent = floor_log10(step);

  std::vector<Tick> ticks;
  const auto first = static_cast<long long>(std::ceil(lo / step - eps));
  const auto last = static_cast<long long>(std::floor(hi / step + eps));
  for (long long k = first; k <= last; ++k) {
    double v = static_cast<double>(k) * step;
    if (std::fabs(v) < step * eps) v = 0.0;
    std::string label;
    if (!sci) {
      label = fixed(v, std::max(0, -step_exponent));
    } else {
      const int e = v == 0.0 ? 0 : floor_log10(std::fabs(v));
      label = scientific(v, std::max(0, e - step_exponent));
    }
    ticks.push_back({v, label, true});
  }
  return ticks;
}

// Label of m x 10^e on a log axis.
std::string log_label(int m, int e, bool sci) {
  if (!sci) return fixed(m * std::pow(10.0, e), std::max(0, -e));
  return std::to_string(m) + "e" + std::to_string(e);
}

bool plain_exponent(int e) { return e >= -3 && e <= 4; }

std::vector<Tick> log_ticks(double lo, double hi, int max_labels) {
  const double lg_lo = std::log10(lo);
  const double lg_hi = std::log10(hi);
  const int e_first = static_cast<int>(std::ceil(lg_lo - eps));
  const int e_last = static_cast<int>(std::floor(lg_hi + eps));
  const auto in_range = [&](double v) { return v >= lo * (1 - eps) && v <= hi * (1 + eps); };
  std::vector<Tick> ticks;

  if (e_last - e_first + 1 >= 2) { // decades
    const int n_decades = e_last - e_first + 1;
    const int stride = (n_decades + max_labels - 1) / std::max(max_labels, 1);
    const auto labelled = [&](int e) { return (e - e_first) % stride == 0; };
    bool sci = false;
    for (int e = e_first; e <= e_last; ++e)
      sci = sci || (labelled(e) && !plain_exponent(e));
    for (int e = e_first - 1; e <= e_last; ++e) {
      const double decade = std::pow(10.0, e);
      if (e >= e_first) {
        if (labelled(e)) {
          ticks.push_back({decade, log_label(1, e, sci), true});
        } else {
          ticks.push_back({decade, {}, false});
        }
      }
      if (stride == 1 && n_decades <= 8) {
        for (int m = 2; m <= 9; ++m) {
          if (in_range(m * decade)) ticks.push_back({m * decade, {}, false});
        }
      }
    }
  } else { // less than two decades: 1, 2, 5 x 10^k
    std::vector<Tick> candidates;
    for (int e = static_cast<int>(std::floor(lg_lo)) - 1; e <= static_cast<int>(std::ceil(lg_hi));
         ++e) {
      for (int m = 1; m <= 9; ++m) {
        const double v = m * std::pow(10.0, e);
        if (!in_range(v)) continue;
        const bool major = m == 1 || m == 2 || m == 5;
        candidates.push_back(
            {v, major ? log_label(m, e, !plain_exponent(e)) : std::string{}, major});
      }
    }
    const auto n_major =
        std::count_if(candidates.begin(), candidates.end(), [](const Tick& t) { return t.major; });
    if (n_major < 2 || n_major > max_labels) return linear_ticks(lo, hi, max_labels);
    ticks = std::move(candidates);
  }
  std::sort(ticks.begin(), ticks.end(),
            [](const Tick& a, const Tick& b) { return a.value < b.value; });
  return ticks;
}

} // namespace

std::vector<Tick> axis_ticks(double lo, double hi, Scale scale, int max_labels) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) return {};
  max_labels = std::max(max_labels, 2);
  if (scale == Scale::Log10) {
    if (!(lo > 0.0)) return {};
    return log_ticks(lo, hi, max_labels);
  }
  return linear_ticks(lo, hi, max_labels);
}

} // namespace sieve::plot
