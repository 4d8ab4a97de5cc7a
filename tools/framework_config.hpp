#pragma once
// Configuration fragments for the framework modules, generated from a model's schema:
// the modules' parameters with the model's own input columns and every variation its
// schema knows, ready to paste into a cmsRun configuration or a GaudiConfig2 options file
// (`sieve inspect --framework cmssw|gaudi`).
#include "sieve/ensemble/model.hpp"

#include <string>

namespace sieve::cli {

// A cms.EDProducer of SieveFlatTableProducer (adapters/cmssw/python/*_cfi.py's parameters).
std::string cmssw_fragment(const ensemble::Model& model, const std::string& model_path);
// The SieveCsvEventReader and SieveScoreTransformer of adapters/gaudi/options/sieveScore.py.
std::string gaudi_fragment(const ensemble::Model& model, const std::string& model_path);

} // namespace sieve::cli
