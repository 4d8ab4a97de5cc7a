#include "sieve/nn/tta_network.hpp"

#include "sieve/error.hpp"

#include "amx_kernel.hpp"
#include "copy_kernel.hpp"
#include "dense_kernel.hpp"

#include <gsl/assert>

#include <algorithm>
#include <cmath>
#include <numeric>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace sieve::nn {

namespace {
bool reads_head(const NetworkConfig& c, int layer) { return c.dense || layer == 0; }
int head_layers(const NetworkConfig& c) { return c.dense ? c.depth : 1; }
int hidden_inputs(const NetworkConfig& c, int layer) { return c.dense ? layer * c.width : (layer > 0 ? c.width : 0); }
// The path a workspace's events take: one event at a time, its 8 copies as the rows of
// the copy kernels (AVX-512 builds), or the groups of a block tiled together (elsewhere).
bool copy_kernels(int copies) {
#if defined(__AVX512F__)
  return copies == detail::kCopyRows;
#else
  (void)copies;
  return false;
#endif
}
// The bf16 rows (one per copy): [h_{depth-1} .. h_0, head values, zeros], each layer's
// block `even_width` long, so that a layer's inputs (its hidden blocks, then the head's
// values when it reads them) are one contiguous range, read in steps of 32. Each head
// value takes two bf16 inputs, its rounding and the rounding of the rest (both weighted
// by its bf16 weight): rounded once, the network's inputs moved the scores about five
// times as far from float32's (on the real events, mean 3.4e-4 against 6.1e-5).
int even_width(const NetworkConfig& c) { return (c.width + 1) / 2 * 2; }
int bf16_head_inputs(int head_columns) { return 2 * head_columns; }
int bf16_inputs(const NetworkConfig& c, int layer, int head_columns) {
  return hidden_inputs(c, layer) / c.width * even_width(c) + (reads_head(c, layer) ? head_columns : 0);
}
int bf16_steps(const NetworkConfig& c, int layer, int head_columns) {
  return (bf16_inputs(c, layer, head_columns) + detail::kAmxInputs - 1) / detail::kAmxInputs;
}
int bf16_row(const NetworkConfig& c, int head_columns) {
  return (c.depth * even_width(c) + head_columns + 2 * detail::kAmxInputs - 1) / detail::kAmxInputs * detail::kAmxInputs;
}
int flipped_count(const FlipStructure& f) {
  int n = 0;
  for (const auto& cols : f.columns) n += static_cast<int>(cols.size());
  return n;
}
} // namespace

