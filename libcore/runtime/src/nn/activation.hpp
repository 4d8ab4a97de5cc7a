#pragma once
// Internal: the activations on AVX-512 registers (and the SELU constants), shared by
// every kernel that applies them, so that a value gets the same bits whichever kernel
// computed it.
#include "sieve/nn/network_config.hpp"

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace sieve::nn::detail {

inline constexpr float kSeluLambda = 1.0507009873554805f;
inline constexpr float kSeluAlpha = 1.6732632423543772f;

#if defined(__AVX512F__)

// exp(x) for |x| < ~87: 2^t with t = x log2(e) split into an integer and f in
// [-0.5, 0.5]; 2^f by its degree-6 Taylor polynomial (relative error < 1.2e-7), then
// scaled by the integer power with vscalefps. Below, it returns about 2^-125, never a
// subnormal: subnormal operands cost the FPU a microcode assist each (swish saturates
// there, where 1 + exp(-z) rounds to 1 either way).
// With negate, exp(-x), from x log2(-e) (the same bits as exp_ps(0 - x), one operation fewer).
template <bool negate = false>
inline __m512 exp_ps(__m512 x) {
  const __m512 log2e = _mm512_set1_ps(negate ? -1.4426950408889634f : 1.4426950408889634f);
  const __m512 t = _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(x, log2e), _mm512_set1_ps(-125.0f)), _mm512_set1_ps(126.0f));
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
    const __m512 s = reciprocal_ps(_mm512_add_ps(one, exp_ps<true>(z)));
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

// The activation for the bf16 kernels, whose outputs are rounded to bfloat16 (a relative
// step of 2^-8): swish's sigmoid from a degree-4 polynomial of 2^f (relative error < 6e-5)
// and the 14-bit reciprocal estimate (< 6.1e-5), together under 1.3e-4, a sixteenth of
// bf16's rounding, at 6 fewer operations than activate(). The other activations as there.
inline void activate_bf16(Activation act, __m512& z) {
  if (act != Activation::Swish) {
    activate(act, z);
    return;
  }
  const __m512 t = _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(z, _mm512_set1_ps(-1.4426950408889634f)),
                                               _mm512_set1_ps(-125.0f)), _mm512_set1_ps(126.0f));
  const __m512 n = _mm512_roundscale_ps(t, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  const __m512 f = _mm512_mul_ps(_mm512_sub_ps(t, n), _mm512_set1_ps(0.6931471805599453f));
  __m512 p = _mm512_set1_ps(1.0f / 24.0f);
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f / 6.0f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(0.5f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
  const __m512 e = _mm512_scalef_ps(p, n);  // exp(-z)
  z = _mm512_mul_ps(z, _mm512_rcp14_ps(_mm512_add_ps(_mm512_set1_ps(1.0f), e)));
}

#endif

} // namespace sieve::nn::detail
