#define BOOST_TEST_MODULE csv_skip_rows
#include <boost/test/unit_test.hpp>

// The reader's report-and-skip option (ReadOptions::on_bad_row): bad rows are reported
// with their line and the exact message the reader would throw, skipped without leaving
// a partial row behind, and counted toward the chunk size; the default still throws.
// Also read_csv_header.
#include "higgs_rows.hpp"
#include "temp_dir.hpp"
#include "sieve/data/csv_reader.hpp"
#include "sieve/data/higgs_columns.hpp"
#include "sieve/error.hpp"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace sd = sieve::data;
using sieve::test::first_cells;
using sieve::test::kOpenDataRow0;
using sieve::test::kOpenDataRow1;
using sieve::test::open_data_header;
using sieve::test::TempDir;
using sieve::test::with_cell;

namespace {

// Row k (0-based) is line k + 2, a real row with EventId 1000 + k.
std::string good_row(int k) { return with_cell(k % 2 ? kOpenDataRow1 : kOpenDataRow0, 1, std::to_string(1000 + k)); }

struct Reported {
  std::vector<std::pair<std::int64_t, std::string>> rows;
  sd::ReadOptions options() {
    sd::ReadOptions o;
    o.on_bad_row = [this](std::int64_t line, const std::string& message) { rows.emplace_back(line, message); };
    return o;
  }
};

// The message the default reader throws for the file.
std::string thrown(const std::string& path, const sd::ReadOptions& options = {}) {
  try {
    sd::read_table(path, options);
  } catch (const sieve::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

void check_consistent(const sd::Table& t) {
  for (const auto& f : t.features) BOOST_TEST(f.size() == t.rows());
  BOOST_TEST(t.event_id.size() == t.rows());
  BOOST_TEST(t.weight.size() == t.rows());
  BOOST_TEST(t.other_weights.at(0).size() == t.rows());
  BOOST_TEST(t.label.size() == t.rows());
  BOOST_TEST(t.set.size() == t.rows());
}

} // namespace

BOOST_AUTO_TEST_CASE(bad_rows_are_reported_with_the_thrown_message_and_skipped) {
  TempDir dir;
  // Lines 2..9: rows 0..7; rows 1, 3, 4, 5 and 7 bad in different ways, each failing
  // after some cells of the row were already stored.
  std::vector<std::string> rows;
  for (int k = 0; k < 8; ++k) rows.push_back(good_row(k));
  rows[1] = with_cell(rows[1], 12, "abc");                    // a bad DER cell
  rows[3] = with_cell(rows[3], 24, "5");                      // PRI_jet_num out of range
  rows[4] = first_cells(rows[4], 20);                         // too few values
  rows[5] = "";                                               // an empty line
  rows[7] = rows[7] + ",42";                                  // an extra value
  std::string text = open_data_header() + "\n";
  for (const auto& r : rows) text += r + "\n";
  const std::string path = dir.write("bad.csv", text);

  Reported again;
  sd::CsvReader reader(path, again.options());
  sd::Table t;
  BOOST_TEST(reader.next_chunk(t, 100));
  BOOST_TEST(reader.rows_read() == 3u);
  BOOST_TEST(reader.rows_skipped() == 5u);
  BOOST_REQUIRE_EQUAL(t.rows(), 3u);
  check_consistent(t);
  BOOST_TEST(t.event_id == (std::vector<std::int64_t>{1000, 1002, 1006}), boost::test_tools::per_element());
  BOOST_TEST(t.line == (std::vector<std::int64_t>{2, 4, 8}), boost::test_tools::per_element());
  BOOST_TEST(t.features[sd::DER_mass_MMC][1] == 138.47f);
  BOOST_TEST(t.features[sd::PRI_jet_num][2] == 2.0f);
  BOOST_TEST(t.label[1] == 1);

  // Each report carries the line and exactly the message the default reader throws.
  BOOST_REQUIRE_EQUAL(again.rows.size(), 5u);
  const std::vector<std::int64_t> lines = {3, 5, 6, 7, 9};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    BOOST_TEST(again.rows[i].first == lines[i]);
    // A file whose only data line is the bad one, at the same line number.
    std::string alone = open_data_header() + "\n";
    for (std::int64_t l = 2; l < lines[i]; ++l) alone += good_row(0) + "\n";
    alone += rows[static_cast<std::size_t>(lines[i] - 2)] + "\n";
    const std::string single = dir.write("single.csv", alone);
    std::string expected = thrown(single);
    BOOST_TEST(expected.rfind(single, 0) == 0u);
    expected.replace(0, single.size(), path);
    BOOST_TEST(again.rows[i].second == expected);
  }
  BOOST_TEST(again.rows[0].second == path + " line 3, column 12 (DER_pt_ratio_lep_tau): expected a number, found 'abc'");
  BOOST_TEST(again.rows[1].second == path + " line 5, column 24 (PRI_jet_num): expected an integer from 0 to 3, found '5'");
  sd::Table end;
  BOOST_TEST(!reader.next_chunk(end, 100));
  // The default still throws at the first bad row.
  BOOST_TEST(thrown(path) == again.rows[0].second);
}

BOOST_AUTO_TEST_CASE(skipped_rows_count_toward_the_chunk_size) {
  TempDir dir;
  std::string text = open_data_header() + "\n";
  for (int k = 0; k < 7; ++k) text += (k == 1 || k == 2 || k == 3 ? with_cell(good_row(k), 2, "x") : good_row(k)) + "\n";
  const std::string path = dir.write("chunks.csv", text);
  Reported reported;
  sd::CsvReader reader(path, reported.options());
  sd::Table t;
  std::vector<std::vector<std::int64_t>> chunks;
  while (reader.next_chunk(t, 2)) chunks.push_back(t.line);
  // Lines 2-3, 4-5, 6-7, 8: whichever rows are bad; the chunk of lines 4-5 holds none.
  BOOST_REQUIRE_EQUAL(chunks.size(), 4u);
  BOOST_TEST(chunks[0] == (std::vector<std::int64_t>{2}), boost::test_tools::per_element());
  BOOST_TEST(chunks[1].empty());
  BOOST_TEST(chunks[2] == (std::vector<std::int64_t>{6, 7}), boost::test_tools::per_element());
  BOOST_TEST(chunks[3] == (std::vector<std::int64_t>{8}), boost::test_tools::per_element());
  BOOST_TEST(t.rows() == 0u);
  BOOST_TEST(reader.rows_read() == 4u);
  BOOST_TEST(reader.rows_skipped() == 3u);
  BOOST_TEST(reported.rows.size() == 3u);
}

BOOST_AUTO_TEST_CASE(skipping_works_for_generic_columns_and_the_callback_can_stop) {
  TempDir dir;
  const std::string path =
      dir.write("generic.csv", "a,b,c\n1,2,3\n4,x,6\n7,8\n10,11,12\n");
  Reported reported;
  sd::ReadOptions o = reported.options();
  o.columns = {"c", "a"};
  o.allow_extra_columns = true;
  const sd::Table t = sd::read_table(path, o);
  BOOST_REQUIRE_EQUAL(t.rows(), 3u);
  BOOST_TEST(t.features[0] == (std::vector<float>{3, 6, 12}), boost::test_tools::per_element());
  BOOST_TEST(t.features[1] == (std::vector<float>{1, 4, 10}), boost::test_tools::per_element());
  // Column b is not read, so "x" is not an error; the short row is.
  BOOST_REQUIRE_EQUAL(reported.rows.size(), 1u);
  BOOST_TEST(reported.rows[0].first == 4);
  BOOST_TEST(reported.rows[0].second == path + " line 4, column 3 (c): missing value: the row has 2 values, the header has 3");

  sd::ReadOptions stop;
  stop.columns = {"a", "b"};
  stop.on_bad_row = [](std::int64_t line, const std::string&) {
    throw std::runtime_error("stop at " + std::to_string(line));
  };
  BOOST_CHECK_EXCEPTION(sd::read_table(dir.write("stop.csv", "a,b\n1,2\n3,y\n"), stop), std::runtime_error,
                        [](const std::runtime_error& e) { return std::string(e.what()) == "stop at 3"; });
}

BOOST_AUTO_TEST_CASE(header_errors_still_throw_when_skipping) {
  TempDir dir;
  Reported reported;
  BOOST_CHECK_THROW(sd::CsvReader(dir.write("dup.csv", "a,a\n1,2\n"), reported.options()), sieve::ConfigError);
  sd::ReadOptions o = reported.options();
  o.columns = {"a", "b"};
  o.max_line_bytes = 8;
  BOOST_CHECK_THROW(sd::read_table(dir.write("long.csv", "a,b\n1,2\n123456789,1\n"), o), sieve::ConfigError);
  BOOST_TEST(reported.rows.empty());
}

BOOST_AUTO_TEST_CASE(read_csv_header_gives_the_names_of_any_layout) {
  TempDir dir;
  BOOST_TEST(sd::read_csv_header(dir.write("g.csv", "x,EventId,y\r\n1,2,3\r\n")) ==
                 (std::vector<std::string>{"x", "EventId", "y"}),
             boost::test_tools::per_element());
  const auto open = sd::read_csv_header(dir.write_gzip("o.csv.gz", open_data_header() + "\n" + kOpenDataRow0 + "\n"));
  BOOST_TEST(open.size() == 35u);
  BOOST_TEST(open.front() == "EventId");
  BOOST_TEST(sd::read_csv_header(dir.write("h.csv", "only,header")).size() == 2u);
  BOOST_CHECK_THROW(sd::read_csv_header(dir.write("empty.csv", "")), sieve::ConfigError);
  BOOST_CHECK_THROW(sd::read_csv_header(dir.file("missing.csv")), sieve::ConfigError);
}
