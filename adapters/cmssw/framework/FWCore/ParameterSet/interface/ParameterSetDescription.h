#ifndef FWCore_ParameterSet_ParameterSetDescription_h
#define FWCore_ParameterSet_ParameterSetDescription_h
// Stand-in for edm::ParameterSetDescription: what a module's fillDescriptions declares,
// each parameter with its type, trackiness, default and comment. validate() checks a
// configured ParameterSet against it as CMSSW does, with CMSSW's messages: a parameter
// of the wrong type or trackiness, a missing parameter without default, and parameters
// the description does not know ("Illegal parameter found in configuration"); missing
// parameters with defaults are inserted. writeCfi() writes the cfi body as
// edmWriteConfigs would.
#include "FWCore/ParameterSet/interface/ParameterSet.h"

#include <iosfwd>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace edm {

  class ParameterDescriptionNode {
  public:
    virtual ~ParameterDescriptionNode() = default;
    void setComment(std::string const& value) { comment_ = value; }
    void setComment(char const* value) { comment_ = value; }
    std::string const& comment() const { return comment_; }

  private:
    std::string comment_;
  };

  class ParameterDescriptionBase : public ParameterDescriptionNode {
  public:
    ParameterDescriptionBase(std::string label, std::string typeName, bool isTracked, bool optional,
                             ParameterSet::Entry const* defaultValue);
    std::string const& label() const { return label_; }
    std::string const& typeName() const { return typeName_; }
    bool isTracked() const { return isTracked_; }
    bool isOptional() const { return optional_; }
    bool hasDefault() const { return hasDefault_; }
    ParameterSet::Entry const& defaultValue() const { return default_; }

    void validate(ParameterSet& pset, std::set<std::string>& validatedLabels) const;
    void writeCfi(std::ostream& os, bool& startWithComma, int indentation) const;

  private:
    std::string label_, typeName_;
    bool isTracked_, optional_, hasDefault_;
    ParameterSet::Entry default_;
  };

  class ParameterSetDescription {
  public:
    template <typename T, typename U>
    ParameterDescriptionBase* add(U const& label, T const& value) {
      return addEntry<T>(label, true, false, &value);
    }
    template <typename T, typename U>
    ParameterDescriptionBase* addUntracked(U const& label, T const& value) {
      return addEntry<T>(label, false, false, &value);
    }
    // Required parameters, without default.
    template <typename T, typename U>
    ParameterDescriptionBase* add(U const& label) {
      return addEntry<T>(label, true, false, nullptr);
    }
    template <typename T, typename U>
    ParameterDescriptionBase* addOptional(U const& label) {
      return addEntry<T>(label, true, true, nullptr);
    }
    template <typename T, typename U>
    ParameterDescriptionBase* addOptionalUntracked(U const& label) {
      return addEntry<T>(label, false, true, nullptr);
    }

    void setComment(std::string const& value) { comment_ = value; }
    std::string const& comment() const { return comment_; }
    void setAllowAnything() { anythingAllowed_ = true; }

    void validate(ParameterSet& pset) const;
    void writeCfi(std::ostream& os, bool startWithComma, int indentation) const;
    // A readable listing (label, type, default, comment), as edmPluginHelp prints it.
    void print(std::ostream& os, int indentation) const;
    std::vector<std::unique_ptr<ParameterDescriptionBase>> const& entries() const { return entries_; }

    ParameterSetDescription() = default;
    ParameterSetDescription(ParameterSetDescription const& other);
    ParameterSetDescription& operator=(ParameterSetDescription const& other);

  private:
    template <typename T>
    ParameterDescriptionBase* addEntry(std::string const& label, bool tracked, bool optional, T const* value) {
      ParameterSet::Entry entry{ParameterValue(value ? *value : T{}), tracked};
      return addNode(std::make_unique<ParameterDescriptionBase>(label, parameterTypeName<T>(), tracked, optional,
                                                                value ? &entry : nullptr));
    }
    ParameterDescriptionBase* addNode(std::unique_ptr<ParameterDescriptionBase> node);

    std::vector<std::unique_ptr<ParameterDescriptionBase>> entries_;
    std::string comment_;
    bool anythingAllowed_ = false;
  };

}  // namespace edm

#endif
