#include "Gaudi/standin/Application.h"
#include "Gaudi/standin/TaskHandoff.h"
#include "sieve/spin_then_wait_mutex.hpp"

#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <mutex>
#include <set>

namespace Gaudi::standin {

  namespace {
    // A service's settings, parsed by the properties' own parsers.
    template <typename T>
    T setting(Options& options, const std::string& component, const std::string& property, T fallback) {
      ComponentOptions* c = options.find(component);
      const std::string* repr = c ? c->get(property) : nullptr;
      if (repr == nullptr) return fallback;
      T value{};
      if (Gaudi::Parsers::parse(value, *repr).isFailure())
        throw GaudiException("cannot parse '" + *repr + "' to " + Gaudi::Details::typeName<T>() + " (" + component +
                                 "." + property + ")",
                             component, StatusCode::FAILURE);
      return value;
    }

    const std::map<std::string, std::set<std::string>> kServiceProperties = {
        {"ApplicationMgr", {"EvtMax", "TopAlg", "EvtSel", "ExtSvc", "EventLoop", "OutputLevel"}},
        {"HiveWhiteBoard", {"EventSlots"}},
        {"AvalancheSchedulerSvc", {"ThreadPoolSize"}},
        {"HiveSlimEventLoopMgr", {"SchedulerName"}},
        {"MessageSvc", {"OutputLevel"}}};
  } // namespace

  Application::Application(Options options) : m_options(std::move(options)) {}
  Application::~Application() = default;

  void Application::bindProperty(const std::string& owner, Gaudi::Details::PropertyBase& property) {
    ComponentOptions* c = m_options.find(owner);
    const std::string* repr = c ? c->get(property.name()) : nullptr;
    if (repr == nullptr) return;
    try {
      property.fromString(*repr).ignore();
    } catch (const std::invalid_argument& e) {
      throw GaudiException("cannot set property '" + property.name() + "' from the options (" + m_options.source +
                               " line " + std::to_string(c->line) + "): " + e.what(),
                           owner, StatusCode::FAILURE);
    }
  }

  EventStore& Application::store(const EventContext& ctx) const { return *m_stores.at(ctx.slot()); }

  Gaudi::Algorithm* Application::algorithm(const std::string& name) const {
    for (const auto& a : m_algs)
      if (a.algorithm->name() == name) return a.algorithm.get();
    return nullptr;
  }

  const LifecycleCounts& Application::counts(const std::string& name) const {
    for (const auto& a : m_algs)
      if (a.algorithm->name() == name) return *a.counts;
    throw GaudiException("no algorithm named '" + name + "'", "ApplicationMgr", StatusCode::FAILURE);
  }

  IEventReader& Application::eventReader() const {
    IEventReader* reader = nullptr;
    std::string readerName;
    for (const auto& a : m_algs)
      if (auto* r = dynamic_cast<IEventReader*>(a.algorithm.get())) {
        if (reader != nullptr)
          throw GaudiException("two algorithms read the events: " + readerName + " and " + a.algorithm->name() +
                                   " (the stand-in's event loop takes one reader)",
                               "ApplicationMgr", StatusCode::FAILURE);
        reader = r;
        readerName = a.algorithm->name();
      }
    if (reader == nullptr)
      throw GaudiException("no algorithm reads the events: the stand-in's event loop needs a reader algorithm in "
                           "TopAlg (Gaudi/standin/IEventReader.h)",
                           "ApplicationMgr", StatusCode::FAILURE);
    return *reader;
  }

