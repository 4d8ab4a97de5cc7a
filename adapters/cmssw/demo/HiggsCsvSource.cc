// The demo's input source: one event per row of a CSV ntuple, read as `sieve score` reads it
// with the model named by `model`: the model's raw columns (or `columns`) in its order, and
// the model schema's id column as the event number (the entry when the file has none). It
// puts the row as a one-object sieve::score::EventInputs and its 0-based entry number
// (instance "entry") under the module label "source".
#include "FWCore/Framework/interface/InputSource.h"
#include "FWCore/Framework/interface/InputSourceMacros.h"
#include "FWCore/ParameterSet/interface/ConfigurationDescriptions.h"
#include "FWCore/Utilities/interface/Exception.h"

#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/score/csv_event_source.hpp"

#include <memory>

namespace {
  sieve::score::CsvEventSource openEvents(edm::ParameterSet const& config) {
    try {
      auto const model = sieve::io::load_model(config.getParameter<edm::FileInPath>("model").fullPath());
      auto columns = config.getUntrackedParameter<std::vector<std::string>>("columns");
      if (columns.empty()) columns = model->pipeline.raw_columns;
      return sieve::score::CsvEventSource(
          config.getUntrackedParameter<std::string>("fileName"), std::move(columns), model->schema);
    } catch (sieve::ConfigError const& e) {
      throw cms::Exception("Configuration") << e.what() << "\n";
    }
  }
}  // namespace

class HiggsCsvSource : public edm::InputSource {
public:
  explicit HiggsCsvSource(edm::ParameterSet const& config) : events_(openEvents(config)) {}

  static void fillDescriptions(edm::ConfigurationDescriptions& descriptions) {
    edm::ParameterSetDescription desc;
    desc.addUntracked<std::string>("fileName", "")->setComment("the CSV ntuple (plain or .gz)");
    desc.add<edm::FileInPath>("model")->setComment(
        "the model whose raw columns and id column are read (its schema's), found through CMSSW_SEARCH_PATH");
    desc.addUntracked<std::vector<std::string>>("columns", {})
        ->setComment("columns of each event's input row, in order; empty: the model's raw columns");
    descriptions.add("source", desc);
  }

  bool readEvent(edm::EventPrincipal& principal) override {
    sieve::score::SourcedEvent event;
    if (!events_.next(event)) return false;
    principal.clearEventPrincipal(edm::EventID(1, 1, static_cast<edm::EventNumber_t>(event.event_id)));
    principal.put("source", "", std::make_unique<sieve::score::EventInputs>(std::move(event.inputs)));
    principal.put("source", "entry", std::make_unique<unsigned long long>(event.entry));
    return true;
  }

private:
  sieve::score::CsvEventSource events_;
};

DEFINE_FWK_INPUT_SOURCE(HiggsCsvSource);
