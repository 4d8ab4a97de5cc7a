#define BOOST_TEST_MODULE file_scorer
#include <boost/test/unit_test.hpp>

#include "golden_model.hpp"
// The file scorer (sieve score) on real events: equal to the Scorer called directly,
// bit-identical for any thread count and chunk size, its columns and order, row numbers
// without EventId, bad rows stopping the run or skipped and logged, bounded chunks in
// flight; and the row check against the Scorer.
#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "sieve/data/csv_reader.hpp"
#include "sieve/data/csv_writer.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/score/file_scorer.hpp"
#include "sieve/score/row_check.hpp"
#include "sieve/score/scorer.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

using namespace sieve;
using test::golden;
using test::TempDir;

namespace {

// The first n real events as an open-data-layout file (extra columns: Weight, Label, ...).
std::string real_file(const TempDir& dir, const std::string& name, std::size_t n) {
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

// A file's lines, with line k (1-based) replaced for every (k, text) given.
std::string edit_lines(const std::string& path, const std::vector<std::pair<std::size_t, std::string>>& edits) {
  auto lines = lines_of(path);
  for (const auto& [k, text] : edits) lines.at(k - 1) = text;
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// A scores file (no schema: every listed column is read as a feature): its first column,
// the ids or row numbers, as Table::event_id, and the score columns as the features.
data::Table read_scores(const std::string& path, const std::vector<std::string>& columns) {
  data::ReadOptions o;
  o.columns = columns;
  data::Table t = data::read_table(path, o);
  for (const float id : t.features.front()) t.event_id.push_back(static_cast<std::int64_t>(id));
  t.features.erase(t.features.begin());
  t.feature_names.erase(t.feature_names.begin());
  return t;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return false;
  return std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

score::FileScoreOptions with(const char* variations, bool spread = false, int threads = 1) {
  score::FileScoreOptions o;
  o.scorer.variations = physics::parse_variations(variations);
  o.spread = spread;
  o.threads = threads;
  return o;
}

} // namespace

BOOST_AUTO_TEST_CASE(output_equals_the_scorer_called_directly) {
  TempDir dir;
  const std::size_t n = 3000, V = 4;
  const std::string in = real_file(dir, "events.csv", n), out = dir.file("scores.csv");
  auto options = with("nominal,tes_up,jes_down,soft_met", true, 2);
  options.chunk_rows = 1000;
  const auto result = score::score_file(golden(), in, out, options);
  BOOST_TEST(result.events == n);
  BOOST_TEST(result.variations == V);
  BOOST_TEST(result.bad_rows == 0u);
  const std::vector<std::string> header = {"EventId",        "score_nominal",  "score_tes_up",  "score_jes_down",
                                           "score_soft_met", "spread_nominal", "spread_tes_up", "spread_jes_down",
                                           "spread_soft_met"};
  BOOST_TEST(result.columns == header, boost::test_tools::per_element());
  BOOST_TEST(lines_of(out).front() == "EventId,score_nominal,score_tes_up,score_jes_down,score_soft_met,"
                                      "spread_nominal,spread_tes_up,spread_jes_down,spread_soft_met");
  const data::Table written = read_scores(out, header);
  BOOST_REQUIRE_EQUAL(written.rows(), n);

  // The Scorer, once over every row of the same file.
  const data::Table events = data::read_table(in);
  score::ScorerOptions so;
  so.variations = physics::parse_variations("nominal,tes_up,jes_down,soft_met");
  const score::Scorer scorer(golden(), so);
  const score::InputBinding binding(*golden(), events.feature_names);
  std::vector<float> rows;
  for (std::size_t i = 0; i < n; ++i)
    for (const auto& column : events.features) rows.push_back(column[i]);
  score::ScorerWorkspace ws(scorer, static_cast<int>(n));
  std::vector<float> scores(n * V), spread(n * V);
  scorer.score(ws, binding, rows, events.event_id, scores, spread);

  BOOST_TEST(written.event_id == events.event_id, boost::test_tools::per_element());
  for (std::size_t v = 0; v < V; ++v) {
    std::vector<float> s(n), d(n);
    for (std::size_t e = 0; e < n; ++e) {
      s[e] = scores[e * V + v];
      d[e] = spread[e * V + v];
    }
    BOOST_TEST(same_bits(written.features[v], s), "scores of " << header[1 + v]);
    BOOST_TEST(same_bits(written.features[V + v], d), "spreads of " << header[1 + V + v]);
    for (float x : written.features[V + v]) BOOST_TEST_REQUIRE(x >= 0.0f);
  }
  // The spread is not zero: TTA copies disagree a little.
  BOOST_TEST(*std::max_element(written.features[V].begin(), written.features[V].end()) > 0.0f);
}

BOOST_AUTO_TEST_CASE(output_is_bit_identical_for_any_threads_and_chunk_size) {
  TempDir dir;
  const std::string in = real_file(dir, "events.csv", 2500);
  std::string reference;
  const std::pair<int, std::size_t> runs[] = {{1, 65536}, {2, 700}, {4, 1}, {3, 1500}, {1, 513}};
  for (const auto& [threads, chunk] : runs) {
    auto options = with("nominal,tes_down,soft_met", true, threads);
    options.chunk_rows = chunk;
    const std::string out = dir.file("out-" + std::to_string(threads) + "-" + std::to_string(chunk) + ".csv");
    const auto result = score::score_file(golden(), in, out, options);
    BOOST_TEST(result.threads == threads);
    BOOST_TEST(result.chunk_rows % result.block_rows == 0u);
    BOOST_TEST(result.chunk_rows >= chunk);
    BOOST_TEST(result.chunks == (2500 + result.chunk_rows - 1) / result.chunk_rows);
    const std::string bytes = test::read_bytes(out);
    if (reference.empty())
      reference = bytes;
    else
      BOOST_TEST(bytes == reference, threads << " threads, chunks of " << chunk << " rows");
  }
}

BOOST_AUTO_TEST_CASE(nominal_only_without_tta_and_gzip_output) {
  TempDir dir;
  const std::string in = real_file(dir, "events.csv", 700);
  auto options = with("nominal");
  options.scorer.tta = false;
  const auto result = score::score_file(golden(), in, dir.file("scores.csv.gz"), options);
  BOOST_TEST(result.columns == (std::vector<std::string>{"EventId", "score_nominal"}), boost::test_tools::per_element());
  const data::Table t = read_scores(dir.file("scores.csv.gz"), result.columns);
  BOOST_TEST(t.rows() == 700u);
  // Asking for the TTA spread without TTA is refused.
  options.spread = true;
  BOOST_CHECK_EXCEPTION(score::score_file(golden(), in, dir.file("x.csv"), options), ConfigError,
                        [](const ConfigError& e) {
                          return std::string(e.what()) == "the spread over the TTA copies needs TTA, and TTA is switched off";
                        });
}

BOOST_AUTO_TEST_CASE(a_file_without_event_ids_gets_row_numbers) {
  TempDir dir;
  const std::size_t n = 600;
  const std::string with_ids = real_file(dir, "events.csv", n);
  // The same events as a generic CSV: no EventId, columns reversed, an extra text column.
  const data::Table events = data::read_table(with_ids);
  std::string text = "note";
  for (std::size_t c = events.features.size(); c-- > 0;) text.append(",").append(events.feature_names[c]);
  text += "\n";
  for (std::size_t i = 0; i < n; ++i) {
    text += "any text";
    for (std::size_t c = events.features.size(); c-- > 0;) {
      const float x = events.features[c][i];
      std::ostringstream cell;
      cell.precision(9);
      cell << (std::isnan(x) ? -999.0f : x);
      text.push_back(',');
      text.append(cell.str());
    }
    text += "\n";
  }
  const std::string generic = dir.write("generic.csv", text);
  const auto a = score::score_file(golden(), with_ids, dir.file("a.csv"), with("nominal,tes_up"));
  const auto b = score::score_file(golden(), generic, dir.file("b.csv"), with("nominal,tes_up"));
  BOOST_TEST(b.columns == (std::vector<std::string>{"row", "score_nominal", "score_tes_up"}),
             boost::test_tools::per_element());
  const auto lines = lines_of(dir.file("b.csv"));
  BOOST_REQUIRE_EQUAL(lines.size(), n + 1);
  BOOST_TEST(lines[0] == "row,score_nominal,score_tes_up");
  for (std::size_t i = 0; i < n; ++i) BOOST_TEST_REQUIRE(lines[i + 1].substr(0, lines[i + 1].find(',')) == std::to_string(i));
  // Same values, same blocks: the same scores (no soft-MET draw keyed by the id here).
  const data::Table sa = read_scores(dir.file("a.csv"), {"EventId", "score_nominal", "score_tes_up"});
  const data::Table sb = read_scores(dir.file("b.csv"), {"row", "score_nominal", "score_tes_up"});
  BOOST_TEST(same_bits(sa.features[0], sb.features[0]));
  BOOST_TEST(same_bits(sa.features[1], sb.features[1]));
}

BOOST_AUTO_TEST_CASE(missing_columns_are_listed_at_once) {
  TempDir dir;
  const std::string path = dir.write("few.csv", "EventId,DER_mass_MMC\n1,2\n");
  BOOST_CHECK_EXCEPTION(score::score_file(golden(), path, dir.file("out.csv"), with("nominal")), ConfigError,
                        [&](const ConfigError& e) {
                          const std::string m = e.what();
                          return m.rfind(path + ": cannot bind the input columns to the model: missing "
                                                "DER_mass_transverse_met_lep, DER_mass_vis, ",
                                         0) == 0 &&
                                 m.find("PRI_jet_all_pt") != std::string::npos;
                        });
  BOOST_TEST(dir.entries().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_bad_row_stops_the_run_and_leaves_no_output) {
  TempDir dir;
  const std::string good = real_file(dir, "events.csv", 1500);
  std::string line = lines_of(good).at(1199);  // line 1200
  line.replace(line.find(','), 0, "x");        // EventId "100198x"
  const std::string bad = dir.write("bad.csv", edit_lines(good, {{1200, line}}));
  const std::string expected_message = bad + " line 1200, column 1 (EventId): expected an integer event id, found '" +
                                       line.substr(0, line.find(',')) + "'";
  for (int threads : {1, 2}) {
    auto options = with("nominal,jes_up", false, threads);
    options.chunk_rows = 512;
    BOOST_CHECK_EXCEPTION(score::score_file(golden(), bad, dir.file("out.csv"), options), ConfigError,
                          [&](const ConfigError& e) { return std::string(e.what()) == expected_message; });
    BOOST_TEST(dir.entries().size() == 2u);  // the two inputs: no output, no temporary file
  }
  // An existing output is left as it was.
  dir.write("out.csv", "old\n");
  BOOST_CHECK_THROW(score::score_file(golden(), bad, dir.file("out.csv"), with("nominal")), ConfigError);
  BOOST_TEST(test::read_bytes(dir.file("out.csv")) == "old\n");
  BOOST_TEST(dir.entries().size() == 3u);
  // A log without skipping is refused.
  auto options = with("nominal");
  options.bad_rows_log = dir.file("bad.log");
  BOOST_CHECK_THROW(score::score_file(golden(), good, dir.file("x.csv"), options), ConfigError);
}

BOOST_AUTO_TEST_CASE(skip_mode_skips_counts_and_logs_bad_rows) {
  TempDir dir;
  const std::size_t n = 1600;
  const std::string good = real_file(dir, "events.csv", n);
  auto lines = lines_of(good);
  // Two bad rows, both in block 1 (data rows 512..1023 = lines 514..1025).
  std::string l600 = lines.at(599), l900 = lines.at(899);
  l600 = l600.substr(0, l600.rfind(','));                    // a value short
  l900.replace(l900.find(','), 1, ",abc,");                  // a value too many (and not a number)
  const std::string bad = dir.write("bad.csv", edit_lines(good, {{600, l600}, {900, l900}}));

  const auto clean = score::score_file(golden(), good, dir.file("clean.csv"), with("nominal,soft_met"));
  for (int threads : {1, 3}) {
    auto options = with("nominal,soft_met", false, threads);
    options.chunk_rows = 600;
    options.skip_bad_rows = true;
    options.bad_rows_log = dir.file("bad-" + std::to_string(threads) + ".log");
    const std::string out = dir.file("skip-" + std::to_string(threads) + ".csv");
    const auto result = score::score_file(golden(), bad, out, options);
    BOOST_TEST(result.events == n - 2);
    BOOST_TEST(result.bad_rows == 2u);
    BOOST_TEST(result.first_bad_lines == (std::vector<std::int64_t>{600, 900}), boost::test_tools::per_element());
    const auto log = lines_of(options.bad_rows_log);
    BOOST_REQUIRE_EQUAL(log.size(), 2u);
    BOOST_TEST(log[0].rfind("600\t" + bad + " line 600, column 35 (KaggleWeight): missing value", 0) == 0u);
    BOOST_TEST(log[1].rfind("900\t" + bad + " line 900, column ", 0) == 0u);

    const std::vector<std::string> cols = {"EventId", "score_nominal", "score_soft_met"};
    const data::Table a = read_scores(dir.file("clean.csv"), cols), b = read_scores(out, cols);
    BOOST_REQUIRE_EQUAL(b.rows(), n - 2);
    for (std::size_t i = 0, j = 0; i < n; ++i) {
      if (i == 598 || i == 898) continue;  // lines 600 and 900
      BOOST_TEST_REQUIRE(b.event_id[j] == a.event_id[i]);
      for (std::size_t v = 0; v < 2; ++v) {
        const float x = a.features[v][i], y = b.features[v][j];
        if (i < 512 || i >= 1024)  // blocks without a bad row: the same bits
          BOOST_TEST_REQUIRE(std::memcmp(&x, &y, sizeof x) == 0);
        else
          BOOST_TEST_REQUIRE(std::abs(x - y) <= 1e-6f);
      }
      ++j;
    }
  }
  BOOST_TEST(clean.bad_rows == 0u);
}

BOOST_AUTO_TEST_CASE(the_row_check_agrees_with_the_scorer) {
  const auto model = golden();
  const score::Scorer scorer(model, [] {
    score::ScorerOptions o;
    o.variations = physics::parse_variations("nominal,jes_up");
    return o;
  }());
  const data::Table& t = test::real_events();
  const score::InputBinding binding(*model, t.feature_names);
  std::vector<float> row;
  for (const auto& c : t.features) row.push_back(c[0]);
  score::ScorerWorkspace ws(scorer, 1);
  const std::int64_t id = 1;
  std::vector<float> out(2);
  auto scorer_says = [&](const std::vector<float>& r) -> std::string {
    try {
      scorer.score(ws, binding, r, std::span(&id, 1), out);
    } catch (const InputError& e) {
      return e.what();
    }
    return {};
  };
  BOOST_TEST(score::row_problem(*model, binding, row).empty());
  BOOST_TEST(scorer_says(row).empty());
  struct Case {
    std::size_t column;
    float value;
    std::string problem;
  };
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  const Case cases[] = {
      {data::DER_pt_h, inf, "column DER_pt_h: cannot score an infinite value"},
      {data::PRI_met, -inf, "column PRI_met: cannot score an infinite value"},
      {data::PRI_jet_num, 5.0f, "PRI_jet_num must be an integer in 0..3, got 5.000000"},
      {data::PRI_jet_num, 1.5f, "PRI_jet_num must be an integer in 0..3, got 1.500000"},
      {data::PRI_jet_num, -999.0f, "PRI_jet_num must be an integer in 0..3, got nan"},
      {data::PRI_jet_num, nan, "PRI_jet_num must be an integer in 0..3, got nan"},
      {data::PRI_jet_num, inf, "column PRI_jet_num: cannot score an infinite value"},
  };
  for (const Case& c : cases) {
    std::vector<float> bad = row;
    bad[c.column] = c.value;
    const std::string problem = score::row_problem(*model, binding, bad);
    BOOST_TEST(problem == c.problem);
    const std::string said = scorer_says(bad);
    BOOST_TEST(!said.empty());
    // The Scorer words it the same way, after naming the event.
    BOOST_TEST(said.find(problem) != std::string::npos, said);
  }
  // NaN and -999 elsewhere are undefined values, which are scored.
  std::vector<float> undefined = row;
  undefined[data::DER_mass_MMC] = -999.0f;
  undefined[data::DER_pt_h] = nan;
  BOOST_TEST(score::row_problem(*model, binding, undefined).empty());
  BOOST_TEST(scorer_says(undefined).empty());
  BOOST_CHECK_THROW(score::row_problem(*model, binding, std::span(row).first(10)), InputError);
}

BOOST_AUTO_TEST_CASE(chunks_in_flight_are_bounded_whatever_the_file_size) {
  TempDir dir;
  const std::string small = real_file(dir, "small.csv", 1800);
  const std::string& large = test::kRealEvents;  // 18,000 events: 10 times more
  std::size_t progress_calls = 0, last_events = 0;
  bool increasing = true;
  auto options = with("nominal", false, 4);
  options.chunk_rows = 1;  // the smallest chunks: one block each
  options.progress_interval = 0.0;
  options.on_progress = [&](const score::FileScoreProgress& p) {  // called by one stage at a time
    ++progress_calls;
    increasing = increasing && p.events > last_events;
    last_events = p.events;
  };
  const auto a = score::score_file(golden(), small, dir.file("a.csv"), options);
  progress_calls = last_events = 0;
  const auto b = score::score_file(golden(), large, dir.file("b.csv"), options);
  BOOST_TEST(b.events == 18000u);
  BOOST_TEST(b.chunk_rows == b.block_rows);
  BOOST_TEST(b.chunks == (18000 + b.chunk_rows - 1) / b.chunk_rows);
  BOOST_TEST(progress_calls == b.chunks);
  BOOST_TEST(increasing);
  BOOST_TEST(last_events == 18000u);
  BOOST_TEST(a.max_chunks_in_flight == 4);  // 2 + min(threads, 2)
  BOOST_TEST(a.chunk_buffers <= 4u);
  BOOST_TEST(b.chunk_buffers <= 4u);
  BOOST_TEST(a.chunks == 4u);
  BOOST_TEST(b.chunks == 36u);  // 36 chunks through at most 4 buffers

  // An explicit bound holds too, and changes nothing in the output.
  options.max_chunks_in_flight = 2;
  options.on_progress = nullptr;
  const auto c = score::score_file(golden(), large, dir.file("c.csv"), options);
  BOOST_TEST(c.max_chunks_in_flight == 2);
  BOOST_TEST(c.chunk_buffers <= 2u);
  BOOST_TEST(test::read_bytes(dir.file("c.csv")) == test::read_bytes(dir.file("b.csv")));
}