  void Application::scheduleByDataFlow() {
    // Only algorithms produce data: the stand-in has no event selector or data loader.
    std::set<std::string> produced;
    for (const auto& a : m_algs)
      for (const std::string& location : a.algorithm->outputDataObjs()) produced.insert(location);
    std::vector<std::string> unmet;
    for (const auto& a : m_algs)
      for (const std::string& location : a.algorithm->inputDataObjs())
        if (!produced.count(location) && std::find(unmet.begin(), unmet.end(), location) == unmet.end())
          unmet.push_back(location);
    if (!unmet.empty()) {
      std::string text = "Auto DataLoading not requested, and the following unmet INPUT dependencies were found:";
      for (const std::string& location : unmet) {
        text += "\n   o '" + location + "'    required by Algorithm: ";
        for (const auto& a : m_algs) {
          const auto in = a.algorithm->inputDataObjs();
          if (std::find(in.begin(), in.end(), location) != in.end()) text += "\n       * " + a.algorithm->name();
        }
      }
      throw GaudiException(text, "AvalancheSchedulerSvc", StatusCode::FAILURE);
    }
    // Data-flow order: repeatedly take the first algorithm (in TopAlg order) whose inputs
    // are all available.
    std::set<std::string> available;
    std::vector<Alg> ordered;
    while (!m_algs.empty()) {
      auto ready = std::find_if(m_algs.begin(), m_algs.end(), [&](const Alg& a) {
        const auto in = a.algorithm->inputDataObjs();
        return std::all_of(in.begin(), in.end(), [&](const std::string& l) { return available.count(l) != 0; });
      });
      if (ready == m_algs.end())
        throw GaudiException("the algorithms' data dependencies form a cycle (" + m_algs.front().algorithm->name() +
                                 " among them)",
                             "AvalancheSchedulerSvc", StatusCode::FAILURE);
      for (const std::string& location : ready->algorithm->outputDataObjs()) available.insert(location);
      ordered.push_back(std::move(*ready));
      m_algs.erase(ready);
    }
    m_algs = std::move(ordered);
  }

