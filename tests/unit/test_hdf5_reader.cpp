#define BOOST_TEST_MODULE hdf5_reader
#include <boost/test/unit_test.hpp>

// The HDF5 reader (sieve/data/hdf5_reader.hpp) on files made with the HDF5 C library: both
// layouts give the table the CSV reader gives for the same events, bit for bit; every
// numeric type converts as the CSV text would; the default table; bounded memory; and
// every malformed file is a ConfigError with its exact message, with HDF5's own error
// printing off.
#include "hdf5_files.hpp"
#include "temp_dir.hpp"
#include "sieve/data/csv_reader.hpp"
#include "sieve/data/dataset.hpp"
#include "sieve/data/hdf5_reader.hpp"
#include "sieve/data/schema.hpp"
#include "sieve/data/table_reader.hpp"
#include "sieve/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace sd = sieve::data;
using namespace sieve::test;

namespace {

const std::string kRoot = SIEVE_SOURCE_DIR;
const std::string kHiggs = kRoot + "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";
const std::string kFair = kRoot + "/data/fair-universe/FAIR_Universe_HiggsML_data.csv.gz";
const std::string kFairSchema = kRoot + "/schemas/fair-universe-2024.toml";

template <class T> bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

// Every column and every bit equal (the line numbers too: row r is r + 2 in both).
void require_same_table(const sd::Table& h5, const sd::Table& csv) {
  BOOST_TEST(h5.rows() == csv.rows());
  BOOST_TEST(h5.feature_names == csv.feature_names, boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(h5.features.size() == csv.features.size());
  for (std::size_t c = 0; c < csv.features.size(); ++c)
    BOOST_TEST(same_bits(h5.features[c], csv.features[c]), "column " << csv.feature_names[c]);
  BOOST_TEST(same_bits(h5.event_id, csv.event_id));
  BOOST_TEST(same_bits(h5.weight, csv.weight));
  BOOST_TEST(h5.other_weights.size() == csv.other_weights.size());
  for (std::size_t w = 0; w < std::min(h5.other_weights.size(), csv.other_weights.size()); ++w)
    BOOST_TEST(same_bits(h5.other_weights[w], csv.other_weights[w]));
  BOOST_TEST(same_bits(h5.label, csv.label));
  BOOST_TEST(same_bits(h5.set, csv.set));
  // The same role columns, in the order of each file (a group may list them by name).
  auto sorted = [](std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    return names;
  };
  BOOST_TEST(sorted(h5.role_columns) == sorted(csv.role_columns), boost::test_tools::per_element());
  BOOST_TEST(same_bits(h5.line, csv.line));
  BOOST_TEST(h5.counts_rows);
}

std::shared_ptr<const sd::Schema> fair_schema() {
  return std::make_shared<const sd::Schema>(sd::load_schema(kFairSchema));
}

std::string thrown(const std::string& path, const sd::ReadOptions& options = {}) {
  try {
    sd::read_table(path, options);
  } catch (const sieve::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

sd::ReadOptions with_schema(std::shared_ptr<const sd::Schema> schema) {
  sd::ReadOptions o;
  o.schema = std::move(schema);
  return o;
}

std::shared_ptr<const sd::Schema> schema_of(const std::string& toml) {
  return std::make_shared<const sd::Schema>(sd::parse_schema(toml, "test.toml"));
}

// A small tabular schema: id, label 1/0, weight w, inputs a and b, -25 missing.
const std::string kTabular = R"(
[dataset]
name = "tabular"
id = "id"
label = "y"
signal = 1
background = 0
weight = "w"
[inputs]
continuous = ["a", "b"]
[missing]
values = [-25]
)";

H5Column column(const std::string& name, H5Type type, std::vector<std::string> cells) {
  return H5Column{name, type, std::move(cells)};
}

// Captures what the process writes to stderr while `f` runs.
template <class F> std::string stderr_of(F&& f) {
  std::fflush(stderr);
  TempDir dir;
  const std::string path = dir.file("stderr");
  const int saved = ::dup(2);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ::dup2(fd, 2);
  ::close(fd);
  try {
    f();
  } catch (...) {
  }
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  return read_bytes(path);
}

} // namespace

// --- the same events as the CSV ---------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_compound_copy_of_the_real_higgsml_events_reads_as_the_csv) {
  TempDir dir;
  const auto columns = csv_columns(kHiggs, [](const std::string& n) { return higgs_h5_type(n); });
  const std::string h5 = dir.file("events.h5");
  {
    H5TestFile f(h5);
    f.compound("/events", columns, 1000);
  }
  // No schema: a HiggsML layout, read with the preset as the CSV reader reads it.
  const sd::Table csv = sd::read_table(kHiggs);
  const sd::Table from_h5 = sd::read_table(h5);
  BOOST_TEST(from_h5.schema.get() == &sd::higgsml_schema());
  BOOST_TEST(from_h5.source == h5);
  BOOST_TEST(!csv.counts_rows);  // CSV numbers lines, HDF5 rows (row r is r + 2 in both)
  require_same_table(from_h5, csv);
  // The preset schema, found from the fields (as `sieve train --data events.h5` does).
  const sd::Table csv_schema = sd::read_dataset(kHiggs, sd::schema_for(kHiggs, ""));
  const sd::Table h5_schema = sd::read_dataset(h5, sd::schema_for(h5, ""));
  require_same_table(h5_schema, csv_schema);
  // Named explicitly.
  require_same_table(sd::read_table(h5 + ":/events"), csv);
  require_same_table(sd::read_table(h5 + ":events"), csv);
}

BOOST_AUTO_TEST_CASE(a_group_copy_in_name_order_reads_as_the_csv) {
  TempDir dir;
  const auto columns =
      csv_columns(kHiggs, [](const std::string& n) { return higgs_h5_type(n, H5Type::VarString); });
  const std::string h5 = dir.file("columns.h5");
  {
    H5TestFile f(h5, false);  // no creation order: the datasets list in name order
    f.group("/nominal", false);
    f.columns("/nominal", columns, 4096);
  }
  sd::Hdf5Reader reader(h5 + ":/nominal");
  BOOST_TEST(!reader.compound());
  BOOST_TEST(reader.object() == "/nominal");
  BOOST_TEST(reader.header().front() == "DER_deltaeta_jet_jet");  // name order
  const sd::Table csv_schema = sd::read_dataset(kHiggs, sd::schema_for(kHiggs, ""));
  require_same_table(sd::read_dataset(h5 + ":/nominal", sd::schema_for(h5 + ":/nominal", "")), csv_schema);
  require_same_table(sd::read_table(h5 + ":/nominal"), sd::read_table(kHiggs));
}

BOOST_AUTO_TEST_CASE(the_fair_universe_sample_in_both_layouts_reads_as_the_csv_with_its_schema) {
  TempDir dir;
  const auto columns = csv_columns(kFair, [](const std::string& n) { return fair_h5_type(n); });
  const std::string compound = dir.file("fair-compound.h5"), group = dir.file("fair-columns.h5");
  {
    H5TestFile f(compound);
    f.compound("/fair", columns, 128);
    H5TestFile g(group);
    g.columns("/", columns, 128);
  }
  const sd::Table csv = sd::read_table(kFair, with_schema(fair_schema()));
  BOOST_TEST(csv.rows() == 1000u);
  require_same_table(sd::read_table(compound, with_schema(fair_schema())), csv);
  require_same_table(sd::read_table(group, with_schema(fair_schema())), csv);
  // The root group's datasets in creation order: the CSV's header.
  BOOST_TEST(sd::read_column_names(group) == sd::read_csv_header(kFair), boost::test_tools::per_element());
  BOOST_TEST(sd::read_column_names(compound) == sd::read_csv_header(kFair), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(chunks_of_any_size_give_the_whole_table_and_the_buffer_stays_bounded) {
  TempDir dir;
  const std::string small = dir.file("small.h5"), large = dir.file("large.h5");
  std::vector<std::string> a, b, y, w, id;
  for (int i = 0; i < 200000; ++i) {
    a.push_back(std::to_string(i % 977) + ".25");
    b.push_back(i % 5 == 0 ? "-25" : std::to_string(i));
    y.push_back(std::to_string(i % 2));
    w.push_back("0.5");
    id.push_back(std::to_string(1000000 + i));
  }
  auto table_of = [&](std::size_t n) {
    auto head = [&](const std::vector<std::string>& v) {
      return std::vector<std::string>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n));
    };
    return std::vector<H5Column>{column("id", H5Type::I64, head(id)), column("a", H5Type::F64, head(a)),
                                 column("b", H5Type::I32, head(b)), column("y", H5Type::U8, head(y)),
                                 column("w", H5Type::F32, head(w))};
  };
  {
    H5TestFile f(small);
    f.compound("/t", table_of(20000), 1000);
    H5TestFile g(large);
    g.compound("/t", table_of(200000), 1000);
  }
  const auto schema = schema_of(kTabular);
  const sd::Table whole = sd::read_table(large, with_schema(schema));
  BOOST_TEST_REQUIRE(whole.rows() == 200000u);
  // Chunks longer than a slab (1.5 MB each: read through a chunk cache made for them).
  const std::string long_chunks = dir.file("long-chunks.h5");
  H5TestFile(long_chunks).compound("/t", table_of(200000), 60000);
  require_same_table(sd::read_table(long_chunks, with_schema(schema)), whole);
  BOOST_TEST(std::isnan(whole.features[1][0]));  // -25 is missing
  BOOST_TEST(whole.features[1][1] == 1.0f);
  BOOST_TEST(whole.features[0][3] == 3.25f);
  BOOST_TEST(whole.event_id[199999] == 1199999);
  BOOST_TEST(whole.label[1] == 1);

  for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, std::size_t{65536}}) {
    sd::Hdf5Reader reader(large, with_schema(schema));
    sd::Table part;
    std::size_t rows = 0;
    bool same = true;
    std::size_t most = 0;
    while (reader.next_chunk(part, chunk)) {
      BOOST_TEST_REQUIRE(part.rows() <= chunk);
      for (std::size_t i = 0; i < part.rows() && same; ++i)
        same = part.event_id[i] == whole.event_id[rows + i] && part.line[i] == static_cast<std::int64_t>(rows + i) + 2;
      rows += part.rows();
      most = std::max(most, reader.buffer_bytes());
      if (chunk == 1 && rows == 3000) break;  // enough for one row at a time
    }
    BOOST_TEST(same, "chunk " << chunk);
    if (chunk != 1) BOOST_TEST(rows == 200000u);
    // The buffer holds one hyperslab (at most 16,384 rows of 40 bytes here), whatever the
    // file and chunk sizes.
    BOOST_TEST(most <= 16384u * 40u, "chunk " << chunk << ": " << most << " bytes");
    sd::Hdf5Reader small_reader(small, with_schema(schema));
    while (small_reader.next_chunk(part, chunk))
      if (small_reader.rows_read() > 3000) break;
    BOOST_TEST(small_reader.buffer_bytes() == most, "chunk " << chunk);
  }
}

