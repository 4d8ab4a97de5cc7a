#ifndef FWCore_ParameterSet_ParameterSet_h
#define FWCore_ParameterSet_ParameterSet_h
// Stand-in for edm::ParameterSet: named, typed, tracked or untracked parameters. The
// types are CMSSW's (bool, int32, uint32, int64, uint64, double, string, vstring, vint32,
// vdouble, FileInPath, InputTag); getParameter<T> of a missing name, of an untracked one,
// or with the wrong type throws edm::Exception(Configuration).
#include "FWCore/ParameterSet/interface/FileInPath.h"
#include "FWCore/Utilities/interface/EDMException.h"
#include "FWCore/Utilities/interface/InputTag.h"

#include <map>
#include <string>
#include <variant>
#include <vector>

namespace edm {

  using ParameterValue = std::variant<bool,
                                      int,
                                      unsigned int,
                                      long long,
                                      unsigned long long,
                                      double,
                                      std::string,
                                      std::vector<std::string>,
                                      std::vector<int>,
                                      std::vector<double>,
                                      FileInPath,
                                      InputTag>;

  // CMSSW's name of a parameter type: "bool", "int32", "vstring", "FileInPath", ...
  template <typename T>
  std::string parameterTypeName();
  std::string parameterTypeName(ParameterValue const& value);

  class ParameterSet {
  public:
    struct Entry {
      ParameterValue value;
      bool tracked = true;
    };

    template <typename T>
    T getParameter(std::string const& name) const {
      return get<T>(name, true);
    }
    template <typename T>
    T getUntrackedParameter(std::string const& name) const {
      return get<T>(name, false);
    }
    template <typename T>
    T getUntrackedParameter(std::string const& name, T const& defaultValue) const {
      auto const it = entries_.find(name);
      return it == entries_.end() ? defaultValue : get<T>(name, false);
    }
    template <typename T>
    void addParameter(std::string const& name, T value) {
      entries_[name] = Entry{ParameterValue(std::move(value)), true};
    }
    template <typename T>
    void addUntrackedParameter(std::string const& name, T value) {
      entries_[name] = Entry{ParameterValue(std::move(value)), false};
    }

    bool exists(std::string const& name) const { return entries_.count(name) != 0; }
    template <typename T>
    bool existsAs(std::string const& name, bool trackiness = true) const {
      auto const it = entries_.find(name);
      return it != entries_.end() && it->second.tracked == trackiness &&
             std::holds_alternative<T>(it->second.value);
    }
    // Sorted, as CMSSW returns them.
    std::vector<std::string> getParameterNames() const;

    // Stand-in access for the configuration reader and the validator.
    Entry const* entry(std::string const& name) const;
    void insert(std::string const& name, Entry entry) { entries_[name] = std::move(entry); }
    // "name: type value" lines, for messages and dumps.
    std::string dump() const;

  private:
    template <typename T>
    T get(std::string const& name, bool tracked) const {
      auto const it = entries_.find(name);
      if (it == entries_.end() || it->second.tracked != tracked)
        throw Exception(errors::Configuration, "MissingParameter:")
            << "Parameter '" << name << "' not found.";
      if (T const* value = std::get_if<T>(&it->second.value)) return *value;
      throw Exception(errors::Configuration, "ValueError")
          << "Parameter '" << name << "' is declared as " << parameterTypeName(it->second.value)
          << " but requested as " << parameterTypeName<T>() << ".";
    }

    std::map<std::string, Entry> entries_;
  };

}  // namespace edm

#endif
