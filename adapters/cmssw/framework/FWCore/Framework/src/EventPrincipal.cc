#include "FWCore/Framework/interface/EventPrincipal.h"
#include "FWCore/Utilities/interface/EDMException.h"

#include <cxxabi.h>

#include <cstdlib>

namespace edm {

  std::string typeDemangle(char const* mangled) {
    int status = 0;
    char* name = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
    std::string result = status == 0 && name ? name : mangled;
    std::free(name);
    return result;
  }

  void const* EventPrincipal::find(std::type_index type, std::string const& label, std::string const& instance) const {
    for (auto const& p : products_)
      if (p.type == type && p.label == label && p.instance == instance) return p.product.get();
    return nullptr;
  }

  void EventPrincipal::putProduct(std::type_index type, std::string const& typeName, std::string const& label,
                                  std::string const& instance, std::shared_ptr<void const> product) {
    if (find(type, label, instance) != nullptr)
      throw Exception(errors::InsertFailure)
          << "Attempt to insert more than one product with the same type, module label and instance\n"
          << "type: " << typeName << " module label: " << label << " instance: '" << instance << "'\n";
    products_.push_back(Product{type, label, instance, std::move(product)});
  }

}  // namespace edm
