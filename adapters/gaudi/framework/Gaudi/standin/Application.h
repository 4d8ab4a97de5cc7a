#pragma once
// The stand-in's gaudirun.py + ApplicationMgr + HiveWhiteBoard + AvalancheSchedulerSvc +
// HiveSlimEventLoopMgr.
//
// readOptions reads a GaudiConfig2-style options file: Python statements of the form
//   from GaudiConfig2 import Configurables as C
//   def main():
//       scorer = C.SieveScoreTransformer("SieveScore", ModelPath="m.model", TTA=True)
//       scorer.Variations = ["nominal", "tes_up"]
//       app = C.ApplicationMgr(EvtMax=-1, TopAlg=[reader, scorer, writer], EvtSel="NONE")
//       return [app, reader, scorer, writer]
// (a declarative subset: component constructions with keyword properties, property
// assignments, strings, numbers, True/False, lists, component references). Each property
// value is kept as the Python repr Gaudi passes to C++ and parsed by the property itself.
//
// Application runs the job like Gaudi's Hive event loop: the TopAlg algorithms are made
// through their DECLARE_COMPONENT factories (one instance each: reentrant algorithms are
// shared by all slots), their properties bound (an unknown property name or a value that
// does not parse is a configuration error), then initialize and start; EventSlots slots
// process events concurrently on a TBB arena of ThreadPoolSize threads, each slot one event
// at a time through the algorithms in data-flow order; then stop and finalize, which
// prints each algorithm's counters.
//
// The event loop is Gaudi's: ApplicationMgr.EventLoop = "HiveSlimEventLoopMgr" with its
// SchedulerName = "AvalancheSchedulerSvc" runs the slots concurrently; any other event
// loop (Gaudi's default EventLoopMgr) runs one event at a time on one thread. As the
// AvalancheSchedulerSvc does at initialize, an algorithm input that no algorithm produces
// fails the job with the scheduler's FATAL message, and the algorithms of an event run in
// data-flow order (each after those whose outputs it reads, TopAlg order otherwise), one
// after another. The inputs come from a reader algorithm (EvtSel = "NONE": the stand-in
// has no event selector), which gives the loop each event's identity and ends the run at
// the end of its input (Gaudi/standin/IEventReader.h).
#include "Gaudi/Algorithm.h"
#include "Gaudi/standin/EventStore.h"
#include "Gaudi/standin/IEventReader.h"
#include "GaudiKernel/ISvcLocator.h"

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace Gaudi::standin {

  struct ComponentOptions {
    std::string type;  // C++ type, e.g. "SieveScoreTransformer"
    std::string name;  // instance name
    int line = 0;      // where it was made
    std::vector<std::pair<std::string, std::string>> properties;  // name -> Python repr

    // Adds or replaces a property (a command-line override); `repr` is a Python repr.
    void set(const std::string& property, const std::string& repr);
    const std::string* get(const std::string& property) const;
  };

  struct Options {
    std::string source;
    std::vector<ComponentOptions> components;
    ComponentOptions* find(const std::string& name);
    std::vector<ComponentOptions*> ofType(const std::string& type);
  };

  // Throws GaudiException naming the file and line.
  Options readOptions(const std::string& path);
  // Python reprs for command-line overrides.
  std::string pythonRepr(const std::string& text);
  std::string pythonRepr(const std::vector<std::string>& list);

  struct LifecycleCounts {
    std::atomic<int> constructed{0}, initialize{0}, start{0}, stop{0}, finalize{0};
    std::atomic<long long> execute{0};
  };

  class Application final : public ISvcLocator, public IWhiteBoard {
  public:
    explicit Application(Options options);
    ~Application() override;

    // initialize, start, the event loop, stop, finalize. Throws GaudiException for a
    // configuration error (a job without a reader algorithm among them) or a failed
    // transition; an event whose algorithm fails stops the loop and the run throws after
    // stop and finalize.
    void run();

    std::size_t eventSlots() const { return m_slots; }
    std::size_t threads() const { return m_threads; }
    long long eventsProcessed() const { return m_events; }
    Gaudi::Algorithm* algorithm(const std::string& name) const;
    const LifecycleCounts& counts(const std::string& name) const;

    void bindProperty(const std::string& owner, Gaudi::Details::PropertyBase& property) override;
    EventStore& store(const EventContext& ctx) const override;

  private:
    // The AvalancheSchedulerSvc's initialize: unmet inputs, then the data-flow order.
    void scheduleByDataFlow();
    // The one TopAlg algorithm that reads the events.
    IEventReader& eventReader() const;
    struct Alg {
      std::unique_ptr<Gaudi::Algorithm> algorithm;
      std::unique_ptr<LifecycleCounts> counts;
    };
    Options m_options;
    std::vector<Alg> m_algs;
    mutable std::vector<std::unique_ptr<EventStore>> m_stores;
    std::size_t m_slots = 1, m_threads = 1;
    long long m_evtMax = -1, m_events = 0;
  };

} // namespace Gaudi::standin
