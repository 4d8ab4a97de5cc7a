#pragma once
// The two per-event data products that framework adapters exchange: the raw inputs of an
// event's objects, and their scores. Plain structs of standard types (an experiment can
// generate dictionaries for them or wrap them), with no Eigen and no model reference.
//
// An event has one or more objects (one HiggsML event is one object; a collection of
// candidates is several). Inputs are row-major, one row per object, in the column order the
// consumer was configured with; scores are object-major, one value per variation.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sieve::score {

struct EventInputs {
  std::size_t columns = 0;    // values per object (the width of a row)
  std::vector<float> values;  // objects x columns; -999 or NaN = undefined
  // The experiment's event number, for producers that pass it along with the inputs
  // (the demo's readers). The modules key the soft-MET draws (reproducible whatever the
  // thread, stream or slot) by the framework's full event identity instead: CMSSW's
  // edm::EventID, Gaudi's EventContext::eventID() (score/event_key.hpp).
  std::int64_t event_id = 0;

  std::size_t objects() const { return columns == 0 ? 0 : values.size() / columns; }
};

struct EventScores {
  std::size_t variations = 0;  // values per object, in the scorer's variation order
  std::vector<float> values;   // values[object * variations + variation]; NaN = skipped row

  std::size_t objects() const { return variations == 0 ? 0 : values.size() / variations; }
  float at(std::size_t object, std::size_t variation) const { return values[object * variations + variation]; }
};

} // namespace sieve::score
