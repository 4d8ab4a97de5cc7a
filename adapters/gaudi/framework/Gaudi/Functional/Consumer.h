#pragma once
// Stand-in for Gaudi::Functional::Consumer<void(const In&...)>: a const operator() that
// reads its inputs from the event store and produces nothing.
#include "Gaudi/Functional/details.h"

#include <array>
#include <utility>

namespace Gaudi::Functional {

  template <typename Signature, typename Traits_ = Traits::useDefaults>
  class Consumer;

  template <typename... In, typename Traits_>
  class Consumer<void(const In&...), Traits_> : public details::DataHandleMixinBase {
  public:
    using KeyValue = details::DataHandleMixinBase::KeyValue;

    Consumer(std::string name, ISvcLocator* locator, const std::array<KeyValue, sizeof...(In)>& inputs)
        : DataHandleMixinBase(std::move(name), locator, inputs, std::array<KeyValue, 0>{}) {}

    StatusCode execute(const EventContext& ctx) const final {
      return guarded([&] {
        call(eventStore(ctx), std::index_sequence_for<In...>{});
        return StatusCode::SUCCESS;
      });
    }

    virtual void operator()(const In&...) const = 0;

  private:
    template <std::size_t... I>
    void call(standin::EventStore& store, std::index_sequence<I...>) const {
      (*this)(store.get<In>(inputLocation(I), name())...);
    }
  };

} // namespace Gaudi::Functional
