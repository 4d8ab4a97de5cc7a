#include "sieve/nn/network.hpp"

#include "sieve/random.hpp"

#include "dense_kernel.hpp"

#include <Eigen/Core>
#include <gsl/assert>

#include <cmath>

namespace sieve::nn {

namespace {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
using MatrixMap = Eigen::Map<Matrix>;
using ConstMatrixMap = Eigen::Map<const Matrix>;
using VectorMap = Eigen::Map<Eigen::VectorXf>;
using ConstVectorMap = Eigen::Map<const Eigen::VectorXf>;
// An n x k block of a workspace buffer whose columns are ld floats apart.
using Stride = Eigen::OuterStride<>;
using BlockMap = Eigen::Map<Matrix, Eigen::Aligned64, Stride>;
using ConstBlockMap = Eigen::Map<const Matrix, Eigen::Aligned64, Stride>;

// log(1 + exp(x)) without overflow.
double softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }

} // namespace

struct NetworkKernels {
  static void forward(std::span<const float> params, Workspace& ws, bool for_training) {
    const NetworkConfig& c = ws.config_;
    const ParameterLayout& L = ws.layout_;
    Expects(params.size() == L.total);
    const int n = ws.n_;
    Expects(!for_training || !ws.gradients_.empty());
    const float* p = params.data();
    float* a = ws.activations_.data();

    // Each table's rows for its codes, after the continuous inputs, in table order.
    const int T = c.n_embeddings();
    for (int t = 0, at = ws.x0_ + c.n_continuous; t < T; at += c.embedding_table(t++).dim) {
      const int dim = c.embedding_table(t).dim;
      const std::uint8_t* codes = ws.codes_.data() + t;
      for (int e = 0; e < dim; ++e) {
        float* col = a + ws.column_offset(at + e);
        const float* table = p + L.embedding[t] + e;
        for (int i = 0; i < n; ++i) col[i] = table[codes[i * T] * dim];
      }
    }
    for (int d = 0; d < c.depth; ++d) {
      const int in_start = (c.depth - d) * c.width;
      const int k = c.fan_in(d);
      detail::dense_forward(a + ws.column_offset(in_start), ws.ld_, n, k, p + L.weight[d], p + L.bias[d], c.width,
                            c.activation, a + ws.column_offset((c.depth - 1 - d) * c.width),
                            for_training ? ws.derivative_.data() + ws.column_offset(d * c.width) : nullptr);
    }
    const float* tail = p + L.tail_weight;
    // The tail, row by row in one fixed order: a row's result never depends on its batch.
    float* logit = ws.logit_.data();
    std::fill(logit, logit + n, p[L.tail_bias]);
    for (int j = 0; j < c.width; ++j) {
      const float w = tail[j];
      const float* h = a + ws.column_offset(j);
      for (int i = 0; i < n; ++i) logit[i] += h[i] * w;
    }
    for (int i = 0; i < n; ++i) ws.prob_[i] = 1.0f / (1.0f + std::exp(-logit[i]));
  }

