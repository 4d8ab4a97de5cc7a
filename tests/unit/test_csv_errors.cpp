#define BOOST_TEST_MODULE csv_errors
#include <boost/test/unit_test.hpp>

// Every error of the CSV reader, with its exact message.
#include "higgs_rows.hpp"
#include "temp_dir.hpp"
#include "sieve/data/csv_reader.hpp"
#include "sieve/error.hpp"

#include <string>
#include <vector>

namespace sd = sieve::data;
using sieve::test::kOpenDataRow0;
using sieve::test::kOpenDataRow1;
using sieve::test::open_data_header;
using sieve::test::TempDir;
using sieve::test::with_cell;

namespace {

const std::string kGiveSchema =
    "give the dataset schema that describes its columns (--schema FILE, or ReadOptions::schema; see "
    "schemas/README.md)";

void expect_error(const std::string& path, const sd::ReadOptions& options,
                  const std::string& message) {
  try {
    sd::read_table(path, options);
    BOOST_ERROR("no error reading " << path << "; expected: " << message);
  } catch (const sieve::ConfigError& e) {
    BOOST_TEST(std::string(e.what()) == message);
  }
}

void expect_error(const std::string& path, const std::string& message) {
  expect_error(path, sd::ReadOptions{}, message);
}

// An open-data file whose third line (second row) is `bad_row`.
std::string file_with_row(const TempDir& dir, const std::string& bad_row) {
  return dir.write("data.csv", open_data_header() + "\n" + kOpenDataRow0 + "\n" + bad_row + "\n");
}

} // namespace

BOOST_AUTO_TEST_CASE(missing_file) {
  TempDir dir;
  const std::string p = dir.file("nothing.csv");
  expect_error(p, p + ": cannot open: No such file or directory");
}

BOOST_AUTO_TEST_CASE(empty_file) {
  TempDir dir;
  const std::string p = dir.write("empty.csv", "");
  expect_error(p, p + ": empty file (no header line)");
  const std::string gz = dir.write_gzip("empty.csv.gz", "");
  expect_error(gz, gz + ": empty file (no header line)");
}

BOOST_AUTO_TEST_CASE(wrong_header_column) {
  TempDir dir;
  const std::string header = with_cell(open_data_header(), 5, "DER_pth");
  const std::string p = dir.write("data.csv", header + "\n" + kOpenDataRow0 + "\n");
  expect_error(p, p + " line 1: not a HiggsML 2014 header (column 5 is 'DER_pth', where the preset has "
                      "DER_pt_h): " + kGiveSchema);
}

BOOST_AUTO_TEST_CASE(missing_header_column) {
  TempDir dir;
  const std::string q = dir.write("weights.csv", "EventId\n1\n");
  expect_error(q, q + " line 1: not a HiggsML 2014 header (it ends after 1 column, where the preset has "
                      "DER_mass_MMC): " + kGiveSchema);
  // The preset's roles are optional: the id and the 30 inputs make a HiggsML header.
  const sd::Table t = sd::read_table(dir.write("data.csv", open_data_header(32) + "\n" +
                                                               sieve::test::first_cells(kOpenDataRow0, 32) + "\n"));
  BOOST_TEST(t.role_columns == (std::vector<std::string>{"EventId", "Weight"}), boost::test_tools::per_element());
  BOOST_TEST(t.label.empty());
}

BOOST_AUTO_TEST_CASE(extra_header_column) {
  // Read with the preset: a column it does not name is skipped.
  TempDir dir;
  const std::string p = dir.write("data.csv", open_data_header() + ",Extra\n" + kOpenDataRow0 + ",x\n");
  const sd::Table t = sd::read_table(p);
  BOOST_TEST(t.rows() == 1u);
  BOOST_TEST(t.features.size() == 30u);
}

BOOST_AUTO_TEST_CASE(duplicate_header_column) {
  TempDir dir;
  const std::string p = dir.write("w.csv", "EventId,Weight,Weight\n1,2,3\n");
  sd::ReadOptions options;
  options.columns = {"EventId", "Weight"};
  expect_error(p, options, p + " line 1, column 3 (Weight): column name 'Weight' appears twice "
                               "(first as column 2)");
  expect_error(p, p + " line 1, column 3 (Weight): column name 'Weight' appears twice (first as "
                      "column 2)");
}

BOOST_AUTO_TEST_CASE(generic_missing_and_extra_columns) {
  TempDir dir;
  sd::ReadOptions options;
  options.columns = {"EventId", "Weight", "Label"};
  const std::string p = dir.write("w.csv", "EventId,Weight\n1,2\n");
  expect_error(p, options, p + " line 1: missing column 'Label'; the header has: EventId, Weight");
  const std::string q = dir.write("x.csv", "EventId,Weight,Label,Junk\n1,2,s,x\n");
  expect_error(q, options, q + " line 1, column 4 (Junk): unexpected column 'Junk' (set "
                               "ReadOptions::allow_extra_columns to skip it)");
  options.columns = {"Weight", "EventId", "Weight"};
  expect_error(q, options, q + ": ReadOptions::columns names 'Weight' twice");
}

