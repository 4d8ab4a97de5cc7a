// The machine's FP32 FMA peak: independent chains of vector FMAs (acc = acc * m + c) kept in
// registers, so that the FMA units, not latency or memory, are the limit. One FMA chain has a
// latency of about 4 cycles and a core issues up to 2 vector FMAs per cycle, so 24 independent
// chains keep both units busy. The accumulators come from memory and go back to memory through
// a non-inlined function, and their sum is printed as a counter, so the compiler can neither
// fold the loop nor drop it (checked with objdump by tools/bench/run_bench.py: the loop body is
// 24 register-only vfmadd instructions). Threads(2) runs one copy per thread: the peak of two
// cores. Run: build/bin/sieve-peak (see README).
#include <benchmark/benchmark.h>

#include <immintrin.h>

#include <array>
#include <cstdint>
#include <string>

namespace {

constexpr int kChains = 24;  // independent dependency chains (registers: 24 + 2 of 32)

// Multiplier just below 1 and a small addend: every chain converges to c / (1 - m) and
// stays a normal float (no overflow, no denormals) however long it runs.
constexpr float kMul = 0.99999994f, kAdd = 1e-3f;

// One iteration = kChains FMAs of `lanes` floats = 2 * kChains * lanes FLOPs.
__attribute__((noinline, target("avx512f"))) void fma_chains_avx512(float* acc, std::int64_t iterations) {
  const __m512 m = _mm512_set1_ps(kMul), c = _mm512_set1_ps(kAdd);
  __m512 a0 = _mm512_loadu_ps(acc + 0 * 16), a1 = _mm512_loadu_ps(acc + 1 * 16), a2 = _mm512_loadu_ps(acc + 2 * 16),
         a3 = _mm512_loadu_ps(acc + 3 * 16), a4 = _mm512_loadu_ps(acc + 4 * 16), a5 = _mm512_loadu_ps(acc + 5 * 16),
         a6 = _mm512_loadu_ps(acc + 6 * 16), a7 = _mm512_loadu_ps(acc + 7 * 16), a8 = _mm512_loadu_ps(acc + 8 * 16),
         a9 = _mm512_loadu_ps(acc + 9 * 16), a10 = _mm512_loadu_ps(acc + 10 * 16), a11 = _mm512_loadu_ps(acc + 11 * 16),
         a12 = _mm512_loadu_ps(acc + 12 * 16), a13 = _mm512_loadu_ps(acc + 13 * 16),
         a14 = _mm512_loadu_ps(acc + 14 * 16), a15 = _mm512_loadu_ps(acc + 15 * 16),
         a16 = _mm512_loadu_ps(acc + 16 * 16), a17 = _mm512_loadu_ps(acc + 17 * 16),
         a18 = _mm512_loadu_ps(acc + 18 * 16), a19 = _mm512_loadu_ps(acc + 19 * 16),
         a20 = _mm512_loadu_ps(acc + 20 * 16), a21 = _mm512_loadu_ps(acc + 21 * 16),
         a22 = _mm512_loadu_ps(acc + 22 * 16), a23 = _mm512_loadu_ps(acc + 23 * 16);
  for (std::int64_t i = 0; i < iterations; ++i) {
    a0 = _mm512_fmadd_ps(a0, m, c), a1 = _mm512_fmadd_ps(a1, m, c), a2 = _mm512_fmadd_ps(a2, m, c);
    a3 = _mm512_fmadd_ps(a3, m, c), a4 = _mm512_fmadd_ps(a4, m, c), a5 = _mm512_fmadd_ps(a5, m, c);
    a6 = _mm512_fmadd_ps(a6, m, c), a7 = _mm512_fmadd_ps(a7, m, c), a8 = _mm512_fmadd_ps(a8, m, c);
    a9 = _mm512_fmadd_ps(a9, m, c), a10 = _mm512_fmadd_ps(a10, m, c), a11 = _mm512_fmadd_ps(a11, m, c);
    a12 = _mm512_fmadd_ps(a12, m, c), a13 = _mm512_fmadd_ps(a13, m, c), a14 = _mm512_fmadd_ps(a14, m, c);
    a15 = _mm512_fmadd_ps(a15, m, c), a16 = _mm512_fmadd_ps(a16, m, c), a17 = _mm512_fmadd_ps(a17, m, c);
    a18 = _mm512_fmadd_ps(a18, m, c), a19 = _mm512_fmadd_ps(a19, m, c), a20 = _mm512_fmadd_ps(a20, m, c);
    a21 = _mm512_fmadd_ps(a21, m, c), a22 = _mm512_fmadd_ps(a22, m, c), a23 = _mm512_fmadd_ps(a23, m, c);
  }
  _mm512_storeu_ps(acc + 0 * 16, a0), _mm512_storeu_ps(acc + 1 * 16, a1), _mm512_storeu_ps(acc + 2 * 16, a2);
  _mm512_storeu_ps(acc + 3 * 16, a3), _mm512_storeu_ps(acc + 4 * 16, a4), _mm512_storeu_ps(acc + 5 * 16, a5);
  _mm512_storeu_ps(acc + 6 * 16, a6), _mm512_storeu_ps(acc + 7 * 16, a7), _mm512_storeu_ps(acc + 8 * 16, a8);
  _mm512_storeu_ps(acc + 9 * 16, a9), _mm512_storeu_ps(acc + 10 * 16, a10), _mm512_storeu_ps(acc + 11 * 16, a11);
  _mm512_storeu_ps(acc + 12 * 16, a12), _mm512_storeu_ps(acc + 13 * 16, a13), _mm512_storeu_ps(acc + 14 * 16, a14);
  _mm512_storeu_ps(acc + 15 * 16, a15), _mm512_storeu_ps(acc + 16 * 16, a16), _mm512_storeu_ps(acc + 17 * 16, a17);
  _mm512_storeu_ps(acc + 18 * 16, a18), _mm512_storeu_ps(acc + 19 * 16, a19), _mm512_storeu_ps(acc + 20 * 16, a20);
  _mm512_storeu_ps(acc + 21 * 16, a21), _mm512_storeu_ps(acc + 22 * 16, a22), _mm512_storeu_ps(acc + 23 * 16, a23);
}

// The same with 8-float AVX2 vectors (for a machine without AVX-512); 12 chains suffice there
// (16 ymm registers hold 12 accumulators and the two constants).
__attribute__((noinline, target("avx2,fma"))) void fma_chains_avx2(float* acc, std::int64_t iterations) {
  const __m256 m = _mm256_set1_ps(kMul), c = _mm256_set1_ps(kAdd);
  __m256 a[12];
  for (int k = 0; k < 12; ++k) a[k] = _mm256_loadu_ps(acc + 8 * k);
  for (std::int64_t i = 0; i < iterations; ++i)
    for (auto& v : a) v = _mm256_fmadd_ps(v, m, c);
  for (int k = 0; k < 12; ++k) _mm256_storeu_ps(acc + 8 * k, a[k]);
}

struct Kernel {
  void (*run)(float*, std::int64_t);
  int lanes, chains;
  const char* isa;
};

Kernel best_kernel() {
  if (__builtin_cpu_supports("avx512f")) return {fma_chains_avx512, 16, kChains, "AVX-512 (zmm)"};
  return {fma_chains_avx2, 8, 12, "AVX2+FMA (ymm)"};
}

// One benchmark iteration = kInner loop iterations of the kernel, long enough (tens of
// microseconds) that the call and the timer do not count.
constexpr std::int64_t kInner = 1 << 14;

void BM_PeakFma(benchmark::State& state) {
  const Kernel k = best_kernel();
  alignas(64) std::array<float, 16 * kChains> acc;
  for (std::size_t i = 0; i < acc.size(); ++i) acc[i] = static_cast<float>(i) * 1e-3f;
  for (auto _ : state) {
    k.run(acc.data(), kInner);
    benchmark::DoNotOptimize(acc.data());
    benchmark::ClobberMemory();
  }
  double checksum = 0.0;
  for (float v : acc) checksum += v;
  const double flops_per_iteration = 2.0 * k.lanes * k.chains * static_cast<double>(kInner);
  // The FLOP/s of all threads together: the iteration count is already the sum over the
  // threads, so the per-iteration value is averaged, not summed, over them (summed, as it
  // was, the 2-thread figure came out twice too high: 4x the 1-thread one).
  state.counters["GFLOP/s"] = benchmark::Counter(flops_per_iteration * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kAvgThreads);
  state.counters["checksum"] = benchmark::Counter(checksum, benchmark::Counter::kAvgThreads);
  state.SetLabel(std::string(k.isa) + ", " + std::to_string(k.chains) + " chains");
}
BENCHMARK(BM_PeakFma)->Threads(1)->Threads(2)->UseRealTime()->MinTime(0.5);

} // namespace

BENCHMARK_MAIN();
