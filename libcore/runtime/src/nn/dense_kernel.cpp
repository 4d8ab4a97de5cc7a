#include "dense_kernel.hpp"

#include "activation.hpp"
#include "sieve/aligned.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace sieve::nn::detail {

#if defined(__AVX512F__)
namespace {

// R row vectors (16 rows each) x J outputs starting at output o0:
//   acc[i, o] = init + sum_k x[i, k] * w[o * os + k * ks]   (k ascending)
// Init: the bias, or what `out` holds (InitFromOut); then the activation if Activate.
template <int R, int J, bool InitFromOut, bool Activate>
inline void tile(const float* x, int ld, int row0, int k, const float* w, int os, int ks, const float* b, int o0,
                 Activation act, float* out, float* deriv) {
  __m512 acc[R][J];
  for (int j = 0; j < J; ++j)
    for (int r = 0; r < R; ++r)
      acc[r][j] = InitFromOut ? _mm512_load_ps(out + static_cast<std::ptrdiff_t>(o0 + j) * ld + row0 + 16 * r)
                             : _mm512_set1_ps(b[o0 + j]);
  const float* xp = x + row0;
  const float* wp = w + static_cast<std::ptrdiff_t>(o0) * os;
  for (int kk = 0; kk < k; ++kk) {
    __m512 xv[R];
    for (int r = 0; r < R; ++r) xv[r] = _mm512_load_ps(xp + 16 * r);
    for (int j = 0; j < J; ++j) {
      const __m512 wv = _mm512_set1_ps(wp[j * os]);
      for (int r = 0; r < R; ++r) acc[r][j] = _mm512_fmadd_ps(xv[r], wv, acc[r][j]);
    }
    xp += ld;
    wp += ks;
  }
  for (int j = 0; j < J; ++j)
    for (int r = 0; r < R; ++r) {
      const std::ptrdiff_t at = static_cast<std::ptrdiff_t>(o0 + j) * ld + row0 + 16 * r;
      if constexpr (Activate) {
        const __m512 d = activate(act, acc[r][j]);
        if (deriv) _mm512_store_ps(deriv + at, d);
      }
      _mm512_store_ps(out + at, acc[r][j]);
    }
}

// R row vectors x the outputs o_begin..outputs, in tiles of 11 outputs.
template <int R, bool InitFromOut, bool Activate>
void rows(const float* x, int ld, int row0, int k, const float* w, int os, int ks, const float* b, int o_begin,
          int outputs, Activation act, float* out, float* deriv) {
  constexpr int kGroup = 11;
  int o0 = o_begin;
  for (; o0 + kGroup <= outputs; o0 += kGroup)
    tile<R, kGroup, InitFromOut, Activate>(x, ld, row0, k, w, os, ks, b, o0, act, out, deriv);
#define SIEVE_TILE(J) tile<R, J, InitFromOut, Activate>(x, ld, row0, k, w, os, ks, b, o0, act, out, deriv)
  switch (outputs - o0) {
  case 0: break;
  case 1: SIEVE_TILE(1); break;
  case 2: SIEVE_TILE(2); break;
  case 3: SIEVE_TILE(3); break;
  case 4: SIEVE_TILE(4); break;
  case 5: SIEVE_TILE(5); break;
  case 6: SIEVE_TILE(6); break;
  case 7: SIEVE_TILE(7); break;
  case 8: SIEVE_TILE(8); break;
  case 9: SIEVE_TILE(9); break;
  default: SIEVE_TILE(10); break;
  }
#undef SIEVE_TILE
}

// A few rows (at most kFewRows, less than half a row vector) vectorised over outputs
// instead: N rows x V vectors of 16 outputs starting at o0, for weights whose columns
// are contiguous (w[o + kk * ks]), plus T more outputs computed for the row vector as
// tile() does (the last outputs of a layer whose width is not a multiple of 16; in the
// same loop over k so that their FMA chains overlap the others). Each element gets the
// operations tile() gives it, in the same order (the bias or what `out` holds, the FMAs
// over k ascending, the activation), so a row's result does not depend on the path that
// computed it.
constexpr int kFewRows = 8;
constexpr int kMaxRowOutputs = 3;  // T at most

template <int N, int V, int T, bool InitFromOut, bool Activate>
inline void few_rows_tile(const float* x, int ld, int row0, int k, const float* w, int ks, const float* b, int o0,
                          Activation act, float* out, float* deriv) {
  // Column o of a row is `ld` floats after column o - 1.
  const __m512i stride = _mm512_mullo_epi32(_mm512_set1_epi32(ld),
                                            _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  auto at = [&](int r, int v) { return static_cast<std::ptrdiff_t>(o0 + 16 * v) * ld + row0 + r; };
  auto column = [&](int t) { return static_cast<std::ptrdiff_t>(o0 + 16 * V + t) * ld + row0; };
  __m512 acc[N][V];
  __m512 row_acc[T > 0 ? T : 1];
  for (int r = 0; r < N; ++r)
    for (int v = 0; v < V; ++v)
      acc[r][v] = InitFromOut ? _mm512_mask_i32gather_ps(_mm512_setzero_ps(), __mmask16(0xFFFF), stride, out + at(r, v), 4)
                             : _mm512_loadu_ps(b + o0 + 16 * v);
  for (int t = 0; t < T; ++t)
    row_acc[t] = InitFromOut ? _mm512_load_ps(out + column(t)) : _mm512_set1_ps(b[o0 + 16 * V + t]);
  const float* xp = x + row0;
  const float* wp = w + o0;
  for (int kk = 0; kk < k; ++kk) {
    __m512 wv[V];
    for (int v = 0; v < V; ++v) wv[v] = _mm512_loadu_ps(wp + 16 * v);
    if constexpr (T > 0) {
      const __m512 xr = _mm512_load_ps(xp);
      for (int t = 0; t < T; ++t) row_acc[t] = _mm512_fmadd_ps(xr, _mm512_set1_ps(wp[16 * V + t]), row_acc[t]);
    }
    for (int r = 0; r < N; ++r) {
      const __m512 xv = _mm512_set1_ps(xp[r]);
      for (int v = 0; v < V; ++v) acc[r][v] = _mm512_fmadd_ps(xv, wv[v], acc[r][v]);
    }
    xp += ld;
    wp += ks;
  }
  for (int r = 0; r < N; ++r)
    for (int v = 0; v < V; ++v) {
      if constexpr (Activate) {
        const __m512 d = activate(act, acc[r][v]);
        if (deriv) _mm512_i32scatter_ps(deriv + at(r, v), stride, d, 4);
      }
      _mm512_i32scatter_ps(out + at(r, v), stride, acc[r][v], 4);
    }
  for (int t = 0; t < T; ++t) {
    if constexpr (Activate) {
      const __m512 d = activate(act, row_acc[t]);
      if (deriv) _mm512_store_ps(deriv + column(t), d);
    }
    _mm512_store_ps(out + column(t), row_acc[t]);
  }
}

template <int N, int V, bool InitFromOut, bool Activate>
void few_rows_vectors(const float* x, int ld, int row0, int k, const float* w, int ks, const float* b, int o0, int t,
                      Activation act, float* out, float* deriv) {
#define SIEVE_FEW(T) few_rows_tile<N, V, T, InitFromOut, Activate>(x, ld, row0, k, w, ks, b, o0, act, out, deriv)
  switch (t) {
  case 0: SIEVE_FEW(0); break;
  case 1: SIEVE_FEW(1); break;
  case 2: SIEVE_FEW(2); break;
  default: SIEVE_FEW(3); break;
  }
#undef SIEVE_FEW
}

template <int N, bool InitFromOut, bool Activate>
void few_rows_n(const float* x, int ld, int row0, int k, const float* w, int ks, const float* b, int outputs,
                Activation act, float* out, float* deriv) {
  const int vector_end = outputs - outputs % 16;
  // The last outputs ride with the last vector tile when they are few, else they are
  // computed on their own, one row vector each.
  const int tail = vector_end > 0 && outputs % 16 <= kMaxRowOutputs ? outputs % 16 : 0;
  for (int o0 = 0; o0 < vector_end;) {
    const int v = std::min(2, (vector_end - o0) / 16);
    const int t = o0 + 16 * v == vector_end ? tail : 0;
    if (v == 2)
      few_rows_vectors<N, 2, InitFromOut, Activate>(x, ld, row0, k, w, ks, b, o0, t, act, out, deriv);
    else
      few_rows_vectors<N, 1, InitFromOut, Activate>(x, ld, row0, k, w, ks, b, o0, t, act, out, deriv);
    o0 += 16 * v;
  }
  rows<1, InitFromOut, Activate>(x, ld, row0, k, w, 1, ks, b, vector_end + tail, outputs, act, out, deriv);
}

template <bool InitFromOut, bool Activate>
void few_rows(const float* x, int ld, int row0, int n, int k, const float* w, int ks, const float* b, int outputs,
              Activation act, float* out, float* deriv) {
#define SIEVE_FEW(N) few_rows_n<N, InitFromOut, Activate>(x, ld, row0, k, w, ks, b, outputs, act, out, deriv)
  switch (n) {
  case 1: SIEVE_FEW(1); break;
  case 2: SIEVE_FEW(2); break;
  case 3: SIEVE_FEW(3); break;
  case 4: SIEVE_FEW(4); break;
  case 5: SIEVE_FEW(5); break;
  case 6: SIEVE_FEW(6); break;
  case 7: SIEVE_FEW(7); break;
  default: SIEVE_FEW(8); break;
  }
#undef SIEVE_FEW
}

// Every row of the batch: 32 rows per tile, then 16; a last part of at most kFewRows
// real rows goes through few_rows() when the weights allow it (os == 1).
template <bool InitFromOut, bool Activate>
void all_rows(const float* x, int ld, int n, int k, const float* w, int os, int ks, const float* b, int outputs,
              Activation act, float* out, float* deriv) {
  const int rows_padded = padded(n);
  int row0 = 0;
  while (row0 < rows_padded) {
    const int left = n - row0;
    if (os == 1 && left <= kFewRows) {
      few_rows<InitFromOut, Activate>(x, ld, row0, left, k, w, ks, b, outputs, act, out, deriv);
      return;
    }
    if (row0 + 32 <= rows_padded) {
      rows<2, InitFromOut, Activate>(x, ld, row0, k, w, os, ks, b, 0, outputs, act, out, deriv);
      row0 += 32;
    } else {
      rows<1, InitFromOut, Activate>(x, ld, row0, k, w, os, ks, b, 0, outputs, act, out, deriv);
      row0 += 16;
    }
  }
}

// In-register transpose of a 16 x 16 block: r[j] holds column j on entry, row j on exit.
inline void transpose16(__m512 r[16]) {
  __m512 t[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    r[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
    r[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
    r[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
    r[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
  }
  for (int i = 0; i < 4; ++i) {
    t[i] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0x88);
    t[i + 4] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0xdd);
    t[i + 8] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0x88);
    t[i + 12] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0xdd);
  }
  for (int i = 0; i < 4; ++i) {
    r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
    r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xdd);
    r[i + 4] = _mm512_shuffle_f32x4(t[i + 4], t[i + 12], 0x88);
    r[i + 12] = _mm512_shuffle_f32x4(t[i + 4], t[i + 12], 0xdd);
  }
}

// JV vectors of 16 weight rows x KT input columns of dW = dz^T x, from dz transposed
// (row-major, `wp` floats per row) so that the sum runs over events in ascending order.
template <int JV, int KT>
inline void weight_tile(const float* dzt, int wp, int n, int width, int j0, const float* x, int ld, int kk0,
                        float* dw) {
  __m512 acc[JV][KT];
  for (int v = 0; v < JV; ++v)
    for (int t = 0; t < KT; ++t) acc[v][t] = _mm512_setzero_ps();
  for (int i = 0; i < n; ++i) {
    __m512 d[JV];
    for (int v = 0; v < JV; ++v) d[v] = _mm512_load_ps(dzt + static_cast<std::ptrdiff_t>(i) * wp + j0 + 16 * v);
    for (int t = 0; t < KT; ++t) {
      const __m512 xv = _mm512_set1_ps(x[static_cast<std::ptrdiff_t>(kk0 + t) * ld + i]);
      for (int v = 0; v < JV; ++v) acc[v][t] = _mm512_fmadd_ps(d[v], xv, acc[v][t]);
    }
  }
  for (int t = 0; t < KT; ++t)
    for (int v = 0; v < JV; ++v) {
      const int left = width - j0 - 16 * v;
      const __mmask16 mask = left >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << left) - 1u);
      _mm512_mask_storeu_ps(dw + static_cast<std::ptrdiff_t>(kk0 + t) * width + j0 + 16 * v, mask, acc[v][t]);
    }
}

