#ifndef FWCore_Framework_stream_EDProducer_h
#define FWCore_Framework_stream_EDProducer_h
// Stand-in for edm::stream::EDProducer<...>: one module instance per stream, each
// processing one event at a time (so its members may be scratch). With
// edm::GlobalCache<C>, the module class provides
//   static std::unique_ptr<C> initializeGlobalCache(edm::ParameterSet const&);  // once
//   static void globalEndJob(C const*);                                         // once
// and a constructor (edm::ParameterSet const&, C const*); every instance reads the shared
// C through globalCache().
#include "FWCore/Framework/interface/EDConsumerBase.h"
#include "FWCore/Framework/interface/Event.h"
#include "FWCore/Framework/interface/EventSetup.h"
#include "FWCore/Framework/interface/moduleAbilities.h"
#include "FWCore/ParameterSet/interface/ConfigurationDescriptions.h"
#include "FWCore/Utilities/interface/StreamID.h"

namespace edm::stream {

  class EDProducerBase : public ProducerBase, public EDConsumerBase {
  public:
    EDProducerBase() = default;
    EDProducerBase(EDProducerBase const&) = delete;
    EDProducerBase& operator=(EDProducerBase const&) = delete;
    virtual ~EDProducerBase() = default;

    static char const* baseType() { return "EDProducer"; }

  private:
    friend class edm::standin::ModuleAccess;
    virtual void beginStream(StreamID) {}
    virtual void endStream() {}
    virtual void produce(Event&, EventSetup const&) = 0;
  };

  template <typename... T>
  class EDProducer;

  template <>
  class EDProducer<> : public EDProducerBase {};

  template <typename C>
  class EDProducer<edm::GlobalCache<C>> : public EDProducerBase {
  public:
    using GlobalCacheType = C;  // stand-in detail: the framework's handle on the cache type

  protected:
    C const* globalCache() const { return globalCache_; }

  private:
    friend class edm::standin::ModuleAccess;
    C const* globalCache_ = nullptr;
  };

}  // namespace edm::stream

#endif
