#define BOOST_TEST_MODULE snapshot_ensembles
#include <boost/test/unit_test.hpp>

#include "small_recipe.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/score/scorer.hpp"
#include "sieve/train/partial_training.hpp"
#include "sieve/train/recipe.hpp"

#include <cmath>

using namespace sieve;

namespace {
// The small recipe (3 members, 4 sub-epochs) as a snapshot ensemble: restart cycles of 1
// and 2 sub-epochs end at sub-epochs 0 and 2.
train::RecipeConfig snapshot_recipe() {
  auto c = test::small_recipe();
  c.schedule.kind = train::ScheduleKind::CosineRestarts;
  c.schedule.restart_sub_epochs = 1;
  c.snapshots = 2;
  return c;
}
} // namespace

BOOST_AUTO_TEST_CASE(every_member_run_gives_its_states_at_the_cycle_minima) {
  const auto c = snapshot_recipe();
  const auto r = train::train_recipe(test::real_events(), c, 2);
  BOOST_TEST_REQUIRE(r.model.members.size() == 6u);  // 3 runs x 2 snapshots
  double weights = 0.0;
  for (std::size_t m = 0; m < r.members.size(); ++m) {
    const auto& run = r.members[m];
    BOOST_TEST_REQUIRE(run.snapshots.size() == 2u);
    for (std::size_t k = 0; k < 2; ++k) {
      const auto& snap = run.snapshots[k];
      BOOST_TEST(snap.sub_epoch == (k == 0 ? 0 : 2));
      // The validation loss recorded for that sub-epoch, and the ensemble member it became.
      BOOST_TEST(snap.validation_loss == run.history[static_cast<std::size_t>(snap.sub_epoch)].validation_loss);
      const auto& member = r.model.members[2 * m + k];
      BOOST_TEST(member.params == snap.params);
      BOOST_TEST(member.best_sub_epoch == snap.sub_epoch);
      BOOST_TEST(member.weight > 0.0);
      weights += member.weight;
    }
    BOOST_TEST(run.snapshots[0].params != run.snapshots[1].params);  // training went on in between
  }
  BOOST_TEST(weights == 1.0, boost::test_tools::tolerance(1e-12));
  // The model file round-trips and its scores are what training computed for the cut.
  const auto loaded = io::parse_model(io::serialise_model(r.model), "snapshot.model");
  BOOST_TEST(io::serialise_model(loaded) == io::serialise_model(r.model));
}

BOOST_AUTO_TEST_CASE(fast_geometric_ensembles_take_the_middle_of_each_cycle) {
  auto c = test::small_recipe();
  c.epochs = 4;  // 8 sub-epochs: 1cycle over 0-3, cycles 4-5 and 6-7 with minima at 4 and 6
  c.schedule.kind = train::ScheduleKind::FgeCycles;
  c.schedule.fge_cycle_sub_epochs = 2;
  c.snapshots = 2;
  c.members = 1;
  const auto r = train::train_recipe(test::real_events(), c, 1);
  BOOST_TEST_REQUIRE(r.members.front().snapshots.size() == 2u);
  BOOST_TEST(r.members.front().snapshots[0].sub_epoch == 4);
  BOOST_TEST(r.members.front().snapshots[1].sub_epoch == 6);
  BOOST_TEST(r.model.members.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_snapshot_ensemble_does_not_depend_on_the_thread_count) {
  const auto c = snapshot_recipe();
  BOOST_TEST(io::serialise_model(train::train_recipe(test::real_events(), c, 1).model) ==
             io::serialise_model(train::train_recipe(test::real_events(), c, 2).model));
}

BOOST_AUTO_TEST_CASE(snapshots_are_refused_where_they_cannot_work) {
  auto says = [](const std::string& text) {
    return [text](const ConfigError& e) { return std::string(e.what()).find(text) != std::string::npos; };
  };
  const std::vector<int> member = {0};
  BOOST_CHECK_EXCEPTION(train::train_partial(test::real_events(), snapshot_recipe(), member, 1), ConfigError,
                        says("train whole: --only-members and sieve slurm train hold one state per member"));
  auto c = snapshot_recipe();
  c.schedule.kind = train::ScheduleKind::OneCycle;
  BOOST_CHECK_EXCEPTION(c.validate(), ConfigError, says("snapshots need a cyclical schedule"));
  c = snapshot_recipe();
  c.snapshots = 3;
  BOOST_CHECK_EXCEPTION(c.validate(), ConfigError,
                        says("3 snapshots asked, but the cosine-restarts schedule has 2 cycle minima in 4 sub-epochs"));
  c = snapshot_recipe();
  c.swa_start_sub_epoch = 1;
  BOOST_CHECK_EXCEPTION(c.validate(), ConfigError, says("snapshots and swa_start_sub_epoch exclude each other"));
  c = snapshot_recipe();
  c.schedule.kind = train::ScheduleKind::FgeCycles;
  c.schedule.fge_cycle_sub_epochs = 3;
  BOOST_CHECK_EXCEPTION(c.validate(), ConfigError, says("fge cycles must be an even number of sub-epochs"));
}
