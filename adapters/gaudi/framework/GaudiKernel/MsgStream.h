#pragma once
// Stand-in for MsgStream: a message built with operator<< and sent by `<< endmsg`, printed
// as Gaudi prints it ("Name                 LEVEL text"), one message at a time.
#include <sstream>
#include <string>

namespace MSG {
  enum Level { NIL = 0, VERBOSE, DEBUG, INFO, WARNING, ERROR, FATAL, ALWAYS };
}

class MsgStream {
public:
  MsgStream(std::string source, MSG::Level level, MSG::Level threshold)
      : m_source(std::move(source)), m_level(level), m_active(level >= threshold) {}
  MsgStream(MsgStream&&) = default;

  template <typename T>
  MsgStream& operator<<(const T& value) {
    if (m_active) m_text << value;
    return *this;
  }
  MsgStream& operator<<(MsgStream& (*manipulator)(MsgStream&)) { return manipulator(*this); }
  MsgStream& doOutput();
  bool isActive() const { return m_active; }

private:
  std::string m_source;
  MSG::Level m_level;
  bool m_active;
  std::ostringstream m_text;
};

inline MsgStream& endmsg(MsgStream& s) { return s.doOutput(); }