  static void backward(std::span<const float> params, Workspace& ws,
                       std::span<const float> targets, std::span<const float> weights,
                       double divisor, std::span<float> grads) {
    const NetworkConfig& c = ws.config_;
    const ParameterLayout& L = ws.layout_;
    Expects(params.size() == L.total && grads.size() == L.total);
    const int n = ws.n_;
    Expects(!ws.gradients_.empty());
    Expects(targets.size() >= static_cast<std::size_t>(n) && weights.size() >= static_cast<std::size_t>(n));
    const float* p = params.data();
    float* g = grads.data();
    const float* a = ws.activations_.data();
    const float scale = static_cast<float>(1.0 / divisor);

    for (int i = 0; i < n; ++i) ws.dlogit_[i] = weights[i] * (ws.prob_[i] - targets[i]) * scale;
    ConstVectorMap dlogit(ws.dlogit_.data(), n);
    ConstBlockMap last(a, n, c.width, Stride(ws.ld_));
    VectorMap(g + L.tail_weight, c.width).noalias() = last.transpose() * dlogit;
    g[L.tail_bias] = dlogit.sum();

    BlockMap grad(ws.gradients_.data(), n, ws.columns_, Stride(ws.ld_));
    ConstVectorMap tail(p + L.tail_weight, c.width);
    grad.leftCols(c.width).noalias() = dlogit * tail.transpose();
    if (ws.x0_ > c.width) grad.middleCols(c.width, ws.x0_ - c.width).setZero();
    const int emb_col = ws.x0_ + c.n_continuous;
    const int emb_width = c.embedding_width();
    if (emb_width > 0) grad.middleCols(emb_col, emb_width).setZero();

    for (int d = c.depth - 1; d >= 0; --d) {
      const int out_col = (c.depth - 1 - d) * c.width;
      const int in_start = (c.depth - d) * c.width;
      const int k = c.fan_in(d);
      float* dz = ws.scratch_.data();
      const float* gh = ws.gradients_.data() + ws.column_offset(out_col);
      const float* deriv = ws.derivative_.data() + ws.column_offset(d * c.width);
      // Rows n..ld stay zero so that the padded rows of the gradients stay zero too.
      for (int j = 0; j < c.width; ++j) {
        const std::size_t at = ws.column_offset(j);
        for (int i = 0; i < n; ++i) dz[at + i] = gh[at + i] * deriv[at + i];
        for (int i = n; i < ws.ld_; ++i) dz[at + i] = 0.0f;
      }
      const float* x = a + ws.column_offset(in_start);
      const float* w = p + L.weight[d];
      detail::dense_backward_weights(dz, ws.ld_, n, c.width, x, k, ws.transposed_.data(), g + L.weight[d],
                                     g + L.bias[d]);
      const int hidden = std::min(k, ws.x0_ - in_start);
      if (hidden > 0)
        detail::dense_backward_input(dz, ws.ld_, n, c.width, w, hidden, ws.gradients_.data() + ws.column_offset(in_start));
      if (emb_width > 0 && (c.dense || d == 0)) {
        const int at = (ws.x0_ - in_start) + c.n_continuous;
        detail::dense_backward_input(dz, ws.ld_, n, c.width, w + static_cast<std::size_t>(at) * c.width,
                                     emb_width, ws.gradients_.data() + ws.column_offset(emb_col));
      }
    }
    // Each table's gradient: the sum of its output columns' gradients over the rows of
    // each code.
    const int T = c.n_embeddings();
    for (int t = 0, at = emb_col; t < T; at += c.embedding_table(t++).dim) {
      const EmbeddingTable table = c.embedding_table(t);
      float* ge = g + L.embedding[t];
      const std::uint8_t* codes = ws.codes_.data() + t;
      for (int j = 0; j < table.n_categories * table.dim; ++j) ge[j] = 0.0f;
      for (int e = 0; e < table.dim; ++e) {
        const float* col = ws.gradients_.data() + ws.column_offset(at + e);
        for (int i = 0; i < n; ++i) ge[codes[i * T] * table.dim + e] += col[i];
      }
    }
  }
};

void forward(std::span<const float> params, Workspace& ws, bool for_training) {
  NetworkKernels::forward(params, ws, for_training);
}

void backward(std::span<const float> params, Workspace& ws, std::span<const float> targets,
              std::span<const float> weights, double divisor, std::span<float> grads) {
  NetworkKernels::backward(params, ws, targets, weights, divisor, grads);
}

double weighted_bce_sum(const Workspace& ws, std::span<const float> targets,
                        std::span<const float> weights) {
  const auto logits = ws.logits();
  double sum = 0.0;
  for (std::size_t i = 0; i < logits.size(); ++i) {
    const double z = logits[i], y = targets[i];
    sum += weights[i] * (y * softplus(-z) + (1.0 - y) * softplus(z));
  }
  return sum;
}

void initialise(const NetworkConfig& c, std::uint64_t k, std::span<float> params) {
  const ParameterLayout L(c);
  Expects(params.size() == L.total);
  std::uint64_t draw = 0;
  auto fill = [&](std::size_t at, std::size_t count, double sd) {
    for (std::size_t i = 0; i < count; ++i) params[at + i] = static_cast<float>(sd * normal(k, draw++));
  };
  std::fill(params.begin(), params.end(), 0.0f);
  for (int t = 0; t < c.n_embeddings(); ++t) {
    const EmbeddingTable e = c.embedding_table(t);
    fill(L.embedding[t], static_cast<std::size_t>(e.n_categories * e.dim), 1.0);
  }
  for (int d = 0; d < c.depth; ++d) {
    const double gain = c.activation == Activation::SELU ? 1.0 : 2.0;
    fill(L.weight[d], static_cast<std::size_t>(c.width * c.fan_in(d)), std::sqrt(gain / c.fan_in(d)));
  }
  fill(L.tail_weight, static_cast<std::size_t>(c.width), std::sqrt(2.0 / (c.width + 1)));
}

} // namespace sieve::nn
