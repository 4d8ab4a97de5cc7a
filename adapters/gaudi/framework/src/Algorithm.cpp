#include "Gaudi/Algorithm.h"
#include "Gaudi/PluginService.h"

#include <atomic>
#include <cstdio>
#include <iostream>
#include <mutex>

namespace {
  std::atomic<int> g_outputLevel{MSG::INFO};
  std::mutex g_outputMutex;
} // namespace

MsgStream& MsgStream::doOutput() {
  if (m_active) {
    static const char* const names[] = {"NIL", "VERBOSE", "DEBUG", "INFO", "WARNING", "ERROR", "FATAL", "SUCCESS"};
    char prefix[64];
    std::snprintf(prefix, sizeof prefix, "%-20.20s %7s ", m_source.c_str(), names[m_level]);
    std::lock_guard lock(g_outputMutex);
    (m_level >= MSG::WARNING ? std::cerr : std::cout) << prefix << m_text.str() << "\n";
  }
  m_text.str("");
  return *this;
}

namespace Gaudi {

  namespace standin {
    std::map<std::string, AlgorithmFactory>& algorithmFactories() {
      static std::map<std::string, AlgorithmFactory> factories;
      return factories;
    }
  } // namespace standin

  Algorithm::Algorithm(std::string name, ISvcLocator* svcLocator)
      : m_name(std::move(name)), m_svcLocator(svcLocator) {}

  void Algorithm::setGlobalOutputLevel(int level) { g_outputLevel = level; }

  MSG::Level Algorithm::outputLevel() const {
    return static_cast<MSG::Level>(m_outputLevel.value() > 0 ? m_outputLevel.value() : g_outputLevel.load());
  }

  MsgStream Algorithm::msgStream(MSG::Level level) const { return MsgStream(m_name, level, outputLevel()); }

  StatusCode Algorithm::sysInitialize() {
    if (m_svcLocator)
      for (Details::PropertyBase* p : m_properties) m_svcLocator->bindProperty(m_name, *p);
    return initialize();
  }

  StatusCode Algorithm::finalize() {
    if (!m_counters.empty()) {
      auto log = info();
      log << "Number of counters : " << m_counters.size() << "\n";
      log << " |    Counter                                      |     #     |";
      for (const auto* c : m_counters) {
        char line[128];
        std::snprintf(line, sizeof line, "\n | %-47.47s | %9lu |", ("\"" + c->name() + "\"").c_str(), c->nEntries());
        log << line;
      }
      log << endmsg;
    }
    return StatusCode::SUCCESS;
  }

  Details::PropertyBase* Algorithm::getProperty(const std::string& name) const {
    for (auto* p : m_properties)
      if (p->name() == name) return p;
    return nullptr;
  }

  StatusCode Algorithm::setProperty(const std::string& name, const std::string& value) {
    Details::PropertyBase* p = getProperty(name);
    if (p == nullptr) return StatusCode::FAILURE;
    return p->fromString(value);
  }

  standin::EventStore& Algorithm::eventStore(const EventContext& ctx) const {
    auto* board = dynamic_cast<const standin::IWhiteBoard*>(m_svcLocator);
    if (board == nullptr) throw GaudiException("no event store available", m_name, StatusCode::FAILURE);
    return board->store(ctx);
  }

} // namespace Gaudi
