#define BOOST_TEST_MODULE score_shards
#include <boost/test/unit_test.hpp>

#include "golden_model.hpp"
// Sharded scoring (score_shard, --shard I/N) and the merge of the shards
// (merge_score_shards): the merged file is byte-identical to an unsharded score_file, plain
// and gzip, with EventId or row numbers, with bad rows skipped; each shard holds exactly
// its blocks; and missing, repeated, foreign or changed shards are refused.
#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "sieve/data/csv_writer.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/physics/variation.hpp"
#include "sieve/score/score_shard.hpp"
#include "sieve/score/shard_merge.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

using namespace sieve;
using test::golden;
using test::TempDir;

namespace {

std::string first_rows(const TempDir& dir, const std::string& name, std::size_t n) {
  std::vector<std::uint32_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0u);
  const std::string path = dir.file(name);
  data::write_table(path, data::select_rows(test::real_events(), rows));
  return path;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::istringstream in(test::read_bytes(path));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Scores `in` unsharded and in n shards, merges the shards; returns the shard paths.
std::vector<std::string> shard_and_merge(const TempDir& dir, const std::string& in, int n, const std::string& ext,
                                         score::FileScoreOptions options = {}) {
  options.chunk_rows = 1500;  // several chunks, each with blocks of several shards
  options.threads = 2;
  score::score_file(golden(), in, dir.file("whole" + ext), options);
  std::vector<std::string> parts;
  for (int i = 0; i < n; ++i) {
    parts.push_back(dir.file("part-" + std::to_string(i) + ext));
    options.shard = score::ShardSpec{i, n};
    options.threads = 1 + i % 2;
    score::score_shard(golden(), in, parts.back(), options);
  }
  score::merge_score_shards({parts.rbegin(), parts.rend()}, dir.file("merged" + ext));
  return parts;
}

} // namespace

BOOST_AUTO_TEST_CASE(merged_shards_equal_the_unsharded_scores_byte_for_byte) {
  TempDir dir;
  const std::string in = first_rows(dir, "events.csv", 5000);
  const auto parts = shard_and_merge(dir, in, 3, ".csv");
  BOOST_TEST(test::read_bytes(dir.file("merged.csv")) == test::read_bytes(dir.file("whole.csv")));
  // Each shard holds exactly its blocks of rows, in input order.
  const auto whole = lines_of(dir.file("whole.csv"));
  const auto m = score::verify_shard(parts[1]);
  BOOST_TEST(m.data_rows == 5000u);
  BOOST_TEST(m.shard.str() == "1/3");
  const auto one = lines_of(parts[1]);
  std::vector<std::string> expected{whole.front()};
  for (std::size_t r = 0; r < 5000; ++r)
    if ((r / m.block_rows) % 3 == 1) expected.push_back(whole[r + 1]);
  BOOST_TEST(one == expected);
  BOOST_TEST(m.scored_rows == one.size() - 1);
}

BOOST_AUTO_TEST_CASE(gzip_row_numbers_variations_and_a_single_shard) {
  TempDir dir;
  // Without EventId the identifier is the data row, which the merge checks too.
  std::string text;
  for (const auto& line : lines_of(first_rows(dir, "with-ids.csv", 3000))) text += line.substr(line.find(',') + 1) + "\n";
  const std::string in = dir.write("no-ids.csv", text);
  score::FileScoreOptions options;
  options.scorer.variations = physics::parse_variations("nominal,jes_up");
  options.spread = true;
  shard_and_merge(dir, in, 4, ".csv.gz", options);
  BOOST_TEST(test::read_bytes(dir.file("merged.csv.gz")) == test::read_bytes(dir.file("whole.csv.gz")));
  TempDir one;
  shard_and_merge(one, in, 1, ".csv");
  BOOST_TEST(test::read_bytes(one.file("merged.csv")) == test::read_bytes(one.file("whole.csv")));
}

BOOST_AUTO_TEST_CASE(skipped_bad_rows_belong_to_their_shard) {
  TempDir dir;
  const std::string good = first_rows(dir, "good.csv", 4000);
  auto lines = lines_of(good);
  lines[10] = lines[10].substr(0, lines[10].find(',') + 1) + "abc" + lines[10].substr(lines[10].find(',', lines[10].find(',') + 1));
  lines[2500] = "1,2,3";
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  const std::string in = dir.write("bad.csv", text);
  score::FileScoreOptions options;
  options.skip_bad_rows = true;
  const auto parts = shard_and_merge(dir, in, 3, ".csv", options);
  BOOST_TEST(test::read_bytes(dir.file("merged.csv")) == test::read_bytes(dir.file("whole.csv")));
  std::vector<std::int64_t> skipped;
  for (const auto& p : parts) {
    const auto m = score::verify_shard(p);
    for (const auto line : m.skipped_lines) {
      BOOST_TEST(((line - 2) / static_cast<std::int64_t>(m.block_rows)) % 3 == m.shard.index);
      skipped.push_back(line);
    }
  }
  std::sort(skipped.begin(), skipped.end());
  BOOST_TEST((skipped == std::vector<std::int64_t>{11, 2501}));
}

BOOST_AUTO_TEST_CASE(missing_repeated_foreign_and_changed_shards_are_refused) {
  TempDir dir;
  const std::string in = first_rows(dir, "events.csv", 2000);
  const auto parts = shard_and_merge(dir, in, 3, ".csv");
  const std::string out = dir.file("out.csv");
  BOOST_TEST(error_of([&] { score::merge_score_shards({parts[0], parts[2]}, out); }) ==
             "shard 1/3 missing: every shard 0/3 to 2/3 is needed");
  BOOST_TEST(has(error_of([&] { score::merge_score_shards({parts[0], parts[1], parts[1], parts[2]}, out); }),
                 "shard 1/3 is given twice"));
  BOOST_TEST(has(error_of([&] { score::merge_score_shards({parts[0], dir.file("whole.csv")}, out); }),
                 "whole.csv.shard: no shard manifest"));
  // A shard of another split of the same file.
  TempDir other;
  const auto four = shard_and_merge(other, in, 4, ".csv");
  BOOST_TEST(has(error_of([&] { score::merge_score_shards({parts[0], parts[1], four[2]}, out); }),
                 "are not shards of one run: shard 0/3 vs 2/4"));
  // A changed shard file.
  { std::ofstream(parts[2], std::ios::app) << "123,0.5\n"; }
  BOOST_TEST(has(error_of([&] { score::merge_score_shards(parts, out); }), "the file was changed or cut short"));
  BOOST_TEST(!std::filesystem::exists(out));
  BOOST_TEST(has(error_of([] { score::parse_shard("3/3"); }), "I must be in 0 to N-1"));
  BOOST_TEST(has(error_of([] { score::parse_shard("1"); }), "expected I/N"));
}
