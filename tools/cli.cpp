#include "cli.hpp"

#include "sieve/error.hpp"

#include <cctype>
#include <charconv>
#include <iostream>
#include <sstream>

namespace sieve::cli {

Options::Options(std::string command, std::string summary)
    : command_(std::move(command)), summary_(std::move(summary)) {
  flag("help", "print this help and exit");
}

Options& Options::add(const std::string& name, const std::string& help, std::string default_value,
                      bool required) {
  order_.push_back(name);
  specs_[name] = Spec{help, std::move(default_value), required, false, false};
  return *this;
}

Options& Options::flag(const std::string& name, const std::string& help) {
  order_.push_back(name);
  specs_[name] = Spec{help, "", false, true, false};
  return *this;
}

Options& Options::positional(const std::string& name) {
  if (spec(name).is_flag) throw std::logic_error("positional option --" + name + " must take a value");
  positional_ = name;
  return *this;
}

Options& Options::operands(const std::string& meta, const std::string& help, bool required) {
  operands_meta_ = meta;
  operands_help_ = help;
  operands_required_ = required;
  return *this;
}

bool Options::parse(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 && !positional_.empty() && !specs_.at(positional_).given) {
      specs_.at(positional_).value = arg;
      specs_.at(positional_).given = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0 && !operands_meta_.empty()) {
      operands_.push_back(arg);
      continue;
    }
    if (arg.rfind("--", 0) != 0)
      throw ConfigError("unexpected argument '" + arg +
                        "' (options start with --; see sieve " + command_ + " --help)");
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    auto it = specs_.find(name);
    if (it == specs_.end())
      throw ConfigError("unknown option --" + name + " (see sieve " +
                        command_ + " --help)");
    Spec& s = it->second;
    if (s.is_flag) {
      if (value) throw ConfigError("--" + name + " takes no value");
      s.given = true;
      continue;
    }
    if (!value) {
      if (i + 1 >= args.size())
        throw ConfigError("--" + name + " needs a value");
      value = args[++i];
    }
    s.value = *value;
    s.given = true;
  }
  if (on("help")) {
    std::cout << help();
    return false;
  }
  if (operands_required_ && operands_.empty())
    throw ConfigError("missing " + operands_meta_ + " (" + operands_help_ + ")");
  for (const auto& name : order_) {
    const Spec& s = specs_.at(name);
    if (s.required && !s.given)
      throw ConfigError("missing required option --" + name +
                        " (" + s.help + ")");
  }
  return true;
}

const Options::Spec& Options::spec(const std::string& name) const {
  auto it = specs_.find(name);
  if (it == specs_.end()) throw std::logic_error("option --" + name + " was never declared");
  return it->second;
}

const std::string& Options::str(const std::string& name) const { return spec(name).value; }
bool Options::given(const std::string& name) const { return spec(name).given; }
bool Options::on(const std::string& name) const { return spec(name).given; }

long long Options::integer(const std::string& name) const {
  const std::string& v = str(name);
  long long out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size())
    throw ConfigError("--" + name + " expects an integer, got '" + v + "'");
  return out;
}

double Options::real(const std::string& name) const {
  const std::string& v = str(name);
  double out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size())
    throw ConfigError("--" + name + " expects a number, got '" + v + "'");
  return out;
}

std::string Options::help() const {
  std::ostringstream out;
  out << "usage: sieve " << command_ << " [options]";
  if (!positional_.empty()) {
    std::string meta = positional_;
    for (char& c : meta) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out << " [--" << positional_ << "] " << meta;
  }
  if (!operands_meta_.empty()) out << " " << operands_meta_ << "...";
  out << "\n\n" << summary_ << "\n\n";
  if (!operands_meta_.empty()) out << operands_meta_ << ": " << operands_help_ << "\n\n";
  out << "options:\n";
  for (const auto& name : order_) {
    const Spec& s = specs_.at(name);
    std::string left = "  --" + name + (s.is_flag ? "" : " VALUE");
    out << left << std::string(left.size() < 28 ? 28 - left.size() : 1, ' ') << s.help;
    if (s.required) out << " (required)";
    else if (!s.is_flag && !s.value.empty()) out << " [default: " << s.value << "]";
    out << '\n';
  }
  return out.str();
}

std::map<std::string, Command>& registry() {
  static std::map<std::string, Command> commands;
  return commands;
}

Registration::Registration(std::string name, std::string summary, Run run) {
  registry().emplace(std::move(name), Command{std::move(summary), std::move(run)});
}

} // namespace sieve::cli
