#include "FWCore/Framework/interface/EventProcessor.h"
#include "FWCore/Concurrency/interface/taskHandoff.h"
#include "FWCore/Utilities/interface/EDMException.h"
#include "sieve/spin_then_wait_mutex.hpp"

#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <atomic>
#include <exception>
#include <mutex>
#include <sstream>

namespace edm {

  namespace standin {
    std::map<std::string, std::unique_ptr<Maker>>& makerRegistry() {
      static std::map<std::string, std::unique_ptr<Maker>> registry;
      return registry;
    }
    std::map<std::string, std::unique_ptr<SourceMaker>>& sourceRegistry() {
      static std::map<std::string, std::unique_ptr<SourceMaker>> registry;
      return registry;
    }
  }  // namespace standin

  namespace {

    // CMSSW turns every exception into a cms::Exception before adding its context.
    cms::Exception convert(std::exception_ptr error) {
      try {
        std::rethrow_exception(error);
      } catch (cms::Exception const& e) {
        return e;
      } catch (std::exception const& e) {
        return cms::Exception("StdException") << "A std::exception was thrown.\n" << e.what();
      } catch (...) {
        return cms::Exception("Unknown") << "An exception of unknown type was thrown";
      }
    }

    ParameterSet makeParameterSet(JobConfig const& job, ModuleConfig const& module) {
      ParameterSet pset;
      for (auto const& p : module.parameters) {
        try {
          pset.insert(p.name, parseParameterValue(p.value));
        } catch (std::invalid_argument const& e) {
          throw cms::Exception("Configuration")
              << (p.line > 0 ? job.source + " line " + std::to_string(p.line) : std::string("command line")) << ": "
              << module.label << "." << p.name << ": " << e.what() << "\n";
        }
      }
      pset.addParameter<std::string>("@module_label", module.label);
      pset.addParameter<std::string>("@module_type", module.type);
      return pset;
    }

  }  // namespace

  struct EventProcessor::Impl {
    JobConfig job;
    std::unique_ptr<InputSource> source;
    standin::TransitionCounts sourceCounts;
    std::vector<std::unique_ptr<standin::Worker>> workers;
    std::vector<std::unique_ptr<EventPrincipal>> principals;
    sieve::SpinThenWaitMutex sourceMutex;
    long long eventsRead = 0;
    std::atomic<bool> stop{false};
    std::mutex errorMutex;
    std::exception_ptr firstError;

    void fail(std::exception_ptr error) {
      stop = true;
      std::lock_guard lock(errorMutex);
      if (!firstError) firstError = error;
    }

    bool readNext(EventPrincipal& principal) {
      std::lock_guard lock(sourceMutex);
      if (stop || (job.maxEvents >= 0 && eventsRead >= job.maxEvents)) return false;
      if (!source->readEvent(principal)) return false;
      ++eventsRead;
      ++sourceCounts.events;
      return true;
    }

    // One event of stream s, then the next one as a new task: each stream has at most one
    // event in flight, and the streams share the arena's threads.
    void processNext(unsigned int s, tbb::task_group& group) {
      EventPrincipal& principal = *principals[s];
      try {
        if (!readNext(principal)) return;
      } catch (...) {
        cms::Exception e = convert(std::current_exception());
        e.addContext("Calling method for module " + job.inputSource.type + "/'source'");
        e.addContext("Reading the next event from the source");
        fail(std::make_exception_ptr(e));
        return;
      }
      for (auto& worker : workers) {
        try {
          worker->event(principal);
        } catch (...) {
          cms::Exception e = convert(std::current_exception());
          e.addContext("Calling method for module " + worker->type() + "/'" + worker->label() + "'");
          e.addContext("Running path 'p'");
          std::ostringstream where;
          where << "Processing  Event run: " << principal.id().run() << " lumi: " << principal.id().luminosityBlock()
                << " event: " << principal.id().event() << " stream: " << s;
          e.addContext(where.str());
          fail(std::make_exception_ptr(e));
          return;
        }
      }
      standin::runTask(group, [this, s, &group] { processNext(s, group); });
    }
  };