TtaNetwork::TtaNetwork(const NetworkConfig& config, std::span<const float> params, const FlipStructure& flips,
                       Precision precision)
    : config_(config), flips_(flips), params_(params.begin(), params.end()), layout_(config),
      zeros_(static_cast<std::size_t>(config.width), 0.0f), precision_(precision) {
  require_precision(precision);
  const ParameterLayout& L = layout_;
  Expects(params.size() == L.total);
  std::vector<bool> flipped(static_cast<std::size_t>(config.n_continuous), false);
  for (const auto& cols : flips.columns)
    for (int j : cols) {
      if (j < 0 || j >= config.n_continuous || flipped[static_cast<std::size_t>(j)])
        throw ConfigError("flip structure: column " + std::to_string(j) + " is out of range or flipped twice");
      flipped[static_cast<std::size_t>(j)] = true;
    }
  for (int j = 0; j < config.n_continuous; ++j)
    if (!flipped[static_cast<std::size_t>(j)]) invariant_.push_back(j);
  // Head columns in grouped order: invariant inputs, embedding, then each axis's inputs.
  std::vector<int> source(invariant_);  // index among the head's outputs (x0)
  for (int e = 0; e < config.embedding_width(); ++e) source.push_back(config.n_continuous + e);
  for (const auto& cols : flips.columns) source.insert(source.end(), cols.begin(), cols.end());
  head_columns_ = static_cast<int>(source.size());
  const auto width = static_cast<std::size_t>(config.width);
  for (int d = 0; d < config.depth; ++d) {
    if (!reads_head(config, d)) continue;
    const int head_start = config.fan_in(d) - config.input_width();  // x0 follows the hidden inputs
    for (int q : source) {
      const float* column = params_.data() + L.weight[d] + static_cast<std::size_t>(head_start + q) * width;
      head_weights_.insert(head_weights_.end(), column, column + width);
    }
  }
  // The copy kernels' arrangement (float32: arrange_copy_weights; bf16: below).
  wp_ = padded(config.width);
  head_span_ = padded((head_layers(config) - 1) * config.width + wp_);
  if (precision == Precision::Float32) arrange_copy_weights();
  if (precision == Precision::BFloat16) {
    // Step s, tile n, row p, output o, half h: the weight of input i = 32 s + 2 p + h (in
    // the rows' order: hidden block j = i / even width, output i % even width of that
    // layer, then the head values' two parts) for output 16 n + o; zero past the layer's
    // inputs and outputs.
    const int we = even_width(config), tiles = wp_ / detail::kAmxOutputs;
    for (int d = 0; d < config.depth; ++d) {
      const int blocks = hidden_inputs(config, d) / config.width;
      const int head_start = config.fan_in(d) - config.input_width();  // x0 follows the hidden inputs
      const float* w = params_.data() + L.weight[d];
      auto weight = [&](int i, int o) {
        if (o >= config.width) return 0.0f;
        if (i < blocks * we) {
          const int j = i / we, k = i % we;
          return k < config.width ? w[static_cast<std::size_t>((j * config.width + k) * config.width + o)] : 0.0f;
        }
        const int q = i - blocks * we;
        return reads_head(config, d) && q < bf16_head_inputs(head_columns_)  // both parts of value q % head_columns_
                   ? w[static_cast<std::size_t>((head_start + source[static_cast<std::size_t>(q % head_columns_)]) * config.width + o)]
                   : 0.0f;
      };
      bf16_offsets_.push_back(bf16_weights_.size());
      for (int step = 0; step < bf16_steps(config, d, bf16_head_inputs(head_columns_)); ++step)
        for (int n = 0; n < tiles; ++n)
          for (int p = 0; p < detail::kAmxInputs / 2; ++p)
            for (int o = n * detail::kAmxOutputs; o < (n + 1) * detail::kAmxOutputs; ++o)
              for (int h = 0; h < 2; ++h) bf16_weights_.push_back(detail::to_bf16(weight(step * detail::kAmxInputs + 2 * p + h, o)));
    }
    // Per copy, which head values it flips (bit l of chunk c: head value 16 c + l).
    const int chunks = (head_columns_ + kAlignedFloats - 1) / kAlignedFloats;
    bf16_head_flips_.assign(flips.copies.size() * static_cast<std::size_t>(chunks), 0);
    for (std::size_t k = 0; k < flips.copies.size(); ++k) {
      int q = static_cast<int>(invariant_.size()) + config.embedding_width();
      for (int a = 0; a < kFlipAxes; ++a)
        for (std::size_t e = 0; e < flips.columns[static_cast<std::size_t>(a)].size(); ++e, ++q)
          if (flips.copies[k][static_cast<std::size_t>(a)])
            bf16_head_flips_[k * static_cast<std::size_t>(chunks) + static_cast<std::size_t>(q / kAlignedFloats)] |=
                static_cast<std::uint16_t>(1u << (q % kAlignedFloats));
    }
  }
}

