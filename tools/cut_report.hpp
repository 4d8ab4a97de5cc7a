#pragma once
// The line that `sieve train` and `sieve merge-models` print about the cut they chose.
#include "sieve/metrics/cut.hpp"

#include <cstddef>

namespace sieve::cli {

void print_cut(const metrics::CutChoice& cut, std::size_t validation_events);

} // namespace sieve::cli
