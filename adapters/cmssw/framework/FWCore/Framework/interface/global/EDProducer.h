#ifndef FWCore_Framework_global_EDProducer_h
#define FWCore_Framework_global_EDProducer_h
// Stand-in for edm::global::EDProducer<...>: one module instance for the whole job, whose
// const produce(StreamID, Event&, EventSetup const&) the framework calls concurrently from
// different streams. With edm::StreamCache<C>, beginStream(StreamID) const makes each
// stream's C (read back with streamCache(StreamID)), and endStream(StreamID) const is
// called before it is destroyed.
#include "FWCore/Framework/interface/EDConsumerBase.h"
#include "FWCore/Framework/interface/Event.h"
#include "FWCore/Framework/interface/EventSetup.h"
#include "FWCore/Framework/interface/moduleAbilities.h"
#include "FWCore/ParameterSet/interface/ConfigurationDescriptions.h"
#include "FWCore/Utilities/interface/StreamID.h"

#include <memory>
#include <vector>

namespace edm::global {

  class EDProducerBase : public ProducerBase, public EDConsumerBase {
  public:
    EDProducerBase() = default;
    EDProducerBase(EDProducerBase const&) = delete;
    EDProducerBase& operator=(EDProducerBase const&) = delete;
    virtual ~EDProducerBase() = default;

    static char const* baseType() { return "EDProducer"; }

  private:
    friend class edm::standin::ModuleAccess;
    virtual void produce(StreamID, Event&, EventSetup const&) const = 0;
    virtual void beginJob() {}
    virtual void endJob() {}
    virtual void preallocStreams(unsigned int) {}
    virtual void doBeginStream_(StreamID) {}
    virtual void doEndStream_(StreamID) {}
  };

  template <typename... T>
  class EDProducer;

  template <>
  class EDProducer<> : public EDProducerBase {};

  template <typename C>
  class EDProducer<edm::StreamCache<C>> : public EDProducerBase {
  protected:
    C* streamCache(StreamID id) const { return caches_[id.value()].get(); }

  private:
    virtual std::unique_ptr<C> beginStream(StreamID) const = 0;
    virtual void endStream(StreamID) const {}

    void preallocStreams(unsigned int n) final { caches_.resize(n); }
    void doBeginStream_(StreamID id) final { caches_[id.value()] = beginStream(id); }
    void doEndStream_(StreamID id) final {
      endStream(id);
      caches_[id.value()].reset();
    }
    std::vector<std::unique_ptr<C>> caches_;  // sized before the streams begin: no reallocation
  };

}  // namespace edm::global

#endif