// The float32 copy kernels' arrangement: per head value a row of every head layer's
// outputs side by side; per layer and hidden input a row of its first outputs (whole
// vectors) and a row of the last width % 16.
void TtaNetwork::arrange_copy_weights() {
  const ParameterLayout& L = layout_;
  const NetworkConfig& config = config_;
  const auto width = static_cast<std::size_t>(config.width);
  copy_head_weights_.assign(static_cast<std::size_t>(head_columns_ * head_span_), 0.0f);
  copy_head_bias_.assign(static_cast<std::size_t>(head_span_), 0.0f);
  for (int l = 0; l < head_layers(config); ++l) {
    const auto at = static_cast<std::ptrdiff_t>(l) * config.width;
    std::copy_n(params_.data() + L.bias[l], width, copy_head_bias_.begin() + at);
    for (int q = 0; q < head_columns_; ++q)
      std::copy_n(head_weights_.data() + (static_cast<std::size_t>(l * head_columns_ + q)) * width, width,
                  copy_head_weights_.begin() + static_cast<std::ptrdiff_t>(q) * head_span_ + at);
  }
  const int vw = config.width / kAlignedFloats * kAlignedFloats, nt = config.width - vw;
  for (int d = 0; d < config.depth; ++d) {
    const auto k = static_cast<std::size_t>(hidden_inputs(config, d));
    copy_offsets_.push_back({copy_weights_.size(), copy_tails_.size()});
    copy_weights_.resize(copy_weights_.size() + k * static_cast<std::size_t>(vw));
    copy_tails_.resize(copy_tails_.size() + k * static_cast<std::size_t>(nt));
    for (std::size_t kk = 0; kk < k; ++kk) {
      const float* column = params_.data() + L.weight[d] + kk * width;
      std::copy_n(column, vw, copy_weights_.begin() + static_cast<std::ptrdiff_t>(copy_offsets_.back().first + kk * static_cast<std::size_t>(vw)));
      std::copy_n(column + vw, nt, copy_tails_.begin() + static_cast<std::ptrdiff_t>(copy_offsets_.back().second + kk * static_cast<std::size_t>(nt)));
    }
  }
}

std::size_t TtaNetwork::bytes() const {
  return sizeof(float) * (params_.size() + head_weights_.size() + zeros_.size() + copy_head_weights_.size() +
                          copy_head_bias_.size() + copy_weights_.size() + copy_tails_.size()) +
         sizeof(std::uint16_t) * bf16_weights_.size();
}

TtaWorkspace::TtaWorkspace(const TtaNetwork& network, int max_groups)
    : max_groups_(max_groups), copies_(network.copies()), n_inputs_(network.config().n_continuous),
      n_tables_(network.config().n_embeddings()) {
  if (max_groups < 1) throw ConfigError("a TTA workspace needs room for at least 1 event");
  const NetworkConfig& c = network.config();
  const auto g = static_cast<std::size_t>(padded(max_groups));
  const auto r = static_cast<std::size_t>(padded(max_groups * copies_));
  const auto width = static_cast<std::size_t>(c.width);
  inputs_.resize(static_cast<std::size_t>(max_groups * n_inputs_));
  offsets_.resize(inputs_.size());
  codes_.resize(static_cast<std::size_t>(max_groups * n_tables_));
  prob_.assign(r, 0.0f);
  // Only the buffers of the path the events take (the tiled path's are the large ones).
  if (!copy_kernels(copies_)) {
    head_.assign(g * static_cast<std::size_t>(network.head_columns_ + flipped_count(network.flips_)), 0.0f);
    partial_.assign(g * (1 + 2 * kFlipAxes) * width, 0.0f);
    hidden_.assign(r * static_cast<std::size_t>(c.depth) * width, 0.0f);
    logit_.assign(r, 0.0f);
    return;
  }
  const int head_values = network.head_columns_ + flipped_count(network.flips_);
  if (network.precision() == Precision::BFloat16) {
    copy_head_.assign(static_cast<std::size_t>(head_values), 0.0f);
    bf16_head_.assign(2 * static_cast<std::size_t>(padded(network.head_columns_)), 0.0f);
    bf16_rows_.assign(static_cast<std::size_t>(detail::kAmxRows * bf16_row(c, bf16_head_inputs(network.head_columns_))), 0);
    bf16_out_.assign(static_cast<std::size_t>(detail::kAmxRows * network.wp_), 0.0f);
    return;
  }
  copy_batch_ = std::min(max_groups, detail::kCopyHeadBatch);
  copy_head_.assign(static_cast<std::size_t>(copy_batch_ * head_values), 0.0f);
  copy_partial_.assign(static_cast<std::size_t>(copy_batch_ * (1 + 2 * kFlipAxes) * network.head_span_), 0.0f);
  copy_hidden_.assign(static_cast<std::size_t>(c.depth) * width * detail::kCopyRows, 0.0f);
}

void TtaWorkspace::begin(int groups) {
  if (groups < 1 || groups > max_groups_)
    throw InputError(std::to_string(groups) + " events do not fit a TTA workspace sized for " + std::to_string(max_groups_));
  groups_ = groups;
  ldg_ = padded(groups);
  ldr_ = padded(groups * copies_);
}

