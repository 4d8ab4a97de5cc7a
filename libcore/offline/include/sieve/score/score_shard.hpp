#pragma once
// Scoring a file in shards, e.g. one per task of a cluster job array, and the record each
// shard leaves for the merge (sieve/score/shard_merge.hpp).
//
// The scheme works in one streaming pass without knowing the row count: data row r (the
// 0-based row of the file, line r + 2) lies in scoring block r / B, where B is the
// scorer's block (scoring_block_rows, a few hundred rows); shard I of N scores the blocks
// k with k % N == I and writes their rows, in input order, exactly as an unsharded run
// writes them (same columns, same numbers: a block is scored in the same company either
// way). Every shard reads the whole input; only its own blocks are scored. Beside its
// scores file OUT it writes the manifest OUT.shard (ShardManifest): which shard, B, the
// input's data row count, its own skipped rows, the model's checksum, the columns and the
// size and CRC-32 of OUT. From the manifests the merge restores the input order and
// proves that no row is missing or repeated.
//
// Bad rows: with skip_bad_rows, a shard skips and records only the bad rows of its own
// blocks; without it, a row the reader cannot read stops every shard (as it stops an
// unsharded run), a row the scorer rejects stops the shard that owns it.
#include "sieve/ensemble/model.hpp"
#include "sieve/score/file_scorer.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sieve::score {

struct ShardManifest {
  ShardSpec shard;
  std::uint64_t block_rows = 0;      // B
  std::string input;                 // file name of the input (without directories; an HDF5
                                     // table's with its object, "events.h5:/jets")
  std::uint64_t input_bytes = 0;     // its size
  std::uint64_t data_rows = 0;       // data lines of the whole input
  std::uint32_t model_crc32 = 0;     // of the model's serialisation
  bool tta = true;
  std::vector<std::string> columns;  // the scores file's header
  std::uint64_t scored_rows = 0;     // rows in the scores file
  std::vector<std::int64_t> skipped_lines;  // file lines of this shard's skipped bad rows, ascending
  std::uint64_t scores_bytes = 0;    // size and CRC-32 of the scores file as written
  std::uint32_t scores_crc32 = 0;
  bool operator==(const ShardManifest&) const = default;
};

// OUT.shard for the scores file OUT.
std::string shard_manifest_path(const std::string& scores_path);
std::string serialise_shard_manifest(const ShardManifest& manifest);
// Throws ConfigError naming `source` and the line.
ShardManifest parse_shard_manifest(const std::string& content, const std::string& source);

// Scores shard options.shard (which must be set) of `in` into `out` with score_file and
// writes the manifest beside it. All rows skipped by the shard are kept in the result's
// first_bad_lines.
FileScoreResult score_shard(std::shared_ptr<const ensemble::Model> model, const std::string& in,
                            const std::string& out, FileScoreOptions options);

// Reads the manifest of the scores file `scores_path` and checks the file against it
// (size and CRC-32): a finished shard. Throws ConfigError naming the file and the problem.
ShardManifest verify_shard(const std::string& scores_path);

// How a manifest names the input `in` (ShardManifest::input), and its file's size.
std::string shard_input_name(const std::string& in);
std::uint64_t shard_input_bytes(const std::string& in);

// CRC-32 of a model's serialisation: identifies the model a shard was scored with.
std::uint32_t model_checksum(const ensemble::Model& model);

} // namespace sieve::score