// --- types ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(every_numeric_type_converts_as_the_csv_text_does) {
  TempDir dir;
  const std::vector<std::string> cells = {"0", "1", "-25", "100", "-7", "127"};
  const std::vector<std::string> unsigned_cells = {"0", "1", "25", "100", "7", "127"};
  const std::vector<std::string> reals = {"0.1", "1e-3", "-25", "3.4028234e38", "-7.5", "16777217"};
  std::vector<H5Column> columns = {column("id", H5Type::U64, {"1", "2", "3", "4", "5", "18446744073709551"}),
                                   column("y", H5Type::I16, {"1", "0", "1", "0", "1", "0"}),
                                   column("w", H5Type::U16, {"1", "2", "3", "4", "5", "6"})};
  const std::vector<std::pair<std::string, H5Type>> inputs = {
      {"i8", H5Type::I8},   {"i16", H5Type::I16}, {"i32", H5Type::I32}, {"i64", H5Type::I64},
      {"u8", H5Type::U8},   {"u16", H5Type::U16}, {"u32", H5Type::U32}, {"u64", H5Type::U64},
      {"f32", H5Type::F32}, {"f64", H5Type::F64}};
  std::string list;
  for (const auto& [name, type] : inputs) {
    const bool is_unsigned = name[0] == 'u';
    columns.push_back(column(name, type, name[0] == 'f' ? reals : is_unsigned ? unsigned_cells : cells));
    list += (list.empty() ? "\"" : ", \"") + name + "\"";
  }
  const std::string h5 = dir.file("types.h5");
  {
    H5TestFile f(h5);
    f.compound("/t", columns, 4);
    H5TestFile g(dir.file("columns.h5"));
    g.columns("/", columns, 4);
  }
  const std::string toml = "[dataset]\nname = \"types\"\nid = \"id\"\nlabel = \"y\"\nsignal = 1\nbackground = 0\n"
                           "weight = \"w\"\n[inputs]\ncontinuous = [" + list + "]\n[missing]\nvalues = [-25]\n";
  // The same cells as CSV text.
  std::string csv = "id,y,w";
  for (const auto& [name, type] : inputs) csv += "," + name;
  csv += "\n";
  for (std::size_t r = 0; r < cells.size(); ++r) {
    csv += columns[0].cells[r] + "," + columns[1].cells[r] + "," + columns[2].cells[r];
    for (std::size_t c = 3; c < columns.size(); ++c) csv += "," + columns[c].cells[r];
    csv += "\n";
  }
  const std::string csv_path = dir.write("types.csv", csv);
  const auto schema = schema_of(toml);
  const sd::Table expected = sd::read_table(csv_path, with_schema(schema));
  require_same_table(sd::read_table(h5, with_schema(schema)), expected);
  require_same_table(sd::read_table(dir.file("columns.h5"), with_schema(schema)), expected);
  const sd::Table t = sd::read_table(h5, with_schema(schema));
  BOOST_TEST(t.event_id[5] == 18446744073709551);
  BOOST_TEST(std::isnan(t.features[0][2]));                     // -25 in an int8 field is missing
  BOOST_TEST(t.features[9][5] == 16777216.0f);                  // one rounding, as from_chars
  BOOST_TEST(t.features[8][3] == 3.4028234e38f);
}

