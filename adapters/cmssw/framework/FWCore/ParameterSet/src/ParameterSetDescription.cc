#include "FWCore/ParameterSet/interface/ConfigurationDescriptions.h"
#include "FWCore/ParameterSet/interface/ParameterSetDescription.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace edm {

  namespace {
    std::string quoted(std::string const& s) { return "'" + s + "'"; }

    std::string number(double x) {
      char buffer[64];
      auto const result = std::to_chars(buffer, buffer + sizeof buffer, x);
      std::string s(buffer, result.ptr);
      if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
      return s;
    }

    template <typename T>
    void writeList(std::ostream& os, std::vector<T> const& values, int indentation, auto&& format) {
      if (values.empty()) return;
      if (values.size() == 1) {
        os << format(values.front());
        return;
      }
      std::string const pad(static_cast<std::size_t>(indentation + 2), ' ');
      for (std::size_t i = 0; i < values.size(); ++i) os << "\n" << pad << format(values[i]) << (i + 1 < values.size() ? "," : "");
      os << "\n" << std::string(static_cast<std::size_t>(indentation), ' ');
    }

    // The argument list of cms.<type>(...) in a cfi file.
    void writeValue(std::ostream& os, ParameterValue const& value, int indentation) {
      std::visit(
          [&](auto const& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>) os << (v ? "True" : "False");
            else if constexpr (std::is_same_v<T, double>) os << number(v);
            else if constexpr (std::is_same_v<T, std::string>) os << quoted(v);
            else if constexpr (std::is_same_v<T, FileInPath>) os << quoted(v.relativePath());
            else if constexpr (std::is_same_v<T, InputTag>) {
              os << quoted(v.label());
              if (!v.instance().empty() || !v.process().empty()) os << ", " << quoted(v.instance());
              if (!v.process().empty()) os << ", " << quoted(v.process());
            } else if constexpr (std::is_same_v<T, std::vector<std::string>>)
              writeList(os, v, indentation, [](std::string const& s) { return quoted(s); });
            else if constexpr (std::is_same_v<T, std::vector<double>>)
              writeList(os, v, indentation, [](double x) { return number(x); });
            else if constexpr (std::is_same_v<T, std::vector<int>>)
              writeList(os, v, indentation, [](int x) { return std::to_string(x); });
            else os << v;
          },
          value);
    }

    std::string trackedType(bool tracked, std::string const& type) { return (tracked ? "" : "untracked ") + type; }
  }  // namespace

  ParameterDescriptionBase::ParameterDescriptionBase(std::string label, std::string typeName, bool isTracked,
                                                     bool optional, ParameterSet::Entry const* defaultValue)
      : label_(std::move(label)),
        typeName_(std::move(typeName)),
        isTracked_(isTracked),
        optional_(optional),
        hasDefault_(defaultValue != nullptr) {
    if (label_.empty())
      throw Exception(errors::LogicError) << "Empty string used as a label for a parameter.  This is\nnot allowed.\n";
    if (defaultValue) default_ = *defaultValue;
  }

  void ParameterDescriptionBase::validate(ParameterSet& pset, std::set<std::string>& validatedLabels) const {
    ParameterSet::Entry const* entry = pset.entry(label_);
    if (entry != nullptr) {
      bool const rightType = parameterTypeName(entry->value) == typeName_;
      if (rightType && entry->tracked == isTracked_) {
        validatedLabels.insert(label_);
        return;
      }
      if (rightType)
        throw Exception(errors::Configuration)
            << "In the configuration, parameter \"" << label_ << "\" is defined as "
            << (entry->tracked ? "a tracked " : "an untracked ") << typeName_ << ".\n"
            << "It should be " << (isTracked_ ? "tracked" : "untracked") << ".\n";
      throw Exception(errors::Configuration)
          << "Parameter \"" << label_ << "\" should be defined as " << (isTracked_ ? "a tracked " : "an untracked ")
          << typeName_ << ".\n"
          << "The type in the configuration is incorrect.\n";
    }
    if (optional_) return;
    if (!hasDefault_)
      throw Exception(errors::Configuration)
          << "Missing required parameter.  It should have label \"" << label_ << "\" and have type \""
          << trackedType(isTracked_, typeName_) << "\".\n"
          << "The description has no default.  The parameter must be defined in the configuration\n";
    pset.insert(label_, default_);
    validatedLabels.insert(label_);
  }

  void ParameterDescriptionBase::writeCfi(std::ostream& os, bool& startWithComma, int indentation) const {
    if (startWithComma) os << ",";
    startWithComma = true;
    os << "\n" << std::string(static_cast<std::size_t>(indentation), ' ') << label_ << " = cms.";
    if (!hasDefault_) {
      os << (optional_ ? "optional." : "required.") << (isTracked_ ? "" : "untracked.") << typeName_;
      return;
    }
    if (!isTracked_) os << "untracked.";
    os << typeName_ << "(";
    writeValue(os, default_.value, indentation);
    os << ")";
  }

  ParameterSetDescription::ParameterSetDescription(ParameterSetDescription const& other)
      : comment_(other.comment_), anythingAllowed_(other.anythingAllowed_) {
    for (auto const& e : other.entries_) entries_.push_back(std::make_unique<ParameterDescriptionBase>(*e));
  }

  ParameterSetDescription& ParameterSetDescription::operator=(ParameterSetDescription const& other) {
    if (this != &other) {
      ParameterSetDescription copy(other);
      entries_ = std::move(copy.entries_);
      comment_ = other.comment_;
      anythingAllowed_ = other.anythingAllowed_;
    }
    return *this;
  }

  ParameterDescriptionBase* ParameterSetDescription::addNode(std::unique_ptr<ParameterDescriptionBase> node) {
    for (auto const& e : entries_)
      if (e->label() == node->label())
        throw Exception(errors::LogicError)
            << "Labels used in different nodes of a ParameterSetDescription\n"
            << "must be unique.  The following duplicate labels were detected:\n \"" << node->label() << "\"\n\n";
    entries_.push_back(std::move(node));
    return entries_.back().get();
  }

  void ParameterSetDescription::validate(ParameterSet& pset) const {
    std::set<std::string> validated;
    for (auto const& e : entries_) e->validate(pset, validated);
    if (anythingAllowed_) return;
    std::vector<std::string> illegal;
    for (auto const& name : pset.getParameterNames())
      if (!validated.count(name) && name.front() != '@') illegal.push_back(name);
    if (illegal.empty()) return;
    std::ostringstream names;
    for (auto const& name : illegal) names << " '" << name << "'\n";
    if (illegal.size() == 1)
      throw Exception(errors::Configuration)
          << "Illegal parameter found in configuration.  The parameter is named:\n"
          << names.str() << "You could be trying to use a parameter name that is not\n"
          << "allowed for this plugin or it could be misspelled.\n";
    throw Exception(errors::Configuration)
        << "Illegal parameters found in configuration.  The parameters are named:\n"
        << names.str() << "You could be trying to use parameter names that are not\n"
        << "allowed for this plugin or they could be misspelled.\n";
  }

  void ParameterSetDescription::writeCfi(std::ostream& os, bool startWithComma, int indentation) const {
    for (auto const& e : entries_) e->writeCfi(os, startWithComma, indentation);
    if (!entries_.empty()) os << "\n";
  }

  void ParameterSetDescription::print(std::ostream& os, int indentation) const {
    std::string const pad(static_cast<std::size_t>(indentation), ' ');
    if (!comment_.empty()) os << pad << comment_ << "\n\n";
    for (auto const& e : entries_) {
      os << pad << e->label() << "\n"
         << pad << "    type: " << trackedType(e->isTracked(), e->typeName()) << (e->isOptional() ? " optional" : "")
         << "\n"
         << pad << "    default: ";
      if (e->hasDefault()) {
        std::ostringstream value;
        writeValue(value, e->defaultValue().value, indentation + 4);
        os << value.str();
      } else {
        os << "none";
      }
      os << "\n";
      if (!e->comment().empty()) os << pad << "    " << e->comment() << "\n";
      os << "\n";
    }
  }

  std::string defaultModuleLabel(std::string name) {
    for (std::size_t p; (p = name.find("::")) != std::string::npos;) name.erase(p, 2);
    std::size_t run = 0;
    while (run < name.size() && std::isupper(static_cast<unsigned char>(name[run]))) ++run;
    // An upper-case run followed by lower case keeps its last letter upper case (PATJet -> patJet).
    std::size_t const lower = run > 1 && run < name.size() ? run - 1 : run;
    for (std::size_t i = 0; i < lower; ++i) name[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
    return name;
  }

  ConfigurationDescriptions::ConfigurationDescriptions(std::string const& baseType, std::string const& pluginName)
      : baseType_(baseType), pluginName_(pluginName) {}

  void ConfigurationDescriptions::add(std::string const& label, ParameterSetDescription const& description) {
    descriptions_.emplace_back(label, description);
  }

  void ConfigurationDescriptions::addDefault(ParameterSetDescription const& description) {
    defaultDescDefined_ = true;
    defaultDesc_ = description;
  }

  void ConfigurationDescriptions::addWithDefaultLabel(ParameterSetDescription const& description) {
    add(defaultModuleLabel(pluginName_), description);
  }

  void ConfigurationDescriptions::validate(ParameterSet& pset, std::string const& moduleLabel) const {
    for (auto const& [label, description] : descriptions_)
      if (label == moduleLabel) return description.validate(pset);
    if (defaultDescDefined_) return defaultDesc_.validate(pset);
    if (!descriptions_.empty()) descriptions_.front().second.validate(pset);
  }

  std::vector<std::pair<std::string, std::string>> ConfigurationDescriptions::cfis() const {
    std::vector<std::pair<std::string, std::string>> files;
    for (auto const& [label, description] : descriptions_) {
      std::ostringstream out;
      out << "import FWCore.ParameterSet.Config as cms\n\n"
          << label << " = cms." << baseType_ << "('" << pluginName_ << "'";
      description.writeCfi(out, true, 2);
      out << ")\n";
      files.emplace_back(label + "_cfi.py", out.str());
    }
    return files;
  }

  void ConfigurationDescriptions::print(std::ostream& os) const {
    os << pluginName_ << "  (" << baseType_ << ")\n";
    if (!comment_.empty()) os << comment_ << "\n";
    os << "\n";
    for (auto const& [label, description] : descriptions_) {
      os << "  module label: " << label << "\n\n";
      description.print(os, 4);
    }
    if (defaultDescDefined_) {
      os << "  description without a module label\n\n";
      defaultDesc_.print(os, 4);
    }
  }

}  // namespace edm
