#ifndef FWCore_Framework_InputSourceMacros_h
#define FWCore_Framework_InputSourceMacros_h
// Stand-in for CMSSW's DEFINE_FWK_INPUT_SOURCE.
#include "FWCore/Framework/interface/MakerMacros.h"

#define DEFINE_FWK_INPUT_SOURCE(type)                                                                  \
  static const ::edm::standin::SourceRegistration<type> EDM_STANDIN_CONCAT(edmStandinSource_, __LINE__)( \
      #type)

#endif
