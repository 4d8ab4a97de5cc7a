// sieve merge-scores: the scores files of `sieve score --shard I/N` back into input order
// (sieve/score/shard_merge.hpp).
#include "cli.hpp"

#include "sieve/score/shard_merge.hpp"

#include <algorithm>
#include <cstdio>

namespace {

int run(const std::vector<std::string>& args) {
  using namespace sieve;
  cli::Options o("merge-scores",
                 "Merges the scores files of sieve score --shard I/N (each with its manifest OUT.shard) into\n"
                 "one file in input order, byte-identical to an unsharded sieve score. Checks that the parts\n"
                 "are shards 0 to N-1 of one run (same input, model, options), unchanged since written, and\n"
                 "that no row is missing or repeated.");
  o.operands("PART", "scores files of the shards, in any order")
      .add("out", "scores CSV to write (gzip when it ends in .gz)", "", true);
  if (!o.parse(args)) return 0;
  const auto result = score::merge_score_shards(o.operands(), o.str("out"));
  std::printf("merged %zu shards: %llu rows of %llu data rows -> %s\n", result.shards,
              static_cast<unsigned long long>(result.rows), static_cast<unsigned long long>(result.data_rows),
              o.str("out").c_str());
  if (!result.skipped_lines.empty()) {
    std::string lines;
    for (std::size_t i = 0; i < std::min<std::size_t>(10, result.skipped_lines.size()); ++i)
      lines += (i ? ", " : "") + std::to_string(result.skipped_lines[i]);
    std::printf("skipped %zu bad rows: lines %s%s\n", result.skipped_lines.size(), lines.c_str(),
                result.skipped_lines.size() > 10 ? ", ..." : "");
  }
  return 0;
}

const sieve::cli::Registration registration("merge-scores",
                                            "merge the scores of sieve score --shard I/N into input order", run);

} // namespace