  EventProcessor::EventProcessor(JobConfig config) : impl_(std::make_unique<Impl>()) {
    Impl& d = *impl_;
    d.job = std::move(config);
    threads_ = std::max(1u, d.job.numberOfThreads);
    streams_ = d.job.numberOfStreams == 0 ? threads_ : d.job.numberOfStreams;
    std::string const* label = nullptr;
    std::string const* type = nullptr;
    try {
      {
        ModuleConfig const& src = d.job.inputSource;
        label = &src.label;
        type = &src.type;
        auto const it = standin::sourceRegistry().find(src.type);
        if (it == standin::sourceRegistry().end())
          throw Exception(errors::Configuration) << "Unable to find plugin '" << src.type << "' of category 'Source'\n";
        ParameterSet pset = makeParameterSet(d.job, src);
        ConfigurationDescriptions descriptions("Source", src.type);
        it->second->fillDescriptions(descriptions);
        descriptions.validate(pset, "source");
        d.source = it->second->make(pset);
        ++d.sourceCounts.constructed;
      }
      for (ModuleConfig const& m : d.job.modules) {
        label = &m.label;
        type = &m.type;
        auto const it = standin::makerRegistry().find(m.type);
        if (it == standin::makerRegistry().end())
          throw Exception(errors::Configuration)
              << "Unable to find plugin '" << m.type << "'. Please check spelling of name.\n";
        ParameterSet pset = makeParameterSet(d.job, m);
        ConfigurationDescriptions descriptions(it->second->baseType(), m.type);
        it->second->fillDescriptions(descriptions);
        try {
          descriptions.validate(pset, m.label);
        } catch (cms::Exception& e) {
          e.addContext("Validating configuration of module: class=" + m.type + " label='" + m.label + "'");
          throw;
        }
        d.workers.push_back(it->second->makeWorker(pset, m.label, m.type, streams_));
      }
    } catch (...) {
      cms::Exception e = convert(std::current_exception());
      if (label && (e.context().empty() || e.context().front().rfind("Validating", 0) != 0))
        e.addContext("Constructing module: class=" + *type + " label='" + *label + "'");
      e.addContext("Constructing the EventProcessor");
      throw e;
    }
    for (unsigned int s = 0; s < streams_; ++s) d.principals.push_back(std::make_unique<EventPrincipal>(StreamID(s)));
  }

  EventProcessor::~EventProcessor() = default;

  void EventProcessor::runToCompletion() {
    Impl& d = *impl_;
    tbb::task_arena arena(static_cast<int>(threads_));
    auto transition = [&](std::string const& name, auto&& call) {
      for (auto& worker : d.workers) {
        try {
          call(*worker);
        } catch (...) {
          cms::Exception e = convert(std::current_exception());
          e.addContext("Calling method for module " + worker->type() + "/'" + worker->label() + "'");
          e.addContext(name);
          throw e;
        }
      }
    };
    transition("Calling beginJob", [](standin::Worker& w) { w.beginJob(); });
    arena.execute([&] {
      tbb::task_group group;
      // beginStream of every stream, concurrently as in CMSSW.
      for (unsigned int s = 0; s < streams_; ++s)
        standin::runTask(group, [&, s] {
          try {
            transition("Calling beginStream for stream " + std::to_string(s),
                       [s](standin::Worker& w) { w.beginStream(StreamID(s)); });
          } catch (...) {
            d.fail(std::current_exception());
          }
        });
      standin::waitTasks(group);
      if (!d.stop)
        for (unsigned int s = 0; s < streams_; ++s) standin::runTask(group, [&, s] { d.processNext(s, group); });
      standin::waitTasks(group);
      for (unsigned int s = 0; s < streams_; ++s)
        standin::runTask(group, [&, s] {
          try {
            transition("Calling endStream for stream " + std::to_string(s),
                       [s](standin::Worker& w) { w.endStream(StreamID(s)); });
          } catch (...) {
            d.fail(std::current_exception());
          }
        });
      standin::waitTasks(group);
    });
    events_ = d.eventsRead;
    if (d.firstError) std::rethrow_exception(d.firstError);
    transition("Calling endJob", [](standin::Worker& w) { w.endJob(); });
    d.source->endJob();
    ++d.sourceCounts.endJob;
  }

  standin::TransitionCounts const& EventProcessor::transitionCounts(std::string const& label) const {
    if (label == "source") return impl_->sourceCounts;
    for (auto const& w : impl_->workers)
      if (w->label() == label) return w->counts();
    throw Exception(errors::NotFound) << "no module labelled '" << label << "'\n";
  }

  std::vector<std::string> EventProcessor::moduleLabels() const {
    std::vector<std::string> labels;
    for (auto const& w : impl_->workers) labels.push_back(w->label());
    return labels;
  }

}  // namespace edm
