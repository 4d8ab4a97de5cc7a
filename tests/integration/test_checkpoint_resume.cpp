#define BOOST_TEST_MODULE checkpoint_resume
// A member interrupted after any sub-epoch and resumed from its checkpoint ends with the
// very result of an uninterrupted run (weights, losses, history: bit for bit), with the
// published recipe, with SWA and with a cycled beta1. The interruption is a progress
// callback that throws, after the checkpoint of the sub-epoch before was written.
#include <boost/test/unit_test.hpp>

#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "sieve/train/checkpoint.hpp"
#include "sieve/train/recipe.hpp"
#include "sieve/train/training_data.hpp"

#include <stdexcept>

using namespace sieve;

namespace {

struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted") {}
};

bool same(const train::MemberResult& a, const train::MemberResult& b) {
  if (a.member != b.member || a.params != b.params || a.best_loss != b.best_loss ||
      a.best_sub_epoch != b.best_sub_epoch || a.history.size() != b.history.size() || a.snapshots != b.snapshots)
    return false;
  for (std::size_t i = 0; i < a.history.size(); ++i)
    if (a.history[i].sub_epoch != b.history[i].sub_epoch || a.history[i].train_loss != b.history[i].train_loss ||
        a.history[i].validation_loss != b.history[i].validation_loss || a.history[i].lr != b.history[i].lr)
      return false;
  return true;
}

void resumes_exactly(const train::RecipeConfig& c) {
  const data::Table& table = test::real_events();
  const train::TrainingData data = train::prepare_training_data(table, c);
  const auto identity = train::checkpoint_identity(table, c);
  const int member = 1;
  const train::MemberResult reference = train::train_member(data, c, member);
  for (int stop = 1; stop < c.sub_epochs(); ++stop) {
    BOOST_TEST_CONTEXT("interrupted during sub-epoch " << stop) {
      test::TempDir dir;
      {
        const train::CheckpointStore store(dir.path(), identity, false);
        const train::ProgressFn interrupt = [&](const train::ProgressEvent& e) {
          if (e.sub_epoch == stop) throw Interrupted();
        };
        BOOST_CHECK_THROW(train::train_member(data, c, member, interrupt, &store), Interrupted);
      }
      const train::CheckpointStore store(dir.path(), identity, true);
      BOOST_TEST_REQUIRE(store.resumed(member) != nullptr);
      BOOST_TEST(store.resumed(member)->sub_epochs_done == stop);
      // The restored sub-epochs are reported again, then the others, once each.
      std::vector<int> reported;
      const train::ProgressFn record = [&](const train::ProgressEvent& e) { reported.push_back(e.sub_epoch); };
      const train::MemberResult resumed = train::train_member(data, c, member, record, &store);
      BOOST_TEST(same(resumed, reference));
      BOOST_TEST(reported.size() == static_cast<std::size_t>(c.sub_epochs()));
      for (std::size_t i = 0; i < reported.size(); ++i) BOOST_TEST(reported[i] == static_cast<int>(i));
    }
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(the_recipe_resumes_exactly_after_any_sub_epoch) { resumes_exactly(test::small_recipe()); }

BOOST_AUTO_TEST_CASE(swa_and_cycled_beta1_resume_exactly) {
  auto c = test::small_recipe();
  c.swa_start_sub_epoch = 1;
  c.schedule.cycle_beta1 = true;
  c.schedule.kind = train::ScheduleKind::CosineRestarts;
  c.schedule.restart_sub_epochs = 2;
  resumes_exactly(c);
}

BOOST_AUTO_TEST_CASE(snapshot_ensembles_resume_exactly) {
  auto c = test::small_recipe();
  c.schedule.kind = train::ScheduleKind::CosineRestarts;
  c.schedule.restart_sub_epochs = 1;  // minima at sub-epochs 0 and 2 of 4
  c.snapshots = 2;
  resumes_exactly(c);
}

BOOST_AUTO_TEST_CASE(a_finished_member_is_not_trained_again) {
  const auto c = test::small_recipe();
  const data::Table& table = test::real_events();
  const train::TrainingData data = train::prepare_training_data(table, c);
  test::TempDir dir;
  const auto identity = train::checkpoint_identity(table, c);
  train::MemberResult first;
  {
    const train::CheckpointStore store(dir.path(), identity, false);
    first = train::train_member(data, c, 0, {}, &store);
  }
  const train::CheckpointStore store(dir.path(), identity, true);
  BOOST_TEST(store.resumed(0)->sub_epochs_done == c.sub_epochs());
  // A finished member's result comes back from its checkpoint alone: prove it by
  // training on other data, which would give another result if anything were trained.
  train::RecipeConfig other = c;
  other.seed = c.seed + 1;
  const train::TrainingData other_data = train::prepare_training_data(table, other);
  BOOST_TEST(same(train::train_member(other_data, c, 0, {}, &store), first));
}
