#ifndef FWCore_Framework_global_EDAnalyzer_h
#define FWCore_Framework_global_EDAnalyzer_h
// Stand-in for edm::global::EDAnalyzer<>: one instance, const analyze() called concurrently
// from different streams (the demo's scores writer).
#include "FWCore/Framework/interface/EDConsumerBase.h"
#include "FWCore/Framework/interface/Event.h"
#include "FWCore/Framework/interface/EventSetup.h"
#include "FWCore/Framework/interface/moduleAbilities.h"
#include "FWCore/ParameterSet/interface/ConfigurationDescriptions.h"
#include "FWCore/Utilities/interface/StreamID.h"

namespace edm::global {

  class EDAnalyzerBase : public EDConsumerBase {
  public:
    EDAnalyzerBase() = default;
    EDAnalyzerBase(EDAnalyzerBase const&) = delete;
    EDAnalyzerBase& operator=(EDAnalyzerBase const&) = delete;
    virtual ~EDAnalyzerBase() = default;

    static char const* baseType() { return "EDAnalyzer"; }

  private:
    friend class edm::standin::ModuleAccess;
    virtual void analyze(StreamID, Event const&, EventSetup const&) const = 0;
    virtual void beginJob() {}
    virtual void endJob() {}
  };

  template <typename... T>
  class EDAnalyzer;

  template <>
  class EDAnalyzer<> : public EDAnalyzerBase {};

}  // namespace edm::global

#endif
