#define BOOST_TEST_MODULE event_scorer
#include <boost/test/unit_test.hpp>

#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "sieve/data/schema.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/score/csv_event_source.hpp"
#include "sieve/score/event_scorer.hpp"
#include "sieve/score/ordered_score_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <thread>

using namespace sieve;

namespace {

const std::string kModel = std::string(SIEVE_SOURCE_DIR) + "/tests/data/golden-format1.model";
const std::string kEvents =
    std::string(SIEVE_SOURCE_DIR) + "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";

score::ScoringConfig config(std::vector<std::string> variations = {"nominal"}) {
  score::ScoringConfig c;
  c.model_path = kModel;
  c.input_columns = data::higgsml_schema().columns;
  c.variations = std::move(variations);
  return c;
}

// The first n real events as one n-object EventInputs, and their ids.
score::EventInputs first_events(std::size_t n, std::vector<std::int64_t>* ids = nullptr) {
  const auto& t = test::real_events();
  score::EventInputs in;
  in.columns = t.feature_names.size();
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& col : t.features) in.values.push_back(col[i]);
    if (ids) ids->push_back(t.event_id[i]);
  }
  return in;
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool contains(const std::exception& e, const std::string& text) {
  if (std::string(e.what()).find(text) == std::string::npos) BOOST_TEST_MESSAGE("message was: " << e.what());
  return std::string(e.what()).find(text) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(an_event_scores_as_the_scorer_scores_it) {
  const score::EventScorer scorer(config({"nominal", "tes_up", "soft_met"}));
  BOOST_TEST(scorer.variations() == 3u);
  BOOST_TEST(scorer.variation_names() == (std::vector<std::string>{"nominal", "tes_up", "soft_met"}));
  std::vector<std::int64_t> ids;
  const score::EventInputs all = first_events(50, &ids);
  std::vector<float> expected(50 * 3);
  score::ScorerWorkspace direct(scorer.scorer(), 50);
  scorer.scorer().score(direct, scorer.binding(), all.values, ids, expected);

  auto ws = scorer.make_workspace();
  for (std::size_t e = 0; e < 50; ++e) {
    score::EventInputs one;
    one.columns = all.columns;
    one.values.assign(all.values.begin() + static_cast<std::ptrdiff_t>(e * all.columns),
                      all.values.begin() + static_cast<std::ptrdiff_t>((e + 1) * all.columns));
    const score::EventScores s = scorer.score(*ws, one, ids[e]);
    BOOST_TEST(s.objects() == 1u);
    for (std::size_t v = 0; v < 3; ++v) BOOST_TEST(same_bits(s.at(0, v), expected[e * 3 + v]));
  }
}

// By default each workspace takes its own copy of the arranged weights (counted in its
// bytes); with or without it, every score has the same bits.
BOOST_AUTO_TEST_CASE(a_workspace_owns_a_copy_of_the_weights_unless_configured_not_to) {
  score::ScoringConfig c = config({"nominal", "jes_up"});
  BOOST_TEST(c.weights_per_workspace);
  const score::EventScorer own(c);
  c.weights_per_workspace = false;
  const score::EventScorer shared(c);
  auto own_ws = own.make_workspace(), shared_ws = shared.make_workspace();
  const std::size_t plain = score::ScorerWorkspace(shared.scorer(), 64).bytes();
  BOOST_TEST(shared_ws->bytes() == plain);
  BOOST_TEST(own_ws->bytes() > plain + own.scorer().model().members.size() * sizeof(float) *
                                           own.scorer().model().members.front().params.size());
  std::vector<std::int64_t> ids;
  const score::EventInputs all = first_events(20, &ids);
  for (std::size_t e = 0; e < 20; ++e) {
    score::EventInputs one;
    one.columns = all.columns;
    one.values.assign(all.values.begin() + static_cast<std::ptrdiff_t>(e * all.columns),
                      all.values.begin() + static_cast<std::ptrdiff_t>((e + 1) * all.columns));
    const score::EventScores a = own.score(*own_ws, one, ids[e]), b = shared.score(*shared_ws, one, ids[e]);
    for (std::size_t v = 0; v < 2; ++v) BOOST_TEST(same_bits(a.at(0, v), b.at(0, v)));
  }
}

BOOST_AUTO_TEST_CASE(a_collection_gets_one_row_of_scores_per_object_in_blocks) {
  const score::EventScorer scorer(config({"nominal", "jes_down"}));
  const score::EventInputs many = first_events(150);  // more objects than one block of 64
  auto ws = scorer.make_workspace();
  const score::EventScores s = scorer.score(*ws, many, 7);
  BOOST_TEST(s.objects() == 150u);
  BOOST_TEST(s.variations == 2u);
  for (std::size_t o : {0u, 63u, 64u, 149u}) {
    score::EventInputs one;
    one.columns = many.columns;
    one.values.assign(many.values.begin() + static_cast<std::ptrdiff_t>(o * many.columns),
                      many.values.begin() + static_cast<std::ptrdiff_t>((o + 1) * many.columns));
    const score::EventScores alone = scorer.score(*ws, one, 7);
    for (std::size_t v = 0; v < 2; ++v) BOOST_TEST(std::abs(alone.at(0, v) - s.at(o, v)) <= 1e-6);
  }
}

BOOST_AUTO_TEST_CASE(bad_objects_fail_the_event_or_are_skipped_and_counted) {
  score::EventInputs in = first_events(3);
  in.values[1 * in.columns + data::PRI_jet_num] = 5.0f;
  {
    const score::EventScorer scorer(config());
    auto ws = scorer.make_workspace();
    BOOST_CHECK_EXCEPTION(scorer.score(*ws, in, 123), InputError, [](const InputError& e) {
      return contains(e, "event 123, object 1: PRI_jet_num must be an integer in 0..3, got 5");
    });
  }
  auto skipping = config({"nominal", "tes_down"});
  skipping.skip_bad_rows = true;
  const score::EventScorer scorer(skipping);
  auto ws = scorer.make_workspace();
  score::EventScores s;
  BOOST_TEST(scorer.score(*ws, in, 123, s) == 1u);
  BOOST_TEST(std::isnan(s.at(1, 0)));
  BOOST_TEST(std::isnan(s.at(1, 1)));
  BOOST_TEST(!std::isnan(s.at(0, 0)));
  BOOST_TEST(!std::isnan(s.at(2, 1)));
  score::EventInputs wrong = in;
  wrong.columns = 29;
  BOOST_CHECK_THROW(scorer.score(*ws, wrong, 1), InputError);
}

BOOST_AUTO_TEST_CASE(configuration_errors_are_clear) {
  auto c = config();
  c.model_path = "/no/such/file.model";
  BOOST_CHECK_EXCEPTION(score::EventScorer{c}, ConfigError,
                        [](const ConfigError& e) { return contains(e, "/no/such/file.model"); });
  c = config();
  c.input_columns[3] = "DER_pt_hh";
  BOOST_CHECK_EXCEPTION(score::EventScorer{c}, ConfigError, [](const ConfigError& e) {
    return contains(e, "missing DER_pt_h") && contains(e, "unknown DER_pt_hh");
  });
  BOOST_CHECK_EXCEPTION(score::EventScorer{config({"nominal", "tes_upp"})}, ConfigError,
                        [](const ConfigError& e) { return contains(e, "unknown systematic variation 'tes_upp'"); });
  BOOST_CHECK_EXCEPTION(score::EventScorer{config({"nominal,tes_up"})}, ConfigError,
                        [](const ConfigError& e) { return contains(e, "contains a comma"); });
  BOOST_CHECK_EXCEPTION(score::EventScorer{config({})}, ConfigError,
                        [](const ConfigError& e) { return contains(e, "no variation"); });
}

BOOST_AUTO_TEST_CASE(the_source_hands_out_rows_in_order_and_stays_at_the_end) {
  score::CsvEventSource source(kEvents, data::higgsml_schema().columns, data::higgsml_schema(), 4100);  // past one chunk
  score::SourcedEvent e;
  std::uint64_t n = 0;
  while (source.next(e)) {
    BOOST_REQUIRE(e.entry == n);
    BOOST_REQUIRE(e.event_id == 100000 + static_cast<std::int64_t>(n));
    BOOST_REQUIRE(e.inputs.event_id == e.event_id);
    BOOST_REQUIRE(e.inputs.objects() == 1u);
    ++n;
  }
  BOOST_TEST(n == 4100u);
  BOOST_TEST(!source.next(e));  // every caller after the end sees the end
  BOOST_TEST(!source.next(e));
  score::CsvEventSource whole(kEvents, data::higgsml_schema().columns, data::higgsml_schema());
  std::uint64_t rows = 0;
  while (whole.next(e)) ++rows;
  BOOST_TEST(rows == 18000u);
  BOOST_TEST(!whole.next(e));
  BOOST_TEST(!whole.next(e));
}

// Streams pulling concurrently get every row once, as it is in the file (18,000 rows: five
// chunks).
BOOST_AUTO_TEST_CASE(concurrent_callers_get_every_row_once) {
  const data::Table table = data::read_table(kEvents);
  score::CsvEventSource source(kEvents, table.feature_names, data::higgsml_schema());
  std::vector<std::vector<score::SourcedEvent>> got(4);
  std::vector<std::thread> threads;
  for (auto& mine : got)
    threads.emplace_back([&source, &mine] {
      for (score::SourcedEvent e; source.next(e);) mine.push_back(e);
    });
  for (auto& t : threads) t.join();
  std::vector<int> seen(table.rows(), 0);
  bool rows_match = true;
  for (const auto& mine : got)
    for (const score::SourcedEvent& e : mine) {
      BOOST_REQUIRE(e.entry < table.rows());
      ++seen[e.entry];
      rows_match = rows_match && e.event_id == table.event_id[e.entry];
      for (std::size_t c = 0; c < table.features.size(); ++c) {
        const float expected = table.features[c][e.entry], value = e.inputs.values[c];
        rows_match = rows_match && (same_bits(value, expected) || (std::isnan(value) && std::isnan(expected)));
      }
    }
  BOOST_TEST(std::count(seen.begin(), seen.end(), 1) == static_cast<std::ptrdiff_t>(table.rows()));
  BOOST_TEST(rows_match);
  BOOST_TEST(source.events_read() == table.rows());
}

// A row the reader rejects fails the call that needs its chunk, after every event before
// that chunk was handed out.
BOOST_AUTO_TEST_CASE(a_bad_row_fails_when_its_chunk_is_reached) {
  test::TempDir dir;
  const std::string path = dir.file("bad.csv");
  {
    std::ofstream out(path);
    out << "EventId,DER_mass_MMC\n";
    for (int i = 0; i < 10000; ++i) out << i << "," << (i == 9000 ? "12x" : std::to_string(100 + i)) << "\n";
  }
  score::CsvEventSource source(path, {"DER_mass_MMC"}, data::higgsml_schema());
  score::SourcedEvent e;
  std::uint64_t n = 0;
  try {
    while (source.next(e)) ++n;
    BOOST_FAIL("the bad row was never reported");
  } catch (const ConfigError& error) {
    BOOST_TEST(contains(error, "12x"));
  }
  BOOST_TEST(n == 8192u);  // two whole chunks of 4,096
}

// The source reads a file as the caller's schema says: its sentinels are missing values and
// its id column, which the FAIR-Universe files lack, gives the ids (else the entries do).
BOOST_AUTO_TEST_CASE(the_source_reads_as_the_schema_says) {
  const data::Schema fair = data::load_schema(std::string(SIEVE_SOURCE_DIR) + "/schemas/fair-universe-2024.toml");
  const std::vector<std::string> columns{"PRI_lep_pt", "DER_mass_jet_jet"};
  score::CsvEventSource source(std::string(SIEVE_SOURCE_DIR) + "/data/fair-universe/FAIR_Universe_HiggsML_data.csv.gz",
                               columns, fair);
  score::SourcedEvent e;
  BOOST_REQUIRE(source.next(e));  // 32.117,...,-25 (no jets)
  BOOST_TEST(e.event_id == 0);
  BOOST_TEST(e.inputs.event_id == 0);
  BOOST_REQUIRE(e.inputs.values.size() == 2u);
  BOOST_TEST(e.inputs.values[0] == 32.117f);
  BOOST_TEST(std::isnan(e.inputs.values[1]));
  BOOST_REQUIRE(source.next(e));
  BOOST_TEST(e.event_id == 1);

  data::Schema renamed = data::higgsml_schema();
  renamed.id_column = "EventNumber";  // a column the file does not have: the entries are the ids
  score::CsvEventSource higgs(kEvents, data::higgsml_schema().columns, renamed);
  BOOST_REQUIRE(higgs.next(e));
  BOOST_TEST(e.event_id == 0);
  score::CsvEventSource with_ids(kEvents, data::higgsml_schema().columns, data::higgsml_schema());
  BOOST_REQUIRE(with_ids.next(e));
  BOOST_TEST(e.event_id == 100000);
}

// Threads adding far more entries than one written table (4,096 rows), each its own
// interleaved share, in an order that runs ahead of the others: the file has every entry
// once, in order, whatever the thread that completed a table.
BOOST_AUTO_TEST_CASE(concurrent_adds_across_many_written_tables_come_out_in_order) {
  test::TempDir dir;
  const std::string path = dir.file("many.csv");
  constexpr std::uint64_t kEntries = 20000;
  constexpr int kThreads = 4;
  {
    score::OrderedScoreWriter writer(path, "event", {"nominal"});
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&writer, t] {
        for (std::uint64_t e = static_cast<std::uint64_t>(t); e < kEntries; e += kThreads) {
          const float score[] = {static_cast<float>(e) / 1024.0f};
          writer.add(e, static_cast<std::int64_t>(e) + 7, score);
        }
      });
    for (auto& t : threads) t.join();
    writer.commit();
    BOOST_TEST(writer.rows_written() == kEntries);
  }
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  BOOST_TEST(line == "event,score_nominal");
  std::uint64_t e = 0;
  bool in_order = true;
  for (; std::getline(in, line); ++e) {
    const auto comma = line.find(',');
    in_order = in_order && std::stoll(line.substr(0, comma)) == static_cast<long long>(e) + 7 &&
               std::stof(line.substr(comma + 1)) == static_cast<float>(e) / 1024.0f;
  }
  BOOST_TEST(e == kEntries);
  BOOST_TEST(in_order);
}

