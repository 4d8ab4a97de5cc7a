#define BOOST_TEST_MODULE cmd_score
#include <boost/test/unit_test.hpp>

// `sieve score` as a user runs it: the summary line, the skipped-rows line, exit codes and
// the error messages of a missing option, an unknown variation and a bad row.
#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "sieve/data/csv_writer.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using sieve::test::TempDir;

namespace {

const std::string kModel = std::string(SIEVE_SOURCE_DIR) + "/tests/data/golden-format1.model";

struct Run {
  int status = -1;
  std::string out, err;
};

Run sieve_cli(const TempDir& dir, const std::string& args) {
  const std::string command = std::string(SIEVE_BINARY_DIR) + "/bin/sieve " + args + " >" + dir.file("stdout") +
                              " 2>" + dir.file("stderr");
  const int raw = std::system(command.c_str());
  Run r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = sieve::test::read_bytes(dir.file("stdout"));
  r.err = sieve::test::read_bytes(dir.file("stderr"));
  return r;
}

// The first n real events as an open-data-layout file.
std::string events_file(const TempDir& dir, std::size_t n) {
  std::vector<std::uint32_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0u);
  const std::string path = dir.file("events.csv");
  sieve::data::write_table(path, sieve::data::select_rows(sieve::test::real_events(), rows));
  return path;
}

// The file with data rows `bad` (0-based) given a non-numeric DER_mass_MMC.
std::string with_bad_rows(const TempDir& dir, const std::string& path, std::vector<std::size_t> bad) {
  std::istringstream in(sieve::test::read_bytes(path));
  std::string text, line;
  for (std::size_t k = 0; std::getline(in, line); ++k) {
    if (k > 0 && std::find(bad.begin(), bad.end(), k - 1) != bad.end()) {
      const std::size_t a = line.find(','), b = line.find(',', a + 1);
      line.replace(a + 1, b - a - 1, "oops");
    }
    text += line + "\n";
  }
  return dir.write("bad.csv", text);
}

} // namespace

BOOST_AUTO_TEST_CASE(prints_a_summary_line_and_writes_the_scores) {
  TempDir dir;
  const std::string in = events_file(dir, 600);
  const Run r = sieve_cli(dir, "score --model " + kModel + " --in " + in + " --out " + dir.file("s.csv") +
                                   " --variations nominal,tes_up --tta-spread --threads 2 --quiet");
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.err.empty(), r.err);
  const std::regex summary("scored 600 events x 2 variations in [0-9]+\\.[0-9]{2} s \\([0-9]+ events/s, 2 threads\\) -> " +
                           dir.file("s.csv") + "\n");
  BOOST_TEST(std::regex_match(r.out, summary), r.out);
  const std::string scores = sieve::test::read_bytes(dir.file("s.csv"));
  BOOST_TEST(scores.substr(0, scores.find('\n')) ==
             "EventId,score_nominal,score_tes_up,spread_nominal,spread_tes_up");
  BOOST_TEST(std::count(scores.begin(), scores.end(), '\n') == 601);
}

BOOST_AUTO_TEST_CASE(skipped_rows_are_counted_and_listed) {
  TempDir dir;
  const std::string bad = with_bad_rows(dir, events_file(dir, 300), {3, 7});
  Run r = sieve_cli(dir, "score --model " + kModel + " --in " + bad + " --out " + dir.file("s.csv") +
                             " --skip-bad-rows --quiet");
  BOOST_TEST(r.status == 0, r.err);
  std::istringstream lines(r.out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  BOOST_TEST(first.rfind("scored 298 events x 1 variations in ", 0) == 0u, first);
  BOOST_TEST(second == "skipped 2 bad rows: lines 5, 9");

  r = sieve_cli(dir, "score --model " + kModel + " --in " + bad + " --out " + dir.file("s.csv") +
                         " --skip-bad-rows --bad-rows-log " + dir.file("bad.log") + " --quiet");
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.out.find("\nskipped 2 bad rows (lines 5, 9), listed in " + dir.file("bad.log") + "\n") !=
                 std::string::npos,
             r.out);
  const std::string log = sieve::test::read_bytes(dir.file("bad.log"));
  BOOST_TEST(log == "5\t" + bad + " line 5, column 2 (DER_mass_MMC): expected a number, found 'oops'\n" + "9\t" +
                        bad + " line 9, column 2 (DER_mass_MMC): expected a number, found 'oops'\n");
}

BOOST_AUTO_TEST_CASE(errors_name_the_problem) {
  TempDir dir;
  const std::string in = events_file(dir, 50);
  Run r = sieve_cli(dir, "score --in " + in + " --out " + dir.file("s.csv"));
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err == "sieve score: error: missing required option --model (model file (sieve train))\n");

  r = sieve_cli(dir, "score --model " + kModel + " --in " + in + " --out " + dir.file("s.csv") +
                         " --variations nominal,tes_sideways");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err.rfind("sieve score: error: unknown systematic variation 'tes_sideways' (known variations of schema higgsml-2014: ", 0) ==
                 0u,
             r.err);

  // A bad row stops the run with the reader's message, and no output is written.
  const std::string bad = with_bad_rows(dir, in, {20});
  r = sieve_cli(dir, "score --model " + kModel + " --in " + bad + " --out " + dir.file("s.csv"));
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err == "sieve score: error: " + bad + " line 22, column 2 (DER_mass_MMC): expected a number, found 'oops'\n");
  BOOST_TEST(!std::filesystem::exists(dir.file("s.csv")));

  r = sieve_cli(dir, "score --model " + kModel + " --in " + in + " --out " + dir.file("s.csv") +
                         " --bad-rows-log " + dir.file("log"));
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err == "sieve score: error: --bad-rows-log needs --skip-bad-rows (without it the first bad row stops the run)\n");
}
