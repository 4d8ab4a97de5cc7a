#define BOOST_TEST_MODULE csv_reader
#include <boost/test/unit_test.hpp>

// The CSV reader on small files built in the test: layouts, line endings, gzip, generic
// columns, options and chunked streaming.
#include "higgs_rows.hpp"
#include "temp_dir.hpp"
#include "sieve/data/csv_reader.hpp"
#include "sieve/data/higgs_columns.hpp"
#include "sieve/error.hpp"

#include <cmath>
#include <string>

namespace sd = sieve::data;
using sieve::test::first_cells;
using sieve::test::kOpenDataRow0;
using sieve::test::kOpenDataRow1;
using sieve::test::open_data_header;
using sieve::test::TempDir;
using sieve::test::with_cell;

namespace {

std::string two_rows(std::size_t columns, const char* eol) {
  return open_data_header(columns) + eol + first_cells(kOpenDataRow0, columns) + eol +
         first_cells(kOpenDataRow1, columns) + eol;
}

void check_two_rows(const sd::Table& t) {
  BOOST_REQUIRE_EQUAL(t.rows(), 2u);
  BOOST_REQUIRE_EQUAL(t.features.size(), 30u);
  BOOST_TEST(t.event_id[0] == 100000);
  BOOST_TEST(t.event_id[1] == 100001);
  BOOST_TEST(t.features[sd::DER_mass_MMC][0] == 138.47f);
  BOOST_TEST(t.features[sd::PRI_jet_all_pt][1] == 46.226f);
  BOOST_TEST(t.features[sd::PRI_jet_num][0] == 2.0f);
  BOOST_TEST(std::isnan(t.features[sd::DER_deltaeta_jet_jet][1]));
  BOOST_TEST(t.line[0] == 2);
  BOOST_TEST(t.line[1] == 3);
}

} // namespace

BOOST_AUTO_TEST_CASE(detects_the_three_layouts) {
  TempDir dir;
  const sd::Table open = sd::read_table(dir.write("open.csv", two_rows(35, "\n")));
  BOOST_TEST((open.layout == sd::Layout::OpenData));
  check_two_rows(open);
  BOOST_TEST(open.weight[0] == 0.00081448039868);
  BOOST_TEST(open.kaggle_weight[1] == 2.23358448717);
  BOOST_TEST(open.label[0] == 1);
  BOOST_TEST(open.label[1] == 0);
  BOOST_TEST(open.kaggle_set[0] == 't');

  const sd::Table train = sd::read_table(dir.write("training.csv", two_rows(33, "\n")));
  BOOST_TEST((train.layout == sd::Layout::KaggleTraining));
  check_two_rows(train);
  BOOST_TEST(train.weight.size() == 2u);
  BOOST_TEST(train.label.size() == 2u);
  BOOST_TEST(train.kaggle_set.empty());
  BOOST_TEST(train.kaggle_weight.empty());
  BOOST_TEST(&train.analysis_weight() == &train.weight);

  const sd::Table test = sd::read_table(dir.write("test.csv", two_rows(31, "\n")));
  BOOST_TEST((test.layout == sd::Layout::KaggleTest));
  check_two_rows(test);
  BOOST_TEST(test.weight.empty());
  BOOST_TEST(test.label.empty());
}

BOOST_AUTO_TEST_CASE(line_endings_gzip_and_bom) {
  TempDir dir;
  check_two_rows(sd::read_table(dir.write("crlf.csv", two_rows(35, "\r\n"))));
  check_two_rows(sd::read_table(dir.write_gzip("lf.csv.gz", two_rows(35, "\n"))));
  check_two_rows(sd::read_table(dir.write_gzip("crlf.csv.gz", two_rows(35, "\r\n"))));
  // gzip is recognised by its signature, whatever the name.
  check_two_rows(sd::read_table(dir.write_gzip("gzip-inside.csv", two_rows(35, "\n"))));
  // No line ending after the last row.
  std::string text = two_rows(35, "\r\n");
  text.resize(text.size() - 2);
  check_two_rows(sd::read_table(dir.write("no-final-eol.csv", text)));
  // A UTF-8 byte order mark before the header.
  check_two_rows(sd::read_table(dir.write("bom.csv", "\xEF\xBB\xBF" + two_rows(35, "\n"))));
  // Concatenated gzip members read as one stream.
  const std::string all = two_rows(35, "\n");
  const std::size_t cut = all.find('\n') + 10;
  check_two_rows(sd::read_table(dir.write(
      "members.csv.gz",
      sieve::test::gzip_stored(all.substr(0, cut)) + sieve::test::gzip_stored(all.substr(cut)))));
}

BOOST_AUTO_TEST_CASE(header_only_gives_an_empty_table) {
  TempDir dir;
  for (const char* eol : {"", "\n", "\r\n"}) {
    const sd::Table t = sd::read_table(dir.write("header.csv", open_data_header() + eol));
    BOOST_TEST((t.layout == sd::Layout::OpenData));
    BOOST_TEST(t.rows() == 0u);
    BOOST_TEST(t.features.size() == 30u);
    BOOST_TEST(t.feature_names.size() == 30u);
    BOOST_TEST(t.event_id.empty());
  }
}

