#pragma once
// A trained ensemble as an lwtnn graph (the JSON that lwt::parse_json_graph reads and
// lwt::LightweightGraph or lwt::generic::FastGraph evaluate), for ATLAS's Athena.
//
// lwtnn evaluates dense layers on named, standardised inputs; it has no trigonometry,
// no sentinels and no way to repeat an event for test-time augmentation. So the graph
// starts at the network's inputs and the caller computes them:
//   input node "features": the pipeline's continuous inputs in order (the schema's
//     continuous columns, each object's px = pt cos(phi), py = pt sin(phi),
//     pz = pt sinh(eta) and mass or energy column, then the kept pt), in GeV as in the
//     ntuple, with every missing value (a sentinel, or a momentum of a missing object)
//     replaced by the variable's "default" (its training mean, which standardises to 0);
//     each variable's offset and scale are Sieve's standardisation: (x - mean) * inv_std.
//     Categoricals read as values (recipe embedding = false) are the last variables, in
//     the schema's order, each the value of its code (an unseen value: the fallback's).
//   input node "<categorical column>" per embedded categorical column, in the schema's
//     order (sources 1, 2, ...): the code one-hot, one variable per code (is_<value>), the
//     unseen fallback's code for other values. Each member's embedding of it is a linear
//     dense layer on it (one-hot x table = the table's row); the head concatenates the
//     features and the embeddings in that order.
// Then every member's body (dense connections as concatenate nodes; Swish is lwtnn's
// swish with alpha 1, ReLU its "rectified"), sigmoid tail, and the weighted mean of the
// members as one linear dense layer: output "score", label "score".
// The graph scores the event as given: the nominal copy. For the score of `sieve score`
// with test-time augmentation the caller evaluates it on the 8 copies and averages them
// (the file's "sieve" block says which inputs each copy negates); a linear layer cannot
// do it inside the graph, because a missing momentum stays missing in every copy.
// The file's top-level "sieve" block (which lwtnn ignores) spells all of this out per
// input, with the raw columns, sentinels, codes, TTA signs, ensemble weights and cut.
//
// Refused, naming the reason: SELU (lwtnn has no such activation).
#include "sieve/ensemble/model.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sieve::exporting {

struct LwtnnExportSummary {
  std::vector<std::string> feature_inputs;  // the variables of input node "features"
  struct CategoricalNode {
    std::string name;                       // the one-hot input node (the column's name)
    std::vector<std::string> inputs;        // its variables, one per code
  };
  std::vector<CategoricalNode> categorical_nodes;  // per embedded categorical, in order
  int model_tta_copies = 1;                 // copies the caller averages to match sieve score
  std::size_t members = 0;
  std::size_t bytes = 0;
  std::vector<std::string> notes;
};

// The graph as JSON text. Throws ConfigError when the model cannot be exported faithfully.
std::string lwtnn_graph(const ensemble::Model& model, LwtnnExportSummary* summary = nullptr);

// Writes lwtnn_graph() to `path` atomically: a refused model leaves nothing behind.
LwtnnExportSummary export_lwtnn(const ensemble::Model& model, const std::string& path);

} // namespace sieve::exporting
