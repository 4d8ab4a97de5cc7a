#pragma once
// Merging the scores files of a sharded scoring run (sieve score --shard I/N, see
// sieve/score/score_shard.hpp) back into input order: the output is byte-identical to the
// file an unsharded run writes (plain or gzip, after the output's name).
//
// Checks, before writing anything: every part's manifest is there and its scores file
// matches it (size, CRC-32); the parts are shards 0 to N-1 of one N, each exactly once;
// they agree on the input (name, size, data rows), the model, TTA, the block size and the
// columns. While merging: each block's rows come from its shard, a `row` identifier
// column holds the data row it should, and every shard's file ends exactly where its
// manifest says. So no row can be missing or repeated. Errors are ConfigError naming the
// part and the problem.
#include <cstdint>
#include <string>
#include <vector>

namespace sieve::score {

struct ShardMergeResult {
  std::size_t shards = 0;
  std::uint64_t rows = 0;                   // rows written
  std::uint64_t data_rows = 0;              // data lines of the input
  std::vector<std::int64_t> skipped_lines;  // all shards' skipped bad rows (file lines), ascending
};

ShardMergeResult merge_score_shards(const std::vector<std::string>& parts, const std::string& out);

} // namespace sieve::score
