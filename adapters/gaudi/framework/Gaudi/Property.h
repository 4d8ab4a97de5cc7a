#pragma once
// Stand-in for Gaudi::Property<T>: a named, documented setting declared as a member
//   Gaudi::Property<std::string> m_path{ this, "ModelPath", "", "the model file" };
// which registers itself with its owner. The job options set it from the string
// representation of a Python value ("'a'", "['a', 'b']", "True", "0.03"), parsed by
// Gaudi::Parsers; a value that does not parse throws std::invalid_argument("cannot parse
// '<value>' to <type>"), as Gaudi's StringConverter does.
#include "GaudiKernel/StatusCode.h"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace Gaudi {

  namespace Parsers {
    StatusCode parse(bool& result, const std::string& input);
    StatusCode parse(int& result, const std::string& input);
    StatusCode parse(long& result, const std::string& input);
    StatusCode parse(unsigned int& result, const std::string& input);
    StatusCode parse(unsigned long& result, const std::string& input);
    StatusCode parse(double& result, const std::string& input);
    StatusCode parse(std::string& result, const std::string& input);
    StatusCode parse(std::vector<std::string>& result, const std::string& input);
    StatusCode parse(std::vector<double>& result, const std::string& input);
  } // namespace Parsers

  namespace Utils {
    std::string toString(bool value);
    std::string toString(int value);
    std::string toString(long value);
    std::string toString(unsigned int value);
    std::string toString(unsigned long value);
    std::string toString(double value);
    std::string toString(const std::string& value);
    std::string toString(const std::vector<std::string>& value);
    std::string toString(const std::vector<double>& value);
  } // namespace Utils

  namespace Details {
    class PropertyBase {
    public:
      PropertyBase(std::string name, std::string doc, std::string type)
          : m_name(std::move(name)), m_doc(std::move(doc)), m_type(std::move(type)) {}
      virtual ~PropertyBase() = default;
      PropertyBase(const PropertyBase&) = delete;
      PropertyBase& operator=(const PropertyBase&) = delete;

      const std::string& name() const { return m_name; }
      const std::string& documentation() const { return m_doc; }
      const std::string& type() const { return m_type; }
      virtual StatusCode fromString(const std::string& value) = 0;
      virtual std::string toString() const = 0;

    private:
      std::string m_name, m_doc, m_type;
    };

    template <typename T>
    std::string typeName();
  } // namespace Details

  template <typename TYPE>
  class Property : public Details::PropertyBase {
  public:
    using ValueType = TYPE;

    template <typename OWNER>
    Property(OWNER* owner, std::string name, TYPE value, std::string doc = "")
        : Details::PropertyBase(std::move(name), std::move(doc), Details::typeName<TYPE>()), m_value(std::move(value)) {
      owner->declareProperty(*this);
    }

    const TYPE& value() const { return m_value; }
    operator const TYPE&() const { return m_value; }
    Property& operator=(const TYPE& value) {
      m_value = value;
      return *this;
    }

    StatusCode fromString(const std::string& source) override {
      TYPE tmp{};
      if (Parsers::parse(tmp, source).isFailure())
        throw std::invalid_argument("cannot parse '" + source + "' to " + type());
      m_value = std::move(tmp);
      return StatusCode::SUCCESS;
    }
    std::string toString() const override { return Utils::toString(m_value); }

  private:
    TYPE m_value;
  };

} // namespace Gaudi