void TtaWorkspace::set_group(int g, std::span<const float> inputs, std::span<const float> offsets,
                             std::span<const std::uint8_t> codes) {
  Expects(g >= 0 && g < groups_ && static_cast<int>(inputs.size()) >= n_inputs_ && static_cast<int>(offsets.size()) >= n_inputs_);
  Expects(static_cast<int>(codes.size()) >= n_tables_);
  std::copy_n(inputs.begin(), n_inputs_, inputs_.begin() + static_cast<std::ptrdiff_t>(g) * n_inputs_);
  std::copy_n(offsets.begin(), n_inputs_, offsets_.begin() + static_cast<std::ptrdiff_t>(g) * n_inputs_);
  std::copy_n(codes.begin(), n_tables_, codes_.begin() + static_cast<std::ptrdiff_t>(g) * n_tables_);
}

std::size_t TtaWorkspace::bytes() const {
  return sizeof(float) * (inputs_.size() + offsets_.size() + head_.size() + partial_.size() + hidden_.size() +
                          logit_.size() + prob_.size() + copy_head_.size() + copy_partial_.size() +
                          bf16_head_.size() + copy_hidden_.size() + bf16_out_.size()) +
         sizeof(std::uint16_t) * bf16_rows_.size() + codes_.size();
}

namespace {

// Zeroes rows n..padded(n) of a column (64-byte aligned, padded(n) floats): they are
// scratch the tiles compute from, kept finite. At most one vector, so no memset call.
inline void zero_padding(float* column, int n) {
#if defined(__AVX512F__)
  if (n % kAlignedFloats == 0) return;
  const int last = padded(n) - kAlignedFloats;
  _mm512_mask_store_ps(column + last, static_cast<__mmask16>(~((1u << (n - last)) - 1u)), _mm512_setzero_ps());
#else
  std::fill(column + n, column + padded(n), 0.0f);
#endif
}

// Each copy's pre-activation of each output j, rows copy-major (row c * G + g):
//   out[j * ldr + c * G + g] = ((P0 + X) + Y) + Z  at [j * ldg + g] of the partial blocks,
// X being block 1 (Q_x) or 1 + kFlipAxes (T_x - Q_x) as copy c flips x or not, and so on;
// rows R..ldr are zeroed. Every path adds in that order, so the sums do not depend on G.
template <class Partial>
void sum_copies(const std::vector<std::array<bool, kFlipAxes>>& copies, int G, int width, int ldg, int ldr,
                Partial partial, float* out) {
  const int C = static_cast<int>(copies.size());
  const int R = C * G;
  for (int k = 0; k < C; ++k) {
    const auto& f = copies[static_cast<std::size_t>(k)];
    const float* x = partial(f[0] ? 1 + kFlipAxes : 1);
    const float* y = partial(f[1] ? 2 + kFlipAxes : 2);
    const float* z = partial(f[2] ? 3 + kFlipAxes : 3);
    for (int j = 0; j < width; ++j) {
      const auto at = static_cast<std::ptrdiff_t>(j) * ldg;
      const float* base = partial(0) + at;
      float* o = out + static_cast<std::ptrdiff_t>(j) * ldr + static_cast<std::ptrdiff_t>(k) * G;
      for (int g = 0; g < G; ++g) o[g] = base[g] + x[at + g] + y[at + g] + z[at + g];
    }
  }
  for (int j = 0; j < width; ++j) zero_padding(out + static_cast<std::ptrdiff_t>(j) * ldr, R);
}

// The tail, row by row in one fixed order: logit = b + sum_j h_j w_j, then the sigmoid.
// Each step is one fused multiply-add where the target has them, written out: left to
// the compiler's contraction, a loop it vectorises over j instead of rows keeps the
// products rounded, and the same event would score other bits on another path.
// Output j of row r is at h[j * ld + r * row_step].
void tail(const float* p, const ParameterLayout& L, int width, const float* h, int ld, int row_step, int rows,
          float* logit, float* prob) {
#if defined(__AVX512F__)
  if (row_step == 1 && rows == detail::kCopyRows) {  // one event's copies: the sums stay in a register
    __m256 acc = _mm256_set1_ps(p[L.tail_bias]);
    for (int j = 0; j < width; ++j)
      acc = _mm256_fmadd_ps(_mm256_loadu_ps(h + static_cast<std::ptrdiff_t>(j) * ld),
                            _mm256_set1_ps(p[L.tail_weight + static_cast<std::size_t>(j)]), acc);
    _mm256_storeu_ps(logit, acc);
  } else
#endif
  {
    std::fill(logit, logit + rows, p[L.tail_bias]);
    for (int j = 0; j < width; ++j) {
      const float w = p[L.tail_weight + static_cast<std::size_t>(j)];
      const float* hj = h + static_cast<std::ptrdiff_t>(j) * ld;
#if defined(__FMA__)
      for (int r = 0; r < rows; ++r) logit[r] = std::fma(hj[r * row_step], w, logit[r]);
#else
      for (int r = 0; r < rows; ++r) logit[r] += hj[r * row_step] * w;
#endif
    }
  }
  for (int r = 0; r < rows; ++r) prob[r] = 1.0f / (1.0f + std::exp(-logit[r]));
}

} // namespace