BOOST_AUTO_TEST_CASE(labels_and_sets_may_be_strings_or_numbers) {
  TempDir dir;
  const std::string toml = R"(
[dataset]
name = "sets"
label = "kind"
signal = "sig"
background = "bkg"
set = "part"
sets = { train = "1", public = "2" }
[inputs]
continuous = ["a"]
)";
  const std::string h5 = dir.file("sets.h5");
  {
    H5TestFile f(h5);
    f.compound("/t", {column("a", H5Type::F32, {"1", "2", "3"}), column("kind", H5Type::VarString, {"sig", "bkg", "sig"}),
                      column("part", H5Type::U8, {"1", "2", "1"})});
    f.compound("/padded", {column("a", H5Type::F32, {"1", "2"}), column("kind", H5Type::FixedString, {"sig", "bkg"}),
                           column("part", H5Type::FixedString, {"1", "2"})});
    f.compound("/numeric_label", {column("a", H5Type::F32, {"1"}), column("kind", H5Type::I8, {"1"})});
  }
  const auto schema = schema_of(toml);
  const sd::Table t = sd::read_table(h5 + ":/t", with_schema(schema));
  BOOST_TEST(t.label == (std::vector<std::int8_t>{1, 0, 1}), boost::test_tools::per_element());
  BOOST_TEST(t.set == (std::vector<char>{'t', 'b', 't'}), boost::test_tools::per_element());
  const sd::Table p = sd::read_table(h5 + ":/padded", with_schema(schema));
  BOOST_TEST(p.label == (std::vector<std::int8_t>{1, 0}), boost::test_tools::per_element());
  BOOST_TEST(p.set == (std::vector<char>{'t', 'b'}), boost::test_tools::per_element());
  BOOST_TEST(thrown(h5 + ":/numeric_label", with_schema(schema)) ==
             h5 + " dataset /numeric_label, field kind: 8-bit signed integer values, but the label values 'sig' and "
                  "'bkg' are not numbers: store them as strings");
}