BOOST_AUTO_TEST_CASE(scores_arriving_out_of_order_are_written_in_order) {
  test::TempDir dir;
  const std::string path = dir.file("scores.csv");
  {
    score::OrderedScoreWriter writer(path, "event", {"nominal", "tes_up"});
    const float a[] = {0.5f, 0.25f}, b[] = {0.125f, 1.0f}, c[] = {0.1f, 0.2f};
    const float nan[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::quiet_NaN()};
    writer.add(2, 102, c);
    writer.add(0, 100, a);
    writer.add(3, 103, nan);  // a skipped row is left out
    writer.add(1, 101, b);
    BOOST_CHECK_THROW(writer.add(1, 101, b), InputError);
    writer.commit();
    BOOST_TEST(writer.rows_written() == 3u);
  }
  BOOST_TEST(test::read_bytes(path) == "event,score_nominal,score_tes_up\n100,0.5,0.25\n"
                                       "101,0.125,1.0\n102,0.1,0.2\n");
  BOOST_CHECK_EXCEPTION(score::OrderedScoreWriter(dir.file("x.csv"), "", {"nominal"}), ConfigError,
                        [](const ConfigError& e) { return contains(e, "a name for its event-number column"); });
  BOOST_CHECK_EXCEPTION(score::OrderedScoreWriter(dir.file("x.csv"), "event", {}), ConfigError,
                        [](const ConfigError& e) { return contains(e, "at least one variation"); });
  score::OrderedScoreWriter gap(dir.file("gap.csv"), "event", {"nominal"});
  const float one[] = {0.5f};
  gap.add(1, 1, one);
  BOOST_CHECK_EXCEPTION(gap.commit(), ConfigError, [](const ConfigError& e) { return contains(e, "entry 0 never arrived"); });
}