struct TtaKernels {
  static void run(const TtaNetwork& net, TtaWorkspace& ws) {
#if defined(__AVX512F__)
    // One event at a time is faster than the block kernels even for blocks (each event's
    // 8 copies fill the lanes; 32-row tiles of 4 events gain nothing over it).
    if (copy_kernels(ws.copies_)) return run_copies(net, ws);
#endif
    Expects(net.precision_ == Precision::Float32);  // bf16 kernels are the copy kernels
    const NetworkConfig& c = net.config_;
    const ParameterLayout& L = net.layout_;
    const int G = ws.groups_, C = ws.copies_, R = G * C, width = c.width;
    const int ldg = ws.ldg_, ldr = ws.ldr_;
    const float* p = net.params_.data();
    const int emb = c.embedding_width();
    const int n_inv = static_cast<int>(net.invariant_.size());

    // The head's outputs per group, column-major in grouped order, then the offsets.
    auto head_column = [&](int q) { return ws.head_.data() + static_cast<std::ptrdiff_t>(q) * ldg; };
    int q = 0;
    auto fill = [&](auto value) {
      float* col = head_column(q++);
      for (int g = 0; g < G; ++g) col[g] = value(g);
      zero_padding(col, G);
    };
    const float* in = ws.inputs_.data();
    const float* off = ws.offsets_.data();
    const int n = ws.n_inputs_;
    for (int j : net.invariant_) fill([&](int g) { return in[g * n + j]; });
    const int T = ws.n_tables_;
    for (int t = 0; t < T; ++t) {
      const int dim = c.embedding_table(t).dim;
      for (int e = 0; e < dim; ++e)
        fill([&](int g) { return p[L.embedding[t] + static_cast<std::size_t>(ws.codes_[static_cast<std::size_t>(g * T + t)] * dim + e)]; });
    }
    for (const auto& cols : net.flips_.columns)
      for (int j : cols) fill([&](int g) { return in[g * n + j]; });
    for (const auto& cols : net.flips_.columns)
      for (int j : cols) fill([&](int g) { return off[g * n + j]; });

    auto partial = [&](int block) { return ws.partial_.data() + static_cast<std::ptrdiff_t>(block) * width * ldg; };
    const float* head_weights = net.head_weights_.data();
    for (int d = 0; d < c.depth; ++d) {
      float* out = ws.hidden_.data() + static_cast<std::ptrdiff_t>(c.depth - 1 - d) * width * ldr;
      if (reads_head(c, d)) {
        // Per group: the invariant part with the bias, and each axis's part and offsets.
        detail::dense_linear(head_column(0), ldg, G, n_inv + emb, head_weights, width, p + L.bias[d], partial(0));
        int start = n_inv + emb, offset_start = net.head_columns_;
        for (int a = 0; a < kFlipAxes; ++a) {
          const int na = static_cast<int>(net.flips_.columns[static_cast<std::size_t>(a)].size());
          const float* w = head_weights + static_cast<std::ptrdiff_t>(start) * width;
          detail::dense_linear(head_column(start), ldg, G, na, w, width, net.zeros_.data(), partial(1 + a));
          detail::dense_linear(head_column(offset_start), ldg, G, na, w, width, net.zeros_.data(), partial(1 + kFlipAxes + a));
          start += na;
          offset_start += na;
        }
        head_weights += static_cast<std::ptrdiff_t>(net.head_columns_) * width;
        // A flipped axis contributes T - Q: turn the offset blocks into that.
        for (int a = 0; a < kFlipAxes; ++a) {
          float* t = partial(1 + kFlipAxes + a);
          const float* qa = partial(1 + a);
          for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(width) * ldg; ++i) t[i] -= qa[i];
        }
        // Rows are copy-major (row c * G + g): each copy starts from the invariant part
        // plus, per axis, Q or T - Q, summed in one order over contiguous groups.
        sum_copies(net.flips_.copies, G, width, ldg, ldr, partial, out);
      } else {
        for (int j = 0; j < width; ++j) {
          float* o = out + static_cast<std::ptrdiff_t>(j) * ldr;
          std::fill(o, o + R, p[L.bias[d] + static_cast<std::size_t>(j)]);
          zero_padding(o, R);
        }
      }
      const int hidden_inputs = c.dense ? d * width : (d > 0 ? width : 0);
      detail::dense_accumulate_activate(ws.hidden_.data() + static_cast<std::ptrdiff_t>(c.depth - d) * width * ldr, ldr,
                                        R, hidden_inputs, p + L.weight[d], width, c.activation, out);
    }
    // Tail: the last layer is the first block of `hidden_`.
    tail(p, L, width, ws.hidden_.data(), ldr, 1, R, ws.logit_.data(), ws.prob_.data());
  }

