#include "dense_kernel.hpp"

#include "sieve/aligned.hpp"

#include <Eigen/Core>

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
template <int R, int J>
inline void tile(const float* x, int ld, int row0, int k, const float* w, const float* b, int width, int j0,
                 Activation act, float* h, float* deriv) {
  __m512 acc[R][J];
  for (int j = 0; j < J; ++j) {
    const __m512 bias = _mm512_set1_ps(b[j0 + j]);
    for (int r = 0; r < R; ++r) acc[r][j] = bias;
  }
  const float* xp = x + row0;
  const float* wp = w + j0;
  for (int kk = 0; kk < k; ++kk) {
    __m512 xv[R];
    for (int r = 0; r < R; ++r) xv[r] = _mm512_load_ps(xp + 16 * r);
    for (int j = 0; j < J; ++j) {
      const __m512 wv = _mm512_set1_ps(wp[j]);
      for (int r = 0; r < R; ++r) acc[r][j] = _mm512_fmadd_ps(xv[r], wv, acc[r][j]);
    }
    xp += ld;
    wp += width;
  }
  for (int j = 0; j < J; ++j)
    for (int r = 0; r < R; ++r) {
      const std::ptrdiff_t at = static_cast<std::ptrdiff_t>(j0 + j) * ld + row0 + 16 * r;
      const __m512 d = activate(act, acc[r][j]);
      _mm512_store_ps(h + at, acc[r][j]);
      if (deriv) _mm512_store_ps(deriv + at, d);
    }
}

template <int R>
void rows(const float* x, int ld, int row0, int k, const float* w, const float* b, int width, Activation act,
          float* h, float* deriv) {
  constexpr int kGroup = 11;
  int j0 = 0;
  for (; j0 + kGroup <= width; j0 += kGroup) tile<R, kGroup>(x, ld, row0, k, w, b, width, j0, act, h, deriv);
  switch (width - j0) {
  case 0: break;
  case 1: tile<R, 1>(x, ld, row0, k, w, b, width, j0, act, h, deriv); break;
  case 2: tile<R, 2>(x, ld, row0, k, w, b, width, j0, act, h, deriv); break;
  case 3: tile<R, 3>(x, ld, row0, k, w, b, width, j0, act, h, deriv); break;
  case 4: tile<R, 4>(x, ld, row0, k, w, b, width, j0, act, h, deriv); break;
  case 5: tile<R, 5>(x, ld, row0, k, w, b, width, j0, act, h, deriv); break;
  case 6: tile<R, 6>(x, ld, row0, k, w, b, width, j0, act, h, deriv); break;
  case 7: tile<R, 7>(x, ld, row0, k, w, b, width, j0, act, h, deriv); break;
  case 8: tile<R, 8>(x, ld, row0, k, w, b, width, j0, act, h, deriv); break;
  case 9: tile<R, 9>(x, ld, row0, k, w, b, width, j0, act, h, deriv); break;
  default: tile<R, 10>(x, ld, row0, k, w, b, width, j0, act, h, deriv); break;
  }
}

} // namespace

void dense_forward(const float* x, int ld, int n, int k, const float* w, const float* b, int width,
                   Activation act, float* h, float* deriv) {
  const int rows_padded = padded(n);
  int row0 = 0;
  for (; row0 + 32 <= rows_padded; row0 += 32) rows<2>(x, ld, row0, k, w, b, width, act, h, deriv);
  if (row0 < rows_padded) rows<1>(x, ld, row0, k, w, b, width, act, h, deriv);
}

#else

void dense_forward(const float* x, int ld, int n, int k, const float* w, const float* b, int width,
                   Activation act, float* h, float* deriv) {
  using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
  using Stride = Eigen::OuterStride<>;
  Eigen::Map<const Matrix, Eigen::Unaligned, Stride> xm(x, n, k, Stride(ld));
  Eigen::Map<const Matrix> wm(w, width, k);
  Eigen::Map<Matrix, Eigen::Unaligned, Stride> z(h, n, width, Stride(ld));
  z.noalias() = xm * wm.transpose();
  z.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(b, width);
  Matrix d(n, width);
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
  if (deriv) Eigen::Map<Matrix, Eigen::Unaligned, Stride>(deriv, n, width, Stride(ld)) = d;
}

#endif

} // namespace sieve::nn::detail
