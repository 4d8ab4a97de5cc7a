#include "FWCore/Framework/interface/EventProcessor.h"
#include "FWCore/Utilities/interface/Exception.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

namespace edm {

  namespace {

    std::string trim(std::string const& s) {
      std::size_t b = 0, e = s.size();
      while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
      while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
      return s.substr(b, e - b);
    }

    bool isIdentifier(std::string const& s) {
      if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
      return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
    }

    // The comma-separated literals between the parentheses: quoted strings keep their quotes.
    std::vector<std::string> splitArguments(std::string const& args) {
      std::vector<std::string> out;
      std::string current;
      char quote = 0;
      bool any = false;
      for (char c : args) {
        if (quote) {
          current += c;
          if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
          quote = c;
          current += c;
          any = true;
        } else if (c == ',') {
          out.push_back(trim(current));
          current.clear();
        } else {
          current += c;
          if (!std::isspace(static_cast<unsigned char>(c))) any = true;
        }
      }
      if (quote) throw std::invalid_argument("unterminated string");
      if (any || !out.empty()) out.push_back(trim(current));
      if (!out.empty() && out.back().empty()) out.pop_back();  // a trailing comma, as Python allows
      return out;
    }

    std::string unquote(std::string const& literal) {
      if (literal.size() < 2 || (literal.front() != '\'' && literal.front() != '"') || literal.back() != literal.front())
        throw std::invalid_argument("expected a quoted string, found " + literal);
      return literal.substr(1, literal.size() - 2);
    }

    template <typename T>
    T number(std::string const& literal) {
      T value{};
      auto const* end = literal.data() + literal.size();
      auto const result = std::from_chars(literal.data(), end, value);
      if (literal.empty() || result.ec != std::errc() || result.ptr != end)
        throw std::invalid_argument("expected a number, found '" + literal + "'");
      return value;
    }

    std::string one(std::vector<std::string> const& args, std::string const& type) {
      if (args.size() != 1) throw std::invalid_argument(type + "(...) takes one value");
      return args.front();
    }

  }  // namespace

  std::string quoteParameter(std::string const& text) { return "'" + text + "'"; }

  ParameterSet::Entry parseParameterValue(std::string const& written) {
    std::string text = trim(written);
    bool tracked = true;
    if (text.rfind("untracked.", 0) == 0) {
      tracked = false;
      text = text.substr(10);
    }
    std::size_t const open = text.find('(');
    if (open == std::string::npos || text.back() != ')')
      throw std::invalid_argument("expected type(value), found '" + written + "'");
    std::string const type = trim(text.substr(0, open));
    std::vector<std::string> const args = splitArguments(text.substr(open + 1, text.size() - open - 2));
    ParameterSet::Entry entry;
    entry.tracked = tracked;
    if (type == "bool") {
      std::string const v = one(args, type);
      if (v != "True" && v != "False") throw std::invalid_argument("bool(...) takes True or False, found " + v);
      entry.value = v == "True";
    } else if (type == "int32") {
      entry.value = number<int>(one(args, type));
    } else if (type == "uint32") {
      entry.value = number<unsigned int>(one(args, type));
    } else if (type == "int64") {
      entry.value = number<long long>(one(args, type));
    } else if (type == "uint64") {
      entry.value = number<unsigned long long>(one(args, type));
    } else if (type == "double") {
      entry.value = number<double>(one(args, type));
    } else if (type == "string") {
      entry.value = unquote(one(args, type));
    } else if (type == "vstring") {
      std::vector<std::string> v;
      for (auto const& a : args) v.push_back(unquote(a));
      entry.value = v;
    } else if (type == "vint32") {
      std::vector<int> v;
      for (auto const& a : args) v.push_back(number<int>(a));
      entry.value = v;
    } else if (type == "vdouble") {
      std::vector<double> v;
      for (auto const& a : args) v.push_back(number<double>(a));
      entry.value = v;
    } else if (type == "FileInPath") {
      entry.value = FileInPath(unquote(one(args, type)));
    } else if (type == "InputTag") {
      if (args.empty() || args.size() > 3) throw std::invalid_argument("InputTag(...) takes 1 to 3 strings");
      entry.value = InputTag(unquote(args[0]), args.size() > 1 ? unquote(args[1]) : "",
                             args.size() > 2 ? unquote(args[2]) : "");
    } else {
      throw std::invalid_argument("unknown parameter type '" + type + "'");
    }
    return entry;
  }

  void ModuleConfig::set(std::string const& name, std::string const& value) {
    for (auto& p : parameters)
      if (p.name == name) {
        p.value = value;
        p.line = 0;
        return;
      }
    parameters.push_back(Parameter{name, value, 0});
  }

  ModuleConfig* JobConfig::findModule(std::string const& label) {
    if (label == "source") return &inputSource;
    for (auto& m : modules)
      if (m.label == label) return &m;
    return nullptr;
  }

