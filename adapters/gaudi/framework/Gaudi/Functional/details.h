#pragma once
// Stand-in for Gaudi::Functional's machinery: a base that owns one location property per
// input and output, named by the KeyValue's key and defaulting to its value, and reads the
// inputs from (and writes the outputs to) the slot's event store around the derived
// class's const operator(). A GaudiException from operator() is logged and its
// StatusCode returned, as Gaudi's functional execute does.
#include "Gaudi/Algorithm.h"

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace Gaudi::Functional {

  namespace Traits {
    struct useDefaults {};
  } // namespace Traits

  namespace details {

    class DataHandleMixinBase : public Gaudi::Algorithm {
    public:
      using KeyValue = std::pair<std::string, std::string>;

    protected:
      template <std::size_t NIn, std::size_t NOut>
      DataHandleMixinBase(std::string name, ISvcLocator* locator, const std::array<KeyValue, NIn>& inputs,
                          const std::array<KeyValue, NOut>& outputs)
          : Gaudi::Algorithm(std::move(name), locator) {
        for (const auto& kv : inputs)
          m_inputs.push_back(std::make_unique<Gaudi::Property<std::string>>(this, kv.first, kv.second, "input location"));
        for (const auto& kv : outputs)
          m_outputs.push_back(
              std::make_unique<Gaudi::Property<std::string>>(this, kv.first, kv.second, "output location"));
        // make sure this algorithm is seen as reentrant by the scheduler
        setProperty("Cardinality", 0).ignore();
      }

    public:
      const std::string& inputLocation(std::size_t i = 0) const { return m_inputs.at(i)->value(); }
      const std::string& outputLocation(std::size_t i = 0) const { return m_outputs.at(i)->value(); }
      std::vector<std::string> inputDataObjs() const override { return values(m_inputs); }
      std::vector<std::string> outputDataObjs() const override { return values(m_outputs); }

    protected:
      template <typename F>
      StatusCode guarded(F&& f) const {
        try {
          return std::forward<F>(f)();
        } catch (GaudiException& e) {
          if (e.code().isFailure()) error() << e.tag() << " : " << e.message() << endmsg;
          return e.code();
        }
      }

    private:
      static std::vector<std::string> values(const std::vector<std::unique_ptr<Gaudi::Property<std::string>>>& ps) {
        std::vector<std::string> out;
        for (const auto& p : ps) out.push_back(p->value());
        return out;
      }
      std::vector<std::unique_ptr<Gaudi::Property<std::string>>> m_inputs, m_outputs;
    };

  } // namespace details

} // namespace Gaudi::Functional
