#ifndef FWCore_Framework_MakerMacros_h
#define FWCore_Framework_MakerMacros_h
// Stand-in for CMSSW's DEFINE_FWK_MODULE: registers the module class under its name, the
// name a configuration uses (cms.EDProducer("SieveScoreProducer", ...)).
#include "FWCore/Framework/interface/WorkerMaker.h"

#define EDM_STANDIN_CONCAT_(a, b) a##b
#define EDM_STANDIN_CONCAT(a, b) EDM_STANDIN_CONCAT_(a, b)
#define DEFINE_FWK_MODULE(type)                                                                     \
  static const ::edm::standin::MakerRegistration<type> EDM_STANDIN_CONCAT(edmStandinMaker_, __LINE__)( \
      #type)

#endif
