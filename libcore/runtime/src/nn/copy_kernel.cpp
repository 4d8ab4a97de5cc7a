#include "copy_kernel.hpp"

#if defined(__AVX512F__)

#include "activation.hpp"
#include "sieve/aligned.hpp"

#include <immintrin.h>

#include <gsl/assert>

#include <algorithm>
#include <cstddef>

namespace sieve::nn::detail {

namespace {

constexpr int kV = kAlignedFloats;  // floats per vector

// NV vectors of outputs from v0 for B events (event b's head values at hx + b * hstride,
// its partial blocks at partial + b * (1 + 2 * 3) * span): the base block, then Q_a and
// T_a - Q_a per axis. Each weight vector is loaded once for the B events; one event's
// values take the same operations in the same order whatever B.
template <int NV, int B>
void head_vectors(const float* hx, int hstride, int n_base, const std::array<int, kCopyAxes>& axis_columns,
                  const float* hw, const float* hb, int span, int v0, float* partial) {
  const float* w0 = hw + static_cast<std::ptrdiff_t>(v0) * kV;
  auto row = [&](int q, int v) { return _mm512_load_ps(w0 + static_cast<std::ptrdiff_t>(q) * span + v * kV); };
  auto value = [&](int b, int q) { return _mm512_set1_ps(hx[static_cast<std::ptrdiff_t>(b) * hstride + q]); };
  auto block = [&](int b, int k, int v) {
    return partial + static_cast<std::ptrdiff_t>(b * (1 + 2 * kCopyAxes) + k) * span + (v0 + v) * kV;
  };
  __m512 acc[B][NV], off[B][NV];
  for (int b = 0; b < B; ++b)
    for (int v = 0; v < NV; ++v) acc[b][v] = _mm512_load_ps(hb + (v0 + v) * kV);
  for (int q = 0; q < n_base; ++q) {
    __m512 w[NV];
    for (int v = 0; v < NV; ++v) w[v] = row(q, v);
    for (int b = 0; b < B; ++b) {
      const __m512 x = value(b, q);
      for (int v = 0; v < NV; ++v) acc[b][v] = _mm512_fmadd_ps(x, w[v], acc[b][v]);
    }
  }
  for (int b = 0; b < B; ++b)
    for (int v = 0; v < NV; ++v) _mm512_store_ps(block(b, 0, v), acc[b][v]);
  int q = n_base, o = n_base;
  for (int a = 0; a < kCopyAxes; ++a) o += axis_columns[static_cast<std::size_t>(a)];
  for (int a = 0; a < kCopyAxes; ++a) {
    for (int b = 0; b < B; ++b)
      for (int v = 0; v < NV; ++v) acc[b][v] = off[b][v] = _mm512_setzero_ps();
    for (int end = q + axis_columns[static_cast<std::size_t>(a)]; q < end; ++q, ++o) {
      __m512 w[NV];
      for (int v = 0; v < NV; ++v) w[v] = row(q, v);
      for (int b = 0; b < B; ++b) {
        const __m512 x = value(b, q), t = value(b, o);
        for (int v = 0; v < NV; ++v) {
          acc[b][v] = _mm512_fmadd_ps(x, w[v], acc[b][v]);
          off[b][v] = _mm512_fmadd_ps(t, w[v], off[b][v]);
        }
      }
    }
    for (int b = 0; b < B; ++b)
      for (int v = 0; v < NV; ++v) {
        _mm512_store_ps(block(b, 1 + a, v), acc[b][v]);
        _mm512_store_ps(block(b, 1 + kCopyAxes + a, v), _mm512_sub_ps(off[b][v], acc[b][v]));
      }
  }
}

// Every vector of the span for B events, NV at a time, then the rest with fewer.
template <int NV, int B>
void head_chunks(const float* hx, int hstride, int n_base, const std::array<int, kCopyAxes>& axis_columns,
                 const float* hw, const float* hb, int span, int v0, float* partial) {
  const int vectors = span / kV;
  for (; v0 + NV <= vectors; v0 += NV) head_vectors<NV, B>(hx, hstride, n_base, axis_columns, hw, hb, span, v0, partial);
  if constexpr (NV > 1)
    if (v0 < vectors) head_chunks<NV - 1, B>(hx, hstride, n_base, axis_columns, hw, hb, span, v0, partial);
}

// Lane l of the three shuffle stages that turn 8 row vectors (16 outputs each) into 8
// vectors of two 8-row columns: rows pair up, then quadruple, then make 8.
constexpr int kStage1[2][16] = {{0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23},
                                {8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31}};
constexpr int kStage2[2][16] = {{0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23},
                                {8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31}};
constexpr int kStage3[2][16] = {{0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23},
                                {8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31}};

inline __m512i lanes(const int (&l)[16]) { return _mm512_loadu_si512(l); }

// r[0..7]: rows 0..7 of 16 outputs; writes the 16 outputs' columns (8 rows each) at out.
//   stage 1: u[s][h] = rows 2s, 2s+1 of outputs 8h..8h+7 (lane 2 i + row parity)
//   stage 2: v[t][h][m] = rows 4t..4t+3 of outputs 8h+4m.. (lane 4 i + row % 4)
//   stage 3: columns 8h+4m+2n, +1: lane 8 i + row
[[gnu::always_inline]] inline void store_columns(const __m512 (&r)[kCopyRows], float* out) {
  __m512 u[4][2], v[2][2][2];
  for (int s = 0; s < 4; ++s)
    for (int h = 0; h < 2; ++h) u[s][h] = _mm512_permutex2var_ps(r[2 * s], lanes(kStage1[h]), r[2 * s + 1]);
  for (int t = 0; t < 2; ++t)
    for (int h = 0; h < 2; ++h)
      for (int m = 0; m < 2; ++m)
        v[t][h][m] = _mm512_permutex2var_ps(u[2 * t][h], lanes(kStage2[m]), u[2 * t + 1][h]);
  for (int h = 0; h < 2; ++h)
    for (int m = 0; m < 2; ++m)
      for (int n = 0; n < 2; ++n)
        _mm512_storeu_ps(out + (8 * h + 4 * m + 2 * n) * kCopyRows,
                         _mm512_permutex2var_ps(v[0][h][m], lanes(kStage3[n]), v[1][h][m]));
}

// The pre-activations of output vector o (16 outputs from o) in row r: the layer's bias,
// or ((P + S_0) + S_1) + S_2 from the head's partial sums.
[[gnu::always_inline]] inline __m512 start_vector(const CopyStart& s, int o, int r) {
  if (s.partial == nullptr) return _mm512_loadu_ps(s.bias + o);
  const float* p = s.partial + s.at + o;
  __m512 sum = _mm512_loadu_ps(p);
  for (int a = 0; a < kCopyAxes; ++a)
    sum = _mm512_add_ps(sum, _mm512_loadu_ps(p + s.flips->offset[static_cast<std::size_t>(r)][static_cast<std::size_t>(a)]));
  return sum;
}

// The same for output o of the 8 rows, the rows in the lanes (the upper 8 lanes zero).
[[gnu::always_inline]] inline __m512 start_column(const CopyStart& s, int o) {
  if (s.partial == nullptr) return _mm512_maskz_mov_ps(0xFF, _mm512_set1_ps(s.bias[o]));
  const float* p = s.partial + s.at + o;
  __m512 sum = _mm512_maskz_mov_ps(0xFF, _mm512_set1_ps(*p));
  for (int a = 0; a < kCopyAxes; ++a) {
    const __m512 q = _mm512_set1_ps(p[s.flips->plain[static_cast<std::size_t>(a)]]);
    const __m512 d = _mm512_set1_ps(p[s.flips->flipped[static_cast<std::size_t>(a)]]);
    sum = _mm512_add_ps(sum, _mm512_maskz_mov_ps(0xFF, _mm512_mask_blend_ps(s.flips->mask[static_cast<std::size_t>(a)], q, d)));
  }
  return sum;
}

// V vectors of 16 outputs from o0 (weights: rows of vw floats at w) with the rows in
// the registers' other axis, and T outputs of the layer's last ones from t0 (weights:
// rows of nt floats at wt) with the 8 rows in the lanes (the upper 8 lanes stay zero).
template <int V, int T>
void layer_tile(const float* x, int k, const float* w, int vw, int o0, const float* wt, int nt, int t0,
                const CopyStart& start, Activation act, float* out) {
  __m512 acc[kCopyRows][V > 0 ? V : 1];
  __m512 col[T > 0 ? T : 1];
  const int tail_at = vw + t0;  // the first tail output's index in the layer
  for (int r = 0; r < kCopyRows; ++r)
    for (int v = 0; v < V; ++v) acc[r][v] = start_vector(start, o0 + v * kV, r);
  for (int t = 0; t < T; ++t) col[t] = start_column(start, tail_at + t);
  const float* wk = w + o0;
  const float* tk = wt + t0;
  // Two steps per pass: half the counter and pointer updates per FMA (likely competing
  // with the FMAs for ports: a second pass over weights already in L1 cost as much as the
  // first), measured at 3-6% of one event (sieve-micro, alternated runs).
#pragma GCC unroll 2
  for (int kk = 0; kk < k; ++kk, wk += vw, tk += nt, x += kCopyRows) {
    __m512 wv[V > 0 ? V : 1];
    for (int v = 0; v < V; ++v) wv[v] = _mm512_load_ps(wk + v * kV);
    if constexpr (T > 0) {
      const __m512 xc = _mm512_maskz_loadu_ps(0xFF, x);
      for (int t = 0; t < T; ++t) col[t] = _mm512_fmadd_ps(xc, _mm512_set1_ps(tk[t]), col[t]);
    }
    for (int r = 0; r < kCopyRows; ++r) {
      const __m512 xb = _mm512_set1_ps(x[r]);
      for (int v = 0; v < V; ++v) acc[r][v] = _mm512_fmadd_ps(xb, wv[v], acc[r][v]);
    }
  }
  // Unrolled, so that the accumulators stay registers (a loop indexing them would keep
  // them in memory, stored on every step of the loop above).
#pragma GCC unroll 4
  for (int v = 0; v < V; ++v) {
    __m512 r[kCopyRows];
#pragma GCC unroll 8
    for (int i = 0; i < kCopyRows; ++i) {
      r[i] = acc[i][v];
      activate(act, r[i]);
    }
    store_columns(r, out + static_cast<std::ptrdiff_t>(o0 + v * kV) * kCopyRows);
  }
  for (int t = 0; t < T; ++t) {
    activate(act, col[t]);
    _mm512_mask_storeu_ps(out + static_cast<std::ptrdiff_t>(tail_at + t) * kCopyRows, 0xFF, col[t]);
  }
}

template <int V>
void layer_tile_t(int t, const float* x, int k, const float* w, int vw, int o0, const float* wt, int nt, int t0,
                  const CopyStart& start, Activation act, float* out) {
#define SIEVE_TILE(T) layer_tile<V, T>(x, k, w, vw, o0, wt, nt, t0, start, act, out)
  switch (t) {
  case 0: SIEVE_TILE(0); break;
  case 1: SIEVE_TILE(1); break;
  case 2: SIEVE_TILE(2); break;
  case 3: SIEVE_TILE(3); break;
  default: SIEVE_TILE(4); break;
  }
#undef SIEVE_TILE
}

} // namespace

void copy_head_partials(const float* hx, int hstride, int events, int n_base, const std::array<int, kCopyAxes>& axis_columns,
                        const float* hw, const float* hb, int span, float* partial) {
  // At most 24 accumulators of the axes' sums (acc and off, 2 x NV x B), the NV weights and
  // two broadcasts in the 32 registers.
  switch (events) {
  case 1: head_chunks<8, 1>(hx, hstride, n_base, axis_columns, hw, hb, span, 0, partial); break;
  case 2: head_chunks<5, 2>(hx, hstride, n_base, axis_columns, hw, hb, span, 0, partial); break;
  case 3: head_chunks<4, 3>(hx, hstride, n_base, axis_columns, hw, hb, span, 0, partial); break;
  default:
    Expects(events == kCopyHeadBatch);
    head_chunks<3, 4>(hx, hstride, n_base, axis_columns, hw, hb, span, 0, partial);
    break;
  }
}

CopyFlips copy_flips(const std::array<std::array<bool, kCopyAxes>, kCopyRows>& flips, int span) {
  CopyFlips f;
  for (std::size_t a = 0; a < kCopyAxes; ++a) {
    f.plain[a] = static_cast<int>(1 + a) * span;
    f.flipped[a] = static_cast<int>(1 + kCopyAxes + a) * span;
    for (std::size_t r = 0; r < kCopyRows; ++r) {
      f.offset[r][a] = flips[r][a] ? f.flipped[a] : f.plain[a];
      if (flips[r][a]) f.mask[a] = static_cast<std::uint16_t>(f.mask[a] | (1u << r));
    }
  }
  return f;
}

void copy_layer(const float* x, int k, const float* w, const float* wt, int width, const CopyStart& start,
                Activation act, float* out) {
  constexpr int kMaxTail = 3;  // tail outputs that ride with the last vector tile
  const int vw = width / kV * kV, nt = width - vw;
  int o0 = 0, t0 = 0;
  while (o0 < vw) {
    const int v = vw - o0 >= 2 * kV ? 2 : 1;
    const int t = o0 + v * kV == vw && nt <= kMaxTail ? nt : 0;
    if (v == 2)
      layer_tile_t<2>(t, x, k, w, vw, o0, wt, nt, 0, start, act, out);
    else
      layer_tile_t<1>(t, x, k, w, vw, o0, wt, nt, 0, start, act, out);
    o0 += v * kV;
    t0 += t;
  }
  for (; t0 < nt; t0 += kMaxTail + 1)
    layer_tile_t<0>(std::min(nt - t0, kMaxTail + 1), x, k, w, vw, 0, wt, nt, t0, start, act, out);
}

} // namespace sieve::nn::detail

#endif
