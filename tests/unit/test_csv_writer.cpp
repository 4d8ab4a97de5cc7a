#define BOOST_TEST_MODULE csv_writer
#include <boost/test/unit_test.hpp>

// The CSV writer: layouts, exact round trips through the reader, atomic replacement,
// and its errors.
#include "higgs_rows.hpp"
#include "temp_dir.hpp"
#include "sieve/data/csv_reader.hpp"
#include "sieve/data/csv_writer.hpp"
#include "sieve/error.hpp"

#include <zlib.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace sd = sieve::data;
using sieve::test::read_bytes;
using sieve::test::TempDir;

namespace {

const std::string kOpen = std::string(SIEVE_SOURCE_DIR) +
                          "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";

std::size_t cell_mismatches(const sd::Table& a, const sd::Table& b) {
  if (a.rows() != b.rows() || a.feature_names != b.feature_names) return 1;
  std::size_t bad = 0;
  for (std::size_t c = 0; c < a.features.size(); ++c)
    for (std::size_t i = 0; i < a.rows(); ++i) {
      const float x = a.features[c][i], y = b.features[c][i];
      bad += !((x == y && std::signbit(x) == std::signbit(y)) || (std::isnan(x) && std::isnan(y)));
    }
  bad += a.event_id != b.event_id;
  bad += a.weight != b.weight;
  bad += a.other_weights != b.other_weights;
  bad += a.role_columns != b.role_columns;
  bad += a.label != b.label;
  bad += a.set != b.set;
  return bad;
}

std::string gunzip(const std::string& path) {
  std::string text;
  gzFile in = gzopen(path.c_str(), "rb");
  BOOST_REQUIRE(in != nullptr);
  char buf[1 << 16];
  int n = 0;
  while ((n = gzread(in, buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
  gzclose(in);
  return text;
}

std::string expect_config_error(auto&& action) {
  try {
    action();
  } catch (const sieve::ConfigError& e) {
    return e.what();
  }
  BOOST_ERROR("no ConfigError");
  return {};
}

} // namespace

BOOST_AUTO_TEST_CASE(headers_take_the_schema_names) {
  auto join = [](const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s.append(s.empty() ? "" : ",").append(n);
    return s;
  };
  TempDir dir;
  // The HiggsML layouts come back as they were read, rows or none.
  for (const std::size_t n : {std::size_t{35}, std::size_t{33}, std::size_t{31}}) {
    const sd::Table t = sd::read_table(dir.write("h.csv", sieve::test::open_data_header(n) + "\n"));
    BOOST_TEST(join(sd::CsvColumns::of_table(t).header()) == sieve::test::open_data_header(n));
  }
  // A table built in code: its identifier, label, set and weight under the schema's names.
  sd::Table built;
  built.schema = std::make_shared<const sd::Schema>(sd::higgsml_schema());
  built.feature_names = {"DER_mass_MMC"};
  built.event_id = {1};
  built.weight = {0.5};
  built.label = {1};
  BOOST_TEST(join(sd::CsvColumns::of_table(built).header()) == "EventId,DER_mass_MMC,Label,KaggleWeight");
  // A table without a schema has feature columns only.
  sd::Table plain = built;
  plain.schema = nullptr;
  BOOST_TEST(join(sd::CsvColumns::of_table(plain).header()) == join(plain.feature_names));
}

BOOST_AUTO_TEST_CASE(real_file_round_trips_byte_for_byte) {
  const sd::Table original = sd::read_table(kOpen);
  TempDir dir;
  const std::string plain = dir.file("open.csv");
  sd::write_table(plain, original);
  // The published text is already in shortest form: the written file is the same bytes.
  const std::string published = gunzip(kOpen);
  const std::string written = read_bytes(plain);
  BOOST_TEST(written.size() == published.size());
  BOOST_TEST((written == published));

  // The CRLF tutorial fixture comes back with LF endings and otherwise the same bytes.
  const std::string sig = std::string(SIEVE_SOURCE_DIR) + "/data/higgsml/fixtures/train_sml_sig.csv.gz";
  sd::write_table(dir.file("sig.csv"), sd::read_table(sig));
  std::string sig_text = gunzip(sig);
  std::erase(sig_text, '\r');
  BOOST_TEST((read_bytes(dir.file("sig.csv")) == sig_text));

  const sd::Table back = sd::read_table(plain);
  BOOST_TEST(back.role_columns == original.role_columns, boost::test_tools::per_element());
  BOOST_TEST(cell_mismatches(original, back) == 0u);

  const std::string gz = dir.file("open.csv.gz");
  sd::WriteOptions fast;
  fast.gzip_level = 1;
  sd::write_table(gz, original, fast);
  BOOST_TEST(read_bytes(gz).substr(0, 2) == "\x1f\x8b");
  BOOST_TEST(cell_mismatches(original, sd::read_table(gz)) == 0u);
}

BOOST_AUTO_TEST_CASE(chunked_writing) {
  TempDir dir;
  const std::string out = dir.file("chunks.csv.gz");
  sd::CsvReader reader(kOpen);
  sd::Table chunk;
  BOOST_REQUIRE(reader.next_chunk(chunk, 5000));
  sd::CsvWriter writer(out, sd::CsvColumns::of_table(chunk));
  do writer.write(chunk);
  while (reader.next_chunk(chunk, 5000));
  BOOST_TEST(writer.rows_written() == 18000u);
  writer.commit();
  BOOST_TEST(cell_mismatches(sd::read_table(kOpen), sd::read_table(out)) == 0u);
}

BOOST_AUTO_TEST_CASE(numbers_and_missing_values) {
  sd::Table t;
  t.schema = std::make_shared<const sd::Schema>(sd::parse_schema(R"([dataset]
name = "numbers"
id = "id"
weight = ["w"]
[inputs]
continuous = ["a", "b"]
[missing]
values = [-5.0]
)", "numbers.toml"));
  t.feature_names = {"a", "b"};
  const float nan = std::numeric_limits<float>::quiet_NaN();
  t.features = {{0.1f, nan, 1.0f, -0.0f}, {3.4028235e38f, 1e-45f, 123456.7f, 2.5f}};
  t.event_id = {1, -2, 3, 9007199254740993};
  t.weight = {0.1, 1e-300, 2.0, 0.00081448039868};
  t.line = {2, 3, 4, 5};
  TempDir dir;
  const std::string p = dir.file("numbers.csv");
  sd::write_table(p, t);
  BOOST_TEST(read_bytes(p) == "id,a,b,w\n"
                              "1,0.1,3.4028235e+38,0.1\n"
                              "-2,-5.0,1e-45,1e-300\n"
                              "3,1.0,123456.7,2.0\n"
                              "9007199254740993,-0.0,2.5,0.00081448039868\n");
  sd::ReadOptions options;
  options.schema = t.schema;
  const sd::Table back = sd::read_table(p, options);
  t.role_columns = {"id", "w"};
  BOOST_TEST(cell_mismatches(t, back) == 0u);

  // Without a schema: the features only, a missing value as nan.
  t.schema = nullptr;
  sd::write_table(p, t);
  BOOST_TEST(read_bytes(p).starts_with("a,b\n0.1,3.4028235e+38\nnan,1e-45\n"));
}

BOOST_AUTO_TEST_CASE(replaces_the_target_atomically) {
  TempDir dir;
  const std::string target = dir.write("out.csv", "old contents\n");
  sd::Table t = sd::read_table(kOpen);
  {
    sd::CsvWriter writer(target, sd::CsvColumns::of_table(t));
    writer.write(t);
    // While writing, the target is untouched and a hidden temporary file sits beside it.
    BOOST_TEST(read_bytes(target) == "old contents\n");
    const auto names = dir.entries();
    BOOST_TEST(names.size() == 2u);
    // Destroyed without commit (as when an exception unwinds): nothing changes.
  }
  BOOST_TEST(read_bytes(target) == "old contents\n");
  BOOST_TEST(dir.entries().size() == 1u);

  sd::write_table(target, t);
  BOOST_TEST(dir.entries().size() == 1u);
  BOOST_TEST(sd::read_table(target).rows() == 18000u);

  // A failing write (an infinite feature in the last row) leaves the old file in place.
  const std::string before = read_bytes(target);
  t.features[3].back() = std::numeric_limits<float>::infinity();
  BOOST_CHECK_THROW(sd::write_table(target, t), sieve::ConfigError);
  BOOST_TEST((read_bytes(target) == before));
  BOOST_TEST(dir.entries().size() == 1u);
}

BOOST_AUTO_TEST_CASE(errors) {
  TempDir dir;
  const std::string p = dir.file("bad.csv");
  sd::Table t;
  const sd::Table real = sd::read_table(kOpen);
  t = real;
  t.source = "in.csv";
  t.label[2] = 7;
  BOOST_TEST(expect_config_error([&] { sd::write_table(p, t); }) ==
             p + ": cannot write row 3 (in.csv line 4), column Label: label 7 is neither 1 (signal) "
                 "nor 0 (background)");
  t = real;
  t.source = "in.csv";
  t.set[0] = 'x';
  BOOST_TEST(expect_config_error([&] { sd::write_table(p, t); }) ==
             p + ": cannot write row 1 (in.csv line 2), column KaggleSet: set code 120 is not one "
                 "of the schema's sets 't', 'b', 'v', 'u'");
  t = real;
  t.source = "in.csv";
  t.features[sd::DER_pt_h][5] = -std::numeric_limits<float>::infinity();
  BOOST_TEST(expect_config_error([&] { sd::write_table(p, t); }) ==
             p + ": cannot write row 6 (in.csv line 7), column DER_pt_h: value is infinite; the "
                 "CSV format has no infinite values");
  t = real;
  t.source = "in.csv";
  t.features[sd::PRI_jet_num][0] = 1.5f;
  BOOST_TEST(expect_config_error([&] { sd::write_table(p, t); }) ==
             p + ": cannot write row 1 (in.csv line 2), column PRI_jet_num: value is not an "
                 "integer from 0 to 3");
  t = real;
  t.source = "in.csv";
  t.other_weights[0][1] = std::numeric_limits<double>::quiet_NaN();
  BOOST_TEST(expect_config_error([&] { sd::write_table(p, t); }) ==
             p + ": cannot write row 2 (in.csv line 3), column Weight: value nan is not a finite "
                 "number");
  t = real;
  t.source = "in.csv";
  t.weight.pop_back();
  BOOST_TEST(expect_config_error([&] { sd::write_table(p, t); }) ==
             p + ": cannot write the rows of in.csv: KaggleWeight has 17999 values for 18000 rows");
  t = real;
  t.source = "in.csv";
  t.feature_names[0] = "mass";
  BOOST_TEST(expect_config_error([&] {
               sd::CsvWriter w(p, sd::CsvColumns::of_table(real));
               w.write(t);
             }) == p + ": cannot write the rows of in.csv: its feature columns are not the 30 "
                       "columns of the file being written");
  BOOST_TEST(dir.entries().empty());

  sd::WriteOptions level;
  level.gzip_level = 0;
  const std::string gz = dir.file("x.csv.gz");
  BOOST_TEST(expect_config_error([&] { sd::write_table(gz, real, level); }) ==
             gz + ": WriteOptions::gzip_level must be 1..9, not 0");
  const std::string nowhere = dir.file("no/such/dir/x.csv");
  BOOST_TEST(expect_config_error([&] { sd::write_table(nowhere, real); }) ==
             nowhere + ": cannot create a temporary file in " + dir.file("no/such/dir") +
                 ": No such file or directory");
  BOOST_TEST(expect_config_error([&] {
               sd::CsvWriter w(p, sd::CsvColumns::of_table(real));
               w.commit();
               w.write(real);
             }) == p + ": write after commit");
  BOOST_TEST(dir.entries().size() == 1u); // the committed header-only file
  BOOST_TEST(sd::read_table(p).rows() == 0u);
}
