#include "sieve/export/lwtnn_export.hpp"

#include "input_recipe.hpp"

#include "sieve/build_info.hpp"
#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/io/json.hpp"
#include "sieve/nn/network_config.hpp"


namespace sieve::exporting {

namespace {

using io::json_number;
using io::json_string;

// Every weight as the decimal of its exact float value, so that lwtnn (which reads
// doubles) uses the very numbers Sieve does.
std::string number(float value) { return json_number(static_cast<double>(value)); }

template <class T, class F>
std::string list(const std::vector<T>& values, F format) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + format(values[i]);
  return out + "]";
}
std::string strings(const std::vector<std::string>& v) { return list(v, [](const std::string& s) { return json_string(s); }); }
std::string floats(const std::vector<float>& v) { return list(v, [](float x) { return number(x); }); }
std::string ints(const std::vector<int>& v) { return list(v, [](int i) { return std::to_string(i); }); }

struct Graph {
  std::vector<std::string> nodes, layers;
  int node(const std::string& json) {
    nodes.push_back(json);
    return static_cast<int>(nodes.size()) - 1;
  }
  int feed_forward(int source, const std::string& layer) {
    layers.push_back(layer);
    return node("{\"type\": \"feed_forward\", \"sources\": [" + std::to_string(source) +
                "], \"layer_index\": " + std::to_string(layers.size() - 1) + "}");
  }
  int concatenate(const std::vector<int>& sources) {
    return node("{\"type\": \"concatenate\", \"sources\": " + ints(sources) + "}");
  }
};

// A dense layer: weights row-major [n_out, n_in] (lwtnn's order).
std::string dense(const std::vector<float>& weights, const std::vector<float>& bias, const std::string& activation) {
  return "{\"architecture\": \"dense\", \"activation\": " + activation + ", \"weights\": " + floats(weights) +
         ", \"bias\": " + floats(bias) + "}";
}

} // namespace

