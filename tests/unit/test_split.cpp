#define BOOST_TEST_MODULE split
#include <boost/test/unit_test.hpp>

#include "sieve/train/split.hpp"

#include <algorithm>
#include <map>
#include <set>

using namespace sieve::train;

namespace {
std::vector<std::uint32_t> strata_of(std::size_t n) {
  std::vector<std::uint32_t> s(n);
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<std::uint32_t>((i * 7 + i / 13) % 8);
  return s;
}
} // namespace

BOOST_AUTO_TEST_CASE(split_is_stratified_disjoint_complete_and_seeded) {
  const auto strata = strata_of(10000);
  const Split a = stratified_split(strata, 0.2, 42), b = stratified_split(strata, 0.2, 42),
              c = stratified_split(strata, 0.2, 43);
  BOOST_TEST(a.train == b.train);
  BOOST_TEST(a.validation != c.validation);
  BOOST_TEST(a.train.size() + a.validation.size() == 10000u);
  std::set<std::uint32_t> all(a.train.begin(), a.train.end());
  for (auto v : a.validation) BOOST_TEST(all.insert(v).second);
  std::map<std::uint32_t, int> total, held;
  for (std::size_t i = 0; i < strata.size(); ++i) ++total[strata[i]];
  for (auto v : a.validation) ++held[strata[v]];
  for (auto [s, n] : total) BOOST_TEST(std::abs(held[s] - 0.2 * n) <= 0.5);
}

BOOST_AUTO_TEST_CASE(folds_partition_the_rows_with_balanced_strata) {
  const auto strata = strata_of(5003);
  std::vector<std::uint32_t> rows;
  for (std::uint32_t i = 0; i < 5003; i += 1) if (i % 5 != 0) rows.push_back(i);
  const auto folds = stratified_folds(rows, strata, 10, 7);
  BOOST_TEST(folds.size() == 10u);
  std::vector<std::uint32_t> joined;
  for (const auto& f : folds) {
    joined.insert(joined.end(), f.begin(), f.end());
    BOOST_TEST(std::abs(static_cast<double>(f.size()) - static_cast<double>(rows.size()) / 10.0) <= 1.0);
    std::map<std::uint32_t, int> per;
    for (auto r : f) ++per[strata[r]];
    for (auto [s, n] : per) BOOST_TEST(std::abs(n - 0.1 * static_cast<double>(std::count_if(rows.begin(), rows.end(), [&](auto r) { return strata[r] == s; }))) <= 1.0);
  }
  std::sort(joined.begin(), joined.end());
  BOOST_TEST(joined == rows);
  BOOST_TEST(stratified_folds(rows, strata, 10, 7) == folds);
}