// --- the default table ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(the_default_table_is_the_one_compound_dataset_at_the_root_else_the_root_group) {
  TempDir dir;
  const auto schema = schema_of(kTabular);
  const std::vector<H5Column> cols = {column("a", H5Type::F32, {"1", "2"}), column("b", H5Type::F32, {"3", "4"})};
  const std::string one = dir.file("one.h5"), two = dir.file("two.h5"), plain = dir.file("plain.h5");
  {
    H5TestFile f(one);
    f.compound("/jets", cols);
    f.columns("/", {column("x", H5Type::F32, {"9"})});  // other datasets beside it do not count
    H5TestFile g(two);
    g.compound("/jets", cols);
    g.compound("/tracks", cols);
    H5TestFile h(plain);
    h.columns("/", cols);
  }
  sd::Hdf5Reader reader(one, with_schema(schema));
  BOOST_TEST(reader.compound());
  BOOST_TEST(reader.object() == "/jets");
  BOOST_TEST(reader.where(17) == one + " dataset /jets row 15");
  BOOST_TEST(sd::read_table(one, with_schema(schema)).features[1][1] == 4.0f);
  sd::Hdf5Reader root(plain, with_schema(schema));
  BOOST_TEST(!root.compound());
  BOOST_TEST(root.object() == "/");
  BOOST_TEST(root.where(2) == plain + " group / row 0");
  BOOST_TEST(sd::read_table(plain, with_schema(schema)).features[0][1] == 2.0f);
  BOOST_TEST(thrown(two, with_schema(schema)) ==
             two + " holds 2 compound datasets at its root (/jets, /tracks): name the table, e.g. " + two + ":/jets");
  BOOST_TEST(sd::read_table(two + ":/tracks", with_schema(schema)).rows() == 2u);
  // "FILE:/" is the root group as columns, even beside a compound dataset (which is one
  // of its datasets, not a column one can read).
  BOOST_TEST(sd::read_hdf5_column_names(one + ":/") == (std::vector<std::string>{"jets", "x"}),
             boost::test_tools::per_element());
  sd::ReadOptions x;
  x.columns = {"x"};
  x.allow_extra_columns = true;
  BOOST_TEST(sd::read_table(one + ":/", x).features[0][0] == 9.0f);
  x.columns = {"jets"};
  BOOST_TEST(thrown(one + ":/", x) == one + " dataset /jets: compound values, expected numbers");
}

