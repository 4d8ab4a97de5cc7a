// SieveScoreProducer: scores the objects of each event with a Sieve ensemble.
//
// A global module: one instance for the job, the model loaded once into its const
// members and shared by all streams; each stream's scratch is its StreamCache (a
// sieve::score::ScorerWorkspace), so the const produce() may run concurrently.
#include "FWCore/Framework/interface/MakerMacros.h"
#include "FWCore/Framework/interface/global/EDProducer.h"
#include "FWCore/ParameterSet/interface/ConfigurationDescriptions.h"

#include "SieveScoreCommon.h"

class SieveScoreProducer : public edm::global::EDProducer<edm::StreamCache<sieve::score::ScorerWorkspace>> {
public:
  explicit SieveScoreProducer(edm::ParameterSet const& config)
      : scorer_(sieve::cmssw::makeEventScorer(config)),
        inputsToken_(consumes<sieve::score::EventInputs>(config.getParameter<edm::InputTag>("src"))),
        scoresToken_(produces<sieve::score::EventScores>(config.getParameter<std::string>("scoresLabel"))) {}

  static void fillDescriptions(edm::ConfigurationDescriptions& descriptions) {
    edm::ParameterSetDescription desc;
    sieve::cmssw::fillSieveScoreDescription(desc);
    descriptions.addWithDefaultLabel(desc);
  }

private:
  std::unique_ptr<sieve::score::ScorerWorkspace> beginStream(edm::StreamID) const override {
    return scorer_->make_workspace();
  }

  void produce(edm::StreamID stream, edm::Event& event, edm::EventSetup const&) const override {
    sieve::cmssw::produceScores(*scorer_, *streamCache(stream), event, inputsToken_, scoresToken_);
  }

  const std::unique_ptr<const sieve::score::EventScorer> scorer_;
  const edm::EDGetTokenT<sieve::score::EventInputs> inputsToken_;
  const edm::EDPutTokenT<sieve::score::EventScores> scoresToken_;
};

DEFINE_FWK_MODULE(SieveScoreProducer);
