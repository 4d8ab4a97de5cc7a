#define BOOST_TEST_MODULE hdf5_scoring
#include <boost/test/unit_test.hpp>

#include "golden_model.hpp"
// HDF5 in the library's file paths: the file scorer reads an HDF5 table through the same
// pipeline as a CSV (bit-identical output for any thread count and chunk size, bounded
// chunks in flight), the event source hands out the same events, and the HDF5 writer
// writes atomically, round-trips its numbers and refuses what it cannot hold.
#include "hdf5_files.hpp"
#include "temp_dir.hpp"
#include "sieve/data/csv_reader.hpp"
#include "sieve/data/hdf5_reader.hpp"
#include "sieve/data/hdf5_writer.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/io/signal_cleanup.hpp"
#include "sieve/score/csv_event_source.hpp"
#include "sieve/score/file_scorer.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace sieve;
using test::golden;
using test::TempDir;

namespace {

const std::string kRoot = SIEVE_SOURCE_DIR;
const std::string kHiggs = kRoot + "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";

// The real events as one compound dataset, made once.
const std::string& higgs_h5() {
  static TempDir dir;
  static const std::string path = [] {
    const std::string p = dir.file("events.h5");
    test::H5TestFile(p).compound("/events", test::csv_columns(kHiggs, [](const std::string& n) {
                                   return test::higgs_h5_type(n);
                                 }),
                                 1000);
    return p;
  }();
  return path;
}

score::FileScoreOptions with(const char* variations, int threads, std::size_t chunk_rows) {
  score::FileScoreOptions o;
  o.scorer.variations = physics::parse_variations(variations);
  o.threads = threads;
  o.chunk_rows = chunk_rows;
  return o;
}

} // namespace

BOOST_AUTO_TEST_CASE(an_hdf5_input_scores_through_the_csv_pipeline_bit_for_bit) {
  TempDir dir;
  const std::string reference = dir.file("reference.csv");
  const auto csv = score::score_file(golden(), kHiggs, reference, with("nominal,tes_up,soft_met", 1, 65536));
  const std::string expected = test::read_bytes(reference);
  for (const int threads : {1, 2})
    for (const std::size_t chunk : {std::size_t{512}, std::size_t{3000}, std::size_t{65536}}) {
      const std::string out = dir.file("scores.csv");
      score::FileScoreOptions o = with("nominal,tes_up,soft_met", threads, chunk);
      o.max_chunks_in_flight = 3;
      const auto r = score::score_file(golden(), higgs_h5(), out, o);
      BOOST_TEST(test::read_bytes(out) == expected, threads << " threads, chunks of " << chunk);
      BOOST_TEST(r.events == 18000u);
      BOOST_TEST(r.data_rows == 18000u);
      BOOST_TEST(r.counts_rows);
      BOOST_TEST(r.chunk_buffers <= 3u);  // memory: at most 3 chunks alive, whatever the file
      BOOST_TEST(r.chunks == (18000 + r.chunk_rows - 1) / r.chunk_rows);
    }
  BOOST_TEST(!csv.counts_rows);
}

BOOST_AUTO_TEST_CASE(the_event_source_hands_out_the_same_events_from_hdf5) {
  const auto& model = *golden();
  score::CsvEventSource from_csv(kHiggs, model.pipeline.raw_columns, model.schema, 5000);
  score::CsvEventSource from_h5(higgs_h5(), model.pipeline.raw_columns, model.schema, 5000);
  score::SourcedEvent a, b;
  std::size_t n = 0;
  bool same = true;
  while (from_csv.next(a)) {
    BOOST_TEST_REQUIRE(from_h5.next(b));
    same = same && a.entry == b.entry && a.event_id == b.event_id &&
           std::memcmp(a.inputs.values.data(), b.inputs.values.data(), a.inputs.values.size() * sizeof(float)) == 0;
    ++n;
  }
  BOOST_TEST(!from_h5.next(b));
  BOOST_TEST(n == 5000u);
  BOOST_TEST(same);
}

