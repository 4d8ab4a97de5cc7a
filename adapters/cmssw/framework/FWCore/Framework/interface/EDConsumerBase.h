#ifndef FWCore_Framework_EDConsumerBase_h
#define FWCore_Framework_EDConsumerBase_h
// Stand-in for edm::EDConsumerBase (consumes) and edm::ProducerBase (produces): a module
// declares in its constructor what it reads and writes, and gets tokens for them. As
// CMSSW's product registration, produces() refuses an instance label containing '_' (the
// separator of a branch name) with CMSSW's IllegalCharacter exception.
#include "FWCore/Framework/interface/EventPrincipal.h"
#include "FWCore/Utilities/interface/EDGetToken.h"
#include "FWCore/Utilities/interface/EDPutToken.h"
#include "FWCore/Utilities/interface/Exception.h"
#include "FWCore/Utilities/interface/InputTag.h"

#include <string>
#include <typeindex>
#include <vector>

namespace edm {

  class EDConsumerBase {
  public:
    struct Consumed {
      std::type_index type;
      std::string typeName;
      InputTag tag;
    };
    std::vector<Consumed> const& consumedProducts() const { return consumed_; }

  protected:
    template <typename T>
    EDGetTokenT<T> consumes(InputTag const& tag) {
      consumed_.push_back(Consumed{std::type_index(typeid(T)), typeDemangle(typeid(T).name()), tag});
      return EDGetTokenT<T>(static_cast<unsigned int>(consumed_.size() - 1));
    }

  private:
    std::vector<Consumed> consumed_;
  };

  class ProducerBase {
  public:
    struct Produced {
      std::type_index type;
      std::string typeName;
      std::string instance;
    };
    std::vector<Produced> const& producedProducts() const { return produced_; }

  protected:
    template <typename T>
    EDPutTokenT<T> produces(std::string const& instance = "") {
      if (instance.find('_') != std::string::npos)
        throw cms::Exception("IllegalCharacter")
            << "Product instance name '" << instance
            << "' contains an underscore ('_'), which is illegal in a product instance name.\n";
      produced_.push_back(Produced{std::type_index(typeid(T)), typeDemangle(typeid(T).name()), instance});
      return EDPutTokenT<T>(static_cast<unsigned int>(produced_.size() - 1));
    }

  private:
    std::vector<Produced> produced_;
  };

}  // namespace edm

#endif
