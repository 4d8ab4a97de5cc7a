#include "FWCore/ParameterSet/interface/ParameterSet.h"

#include <charconv>
#include <sstream>

namespace edm {

  template <> std::string parameterTypeName<bool>() { return "bool"; }
  template <> std::string parameterTypeName<int>() { return "int32"; }
  template <> std::string parameterTypeName<unsigned int>() { return "uint32"; }
  template <> std::string parameterTypeName<long long>() { return "int64"; }
  template <> std::string parameterTypeName<unsigned long long>() { return "uint64"; }
  template <> std::string parameterTypeName<double>() { return "double"; }
  template <> std::string parameterTypeName<std::string>() { return "string"; }
  template <> std::string parameterTypeName<std::vector<std::string>>() { return "vstring"; }
  template <> std::string parameterTypeName<std::vector<int>>() { return "vint32"; }
  template <> std::string parameterTypeName<std::vector<double>>() { return "vdouble"; }
  template <> std::string parameterTypeName<FileInPath>() { return "FileInPath"; }
  template <> std::string parameterTypeName<InputTag>() { return "InputTag"; }

  std::string parameterTypeName(ParameterValue const& value) {
    return std::visit([](auto const& v) { return parameterTypeName<std::decay_t<decltype(v)>>(); }, value);
  }

  std::vector<std::string> ParameterSet::getParameterNames() const {
    std::vector<std::string> names;
    for (auto const& [name, entry] : entries_) names.push_back(name);
    return names;
  }

  ParameterSet::Entry const* ParameterSet::entry(std::string const& name) const {
    auto const it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
  }

  std::string ParameterSet::dump() const {
    std::ostringstream out;
    for (auto const& [name, entry] : entries_)
      out << name << ": " << (entry.tracked ? "" : "untracked ") << parameterTypeName(entry.value) << "\n";
    return out.str();
  }

}  // namespace edm