  void Application::run() {
    // Services: event slots, thread pool, events, algorithms.
    for (const auto& c : m_options.components) {
      auto const known = kServiceProperties.find(c.type);
      if (known == kServiceProperties.end()) continue;
      for (const auto& [property, repr] : c.properties)
        if (!known->second.count(property))
          throw GaudiException("'" + c.type + "' has no property '" + property + "' (" + m_options.source + " line " +
                                   std::to_string(c.line) + ")",
                               c.name, StatusCode::FAILURE);
    }
    Gaudi::Algorithm::setGlobalOutputLevel(setting<int>(m_options, "MessageSvc", "OutputLevel", MSG::INFO));
    m_evtMax = setting<long>(m_options, "ApplicationMgr", "EvtMax", -1);
    m_slots = static_cast<std::size_t>(std::max(1, setting<int>(m_options, "EventDataSvc", "EventSlots",
                                                                setting<int>(m_options, "HiveWhiteBoard", "EventSlots", 1))));
    const int pool = setting<int>(m_options, "AvalancheSchedulerSvc", "ThreadPoolSize", -1);
    m_threads = pool > 0 ? static_cast<std::size_t>(pool) : static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
    if (setting<std::string>(m_options, "ApplicationMgr", "EventLoop", "EventLoopMgr") == "HiveSlimEventLoopMgr") {
      const std::string scheduler =
          setting<std::string>(m_options, "HiveSlimEventLoopMgr", "SchedulerName", "AvalancheSchedulerSvc");
      if (scheduler != "AvalancheSchedulerSvc")
        throw GaudiException("Failed to retrieve the scheduler '" + scheduler +
                                 "' (the stand-in has AvalancheSchedulerSvc only)",
                             "HiveSlimEventLoopMgr", StatusCode::FAILURE);
    } else {
      m_slots = m_threads = 1;  // Gaudi's sequential EventLoopMgr
    }
    const std::string selector = setting<std::string>(m_options, "ApplicationMgr", "EvtSel", "NONE");
    if (selector != "NONE")
      throw GaudiException("EvtSel = '" + selector +
                               "': the stand-in has no event selector; the inputs come from a reader algorithm "
                               "in TopAlg (EvtSel = 'NONE')",
                           "ApplicationMgr", StatusCode::FAILURE);

    for (const std::string& name : setting<std::vector<std::string>>(m_options, "ApplicationMgr", "TopAlg", {})) {
      ComponentOptions* c = m_options.find(name);
      const std::string type = c ? c->type : name;
      auto const factory = algorithmFactories().find(type);
      if (factory == algorithmFactories().end())
        throw GaudiException("Unable to create Algorithm " + type + "/" + name + ": no component of type " + type,
                             "ApplicationMgr", StatusCode::FAILURE);
      m_algs.push_back(Alg{factory->second(name, this), std::make_unique<LifecycleCounts>()});
      ++m_algs.back().counts->constructed;
      if (c) {  // GaudiConfig2 refuses a property the component does not declare
        for (const auto& [property, repr] : c->properties)
          if (m_algs.back().algorithm->getProperty(property) == nullptr)
            throw GaudiException("'" + type + "' has no property '" + property + "' (" + m_options.source + " line " +
                                     std::to_string(c->line) + ")",
                                 name, StatusCode::FAILURE);
      }
    }
    for (std::size_t s = 0; s < m_slots; ++s) m_stores.push_back(std::make_unique<EventStore>());

    for (auto& a : m_algs) {
      StatusCode sc = StatusCode::FAILURE;
      try {
        sc = a.algorithm->sysInitialize();
      } catch (const GaudiException& e) {
        a.algorithm->error() << e.message() << endmsg;
        throw GaudiException("Failed to initialize " + a.algorithm->name() + ": " + e.message(), "ApplicationMgr",
                             StatusCode::FAILURE);
      }
      ++a.counts->initialize;
      if (sc.isFailure())
        throw GaudiException("Failed to initialize " + a.algorithm->name(), "ApplicationMgr", StatusCode::FAILURE);
    }
    scheduleByDataFlow();
    IEventReader& reader = eventReader();
    for (auto& a : m_algs) {
      if (a.algorithm->start().isFailure())
        throw GaudiException("Failed to start " + a.algorithm->name(), "ApplicationMgr", StatusCode::FAILURE);
      ++a.counts->start;
    }

    // The event loop: each slot one event at a time, the slots concurrently on the pool;
    // the reader gives each new event its identity, one event at a time.
    sieve::SpinThenWaitMutex readerMutex;
    std::mutex errorMutex;
    std::atomic<bool> stop{false};
    std::string error;
    std::size_t evt = 0;
    std::function<void(std::size_t, tbb::task_group&)> processNext = [&](std::size_t slot, tbb::task_group& group) {
      EventStore& store = *m_stores[slot];
      EventContext ctx;
      try {
        std::lock_guard lock(readerMutex);
        if (stop || (m_evtMax >= 0 && static_cast<long long>(evt) >= m_evtMax)) return;
        store.clear();
        ctx = EventContext(evt, slot);
        EventIDBase id;
        if (!reader.readNext(ctx, id)) return;
        ++evt;
        ctx.setEventID(id);
      } catch (const std::exception& e) {
        stop = true;
        std::lock_guard lock(errorMutex);
        if (error.empty()) error = std::string("reading the next event: ") + e.what();
        return;
      }
      for (auto& a : m_algs) {
        StatusCode sc = StatusCode::FAILURE;
        std::string why;
        try {
          sc = a.algorithm->execute(ctx);
        } catch (const std::exception& e) {
          why = e.what();
        }
        ++a.counts->execute;
        if (sc.isFailure()) {
          stop = true;
          std::lock_guard lock(errorMutex);
          if (error.empty())
            error = "event " + std::to_string(ctx.evt()) + " in slot " + std::to_string(slot) + ": " +
                    a.algorithm->name() + " failed" + (why.empty() ? "" : ": " + why);
          return;
        }
      }
      runTask(group, [&, slot] { processNext(slot, group); });
    };
    tbb::task_arena arena(static_cast<int>(m_threads));
    arena.execute([&] {
      tbb::task_group group;
      for (std::size_t s = 0; s < m_slots; ++s) runTask(group, [&, s] { processNext(s, group); });
      waitTasks(group);
    });
    m_events = static_cast<long long>(evt);

    for (auto& a : m_algs) {
      a.algorithm->stop().ignore();
      ++a.counts->stop;
    }
    for (auto& a : m_algs) {
      a.algorithm->finalize().ignore();
      ++a.counts->finalize;
    }
    if (!error.empty()) throw GaudiException(error, "EventLoopMgr", StatusCode::FAILURE);
  }

} // namespace Gaudi::standin
