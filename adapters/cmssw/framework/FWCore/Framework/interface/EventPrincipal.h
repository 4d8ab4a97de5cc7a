#ifndef FWCore_Framework_EventPrincipal_h
#define FWCore_Framework_EventPrincipal_h
// Stand-in for edm::EventPrincipal: the products of the event a stream is processing,
// keyed by type, module label and product instance. One per stream; a stream processes
// one event at a time, so it needs no lock.
#include "DataFormats/Provenance/interface/EventID.h"
#include "FWCore/Utilities/interface/StreamID.h"

#include <memory>
#include <string>
#include <typeindex>
#include <vector>

namespace edm {

  // The demangled name of a product type, for messages.
  std::string typeDemangle(char const* mangled);

  class EventPrincipal {
  public:
    explicit EventPrincipal(StreamID stream) : stream_(stream) {}

    void clearEventPrincipal(EventID const& id) {
      products_.clear();
      id_ = id;
    }
    EventID const& id() const { return id_; }
    StreamID streamID() const { return stream_; }

    template <typename T>
    void put(std::string const& label, std::string const& instance, std::unique_ptr<T> product) {
      putProduct(std::type_index(typeid(T)), typeDemangle(typeid(T).name()), label, instance,
                 std::shared_ptr<void const>(std::move(product)));
    }
    // Null when there is no such product.
    void const* find(std::type_index type, std::string const& label, std::string const& instance) const;
    void putProduct(std::type_index type, std::string const& typeName, std::string const& label,
                    std::string const& instance, std::shared_ptr<void const> product);

  private:
    struct Product {
      std::type_index type;
      std::string label, instance;
      std::shared_ptr<void const> product;
    };
    StreamID stream_;
    EventID id_;
    std::vector<Product> products_;
  };

}  // namespace edm

#endif
