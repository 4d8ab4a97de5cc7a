#define BOOST_TEST_MODULE split_training
#include <boost/test/unit_test.hpp>

// Training the recipe's members apart (train_partial, the partial model file) and merging
// them (merge_parts): the merged model is byte-identical to a single train_recipe with the
// same seed, a member does not depend on the members trained with it, and every mismatch
// between parts is refused with a message naming it.
#include "small_recipe.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/io/partial_model_file.hpp"
#include "sieve/train/partial_training.hpp"

#include <functional>
#include <string>
#include <vector>

using namespace sieve;

namespace {

const train::RecipeResult& single_run() {
  static const auto result = train::train_recipe(test::real_events(), test::small_recipe(), 2);
  return result;
}

// A part trained alone, through its file.
train::NamedPart part(const std::vector<int>& members, const std::string& name,
                      const train::RecipeConfig& c = test::small_recipe()) {
  const auto trained = train::train_partial(test::real_events(), c, members, 1);
  return {name, io::parse_partial_model(io::serialise_partial_model(trained.part), name)};
}

const std::vector<train::NamedPart>& parts() {
  static const std::vector<train::NamedPart> p = {part({2, 0}, "a.partial"), part({1}, "b.partial")};
  return p;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

BOOST_AUTO_TEST_CASE(merged_parts_give_the_single_run_model_byte_for_byte) {
  const auto merged = train::merge_parts(test::real_events(), parts());
  BOOST_TEST(io::serialise_model(merged.model) == io::serialise_model(single_run().model));
  BOOST_TEST(merged.cut.cut == single_run().cut.cut);
  // In any order of the parts.
  const std::vector<train::NamedPart> reversed = {parts()[1], parts()[0]};
  BOOST_TEST(io::serialise_model(train::merge_parts(test::real_events(), reversed).model) ==
             io::serialise_model(single_run().model));
}

BOOST_AUTO_TEST_CASE(a_member_does_not_depend_on_the_members_trained_with_it) {
  const auto& a = parts()[0].part;  // members 0 and 2 together
  const auto& b = parts()[1].part;  // member 1 alone
  BOOST_TEST((a.member_indices == std::vector<int>{0, 2}));
  BOOST_TEST(a.model.members[0].params == single_run().model.members[0].params);
  BOOST_TEST(a.model.members[1].params == single_run().model.members[2].params);
  BOOST_TEST(b.model.members[0].params == single_run().model.members[1].params);
  BOOST_TEST(b.model.members[0].best_loss == single_run().model.members[1].best_loss);
}

BOOST_AUTO_TEST_CASE(the_partial_file_round_trips_and_is_checked) {
  const std::string text = io::serialise_partial_model(parts()[0].part);
  BOOST_TEST(text.rfind("SIEVE-PARTIAL-MODEL 1\n", 0) == 0);
  BOOST_TEST(has(text, "\nmembers 0,2 of 3\nSIEVE-MODEL "));
  BOOST_TEST((io::parse_partial_model(text, "x") == parts()[0].part));
  std::string corrupt = text;
  corrupt[corrupt.size() / 2] = corrupt[corrupt.size() / 2] == '1' ? '2' : '1';
  BOOST_TEST(has(error_of([&] { io::parse_partial_model(corrupt, "p.partial"); }), "p.partial: checksum mismatch"));
  BOOST_TEST(has(error_of([&] { io::parse_partial_model(text.substr(0, text.size() - 10), "p"); }), "truncated"));
  // Neither kind of file passes for the other.
  BOOST_TEST(has(error_of([&] { io::parse_model(text, "p.partial"); }), "p.partial: a partial model"));
  BOOST_TEST(has(error_of([&] { io::parse_model(text, "p.partial"); }), "sieve merge-models"));
  BOOST_TEST(has(error_of([&] { io::parse_partial_model(io::serialise_model(single_run().model), "m.model"); }),
                 "m.model: a complete model file, not a partial one"));
}

BOOST_AUTO_TEST_CASE(every_member_exactly_once) {
  const std::vector<train::NamedPart> twice = {parts()[0], parts()[1], {"c.partial", parts()[1].part}};
  BOOST_TEST(error_of([&] { train::check_parts(twice); }) ==
             "member 1 is in both b.partial and c.partial: each member must be merged exactly once");
  const std::vector<train::NamedPart> short_one = {parts()[0]};
  BOOST_TEST(error_of([&] { train::check_parts(short_one); }) ==
             "member 1 of 3 is in none of the 1 parts given: train it (sieve train --only-members 1) and merge again");
}

BOOST_AUTO_TEST_CASE(parts_of_different_trainings_are_refused_naming_the_difference) {
  auto other_seed = parts()[1];
  other_seed.name = "seed.partial";
  other_seed.part.model.provenance.seed += 1;
  std::vector<train::NamedPart> mixed = {parts()[0], other_seed};
  BOOST_TEST(error_of([&] { train::check_parts(mixed); }) ==
             "a.partial and seed.partial come from different trainings: seed 1337 vs 1338");

  auto c = test::small_recipe();
  c.epochs = 1;
  mixed = {parts()[0], part({1}, "epochs.partial", c)};
  BOOST_TEST(error_of([&] { train::check_parts(mixed); }) ==
             "a.partial and epochs.partial come from different trainings: recipe options 'epochs = 2' vs "
             "'epochs = 1'");

  auto other_data = parts()[1];
  other_data.name = "data.partial";
  other_data.part.model.provenance.data_crc32 ^= 1u;
  mixed = {parts()[0], other_data};
  BOOST_TEST(has(error_of([&] { train::check_parts(mixed); }), "come from different trainings: training data"));

  auto other_pipeline = parts()[1];
  other_pipeline.name = "pipe.partial";
  other_pipeline.part.model.pipeline.mean[0] += 1.0f;
  mixed = {parts()[0], other_pipeline};
  BOOST_TEST(has(error_of([&] { train::check_parts(mixed); }), "the fitted feature pipeline"));
}

BOOST_AUTO_TEST_CASE(the_merge_needs_the_data_the_parts_were_trained_on) {
  std::vector<std::uint32_t> rows(17000);
  for (std::uint32_t i = 0; i < rows.size(); ++i) rows[i] = i;
  data::Table fewer = data::select_rows(test::real_events(), rows);
  fewer.source = "fewer.csv";
  const std::string message = error_of([&] { train::merge_parts(fewer, parts()); });
  BOOST_TEST(has(message, "fewer.csv is not the data the parts were trained on"));
  BOOST_TEST(has(message, "atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz ("));
}

BOOST_AUTO_TEST_CASE(member_lists) {
  BOOST_TEST((ensemble::parse_member_list("3", 10) == std::vector<int>{3}));
  BOOST_TEST((ensemble::parse_member_list("4,3", 10) == std::vector<int>{3, 4}));
  BOOST_TEST((ensemble::parse_member_list("0-2,7", 10) == std::vector<int>{0, 1, 2, 7}));
  BOOST_TEST(ensemble::format_member_list({0, 1, 2, 7, 8}) == "0-2,7,8");
  BOOST_TEST(has(error_of([] { ensemble::parse_member_list("10", 10); }), "member 10 is not one of the recipe's 10"));
  BOOST_TEST(has(error_of([] { ensemble::parse_member_list("1,1", 10); }), "member 1 is given twice"));
  BOOST_TEST(has(error_of([] { ensemble::parse_member_list("a", 10); }), "'a' is not a member index"));
  BOOST_TEST(has(error_of([] { ensemble::parse_member_list("3-1", 10); }), "the range 3-1 is empty"));
  BOOST_TEST(has(error_of([] { ensemble::parse_member_list("", 10); }), "empty"));
}
