#pragma once
// Shard I of N of a scoring run (sieve score --shard I/N): the blocks of data rows k with
// k % N == I (see sieve/score/score_shard.hpp for the scheme).
#include <cstdint>
#include <string>

namespace sieve::score {

struct ShardSpec {
  int index = 0;  // I, in [0, count)
  int count = 1;  // N
  bool owns_block(std::int64_t block) const { return block % count == index; }
  std::string str() const { return std::to_string(index) + "/" + std::to_string(count); }
  bool operator==(const ShardSpec&) const = default;
};

// "I/N" with 0 <= I < N; throws ConfigError otherwise.
ShardSpec parse_shard(const std::string& text);

} // namespace sieve::score
