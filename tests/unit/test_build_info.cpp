#define BOOST_TEST_MODULE build_info
#include <boost/test/unit_test.hpp>

#include "sieve/build_info.hpp"

BOOST_AUTO_TEST_CASE(reports_version_and_simd_width) {
  BOOST_TEST(sieve::library_version() == "0.1.0");
  const int lanes = sieve::simd_float_lanes();
  BOOST_TEST((lanes == 4 || lanes == 8 || lanes == 16));
  BOOST_TEST(!sieve::simd_instructions().empty());
}
