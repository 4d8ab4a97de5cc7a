// `sieve export`: a model as one ONNX graph or an lwtnn graph (sieve/export/*.hpp).
#include "cli.hpp"

#include "sieve/error.hpp"
#include "sieve/export/lwtnn_export.hpp"
#include "sieve/export/onnx_export.hpp"
#include "sieve/io/model_file.hpp"

#include <cstdio>
#include <string>

namespace {

void print_list(const char* label, const std::vector<std::string>& names) {
  std::printf("%s (%zu):", label, names.size());
  for (const std::string& n : names) std::printf(" %s", n.c_str());
  std::printf("\n");
}

int run(const std::vector<std::string>& args) {
  using namespace sieve;
  cli::Options o("export",
                 "Writes a model for another runtime, through a temporary file renamed at the end (a refused\n"
                 "model leaves nothing). --format onnx: the whole ensemble as one ONNX graph (opset 13) from\n"
                 "the raw columns to the score of `sieve score`: sentinels, Cartesian momenta, standardisation,\n"
                 "categorical codes and embedding, every member, the weighted mean and, as the model says, the\n"
                 "8 TTA copies; for ONNX Runtime (CMSSW's ONNXRuntime). Same scores either way, two layouts of\n"
                 "the members: separate (the default), a chain of operators per member, the faster from about\n"
                 "a hundred events per call (each member's working set stays small); --members stacked, all\n"
                 "members as one batch through one batched MatMul per layer, a quarter of the operators for 10\n"
                 "members and as many for any number, the faster up to a few tens of events per call and by\n"
                 "far for one (ONNX Runtime's cost per call grows with the operators: a framework scoring\n"
                 "event by event wants it). --part features or network: the graph in two parts that compose\n"
                 "to the whole, raw columns to the network's inputs (a row per event and TTA copy) and those\n"
                 "inputs to the score, for a producer that computes the inputs in its own code.\n"
                 "--format lwtnn: an lwtnn graph (JSON, lwt::LightweightGraph) from the network's inputs, which\n"
                 "the caller computes (adapters/README.md); it scores the nominal copy.");
  o.add("model", "model file (sieve train)", "", true)
      .add("format", "onnx or lwtnn", "", true)
      .add("out", "file to write", "", true)
      .add("tta", "onnx: model (as the model says, like sieve score), on, or off (like sieve score --no-tta)", "model")
      .add("members", "onnx: separate (a chain of operators per member) or stacked (one batched MatMul per layer "
           "for all members)", "separate")
      .add("part", "onnx: whole (raw columns to the score), features (raw columns to the network's inputs) or "
           "network (the network's inputs to the score)", "whole");
  if (!o.parse(args)) return 0;
  const std::string& format = o.str("format");
  if (format != "onnx" && format != "lwtnn")
    throw ConfigError("--format must be onnx or lwtnn, got '" + format + "'");
  const auto model = io::load_model(o.str("model"));
  const std::string& out = o.str("out");

  if (format == "onnx") {
    exporting::OnnxExportOptions options;
    options.tta = exporting::parse_tta_choice(o.str("tta"));
    options.members = exporting::parse_member_layout(o.str("members"));
    options.part = exporting::parse_graph_part(o.str("part"));
    const exporting::OnnxExportSummary s = exporting::export_onnx(*model, out, options);
    std::printf("wrote %s: ONNX opset %d, part %s, %zu members (%s), %zu operators, %zu bytes\n", out.c_str(),
                exporting::kOnnxOpset, exporting::to_string(s.part), s.members, exporting::to_string(s.layout), s.nodes,
                s.bytes);
    for (const std::string& line : s.io)
      std::printf("%s %s\n", line.rfind("in:", 0) == 0 ? "input" : "output", line.substr(line.find(' ') + 1).c_str());
    if (s.part != exporting::GraphPart::Network) print_list("raw columns", s.raw_columns);
    for (const std::string& note : s.notes) std::printf("note: %s\n", note.c_str());
    return 0;
  }
  if (o.given("members"))
    throw ConfigError("--members is for --format onnx: an lwtnn graph has one network per member");
  if (o.given("part"))
    throw ConfigError("--part is for --format onnx: an lwtnn graph is always the network (its inputs computed by the "
                      "caller)");
  if (o.given("tta") && o.str("tta") != "model")
    throw ConfigError("--tta is for --format onnx: an lwtnn graph always scores the copy it is given (the caller "
                      "averages the TTA copies)");
  const exporting::LwtnnExportSummary s = exporting::export_lwtnn(*model, out);
  std::printf("wrote %s: lwtnn graph, %zu members, %zu bytes, output \"score\"\n", out.c_str(), s.members, s.bytes);
  print_list("input node \"features\"", s.feature_inputs);
  for (const auto& node : s.categorical_nodes) print_list(("input node \"" + node.name + "\"").c_str(), node.inputs);
  for (const std::string& note : s.notes) std::printf("note: %s\n", note.c_str());
  return 0;
}

const sieve::cli::Registration registration("export", "write a model as an ONNX graph or an lwtnn graph", run);

} // namespace
