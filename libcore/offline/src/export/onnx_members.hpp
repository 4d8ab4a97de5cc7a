#pragma once
// The members' part of the ONNX graph (onnx_export.cpp): from the network inputs of every
// row (an event's TTA copy), [rows, n_inputs] standardised, and each embedded column's
// code per row, to the members' weighted sum of probabilities, one per row ([rows, 1]
// separate, [1, rows] stacked: the caller reshapes).
//   separate: every member its own chain of operators (Gemm, Concat, activation, per
//     embedding table a Gather), the chains summed: the operator count grows with the
//     members.
//   stacked: the members as one batch, feature-major [M, features, rows]: per layer one
//     batched MatMul of a [M, width, fan_in] initializer, one Add (none when the bias is a
//     column of the weights), the activation and (dense) one Concat; per embedding table one Gather over the members' [M, dim,
//     categories] tables; the tail one MatMul, and the weighting a Mul and a ReduceSum over
//     the members: the same arithmetic in a number of operators that does not depend on
//     the members.
#include "onnx_graph_builder.hpp"

#include "sieve/ensemble/model.hpp"

#include <string>
#include <vector>

namespace sieve::exporting::detail {

// `inputs` names the [rows, n_inputs] tensor, `row_codes` the [rows] int64 code of each
// embedded column (empty when the network embeds none). Both return the name of the
// weighted sum. Throw ConfigError on a member of the wrong size.
std::string separate_members(GraphBuilder& g, const ensemble::Model& model, const std::string& inputs,
                             const std::vector<std::string>& row_codes);
std::string stacked_members(GraphBuilder& g, const ensemble::Model& model, const std::string& inputs,
                            const std::vector<std::string>& row_codes);

} // namespace sieve::exporting::detail
