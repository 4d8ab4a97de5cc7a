#pragma once
// Stand-in for EventIDBase: an event's run number, event number and luminosity block (the
// real class also holds a time stamp and a bunch crossing id), with its constructor's
// argument order and its UNDEFNUM/UNDEFEVT markers for what the input does not give.
#include <cstdint>
#include <limits>

class EventIDBase {
public:
  using number_type    = unsigned int;
  using event_number_t = std::uint64_t;
  static constexpr number_type    UNDEFNUM = std::numeric_limits<number_type>::max();
  static constexpr event_number_t UNDEFEVT = std::numeric_limits<event_number_t>::max();

  EventIDBase() = default;
  EventIDBase( number_type run_number, event_number_t event_number, number_type time_stamp = UNDEFNUM,
               number_type time_stamp_ns_offset = 0, number_type lumi_block = UNDEFNUM,
               number_type bunch_crossing_id = 0 )
      : m_run_number( run_number )
      , m_event_number( event_number )
      , m_time_stamp( time_stamp )
      , m_time_stamp_ns_offset( time_stamp_ns_offset )
      , m_lumi_block( lumi_block )
      , m_bunch_crossing_id( bunch_crossing_id ) {}

  number_type    run_number() const { return m_run_number; }
  event_number_t event_number() const { return m_event_number; }
  number_type    lumi_block() const { return m_lumi_block; }
  number_type    time_stamp() const { return m_time_stamp; }
  number_type    time_stamp_ns_offset() const { return m_time_stamp_ns_offset; }
  number_type    bunch_crossing_id() const { return m_bunch_crossing_id; }

private:
  number_type    m_run_number           = UNDEFNUM;
  event_number_t m_event_number         = UNDEFEVT;
  number_type    m_time_stamp           = UNDEFNUM;
  number_type    m_time_stamp_ns_offset = 0;
  number_type    m_lumi_block           = UNDEFNUM;
  number_type    m_bunch_crossing_id    = 0;
};
