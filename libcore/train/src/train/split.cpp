#include "sieve/train/split.hpp"

#include "sieve/error.hpp"
#include "sieve/random.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace sieve::train {

void shuffle(std::span<std::uint32_t> values, std::uint64_t k) {
  CounterRng rng(k);
  for (std::size_t i = values.size(); i > 1; --i) std::swap(values[i - 1], values[rng.below(i)]);
}

namespace {
std::map<std::uint32_t, std::vector<std::uint32_t>> by_stratum(std::span<const std::uint32_t> rows,
                                                               std::span<const std::uint32_t> strata) {
  std::map<std::uint32_t, std::vector<std::uint32_t>> groups;
  for (std::uint32_t r : rows) groups[strata[r]].push_back(r);
  return groups;
}
} // namespace

Split stratified_split(std::span<const std::uint32_t> strata, double fraction, std::uint64_t seed) {
  if (!(fraction > 0.0 && fraction < 1.0))
    throw ConfigError("validation fraction must be in (0, 1), got " + std::to_string(fraction));
  std::vector<std::uint32_t> all(strata.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint32_t>(i);
  Split out;
  for (auto& [stratum, group] : by_stratum(all, strata)) {
    shuffle(group, key(seed, 0x5b1170, stratum));
    const auto n_val = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(group.size())));
    out.validation.insert(out.validation.end(), group.begin(), group.begin() + static_cast<std::ptrdiff_t>(n_val));
    out.train.insert(out.train.end(), group.begin() + static_cast<std::ptrdiff_t>(n_val), group.end());
  }
  std::sort(out.train.begin(), out.train.end());
  std::sort(out.validation.begin(), out.validation.end());
  return out;
}

std::vector<std::vector<std::uint32_t>> stratified_folds(std::span<const std::uint32_t> rows,
                                                         std::span<const std::uint32_t> strata,
                                                         int k, std::uint64_t seed) {
  if (k < 2) throw ConfigError("the number of folds must be at least 2, got " + std::to_string(k));
  if (rows.size() < static_cast<std::size_t>(k))
    throw ConfigError(std::to_string(rows.size()) + " training events cannot make " +
                      std::to_string(k) + " folds");
  std::vector<std::vector<std::uint32_t>> folds(static_cast<std::size_t>(k));
  std::size_t next = 0;  // continue dealing where the previous stratum stopped: balanced sizes
  for (auto& [stratum, group] : by_stratum(rows, strata)) {
    shuffle(group, key(seed, 0xf01d5, stratum));
    for (std::uint32_t r : group) folds[next++ % folds.size()].push_back(r);
  }
  for (auto& f : folds) std::sort(f.begin(), f.end());
  return folds;
}

} // namespace sieve::train