template <int JV>
void weight_columns(const float* dzt, int wp, int n, int width, int j0, const float* x, int ld, int k, float* dw) {
  constexpr int kTile = 21 / JV;
  int kk = 0;
  for (; kk + kTile <= k; kk += kTile) weight_tile<JV, kTile>(dzt, wp, n, width, j0, x, ld, kk, dw);
  for (; kk < k; ++kk) weight_tile<JV, 1>(dzt, wp, n, width, j0, x, ld, kk, dw);
}

} // namespace

void dense_forward(const float* x, int ld, int n, int k, const float* w, const float* b, int width,
                   Activation act, float* h, float* deriv) {
  all_rows<false, true>(x, ld, n, k, w, 1, width, b, width, act, h, deriv);
}

void dense_accumulate_activate(const float* x, int ld, int n, int k, const float* w, int width, Activation act,
                               float* h) {
  all_rows<true, true>(x, ld, n, k, w, 1, width, nullptr, width, act, h, nullptr);
}

void dense_linear(const float* x, int ld, int n, int k, const float* w, int width, const float* b, float* z) {
  all_rows<false, false>(x, ld, n, k, w, 1, width, b, width, Activation::Swish, z, nullptr);
}

void dense_backward_input(const float* dz, int ld, int n, int width, const float* w, int k, float* grad) {
  all_rows<true, false>(dz, ld, n, width, w, width, 1, nullptr, k, Activation::Swish, grad, nullptr);
}

