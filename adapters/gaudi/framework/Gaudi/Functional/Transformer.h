#pragma once
// Stand-in for Gaudi::Functional::Transformer, in the form SieveScoreTransformer uses,
// Transformer<Out(const EventContext&, const In&...)>: derived classes can NOT implement
// execute; instead they MUST implement the const operator()(const EventContext&, const
// In&...), which the final execute(ctx) calls with the event's context and the inputs read
// from the event store, storing its result at the output location. (Gaudi also has the
// form without the context; nothing here uses it.)
#include "Gaudi/Functional/details.h"

#include <array>
#include <utility>

namespace Gaudi::Functional {

  template <typename Signature, typename Traits_ = Traits::useDefaults>
  class Transformer;

  template <typename Out, typename... In, typename Traits_>
  class Transformer<Out(const EventContext&, const In&...), Traits_> : public details::DataHandleMixinBase {
  public:
    using KeyValue = details::DataHandleMixinBase::KeyValue;

    Transformer(std::string name, ISvcLocator* locator, const std::array<KeyValue, sizeof...(In)>& inputs,
                const KeyValue& output)
        : DataHandleMixinBase(std::move(name), locator, inputs, std::array<KeyValue, 1>{output}) {}
    Transformer(std::string name, ISvcLocator* locator, const KeyValue& input, const KeyValue& output)
      requires(sizeof...(In) == 1)
        : Transformer(std::move(name), locator, std::array<KeyValue, 1>{input}, output) {}

    StatusCode execute(const EventContext& ctx) const final {
      return guarded([&] {
        standin::EventStore& store = eventStore(ctx);
        call(ctx, store, std::index_sequence_for<In...>{});
        return StatusCode::SUCCESS;
      });
    }

    virtual Out operator()(const EventContext&, const In&...) const = 0;

  private:
    template <std::size_t... I>
    void call(const EventContext& ctx, standin::EventStore& store, std::index_sequence<I...>) const {
      Out out = (*this)(ctx, store.get<In>(inputLocation(I), name())...);
      store.put<Out>(outputLocation(), std::move(out), name());
    }
  };

} // namespace Gaudi::Functional
