// sieve-gaudi-demo: runs a stand-in Gaudi (Hive) job that scores a HiggsML CSV ntuple
// through SieveScoreTransformer and writes the CSV of `sieve score`.
//
//   sieve-gaudi-demo [--options FILE] --model M --in F --out O [--variations a,b]
//                    [--threads N] [--slots S] [--max-events N] [--quiet]
//
// The options override the options file's properties of the same meaning: --model
// SieveScoreTransformer.ModelPath, --in EventSelector.Input, --out the writer's Output,
// --variations the transformer's and writer's Variations, --threads
// AvalancheSchedulerSvc.ThreadPoolSize (and, unless --slots is given, the number of event
// slots, HiveWhiteBoard.EventSlots).
#include "Gaudi/standin/Application.h"

#include "sieve/data/schema.hpp"
#include "sieve/error.hpp"
#include "sieve/score/csv_event_source.hpp"
#include "sieve/score/scoring_config.hpp"

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
      "Scores a HiggsML CSV file through the Gaudi-style SieveScoreTransformer on the stand-in Hive event\n"
      "loop (S event slots on N threads; default S = N) and writes the CSV layout of `sieve score`.\n";

  // The demo's event selector: each CSV row is one event, put at /Event/Sieve/Inputs
  // (a one-object EventInputs carrying the EventId) and /Event/Sieve/Entry (its row number).
  class HiggsCsvEventSource final : public Gaudi::standin::EventSource {
  public:
    HiggsCsvEventSource(const std::string& path, std::vector<std::string> columns) : m_events(path, std::move(columns), sieve::data::higgsml_schema()) {}
    // A CSV ntuple has an event id only: run 1, luminosity block 1 (score/event_key.hpp).
    std::vector<std::string> provides() const override { return {"/Event/Sieve/Inputs", "/Event/Sieve/Entry"}; }
    bool next(Gaudi::standin::EventStore& store, EventIDBase& id) override {
      sieve::score::SourcedEvent event;
      if (!m_events.next(event)) return false;
      id = EventIDBase(1, static_cast<EventIDBase::event_number_t>(event.inputs.event_id), EventIDBase::UNDEFNUM, 0, 1);
      store.put<sieve::score::EventInputs>("/Event/Sieve/Inputs", std::move(event.inputs), "EventSelector");
      store.put<std::uint64_t>("/Event/Sieve/Entry", event.entry, "EventSelector");
      return true;
    }

  private:
    sieve::score::CsvEventSource m_events;
  };

  std::vector<std::string> split(const std::string& list) {
    std::vector<std::string> items;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');) items.push_back(item);
    return items;
  }

  template <typename T>
  T parsed(const std::string* repr, T fallback, const std::string& what) {
    if (repr == nullptr) return fallback;
    T value{};
    if (Gaudi::Parsers::parse(value, *repr).isFailure())
      throw GaudiException("cannot parse '" + *repr + "' to " + Gaudi::Details::typeName<T>(), what, StatusCode::FAILURE);
    return value;
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
    if (given("model")) set_all("SieveScoreTransformer", "ModelPath", Gaudi::standin::pythonRepr(o.at("model")));
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

    Gaudi::standin::ComponentOptions& selector = component("EventSelector", "HiggsCsvEventSelector");
    if (given("in")) selector.set("Input", Gaudi::standin::pythonRepr(o.at("in")));
    for (const auto& [property, repr] : selector.properties)
      if (property != "Input" && property != "Columns")
        throw GaudiException("'" + selector.type + "' has no property '" + property + "'", selector.name,
                             StatusCode::FAILURE);
    const auto input = parsed<std::string>(selector.get("Input"), "", "EventSelector.Input");
    if (input.empty()) throw sieve::ConfigError("no input file: give --in or EventSelector.Input");
    const auto columns =
        parsed<std::vector<std::string>>(selector.get("Columns"), sieve::data::higgsml_schema().columns, "EventSelector.Columns");

    const auto t0 = std::chrono::steady_clock::now();
    Gaudi::standin::Application app(std::move(options));
    app.setEventSource(std::make_unique<HiggsCsvEventSource>(input, columns));
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
