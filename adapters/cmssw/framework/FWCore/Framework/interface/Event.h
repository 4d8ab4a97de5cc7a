#ifndef FWCore_Framework_Event_h
#define FWCore_Framework_Event_h
// Stand-in for edm::Event: a module's view of the event being processed. get(token)
// returns the product or throws ProductNotFound with CMSSW's message; emplace(token,
// args...) and put(token, unique_ptr) add a product under the module's label and the
// token's instance.
#include "DataFormats/Provenance/interface/EventID.h"
#include "FWCore/Framework/interface/EDConsumerBase.h"
#include "FWCore/Framework/interface/EventPrincipal.h"
#include "FWCore/Utilities/interface/EDMException.h"

#include <memory>
#include <string>

namespace edm {

  struct ModuleCallingContext {
    std::string moduleLabel;
    std::string moduleType;
    EDConsumerBase const* consumer = nullptr;
    ProducerBase const* producer = nullptr;
  };

  template <typename T>
  class OrphanHandle {
  public:
    explicit OrphanHandle(T const* product) : product_(product) {}
    T const* product() const { return product_; }
    T const& operator*() const { return *product_; }
    T const* operator->() const { return product_; }

  private:
    T const* product_;
  };

  class Event {
  public:
    Event(EventPrincipal& principal, ModuleCallingContext const& context) : principal_(principal), context_(context) {}

    EventID id() const { return principal_.id(); }
    StreamID streamID() const { return principal_.streamID(); }

    template <typename T>
    T const& get(EDGetTokenT<T> token) const {
      auto const& consumed = context_.consumer->consumedProducts().at(token.index());
      void const* product = principal_.find(consumed.type, consumed.tag.label(), consumed.tag.instance());
      if (product == nullptr)
        throw Exception(errors::ProductNotFound)
            << "Principal::getByToken: Found zero products matching all criteria\n"
            << "Looking for type: " << consumed.typeName << "\n"
            << "Looking for module label: " << consumed.tag.label() << "\n"
            << "Looking for productInstanceName: " << consumed.tag.instance() << "\n";
      return *static_cast<T const*>(product);
    }

    template <typename T>
    OrphanHandle<T> put(EDPutTokenT<T> token, std::unique_ptr<T> product) {
      auto const& produced = context_.producer->producedProducts().at(token.index());
      T const* raw = product.get();
      principal_.putProduct(produced.type, produced.typeName, context_.moduleLabel, produced.instance,
                            std::shared_ptr<void const>(std::move(product)));
      return OrphanHandle<T>(raw);
    }

    template <typename T, typename... Args>
    OrphanHandle<T> emplace(EDPutTokenT<T> token, Args&&... args) {
      return put(token, std::make_unique<T>(std::forward<Args>(args)...));
    }

  private:
    EventPrincipal& principal_;
    ModuleCallingContext const& context_;
  };

}  // namespace edm

#endif