BOOST_AUTO_TEST_CASE(the_writer_round_trips_its_numbers_and_writes_atomically) {
  TempDir dir;
  data::Table t;
  t.feature_names = {"score_nominal", "score_up"};
  t.features = {{0.25f, std::numeric_limits<float>::quiet_NaN(), -1e-30f}, {1.0f, 2.0f, 3.5f}};
  t.event_id = {7, -3, 9007199254740993};
  t.weight = {0.5, 1e300, -2.0};
  t.line = {2, 3, 4};
  data::CsvColumns columns;
  columns.event_id = "row";
  columns.features = t.feature_names;
  columns.roles = {"Weight"};  // the preset's weight column
  columns.schema = std::make_shared<const data::Schema>(data::higgsml_schema());
  const std::string path = dir.write("scores.h5", "the previous file");
  {
    data::Hdf5Writer writer(path, columns);
    writer.write(t);
    writer.write(t);
    BOOST_TEST(writer.rows_written() == 6u);
    // Until the commit, the target is untouched and a temporary file is registered for
    // removal on a signal.
    BOOST_TEST(test::read_bytes(path) == "the previous file");
    BOOST_TEST(dir.entries().size() == 2u);
    BOOST_TEST(io::registered_temp_files() >= 1u);
    writer.commit();
  }
  BOOST_TEST(dir.entries().size() == 1u);
  data::ReadOptions o;
  o.schema = columns.schema;  // which gives Weight its role
  o.columns = {"score_nominal", "score_up"};
  o.non_finite_as_missing = true;
  const data::Table back = data::read_table(path, o);
  BOOST_TEST(data::read_column_names(path) == (std::vector<std::string>{"row", "score_nominal", "score_up", "Weight"}),
             boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(back.rows() == 6u);
  BOOST_TEST(back.features[0][0] == 0.25f);
  BOOST_TEST(std::isnan(back.features[0][4]));
  BOOST_TEST(back.features[0][5] == -1e-30f);
  BOOST_TEST(back.features[1][5] == 3.5f);
  BOOST_TEST(back.weight[4] == 1e300);
  // The ids as int64, exactly (beyond a double's 2^53).
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t ids = H5Dopen2(file, "row", H5P_DEFAULT);
  std::vector<std::int64_t> read(6);
  BOOST_TEST(H5Dread(ids, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, read.data()) >= 0);
  BOOST_TEST(read == (std::vector<std::int64_t>{7, -3, 9007199254740993, 7, -3, 9007199254740993}),
             boost::test_tools::per_element());
  H5Dclose(ids);
  H5Fclose(file);

  // Without a commit (an exception, a stop), nothing is left and the old file stays.
  try {
    data::Hdf5Writer writer(path, columns);
    writer.write(t);
    throw std::runtime_error("stop");
  } catch (const std::runtime_error&) {
  }
  BOOST_TEST(dir.entries().size() == 1u);
  BOOST_TEST(data::read_table(path, o).rows() == 6u);
}

BOOST_AUTO_TEST_CASE(the_writer_refuses_what_it_cannot_hold) {
  TempDir dir;
  const std::string path = dir.file("out.h5");
  auto message = [&](const data::CsvColumns& c, const data::WriteOptions& w = {}) -> std::string {
    try {
      data::Hdf5Writer writer(path, c, w);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(no error)";
  };
  data::CsvColumns labels;
  labels.features = {"a"};
  labels.roles = {"Label"};
  BOOST_TEST(message(labels) == path + ": column Label is a label, set or weight column, which only a "
                                       "schema says (CsvColumns::schema)");
  labels.schema = std::make_shared<const data::Schema>(data::higgsml_schema());
  BOOST_TEST(message(labels) == path + ": HDF5 output holds numbers only (identifiers, features, weights), not the "
                                       "label or set column Label");
  data::CsvColumns slash;
  slash.features = {"a/b"};
  BOOST_TEST(message(slash) == path + ": 'a/b' cannot name an HDF5 dataset");
  data::CsvColumns none;
  BOOST_TEST(message(none) == path + ": cannot write an HDF5 file without columns");
  data::WriteOptions level;
  level.gzip_level = 0;
  data::CsvColumns fine;
  fine.features = {"a"};
  BOOST_TEST(message(fine, level) == path + ": WriteOptions::gzip_level must be 1..9, not 0");
  BOOST_TEST(dir.entries().empty());
  const std::string nowhere = dir.file("missing/out.h5");
  try {
    data::Hdf5Writer writer(nowhere, fine);
    BOOST_ERROR("no error");
  } catch (const ConfigError& e) {
    BOOST_TEST(std::string(e.what()).rfind(nowhere + ": cannot create a temporary file in ", 0) == 0u, e.what());
  }
  // A table of other columns.
  data::Hdf5Writer writer(path, fine);
  data::Table t;
  t.feature_names = {"b"};
  t.features = {{1.0f}};
  t.line = {2};
  try {
    writer.write(t);
    BOOST_ERROR("no error");
  } catch (const ConfigError& e) {
    BOOST_TEST(std::string(e.what()) ==
               path + ": cannot write the rows of a table: its feature columns are not the 1 columns of the file being written");
  }
}