#if defined(__AVX512F__)
  // One group at a time, its 8 copies as the rows (nn/copy_kernel.hpp; float32: the head's
  // partial sums of up to 4 groups per pass): the same values.
  static void run_copies(const TtaNetwork& net, TtaWorkspace& ws) {
    const NetworkConfig& c = net.config_;
    const ParameterLayout& L = net.layout_;
    const int G = ws.groups_, width = c.width;
    const float* p = net.params_.data();
    const int emb = c.embedding_width();
    const int n = ws.n_inputs_, T = ws.n_tables_;
    std::array<int, kFlipAxes> axis_columns{};
    std::array<std::array<bool, kFlipAxes>, detail::kCopyRows> flips{};
    for (int a = 0; a < kFlipAxes; ++a) axis_columns[static_cast<std::size_t>(a)] = static_cast<int>(net.flips_.columns[static_cast<std::size_t>(a)].size());
    std::copy_n(net.flips_.copies.begin(), detail::kCopyRows, flips.begin());
    const detail::CopyFlips copy_flips = detail::copy_flips(flips, net.head_span_);
    const auto column = [&](int d) { return ws.copy_hidden_.data() + static_cast<std::ptrdiff_t>(d) * width * detail::kCopyRows; };
    const bool bf16 = net.precision_ == Precision::BFloat16;
#if defined(__AMX_BF16__) && defined(__AMX_TILE__)
    if (bf16) detail::amx_begin();
#endif
    // bf16 tiles take 16 rows: two events per pass (the second may be a stand-in whose
    // rows are left as they were; rows do not mix). float32: the head's partial sums of
    // up to copy_batch_ events per pass, then each event's layers.
    const int per = bf16 ? detail::kAmxRows / detail::kCopyRows : ws.copy_batch_;
    const auto span = static_cast<std::ptrdiff_t>((1 + 2 * kFlipAxes) * net.head_span_);
    const int head_values = net.head_columns_ + flipped_count(net.flips_);
    const int n_base = static_cast<int>(net.invariant_.size()) + emb;
    const int we = even_width(c), stride = bf16_row(c, bf16_head_inputs(net.head_columns_));
    std::array<float, detail::kAmxRows> logit, prob;
    // The probabilities of `here` events from g0 (event h's 8 rows from prob[8 h]) to the
    // workspace's copy-major rows.
    const auto keep = [&](int g0, int here) {
      for (int h = 0; h < here; ++h)
        for (int k = 0; k < detail::kCopyRows; ++k)
          ws.prob_[static_cast<std::size_t>(k * G + g0 + h)] = prob[static_cast<std::size_t>(h * detail::kCopyRows + k)];
    };
    for (int g0 = 0; g0 < G; g0 += per) {
      const int here = std::min(per, G - g0);
      for (int h = 0; h < here; ++h) {
        // The head's values in grouped order (as the block path's columns), then the offsets.
        const int g = g0 + h;
        const float* in = ws.inputs_.data() + static_cast<std::ptrdiff_t>(g) * n;
        const float* off = ws.offsets_.data() + static_cast<std::ptrdiff_t>(g) * n;
        float* hx = ws.copy_head_.data() + (bf16 ? 0 : static_cast<std::ptrdiff_t>(h) * head_values);
        for (int j : net.invariant_) *hx++ = in[j];
        for (int t = 0; t < T; ++t) {
          const int dim = c.embedding_table(t).dim;
          const auto code = static_cast<std::size_t>(ws.codes_[static_cast<std::size_t>(g * T + t)]);
          for (int e = 0; e < dim; ++e) *hx++ = p[L.embedding[t] + code * static_cast<std::size_t>(dim) + static_cast<std::size_t>(e)];
        }
        for (const auto& cols : net.flips_.columns)
          for (int j : cols) *hx++ = in[j];
        for (const auto& cols : net.flips_.columns)
          for (int j : cols) *hx++ = off[j];
#if defined(__AMX_BF16__) && defined(__AMX_TILE__)
        if (bf16)  // each copy's head values (flipped: -x + offset), in two parts, in its row after the hidden blocks
          detail::amx_head_rows(ws.copy_head_.data(), n_base, net.head_columns_, net.bf16_head_flips_.data(),
                                ws.bf16_head_.data(),
                                ws.bf16_rows_.data() + static_cast<std::ptrdiff_t>(h * detail::kCopyRows * stride + c.depth * we),
                                stride);
#endif
      }
#if defined(__AMX_BF16__) && defined(__AMX_TILE__)
      if (bf16) {
        for (int d = 0; d < c.depth; ++d) {
          detail::amx_layer(ws.bf16_rows_.data() + (c.depth - d) * we, stride, bf16_steps(c, d, bf16_head_inputs(net.head_columns_)),
                            net.bf16_weights_.data() + net.bf16_offsets_[static_cast<std::size_t>(d)], width, net.wp_,
                            p + L.bias[d], c.activation, ws.bf16_out_.data());
          if (d + 1 < c.depth)
            detail::amx_rows_to_bf16(ws.bf16_out_.data(), net.wp_, width, ws.bf16_rows_.data() + (c.depth - 1 - d) * we, stride);
        }
        tail(p, L, width, ws.bf16_out_.data(), 1, net.wp_, here * detail::kCopyRows, logit.data(), prob.data());
        keep(g0, here);
        continue;
      }
#endif
      detail::copy_head_partials(ws.copy_head_.data(), head_values, here, n_base, axis_columns, net.copy_head_weights_.data(),
                                 net.copy_head_bias_.data(), net.head_span_, ws.copy_partial_.data());
      for (int h = 0; h < here; ++h) {
        for (int d = 0; d < c.depth; ++d) {
          const auto [weights, tails] = net.copy_offsets_[static_cast<std::size_t>(d)];
          detail::CopyStart start;
          if (reads_head(c, d))
            start = {.partial = ws.copy_partial_.data() + h * span, .at = d * width, .flips = &copy_flips};
          else
            start.bias = p + L.bias[d];
          detail::copy_layer(column(c.depth - d), hidden_inputs(c, d), net.copy_weights_.data() + weights,
                             net.copy_tails_.data() + tails, width, start, c.activation, column(c.depth - 1 - d));
        }
        tail(p, L, width, column(0), detail::kCopyRows, 1, detail::kCopyRows, logit.data(), prob.data());
        keep(g0 + h, 1);
      }
    }
#if defined(__AMX_BF16__) && defined(__AMX_TILE__)
    if (bf16) detail::amx_end();
#endif
  }
#endif
};

void forward_tta(const TtaNetwork& network, TtaWorkspace& ws) { TtaKernels::run(network, ws); }

} // namespace sieve::nn