BOOST_AUTO_TEST_CASE(locations_split_at_the_last_colon_after_an_existing_file) {
  TempDir dir;
  const std::string with_colon = dir.write("a:b.h5", "x");
  BOOST_TEST(sd::parse_hdf5_location(with_colon).file == with_colon);
  BOOST_TEST(sd::parse_hdf5_location(with_colon).object.empty());
  BOOST_TEST(sd::parse_hdf5_location(with_colon + ":/g/t").file == with_colon);
  BOOST_TEST(sd::parse_hdf5_location(with_colon + ":/g/t").object == "/g/t");
  BOOST_TEST(sd::parse_hdf5_location(with_colon + ":t").object == "/t");
  BOOST_TEST(sd::parse_hdf5_location(dir.file("none.h5:/t")).file == dir.file("none.h5:/t"));
  BOOST_TEST(sd::has_hdf5_suffix("x.h5"));
  BOOST_TEST(sd::has_hdf5_suffix("dir.d/x.HDF5"));
  BOOST_TEST(!sd::has_hdf5_suffix("x.h5.csv"));
  BOOST_TEST(!sd::has_hdf5_suffix("x.h5/csv"));
}

// --- every malformed file ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_file_that_is_not_hdf5_or_does_not_exist) {
  TempDir dir;
  const std::string csv = dir.write("table.h5", "a,b\n1,2\n");
  BOOST_TEST(thrown(csv) == csv + ": not an HDF5 file (no HDF5 signature)");
  const std::string empty = dir.write("empty.h5", "");
  BOOST_TEST(thrown(empty) == empty + ": not an HDF5 file (no HDF5 signature: the file is empty)");
  const std::string missing = dir.file("missing.h5");
  BOOST_TEST(thrown(missing) == missing + ": cannot open: No such file or directory");
  // A dataset named on a CSV file.
  const std::string plain = dir.write("plain.csv", "a,b\n1,2\n");
  BOOST_TEST(thrown(plain + ":/t") == plain + ": not an HDF5 file (no HDF5 signature)");
  // The HDF5 signature and nothing after it.
  const std::string header = dir.write("header.h5", std::string("\x89HDF\r\n\x1a\n", 8));
  BOOST_TEST(thrown(header).rfind(header + ": cannot open the HDF5 file (damaged or truncated?): ", 0) == 0,
             thrown(header));
}