void dense_backward_weights(const float* dz, int ld, int n, int width, const float* x, int k, float* dzt,
                            float* dw, float* db) {
  const int wp = padded(width);
  // dz (column-major) -> dzt (row-major) in 16 x 16 blocks transposed in registers;
  // columns past `width` are zero.
  for (int i0 = 0; i0 < padded(n); i0 += 16)
    for (int j0 = 0; j0 < wp; j0 += 16) {
      __m512 r[16];
      for (int j = 0; j < 16; ++j)
        r[j] = j0 + j < width ? _mm512_load_ps(dz + static_cast<std::ptrdiff_t>(j0 + j) * ld + i0) : _mm512_setzero_ps();
      transpose16(r);
      for (int i = 0; i < 16; ++i) _mm512_store_ps(dzt + static_cast<std::ptrdiff_t>(i0 + i) * wp + j0, r[i]);
    }
  for (int j0 = 0; j0 < width; j0 += 48) {
    switch (std::min(3, (width - j0 + 15) / 16)) {
    case 1: weight_columns<1>(dzt, wp, n, width, j0, x, ld, k, dw); break;
    case 2: weight_columns<2>(dzt, wp, n, width, j0, x, ld, k, dw); break;
    default: weight_columns<3>(dzt, wp, n, width, j0, x, ld, k, dw); break;
    }
  }
  for (int j0 = 0; j0 < width; j0 += 16) {
    __m512 sum = _mm512_setzero_ps();
    for (int i = 0; i < n; ++i) sum = _mm512_add_ps(sum, _mm512_load_ps(dzt + static_cast<std::ptrdiff_t>(i) * wp + j0));
    const int left = width - j0;
    _mm512_mask_storeu_ps(db + j0, left >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << left) - 1u), sum);
  }
}

