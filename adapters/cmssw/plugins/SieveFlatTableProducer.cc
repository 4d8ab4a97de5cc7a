// SieveFlatTableProducer: scores the rows of a nanoaod::FlatTable with a Sieve ensemble and
// writes the scores as a FlatTable, as NanoAOD's ML producers do.
//
// The input table's columns are read by name: the model's raw columns (the schema it was
// trained with), or inputNames. The output has one float column per variation, named
// score_<variation>, one row per input row; by default it extends the input table (same
// name, extension = true), so the scores land beside the inputs in the NanoAOD tree.
// A global module like SieveScoreProducer: the scorer shared, a workspace per stream.
#include "DataFormats/NanoAOD/interface/FlatTable.h"
#include "FWCore/Framework/interface/MakerMacros.h"
#include "FWCore/Framework/interface/global/EDProducer.h"
#include "FWCore/ParameterSet/interface/ConfigurationDescriptions.h"
#include "FWCore/Utilities/interface/Exception.h"

#include "SieveScoreCommon.h"

#include "sieve/error.hpp"

#include <string>
#include <vector>

class SieveFlatTableProducer : public edm::global::EDProducer<edm::StreamCache<sieve::score::ScorerWorkspace>> {
public:
  explicit SieveFlatTableProducer(edm::ParameterSet const& config)
      : scorer_(sieve::cmssw::makeEventScorer(config)),
        columns_(config.getParameter<std::vector<std::string>>("inputNames").empty()
                     ? scorer_->scorer().model().schema.columns
                     : config.getParameter<std::vector<std::string>>("inputNames")),
        variations_(scorer_->variation_names()),
        name_(config.getParameter<std::string>("name")),
        extension_(config.getParameter<bool>("extension")),
        tableToken_(consumes<nanoaod::FlatTable>(config.getParameter<edm::InputTag>("src"))),
        scoresToken_(produces<nanoaod::FlatTable>()) {}

  static void fillDescriptions(edm::ConfigurationDescriptions& descriptions) {
    edm::ParameterSetDescription desc;
    desc.setComment(
        "Scores every row of a nanoaod::FlatTable with a Sieve ensemble (one value per variation, with "
        "test-time augmentation) and writes a FlatTable of the scores, one column score_<variation> per "
        "variation. The input columns are found by name in the table.");
    sieve::cmssw::fillScorerDescription(desc);
    desc.add<edm::InputTag>("src")->setComment(
        "The nanoaod::FlatTable to score: one row per object (or a singleton event table), with a column "
        "for each input name. Required.");
    desc.add<std::string>("name", "")->setComment("Name of the scores table; empty: the input table's name.");
    desc.add<bool>("extension", true)
        ->setComment("The scores table extends the table of its name (true), or is a table of its own.");
    descriptions.addWithDefaultLabel(desc);
  }

private:
  std::unique_ptr<sieve::score::ScorerWorkspace> beginStream(edm::StreamID) const override {
    return scorer_->make_workspace();
  }

  void produce(edm::StreamID stream, edm::Event& event, edm::EventSetup const&) const override {
    nanoaod::FlatTable const& table = event.get(tableToken_);
    sieve::score::EventInputs inputs;
    inputs.columns = columns_.size();
    inputs.values.resize(static_cast<std::size_t>(table.size()) * columns_.size());
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      int const index = table.columnIndex(columns_[c]);
      if (index < 0)
        throw cms::Exception("SieveInputError")
            << "table '" << table.name() << "' has no column '" << columns_[c]
            << "', an input of the model (inputNames, or the model's raw columns)\n";
      for (unsigned int row = 0; row < table.size(); ++row)
        inputs.values[row * columns_.size() + c] =
            static_cast<float>(table.getAnyValue(row, static_cast<unsigned int>(index)));
    }
    sieve::score::EventScores scores;
    try {
      scorer_->score(*streamCache(stream), inputs, sieve::cmssw::eventKey(event.id()), scores);
    } catch (sieve::InputError const& e) {
      throw cms::Exception("SieveInputError") << e.what() << "\n";
    }
    nanoaod::FlatTable out(table.size(), name_.empty() ? table.name() : name_, table.singleton(), extension_);
    std::vector<float> column(table.size());
    for (std::size_t v = 0; v < variations_.size(); ++v) {
      for (unsigned int row = 0; row < table.size(); ++row) column[row] = scores.at(row, v);
      out.addColumn<float>("score_" + variations_[v], column,
                           "Sieve ensemble score, variation " + variations_[v] + " (NaN: not scorable)");
    }
    event.emplace(scoresToken_, std::move(out));
  }

  const std::unique_ptr<const sieve::score::EventScorer> scorer_;
  const std::vector<std::string> columns_;
  const std::vector<std::string> variations_;
  const std::string name_;
  const bool extension_;
  const edm::EDGetTokenT<nanoaod::FlatTable> tableToken_;
  const edm::EDPutTokenT<nanoaod::FlatTable> scoresToken_;
};

DEFINE_FWK_MODULE(SieveFlatTableProducer);
