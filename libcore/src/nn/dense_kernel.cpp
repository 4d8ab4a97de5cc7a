#include "dense_kernel.hpp"

#include "sieve/aligned.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace sieve::nn::detail {

namespace {
constexpr float kSeluLambda = 1.0507009873554805f;
constexpr float kSeluAlpha = 1.6732632423543772f;
} // namespace

#if defined(__AVX512F__)
namespace {

// exp(x) for |x| < ~87: 2^t with t = x log2(e) split into an integer and f in
// [-0.5, 0.5]; 2^f by its degree-6 Taylor polynomial (relative error < 1.2e-7), then
// scaled by the integer power with vscalefps.
inline __m512 exp_ps(__m512 x) {
  const __m512 t = _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.4426950408889634f)),
                                               _mm512_set1_ps(-126.0f)), _mm512_set1_ps(126.0f));
  const __m512 n = _mm512_roundscale_ps(t, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  const __m512 f = _mm512_mul_ps(_mm512_sub_ps(t, n), _mm512_set1_ps(0.6931471805599453f));
  __m512 p = _mm512_set1_ps(1.0f / 720.0f);
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f / 120.0f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f / 24.0f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f / 6.0f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(0.5f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
  return _mm512_scalef_ps(p, n);
}

// 1 / d for d >= 1: the 14-bit estimate refined by one Newton step.
inline __m512 reciprocal_ps(__m512 d) {
  const __m512 r = _mm512_rcp14_ps(d);
  return _mm512_mul_ps(r, _mm512_fnmadd_ps(d, r, _mm512_set1_ps(2.0f)));
}

// Applies the activation to z in place and returns its derivative.
inline __m512 activate(Activation act, __m512& z) {
  const __m512 one = _mm512_set1_ps(1.0f);
  switch (act) {
  case Activation::Swish: {
    const __m512 s = reciprocal_ps(_mm512_add_ps(one, exp_ps(_mm512_sub_ps(_mm512_setzero_ps(), z))));
    const __m512 zs = _mm512_mul_ps(z, s);
    const __m512 d = _mm512_fmadd_ps(zs, _mm512_sub_ps(one, s), s);  // s (1 + z (1 - s))
    z = zs;
    return d;
  }
  case Activation::ReLU: {
    const __mmask16 positive = _mm512_cmp_ps_mask(z, _mm512_setzero_ps(), _CMP_GT_OQ);
    z = _mm512_maskz_mov_ps(positive, z);
    return _mm512_maskz_mov_ps(positive, one);
  }
  case Activation::SELU: {
    const __mmask16 positive = _mm512_cmp_ps_mask(z, _mm512_setzero_ps(), _CMP_GT_OQ);
    const __m512 e = exp_ps(_mm512_min_ps(z, _mm512_setzero_ps()));
    const __m512 la = _mm512_set1_ps(kSeluLambda * kSeluAlpha), l = _mm512_set1_ps(kSeluLambda);
    const __m512 d = _mm512_mask_mov_ps(_mm512_mul_ps(la, e), positive, l);
    z = _mm512_mask_mov_ps(_mm512_mul_ps(la, _mm512_sub_ps(e, one)), positive, _mm512_mul_ps(l, z));
    return d;
  }
  }
  return one;
}

// R row vectors (16 rows each) x J outputs starting at output j0.
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

template <int R, bool InitFromOut, bool Activate>
void rows(const float* x, int ld, int row0, int k, const float* w, int os, int ks, const float* b, int outputs,
          Activation act, float* out, float* deriv) {
  constexpr int kGroup = 11;
  int o0 = 0;
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

template <bool InitFromOut, bool Activate>
void all_rows(const float* x, int ld, int n, int k, const float* w, int os, int ks, const float* b, int outputs,
              Activation act, float* out, float* deriv) {
  const int rows_padded = padded(n);
  int row0 = 0;
  for (; row0 + 32 <= rows_padded; row0 += 32)
    rows<2, InitFromOut, Activate>(x, ld, row0, k, w, os, ks, b, outputs, act, out, deriv);
  if (row0 < rows_padded) rows<1, InitFromOut, Activate>(x, ld, row0, k, w, os, ks, b, outputs, act, out, deriv);
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
using Block = Eigen::Map<Matrix, Eigen::Unaligned, Stride>;
using ConstBlock = Eigen::Map<const Matrix, Eigen::Unaligned, Stride>;

void activate(Activation act, Block z, float* deriv, int ld) {
  Matrix d(z.rows(), z.cols());
  switch (act) {
  case Activation::Swish: {
    const Matrix s = (1.0f + (-z.array()).exp()).inverse().matrix();
    d = (s.array() * (1.0f + z.array() * (1.0f - s.array()))).matrix();
    z = (z.array() * s.array()).matrix();
    break;
  }
  case Activation::ReLU:
    d = (z.array() > 0.0f).cast<float>().matrix();
    z = z.array().max(0.0f).matrix();
    break;
  case Activation::SELU: {
    const Matrix e = z.array().min(0.0f).exp().matrix();
    d = (z.array() > 0.0f).select(kSeluLambda, kSeluLambda * kSeluAlpha * e.array()).matrix();
    z = (z.array() > 0.0f).select(kSeluLambda * z.array(), kSeluLambda * kSeluAlpha * (e.array() - 1.0f)).matrix();
    break;
  }
  }
  if (deriv) Block(deriv, z.rows(), z.cols(), Stride(ld)) = d;
}
} // namespace

void dense_forward(const float* x, int ld, int n, int k, const float* w, const float* b, int width,
                   Activation act, float* h, float* deriv) {
  dense_linear(x, ld, n, k, w, width, b, h);
  activate(act, Block(h, n, width, Stride(ld)), deriv, ld);
}

void dense_accumulate_activate(const float* x, int ld, int n, int k, const float* w, int width, Activation act,
                               float* h) {
  Block z(h, n, width, Stride(ld));
  if (k > 0) z.noalias() += ConstBlock(x, n, k, Stride(ld)) * Eigen::Map<const Matrix>(w, width, k).transpose();
  activate(act, z, nullptr, ld);
}

void dense_linear(const float* x, int ld, int n, int k, const float* w, int width, const float* b, float* z) {
  Block out(z, n, width, Stride(ld));
  out.noalias() = ConstBlock(x, n, k, Stride(ld)) * Eigen::Map<const Matrix>(w, width, k).transpose();
  out.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(b, width);
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
