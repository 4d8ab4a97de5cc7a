// `sieve`: dispatches to the registered subcommands.
#include "cli.hpp"
#include "sieve/build_info.hpp"
#include "sieve/error.hpp"
#include "sieve/io/signal_cleanup.hpp"

#include <exception>
#include <iostream>

namespace {

void usage() {
  std::cout << "usage: sieve <command> [options]\n\n"
               "Trains, evaluates and scores ensembles of dense networks for event\n"
               "classification (the Strong 2020 HiggsML recipe).\n\ncommands:\n";
  for (const auto& [name, command] : sieve::cli::registry())
    std::cout << "  " << name << std::string(name.size() < 20 ? 20 - name.size() : 1, ' ')
              << command.summary << '\n';
  std::cout << "\n`sieve <command> --help` describes a command's options.\n";
}

} // namespace

int main(int argc, char** argv) {
  // SIGINT, SIGTERM and SIGHUP remove the temporary files of outputs being written.
  sieve::io::install_signal_cleanup();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    usage();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "sieve " << sieve::library_version() << "\nEigen SIMD: "
              << sieve::simd_instructions() << " (" << sieve::simd_float_lanes()
              << " float lanes)\n";
    return 0;
  }
  auto& commands = sieve::cli::registry();
  auto it = commands.find(args[0]);
  if (it == commands.end()) {
    std::cerr << "sieve: unknown command '" << args[0] << "' (see sieve --help)\n";
    return 2;
  }
  try {
    return it->second.run(std::vector<std::string>(args.begin() + 1, args.end()));
  } catch (const sieve::ConfigError& e) {
    std::cerr << "sieve " << args[0] << ": error: " << e.what() << '\n';
    return 2;
  } catch (const sieve::InputError& e) {
    std::cerr << "sieve " << args[0] << ": input error: " << e.what() << '\n';
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "sieve " << args[0] << ": internal error: " << e.what() << '\n';
    return 1;
  }
}
