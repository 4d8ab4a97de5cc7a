#pragma once
// Stand-in for EventContext: the event's sequential number in the job, the slot it is
// processed in, and its identity (EventIDBase: run, event number, luminosity block), which
// the event loop sets from what the input gives.
#include "GaudiKernel/EventIDBase.h"

#include <cstddef>

class EventContext {
public:
  using ContextEvt_t = std::size_t;
  using ContextID_t = std::size_t;
  EventContext() = default;
  EventContext(ContextEvt_t evt, ContextID_t slot) : m_evt(evt), m_slot(slot) {}
  ContextEvt_t evt() const { return m_evt; }
  ContextID_t slot() const { return m_slot; }
  const EventIDBase& eventID() const { return m_eid; }
  void setEventID(const EventIDBase& id) { m_eid = id; }

private:
  ContextEvt_t m_evt = 0;
  ContextID_t m_slot = 0;
  EventIDBase m_eid;
};
