#pragma once
// The `sieve` command line: subcommands register themselves, options are declared with
// a default and a help line, and `--help` is generated from the declarations.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sieve::cli {

class Options {
public:
  Options(std::string command, std::string summary);
  // A valued option (--name VALUE or --name=VALUE). An empty default means "required"
  // when `required` is true, "not given" otherwise.
  Options& add(const std::string& name, const std::string& help, std::string default_value = "",
               bool required = false);
  // A switch (--name), false unless given.
  Options& flag(const std::string& name, const std::string& help);
  // Lets one bare argument (not starting with --) stand for the valued option `name`
  // (declared with add()), e.g. `sieve inspect MODEL` for `--model MODEL`.
  Options& positional(const std::string& name);
  // Collects every other bare argument (e.g. the files of `sieve merge-models PART...`),
  // named `meta` in the help; read them with operands().
  Options& operands(const std::string& meta, const std::string& help, bool required = true);

  // Parses; throws ConfigError naming the unknown option, the missing value or the
  // missing required option. Returns false when --help was asked (help is printed).
  bool parse(const std::vector<std::string>& args);

  const std::string& str(const std::string& name) const;
  bool given(const std::string& name) const;
  bool on(const std::string& name) const;
  long long integer(const std::string& name) const;
  double real(const std::string& name) const;
  std::string help() const;
  const std::vector<std::string>& operands() const { return operands_; }

private:
  struct Spec {
    std::string help, value;
    bool required = false, is_flag = false, given = false;
  };
  const Spec& spec(const std::string& name) const;
  std::string command_, summary_, positional_;
  std::string operands_meta_, operands_help_;
  bool operands_required_ = false;
  std::vector<std::string> operands_;
  std::vector<std::string> order_;
  std::map<std::string, Spec> specs_;
};

using Run = std::function<int(const std::vector<std::string>&)>;

// A static object of this type in a subcommand's file makes it part of `sieve`.
struct Registration {
  Registration(std::string name, std::string summary, Run run);
};

struct Command {
  std::string summary;
  Run run;
};
std::map<std::string, Command>& registry();

} // namespace sieve::cli
