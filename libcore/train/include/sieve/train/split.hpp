#pragma once
// Seeded, stratified partitions of event indices: the 80/20 train/validation split and
// the k folds of the training part (method spec sections 1.2 and 1.8). Strata are small
// integers, e.g. label * 4 + jet-count code.
#include <cstdint>
#include <span>
#include <vector>

namespace sieve::train {

struct Split {
  std::vector<std::uint32_t> train, validation;  // ascending event indices
};

// Each stratum contributes round(fraction * size) events to the validation part.
Split stratified_split(std::span<const std::uint32_t> strata, double validation_fraction,
                       std::uint64_t seed);

// k folds of `rows`, each stratum dealt round-robin after a seeded shuffle, so fold sizes
// differ by at most the number of strata. Folds are returned in ascending index order.
std::vector<std::vector<std::uint32_t>> stratified_folds(std::span<const std::uint32_t> rows,
                                                         std::span<const std::uint32_t> strata,
                                                         int k, std::uint64_t seed);

// Fisher-Yates shuffle driven by a counter-based stream.
void shuffle(std::span<std::uint32_t> values, std::uint64_t key);

} // namespace sieve::train
