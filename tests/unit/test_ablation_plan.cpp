#define BOOST_TEST_MODULE ablation_plan
#include <boost/test/unit_test.hpp>

#include "sieve/error.hpp"
#include "sieve/train/ablation_plan.hpp"

#include <set>
#include <string>

using namespace sieve;
using train::AblationRow;
using train::RecipeConfig;

BOOST_AUTO_TEST_CASE(each_row_differs_from_its_reference_by_exactly_its_technique) {
  const auto plan = train::ablation_plan(RecipeConfig{});
  BOOST_TEST_REQUIRE(plan.size() == 13u);
  std::set<std::string> names;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const AblationRow& row = plan[i];
    BOOST_TEST_INFO("row " << i << " " << row.name);
    BOOST_TEST(names.insert(row.name).second);  // names are unique (they name the cell files)
    if (i == 0) {
      BOOST_TEST(row.reference == -1);
      BOOST_TEST(row.technique.empty());
      continue;
    }
    BOOST_TEST_REQUIRE(row.reference >= 0);
    BOOST_TEST_REQUIRE(static_cast<std::size_t>(row.reference) < i);  // compared with an earlier row
    BOOST_TEST(!row.technique.empty());
    BOOST_TEST(train::changed_options(plan[static_cast<std::size_t>(row.reference)].config, row.config) ==
                   row.technique,
               boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(the_kept_rows_lead_from_the_relu_baseline_to_the_final_recipe_in_the_papers_order) {
  const auto plan = train::ablation_plan(RecipeConfig{});
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < plan.size(); ++i)
    if (plan[i].kept) {
      kept.push_back(plan[i].name);
      if (i > 0) BOOST_TEST(plan[i].reference == static_cast<int>(i) - 1);  // the row above
    }
  const std::vector<std::string> order = {"relu-single", "ensemble", "embedding", "augmentation",
                                          "sgdr",        "swish",    "onecycle",  "dense"};
  BOOST_TEST(kept == order, boost::test_tools::per_element());
  RecipeConfig single = RecipeConfig::relu_baseline();
  single.members = 1;
  BOOST_TEST(plan.front().config.describe() == single.describe());  // the paper's experiment 0
  BOOST_TEST(plan[kept.size() - 1].config.describe() == RecipeConfig{}.describe());  // the published recipe
  for (std::size_t i = kept.size(); i < plan.size(); ++i) BOOST_TEST(!plan[i].kept);
}

BOOST_AUTO_TEST_CASE(the_run_options_of_the_final_recipe_reach_every_row) {
  RecipeConfig final_recipe;
  final_recipe.epochs = 3;
  final_recipe.batch_size = 128;
  final_recipe.members = 4;
  final_recipe.schedule.restart_sub_epochs = 2;
  for (const AblationRow& row : train::ablation_plan(final_recipe)) {
    BOOST_TEST(row.config.epochs == 3);
    BOOST_TEST(row.config.batch_size == 128);
    BOOST_TEST(row.config.members == (row.name == "relu-single" ? 1 : 4));
  }
}

BOOST_AUTO_TEST_CASE(a_row_the_run_cannot_hold_is_an_error_naming_it) {
  RecipeConfig final_recipe;
  final_recipe.epochs = 1;  // 9 sub-epochs: one restart cycle, not 3 snapshots
  BOOST_CHECK_EXCEPTION(train::ablation_plan(final_recipe), ConfigError, [](const ConfigError& e) {
    const std::string what = e.what();
    return what.find("ablation row 'snapshot' (+ snapshot ensemble (3 per member))") == 0 &&
           what.find("3 snapshots asked, but the cosine-restarts schedule has 1 cycle minima in 9 sub-epochs") !=
               std::string::npos;
  });
}