BOOST_AUTO_TEST_CASE(a_truncated_file) {
  TempDir dir;
  const std::string whole = dir.file("whole.h5");
  const auto columns = csv_columns(kFair, [](const std::string& n) { return fair_h5_type(n); });
  {
    H5TestFile f(whole);
    f.compound("/fair", columns, 100);
  }
  const std::string bytes = read_bytes(whole);
  const auto schema = fair_schema();
  // Cut anywhere: never a crash, always a ConfigError naming the file.
  for (const double fraction : {0.001, 0.01, 0.1, 0.3, 0.5, 0.9, 0.99}) {
    const auto size = static_cast<std::size_t>(static_cast<double>(bytes.size()) * fraction);
    const std::string cut = dir.write("cut.h5", bytes.substr(0, size));
    const std::string message = thrown(cut, with_schema(schema));
    BOOST_TEST(message.rfind(cut, 0) == 0, fraction << ": " << message);
    BOOST_TEST(message != "(no error)", fraction);
  }
  const std::string cut = dir.write("cut.h5", bytes.substr(0, bytes.size() / 2));
  const std::string half = thrown(cut, with_schema(schema));
  BOOST_TEST(half.rfind(cut + ": cannot open the HDF5 file (damaged or truncated?): truncated file: eof = ", 0) == 0, half);
}

BOOST_AUTO_TEST_CASE(a_missing_dataset_field_or_group_dataset) {
  TempDir dir;
  const auto schema = schema_of(kTabular);
  const std::string h5 = dir.file("t.h5");
  {
    H5TestFile f(h5);
    f.compound("/t", {column("a", H5Type::F32, {"1"}), column("y", H5Type::I8, {"1"})});
    f.group("/g");
    f.columns("/g", {column("a", H5Type::F32, {"1"})});
  }
  BOOST_TEST(thrown(h5 + ":/jets", with_schema(schema)) == h5 + ": no dataset or group /jets (the root holds: t, g)");
  BOOST_TEST(thrown(h5 + ":/g/x/y", with_schema(schema)) == h5 + ": no dataset or group /g/x/y (the root holds: t, g)");
  BOOST_TEST(thrown(h5 + ":/t", with_schema(schema)) ==
             h5 + " dataset /t: the schema tabular (test.toml) needs the column b, which the compound dataset does not "
                  "have as fields (it has: a, y)");
  BOOST_TEST(thrown(h5 + ":/g", with_schema(schema)) ==
             h5 + " group /g: the schema tabular (test.toml) needs the column b, which the group does not hold as "
                  "datasets (it has: a)");
  sd::ReadOptions named;
  named.columns = {"a", "c", "Label"};
  BOOST_TEST(thrown(h5 + ":/t", named) == h5 + " dataset /t: missing fields c, Label (it has: a, y)");
  named.columns = {"a"};
  BOOST_TEST(thrown(h5 + ":/t", named) ==
             h5 + " dataset /t: unexpected field 'y' (set ReadOptions::allow_extra_columns to skip it)");
  named.allow_extra_columns = true;
  BOOST_TEST(sd::read_table(h5 + ":/t", named).features[0][0] == 1.0f);
  BOOST_TEST(thrown(h5 + ":/t") ==
             h5 + " dataset /t: its fields are not a HiggsML 2014 layout: give the dataset schema that describes "
                  "its columns (--schema FILE, or ReadOptions::schema; see schemas/README.md)");
}

