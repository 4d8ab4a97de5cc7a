#pragma once
// Stand-in for Gaudi's plugin service: DECLARE_COMPONENT(Type) registers a factory that
// makes the component by its type name, the name options files use
// (C.SieveScoreTransformer("SieveScore", ...)).
#include <functional>
#include <map>
#include <memory>
#include <string>

class ISvcLocator;
namespace Gaudi {
  class Algorithm;
  namespace standin {
    using AlgorithmFactory = std::function<std::unique_ptr<Gaudi::Algorithm>(const std::string&, ISvcLocator*)>;
    std::map<std::string, AlgorithmFactory>& algorithmFactories();
    template <typename T>
    struct ComponentRegistration {
      explicit ComponentRegistration(const char* type) {
        algorithmFactories()[type] = [](const std::string& name, ISvcLocator* svc) {
          return std::unique_ptr<Gaudi::Algorithm>(new T(name, svc));
        };
      }
    };
  } // namespace standin
} // namespace Gaudi

#define GAUDI_STANDIN_CONCAT_(a, b) a##b
#define GAUDI_STANDIN_CONCAT(a, b) GAUDI_STANDIN_CONCAT_(a, b)
#define DECLARE_COMPONENT(type)                                                                                \
  static const ::Gaudi::standin::ComponentRegistration<type> GAUDI_STANDIN_CONCAT(gaudiStandinComponent_, \
                                                                                  __LINE__)(#type);
