#ifndef DataFormats_Provenance_EventID_h
#define DataFormats_Provenance_EventID_h
// Stand-in for edm::EventID: run, luminosity block and event number.
#include <cstdint>

namespace edm {

  typedef unsigned int RunNumber_t;
  typedef unsigned int LuminosityBlockNumber_t;
  typedef unsigned long long EventNumber_t;

  class EventID {
  public:
    EventID() = default;
    EventID(RunNumber_t run, LuminosityBlockNumber_t lumi, EventNumber_t event)
        : run_(run), luminosityBlock_(lumi), event_(event) {}
    RunNumber_t run() const { return run_; }
    LuminosityBlockNumber_t luminosityBlock() const { return luminosityBlock_; }
    EventNumber_t event() const { return event_; }

  private:
    RunNumber_t run_ = 0;
    LuminosityBlockNumber_t luminosityBlock_ = 0;
    EventNumber_t event_ = 0;
  };

}  // namespace edm

#endif
