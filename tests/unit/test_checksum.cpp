#define BOOST_TEST_MODULE checksum
#include <boost/test/unit_test.hpp>

#include "sieve/io/checksum.hpp"

using namespace sieve::io;

// The CRC-32 check value of the standard ("123456789" -> cbf43926), and the empty input.
BOOST_AUTO_TEST_CASE(crc32_is_the_standard_one) {
  BOOST_TEST(crc32_of("123456789") == 0xcbf43926u);
  BOOST_TEST(crc32_of("") == 0u);
}

BOOST_AUTO_TEST_CASE(hex8_writes_eight_lower_case_digits) {
  BOOST_TEST(hex8(0xcbf43926u) == "cbf43926");
  BOOST_TEST(hex8(0x1au) == "0000001a");
}
