#define BOOST_TEST_MODULE table
#include <boost/test/unit_test.hpp>

#include "sieve/data/table.hpp"
#include "sieve/error.hpp"

using namespace sieve::data;

namespace {
Table three_rows() {
  Table t;
  t.source = "f.csv";
  t.feature_names = {"a", "b"};
  t.features = {{1, 2, 3}, {4, 5, 6}};
  t.event_id = {10, 11, 12};
  t.set = {'t', 'b', 't'};
  t.label = {1, 0, 0};
  t.line = {2, 3, 4};
  return t;
}
} // namespace

BOOST_AUTO_TEST_CASE(rows_of_a_set_and_selection) {
  const Table t = three_rows();
  const auto rows = rows_of_set(t, 't');
  BOOST_TEST(rows == (std::vector<std::uint32_t>{0, 2}), boost::test_tools::per_element());
  const Table s = select_rows(t, rows);
  BOOST_TEST(s.rows() == 2u);
  BOOST_TEST(s.features[1] == (std::vector<float>{4, 6}), boost::test_tools::per_element());
  BOOST_TEST(s.event_id == (std::vector<std::int64_t>{10, 12}), boost::test_tools::per_element());
  BOOST_TEST(s.line == (std::vector<std::int64_t>{2, 4}), boost::test_tools::per_element());
  BOOST_TEST(s.weight.empty());
  Table no_sets = t;
  no_sets.set.clear();
  BOOST_TEST(rows_of_set(no_sets, 'v').size() == 3u);
}

BOOST_AUTO_TEST_CASE(unknown_column_names_the_file) {
  BOOST_CHECK_EXCEPTION(three_rows().column("c"), sieve::ConfigError, [](const sieve::ConfigError& e) {
    return std::string(e.what()) == "column 'c' is not among the columns read from f.csv";
  });
}
