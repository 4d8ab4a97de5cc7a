#ifndef FWCore_Utilities_InputTag_h
#define FWCore_Utilities_InputTag_h
// Stand-in for edm::InputTag: module label, product instance and process name of a
// product, written "label:instance:process" (trailing empty parts dropped).
#include <iosfwd>
#include <string>

namespace edm {

  class InputTag {
  public:
    InputTag() = default;
    InputTag(std::string label, std::string instance = "", std::string process = "");
    // "label", "label:instance" or "label:instance:process".
    explicit InputTag(char const* encoded);

    std::string const& label() const { return label_; }
    std::string const& instance() const { return instance_; }
    std::string const& process() const { return process_; }
    std::string encode() const;

    bool operator==(InputTag const&) const = default;

  private:
    std::string label_, instance_, process_;
  };

  std::ostream& operator<<(std::ostream& os, InputTag const& tag);

}  // namespace edm

#endif
