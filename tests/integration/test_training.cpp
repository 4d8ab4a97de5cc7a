#define BOOST_TEST_MODULE training
#include <boost/test/unit_test.hpp>

#include "alloc_counter.hpp"
#include "small_recipe.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/train/member_trainer.hpp"
#include "sieve/train/recipe.hpp"
#include "sieve/train/training_data.hpp"

#include <numeric>

using namespace sieve;

BOOST_AUTO_TEST_CASE(training_data_follows_the_recipe) {
  const auto c = test::small_recipe();
  const auto d = train::prepare_training_data(test::real_events(), c);
  BOOST_TEST(d.split.train.size() + d.split.validation.size() == 18000u);
  BOOST_TEST(std::abs(static_cast<double>(d.split.validation.size()) - 3600.0) <= 4.0);
  double sums[2] = {0, 0};
  for (auto r : d.split.train) sums[d.labels[r]] += d.weights[r];
  BOOST_TEST(sums[0] == 1.0, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(sums[1] == 1.0, boost::test_tools::tolerance(1e-5));
  for (auto r : d.split.validation) BOOST_TEST(d.weights[r] == 0.0f);
  // Standardisation is fitted on the training part: its mean there is ~0.
  const int j = 3;  // DER_pt_h, never missing
  double mean = 0;
  for (auto r : d.split.train) mean += (d.events.row(r)[j] - d.pipeline.mean[j]) * d.pipeline.inv_std[j];
  BOOST_TEST(std::abs(mean / static_cast<double>(d.split.train.size())) < 1e-4);
}

BOOST_AUTO_TEST_CASE(a_training_step_allocates_nothing) {
  const auto c = test::small_recipe();
  const auto d = train::prepare_training_data(test::real_events(), c);
  train::NetworkTrainer trainer(d, c, 99);
  std::vector<std::uint32_t> rows(d.folds[0].begin(), d.folds[0].begin() + 256);
  const long count = test::count_allocations([&] {
    for (int i = 0; i < 5; ++i) trainer.step(rows, std::optional<std::uint64_t>(i), 1e-3, 0.9);
  });
  BOOST_TEST(count == 0);
}

BOOST_AUTO_TEST_CASE(training_lowers_the_validation_loss) {
  auto c = test::small_recipe();
  const auto d = train::prepare_training_data(test::real_events(), c);
  const auto r = train::train_member(d, c, 0);
  BOOST_TEST(r.history.size() == static_cast<std::size_t>(c.sub_epochs()));
  BOOST_TEST(r.best_loss < r.history.front().validation_loss);
  BOOST_TEST(r.best_loss == std::min_element(r.history.begin(), r.history.end(), [](auto& a, auto& b) {
                              return a.validation_loss < b.validation_loss;
                            })->validation_loss);
}

BOOST_AUTO_TEST_CASE(same_seed_gives_a_byte_identical_model_with_1_or_2_threads) {
  const auto c = test::small_recipe();
  const auto one = train::train_recipe(test::real_events(), c, 1);
  const auto two = train::train_recipe(test::real_events(), c, 2);
  BOOST_TEST(io::serialise_model(one.model) == io::serialise_model(two.model));
  auto other = c;
  other.seed = c.seed + 1;
  const auto three = train::train_recipe(test::real_events(), other, 2);
  BOOST_TEST(io::serialise_model(one.model) != io::serialise_model(three.model));
  BOOST_TEST(one.model.members.size() == 3u);
  const double total = std::accumulate(one.model.members.begin(), one.model.members.end(), 0.0,
                                       [](double s, const auto& m) { return s + m.weight; });
  BOOST_TEST(total == 1.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(one.cut.cut >= 0.9);
}
