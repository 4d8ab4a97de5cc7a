#pragma once
// The stand-in's transient event store of one event slot (what HiveWhiteBoard gives each
// slot): objects of any type at "/Event/..." locations, cleared between events. A slot
// processes one event at a time; an algorithm reads and writes only its own slot's store.
#include "GaudiKernel/GaudiException.h"

#include <memory>
#include <string>
#include <typeindex>
#include <vector>

namespace Gaudi::standin {

  class EventStore {
  public:
    template <typename T>
    void put(const std::string& location, T value, const std::string& who) {
      if (find(location) != nullptr)
        throw GaudiException("Cannot put the object at '" + location + "': the location is already occupied", who,
                             StatusCode::FAILURE);
      m_objects.push_back(Object{location, std::type_index(typeid(T)), std::make_shared<const T>(std::move(value))});
    }
    template <typename T>
    const T& get(const std::string& location, const std::string& who) const {
      const Object* object = find(location);
      if (object == nullptr)
        throw GaudiException("Cannot retrieve '" + location + "' from transient store.", who, StatusCode::FAILURE);
      if (object->type != std::type_index(typeid(T)))
        throw GaudiException("The object at '" + location + "' is not of the type the algorithm reads", who,
                             StatusCode::FAILURE);
      return *static_cast<const T*>(object->data.get());
    }
    void clear() { m_objects.clear(); }

  private:
    struct Object {
      std::string location;
      std::type_index type;
      std::shared_ptr<const void> data;
    };
    const Object* find(const std::string& location) const {
      for (const auto& o : m_objects)
        if (o.location == location) return &o;
      return nullptr;
    }
    std::vector<Object> m_objects;
  };

} // namespace Gaudi::standin
