#ifndef FWCore_Framework_WorkerMaker_h
#define FWCore_Framework_WorkerMaker_h
// The stand-in's plugin machinery: DEFINE_FWK_MODULE registers a maker per module class;
// the event processor asks it for the class's descriptions and for a worker, which owns
// the module instance(s) and drives their transitions as CMSSW does:
//   global module: one instance; preallocate streams; beginJob; beginStream(s) for every
//     stream; produce/analyze(s, ...) const, concurrently from different streams;
//     endStream(s); endJob.
//   stream module: initializeGlobalCache(pset) once (with GlobalCache); one instance per
//     stream, constructed with (pset, cache); beginStream(s); produce(...) of the stream's
//     own instance; endStream(); globalEndJob(cache) once at end job.
// Every transition is counted (TransitionCounts), for tests and the job summary.
#include "FWCore/Framework/interface/EDConsumerBase.h"
#include "FWCore/Framework/interface/Event.h"
#include "FWCore/Framework/interface/EventSetup.h"
#include "FWCore/Framework/interface/InputSource.h"
#include "FWCore/Framework/interface/global/EDAnalyzer.h"
#include "FWCore/Framework/interface/global/EDProducer.h"
#include "FWCore/Framework/interface/stream/EDProducer.h"
#include "FWCore/ParameterSet/interface/ConfigurationDescriptions.h"
#include "FWCore/ParameterSet/interface/ParameterSet.h"

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace edm {

  namespace standin {

    struct TransitionCounts {
      std::atomic<int> constructed{0};    // module instances made
      std::atomic<int> globalCaches{0};   // initializeGlobalCache calls
      std::atomic<int> beginJob{0};
      std::atomic<int> beginStream{0};
      std::atomic<long long> events{0};   // produce/analyze calls
      std::atomic<int> endStream{0};
      std::atomic<int> endJob{0};
      std::atomic<int> globalEndJob{0};
    };

    class ModuleAccess {
    public:
      static void preallocStreams(global::EDProducerBase& m, unsigned int n) { m.preallocStreams(n); }
      static void beginJob(global::EDProducerBase& m) { m.beginJob(); }
      static void endJob(global::EDProducerBase& m) { m.endJob(); }
      static void beginStream(global::EDProducerBase& m, StreamID s) { m.doBeginStream_(s); }
      static void endStream(global::EDProducerBase& m, StreamID s) { m.doEndStream_(s); }
      static void produce(global::EDProducerBase const& m, StreamID s, Event& e, EventSetup const& es) {
        m.produce(s, e, es);
      }

      static void beginJob(global::EDAnalyzerBase& m) { m.beginJob(); }
      static void endJob(global::EDAnalyzerBase& m) { m.endJob(); }
      static void analyze(global::EDAnalyzerBase const& m, StreamID s, Event const& e, EventSetup const& es) {
        m.analyze(s, e, es);
      }

      static void beginStream(stream::EDProducerBase& m, StreamID s) { m.beginStream(s); }
      static void endStream(stream::EDProducerBase& m) { m.endStream(); }
      static void produce(stream::EDProducerBase& m, Event& e, EventSetup const& es) { m.produce(e, es); }
      template <typename C>
      static void setGlobalCache(stream::EDProducer<GlobalCache<C>>& m, C const* cache) {
        m.globalCache_ = cache;
      }
    };

    class Worker {
    public:
      Worker(std::string label, std::string type) : label_(std::move(label)), type_(std::move(type)) {}
      virtual ~Worker() = default;
      virtual void beginJob() = 0;
      virtual void beginStream(StreamID) = 0;
      virtual void event(EventPrincipal&) = 0;
      virtual void endStream(StreamID) = 0;
      virtual void endJob() = 0;

      std::string const& label() const { return label_; }
      std::string const& type() const { return type_; }
      TransitionCounts const& counts() const { return counts_; }

    protected:
      ModuleCallingContext context(EDConsumerBase const* consumer, ProducerBase const* producer) const {
        return ModuleCallingContext{label_, type_, consumer, producer};
      }
      TransitionCounts counts_;
      EventSetup const eventSetup_{};

    private:
      std::string label_, type_;
    };

    template <typename M>
    concept HasFillDescriptions = requires(ConfigurationDescriptions& d) { M::fillDescriptions(d); };
    template <typename M>
    concept HasGlobalCache = requires { typename M::GlobalCacheType; };

    template <typename M>
    class GlobalProducerWorker final : public Worker {
    public:
      GlobalProducerWorker(ParameterSet const& pset, std::string const& label, std::string const& type,
                           unsigned int streams)
          : Worker(label, type), module_(std::make_unique<M>(pset)) {
        ++counts_.constructed;
        context_ = context(module_.get(), module_.get());
        ModuleAccess::preallocStreams(*module_, streams);
      }
      void beginJob() override { ModuleAccess::beginJob(*module_), ++counts_.beginJob; }
      void beginStream(StreamID s) override { ModuleAccess::beginStream(*module_, s), ++counts_.beginStream; }
      void event(EventPrincipal& ep) override {
        Event e(ep, context_);
        ModuleAccess::produce(*module_, ep.streamID(), e, eventSetup_);
        ++counts_.events;
      }
      void endStream(StreamID s) override { ModuleAccess::endStream(*module_, s), ++counts_.endStream; }
      void endJob() override { ModuleAccess::endJob(*module_), ++counts_.endJob; }

    private:
      std::unique_ptr<M> module_;
      ModuleCallingContext context_;
    };

    template <typename M>
    class GlobalAnalyzerWorker final : public Worker {
    public:
      GlobalAnalyzerWorker(ParameterSet const& pset, std::string const& label, std::string const& type, unsigned int)
          : Worker(label, type), module_(std::make_unique<M>(pset)) {
        ++counts_.constructed;
        context_ = context(module_.get(), nullptr);
      }
      void beginJob() override { ModuleAccess::beginJob(*module_), ++counts_.beginJob; }
      void beginStream(StreamID) override { ++counts_.beginStream; }
      void event(EventPrincipal& ep) override {
        Event const e(ep, context_);
        ModuleAccess::analyze(*module_, ep.streamID(), e, eventSetup_);
        ++counts_.events;
      }
      void endStream(StreamID) override { ++counts_.endStream; }
      void endJob() override { ModuleAccess::endJob(*module_), ++counts_.endJob; }

    private:
      std::unique_ptr<M> module_;
      ModuleCallingContext context_;
    };

    template <typename M>
    class StreamProducerWorker final : public Worker {
    public:
      StreamProducerWorker(ParameterSet const& pset, std::string const& label, std::string const& type,
                           unsigned int streams)
          : Worker(label, type) {
        if constexpr (HasGlobalCache<M>) {
          cache_ = M::initializeGlobalCache(pset);
          ++counts_.globalCaches;
        }
        for (unsigned int s = 0; s < streams; ++s) {
          if constexpr (HasGlobalCache<M>) {
            modules_.push_back(std::make_unique<M>(pset, cache_.get()));
            ModuleAccess::setGlobalCache(*modules_.back(), static_cast<typename M::GlobalCacheType const*>(cache_.get()));
          } else {
            modules_.push_back(std::make_unique<M>(pset));
          }
          ++counts_.constructed;
          contexts_.push_back(context(modules_.back().get(), modules_.back().get()));
        }
      }
      void beginJob() override { ++counts_.beginJob; }
      void beginStream(StreamID s) override {
        ModuleAccess::beginStream(*modules_[s.value()], s);
        ++counts_.beginStream;
      }
      void event(EventPrincipal& ep) override {
        unsigned int const s = ep.streamID().value();
        Event e(ep, contexts_[s]);
        ModuleAccess::produce(*modules_[s], e, eventSetup_);
        ++counts_.events;
      }
      void endStream(StreamID s) override {
        ModuleAccess::endStream(*modules_[s.value()]);
        ++counts_.endStream;
      }
      void endJob() override {
        ++counts_.endJob;
        if constexpr (HasGlobalCache<M>) {
          M::globalEndJob(cache_.get());
          ++counts_.globalEndJob;
        }
      }

    private:
      using Cache = std::conditional_t<HasGlobalCache<M>, typename M::GlobalCacheType, int>;
      std::unique_ptr<Cache> cache_;
      std::vector<std::unique_ptr<M>> modules_;
      std::vector<ModuleCallingContext> contexts_;
    };

    class Maker {
    public:
      virtual ~Maker() = default;
      virtual std::string baseType() const = 0;
      virtual void fillDescriptions(ConfigurationDescriptions& descriptions) const = 0;
      virtual std::unique_ptr<Worker> makeWorker(ParameterSet const& pset, std::string const& label,
                                                 std::string const& type, unsigned int streams) const = 0;
    };

    template <typename M>
    class WorkerMaker final : public Maker {
    public:
      std::string baseType() const override { return M::baseType(); }
      void fillDescriptions(ConfigurationDescriptions& descriptions) const override {
        if constexpr (HasFillDescriptions<M>) M::fillDescriptions(descriptions);
      }
      std::unique_ptr<Worker> makeWorker(ParameterSet const& pset, std::string const& label, std::string const& type,
                                         unsigned int streams) const override {
        if constexpr (std::is_base_of_v<global::EDProducerBase, M>)
          return std::make_unique<GlobalProducerWorker<M>>(pset, label, type, streams);
        else if constexpr (std::is_base_of_v<global::EDAnalyzerBase, M>)
          return std::make_unique<GlobalAnalyzerWorker<M>>(pset, label, type, streams);
        else
          return std::make_unique<StreamProducerWorker<M>>(pset, label, type, streams);
      }
    };

    class SourceMaker {
    public:
      virtual ~SourceMaker() = default;
      virtual void fillDescriptions(ConfigurationDescriptions& descriptions) const = 0;
      virtual std::unique_ptr<InputSource> make(ParameterSet const& pset) const = 0;
    };

    template <typename S>
    class InputSourceMaker final : public SourceMaker {
    public:
      void fillDescriptions(ConfigurationDescriptions& descriptions) const override {
        if constexpr (HasFillDescriptions<S>) S::fillDescriptions(descriptions);
      }
      std::unique_ptr<InputSource> make(ParameterSet const& pset) const override { return std::make_unique<S>(pset); }
    };

    std::map<std::string, std::unique_ptr<Maker>>& makerRegistry();
    std::map<std::string, std::unique_ptr<SourceMaker>>& sourceRegistry();

    template <typename M>
    struct MakerRegistration {
      explicit MakerRegistration(char const* name) { makerRegistry()[name] = std::make_unique<WorkerMaker<M>>(); }
    };
    template <typename S>
    struct SourceRegistration {
      explicit SourceRegistration(char const* name) {
        sourceRegistry()[name] = std::make_unique<InputSourceMaker<S>>();
      }
    };

  }  // namespace standin

}  // namespace edm

#endif
