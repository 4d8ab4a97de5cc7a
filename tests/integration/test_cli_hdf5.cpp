#define BOOST_TEST_MODULE cli_hdf5
#include <boost/test/unit_test.hpp>

// HDF5 through the `sieve` command, against the same events as CSV: HDF5 copies (one
// compound dataset; one dataset per column) of the shipped real events give the very
// bytes of the CSV input's scores and of the CSV-trained model; evaluate, cross-validate,
// lr-find and ablate read them alike; scores.h5 holds the CSV output's numbers, chunked
// and compressed, and is written atomically; shards of an HDF5 input merge back; a
// malformed file is one clean error line.
#include "hdf5_files.hpp"
#include "run_command.hpp"
#include "temp_dir.hpp"
#include "sieve/data/csv_reader.hpp"
#include "sieve/data/hdf5_reader.hpp"

#include <cstring>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <vector>

using namespace sieve::test;
namespace sd = sieve::data;
namespace fs = std::filesystem;

namespace {

const std::string kRoot = SIEVE_SOURCE_DIR;
const std::string kHiggs = kRoot + "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";
const std::string kFair = kRoot + "/data/fair-universe/FAIR_Universe_HiggsML_data.csv.gz";
const std::string kFairSchema = kRoot + "/schemas/fair-universe-2024.toml";
const std::string kGolden = kRoot + "/tests/data/golden-format1.model";
const std::string kFairRecipe = " --members 2 --folds 2 --epochs 2 --width 16 --depth 2 --batch-size 64 --threads 2 --quiet";
const std::string kHiggsRecipe = " --members 2 --folds 2 --epochs 1 --width 16 --depth 2 --threads 2 --quiet";

CommandResult sieve_ok(const std::string& args) {
  CommandResult r = run_sieve(args);
  BOOST_TEST_REQUIRE(r.status == 0, "sieve " << args << "\n" << r.out);
  return r;
}

// The shipped files and their HDF5 copies, made once: for each dataset a directory
// csv/ with the CSV (gzip) named `events`, compound/ and columns/ with the HDF5 copies
// named `events` too (the readers go by content), so that the file name a model records
// is the same.
struct Copies {
  TempDir dir;
  std::string higgs_csv, higgs_compound, higgs_columns, fair_csv, fair_compound, fair_columns;
  Copies() {
    for (const char* sub : {"higgs-csv", "higgs-compound", "higgs-columns", "fair-csv", "fair-compound", "fair-columns"})
      fs::create_directory(dir.file(sub));
    higgs_csv = dir.file("higgs-csv/events");
    fair_csv = dir.file("fair-csv/events");
    fs::copy_file(kHiggs, higgs_csv);
    fs::copy_file(kFair, fair_csv);
    higgs_compound = dir.file("higgs-compound/events");
    higgs_columns = dir.file("higgs-columns/events");
    fair_compound = dir.file("fair-compound/events");
    fair_columns = dir.file("fair-columns/events");
    const auto higgs = csv_columns(kHiggs, [](const std::string& n) { return higgs_h5_type(n); });
    const auto fair = csv_columns(kFair, [](const std::string& n) { return fair_h5_type(n); });
    H5TestFile(higgs_compound).compound("/events", higgs, 1024);
    H5TestFile(higgs_columns).columns("/", higgs, 2048);
    H5TestFile(fair_compound).compound("/fair", fair, 256);
    H5TestFile(fair_columns).columns("/", fair, 256);
  }
};
const Copies& copies() {
  static const Copies c;
  return c;
}

// The FAIR-Universe model, trained once from the CSV.
const std::string& fair_model() {
  static TempDir dir;
  static const std::string path = [] {
    const std::string p = dir.file("fair.model");
    sieve_ok("train --data " + copies().fair_csv + " --schema " + kFairSchema + kFairRecipe + " --out " + p);
    return p;
  }();
  return path;
}

// The report's lines but the one naming the data file and its scoring time.
std::vector<std::string> without_data_line(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    if (line.rfind("data ", 0) != 0) out.push_back(line);
    at = end + 1;
  }
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(hdf5_copies_of_the_real_events_score_to_the_csv_inputs_bytes) {
  const Copies& c = copies();
  TempDir out;
  const std::string variations = " --variations nominal,tes_up,jes_down,soft_met --tta-spread --threads 2 --quiet";
  const std::string higgs = out.file("higgs.csv");
  const auto csv_run = sieve_ok("score --model " + kGolden + " --in " + c.higgs_csv + " --out " + higgs + variations);
  for (const std::string& h5 : {c.higgs_compound, c.higgs_columns, c.higgs_compound + ":/events"}) {
    const std::string scores = out.file("higgs-h5.csv");
    const auto r = sieve_ok("score --model " + kGolden + " --in " + h5 + " --out " + scores + variations);
    BOOST_TEST(read_bytes(scores) == read_bytes(higgs), h5);
    BOOST_TEST_MESSAGE(h5 << ": " << r.out);
  }
  BOOST_TEST_MESSAGE("csv: " << csv_run.out);
  const std::string fair = out.file("fair.csv");
  const std::string fair_variations = " --variations nominal,tes_up,jes_down,soft_met --threads 2 --quiet";
  sieve_ok("score --model " + fair_model() + " --in " + c.fair_csv + " --out " + fair + fair_variations);
  for (const std::string& h5 : {c.fair_compound, c.fair_columns}) {
    const std::string scores = out.file("fair-h5.csv");
    sieve_ok("score --model " + fair_model() + " --in " + h5 + " --out " + scores + fair_variations);
    BOOST_TEST(read_bytes(scores) == read_bytes(fair), h5);
  }
  // No id column in the FAIR sample: the 0-based row, as for the CSV.
  BOOST_TEST(read_bytes(fair).rfind("row,score_nominal,", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(a_model_trained_from_an_hdf5_copy_is_byte_identical_to_the_csv_trained_one) {
  const Copies& c = copies();
  TempDir out;
  const std::string csv_model = out.file("csv.model");
  sieve_ok("train --data " + c.higgs_csv + kHiggsRecipe + " --seed 7 --out " + csv_model);
  for (const std::string& h5 : {c.higgs_compound, c.higgs_columns}) {
    const std::string model = out.file("h5.model");
    sieve_ok("train --data " + h5 + kHiggsRecipe + " --seed 7 --out " + model);
    BOOST_TEST(read_bytes(model) == read_bytes(csv_model), h5);
  }
  const std::string fair_csv_model = out.file("fair-csv.model");
  sieve_ok("train --data " + c.fair_csv + " --schema " + kFairSchema + kFairRecipe + " --seed 3 --out " + fair_csv_model);
  for (const std::string& h5 : {c.fair_compound, c.fair_columns}) {
    const std::string model = out.file("fair-h5.model");
    sieve_ok("train --data " + h5 + " --schema " + kFairSchema + kFairRecipe + " --seed 3 --out " + model);
    BOOST_TEST(read_bytes(model) == read_bytes(fair_csv_model), h5);
  }
}

BOOST_AUTO_TEST_CASE(evaluate_cross_validate_lr_find_and_ablate_read_hdf5_as_csv) {
  const Copies& c = copies();
  TempDir out;
  // evaluate: the same report but for the file name.
  const auto csv_eval = sieve_ok("evaluate --threads 2 --model " + kGolden + " --data " + c.higgs_csv);
  const auto h5_eval = sieve_ok("evaluate --threads 2 --model " + kGolden + " --data " + c.higgs_compound);
  BOOST_TEST(contains(h5_eval.out, "weights: KaggleWeight"));
  BOOST_TEST(without_data_line(h5_eval.out) == without_data_line(csv_eval.out), boost::test_tools::per_element());
  BOOST_TEST(without_data_line(h5_eval.out).size() > 5u);
  // cross-validate: the same JSON but for the source.
  const std::string cv = " --schema " + kFairSchema + " --folds 2 --seeds 1 --members 2 --recipe-folds 2 --epochs 2"
                         " --width 16 --depth 2 --batch-size 64 --threads 2 --quiet";
  sieve_ok("cross-validate --data " + c.fair_csv + cv + " --json " + out.file("cv-csv.json"));
  sieve_ok("cross-validate --data " + c.fair_columns + cv + " --json " + out.file("cv-h5.json"));
  // (Without the source and the timings.)
  auto body = [](const std::string& json) {
    static const std::regex seconds("\"[a-z_]*seconds\":[-+.e0-9]+");
    return std::regex_replace(json.substr(json.find(",\"events\"")), seconds, "");
  };
  BOOST_TEST(body(read_bytes(out.file("cv-h5.json"))) == body(read_bytes(out.file("cv-csv.json"))));
  // lr-find: the same curves.
  const std::string lr = " --schema " + kFairSchema + " --folds 2 --batch-size 64 --threads 2";
  sieve_ok("lr-find --data " + c.fair_csv + lr + " --out " + out.file("lr-csv"));
  sieve_ok("lr-find --data " + c.fair_compound + lr + " --out " + out.file("lr-h5"));
  BOOST_TEST(read_bytes(out.file("lr-h5/lr_find.csv")) == read_bytes(out.file("lr-csv/lr_find.csv")));
  // ablate: one cell, the same result file.
  const std::string ablate = " --schema " + kFairSchema + " --seeds 5 --cell 1 --members 2 --recipe-folds 3 --epochs 6"
                             " --width 16 --depth 2 --restart-sub-epochs 1 --fge-cycle-sub-epochs 2 --batch-size 64"
                             " --folds 2 --threads 2 --quiet";
  sieve_ok("ablate --data " + c.fair_csv + ablate + " --out " + out.file("ab-csv"));
  sieve_ok("ablate --data " + c.fair_columns + ablate + " --out " + out.file("ab-h5"));
  std::vector<std::string> cells;
  for (const auto& e : fs::directory_iterator(out.file("ab-csv/cells"))) cells.push_back(e.path().filename().string());
  BOOST_TEST_REQUIRE(cells.size() == 1u);
  // (Its key, and per fold the events, AUC, AMS and cut, without the three timings.)
  auto results = [](const std::string& cell) {
    static const std::regex timings("( [-+.e0-9]+){3}\n");
    return std::regex_replace(cell, timings, "\n");
  };
  const std::string cell_csv = read_bytes(out.file("ab-csv/cells/" + cells[0]));
  BOOST_TEST(contains(cell_csv, "\nfold 1 500 500 "));
  BOOST_TEST(results(read_bytes(out.file("ab-h5/cells/" + cells[0]))) == results(cell_csv));
}

BOOST_AUTO_TEST_CASE(scores_h5_holds_the_csv_outputs_numbers_chunked_and_compressed) {
  const Copies& c = copies();
  TempDir out;
  const std::string args = " --variations nominal,tes_up,jes_down --tta-spread --threads 2 --chunk-rows 5000 --quiet";
  const std::string csv = out.file("scores.csv"), h5 = out.file("scores.h5");
  sieve_ok("score --model " + kGolden + " --in " + c.higgs_compound + " --out " + csv + args);
  const auto r = sieve_ok("score --model " + kGolden + " --in " + c.higgs_compound + " --out " + h5 + args);
  BOOST_TEST(contains(r.out, "scored 18000 events x 3 variations"));
  // Nothing but the output in the directory: the temporary file was renamed.
  BOOST_TEST(out.entries().size() == 2u);

  const std::vector<std::string> names = {"EventId",      "score_nominal", "score_tes_up", "score_jes_down",
                                          "spread_nominal", "spread_tes_up", "spread_jes_down"};
  BOOST_TEST(sd::read_column_names(h5) == names, boost::test_tools::per_element());
  sd::ReadOptions o;  // the preset gives EventId its role; the scores are the features
  o.schema = std::make_shared<const sd::Schema>(sd::higgsml_schema());
  o.columns.assign(names.begin() + 1, names.end());
  const sd::Table from_h5 = sd::read_table(h5, o), from_csv = sd::read_table(csv, o);
  BOOST_TEST_REQUIRE(from_h5.rows() == 18000u);
  BOOST_TEST_REQUIRE(from_h5.event_id.size() == 18000u);
  BOOST_TEST(from_h5.event_id == from_csv.event_id, boost::test_tools::per_element());
  for (std::size_t k = 0; k < from_csv.features.size(); ++k)
    BOOST_TEST(std::memcmp(from_h5.features[k].data(), from_csv.features[k].data(), 18000 * sizeof(float)) == 0,
               names[k + 1]);

  // The datasets' types and storage, with the HDF5 library.
  const hid_t file = H5Fopen(h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  BOOST_TEST_REQUIRE(file >= 0);
  for (const std::string& name : names) {
    const hid_t d = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
    const hid_t type = H5Dget_type(d), plist = H5Dget_create_plist(d);
    const bool id = name == "EventId";
    BOOST_TEST((H5Tequal(type, id ? H5T_STD_I64LE : H5T_IEEE_F32LE) > 0), name);
    BOOST_TEST((H5Pget_layout(plist) == H5D_CHUNKED), name);
    bool deflate = false;
    for (int f = 0; f < H5Pget_nfilters(plist); ++f) {
      unsigned flags = 0, config = 0;
      std::size_t count = 0;
      deflate |= H5Pget_filter2(plist, static_cast<unsigned>(f), &flags, &count, nullptr, 0, nullptr, &config) ==
                 H5Z_FILTER_DEFLATE;
    }
    BOOST_TEST(deflate, name);
    H5Pclose(plist);
    H5Tclose(type);
    H5Dclose(d);
  }
  H5Fclose(file);
  // Scoring the CSV input to HDF5 gives the same numbers: a scores file does not depend on
  // the input's format.
  const std::string again = out.file("again.h5");
  sieve_ok("score --model " + kGolden + " --in " + c.higgs_csv + " --out " + again + args);
  const sd::Table from_csv_input = sd::read_table(again, o);
  for (std::size_t k = 0; k < from_csv.features.size(); ++k)
    BOOST_TEST(std::memcmp(from_csv_input.features[k].data(), from_h5.features[k].data(), 18000 * sizeof(float)) == 0);
}

BOOST_AUTO_TEST_CASE(shards_of_an_hdf5_input_merge_to_the_unsharded_scores) {
  const Copies& c = copies();
  TempDir out;
  const std::string whole = out.file("whole.csv");
  sieve_ok("score --model " + kGolden + " --in " + c.higgs_columns + " --out " + whole + " --threads 2 --quiet");
  std::string parts;
  for (int i = 0; i < 3; ++i) {
    const std::string part = out.file("part-" + std::to_string(i) + ".csv");
    sieve_ok("score --model " + kGolden + " --in " + c.higgs_columns + " --shard " + std::to_string(i) +
             "/3 --out " + part + " --threads 2 --quiet");
    parts += " " + part;
  }
  BOOST_TEST(contains(read_bytes(out.file("part-0.csv.shard")), "input events\n"));
  sieve_ok("merge-scores" + parts + " --out " + out.file("merged.csv"));
  BOOST_TEST(read_bytes(out.file("merged.csv")) == read_bytes(whole));
  auto merged_h5 = run_sieve("merge-scores" + parts + " --out " + out.file("merged.h5"));
  BOOST_TEST(merged_h5.status != 0);
  BOOST_TEST(contains(merged_h5.out, out.file("merged.h5") + ": merged scores are CSV, as the shards are"), merged_h5.out);
  const auto r = run_sieve("score --model " + kGolden + " --in " + c.higgs_columns + " --shard 0/3 --out " +
                           out.file("part.h5") + " --quiet");
  BOOST_TEST(r.status != 0);
  BOOST_TEST(contains(r.out, out.file("part.h5") + ": a shard's scores are CSV, the input of sieve merge-scores"), r.out);
}

BOOST_AUTO_TEST_CASE(slurm_jobs_take_an_hdf5_table_with_its_dataset) {
  const Copies& c = copies();
  TempDir out;
  const std::string table = c.higgs_compound + ":/events";
  auto r = sieve_ok("slurm score --dry-run --model " + kGolden + " --in " + table + " --shards 2 --out " +
                    out.file("scores.csv") + " --work-dir " + out.file("score-work"));
  BOOST_TEST(contains(read_bytes(out.file("score-work/score-array.sbatch")), table), r.out);
  r = sieve_ok("slurm train --dry-run --data " + table + " --members 2 --out " + out.file("m.model") +
               " --work-dir " + out.file("train-work"));
  BOOST_TEST(contains(read_bytes(out.file("train-work/train-array.sbatch")), table), r.out);
  r = sieve_ok("slurm ablate --dry-run --data " + table + " --seeds 5 --out " + out.file("ablation") +
               " --work-dir " + out.file("ablate-work"));
  BOOST_TEST(contains(read_bytes(out.file("ablate-work/ablate-array.sbatch")), table), r.out);
}

BOOST_AUTO_TEST_CASE(a_bad_row_of_an_hdf5_input_stops_the_run_or_is_skipped_by_its_row) {
  TempDir dir;
  // The FAIR sample with a NaN in row 5 of PRI_had_pt (the schema does not read NaN).
  auto columns = csv_columns(kFair, [](const std::string& n) { return fair_h5_type(n); });
  for (auto& col : columns)
    if (col.name == "PRI_had_pt") col.cells[5] = "nan";
  const std::string h5 = dir.file("bad.h5");
  H5TestFile(h5).compound("/fair", columns, 100);
  const std::string out = dir.file("scores.h5");
  auto r = run_sieve("score --model " + fair_model() + " --in " + h5 + " --out " + out + " --quiet");
  BOOST_TEST(r.status != 0);
  BOOST_TEST(contains(r.out, h5 + " dataset /fair row 5, field PRI_had_pt: expected a finite number, found nan"), r.out);
  BOOST_TEST(dir.entries().size() == 1u);  // neither scores.h5 nor its temporary file
  const std::string log = dir.file("bad-rows.log");
  r = sieve_ok("score --model " + fair_model() + " --in " + h5 + " --out " + out +
               " --skip-bad-rows --bad-rows-log " + log + " --quiet");
  BOOST_TEST(contains(r.out, "scored 999 events"), r.out);
  BOOST_TEST(contains(r.out, "skipped 1 bad rows (rows 5), listed in"), r.out);
  BOOST_TEST(read_bytes(log).rfind("5\t" + h5 + " dataset /fair row 5, field PRI_had_pt: ", 0) == 0u, read_bytes(log));
  sd::ReadOptions o;
  o.columns = {"score_nominal"};
  o.allow_extra_columns = true;
  BOOST_TEST(sd::read_table(out, o).rows() == 999u);
}

BOOST_AUTO_TEST_CASE(a_malformed_hdf5_file_is_one_clean_error_line) {
  TempDir dir;
  const std::string not_h5 = dir.write("events.h5", "EventId,DER_mass_MMC\n1,2\n");
  auto r = run_sieve("score --model " + kGolden + " --in " + not_h5 + " --out " + dir.file("s.csv") + " --quiet");
  BOOST_TEST(r.status != 0);
  BOOST_TEST(r.out == "sieve score: error: " + not_h5 + ": not an HDF5 file (no HDF5 signature)\n", r.out);
  const std::string h5 = dir.file("t.h5");
  H5TestFile(h5).columns("/", {H5Column{"a", H5Type::F32, {"1"}}});
  r = run_sieve("train --data " + h5 + ":/jets --out " + dir.file("m.model") + " --quiet");
  BOOST_TEST(r.status != 0);
  BOOST_TEST(r.out == "sieve train: error: " + h5 + ": no dataset or group /jets (the root holds: a)\n", r.out);
  r = run_sieve("train --data " + h5 + " --out " + dir.file("m.model") + " --quiet");
  BOOST_TEST(r.out == "sieve train: error: " + h5 + " is not in a HiggsML 2014 layout: give the dataset schema that describes "
                      "its columns (--schema FILE; see schemas/README.md)\n", r.out);
  const std::string bytes = read_bytes(copies().fair_compound);
  const std::string cut = dir.write("cut.h5", bytes.substr(0, bytes.size() / 2));
  r = run_sieve("score --model " + fair_model() + " --in " + cut + " --out " + dir.file("s.csv") + " --quiet");
  BOOST_TEST(r.status != 0);
  BOOST_TEST(contains(r.out, "sieve score: error: " + cut + ": cannot open the HDF5 file (damaged or truncated?): truncated file"), r.out);
  BOOST_TEST(!contains(r.out, "HDF5-DIAG"), r.out);
}
