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
#include <memory>
#include <string>
#include <vector>

namespace sd = sieve::data;
using sieve::test::first_cells;
using sieve::test::kOpenDataRow0;
using sieve::test::kOpenDataRow1;
using sieve::test::open_data_header;
using sieve::test::TempDir;
using sieve::test::with_cell;
using boost::test_tools::per_element;

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

BOOST_AUTO_TEST_CASE(reads_the_three_higgsml_layouts_with_the_preset) {
  TempDir dir;
  const sd::Table open = sd::read_table(dir.write("open.csv", two_rows(35, "\n")));
  BOOST_TEST(open.schema.get() == &sd::higgsml_schema());
  check_two_rows(open);
  // The preset's weight columns in its order: KaggleWeight (the analysis weight), Weight.
  BOOST_TEST(open.role_columns == (std::vector<std::string>{"EventId", "Weight", "Label", "KaggleSet", "KaggleWeight"}), per_element());
  BOOST_TEST(open.weight[1] == 2.23358448717);
  BOOST_REQUIRE_EQUAL(open.other_weights.size(), 1u);
  BOOST_TEST(open.other_weights[0][0] == 0.00081448039868);
  BOOST_TEST(open.label[0] == 1);
  BOOST_TEST(open.label[1] == 0);
  BOOST_TEST(open.set[0] == 't');

  const sd::Table train = sd::read_table(dir.write("training.csv", two_rows(33, "\n")));
  BOOST_TEST(train.schema.get() == &sd::higgsml_schema());
  check_two_rows(train);
  BOOST_TEST(train.role_columns == (std::vector<std::string>{"EventId", "Weight", "Label"}), per_element());
  BOOST_TEST(train.weight[0] == 0.00081448039868);
  BOOST_TEST(train.label.size() == 2u);
  BOOST_TEST(train.set.empty());
  BOOST_TEST(train.other_weights.empty());
  BOOST_TEST(&train.analysis_weight() == &train.weight);

  const sd::Table test = sd::read_table(dir.write("test.csv", two_rows(31, "\n")));
  BOOST_TEST(test.schema.get() == &sd::higgsml_schema());
  check_two_rows(test);
  // A role the schema declares but the file lacks: its weight, named when asked for.
  BOOST_CHECK_EXCEPTION(test.analysis_weight(), sieve::ConfigError, [&](const sieve::ConfigError& e) {
    return std::string(e.what()) == dir.file("test.csv") + " has no weight column (KaggleWeight, Weight), so events "
                                                           "cannot be weighted";
  });
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
    BOOST_TEST(t.schema.get() == &sd::higgsml_schema());
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

BOOST_AUTO_TEST_CASE(named_columns_are_features_unless_a_schema_gives_roles) {
  TempDir dir;
  const std::string p =
      dir.write("w.csv", "Label,Junk,Weight,PRI_met,EventId,DER_pt_h\r\n"
                         "s,x,0.5,12.25,7,-999.0\r\n"
                         "b,y,1.5,13.5,8,3\r\n");
  // Without a schema: exactly the listed columns, as features, whatever their names.
  sd::ReadOptions options;
  options.columns = {"EventId", "DER_pt_h", "PRI_met", "Weight"};
  BOOST_CHECK_THROW(sd::read_table(p, options), sieve::ConfigError); // Label, Junk
  options.allow_extra_columns = true;
  sd::Table t = sd::read_table(p, options);
  BOOST_TEST(!t.schema);
  BOOST_REQUIRE_EQUAL(t.rows(), 2u);
  BOOST_TEST(t.feature_names == options.columns, per_element()); // the caller's order
  BOOST_TEST(t.column("DER_pt_h")[0] == -999.0f);  // no schema, no sentinels
  BOOST_TEST(t.column("EventId")[1] == 8.0f);
  BOOST_TEST(t.column("Weight")[1] == 1.5f);
  BOOST_TEST(t.event_id.empty());
  BOOST_TEST(t.weight.empty());
  BOOST_TEST(t.label.empty());

  // With the HiggsML preset the same names take its roles; the listed columns are the inputs.
  options.schema = std::make_shared<const sd::Schema>(sd::higgsml_schema());
  options.columns = {"DER_pt_h", "PRI_met"};
  options.allow_extra_columns = false;  // a schema skips the other columns anyway
  t = sd::read_table(p, options);
  BOOST_REQUIRE_EQUAL(t.rows(), 2u);
  BOOST_TEST(t.feature_names == options.columns, per_element());
  BOOST_TEST(std::isnan(t.column("DER_pt_h")[0]));
  BOOST_TEST(t.column("DER_pt_h")[1] == 3.0f);
  BOOST_TEST(t.column("PRI_met")[0] == 12.25f);
  BOOST_TEST(t.event_id[1] == 8);
  BOOST_TEST(t.weight[1] == 1.5);
  BOOST_TEST(t.role_columns == (std::vector<std::string>{"Label", "Weight", "EventId"}), per_element());  // file order
  BOOST_TEST(t.label[0] == 1);
  BOOST_TEST(t.set.empty());
  BOOST_TEST(t.other_weights.empty());

  // A HiggsML file read with the preset and a subset of its columns as the inputs.
  sd::ReadOptions subset;
  subset.schema = options.schema;
  subset.columns = {"PRI_jet_num"};
  sd::CsvReader reader(dir.write("open.csv", two_rows(35, "\n")), subset);
  BOOST_TEST(reader.header().size() == 35u);
  sd::Table s;
  BOOST_TEST(reader.next_chunk(s, 10));
  BOOST_TEST(s.rows() == 2u);
  BOOST_TEST(s.features.size() == 1u);
  BOOST_TEST(s.column("PRI_jet_num")[1] == 1.0f);
  BOOST_TEST(s.set[1] == 't');
  BOOST_TEST(s.weight[0] == 0.00265331133733);
  BOOST_TEST(s.event_id[0] == 100000);
  BOOST_TEST(!reader.next_chunk(s, 10));
}

BOOST_AUTO_TEST_CASE(a_file_without_a_schema_must_have_a_higgsml_header) {
  TempDir dir;
  const std::string p = dir.write("mine.csv", "id,mass,n_jets\n1,125.0,2\n");
  try {
    sd::read_table(p);
    BOOST_FAIL("read without a schema");
  } catch (const sieve::ConfigError& e) {
    BOOST_TEST(std::string(e.what()) ==
               p + " line 1: not a HiggsML 2014 header (column 1 is 'id', where the preset has EventId): give "
                   "the dataset schema that describes its columns (--schema FILE, or ReadOptions::schema; see "
                   "schemas/README.md)");
  }
  // A HiggsML header cut short is not one either.
  const std::string cut = dir.write("cut.csv", open_data_header(20) + "\n");
  try {
    sd::read_table(cut);
    BOOST_FAIL("read a header of 20 columns");
  } catch (const sieve::ConfigError& e) {
    BOOST_TEST(std::string(e.what()).find(cut + " line 1: not a HiggsML 2014 header (it ends after 20 columns, "
                                                "where the preset has PRI_met)") == 0u, e.what());
  }
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
        mismatches += chunk.weight[i] != whole.weight[offset + i];
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