std::string lwtnn_graph(const ensemble::Model& model, LwtnnExportSummary* summary) {
  const detail::InputRecipe r = detail::input_recipe(model);
  const nn::NetworkConfig& net = model.network;
  const nn::ParameterLayout L(net);
  const auto& pipeline = model.pipeline;
  if (model.members.empty()) throw ConfigError("the model has no members to export");
  std::string activation;
  switch (net.activation) {
  case nn::Activation::Swish: activation = "{\"function\": \"swish\", \"alpha\": 1.0}"; break;
  case nn::Activation::ReLU: activation = "\"rectified\""; break;
  case nn::Activation::SELU:
    throw ConfigError("lwtnn has no SELU activation (its activations are linear, sigmoid, rectified, softmax, tanh, "
                      "hard_sigmoid, elu, leakyrelu, swish and abs): this model (--activation selu) cannot be an "
                      "lwtnn graph; export it with --format onnx");
  }
  const bool model_tta = model.tta && !pipeline.layout.momenta().empty();

  std::string out = "{\n";
  // Inputs: the standardised features, and the one-hot code of each embedded categorical.
  std::vector<std::vector<std::string>> one_hot(r.categoricals.size());
  {
    std::string variables;
    for (std::size_t j = 0; j < r.inputs.size(); ++j) {
      const bool code_value = j >= r.features.size();
      variables += std::string(j ? ",\n      " : "") + "{\"name\": " + json_string(r.inputs[j]) +
                   ", \"offset\": " + number(-pipeline.mean[j]) + ", \"scale\": " + number(pipeline.inv_std[j]) +
                   (code_value ? "" : ", \"default\": " + number(pipeline.mean[j])) + "}";
    }
    out += "  \"inputs\": [\n    {\"name\": \"features\", \"variables\": [\n      " + variables + "]}";
    for (std::size_t k = 0; r.embedded && k < r.categoricals.size(); ++k) {
      const auto& cat = r.categoricals[k];
      std::string codes;
      for (std::size_t c = 0; c < cat.values.size(); ++c) {
        one_hot[k].push_back("is_" + detail::short_float(cat.values[c]));
        codes += std::string(c ? ",\n      " : "") + "{\"name\": " + json_string(one_hot[k].back()) +
                 ", \"offset\": 0, \"scale\": 1}";
      }
      out += ",\n    {\"name\": " + json_string(cat.name) + ", \"variables\": [\n      " + codes + "]}";
    }
    out += "\n  ],\n  \"input_sequences\": [],\n";
  }

  Graph g;
  const int features = g.node("{\"type\": \"input\", \"sources\": [0], \"size\": " + std::to_string(r.inputs.size()) + "}");
  // One input node per embedded categorical column (sources 1, 2, ... in order).
  std::vector<int> categories;
  for (std::size_t k = 0; r.embedded && k < r.categoricals.size(); ++k)
    categories.push_back(g.node("{\"type\": \"input\", \"sources\": [" + std::to_string(k + 1) +
                                "], \"size\": " + std::to_string(one_hot[k].size()) + "}"));
  std::vector<int> tails;
  std::vector<float> weights;
  for (std::size_t m = 0; m < model.members.size(); ++m) {
    const std::vector<float>& p = model.members[m].params;
    if (p.size() != L.total) throw ConfigError("member " + std::to_string(m) + " has the wrong number of parameters");
    int x0 = features;
    if (r.embedded) {
      // Per table: one-hot x [E, K] = the code's row of the table (row c = code c, stored
      // K x E); the head is the features, then each table's output.
      std::vector<int> head = {features};
      for (int t = 0; t < net.n_embeddings(); ++t) {
        const nn::EmbeddingTable table = net.embedding_table(t);
        const auto K = static_cast<std::size_t>(table.n_categories), E = static_cast<std::size_t>(table.dim);
        std::vector<float> w(E * K);
        for (std::size_t e = 0; e < E; ++e)
          for (std::size_t k = 0; k < K; ++k) w[e * K + k] = p[L.embedding[t] + k * E + e];
        head.push_back(g.feed_forward(categories[static_cast<std::size_t>(t)],
                                      dense(w, std::vector<float>(E, 0.0f), "\"linear\"")));
      }
      x0 = g.concatenate(head);
    }
    std::vector<int> hidden;
    for (int d = 0; d < net.depth; ++d) {
      int in = x0;
      if (d > 0 && net.dense) {
        std::vector<int> parts(hidden.rbegin(), hidden.rend());  // newest first, then the inputs
        parts.push_back(x0);
        in = g.concatenate(parts);
      } else if (d > 0) {
        in = hidden.back();
      }
      // Sieve stores width x fan_in column-major; lwtnn reads [width, fan_in] row-major.
      const auto k = static_cast<std::size_t>(net.fan_in(d)), width = static_cast<std::size_t>(net.width);
      std::vector<float> w(width * k);
      for (std::size_t j = 0; j < width; ++j)
        for (std::size_t i = 0; i < k; ++i) w[j * k + i] = p[L.weight[d] + j + i * width];
      const std::vector<float> b(p.begin() + static_cast<std::ptrdiff_t>(L.bias[d]),
                                 p.begin() + static_cast<std::ptrdiff_t>(L.bias[d] + width));
      hidden.push_back(g.feed_forward(in, dense(w, b, activation)));
    }
    const std::vector<float> tail(p.begin() + static_cast<std::ptrdiff_t>(L.tail_weight),
                                  p.begin() + static_cast<std::ptrdiff_t>(L.tail_weight) + net.width);
    tails.push_back(g.feed_forward(hidden.back(), dense(tail, {p[L.tail_bias]}, "\"sigmoid\"")));
    weights.push_back(static_cast<float>(model.members[m].weight));
  }
  const int score = g.feed_forward(g.concatenate(tails), dense(weights, {0.0f}, "\"linear\""));

  const auto join = [](const std::vector<std::string>& items) {
    std::string joined;
    for (std::size_t i = 0; i < items.size(); ++i) joined += (i ? ",\n    " : "") + items[i];
    return joined;
  };
  out += "  \"nodes\": [\n    " + join(g.nodes) + "\n  ],\n  \"layers\": [\n    " + join(g.layers);
  out += "\n  ],\n  \"outputs\": {\"score\": {\"node_index\": " + std::to_string(score) + ", \"labels\": [\"score\"]}},\n";

  // What the caller computes, spelled out (lwtnn ignores this block).
  std::string inputs;
  for (std::size_t j = 0; j < r.inputs.size(); ++j) {
    std::string how;
    if (j >= r.features.size()) {
      how = "\"compute\": \"code_value\", \"column\": " + json_string(r.categoricals[j - r.features.size()].name);
    } else {
      const detail::PhysicalFeature& f = r.features[j];
      const auto col = [&](int c) { return json_string(r.raw_columns[static_cast<std::size_t>(c)]); };
      using Kind = detail::PhysicalFeature::Kind;
      switch (f.kind) {
      case Kind::Copy: how = "\"compute\": \"copy\", \"column\": " + col(f.column); break;
      case Kind::Px: how = "\"compute\": \"pt*cos(phi)\", \"pt\": " + col(f.column) + ", \"phi\": " + col(f.angle); break;
      case Kind::Py: how = "\"compute\": \"pt*sin(phi)\", \"pt\": " + col(f.column) + ", \"phi\": " + col(f.angle); break;
      case Kind::Pz: how = "\"compute\": \"pt*sinh(eta)\", \"pt\": " + col(f.column) + ", \"eta\": " + col(f.angle); break;
      }
    }
    inputs += std::string(j ? ",\n      " : "") + "{\"name\": " + json_string(r.inputs[j]) + ", " + how + "}";
  }
  std::string sentinels;
  for (std::size_t c = 0; c < r.raw_columns.size(); ++c)
    if (!r.sentinels[c].empty())
      sentinels += std::string(sentinels.empty() ? "" : ", ") + json_string(r.raw_columns[c]) + ": " + floats(r.sentinels[c]);
  std::string signs;
  for (std::size_t c = 0; c < r.momentum_signs.size(); ++c) signs += std::string(c ? ",\n        " : "") + ints(r.momentum_signs[c]);
  out += "  \"sieve\": {\n";
  out += "    \"exported_by\": " + json_string("sieve " + library_version()) + ",\n";
  out += "    \"schema\": " + json_string(model.schema.name) + ",\n";
  out += "    \"raw_columns\": " + strings(r.raw_columns) + ",\n";
  out += "    \"sentinels\": {" + sentinels + "},\n";
  out += "    \"missing\": \"a raw value equal to one of its column's sentinels, or NaN, is missing; a physical input "
         "computed from a missing value is missing; give a missing input the variable's default\",\n";
  out += "    \"inputs\": [\n      " + inputs + "],\n";
  if (!r.categoricals.empty()) {
    std::string categoricals;
    for (std::size_t k = 0; k < r.categoricals.size(); ++k) {
      const auto& cat = r.categoricals[k];
      categoricals += std::string(k ? ",\n      " : "") + "{\"column\": " + json_string(cat.name) +
                      ", \"values\": " + floats(cat.values) + ", \"unseen\": " +
                      (cat.fallback_code ? number(cat.values[static_cast<std::size_t>(*cat.fallback_code)])
                                         : std::string("\"error\"")) +
                      ", \"embedded\": " + (r.embedded ? "true" : "false") +
                      (r.embedded ? ", \"input_node\": " + json_string(cat.name) + ", \"one_hot\": " + strings(one_hot[k])
                                  : "") +
                      "}";
    }
    out += "    \"categoricals\": [\n      " + categoricals + "],\n";
  }
  out += "    \"tta\": {\"copies\": " + std::to_string(model_tta ? 8 : 1) +
         ", \"space\": " + json_string(pipeline.augment_space == features::AugmentSpace::Raw ? "raw" : "standardised") +
         ", \"signs\": [\n        " + signs + "],\n      \"how\": " +
         json_string(model_tta
                         ? "sieve score averages the graph's score over 8 copies of the event: copy c negates the "
                           "features whose signs[c] is -1 (space raw: negate the value x; space standardised: pass "
                           "2 * mean - x, i.e. 2 * default - x), a missing input stays missing (its default) in "
                           "every copy"
                         : "the model scores the event as given") +
         "},\n";
  out += "    \"members\": " + std::to_string(model.members.size()) + ",\n";
  out += "    \"ensemble_weights\": " + floats(weights) + ",\n";
  out += "    \"cut\": " + json_number(model.cut) + "\n  }\n}\n";

  if (summary) {
    summary->feature_inputs = r.inputs;
    summary->categorical_nodes.clear();
    for (std::size_t k = 0; r.embedded && k < r.categoricals.size(); ++k)
      summary->categorical_nodes.push_back({r.categoricals[k].name, one_hot[k]});
    summary->model_tta_copies = model_tta ? 8 : 1;
    summary->members = model.members.size();
    summary->bytes = out.size();
    summary->notes.clear();
    summary->notes.push_back("the caller computes the inputs of node \"features\" from the raw columns "
                             "(Cartesian momenta in GeV) and replaces each missing one by the variable's default");
    for (std::size_t k = 0; r.embedded && k < r.categoricals.size(); ++k) {
      const auto& cat = r.categoricals[k];
      summary->notes.push_back("the caller sets the one-hot of " + cat.name + " (node \"" + cat.name + "\")" +
                               (cat.fallback_code ? "; an unseen value takes the fallback's code"
                                                  : "; an unseen value is an error, as in sieve score"));
    }
    summary->notes.push_back(model_tta ? "the graph scores the nominal copy: average it over the 8 TTA copies (the "
                                         "\"sieve\" block's signs) for the score of sieve score"
                                       : "the model has no TTA: the graph's score is that of sieve score");
  }
  return out;
}

LwtnnExportSummary export_lwtnn(const ensemble::Model& model, const std::string& path) {
  LwtnnExportSummary summary;
  const std::string json = lwtnn_graph(model, &summary);
  io::write_file_atomically(path, json);
  return summary;
}

} // namespace sieve::exporting
