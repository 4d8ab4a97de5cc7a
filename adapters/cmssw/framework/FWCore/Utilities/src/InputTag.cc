#include "FWCore/Utilities/interface/InputTag.h"

#include <ostream>

namespace edm {

  InputTag::InputTag(std::string label, std::string instance, std::string process)
      : label_(std::move(label)), instance_(std::move(instance)), process_(std::move(process)) {}

  InputTag::InputTag(char const* encoded) {
    std::string const s(encoded);
    std::size_t const a = s.find(':');
    label_ = s.substr(0, a);
    if (a == std::string::npos) return;
    std::size_t const b = s.find(':', a + 1);
    instance_ = s.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
    if (b != std::string::npos) process_ = s.substr(b + 1);
  }

  std::string InputTag::encode() const {
    std::string s = label_;
    if (!instance_.empty() || !process_.empty()) s += ":" + instance_;
    if (!process_.empty()) s += ":" + process_;
    return s;
  }

  std::ostream& operator<<(std::ostream& os, InputTag const& tag) {
    return os << "InputTag:  label = " << tag.label() << ", instance = " << tag.instance()
              << ", process = " << tag.process();
  }

}  // namespace edm