BOOST_AUTO_TEST_CASE(non_numeric_cells) {
  TempDir dir;
  std::string p = file_with_row(dir, with_cell(kOpenDataRow1, 5, "abc"));
  expect_error(p, p + " line 3, column 5 (DER_pt_h): expected a number, found 'abc'");
  p = file_with_row(dir, with_cell(kOpenDataRow1, 5, ""));
  expect_error(p, p + " line 3, column 5 (DER_pt_h): expected a number, found ''");
  p = file_with_row(dir, with_cell(kOpenDataRow1, 5, " 1.5"));
  expect_error(p, p + " line 3, column 5 (DER_pt_h): expected a number, found ' 1.5'");
  p = file_with_row(dir, with_cell(kOpenDataRow1, 5, "1.5x"));
  expect_error(p, p + " line 3, column 5 (DER_pt_h): expected a number, found '1.5x'");
  p = file_with_row(dir, with_cell(kOpenDataRow1, 32, "heavy"));
  expect_error(p, p + " line 3, column 32 (Weight): expected a number, found 'heavy'");
  p = file_with_row(dir, with_cell(kOpenDataRow1, 1, "10x"));
  expect_error(p, p + " line 3, column 1 (EventId): expected an integer event id, found '10x'");
  p = file_with_row(dir, with_cell(kOpenDataRow1, 1, "1.0"));
  expect_error(p, p + " line 3, column 1 (EventId): expected an integer event id, found '1.0'");
  // Long offending text is shortened to 60 characters.
  const std::string junk(100, 'x');
  p = file_with_row(dir, with_cell(kOpenDataRow1, 2, junk));
  expect_error(p, p + " line 3, column 2 (DER_mass_MMC): expected a number, found '" +
                      std::string(60, 'x') + "...'");
}

BOOST_AUTO_TEST_CASE(out_of_range_numbers) {
  TempDir dir;
  std::string p = file_with_row(dir, with_cell(kOpenDataRow1, 2, "1e39"));
  expect_error(p, p + " line 3, column 2 (DER_mass_MMC): number '1e39' is out of the range of a "
                      "float");
  p = file_with_row(dir, with_cell(kOpenDataRow1, 35, "1e400"));
  expect_error(p, p + " line 3, column 35 (KaggleWeight): number '1e400' is out of the range of "
                      "a double");
  p = file_with_row(dir, with_cell(kOpenDataRow1, 1, "99999999999999999999"));
  expect_error(p, p + " line 3, column 1 (EventId): expected an integer event id, found "
                      "'99999999999999999999'");
}

BOOST_AUTO_TEST_CASE(short_long_and_empty_rows) {
  TempDir dir;
  std::string p = file_with_row(dir, sieve::test::first_cells(kOpenDataRow1, 34));
  expect_error(p, p + " line 3, column 35 (KaggleWeight): missing value: the row has 34 values, "
                      "the header has 35");
  p = file_with_row(dir, "100001");
  expect_error(p, p + " line 3, column 2 (DER_mass_MMC): missing value: the row has 1 value, the "
                      "header has 35");
  p = file_with_row(dir, kOpenDataRow1 + ",7,8");
  expect_error(p, p + " line 3, column 36: unexpected extra value '7': the header has 35 columns");
  p = file_with_row(dir, kOpenDataRow1 + ",");
  expect_error(p, p + " line 3, column 36: unexpected extra value '': the header has 35 columns");
  p = file_with_row(dir, "");
  expect_error(p, p + " line 3: empty line, expected 35 values");
}

BOOST_AUTO_TEST_CASE(bad_label_and_kaggle_set) {
  TempDir dir;
  for (const char* bad : {"x", "S", "sb", "", "1"}) {
    const std::string p = file_with_row(dir, with_cell(kOpenDataRow1, 33, bad));
    expect_error(p, p + " line 3, column 33 (Label): expected 's' or 'b', found '" + bad + "'");
  }
  for (const char* bad : {"q", "T", "tb", ""}) {
    const std::string p = file_with_row(dir, with_cell(kOpenDataRow1, 34, bad));
    expect_error(p, p + " line 3, column 34 (KaggleSet): expected one of the set values 't', 'b', 'v', 'u', "
                        "found '" + bad + "'");
  }
}

BOOST_AUTO_TEST_CASE(bad_jet_num) {
  TempDir dir;
  for (const char* bad : {"1.5", "4", "-1", "-999.0", "one", "nan", "inf", ""}) {
    const std::string p = file_with_row(dir, with_cell(kOpenDataRow1, 24, bad));
    expect_error(p, p + " line 3, column 24 (PRI_jet_num): expected an integer from 0 to 3, "
                        "found '" + bad + "'");
  }
}

