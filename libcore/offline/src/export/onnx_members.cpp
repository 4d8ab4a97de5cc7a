#include "onnx_members.hpp"

#include "sieve/error.hpp"
#include "sieve/nn/network_config.hpp"

#include <cstddef>
#include <cstdint>

namespace sieve::exporting::detail {

namespace {

constexpr float kSeluLambda = 1.0507009873554805f;  // nn/dense_kernel.cpp's constants
constexpr float kSeluAlpha = 1.6732632423543772f;
using A = GraphBuilder;

// The hidden layers' activation of z (any shape).
std::string activation(GraphBuilder& g, const nn::NetworkConfig& net, const std::string& z, const std::string& tag) {
  switch (net.activation) {
  case nn::Activation::Swish: return g.op("Mul", {z, g.op("Sigmoid", {z}, tag + "sigmoid")}, tag + "swish");
  case nn::Activation::ReLU: return g.op("Relu", {z}, tag + "relu");
  case nn::Activation::SELU:
    return g.op("Selu", {z}, tag + "selu", {A::attr_f("alpha", kSeluAlpha), A::attr_f("gamma", kSeluLambda)});
  }
  throw ConfigError("the network's activation has no ONNX operator here");
}

nn::ParameterLayout checked_layout(const ensemble::Model& model) {
  const nn::ParameterLayout L(model.network);
  for (std::size_t m = 0; m < model.members.size(); ++m)
    if (model.members[m].params.size() != L.total)
      throw ConfigError("member " + std::to_string(m) + " has the wrong number of parameters");
  return L;
}

// The input of hidden layer d > 0: dense, the earlier layers' outputs newest first, then
// the head x0, side by side along `axis`; sequential, the previous layer's output.
std::string layer_input(GraphBuilder& g, const nn::NetworkConfig& net, const std::vector<std::string>& hidden,
                        const std::string& x0, std::int64_t axis, const std::string& tag) {
  if (!net.dense) return hidden.back();
  std::vector<std::string> parts(hidden.rbegin(), hidden.rend());
  parts.push_back(x0);
  return g.op("Concat", parts, tag + "dense_in", {A::attr("axis", axis)});
}

} // namespace

std::string separate_members(GraphBuilder& g, const ensemble::Model& model, const std::string& inputs,
                             const std::vector<std::string>& row_codes) {
  const nn::NetworkConfig& net = model.network;
  const nn::ParameterLayout L = checked_layout(model);
  std::vector<std::string> weighted;
  for (std::size_t m = 0; m < model.members.size(); ++m) {
    const std::vector<float>& p = model.members[m].params;
    std::string tag = "m";  // appended to: "m" + std::to_string(m) draws GCC 12's false -Wrestrict
    tag += std::to_string(m) + "_";
    auto block = [&](std::size_t at, std::size_t count) {
      return std::vector<float>(p.begin() + static_cast<std::ptrdiff_t>(at), p.begin() + static_cast<std::ptrdiff_t>(at + count));
    };
    // The head: the inputs, then one Gather per embedding table, side by side.
    std::string x0 = inputs;
    if (!row_codes.empty()) {
      std::vector<std::string> head = {inputs};
      for (int t = 0; t < net.n_embeddings(); ++t) {
        const nn::EmbeddingTable e = net.embedding_table(t);
        const std::string table = g.floats(tag + "embedding",
                                           block(L.embedding[t], static_cast<std::size_t>(e.n_categories * e.dim)),
                                           {e.n_categories, e.dim});
        head.push_back(g.op("Gather", {table, row_codes[static_cast<std::size_t>(t)]}, tag + "embedded", {A::attr("axis", 0)}));
      }
      x0 = g.op("Concat", head, tag + "x0", {A::attr("axis", 1)});
    }
    std::vector<std::string> hidden;  // h_0, h_1, ...
    for (int d = 0; d < net.depth; ++d) {
      const std::string in = d == 0 ? x0 : layer_input(g, net, hidden, x0, 1, tag);
      // The weights are width x fan_in column-major: read row-major they are the
      // [fan_in, width] matrix B of Y = X B + C.
      const auto k = static_cast<std::size_t>(net.fan_in(d));
      const auto w = static_cast<std::size_t>(net.width);
      const std::string z =
          g.op("Gemm", {in, g.floats(tag + "w" + std::to_string(d), block(L.weight[d], k * w), {static_cast<std::int64_t>(k), net.width}),
                        g.floats(tag + "b" + std::to_string(d), block(L.bias[d], w), {net.width})},
               tag + "z" + std::to_string(d));
      hidden.push_back(activation(g, net, z, tag));
    }
    const std::string logit =
        g.op("Gemm", {hidden.back(), g.floats(tag + "tail_w", block(L.tail_weight, static_cast<std::size_t>(net.width)), {net.width, 1}),
                      g.floats(tag + "tail_b", block(L.tail_bias, 1), {1})},
             tag + "logit");
    const std::string prob = g.op("Sigmoid", {logit}, tag + "probability");
    weighted.push_back(
        g.op("Mul", {prob, g.scalar(tag + "weight", static_cast<float>(model.members[m].weight))}, tag + "weighted"));
  }
  return weighted.size() == 1 ? weighted.front() : g.op("Sum", weighted, "ensemble");
}

std::string stacked_members(GraphBuilder& g, const ensemble::Model& model, const std::string& inputs,
                            const std::vector<std::string>& row_codes) {
  const nn::NetworkConfig& net = model.network;
  const nn::ParameterLayout L = checked_layout(model);
  const auto M = static_cast<std::int64_t>(model.members.size());
  // Every member's [rows, cols] row-major block of parameters at `at`, transposed to
  // [cols, rows], one member after another: [M, cols, rows].
  auto transposed = [&](std::size_t at, std::size_t rows, std::size_t cols) {
    std::vector<float> out;
    out.reserve(static_cast<std::size_t>(M) * rows * cols);
    for (const ensemble::Member& member : model.members)
      for (std::size_t c = 0; c < cols; ++c)
        for (std::size_t r = 0; r < rows; ++r) out.push_back(member.params[at + r * cols + c]);
    return out;
  };
  // Feature-major activations, [M, features, rows], each product W^T X with the weights
  // as the left operand: ONNX Runtime packs the right operand of a batched MatMul on every
  // call (it prepacks only 2-D weights), and here that is the activations, rows wide,
  // rather than every member's weights.
  //
  // The head x0. The inputs [n, rows] are the same for every member: the first MatMul
  // broadcasts them over the members' weights. The members' own head [M, F, rows] is made
  // only when it differs between members (embedded codes) or the dense connections carry
  // it into the later layers' Concat.
  //
  // Dense with embedded codes, the head ends with a row of ones (one more row of the last
  // embedding table, 1 for every category) that every layer reads: each layer's bias is
  // then one more column of its weights, and the layer has no Add.
  const bool bias_in_weights = net.dense && !row_codes.empty();
  std::string x0 = g.op("Transpose", {inputs}, "inputs_t", {A::attr("perm", std::vector<std::int64_t>{1, 0})});
  if (!row_codes.empty() || (net.dense && net.depth > 1)) {
    std::vector<std::string> head = {g.op("Expand", {x0, g.int64s("members_shape", {M, 1, 1})}, "member_inputs")};
    for (int t = 0; t < static_cast<int>(row_codes.size()); ++t) {
      // The members' tables transposed, [M, dim (+ the ones), categories]; Gather along the
      // categories: [M, dim, rows].
      const nn::EmbeddingTable e = net.embedding_table(t);
      const auto K = static_cast<std::size_t>(e.n_categories), dim = static_cast<std::size_t>(e.dim);
      const bool ones = bias_in_weights && t + 1 == static_cast<int>(row_codes.size());
      std::vector<float> tables;
      for (const ensemble::Member& member : model.members) {
        for (std::size_t j = 0; j < dim; ++j)
          for (std::size_t c = 0; c < K; ++c) tables.push_back(member.params[L.embedding[t] + c * dim + j]);
        if (ones) tables.insert(tables.end(), K, 1.0f);
      }
      head.push_back(g.op("Gather", {g.floats("embeddings", tables, {M, e.dim + (ones ? 1 : 0), e.n_categories}),
                                     row_codes[static_cast<std::size_t>(t)]},
                          "embedded", {A::attr("axis", 2)}));
    }
    x0 = head.size() == 1 ? head.front() : g.op("Concat", head, "x0", {A::attr("axis", 1)});
  }
  std::vector<std::string> hidden;  // h_0, h_1, ...: [M, width, rows]
  for (int d = 0; d < net.depth; ++d) {
    const std::string in = d == 0 ? x0 : layer_input(g, net, hidden, x0, 1, "");
    // Each member's weights (width x fan_in column-major: read row-major, the [fan_in,
    // width] matrix B of Y = X B + C) transposed: [M, width, fan_in].
    const auto k = static_cast<std::size_t>(net.fan_in(d));
    const auto w = static_cast<std::size_t>(net.width);
    const std::string layer = std::to_string(d);
    std::string z;
    if (bias_in_weights) {
      // [M, width, fan_in + 1]: each row of weights, then the bias.
      std::vector<float> weights;
      for (const ensemble::Member& member : model.members)
        for (std::size_t o = 0; o < w; ++o) {
          for (std::size_t i = 0; i < k; ++i) weights.push_back(member.params[L.weight[d] + i * w + o]);
          weights.push_back(member.params[L.bias[d] + o]);
        }
      z = g.op("MatMul", {g.floats("wb" + layer, weights, {M, net.width, static_cast<std::int64_t>(k) + 1}), in}, "z" + layer);
    } else {
      const std::string product = g.op(
          "MatMul", {g.floats("w" + layer, transposed(L.weight[d], k, w), {M, net.width, static_cast<std::int64_t>(k)}), in},
          "wx" + layer);
      z = g.op("Add", {product, g.floats("b" + layer, transposed(L.bias[d], 1, w), {M, net.width, 1})}, "z" + layer);
    }
    hidden.push_back(activation(g, net, z, ""));
  }
  const std::string logit =
      g.op("Add", {g.op("MatMul", {g.floats("tail_w", transposed(L.tail_weight, static_cast<std::size_t>(net.width), 1), {M, 1, net.width}), hidden.back()},
                        "tail_wx"),
                   g.floats("tail_b", transposed(L.tail_bias, 1, 1), {M, 1, 1})},
           "logit");
  std::vector<float> weights;
  for (const ensemble::Member& member : model.members) weights.push_back(static_cast<float>(member.weight));
  const std::string weighted = g.op("Mul", {g.op("Sigmoid", {logit}, "probability"), g.floats("weights", weights, {M, 1, 1})},
                                    "weighted");
  // ReduceSum takes its axes as an input from opset 13 on: [1, rows].
  return g.op("ReduceSum", {weighted, g.int64s("members_axis", {0})}, "ensemble", {A::attr("keepdims", 0)});
}

} // namespace sieve::exporting::detail
