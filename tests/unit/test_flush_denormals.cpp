#define BOOST_TEST_MODULE flush_denormals
#include <boost/test/unit_test.hpp>

#include "sieve/nn/flush_denormals.hpp"

#include <limits>

using sieve::nn::FlushDenormals;

namespace {
// Through volatile, so that the compiler cannot fold the arithmetic at compile time.
float times(float a, float b) {
  volatile float x = a, y = b;
  return x * y;
}
constexpr float kMin = std::numeric_limits<float>::min();  // the smallest normal float
} // namespace

BOOST_AUTO_TEST_CASE(subnormals_are_zero_inside_the_scope_and_back_after_it) {
  const float subnormal = times(kMin, 0.25f);
  BOOST_TEST(subnormal > 0.0f);  // IEEE gradual underflow before
  {
    const FlushDenormals flush;
    BOOST_TEST(times(kMin, 0.25f) == 0.0f);    // a subnormal result is flushed
    BOOST_TEST(times(subnormal, 4.0f) == 0.0f);  // a subnormal operand reads as zero
    BOOST_TEST(times(kMin, 2.0f) == 2.0f * kMin);  // normal arithmetic is untouched
  }
  BOOST_TEST(times(kMin, 0.25f) == subnormal);
  BOOST_TEST(times(subnormal, 4.0f) == kMin);
}

BOOST_AUTO_TEST_CASE(nested_scopes_restore_the_outer_mode) {
  const FlushDenormals outer;
  {
    const FlushDenormals inner;
    BOOST_TEST(times(kMin, 0.25f) == 0.0f);
  }
  BOOST_TEST(times(kMin, 0.25f) == 0.0f);  // still inside `outer`
}
