#ifndef FWCore_Framework_InputSource_h
#define FWCore_Framework_InputSource_h
// Stand-in for edm::InputSource, reduced to what the demo needs: the framework calls
// readEvent under a lock (one event at a time, as CMSSW's source is serial); the source
// sets the event's id and puts its products with module label "source".
#include "FWCore/Framework/interface/EventPrincipal.h"
#include "FWCore/ParameterSet/interface/ConfigurationDescriptions.h"
#include "FWCore/ParameterSet/interface/ParameterSet.h"

namespace edm {

  class InputSource {
  public:
    virtual ~InputSource() = default;
    static char const* baseType() { return "Source"; }

    // false at the end of the input.
    virtual bool readEvent(EventPrincipal& principal) = 0;
    virtual void endJob() {}
  };

}  // namespace edm

#endif
