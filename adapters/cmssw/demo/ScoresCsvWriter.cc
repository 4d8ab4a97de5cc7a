// The demo's output: a global analyzer that writes each event's scores as the CSV of
// `sieve score` (the event number, score_<variation>...), in input order whatever order the streams
// finish in, and commits the file at endJob.
#include "FWCore/Framework/interface/MakerMacros.h"
#include "FWCore/Framework/interface/global/EDAnalyzer.h"
#include "FWCore/ParameterSet/interface/ConfigurationDescriptions.h"
#include "FWCore/Utilities/interface/Exception.h"

#include "sieve/score/event_products.hpp"
#include "sieve/score/ordered_score_writer.hpp"

#include <memory>

class ScoresCsvWriter : public edm::global::EDAnalyzer<> {
public:
  explicit ScoresCsvWriter(edm::ParameterSet const& config)
      : scoresToken_(consumes<sieve::score::EventScores>(config.getParameter<edm::InputTag>("src"))),
        entryToken_(consumes<unsigned long long>(config.getParameter<edm::InputTag>("entrySrc"))),
        writer_(std::make_unique<sieve::score::OrderedScoreWriter>(
            config.getUntrackedParameter<std::string>("fileName"), config.getParameter<std::string>("idColumn"),
            config.getParameter<std::vector<std::string>>("variations"))) {}

  static void fillDescriptions(edm::ConfigurationDescriptions& descriptions) {
    edm::ParameterSetDescription desc;
    desc.add<edm::InputTag>("src", edm::InputTag("sieveScoreProducer"))->setComment("the scores to write");
    desc.add<edm::InputTag>("entrySrc", edm::InputTag("source", "entry"))
        ->setComment("the event's entry number in the input file, for the output order");
    desc.add<std::string>("idColumn", "event")
        ->setComment("the name of the event-number column (`sieve score` writes the schema's id column, or row)");
    desc.add<std::vector<std::string>>("variations", {"nominal"})->setComment("names of the score columns");
    desc.addUntracked<std::string>("fileName", "scores.csv")->setComment("output CSV (.gz: gzip)");
    descriptions.addWithDefaultLabel(desc);
  }

private:
  void analyze(edm::StreamID, edm::Event const& event, edm::EventSetup const&) const override {
    auto const& scores = event.get(scoresToken_);
    if (scores.objects() != 1)
      throw cms::Exception("Configuration") << "ScoresCsvWriter writes one object per event, got " << scores.objects()
                                            << "\n";
    writer_->add(event.get(entryToken_), static_cast<std::int64_t>(event.id().event()), scores.values);
  }

  void endJob() override { writer_->commit(); }

  const edm::EDGetTokenT<sieve::score::EventScores> scoresToken_;
  const edm::EDGetTokenT<unsigned long long> entryToken_;
  const std::unique_ptr<sieve::score::OrderedScoreWriter> writer_;
};

DEFINE_FWK_MODULE(ScoresCsvWriter);