BOOST_AUTO_TEST_CASE(undefined_and_non_finite_values) {
  TempDir dir;
  const std::string header = open_data_header() + "\n";
  // -999.0 and -999 are the published "undefined"; -999.5 is a number.
  std::string row = with_cell(kOpenDataRow0, 2, "-999");
  row = with_cell(row, 3, "-999.5");
  row = with_cell(row, 4, "nan");
  row = with_cell(row, 5, "-inf");
  sd::ReadOptions lenient;
  lenient.non_finite_as_missing = true;
  const sd::Table t = sd::read_table(dir.write("odd.csv", header + row + "\n"), lenient);
  BOOST_TEST(std::isnan(t.features[0][0]));
  BOOST_TEST(t.features[1][0] == -999.5f);
  BOOST_TEST(std::isnan(t.features[2][0]));
  BOOST_TEST(std::isnan(t.features[3][0]));
  BOOST_CHECK_THROW(sd::read_table(dir.file("odd.csv")), sieve::ConfigError);
  // Scientific notation and signs are numbers.
  row = with_cell(kOpenDataRow0, 2, "1.5e2");
  row = with_cell(row, 3, "-0.0");
  row = with_cell(row, 24, "3.0");
  const sd::Table u = sd::read_table(dir.write("sci.csv", header + row + "\n"));
  BOOST_TEST(u.features[0][0] == 150.0f);
  BOOST_TEST(std::signbit(u.features[1][0]));
  BOOST_TEST(u.features[sd::PRI_jet_num][0] == 3.0f);
}

BOOST_AUTO_TEST_CASE(generic_columns_by_name) {
  TempDir dir;
  const std::string p =
      dir.write("w.csv", "Label,Junk,Weight,PRI_met,EventId,DER_pt_h\r\n"
                         "s,x,0.5,12.25,7,-999.0\r\n"
                         "b,y,1.5,13.5,8,3\r\n");
  sd::ReadOptions options;
  options.columns = {"EventId", "DER_pt_h", "PRI_met", "Weight", "Label"};
  BOOST_CHECK_THROW(sd::read_table(p, options), sieve::ConfigError); // Junk
  options.allow_extra_columns = true;
  const sd::Table t = sd::read_table(p, options);
  BOOST_TEST((t.layout == sd::Layout::Generic));
  BOOST_REQUIRE_EQUAL(t.rows(), 2u);
  BOOST_REQUIRE_EQUAL(t.feature_names.size(), 2u);
  BOOST_TEST(t.feature_names[0] == "DER_pt_h"); // the caller's order
  BOOST_TEST(t.feature_names[1] == "PRI_met");
  BOOST_TEST(std::isnan(t.column("DER_pt_h")[0]));
  BOOST_TEST(t.column("DER_pt_h")[1] == 3.0f);
  BOOST_TEST(t.column("PRI_met")[0] == 12.25f);
  BOOST_TEST(t.event_id[1] == 8);
  BOOST_TEST(t.weight[1] == 1.5);
  BOOST_TEST(t.label[0] == 1);
  BOOST_TEST(t.kaggle_set.empty());
  BOOST_TEST(t.kaggle_weight.empty());

  // A HiggsML file read as a generic CSV: a subset of its columns.
  sd::ReadOptions subset;
  subset.columns = {"KaggleWeight", "PRI_jet_num", "KaggleSet"};
  subset.allow_extra_columns = true;
  sd::CsvReader reader(dir.write("open.csv", two_rows(35, "\n")), subset);
  BOOST_TEST((reader.layout() == sd::Layout::Generic));
  BOOST_TEST(reader.header().size() == 35u);
  sd::Table s;
  BOOST_TEST(reader.next_chunk(s, 10));
  BOOST_TEST(s.rows() == 2u);
  BOOST_TEST(s.features.size() == 1u);
  BOOST_TEST(s.column("PRI_jet_num")[1] == 1.0f);
  BOOST_TEST(s.kaggle_set[1] == 't');
  BOOST_TEST(s.kaggle_weight[0] == 0.00265331133733);
  BOOST_TEST(s.event_id.empty());
  BOOST_TEST(!reader.next_chunk(s, 10));
}

BOOST_AUTO_TEST_CASE(chunks_reuse_buffers_and_cross_refills) {
  // 600 kB of rows and a small line cap (so a 257 kB read buffer): rows cross refills.
  TempDir dir;
  std::string text = open_data_header() + "\n";
  for (int i = 0; i < 3000; ++i)
    text += with_cell(i % 2 == 0 ? kOpenDataRow0 : kOpenDataRow1, 1, std::to_string(i)) + "\n";
  const std::string plain = dir.write("many.csv", text);
  const std::string gz = dir.write_gzip("many.csv.gz", text);
  const sd::Table whole = sd::read_table(plain);
  BOOST_REQUIRE_EQUAL(whole.rows(), 3000u);
  sd::ReadOptions small;
  small.max_line_bytes = 1000;
  for (const std::string& path : {plain, gz}) {
    sd::CsvReader reader(path, small);
    sd::Table chunk;
    std::size_t offset = 0, mismatches = 0;
    const float* storage = nullptr;
    bool reused = true;
    while (reader.next_chunk(chunk, 256)) {
      if (storage != nullptr && chunk.rows() == 256) reused &= chunk.features[0].data() == storage;
      storage = chunk.features[0].data();
      for (std::size_t i = 0; i < chunk.rows(); ++i) {
        mismatches += chunk.event_id[i] != whole.event_id[offset + i];
        mismatches += chunk.line[i] != whole.line[offset + i];
        mismatches += chunk.kaggle_weight[i] != whole.kaggle_weight[offset + i];
        for (std::size_t c = 0; c < 30; ++c) {
          const float a = chunk.features[c][i], b = whole.features[c][offset + i];
          mismatches += !(a == b || (std::isnan(a) && std::isnan(b)));
        }
      }
      offset += chunk.rows();
    }
    BOOST_TEST(offset == 3000u);
    BOOST_TEST(mismatches == 0u);
    BOOST_TEST(reused);
    BOOST_TEST(chunk.rows() == 0u);
  }
}
