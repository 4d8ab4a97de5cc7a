#include "sieve/train/curves.hpp"

#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"

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
  for (const MemberResult& m : members) {
    for (const SubEpochRecord& r : m.history)
      csv << m.member << ',' << r.sub_epoch << ',' << r.train_loss << ',' << r.validation_loss << ',' << r.lr << '\n';
  }
  io::write_file_atomically(dir + "/curves.csv", csv.str());
}

} // namespace sieve::train
