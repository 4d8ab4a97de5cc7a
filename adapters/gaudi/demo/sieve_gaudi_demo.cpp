// sieve-gaudi-demo: runs a stand-in Gaudi (Hive) job that reads a CSV ntuple with the
// SieveCsvEventReader algorithm, scores it through SieveScoreTransformer and writes the CSV
// of `sieve score`.
//
//   sieve-gaudi-demo [--options FILE] --model M --in F --out O [--variations a,b]
//                    [--threads N] [--slots S] [--max-events N] [--quiet]
//
// The options override the options file's properties of the same meaning: --model the
// reader's and transformer's ModelPath, --in the reader's Input, --out the writer's Output,
// --variations the transformer's and writer's Variations, --threads
// AvalancheSchedulerSvc.ThreadPoolSize (and, unless --slots is given, the number of event
// slots, HiveWhiteBoard.EventSlots).
#include "Gaudi/standin/Application.h"

#include "sieve/error.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>

namespace {

  const char* const kUsage =
      "usage: sieve-gaudi-demo [--options FILE] --model M --in F --out O [--variations a,b,...] [--threads N]\n"
      "                        [--slots S] [--max-events N] [--quiet]\n"
      "Scores a CSV file (the model's columns) through the Gaudi-style SieveScoreTransformer on the stand-in\n"
      "Hive event loop (S event slots on N threads; default S = N) and writes the CSV layout of `sieve score`.\n";

  std::vector<std::string> split(const std::string& list) {
    std::vector<std::string> items;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');) items.push_back(item);
    return items;
  }

  int run(const std::map<std::string, std::string>& o) {
    auto given = [&](const char* name) { return o.count(name) != 0; };
    Gaudi::standin::Options options = Gaudi::standin::readOptions(
        given("options") ? o.at("options") : SIEVE_SOURCE_DIR "/adapters/gaudi/options/sieveScore.py");
    auto set_all = [&](const std::string& type, const std::string& property, const std::string& repr) {
      for (auto* c : options.ofType(type)) c->set(property, repr);
    };
    auto component = [&](const std::string& name, const std::string& type) -> Gaudi::standin::ComponentOptions& {
      if (auto* c = options.find(name)) return *c;
      options.components.push_back({type, name, 0, {}});
      return options.components.back();
    };
    if (given("model")) {
      set_all("SieveCsvEventReader", "ModelPath", Gaudi::standin::pythonRepr(o.at("model")));
      set_all("SieveScoreTransformer", "ModelPath", Gaudi::standin::pythonRepr(o.at("model")));
    }
    if (given("in")) set_all("SieveCsvEventReader", "Input", Gaudi::standin::pythonRepr(o.at("in")));
    if (given("variations")) {
      const std::string repr = Gaudi::standin::pythonRepr(split(o.at("variations")));
      set_all("SieveScoreTransformer", "Variations", repr);
      set_all("SieveScoresCsvWriter", "Variations", repr);
    }
    if (given("out")) set_all("SieveScoresCsvWriter", "Output", Gaudi::standin::pythonRepr(o.at("out")));
    if (given("threads")) {
      component("AvalancheSchedulerSvc", "AvalancheSchedulerSvc").set("ThreadPoolSize", o.at("threads"));
      if (!given("slots")) component("EventDataSvc", "HiveWhiteBoard").set("EventSlots", o.at("threads"));
    }
    if (given("slots")) component("EventDataSvc", "HiveWhiteBoard").set("EventSlots", o.at("slots"));
    if (given("max-events")) component("ApplicationMgr", "ApplicationMgr").set("EvtMax", o.at("max-events"));
    if (given("quiet")) component("MessageSvc", "MessageSvc").set("OutputLevel", "4");  // WARNING

    const auto t0 = std::chrono::steady_clock::now();
    Gaudi::standin::Application app(std::move(options));
    app.run();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!given("quiet"))
      std::printf("%lld events, %zu threads, %zu slots: %.3f s, %.0f events/s\n", app.eventsProcessed(), app.threads(),
                  app.eventSlots(), seconds, static_cast<double>(app.eventsProcessed()) / seconds);
    return 0;
  }

} // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> options;
  static const char* const known[] = {"options", "model",   "in",         "out",  "variations",
                                      "threads", "slots", "max-events", "quiet"};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    const std::string name = arg.rfind("--", 0) == 0 ? arg.substr(2) : "";
    if (std::find(std::begin(known), std::end(known), name) == std::end(known)) {
      std::cerr << "sieve-gaudi-demo: unknown argument '" << arg << "'\n" << kUsage;
      return 2;
    }
    if (name == "quiet") {
      options[name];  // a switch: present, empty
      continue;
    }
    if (i + 1 >= argc) {
      std::cerr << "sieve-gaudi-demo: " << arg << " needs a value\n" << kUsage;
      return 2;
    }
    options[name] = argv[++i];
  }
  try {
    return run(options);
  } catch (const GaudiException& e) {
    std::cerr << "sieve-gaudi-demo: error: " << e.tag() << " : " << e.message() << "\n";
    return 2;
  } catch (const sieve::ConfigError& e) {
    std::cerr << "sieve-gaudi-demo: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "sieve-gaudi-demo: error: " << e.what() << "\n";
    return 1;
  }
}
