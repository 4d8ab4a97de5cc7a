#pragma once
// The stand-in's link from its event loop to the job's reader algorithm: where an event's
// identity and the end of the input come from.
//
// In Gaudi, the inputs of a Hive job come from algorithms (a reader, or a DataLoaderAlg),
// which put them in the event store through their output handles; the scheduler counts
// nothing else as produced. The number of events is ApplicationMgr.EvtMax, or a reader
// calls IEventProcessor::stopRun() at the end of its input; the EventContext's
// EventIDBase is set by the event loop from its event selector's record (ATLAS's loop
// managers) before any algorithm runs. The stand-in has no event selector (EvtSel =
// "NONE"): when its event loop starts an event it asks the reader, the one TopAlg
// algorithm implementing this interface, for that event's identity, sets it in the
// context, and ends the run when the reader has no more events (or after EvtMax). The
// reader reads the event then, and puts its data into the event's store when it executes
// for the event, as any producer algorithm.
#include "GaudiKernel/EventContext.h"
#include "GaudiKernel/EventIDBase.h"

namespace Gaudi::standin {

  class IEventReader {
  public:
    virtual ~IEventReader() = default;
    // Reads the next event, which the loop starts as `ctx` (its evt() and slot() set), and
    // gives its identity; false at the end of the input. The loop calls it one event at a
    // time, before any algorithm of the event runs.
    virtual bool readNext(const EventContext& ctx, EventIDBase& id) = 0;
  };

} // namespace Gaudi::standin
