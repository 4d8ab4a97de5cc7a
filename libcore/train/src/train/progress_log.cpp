#include "sieve/train/progress_log.hpp"

#include "sieve/error.hpp"

#include <cstdio>

namespace sieve::train {

ProgressLog::ProgressLog(std::ostream* human, const std::string& json_path, int members, int sub_epochs,
                         double interval_seconds)
    : human_(human), members_(members), sub_epochs_(sub_epochs), interval_(interval_seconds),
      start_(std::chrono::steady_clock::now()), last_(start_), done_(static_cast<std::size_t>(members), 0),
      best_(static_cast<std::size_t>(members), 0.0) {
  if (!json_path.empty()) {
    json_.open(json_path);
    if (!json_) throw ConfigError("cannot write the JSON log " + json_path);
  }
}

void ProgressLog::operator()(const ProgressEvent& e) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  auto slot = static_cast<std::size_t>(e.member) % done_.size();
  done_[slot] = e.sub_epoch + 1;
  best_[slot] = e.best_loss;
  if (json_.is_open()) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "{\"member\":%d,\"sub_epoch\":%d,\"train_loss\":%.9g,\"validation_loss\":%.9g,"
                  "\"best_loss\":%.9g,\"lr\":%.9g,\"elapsed_s\":%.3f}\n",
                  e.member, e.sub_epoch, e.train_loss, e.validation_loss, e.best_loss, e.lr, elapsed);
    json_ << line << std::flush;
  }
  const bool finished = e.sub_epoch + 1 == e.sub_epochs;
  if (!human_ || (!finished && std::chrono::duration<double>(now - last_).count() < interval_)) return;
  last_ = now;
  long total = 0, complete = 0;
  for (int d : done_) {
    total += d;
    complete += d == sub_epochs_;
  }
  const double fraction = static_cast<double>(total) / (static_cast<double>(members_) * sub_epochs_);
  const double left = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
  char line[256];
  if (finished)
    std::snprintf(line, sizeof line, "member %d done (%ld/%d) after %.0f s: best validation loss %.4g\n",
                  e.member, complete, members_, elapsed, e.best_loss);
  else
    std::snprintf(line, sizeof line,
                  "[%5.1f%%] %ld/%d members done, member %d sub-epoch %d/%d: train %.4g, val %.4g, lr %.2e; "
                  "%.0f s elapsed, ~%.0f s left\n",
                  100.0 * fraction, complete, members_, e.member, e.sub_epoch + 1, e.sub_epochs, e.train_loss,
                  e.validation_loss, e.lr, elapsed, left);
  *human_ << line << std::flush;
}

} // namespace sieve::train
