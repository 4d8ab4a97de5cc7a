#pragma once
// Stand-in for Gaudi::Functional::MultiTransformer in the form the demo's reader uses,
// MultiTransformer<std::tuple<Out...>(const EventContext&)>: an algorithm without inputs
// whose const operator()(const EventContext&) returns one object per output location, which
// the final execute(ctx) stores (Gaudi's Producer<std::tuple<Out...>()> is this form without
// the context). Like every Functional algorithm it is reentrant (Cardinality 0).
#include "Gaudi/Functional/details.h"

#include <array>
#include <tuple>
#include <utility>

namespace Gaudi::Functional {

  template <typename Signature, typename Traits_ = Traits::useDefaults>
  class MultiTransformer;

  template <typename... Out, typename Traits_>
  class MultiTransformer<std::tuple<Out...>(const EventContext&), Traits_> : public details::DataHandleMixinBase {
  public:
    using KeyValue = details::DataHandleMixinBase::KeyValue;

    MultiTransformer(std::string name, ISvcLocator* locator, const std::array<KeyValue, sizeof...(Out)>& outputs)
        : DataHandleMixinBase(std::move(name), locator, std::array<KeyValue, 0>{}, outputs) {}

    StatusCode execute(const EventContext& ctx) const final {
      return guarded([&] {
        put(eventStore(ctx), (*this)(ctx), std::index_sequence_for<Out...>{});
        return StatusCode::SUCCESS;
      });
    }

    virtual std::tuple<Out...> operator()(const EventContext&) const = 0;

  private:
    template <std::size_t... I>
    void put(standin::EventStore& store, std::tuple<Out...>&& out, std::index_sequence<I...>) const {
      (store.put<Out>(outputLocation(I), std::move(std::get<I>(out)), name()), ...);
    }
  };

} // namespace Gaudi::Functional
