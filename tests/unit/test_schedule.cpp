#define BOOST_TEST_MODULE schedule
#include <boost/test/unit_test.hpp>

#include "sieve/error.hpp"
#include "sieve/train/schedule.hpp"

#include <cmath>
#include <vector>

using namespace sieve::train;

// The recipe: 135 sub-epochs of 78 steps; warm-up 45 sub-epochs (3,510 steps) from 1e-4
// to 1e-2, then 7,020 steps down to 0, cosine (method spec 3.5).
BOOST_AUTO_TEST_CASE(one_cycle_at_known_steps) {
  const ScheduleConfig c;
  auto at = [&](std::int64_t s) { return schedule_at(c, s, 78, 135); };
  BOOST_TEST(at(0).lr == 1e-4, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(at(1755).lr == 1e-4 + (1e-2 - 1e-4) / 2, boost::test_tools::tolerance(1e-12));  // half-way up
  BOOST_TEST(at(3510).lr == 1e-2, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(at(3510 + 3510).lr == 0.5e-2, boost::test_tools::tolerance(1e-12));  // half-way down
  BOOST_TEST(at(10530).lr == 0.0, boost::test_tools::tolerance(1e-15));
  // Step 877 of the warm-up: 1e-4 + 0.0099 * (1 - cos(pi * 877 / 3510)) / 2.
  BOOST_TEST(at(877).lr == 1e-4 + 0.0099 * (1 - std::cos(M_PI * (877.0 / 3510))) / 2,
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(schedule_at(c, 1, 4, 3).lr > 1e-4);  // tiny runs still warm up
  for (std::int64_t s : {0, 100, 5000, 10000}) BOOST_TEST(at(s).beta1 == 0.9);  // published: fixed
}

BOOST_AUTO_TEST_CASE(beta1_cycles_when_asked) {
  ScheduleConfig c;
  c.cycle_beta1 = true;
  BOOST_TEST(schedule_at(c, 0, 78, 135).beta1 == 0.95, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(schedule_at(c, 3510, 78, 135).beta1 == 0.85, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(schedule_at(c, 10530, 78, 135).beta1 == 0.95, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(constant_and_cosine_restarts) {
  ScheduleConfig c;
  c.kind = ScheduleKind::Constant;
  BOOST_TEST(schedule_at(c, 1234, 78, 135).lr == 2e-3);
  c.kind = ScheduleKind::CosineRestarts;
  c.restart_sub_epochs = 2;  // cycles of 20, 40, 80 steps with 10 steps per sub-epoch
  BOOST_TEST(schedule_at(c, 0, 10, 100).lr == 1e-2, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(schedule_at(c, 10, 10, 100).lr == 0.5e-2, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(schedule_at(c, 20, 10, 100).lr == 1e-2, boost::test_tools::tolerance(1e-12));  // restart
  BOOST_TEST(schedule_at(c, 40, 10, 100).lr == 0.5e-2, boost::test_tools::tolerance(1e-12));  // mid 2nd
  BOOST_TEST(schedule_at(c, 60, 10, 100).lr == 1e-2, boost::test_tools::tolerance(1e-12));  // 3rd starts
}

BOOST_AUTO_TEST_CASE(unknown_schedule_name) {
  BOOST_CHECK_EXCEPTION(parse_schedule("linear"), sieve::ConfigError, [](const sieve::ConfigError& e) {
    return std::string(e.what()) == "unknown schedule 'linear' (known: onecycle, constant, cosine-restarts, fge)";
  });
}

// Fast geometric ensembles: a 1cycle over the first half, then linear cycles from lr_high
// down to lr_low and back, the minimum in the middle of each cycle.
BOOST_AUTO_TEST_CASE(fge_pretrains_with_1cycle_then_cycles_linearly) {
  ScheduleConfig c;
  c.kind = ScheduleKind::FgeCycles;
  c.fge_cycle_sub_epochs = 4;  // 40 steps with 10 steps per sub-epoch
  ScheduleConfig one = c;
  one.kind = ScheduleKind::OneCycle;
  for (std::int64_t s : {0, 33, 100, 199})  // the first 20 of 40 sub-epochs: a 1cycle of 20
    BOOST_TEST(schedule_at(c, s, 10, 40).lr == schedule_at(one, s, 10, 20).lr);
  BOOST_TEST(schedule_at(c, 200, 10, 40).lr == 1e-2, boost::test_tools::tolerance(1e-12));  // cycle starts high
  BOOST_TEST(schedule_at(c, 210, 10, 40).lr == (1e-2 + 1e-4) / 2, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(schedule_at(c, 220, 10, 40).lr == 1e-4, boost::test_tools::tolerance(1e-12));  // the minimum
  BOOST_TEST(schedule_at(c, 230, 10, 40).lr == (1e-2 + 1e-4) / 2, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(schedule_at(c, 240, 10, 40).lr == 1e-2, boost::test_tools::tolerance(1e-12));  // next cycle
}

BOOST_AUTO_TEST_CASE(cycle_minima_are_where_the_lr_bottoms_out) {
  ScheduleConfig c;
  c.kind = ScheduleKind::CosineRestarts;
  c.restart_sub_epochs = 9;  // the recipe's 135 sub-epochs: cycles of 9, 18, 36, 72
  BOOST_TEST(cycle_minima(c, 135) == (std::vector<int>{8, 26, 62, 134}), boost::test_tools::per_element());
  BOOST_TEST(cycle_minima(c, 134) == (std::vector<int>{8, 26, 62}), boost::test_tools::per_element());  // cut short
  c.kind = ScheduleKind::FgeCycles;
  c.fge_cycle_sub_epochs = 4;
  // Pre-training 0-19, cycles 20-23, 24-27, ...: the minimum at the end of the cycle's 2nd sub-epoch.
  BOOST_TEST(cycle_minima(c, 40) == (std::vector<int>{21, 25, 29, 33, 37}), boost::test_tools::per_element());
  // The LR at the end of each minimum sub-epoch is lr_low (10 steps per sub-epoch).
  for (const int m : cycle_minima(c, 40))
    BOOST_TEST(schedule_at(c, 10 * (m + 1), 10, 40).lr == 1e-4, boost::test_tools::tolerance(1e-12));
  c.kind = ScheduleKind::OneCycle;
  BOOST_TEST(cycle_minima(c, 135).empty());
}
