// SieveScoreStreamProducer: SieveScoreProducer as a stream module.
//
// The model is loaded once into the GlobalCache shared by the module's per-stream
// instances; each instance owns its stream's scratch (a sieve::score::ScorerWorkspace) as
// a member, since a stream processes one event at a time.
#include "FWCore/Framework/interface/MakerMacros.h"
#include "FWCore/Framework/interface/stream/EDProducer.h"
#include "FWCore/ParameterSet/interface/ConfigurationDescriptions.h"

#include "SieveScoreCommon.h"

class SieveScoreStreamProducer : public edm::stream::EDProducer<edm::GlobalCache<sieve::score::EventScorer>> {
public:
  SieveScoreStreamProducer(edm::ParameterSet const& config, sieve::score::EventScorer const* scorer)
      : inputsToken_(consumes<sieve::score::EventInputs>(config.getParameter<edm::InputTag>("src"))),
        scoresToken_(produces<sieve::score::EventScores>(config.getParameter<std::string>("scoresLabel"))),
        workspace_(scorer->make_workspace()) {}

  static std::unique_ptr<sieve::score::EventScorer> initializeGlobalCache(edm::ParameterSet const& config) {
    return sieve::cmssw::makeEventScorer(config);
  }
  static void globalEndJob(sieve::score::EventScorer const*) {}

  static void fillDescriptions(edm::ConfigurationDescriptions& descriptions) {
    edm::ParameterSetDescription desc;
    sieve::cmssw::fillSieveScoreDescription(desc);
    descriptions.addWithDefaultLabel(desc);
  }

private:
  void produce(edm::Event& event, edm::EventSetup const&) override {
    sieve::cmssw::produceScores(*globalCache(), *workspace_, event, inputsToken_, scoresToken_);
  }

  const edm::EDGetTokenT<sieve::score::EventInputs> inputsToken_;
  const edm::EDPutTokenT<sieve::score::EventScores> scoresToken_;
  const std::unique_ptr<sieve::score::ScorerWorkspace> workspace_;  // this stream's scratch
};

DEFINE_FWK_MODULE(SieveScoreStreamProducer);