BOOST_AUTO_TEST_CASE(a_wrong_type) {
  TempDir dir;
  const auto schema = schema_of(kTabular);
  const std::string h5 = dir.file("t.h5");
  {
    H5TestFile f(h5);
    f.compound("/string_input", {column("a", H5Type::FixedString, {"1.5"}), column("b", H5Type::F32, {"1"})});
    f.compound("/float_id", {column("id", H5Type::F64, {"1"}), column("a", H5Type::F32, {"1"}),
                             column("b", H5Type::F32, {"1"})});
    f.compound("/string_weight", {column("w", H5Type::VarString, {"1"}), column("a", H5Type::F32, {"1"}),
                                  column("b", H5Type::F32, {"1"})});
    // A field that is an array of 3 floats, and one that is an enumeration.
    const hid_t array = H5Tarray_create2(H5T_NATIVE_FLOAT, 1, std::array<hsize_t, 1>{3}.data());
    const hid_t enumeration = H5Tenum_create(H5T_NATIVE_INT8);
    const std::int8_t no = 0, yes = 1;
    H5Tenum_insert(enumeration, "FALSE", &no);
    H5Tenum_insert(enumeration, "TRUE", &yes);
    const hid_t record = H5Tcreate(H5T_COMPOUND, 16 + 4);
    H5Tinsert(record, "a", 0, array);
    H5Tinsert(record, "b", 12, enumeration);
    const std::array<unsigned char, 20> zeros{};
    f.dataset("/odd", record, {1}, zeros.data());
    H5Tclose(record);
    H5Tclose(enumeration);
    H5Tclose(array);
    const std::array<float, 2> floats{1.0f, 2.0f};
    f.dataset("/floats", H5T_NATIVE_FLOAT, {2}, floats.data());
  }
  BOOST_TEST(thrown(h5 + ":/string_input", with_schema(schema)) ==
             h5 + " dataset /string_input, field a: fixed-length string of 3 bytes values, expected numbers");
  BOOST_TEST(thrown(h5 + ":/float_id", with_schema(schema)) ==
             h5 + " dataset /float_id, field id: 64-bit float values, expected integers (the event id)");
  BOOST_TEST(thrown(h5 + ":/string_weight", with_schema(schema)) ==
             h5 + " dataset /string_weight, field w: variable-length string values, expected numbers");
  BOOST_TEST(thrown(h5 + ":/odd", with_schema(schema)) == h5 + " dataset /odd, field a: array values, expected numbers");
  BOOST_TEST(thrown(h5 + ":/floats", with_schema(schema)) ==
             h5 + " dataset /floats: a dataset of 32-bit float, not a table: name a compound dataset or a group of "
                  "1-D datasets (e.g. " + h5 + ":/ for the root group)");
}

BOOST_AUTO_TEST_CASE(a_wrong_rank_or_shape) {
  TempDir dir;
  const auto schema = schema_of(kTabular);
  const std::string h5 = dir.file("t.h5");
  {
    H5TestFile f(h5);
    const std::array<float, 6> six{1, 2, 3, 4, 5, 6};
    f.group("/matrix");
    f.dataset("/matrix/a", H5T_NATIVE_FLOAT, {2, 3}, six.data());
    f.dataset("/matrix/b", H5T_NATIVE_FLOAT, {2}, six.data());
    f.group("/scalar");
    f.dataset("/scalar/a", H5T_NATIVE_FLOAT, {}, six.data());
    f.dataset("/scalar/b", H5T_NATIVE_FLOAT, {1}, six.data());
    f.group("/lengths");
    f.dataset("/lengths/a", H5T_NATIVE_FLOAT, {3}, six.data());
    f.dataset("/lengths/b", H5T_NATIVE_FLOAT, {2}, six.data());
    // A 2-D compound dataset (tracks per jet, in the dumper's files).
    const hid_t record = H5Tcreate(H5T_COMPOUND, 8);
    H5Tinsert(record, "a", 0, H5T_NATIVE_FLOAT);
    H5Tinsert(record, "b", 4, H5T_NATIVE_FLOAT);
    const std::array<float, 12> twelve{};  // 3 x 2 records of two floats
    f.dataset("/tracks", record, {3, 2}, twelve.data());
    H5Tclose(record);
  }
  BOOST_TEST(thrown(h5 + ":/matrix", with_schema(schema)) ==
             h5 + " dataset /matrix/a: rank 2 (shape 2 x 3), expected a 1-D dataset (one value per row)");
  BOOST_TEST(thrown(h5 + ":/scalar", with_schema(schema)) ==
             h5 + " dataset /scalar/a: a scalar, expected a 1-D dataset (one value per row)");
  BOOST_TEST(thrown(h5 + ":/lengths", with_schema(schema)) ==
             h5 + " group /lengths: columns of different lengths: dataset /lengths/a has 3 rows, /lengths/b has 2");
  BOOST_TEST(thrown(h5 + ":/tracks", with_schema(schema)) ==
             h5 + " dataset /tracks: rank 2 (shape 3 x 2), expected a 1-D dataset (one value per row)");
}

