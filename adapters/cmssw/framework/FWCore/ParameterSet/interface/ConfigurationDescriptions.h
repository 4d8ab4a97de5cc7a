#ifndef FWCore_ParameterSet_ConfigurationDescriptions_h
#define FWCore_ParameterSet_ConfigurationDescriptions_h
// Stand-in for edm::ConfigurationDescriptions: the descriptions a plugin's static
// fillDescriptions adds, each under a module label (the label names the generated cfi
// file, <label>_cfi.py) or as the default. validate() picks the description of the
// module's label, else the default, else the first one, as CMSSW does.
#include "FWCore/ParameterSet/interface/ParameterSetDescription.h"

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace edm {

  // "SieveScoreProducer" -> "sieveScoreProducer", "PATJetProducer" -> "patJetProducer".
  std::string defaultModuleLabel(std::string name);

  class ConfigurationDescriptions {
  public:
    ConfigurationDescriptions(std::string const& baseType, std::string const& pluginName);

    void setComment(std::string const& value) { comment_ = value; }
    void add(std::string const& label, ParameterSetDescription const& description);
    void add(char const* label, ParameterSetDescription const& description) { add(std::string(label), description); }
    void addDefault(ParameterSetDescription const& description);
    void addWithDefaultLabel(ParameterSetDescription const& description);

    void validate(ParameterSet& pset, std::string const& moduleLabel) const;

    // The text of <label>_cfi.py for each labelled description: (file name, content).
    std::vector<std::pair<std::string, std::string>> cfis() const;
    void print(std::ostream& os) const;

    std::string const& baseType() const { return baseType_; }
    std::string const& pluginName() const { return pluginName_; }

  private:
    std::string baseType_, pluginName_, comment_;
    std::vector<std::pair<std::string, ParameterSetDescription>> descriptions_;
    bool defaultDescDefined_ = false;
    ParameterSetDescription defaultDesc_;
  };

}  // namespace edm

#endif
