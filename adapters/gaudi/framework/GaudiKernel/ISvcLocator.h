#pragma once
// Stand-in for ISvcLocator: what an algorithm's constructor receives. In the stand-in it
// is the application, which holds the job options the properties are bound to and each
// slot's event store.
#include <string>

namespace Gaudi::Details {
  class PropertyBase;
}

class ISvcLocator {
public:
  virtual ~ISvcLocator() = default;
  // Sets the property from the job options "<owner>.<name>", if any (JobOptionsSvc::bind).
  virtual void bindProperty(const std::string& owner, Gaudi::Details::PropertyBase& property) = 0;
};
