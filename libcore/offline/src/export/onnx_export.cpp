#include "sieve/export/onnx_export.hpp"

#include "input_recipe.hpp"
#include "onnx_graph_builder.hpp"
#include "onnx_members.hpp"

#include "sieve/build_info.hpp"
#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/io/json.hpp"
#include "sieve/nn/network_config.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <tuple>

namespace sieve::exporting {

static_assert(std::endian::native == std::endian::little, "ONNX raw_data is little-endian");

namespace {

void set_tensor_type(onnx::ValueInfoProto& value, const std::string& name, const std::vector<std::string>& dims,
                     onnx::TensorProto::DataType type = onnx::TensorProto::FLOAT) {
  value.set_name(name);
  onnx::TypeProto_Tensor& tensor = *value.mutable_type()->mutable_tensor_type();
  tensor.set_elem_type(type);
  for (const std::string& d : dims) {
    onnx::TensorShapeProto_Dimension& dim = *tensor.mutable_shape()->add_dim();
    if (!d.empty() && d.front() >= '0' && d.front() <= '9') dim.set_dim_value(std::stoll(d));
    else dim.set_dim_param(d);
  }
}

// A graph output named `name`: `value` through an Identity.
void add_output(onnx::GraphProto& graph, const std::string& name, const std::string& value, const std::vector<std::string>& dims,
                onnx::TensorProto::DataType type = onnx::TensorProto::FLOAT) {
  onnx::NodeProto& n = *graph.add_node();
  n.set_op_type("Identity");
  n.set_name(name);
  n.add_input(value);
  n.add_output(name);
  set_tensor_type(*graph.add_output(), name, dims, type);
}

std::string json_array(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + io::json_string(names[i]);
  return out + "]";
}

} // namespace

TtaChoice parse_tta_choice(const std::string& text) {
  if (text == "model") return TtaChoice::Model;
  if (text == "on") return TtaChoice::On;
  if (text == "off") return TtaChoice::Off;
  throw ConfigError("--tta must be model, on or off, got '" + text + "'");
}

MemberLayout parse_member_layout(const std::string& text) {
  if (text == "separate") return MemberLayout::Separate;
  if (text == "stacked") return MemberLayout::Stacked;
  throw ConfigError("--members must be separate or stacked, got '" + text + "'");
}

const char* to_string(MemberLayout layout) { return layout == MemberLayout::Stacked ? "stacked" : "separate"; }

GraphPart parse_graph_part(const std::string& text) {
  if (text == "whole") return GraphPart::Whole;
  if (text == "features") return GraphPart::Features;
  if (text == "network") return GraphPart::Network;
  throw ConfigError("--part must be whole, features or network, got '" + text + "'");
}

const char* to_string(GraphPart part) {
  return part == GraphPart::Features ? "features" : part == GraphPart::Network ? "network" : "whole";
}

// ", a <column> value without a code" for each categorical column whose unseen values
// the schema refuses (for the graph's documentation).
std::string unseen_errors(const detail::InputRecipe& r) {
  std::string out;
  for (const auto& c : r.categoricals)
    if (!c.fallback_code) out += ", a " + c.name + " value without a code";
  return out;
}

namespace {

// The graph from the raw columns to the network's inputs: [rows, n_inputs] (one row per
// event and copy, event-major), each embedded column's [rows] code, and [N], above 0.5 for
// an event Sieve refuses to score.
std::tuple<std::string, std::vector<std::string>, std::string> features_part(onnx::GraphProto& graph, detail::GraphBuilder& g,
                                                                            const ensemble::Model& model,
                                                                            const detail::InputRecipe& r, int copies) {
  using A = detail::GraphBuilder;
  const auto& pipeline = model.pipeline;
  const auto n_inputs = static_cast<std::int64_t>(r.inputs.size());
  const auto W = static_cast<std::int64_t>(r.features.size());
  set_tensor_type(*graph.add_input(), kOnnxInputName, {"N", std::to_string(r.raw_columns.size())});
  const std::string zero = g.scalar("zero", 0.0f);

  // Missing values -> NaN: a cell equal to one of its column's sentinels.
  std::string x = kOnnxInputName;
  {
    std::vector<float> distinct;
    for (const auto& column : r.sentinels)
      for (const float s : column)
        if (std::find(distinct.begin(), distinct.end(), s) == distinct.end()) distinct.push_back(s);
    std::string missing;
    for (const float s : distinct) {
      std::vector<bool> columns;
      for (const auto& column : r.sentinels) columns.push_back(std::find(column.begin(), column.end(), s) != column.end());
      const std::string equal = g.op("Equal", {kOnnxInputName, g.scalar("sentinel", s)}, "is_sentinel");
      const std::string here = g.op("And", {equal, g.bools("sentinel_columns", columns)}, "is_missing");
      missing = missing.empty() ? here : g.op("Or", {missing, here}, "is_missing");
    }
    if (!missing.empty())
      x = g.op("Where", {missing, g.scalar("nan", std::numeric_limits<float>::quiet_NaN()), kOnnxInputName}, "raw_nan");
  }
  // An event Sieve refuses to score: an infinite input...
  std::string refused =
      g.op("ReduceMax", {g.op("Cast", {g.op("IsInf", {kOnnxInputName}, "is_inf")}, "is_inf_f",
                              {A::attr("to", onnx::TensorProto::FLOAT)})},
           "has_inf", {A::attr("axes", std::vector<std::int64_t>{1}), A::attr("keepdims", 0)});

  // Physical features, grouped by kind, then put in the layout's order by one Gather.
  using Kind = detail::PhysicalFeature::Kind;
  std::vector<std::string> pieces;
  std::vector<std::int64_t> order(static_cast<std::size_t>(W));
  {
    std::int64_t at = 0;
    auto group = [&](Kind kind, std::vector<std::int64_t>& columns, std::vector<std::int64_t>& angles) {
      columns.clear();
      angles.clear();
      for (std::size_t j = 0; j < r.features.size(); ++j)
        if (r.features[j].kind == kind) {
          order[j] = at++;
          columns.push_back(r.features[j].column);
          angles.push_back(r.features[j].angle);
        }
      return !columns.empty();
    };
    auto gather = [&](const std::vector<std::int64_t>& columns, const std::string& hint) {
      return g.op("Gather", {x, g.int64s(hint + "_columns", columns)}, hint, {A::attr("axis", 1)});
    };
    std::vector<std::int64_t> columns, angles;
    if (group(Kind::Copy, columns, angles)) pieces.push_back(gather(columns, "copied"));
    const std::pair<Kind, const char*> momenta[] = {{Kind::Px, "Cos"}, {Kind::Py, "Sin"}, {Kind::Pz, "Sinh"}};
    for (const auto& [kind, function] : momenta)
      if (group(kind, columns, angles)) {
        const std::string f = g.op(function, {gather(angles, "angle")}, std::string(function) == "Sinh" ? "sinh_eta" : "trig_phi");
        pieces.push_back(g.op("Mul", {gather(columns, "pt"), f}, kind == Kind::Px ? "px" : kind == Kind::Py ? "py" : "pz"));
      }
  }
  std::string physical = pieces.size() == 1 ? pieces.front() : g.op("Concat", pieces, "grouped", {A::attr("axis", 1)});
  physical = g.op("Gather", {physical, g.int64s("layout_order", order)}, "physical", {A::attr("axis", 1)});

  // Each categorical column's code: the first of its codes' values the value equals; else
  // the fallback code, or (schema: unseen = "error") a refused event.
  std::vector<std::string> codes;
  for (const auto& c : r.categoricals) {
    const auto K = static_cast<std::int64_t>(c.values.size());
    const std::string value =
        g.op("Gather", {x, g.int64s("categorical_column", {c.column})}, "categorical", {A::attr("axis", 1)});
    const std::string match = g.op("Cast", {g.op("Equal", {value, g.floats("codes", c.values, {1, K})}, "is_code")},
                                   "is_code_f", {A::attr("to", onnx::TensorProto::FLOAT)});
    const std::string first = g.op("ArgMax", {match}, "first_code", {A::attr("axis", 1), A::attr("keepdims", 0)});
    const std::string any =
        g.op("ReduceMax", {match}, "has_code", {A::attr("axes", std::vector<std::int64_t>{1}), A::attr("keepdims", 0)});
    if (c.fallback_code) {
      codes.push_back(g.op("Where", {g.op("Greater", {any, g.scalar("half", 0.5f)}, "known"), first,
                                     g.int64s("fallback_code", {*c.fallback_code}, {})},
                           "code"));
    } else {
      codes.push_back(first);
      refused = g.op("Max", {refused, g.op("Sub", {g.scalar("one", 1.0f), any}, "no_code")}, "refused");
    }
    if (!r.embedded) {
      const std::string v = g.op("Gather", {g.floats("code_values", c.values, {K}), codes.back()}, "code_value");
      physical = g.op("Concat", {physical, g.op("Unsqueeze", {v, g.int64s("axis1", {1})}, "code_value_column")},
                      "inputs_raw", {A::attr("axis", 1)});
    }
  }

  // Standardised inputs, one row per event and copy (event-major: row e * copies + c).
  const std::string mean = g.floats("mean", pipeline.mean, {n_inputs});
  const std::string inv_std = g.floats("inv_std", pipeline.inv_std, {n_inputs});
  auto standardise = [&](const std::string& v) {
    const std::string s = g.op("Mul", {g.op("Sub", {v, mean}, "centred"), inv_std}, "scaled");
    return g.op("Where", {g.op("IsNaN", {s}, "is_missing_input"), zero, s}, "standardised");
  };
  std::vector<float> signs;
  for (int c = 0; c < copies; ++c)
    for (const int s : r.momentum_signs[static_cast<std::size_t>(c)]) signs.push_back(static_cast<float>(s));
  const std::vector<std::int64_t> one_row_per_copy = {-1, n_inputs};
  std::string inputs;
  if (copies == 1) {
    inputs = standardise(physical);
  } else if (pipeline.augment_space == features::AugmentSpace::Raw) {
    // The symmetry acts on the physical momenta, then every copy is standardised.
    const std::string moved = g.op("Mul", {g.op("Unsqueeze", {physical, g.int64s("axis1", {1})}, "per_event"),
                                           g.floats("tta_signs", signs, {copies, n_inputs})},
                                   "tta_copies");
    inputs = g.op("Reshape", {standardise(moved), g.int64s("rows", one_row_per_copy)}, "inputs");
  } else {
    // The published variant: the flips act on the standardised columns.
    const std::string s = g.op("Unsqueeze", {standardise(physical), g.int64s("axis1", {1})}, "per_event");
    inputs = g.op("Reshape", {g.op("Mul", {s, g.floats("tta_signs", signs, {copies, n_inputs})}, "tta_copies"),
                              g.int64s("rows", one_row_per_copy)},
                  "inputs");
  }
  // Each embedded column's code per row (repeated for the TTA copies of an event).
  std::vector<std::string> row_codes;
  for (const std::string& code : codes)
    if (r.embedded)
      row_codes.push_back(copies == 1 ? code
                                    : g.op("Reshape",
                                           {g.op("Expand", {g.op("Unsqueeze", {code, g.int64s("axis1", {1})}, "code_column"),
                                                            g.int64s("copies_shape", {1, copies})},
                                                 "code_copies"),
                                            g.int64s("flat", {-1})},
                                           "row_codes"));

  return {inputs, row_codes, refused};
}

} // namespace

std::string onnx_model(const ensemble::Model& model, const OnnxExportOptions& options, OnnxExportSummary* summary) {
  const detail::InputRecipe r = detail::input_recipe(model);
  const nn::NetworkConfig& net = model.network;
  const auto& pipeline = model.pipeline;
  if (model.members.empty()) throw ConfigError("the model has no members to export");
  if (options.tta == TtaChoice::On && !model.tta)
    throw ConfigError("--tta on: the model was trained without test-time augmentation, and `sieve score` does not "
                      "apply it to this model (export with --tta model or off)");
  // As the scorer decides (score/scorer.cpp): the model's choice, and copies only when
  // there are momenta for the symmetries to move.
  const bool tta = options.tta != TtaChoice::Off && model.tta && !pipeline.layout.momenta().empty();
  const int copies = tta ? static_cast<int>(r.momentum_signs.size()) : 1;
  const auto R = static_cast<std::int64_t>(r.raw_columns.size());
  const auto n_inputs = static_cast<std::int64_t>(r.inputs.size());

  onnx::ModelProto proto;
  proto.set_ir_version(7);
  proto.set_producer_name("sieve");
  proto.set_producer_version(library_version());
  proto.set_domain("sieve");
  proto.set_model_version(1);
  onnx::OperatorSetIdProto& opset = *proto.add_opset_import();
  opset.set_domain("");
  opset.set_version(kOnnxOpset);
  onnx::GraphProto& graph = *proto.mutable_graph();
  graph.set_name("sieve_ensemble");
  detail::GraphBuilder g(graph);
  using A = detail::GraphBuilder;

  const GraphPart part = options.part;
  const std::string n_codes = std::to_string(r.embedded ? r.categoricals.size() : 0);
  std::string inputs, refused;      // [rows, n_inputs]; [N], > 0.5 for an event Sieve refuses
  std::vector<std::string> row_codes;  // per embedded column, [rows] int64
  if (part == GraphPart::Network) {
    set_tensor_type(*graph.add_input(), kOnnxNetworkInputsName, {"rows", std::to_string(n_inputs)});
    inputs = kOnnxNetworkInputsName;
    if (n_codes != "0") {
      set_tensor_type(*graph.add_input(), kOnnxNetworkCodesName, {"rows", n_codes}, onnx::TensorProto::INT64);
      for (std::size_t i = 0; i < r.categoricals.size(); ++i)
        row_codes.push_back(g.op("Gather", {kOnnxNetworkCodesName, g.int64s("code_index", {static_cast<std::int64_t>(i)}, {})},
                                 "row_codes", {A::attr("axis", 1)}));
    }
  } else {
    std::tie(inputs, row_codes, refused) = features_part(graph, g, model, r, copies);
  }

  const std::string rows = copies > 1 ? "rows = 8 N" : "rows = N";
  const std::string row_text = copies > 1 ? "one row per event and TTA copy (event-major: row 8 e + c)" : "one row per event";
  const std::string raw_text = std::string(kOnnxInputName) + " float32 [N, " + std::to_string(R) +
                               "]: one row per event, the raw columns in the order of metadata sieve.raw_columns, "
                               "missing values as the schema's sentinels or NaN";
  const std::string inputs_text = std::string(kOnnxNetworkInputsName) + " float32 [rows, " + std::to_string(n_inputs) +
                                  "] (" + rows + "): " + row_text +
                                  ", the standardised inputs of metadata sieve.inputs (missing: 0)";
  const std::string codes_text = std::string(kOnnxNetworkCodesName) + " int64 [rows, " + n_codes +
                                 "]: each embedded categorical column's code, per row";
  std::vector<std::string> io;  // "in: ..." and "out: ..." lines
  if (part == GraphPart::Features) {
    add_output(graph, kOnnxNetworkInputsName, inputs, {"rows", std::to_string(n_inputs)});
    if (!row_codes.empty()) {
      std::vector<std::string> columns;
      for (const std::string& c : row_codes) columns.push_back(g.op("Unsqueeze", {c, g.int64s("axis1", {1})}, "code_column"));
      add_output(graph, kOnnxNetworkCodesName,
                 columns.size() == 1 ? columns.front() : g.op("Concat", columns, "codes", {A::attr("axis", 1)}),
                 {"rows", n_codes}, onnx::TensorProto::INT64);
    }
    add_output(graph, kOnnxRefusedName, g.op("Greater", {refused, g.scalar("half", 0.5f)}, "refused_event"), {"N"},
               onnx::TensorProto::BOOL);
    io = {"in: " + raw_text, "out: " + inputs_text};
    if (!row_codes.empty()) io.push_back("out: " + codes_text);
    io.push_back(std::string("out: ") + kOnnxRefusedName + " bool [N]: true for an event Sieve refuses to score (an infinite input" +
                 unseen_errors(r) + ")");
  } else {
    // The members, and their weighted mean: [rows, 1].
    const std::string ensemble = options.members == MemberLayout::Stacked
                                     ? detail::stacked_members(g, model, inputs, row_codes)
                                     : detail::separate_members(g, model, inputs, row_codes);
    std::string score;
    if (copies > 1)
      score = g.op("ReduceMean", {g.op("Reshape", {ensemble, g.int64s("per_event_copies", {-1, copies})}, "copies")},
                   "tta_mean", {A::attr("axes", std::vector<std::int64_t>{1}), A::attr("keepdims", 0)});
    else
      score = g.op("Reshape", {ensemble, g.int64s("flat", {-1})}, "nominal");
    const std::string score_text = std::string(kOnnxOutputName) + " float32 [N]: the score of sieve score" +
                                   (copies > 1 ? " (mean over the 8 TTA copies)" : " (no TTA)");
    if (part == GraphPart::Network) {
      add_output(graph, kOnnxOutputName, score, {"N"});
      io = {"in: " + inputs_text};
      if (!row_codes.empty()) io.push_back("in: " + codes_text);
      io.push_back("out: " + score_text);
    } else {
      // NaN for a refused event.
      const std::string refused_event = g.op("Greater", {refused, g.scalar("half", 0.5f)}, "refused_event");
      add_output(graph, kOnnxOutputName,
                 g.op("Where", {refused_event, g.scalar("nan", std::numeric_limits<float>::quiet_NaN()), score}, "scored"),
                 {"N"});
      io = {"in: " + raw_text, "out: " + score_text + ", NaN for an event Sieve refuses to score (an infinite input" +
                                   unseen_errors(r) + ")"};
    }
  }

  std::string doc = "Sieve ensemble of " + std::to_string(model.members.size()) + " members (" +
                    nn::to_string(net.activation) + " " + std::to_string(net.depth) + "x" + std::to_string(net.width) +
                    (net.dense ? ", densely connected" : "") + "; " + to_string(options.members) +
                    " members), dataset schema " + model.schema.name + "; part " + to_string(part) +
                    (part == GraphPart::Features ? " (raw columns to the network's inputs)"
                     : part == GraphPart::Network ? " (the network's inputs to the score)"
                                                  : " (raw columns to the score)") + ".";
  for (const std::string& line : io) doc += (line.rfind("in", 0) == 0 ? " Input " : " Output ") + line.substr(line.find(' ') + 1) + ".";
  graph.set_doc_string(doc);
  proto.set_doc_string(doc);
  auto meta = [&](const std::string& key, const std::string& value) {
    onnx::StringStringEntryProto& e = *proto.add_metadata_props();
    e.set_key(key);
    e.set_value(value);
  };
  meta("sieve.raw_columns", json_array(r.raw_columns));
  meta("sieve.inputs", json_array(r.inputs));
  meta("sieve.tta_copies", std::to_string(copies));
  meta("sieve.cut", io::json_number(model.cut));
  meta("sieve.members", std::to_string(model.members.size()));
  meta("sieve.member_layout", to_string(options.members));
  meta("sieve.part", to_string(part));
  meta("sieve.library_version", model.provenance.library_version);
  meta("sieve.data", model.provenance.data_source);
  meta("sieve.schema", model.schema.text);

  std::string bytes;
  if (!proto.SerializeToString(&bytes)) throw ConfigError("could not serialise the ONNX model");
  if (summary) {
    summary->raw_columns = r.raw_columns;
    summary->tta_copies = copies;
    summary->members = model.members.size();
    summary->layout = options.members;
    summary->part = part;
    summary->io = io;
    summary->nodes = static_cast<std::size_t>(graph.node_size());
    summary->bytes = bytes.size();
    summary->notes.clear();
    const std::string flagged = part == GraphPart::Features ? "is flagged in " + std::string(kOnnxRefusedName) : "scores NaN";
    if (part == GraphPart::Network) {
      summary->notes.push_back("the caller computes the network's inputs as sieve score does (the graph of --part "
                               "features does, from the raw columns) and leaves out the events sieve score refuses");
    } else {
      for (const auto& c : r.categoricals)
        if (!c.fallback_code)
          summary->notes.push_back("the schema says an unseen " + c.name +
                                   " value is an error, which ONNX Runtime cannot raise: such an event " + flagged);
      summary->notes.push_back("an event with an infinite input " + flagged + " (sieve score refuses it)");
    }
    if (!model.schema.variations.empty() || !model.schema.recomputation.empty())
      summary->notes.push_back("systematic variations are not in the graph: feed the varied columns as inputs "
                               "(column substitutions); object-scale variations need their recomputed columns");
  }
  return bytes;
}

OnnxExportSummary export_onnx(const ensemble::Model& model, const std::string& path, const OnnxExportOptions& options) {
  OnnxExportSummary summary;
  const std::string bytes = onnx_model(model, options, &summary);
  io::write_file_atomically(path, bytes);
  return summary;
}

} // namespace sieve::exporting
