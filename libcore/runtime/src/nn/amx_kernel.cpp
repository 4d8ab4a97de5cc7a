#include "amx_kernel.hpp"

#include "activation.hpp"
#include "copy_kernel.hpp"

#include <bit>
#include <cstddef>

#if defined(__AMX_BF16__) && defined(__AMX_TILE__)
#include <immintrin.h>
#endif

namespace sieve::nn::detail {

std::uint16_t to_bf16(float x) {
  const auto bits = std::bit_cast<std::uint32_t>(x);
  if ((bits & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<std::uint16_t>((bits >> 16) | 0x40u);  // quiet NaN
  return static_cast<std::uint16_t>((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
}

#if defined(__AMX_BF16__) && defined(__AMX_TILE__)

namespace {

// Tiles 0..2: float32 outputs (16 rows x 16); 4: the inputs (16 rows x 32 bf16); 5: the
// weights (16 pair rows x 16 outputs x 2).
constexpr int kOutputTiles = 3;

struct alignas(64) TileConfig {
  std::uint8_t palette = 1, start_row = 0;
  std::uint8_t reserved[14] = {};
  std::uint16_t bytes_per_row[16] = {};
  std::uint8_t rows[16] = {};
};

TileConfig tile_config() {
  TileConfig c;
  for (int t = 0; t < kOutputTiles; ++t) {
    c.bytes_per_row[t] = kAmxOutputs * sizeof(float);
    c.rows[t] = kAmxRows;
  }
  c.bytes_per_row[4] = kAmxInputs * sizeof(std::uint16_t);
  c.rows[4] = kAmxRows;
  c.bytes_per_row[5] = 2 * kAmxOutputs * sizeof(std::uint16_t);
  c.rows[5] = kAmxInputs / 2;
  return c;
}

const TileConfig kTiles = tile_config();
constexpr std::size_t kTileWeights = kAmxInputs * kAmxOutputs;  // bf16 per weight tile

// Output tiles n0 .. n0 + N - 1 over every step (tile numbers are immediates).
template <int N>
void output_tiles(const std::uint16_t* a, int a_stride, int steps, const std::uint16_t* b, int tiles, int n0, int wp,
                  float* h) {
  const auto row = static_cast<std::size_t>(wp) * sizeof(float);
  const auto a_row = static_cast<std::size_t>(a_stride) * sizeof(std::uint16_t);
  constexpr std::size_t b_row = 2 * kAmxOutputs * sizeof(std::uint16_t);
  _tile_zero(0);
  if constexpr (N > 1) _tile_zero(1);
  if constexpr (N > 2) _tile_zero(2);
  for (int s = 0; s < steps; ++s) {
    const std::uint16_t* bs = b + (static_cast<std::size_t>(s) * tiles + n0) * kTileWeights;
    _tile_loadd(4, a + s * kAmxInputs, a_row);
    _tile_loadd(5, bs, b_row);
    _tile_dpbf16ps(0, 4, 5);
    if constexpr (N > 1) {
      _tile_loadd(5, bs + kTileWeights, b_row);
      _tile_dpbf16ps(1, 4, 5);
    }
    if constexpr (N > 2) {
      _tile_loadd(5, bs + 2 * kTileWeights, b_row);
      _tile_dpbf16ps(2, 4, 5);
    }
  }
  float* c = h + n0 * kAmxOutputs;
  _tile_stored(0, c, row);
  if constexpr (N > 1) _tile_stored(1, c + kAmxOutputs, row);
  if constexpr (N > 2) _tile_stored(2, c + 2 * kAmxOutputs, row);
}

} // namespace

void amx_begin() { _tile_loadconfig(&kTiles); }
void amx_end() { _tile_release(); }

void amx_layer(const std::uint16_t* a, int a_stride, int steps, const std::uint16_t* b, int width, int wp,
               const float* bias, Activation act, float* h) {
  const int tiles = wp / kAmxOutputs;
  for (int n0 = 0; n0 < tiles; n0 += kOutputTiles) {
    switch (tiles - n0) {
    case 1: output_tiles<1>(a, a_stride, steps, b, tiles, n0, wp, h); break;
    case 2: output_tiles<2>(a, a_stride, steps, b, tiles, n0, wp, h); break;
    default: output_tiles<3>(a, a_stride, steps, b, tiles, n0, wp, h); break;
    }
  }
  // The bias and the activation on the layer's outputs only (not the tiles' padding), four
  // vectors at a time so that their dependency chains overlap: the rows' whole vectors,
  // then the last width % 16 outputs either as columns (gathered, 16 rows in the lanes)
  // or, when they are many, as each row's last vector.
  constexpr int kTogether = 4;
  const int whole = width / kAmxOutputs, rest = width % kAmxOutputs;
  auto activate_vectors = [&](auto address, auto bias_of, int n) {
    for (int i = 0; i < n; i += kTogether) {
      __m512 z[kTogether];
      for (int u = 0; u < kTogether; ++u) z[u] = _mm512_add_ps(_mm512_load_ps(address(i + u)), bias_of(i + u));
      for (int u = 0; u < kTogether; ++u) activate_bf16(act, z[u]);
      for (int u = 0; u < kTogether; ++u) _mm512_store_ps(address(i + u), z[u]);
    }
  };
  activate_vectors([&](int i) { return h + (i / whole) * wp + (i % whole) * kAmxOutputs; },
                   [&](int i) { return _mm512_loadu_ps(bias + (i % whole) * kAmxOutputs); }, kAmxRows * whole);
  if (rest > kTogether) {
    const __m512 last = _mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << rest) - 1u), bias + whole * kAmxOutputs);
    activate_vectors([&](int i) { return h + i * wp + whole * kAmxOutputs; }, [&](int) { return last; }, kAmxRows);
  } else if (rest > 0) {
    const __m512i rows = _mm512_mullo_epi32(_mm512_set1_epi32(wp), _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    float* last = h + whole * kAmxOutputs;
    __m512 z[kTogether];
    for (int u = 0; u < rest; ++u)
      z[u] = _mm512_add_ps(_mm512_i32gather_ps(rows, last + u, 4), _mm512_set1_ps(bias[whole * kAmxOutputs + u]));
    for (int u = 0; u < rest; ++u) activate_bf16(act, z[u]);
    for (int u = 0; u < rest; ++u) _mm512_i32scatter_ps(last + u, rows, z[u], 4);
  }
}

void amx_head_rows(const float* hx, int n_base, int n, const std::uint16_t* flips, float* scratch, std::uint16_t* rows,
                   int stride) {
  const int chunks = (n + kAmxOutputs - 1) / kAmxOutputs, np = chunks * kAmxOutputs;
  float* plain = scratch;
  float* flipped = scratch + np;
  for (int q = 0; q < np; ++q) {
    plain[q] = q < n ? hx[q] : 0.0f;
    flipped[q] = q < n_base || q >= n ? plain[q] : -hx[q] + hx[n + q - n_base];
  }
  for (int k = 0; k < kCopyRows; ++k)
    for (int c = 0; c < chunks; ++c) {
      const int left = n - c * kAmxOutputs;
      const auto mask = static_cast<__mmask16>(left >= kAmxOutputs ? 0xFFFFu : (1u << left) - 1u);
      const __m512 v = _mm512_mask_blend_ps(flips[k * chunks + c], _mm512_load_ps(plain + c * kAmxOutputs),
                                            _mm512_load_ps(flipped + c * kAmxOutputs));
      const __m256bh hi = _mm512_cvtneps_pbh(v);
      const __m256bh lo = _mm512_cvtneps_pbh(_mm512_sub_ps(v, _mm512_cvtpbh_ps(hi)));
      _mm256_mask_storeu_epi16(rows + static_cast<std::ptrdiff_t>(k) * stride + c * kAmxOutputs, mask,
                               reinterpret_cast<__m256i>(hi));
      _mm256_mask_storeu_epi16(rows + static_cast<std::ptrdiff_t>(k) * stride + n + c * kAmxOutputs, mask,
                               reinterpret_cast<__m256i>(lo));
    }
}

void amx_rows_to_bf16(const float* h, int wp, int width, std::uint16_t* a, int a_stride) {
  for (int r = 0; r < kAmxRows; ++r)
    for (int o = 0; o < width; o += kAmxOutputs) {
      const int left = width - o;
      const auto mask = static_cast<__mmask16>(left >= kAmxOutputs ? 0xFFFFu : (1u << left) - 1u);
      const __m256bh v = _mm512_cvtneps_pbh(_mm512_load_ps(h + r * wp + o));
      _mm256_mask_storeu_epi16(a + static_cast<std::ptrdiff_t>(r) * a_stride + o, mask, reinterpret_cast<__m256i>(v));
    }
}

#endif

} // namespace sieve::nn::detail
