#include "sieve/train/curves.hpp"

#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/plot/line_plot.hpp"

#include <filesystem>
#include <sstream>

namespace sieve::train {

void write_curves(const std::string& dir, const std::vector<MemberResult>& members) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw ConfigError("cannot create " + dir + ": " + ec.message());
  std::ostringstream csv;
  csv.precision(9);
  csv << "member,sub_epoch,train_loss,validation_loss,lr\n";
  plot::LinePlot losses, schedule;
  losses.title = "Validation loss per member";
  losses.x_label = "sub-epoch";
  losses.y_label = "weighted BCE";
  losses.y_scale = plot::Scale::Log10;
  schedule.title = "Learning rate";
  schedule.x_label = "sub-epoch";
  schedule.y_label = "LR at the end of the sub-epoch";
  for (const MemberResult& m : members) {
    std::vector<double> x, y, lr;
    for (const SubEpochRecord& r : m.history) {
      csv << m.member << ',' << r.sub_epoch << ',' << r.train_loss << ',' << r.validation_loss << ',' << r.lr << '\n';
      x.push_back(r.sub_epoch + 1);
      y.push_back(r.validation_loss);
      lr.push_back(r.lr);
    }
    losses.add_series("member " + std::to_string(m.member), x, y);
    if (&m == &members.front()) schedule.add_series("", x, lr);
  }
  io::write_file_atomically(dir + "/curves.csv", csv.str());
  plot::write_png(losses, dir + "/losses.png");
  plot::write_png(schedule, dir + "/schedule.png");
}

} // namespace sieve::train
