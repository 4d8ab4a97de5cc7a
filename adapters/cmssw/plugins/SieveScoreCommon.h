#ifndef PhysicsTools_SieveScore_plugins_SieveScoreCommon_h
#define PhysicsTools_SieveScore_plugins_SieveScoreCommon_h
// What SieveScoreProducer (global, StreamCache), SieveScoreStreamProducer (stream,
// GlobalCache) and SieveFlatTableProducer share: the parameter description, the translation of the ParameterSet into
// Sieve's framework-neutral ScoringConfig, and the per-event glue (get, score, emplace).
// All the logic is in Sieve (sieve/score/event_scorer.hpp).
#include "FWCore/Framework/interface/Event.h"
#include "FWCore/ParameterSet/interface/ParameterSet.h"
#include "FWCore/ParameterSet/interface/ParameterSetDescription.h"
#include "FWCore/Utilities/interface/EDGetToken.h"
#include "FWCore/Utilities/interface/EDPutToken.h"

#include "sieve/score/event_key.hpp"
#include "sieve/score/event_products.hpp"
#include "sieve/score/event_scorer.hpp"

#include <cstdint>
#include <memory>

namespace sieve::cmssw {

  // The parameters of every Sieve module: model, inputNames, variations and their sizes,
  // tta, skipBadRows.
  void fillScorerDescription(edm::ParameterSetDescription& desc);
  // Those, and the EventInputs source and EventScores label of the two score producers.
  void fillSieveScoreDescription(edm::ParameterSetDescription& desc);

  sieve::score::ScoringConfig scoringConfig(edm::ParameterSet const& config);

  // Loads the model and binds the inputs once; Sieve's configuration errors become
  // cms::Exception("Configuration").
  std::unique_ptr<sieve::score::EventScorer> makeEventScorer(edm::ParameterSet const& config);

  // The key of the event's soft-MET draws: its (run, luminosity block, event), as
  // sieve::score::event_key mixes them (the event number alone for run 1, block 1).
  std::int64_t eventKey(edm::EventID const& id);

  // Scores the event's objects with this stream's workspace and puts the scores.
  void produceScores(sieve::score::EventScorer const& scorer,
                     sieve::score::ScorerWorkspace& workspace,
                     edm::Event& event,
                     edm::EDGetTokenT<sieve::score::EventInputs> const& inputsToken,
                     edm::EDPutTokenT<sieve::score::EventScores> const& scoresToken);

}  // namespace sieve::cmssw

#endif
