#pragma once
// Stand-in for GaudiException: a message, a tag (who threw it) and a StatusCode.
#include "GaudiKernel/StatusCode.h"

#include <stdexcept>
#include <string>

class GaudiException : public std::runtime_error {
public:
  GaudiException(std::string message, std::string tag, StatusCode code)
      : std::runtime_error(tag + " : " + message), m_message(std::move(message)), m_tag(std::move(tag)), m_code(code) {}
  const std::string& message() const { return m_message; }
  const std::string& tag() const { return m_tag; }
  const StatusCode& code() const { return m_code; }

private:
  std::string m_message, m_tag;
  StatusCode m_code;
};
