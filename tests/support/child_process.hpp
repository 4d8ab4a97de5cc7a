#pragma once
// Runs the built `sieve` as a child process that a test can signal or kill at a moment of
// its choosing (run_command.hpp runs it to the end), with its output in a file.
#include "run_command.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sieve::test {

class ChildProcess {
public:
  // Starts `sieve <args>`, standard output and error going to `log`.
  ChildProcess(const std::vector<std::string>& args, const std::string& log) : log_(log) {
    std::vector<std::string> argv_storage = {kSieve};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;  // built before fork: the child only makes system calls
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
      }
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  ~ChildProcess() {
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void signal(int signal_number) const { ::kill(pid_, signal_number); }
  // Waits for the end; the raw wait status.
  int wait() {
    if (!waited_) {
      while (::waitpid(pid_, &status_, 0) < 0) {
      }
      waited_ = true;
    }
    return status_;
  }
  bool running() {
    if (waited_) return false;
    const pid_t r = ::waitpid(pid_, &status_, WNOHANG);
    if (r == pid_) waited_ = true;
    return !waited_;
  }
  // The signal that ended the process, 0 when it exited.
  int killed_by() {
    const int s = wait();
    return WIFSIGNALED(s) ? WTERMSIG(s) : 0;
  }
  int exit_status() {
    const int s = wait();
    return WIFEXITED(s) ? WEXITSTATUS(s) : -1;
  }
  std::string output() const {
    std::ifstream in(log_);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

private:
  std::string log_;
  pid_t pid_ = -1;
  int status_ = 0;
  bool waited_ = false;
};

// Polls `condition` every millisecond while the child runs; true once it holds, false
// when the child ended first or `timeout` passed.
inline bool wait_until(ChildProcess& child, const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    if (!child.running()) return condition();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

// Entries of a directory (names), empty when it does not exist.
inline std::vector<std::string> entries_of(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) names.push_back(e.path().filename().string());
  return names;
}

} // namespace sieve::test
