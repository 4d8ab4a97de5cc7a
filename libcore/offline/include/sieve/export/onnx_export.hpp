#pragma once
// A trained ensemble as one ONNX graph that ONNX Runtime (a CMSSW ONNXRuntime producer, or
// any other) evaluates from the raw inputs to the score `sieve score` writes, written with
// protobuf through ONNX's own generated classes.
//
// The graph holds the whole of Sieve's scoring path:
//   raw_inputs [N, R] (the model's raw columns, in its order)
//   -> missing values (the schema's sentinels of each column, or NaN) -> NaN
//   -> physical features: copied columns, object momenta px = pt cos(phi),
//      py = pt sin(phi), pz = pt sinh(eta), mass or energy columns, kept pt
//   -> (TTA) the 8 symmetry copies, sign flips of the momenta, as 8 rows per event
//   -> standardisation (x - mean) * inv_std, missing -> 0
//   -> categorical code (value -> code, unseen values -> the schema's fallback code) and
//      each member's embedding (Gather), or the code's value as one more input
//   -> every member's body (a matrix product, dense connections as Concat, Swish =
//      z * sigmoid(z), ReLU or SELU) and sigmoid tail: each member its own chain of
//      operators (MemberLayout::Separate, the default), or the members stacked, [M, rows,
//      ...] through one batched MatMul per layer (MemberLayout::Stacked)
//   -> the members' weighted mean -> (TTA) the mean over the copies -> score [N]
// A value Sieve refuses to score (an infinite input; a categorical value without a code
// when the schema says unseen = "error") cannot raise an error inside ONNX Runtime: that
// event's score is NaN instead. Systematic variations are not in the graph: it scores the
// inputs it is given (feed substituted columns for a column-substitution variation).
//
// The graph can also be written in two parts that compose to the whole (GraphPart): the
// features, from the raw columns to the network's inputs (one standardised row per event
// and TTA copy, the embedded columns' codes, and which events Sieve refuses), and the
// network, from those inputs to the score: for a producer that computes the inputs in its
// own code, as CMSSW producers usually do, and for timing ONNX Runtime on the network alone.
//
// Opset 13 (IR version 7), which every ONNX Runtime from 1.7 on runs; standard operators
// of the default domain only, float32 arithmetic, a float32 input and output.
#include "sieve/ensemble/model.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sieve::exporting {

inline constexpr int kOnnxOpset = 13;
inline constexpr const char* kOnnxInputName = "raw_inputs";
inline constexpr const char* kOnnxOutputName = "score";
inline constexpr const char* kOnnxNetworkInputsName = "network_inputs";  // [rows, n_inputs] float32
inline constexpr const char* kOnnxNetworkCodesName = "network_codes";    // [rows, embedded columns] int64
inline constexpr const char* kOnnxRefusedName = "refused";               // [N] bool

// Whether the graph averages the 8 test-time-augmentation copies: as the model says
// (what `sieve score` does by default), always (refused for a model trained without
// TTA: no Sieve command scores it so) or never (`sieve score --no-tta`).
enum class TtaChoice { Model, On, Off };
TtaChoice parse_tta_choice(const std::string& text);  // "model", "on", "off"

// How the graph holds the members: separate, one chain of operators per member; or
// stacked, one batch of M through every layer (one batched MatMul per layer: the operator
// count does not grow with the members). ONNX Runtime's cost per call grows with the
// operators, its cost per event with the working set, M times larger stacked: stacked is
// the faster up to a few tens of events per call (by far for one), separate from about a
// hundred.
enum class MemberLayout { Separate, Stacked };
MemberLayout parse_member_layout(const std::string& text);  // "stacked", "separate"
const char* to_string(MemberLayout layout);

// Which part of the scoring path the graph holds: the whole (raw columns to the score),
// the features (raw columns to network_inputs, network_codes when the network embeds
// categorical columns, and refused) or the network (network_inputs and network_codes to
// the score, the mean over the TTA copies when there are copies).
enum class GraphPart { Whole, Features, Network };
GraphPart parse_graph_part(const std::string& text);  // "whole", "features", "network"
const char* to_string(GraphPart part);

struct OnnxExportOptions {
  TtaChoice tta = TtaChoice::Model;
  MemberLayout members = MemberLayout::Separate;
  GraphPart part = GraphPart::Whole;
};

struct OnnxExportSummary {
  std::vector<std::string> raw_columns;  // the input's columns, in order
  int tta_copies = 1;                    // 8, or 1 (no TTA)
  std::size_t members = 0;
  MemberLayout layout = MemberLayout::Separate;
  GraphPart part = GraphPart::Whole;
  std::vector<std::string> io;           // "in: <name> <type> [dims]: ..." and "out: ..." per tensor
  std::size_t nodes = 0;                 // operators in the graph
  std::size_t bytes = 0;                 // of the serialised model
  std::vector<std::string> notes;        // what a user must know (NaN scores, variations)
};

// The serialised ModelProto. Throws ConfigError when the model cannot be exported
// faithfully, naming the reason.
std::string onnx_model(const ensemble::Model& model, const OnnxExportOptions& options = {},
                       OnnxExportSummary* summary = nullptr);

// Writes onnx_model() to `path` atomically (a temporary file renamed): a refused model
// or a failed write leaves nothing behind.
OnnxExportSummary export_onnx(const ensemble::Model& model, const std::string& path,
                              const OnnxExportOptions& options = {});

} // namespace sieve::exporting
