#pragma once
// Progress of a recipe on a stream (human lines at most every `interval` seconds, with
// members done, losses and time left) and, optionally, every event as a JSON line.
// Thread-safe: members report from their own tasks.
#include "sieve/train/member_trainer.hpp"

#include <chrono>
#include <fstream>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

namespace sieve::train {

class ProgressLog {
public:
  // `human` may be null (quiet); `json_path` empty for no JSON log.
  ProgressLog(std::ostream* human, const std::string& json_path, int members, int sub_epochs,
              double interval_seconds = 2.0);
  void operator()(const ProgressEvent& e);
  ProgressFn callback() {
    return [this](const ProgressEvent& e) { (*this)(e); };
  }

private:
  std::mutex mutex_;
  std::ostream* human_;
  std::ofstream json_;
  int members_, sub_epochs_;
  double interval_;
  std::chrono::steady_clock::time_point start_, last_;
  std::vector<int> done_;  // sub-epochs finished per member
  std::vector<double> best_;
};

} // namespace sieve::train
