#define BOOST_TEST_MODULE signal_cleanup
// Termination signals remove the temporary files of outputs being written
// (io/signal_cleanup.hpp), and the process still ends as killed by the signal. Each case
// runs in a forked child that signals itself while a file is half written.
#include <boost/test/unit_test.hpp>

#include "temp_dir.hpp"
#include "sieve/data/csv_writer.hpp"
#include "sieve/io/signal_cleanup.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <vector>

using namespace sieve;
namespace fs = std::filesystem;

namespace {

// Runs `body` in a child process (which installs the cleanup handler first); returns
// the child's wait status.
int in_child(const std::function<void()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    io::install_signal_cleanup();
    body();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

data::Table small_table() {
  data::Table t;
  t.feature_names = {"x"};
  t.features = {{1.0f, 2.0f, 3.0f}};
  t.line = {2, 3, 4};
  return t;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_signal_removes_registered_files_only_and_still_kills) {
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
    test::TempDir dir;
    const std::string registered = dir.write("registered.tmp", "half"), kept = dir.write("kept.txt", "mine");
    const int status = in_child([&] {
      const io::TempFileRegistration registration(registered);
      ::raise(signal);
    });
    BOOST_TEST(WIFSIGNALED(status));
    BOOST_TEST(WTERMSIG(status) == signal);
    BOOST_TEST(!fs::exists(registered));
    BOOST_TEST(fs::exists(kept));
  }
}

BOOST_AUTO_TEST_CASE(an_interrupted_csv_writer_leaves_neither_output_nor_temporary_file) {
  for (int signal : {SIGINT, SIGTERM}) {
    test::TempDir dir;
    const std::string out = dir.file("scores.csv");
    const int status = in_child([&] {
      data::CsvColumns columns;
      columns.features = {"x"};
      data::CsvWriter writer(out, columns);
      writer.write(small_table());
      ::raise(signal);  // before commit: the temporary file exists
    });
    BOOST_TEST(WTERMSIG(status) == signal);
    BOOST_TEST(dir.entries().empty(), "left: " << (dir.entries().empty() ? "" : dir.entries().front()));
  }
}

BOOST_AUTO_TEST_CASE(a_committed_file_is_not_touched_by_a_later_signal) {
  test::TempDir dir;
  const std::string out = dir.file("scores.csv");
  const int status = in_child([&] {
    data::CsvColumns columns;
    columns.features = {"x"};
    data::CsvWriter writer(out, columns);
    writer.write(small_table());
    writer.commit();
    ::raise(SIGTERM);
  });
  BOOST_TEST(WTERMSIG(status) == SIGTERM);
  BOOST_TEST(dir.entries() == std::vector<std::string>{"scores.csv"});
  BOOST_TEST(test::read_bytes(out) == "x\n1.0\n2.0\n3.0\n");
}

BOOST_AUTO_TEST_CASE(an_ignored_signal_stays_ignored) {
  test::TempDir dir;
  const std::string registered = dir.write("registered.tmp", "half");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGHUP, SIG_IGN);  // as nohup does
    io::install_signal_cleanup();
    const io::TempFileRegistration registration(registered);
    ::raise(SIGHUP);
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  BOOST_TEST(WIFEXITED(status));
  BOOST_TEST(fs::exists(registered));
}

BOOST_AUTO_TEST_CASE(registrations_are_released_and_bounded) {
  BOOST_TEST(io::registered_temp_files() == 0u);
  {
    test::TempDir dir;
    data::CsvColumns columns;
    columns.features = {"x"};
    data::CsvWriter writer(dir.file("a.csv"), columns);
    BOOST_TEST(io::registered_temp_files() == 1u);
    writer.commit();
    BOOST_TEST(io::registered_temp_files() == 0u);
    data::CsvWriter abandoned(dir.file("b.csv"), columns);
    BOOST_TEST(io::registered_temp_files() == 1u);
  }
  BOOST_TEST(io::registered_temp_files() == 0u);
  // Beyond the table's size a file is simply not registered; nothing fails.
  std::vector<io::TempFileRegistration> many;
  for (std::size_t i = 0; i < io::kMaxTempFiles + 5; ++i) many.emplace_back("/tmp/x" + std::to_string(i));
  BOOST_TEST(io::registered_temp_files() == io::kMaxTempFiles);
  BOOST_TEST(!many.back().registered());
  BOOST_TEST(!io::TempFileRegistration(std::string(io::kMaxTempPath, 'a')).registered());
  many.clear();
  BOOST_TEST(io::registered_temp_files() == 0u);
}