BOOST_AUTO_TEST_CASE(a_bad_value_names_the_file_dataset_row_and_field) {
  TempDir dir;
  const auto schema = schema_of(kTabular);
  const std::string h5 = dir.file("t.h5");
  {
    H5TestFile f(h5);
    f.compound("/nan", {column("a", H5Type::F32, {"1", "nan"}), column("b", H5Type::F32, {"1", "2"})});
    f.compound("/big", {column("a", H5Type::F64, {"1", "2", "1e39"}), column("b", H5Type::F32, {"1", "2", "3"})});
    f.compound("/label", {column("a", H5Type::F32, {"1"}), column("b", H5Type::F32, {"1"}),
                          column("y", H5Type::I8, {"2"})});
    f.compound("/id", {column("id", H5Type::U64, {"18446744073709551615"}), column("a", H5Type::F32, {"1"}),
                       column("b", H5Type::F32, {"1"})});
    f.group("/cols");
    f.columns("/cols", {column("a", H5Type::F32, {"1", "2", "inf"}), column("b", H5Type::F32, {"1", "2", "3"})});
  }
  BOOST_TEST(thrown(h5 + ":/nan", with_schema(schema)) ==
             h5 + " dataset /nan row 1, field a: expected a finite number, found nan (set "
                  "ReadOptions::non_finite_as_missing to read it as missing)");
  BOOST_TEST(thrown(h5 + ":/big", with_schema(schema)) ==
             h5 + " dataset /big row 2, field a: number 1e+39 is out of the range of a float");
  BOOST_TEST(thrown(h5 + ":/label", with_schema(schema)) == h5 + " dataset /label row 0, field y: expected '1' or '0', found 2");
  BOOST_TEST(thrown(h5 + ":/id", with_schema(schema)) ==
             h5 + " dataset /id row 0, field id: event id 18446744073709551615 is beyond the largest signed 64-bit integer");
  BOOST_TEST(thrown(h5 + ":/cols", with_schema(schema)) ==
             h5 + " dataset /cols/a row 2: expected a finite number, found inf (set ReadOptions::non_finite_as_missing "
                  "to read it as missing)");
  // Skipping: the row is reported with its number (row + 2) and the reader's message.
  sd::ReadOptions skip = with_schema(schema);
  std::vector<std::pair<std::int64_t, std::string>> bad;
  skip.on_bad_row = [&](std::int64_t line, const std::string& message) { bad.emplace_back(line, message); };
  sd::Hdf5Reader reader(h5 + ":/cols", skip);
  sd::Table t;
  BOOST_TEST(reader.next_chunk(t, 10));
  BOOST_TEST(t.rows() == 2u);
  BOOST_TEST(reader.rows_skipped() == 1u);
  BOOST_TEST_REQUIRE(bad.size() == 1u);
  BOOST_TEST(bad[0].first == 4);
  BOOST_TEST(bad[0].second.rfind(h5 + " dataset /cols/a row 2: ", 0) == 0);
  BOOST_TEST(!reader.next_chunk(t, 10));
  // missing_nan reads NaN and inf as missing.
  const auto lenient = schema_of(kTabular + "nan = true\n");
  BOOST_TEST(std::isnan(sd::read_table(h5 + ":/cols", with_schema(lenient)).features[0][2]));
}

BOOST_AUTO_TEST_CASE(hdf5_prints_nothing_of_its_own) {
  TempDir dir;
  const std::string h5 = dir.file("t.h5");
  {
    H5TestFile f(h5);
    f.compound("/t", {column("a", H5Type::F32, {"1"})});
  }
  const std::string bytes = read_bytes(h5);
  const std::string cut = dir.write("cut.h5", bytes.substr(0, bytes.size() / 3));
  // HDF5's default is to print its error stack to stderr; the reader turns that off on
  // every thread it runs on.
  for (int thread = 0; thread < 2; ++thread) {
    std::string printed;
    auto failing = [&] {
      printed += stderr_of([&] { sd::read_table(cut); });
      printed += stderr_of([&] { sd::read_table(h5 + ":/nothing"); });
      printed += stderr_of([&] { sd::read_column_names(h5 + ":/t/a"); });
    };
    if (thread == 0) {
      failing();
    } else {
      std::thread t(failing);
      t.join();
    }
    BOOST_TEST(printed.empty(), printed);
  }
}
