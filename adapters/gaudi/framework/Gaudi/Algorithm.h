#pragma once
// Stand-in for Gaudi::Algorithm: a named component with properties, counters, messaging
// and the transitions initialize, start, (execute per event), stop, finalize. A
// reentrant algorithm (Cardinality 0, what every Functional algorithm sets) is one
// instance whose const execute(const EventContext&) runs concurrently for events in
// different slots.
#include "Gaudi/Accumulators.h"
#include "Gaudi/PluginService.h"
#include "Gaudi/Property.h"
#include "Gaudi/standin/EventStore.h"
#include "GaudiKernel/EventContext.h"
#include "GaudiKernel/GaudiException.h"
#include "GaudiKernel/ISvcLocator.h"
#include "GaudiKernel/MsgStream.h"
#include "GaudiKernel/StatusCode.h"

#include <string>
#include <vector>

namespace Gaudi {

  namespace standin {
    // The stand-in's door from an algorithm to its slot's event store.
    class IWhiteBoard {
    public:
      virtual ~IWhiteBoard() = default;
      virtual EventStore& store(const EventContext& ctx) const = 0;
    };
  } // namespace standin

  class Algorithm {
  public:
    Algorithm(std::string name, ISvcLocator* svcLocator);
    virtual ~Algorithm() = default;
    Algorithm(const Algorithm&) = delete;
    Algorithm& operator=(const Algorithm&) = delete;

    const std::string& name() const { return m_name; }
    ISvcLocator* serviceLocator() const { return m_svcLocator; }

    // Binds the properties to the job options, then initialize().
    StatusCode sysInitialize();
    virtual StatusCode initialize() { return StatusCode::SUCCESS; }
    virtual StatusCode start() { return StatusCode::SUCCESS; }
    virtual StatusCode execute(const EventContext& ctx) const = 0;
    virtual StatusCode stop() { return StatusCode::SUCCESS; }
    virtual StatusCode finalize();

    // The event-store locations it reads and writes, which the scheduler orders and checks
    // the algorithms by (Gaudi: DataObjIDColl of the data handles; here their locations).
    virtual std::vector<std::string> inputDataObjs() const { return {}; }
    virtual std::vector<std::string> outputDataObjs() const { return {}; }

    bool isReEntrant() const { return m_cardinality.value() == 0; }
    unsigned int cardinality() const { return static_cast<unsigned int>(m_cardinality.value()); }

    MsgStream msgStream(MSG::Level level) const;
    MsgStream debug() const { return msgStream(MSG::DEBUG); }
    MsgStream info() const { return msgStream(MSG::INFO); }
    MsgStream warning() const { return msgStream(MSG::WARNING); }
    MsgStream error() const { return msgStream(MSG::ERROR); }
    MsgStream always() const { return msgStream(MSG::ALWAYS); }
    bool msgLevel(MSG::Level level) const { return level >= outputLevel(); }

    StatusCode setProperty(const std::string& name, const std::string& value);
    StatusCode setProperty(const std::string& name, int value) { return setProperty(name, std::to_string(value)); }
    Details::PropertyBase* getProperty(const std::string& name) const;
    const std::vector<Details::PropertyBase*>& getProperties() const { return m_properties; }
    const std::vector<Accumulators::CounterBase*>& counters() const { return m_counters; }

    void declareProperty(Details::PropertyBase& property) { m_properties.push_back(&property); }
    void declareCounter(Accumulators::CounterBase& counter) { m_counters.push_back(&counter); }

    // The process-wide message threshold (MessageSvc.OutputLevel).
    static void setGlobalOutputLevel(int level);

  protected:
    standin::EventStore& eventStore(const EventContext& ctx) const;

  private:
    MSG::Level outputLevel() const;
    std::string m_name;
    ISvcLocator* m_svcLocator;
    std::vector<Details::PropertyBase*> m_properties;
    std::vector<Accumulators::CounterBase*> m_counters;
    Gaudi::Property<int> m_cardinality{this, "Cardinality", 1, "how many clones to create - 0 means algo is reentrant"};
    Gaudi::Property<int> m_outputLevel{this, "OutputLevel", 0, "output level (0: the MessageSvc's)"};
  };

} // namespace Gaudi
