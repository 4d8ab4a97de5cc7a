#pragma once
// Scoped flush-to-zero and denormals-are-zero arithmetic for the calling thread.
//
// Training meets subnormal floats all the time (the gradients through saturated units,
// Adam's second moments of tiny gradients), and each subnormal operand or result costs the
// FPU a microcode assist of a hundred cycles or more: on the recipe they took a quarter of
// the training time. Inside the scope they are zero. The thread's previous modes are
// restored on leaving, so a framework thread that lends itself to Sieve keeps its own.
// Scoring does not use it: scores stay what IEEE arithmetic gives.
namespace sieve::nn {

class FlushDenormals {
public:
  FlushDenormals();
  ~FlushDenormals();
  FlushDenormals(const FlushDenormals&) = delete;
  FlushDenormals& operator=(const FlushDenormals&) = delete;

private:
  unsigned saved_ = 0;
};

} // namespace sieve::nn