#else

namespace {
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
using Stride = Eigen::OuterStride<>;
using Column = Eigen::Map<Eigen::ArrayXf, Eigen::Aligned64>;

// The activation over rows 0..padded(n) of each column, in whole packets so that every
// element takes the same path whatever the batch, and without temporaries (no
// allocation): z is replaced by act(z) and deriv, if wanted, receives act'(z).
void activate(Activation act, float* h, int ld, int n, int width, float* deriv) {
  const auto rows = static_cast<Eigen::Index>(padded(n));
  for (int j = 0; j < width; ++j) {
    Column z(h + static_cast<std::ptrdiff_t>(j) * ld, rows);
    float* dj = deriv ? deriv + static_cast<std::ptrdiff_t>(j) * ld : nullptr;
    switch (act) {
    case Activation::Swish:
      if (dj) {
        Column d(dj, rows);
        d = (1.0f + (-z).exp()).inverse();   // s
        z = z * d;                            // z s
        d = d + z * (1.0f - d);               // s (1 + z (1 - s))
      } else {
        z = z * (1.0f + (-z).exp()).inverse();
      }
      break;
    case Activation::ReLU:
      if (dj) Column(dj, rows) = (z > 0.0f).cast<float>();
      z = z.max(0.0f);
      break;
    case Activation::SELU:
      if (dj) Column(dj, rows) = (z > 0.0f).select(kSeluLambda, kSeluLambda * kSeluAlpha * z.min(0.0f).exp());
      z = (z > 0.0f).select(kSeluLambda * z, kSeluLambda * kSeluAlpha * (z.min(0.0f).exp() - 1.0f));
      break;
    }
  }
}

// The forward products by plain loops over rows, in blocks of 64: each element is
// init + x_0 w_0 + x_1 w_1 + ... in that order whatever the batch (Eigen's products pick
// their kernels and blocking by size).
void accumulate(const float* x, int ld, int n, int k, const float* w, int width, float* z) {
  constexpr int kBlock = 64;
  const int rows = padded(n);
  for (int i0 = 0; i0 < rows; i0 += kBlock) {
    const int i1 = std::min(rows, i0 + kBlock);
    for (int o = 0; o < width; ++o) {
      float* zo = z + static_cast<std::ptrdiff_t>(o) * ld;
      for (int kk = 0; kk < k; ++kk) {
        const float wk = w[o + static_cast<std::ptrdiff_t>(kk) * width];
        const float* xk = x + static_cast<std::ptrdiff_t>(kk) * ld;
        for (int i = i0; i < i1; ++i) zo[i] += xk[i] * wk;
      }
    }
  }
}
} // namespace