BOOST_AUTO_TEST_CASE(non_finite_values) {
  TempDir dir;
  for (const char* bad : {"nan", "inf", "-inf", "NaN", "infinity"}) {
    const std::string p = file_with_row(dir, with_cell(kOpenDataRow1, 2, bad));
    expect_error(p, p + " line 3, column 2 (DER_mass_MMC): expected a finite number, found '" +
                        bad + "' (set ReadOptions::non_finite_as_missing to read it as missing)");
  }
  // Weights have no "missing": non-finite weights are an error even when opted in.
  sd::ReadOptions lenient;
  lenient.non_finite_as_missing = true;
  const std::string p = file_with_row(dir, with_cell(kOpenDataRow1, 32, "inf"));
  expect_error(p, lenient, p + " line 3, column 32 (Weight): expected a finite number, found 'inf'");
  const std::string q = file_with_row(dir, with_cell(kOpenDataRow1, 35, "nan"));
  expect_error(q, lenient, q + " line 3, column 35 (KaggleWeight): expected a finite number, "
                               "found 'nan'");
}

BOOST_AUTO_TEST_CASE(gzip_crlf_file_names_the_line) {
  TempDir dir;
  std::string text = open_data_header() + "\r\n";
  for (int i = 0; i < 15; ++i) text += kOpenDataRow0 + "\r\n";
  const std::string good = text;
  text += with_cell(kOpenDataRow1, 5, "abc") + "\r\n";
  const std::string p = dir.write_gzip("data.csv.gz", text);
  expect_error(p, p + " line 17, column 5 (DER_pt_h): expected a number, found 'abc'");
  // The CR of a CRLF line ending is not part of the last cell.
  const std::string q = dir.write_gzip("last.csv.gz", good + with_cell(kOpenDataRow1, 35, "abc") + "\r\n");
  expect_error(q, q + " line 17, column 35 (KaggleWeight): expected a number, found 'abc'");
}

BOOST_AUTO_TEST_CASE(overlong_lines) {
  TempDir dir;
  sd::ReadOptions options;
  options.columns = {"EventId", "Weight"};
  options.max_line_bytes = 100;
  const std::string row = "1," + std::string(150, '5');
  std::string p = dir.write("long.csv", "EventId,Weight\n1,2\n" + row + "\n3,4\n");
  expect_error(p, options, p + " line 3: line longer than 100 bytes "
                               "(ReadOptions::max_line_bytes); is this a CSV file?");
  // Without a line ending at all, and over the default cap of 1 MiB.
  p = dir.write("blob.csv", std::string((std::size_t{1} << 20) + 10, 'z'));
  expect_error(p, p + " line 1: line longer than 1048576 bytes (ReadOptions::max_line_bytes); is "
                      "this a CSV file?");
  // A line of exactly the cap is fine, with LF or CRLF.
  const std::string exact = "1,0." + std::string(96, '5');
  p = dir.write("exact.csv", "EventId,Weight\r\n" + exact + "\r\n" + exact);
  BOOST_TEST(sd::read_table(p, options).rows() == 2u);
}

BOOST_AUTO_TEST_CASE(truncated_gzip) {
  TempDir dir;
  const std::string real = sieve::test::read_bytes(
      std::string(SIEVE_SOURCE_DIR) +
      "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz");
  const std::string p = dir.write("cut.csv.gz", real.substr(0, real.size() / 2));
  expect_error(p, p + ": gzip data ends early: the file is truncated (zlib: unexpected end of "
                      "compressed stream)");
  // Cut inside the 8-byte trailer: all rows decompress, the check still fails.
  const std::string q = dir.write("trailer.csv.gz", real.substr(0, real.size() - 3));
  expect_error(q, q + ": gzip data ends early: the file is truncated (zlib: unexpected end of "
                      "compressed stream)");
  // Streaming: the rows before the cut are delivered before the error.
  sd::CsvReader reader(p);
  sd::Table chunk;
  BOOST_TEST(reader.next_chunk(chunk, 100));
  BOOST_CHECK_THROW(while (reader.next_chunk(chunk, 1000)) {}, sieve::ConfigError);
}

BOOST_AUTO_TEST_CASE(corrupt_gzip) {
  TempDir dir;
  std::string gz = sieve::test::gzip_stored(open_data_header() + "\n" + kOpenDataRow0 + "\n");
  gz[gz.size() - 8] = static_cast<char>(gz[gz.size() - 8] ^ 0x55); // damage the CRC
  const std::string p = dir.write("crc.csv.gz", gz);
  expect_error(p, p + ": corrupt gzip data (zlib: incorrect data check)");
  // Garbage after a complete gzip member.
  const std::string q = dir.write(
      "tail.csv.gz", sieve::test::gzip_stored(open_data_header() + "\n") + "garbage");
  expect_error(q, q + ": corrupt gzip data (zlib: incorrect header check)");
}

BOOST_AUTO_TEST_CASE(not_gzip_but_named_gz) {
  TempDir dir;
  const std::string p = dir.write("plain.csv.gz", open_data_header() + "\n" + kOpenDataRow0 + "\n");
  expect_error(p, p + ": named .gz but is not gzip data (it does not start with the gzip "
                      "signature 1f 8b)");
  const std::string q = dir.write("one.GZ", "E");
  expect_error(q, q + ": named .gz but is not gzip data (it does not start with the gzip "
                      "signature 1f 8b)");
}
