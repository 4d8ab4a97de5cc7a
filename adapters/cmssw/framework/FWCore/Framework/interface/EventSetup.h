#ifndef FWCore_Framework_EventSetup_h
#define FWCore_Framework_EventSetup_h
// Stand-in for edm::EventSetup: the stand-in has no conditions records.
namespace edm {
  class EventSetup {};
}  // namespace edm
#endif
