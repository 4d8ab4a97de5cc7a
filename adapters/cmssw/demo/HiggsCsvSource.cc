// The demo's input source: one event per row of a HiggsML CSV ntuple (EventId becomes the
// event number), putting the row as a one-object sieve::score::EventInputs and its 0-based
// entry number (instance "entry") under the module label "source".
#include "FWCore/Framework/interface/InputSource.h"
#include "FWCore/Framework/interface/InputSourceMacros.h"
#include "FWCore/ParameterSet/interface/ConfigurationDescriptions.h"

#include "sieve/data/schema.hpp"
#include "sieve/score/csv_event_source.hpp"
#include "sieve/score/scoring_config.hpp"

#include <memory>

class HiggsCsvSource : public edm::InputSource {
public:
  explicit HiggsCsvSource(edm::ParameterSet const& config)
      : events_(config.getUntrackedParameter<std::string>("fileName"),
                config.getUntrackedParameter<std::vector<std::string>>("columns"),
                sieve::data::higgsml_schema()) {}

  static void fillDescriptions(edm::ConfigurationDescriptions& descriptions) {
    edm::ParameterSetDescription desc;
    desc.addUntracked<std::string>("fileName", "")->setComment("the CSV ntuple (plain or .gz)");
    desc.addUntracked<std::vector<std::string>>("columns", sieve::data::higgsml_schema().columns)
        ->setComment("columns of each event's input row, in order");
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