void dense_forward(const float* x, int ld, int n, int k, const float* w, const float* b, int width,
                   Activation act, float* h, float* deriv) {
  dense_linear(x, ld, n, k, w, width, b, h);
  activate(act, h, ld, n, width, deriv);
}

void dense_accumulate_activate(const float* x, int ld, int n, int k, const float* w, int width, Activation act,
                               float* h) {
  accumulate(x, ld, n, k, w, width, h);
  activate(act, h, ld, n, width, nullptr);
}

void dense_linear(const float* x, int ld, int n, int k, const float* w, int width, const float* b, float* z) {
  for (int o = 0; o < width; ++o) std::fill_n(z + static_cast<std::ptrdiff_t>(o) * ld, padded(n), b[o]);
  accumulate(x, ld, n, k, w, width, z);
}

void dense_backward_input(const float* dz, int ld, int n, int width, const float* w, int k, float* grad) {
  Eigen::Map<const Matrix, Eigen::Unaligned, Stride> dzm(dz, n, width, Stride(ld));
  Eigen::Map<const Matrix, Eigen::Unaligned, Stride> wm(w, width, k, Stride(width));
  Eigen::Map<Matrix, Eigen::Unaligned, Stride>(grad, n, k, Stride(ld)).noalias() += dzm * wm;
}

void dense_backward_weights(const float* dz, int ld, int n, int width, const float* x, int k, float*, float* dw,
                            float* db) {
  Eigen::Map<const Matrix, Eigen::Unaligned, Stride> dzm(dz, n, width, Stride(ld));
  Eigen::Map<const Matrix, Eigen::Unaligned, Stride> xm(x, n, k, Stride(ld));
  Eigen::Map<Matrix>(dw, width, k).noalias() = dzm.transpose() * xm;
  Eigen::Map<Eigen::VectorXf>(db, width) = dzm.colwise().sum().transpose();
}

#endif

} // namespace sieve::nn::detail