  std::vector<ModuleConfig*> JobConfig::modulesOfType(std::vector<std::string> const& types) {
    std::vector<ModuleConfig*> found;
    for (auto& m : modules)
      if (std::find(types.begin(), types.end(), m.type) != types.end()) found.push_back(&m);
    return found;
  }

  JobConfig readJobConfig(std::string const& path) {
    std::ifstream in(path);
    if (!in) throw cms::Exception("Configuration") << "cannot open the job file " << path << "\n";
    JobConfig job;
    job.source = path;
    std::vector<std::string> order;
    std::string raw;
    int lineNumber = 0;
    auto fail = [&](std::string const& why) {
      return cms::Exception("Configuration") << path << " line " << lineNumber << ": " << why << "\n";
    };
    while (std::getline(in, raw)) {
      ++lineNumber;
      int const first = lineNumber;
      // Join continuation lines while parentheses are open.
      auto depth = [](std::string const& s) {
        int d = 0;
        char quote = 0;
        for (char c : s) {
          if (quote) { if (c == quote) quote = 0; }
          else if (c == '\'' || c == '"') quote = c;
          else if (c == '#') break;
          else if (c == '(') ++d;
          else if (c == ')') --d;
        }
        return d;
      };
      std::string line = raw;
      while (depth(line) > 0 && std::getline(in, raw)) {
        ++lineNumber;
        line += " " + raw;
      }
      // Strip a comment outside quotes.
      char quote = 0;
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (quote) { if (line[i] == quote) quote = 0; }
        else if (line[i] == '\'' || line[i] == '"') quote = line[i];
        else if (line[i] == '#') { line.resize(i); break; }
      }
      line = trim(line);
      if (line.empty()) continue;
      std::size_t const eq = line.find('=');
      if (eq == std::string::npos) throw fail("expected 'name = value', found '" + line + "'");
      std::string const lhs = trim(line.substr(0, eq)), rhs = trim(line.substr(eq + 1));
      try {
        if (lhs.rfind("module ", 0) == 0) {
          std::string const label = trim(lhs.substr(7));
          if (!isIdentifier(label) || !isIdentifier(rhs)) throw fail("expected 'module label = Type'");
          if (job.findModule(label)) throw fail("module label '" + label + "' is used twice");
          job.modules.push_back(ModuleConfig{label, rhs, {}});
        } else if (lhs == "source") {
          if (!isIdentifier(rhs)) throw fail("expected 'source = Type'");
          job.inputSource.label = "source";
          job.inputSource.type = rhs;
        } else if (lhs == "path") {
          order.clear();
          std::stringstream list(rhs);
          for (std::string item; std::getline(list, item, ',');) order.push_back(trim(item));
        } else if (lhs.rfind("process.", 0) == 0) {
          std::string const option = lhs.substr(8);
          ParameterSet::Entry const entry = parseParameterValue(rhs);
          auto integer = [&]() -> long long {
            if (auto const* v = std::get_if<int>(&entry.value)) return *v;
            if (auto const* v = std::get_if<unsigned int>(&entry.value)) return *v;
            if (auto const* v = std::get_if<long long>(&entry.value)) return *v;
            throw fail("process." + option + " takes an integer (int32, uint32 or int64)");
          };
          if (option == "numberOfThreads") job.numberOfThreads = static_cast<unsigned int>(std::max(1LL, integer()));
          else if (option == "numberOfStreams") job.numberOfStreams = static_cast<unsigned int>(std::max(0LL, integer()));
          else if (option == "maxEvents") job.maxEvents = integer();
          else throw fail("unknown process option '" + option + "' (numberOfThreads, numberOfStreams, maxEvents)");
        } else {
          std::size_t const dot = lhs.find('.');
          if (dot == std::string::npos) throw fail("expected 'label.parameter = type(value)', found '" + lhs + "'");
          std::string const label = lhs.substr(0, dot), name = lhs.substr(dot + 1);
          ModuleConfig* module = job.findModule(label);
          if (module == nullptr || (label == "source" && job.inputSource.type.empty()))
            throw fail("'" + label + "' is not a module declared above");
          if (!isIdentifier(name)) throw fail("bad parameter name '" + name + "'");
          parseParameterValue(rhs.rfind("FileInPath", 0) == 0 ? "string" + rhs.substr(10) : rhs);  // syntax check
          module->set(name, rhs);
          for (auto& p : module->parameters)
            if (p.name == name) p.line = first;
        }
      } catch (std::invalid_argument const& e) {
        throw fail(e.what());
      }
    }
    if (job.inputSource.type.empty()) throw cms::Exception("Configuration") << path << ": no source declared\n";
    if (!order.empty()) {
      std::vector<ModuleConfig> ordered;
      for (auto const& label : order) {
        auto it = std::find_if(job.modules.begin(), job.modules.end(), [&](auto const& m) { return m.label == label; });
        if (it == job.modules.end())
          throw cms::Exception("Configuration") << path << ": the path names '" << label << "', which is not a module\n";
        ordered.push_back(*it);
      }
      job.modules = std::move(ordered);
    }
    return job;
  }

}  // namespace edm
