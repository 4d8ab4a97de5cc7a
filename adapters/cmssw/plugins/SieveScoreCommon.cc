#include "SieveScoreCommon.h"

#include "FWCore/Utilities/interface/Exception.h"

#include "sieve/error.hpp"
#include "sieve/nn/precision.hpp"

namespace sieve::cmssw {

  void fillScorerDescription(edm::ParameterSetDescription& desc) {
    // Required, without a default: a default FileInPath must exist on every release's search
    // path when the cfi is generated and the job validated, and no model file does.
    desc.add<edm::FileInPath>("model")->setComment(
        "Sieve model file (written by `sieve train`), found through CMSSW_SEARCH_PATH, e.g. "
        "'MyAnalysis/MyPackage/data/my.model'. Required.");
    desc.add<std::vector<std::string>>("inputNames", {})
        ->setComment(
            "Names of the input columns, in row order; empty: the model's raw columns, in the order of the "
            "schema it was trained with (sieve inspect lists them). Bound to the model's inputs once, at "
            "construction: a missing, repeated or unknown name is a configuration error.");
    desc.add<std::vector<std::string>>("variations", {"nominal"})
        ->setComment(
            "Systematic variations to score, in output order: nominal and the variations of the model's "
            "schema (its [[variations]], and tes_up, tes_down, jes_up, jes_down, soft_met when it names a "
            "recomputation).");
    desc.add<double>("tesSize", 0.03)->setComment("Tau energy scale shift of tes_up/tes_down: factor 1 +- tesSize.");
    desc.add<double>("jesSize", 0.03)->setComment("Jet energy scale shift of jes_up/jes_down: factor 1 +- jesSize.");
    desc.add<double>("softMetSigma", 3.0)
        ->setComment("Sigma (GeV) of soft_met's Gaussian smearing of each MET component.");
    desc.add<bool>("tta", true)
        ->setComment("Average the model's 8 symmetry copies of each event (test-time augmentation), "
                     "when the model was trained for them.");
    desc.add<bool>("skipBadRows", false)
        ->setComment("Give NaN scores to objects the model cannot score (an infinite value, a jet count "
                     "outside 0..3) instead of failing the event.");
    desc.add<std::string>("precision", "float32")
        ->setComment("float32 (the exact reference, the default) or bf16 (opt-in: the layers in bfloat16 on AMX-BF16 "
                     "tiles, scores within a few 1e-3 of float32; about 2x faster on blocks of objects, 0.96-1.2x on one "
                     "object; needs tta). A CPU or build without AMX-BF16 is a configuration error.");
    desc.add<bool>("weightsPerStream", true)
        ->setComment("Each stream scores with its own copy of the ensemble's arranged weights (about 2 MB for 10 "
                     "members of width 33): an event streams every member's weights through its core's cache, and "
                     "streams sharing one copy scored about 8% slower per event. False: one copy for the job.");
  }

  void fillSieveScoreDescription(edm::ParameterSetDescription& desc) {
    desc.setComment(
        "Scores every object of the input collection with a Sieve ensemble (the Strong 2020 HiggsML recipe): "
        "one value per requested variation, with test-time augmentation. The model is loaded once and shared; "
        "each stream scores with its own workspace.");
    fillScorerDescription(desc);
    desc.add<edm::InputTag>("src", edm::InputTag("sieveInputs"))
        ->setComment(
            "sieve::score::EventInputs of the event: one row of raw input quantities per object, "
            "in the column order of inputNames.");
    desc.add<std::string>("scoresLabel", "")
        ->setComment("Product instance label of the sieve::score::EventScores product "
                     "(values[object * nVariations + variation]); no '_', which CMSSW forbids in instance labels.");
  }

  sieve::score::ScoringConfig scoringConfig(edm::ParameterSet const& config) {
    sieve::score::ScoringConfig c;
    c.model_path = config.getParameter<edm::FileInPath>("model").fullPath();
    c.input_columns = config.getParameter<std::vector<std::string>>("inputNames");
    c.variations = config.getParameter<std::vector<std::string>>("variations");
    c.sizes.tes = config.getParameter<double>("tesSize");
    c.sizes.jes = config.getParameter<double>("jesSize");
    c.sizes.soft_met = config.getParameter<double>("softMetSigma");
    c.tta = config.getParameter<bool>("tta");
    c.skip_bad_rows = config.getParameter<bool>("skipBadRows");
    c.precision = sieve::nn::parse_precision(config.getParameter<std::string>("precision"));
    c.weights_per_workspace = config.getParameter<bool>("weightsPerStream");
    return c;
  }

  std::unique_ptr<sieve::score::EventScorer> makeEventScorer(edm::ParameterSet const& config) {
    try {
      return std::make_unique<sieve::score::EventScorer>(scoringConfig(config));
    } catch (sieve::ConfigError const& e) {
      throw cms::Exception("Configuration") << e.what() << "\n";
    }
  }

  std::int64_t eventKey(edm::EventID const& id) {
    return sieve::score::event_key(id.run(), id.luminosityBlock(), id.event());
  }

  void produceScores(sieve::score::EventScorer const& scorer,
                     sieve::score::ScorerWorkspace& workspace,
                     edm::Event& event,
                     edm::EDGetTokenT<sieve::score::EventInputs> const& inputsToken,
                     edm::EDPutTokenT<sieve::score::EventScores> const& scoresToken) {
    sieve::score::EventScores scores;
    try {
      scorer.score(workspace, event.get(inputsToken), eventKey(event.id()), scores);
    } catch (sieve::InputError const& e) {
      throw cms::Exception("SieveInputError") << e.what() << "\n";
    }
    event.emplace(scoresToken, std::move(scores));
  }

}  // namespace sieve::cmssw
