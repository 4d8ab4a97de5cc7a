#define BOOST_TEST_MODULE real_data
#include <boost/test/unit_test.hpp>

// The facts of data/higgsml/README.md, checked through the CSV reader.
#include "sieve/data/csv_reader.hpp"
#include "sieve/data/higgs_columns.hpp"
#include "sieve/error.hpp"

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sd = sieve::data;

namespace {

const std::string kDir = std::string(SIEVE_SOURCE_DIR) + "/data/higgsml/";
const std::string kOpen = kDir + "atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";
const std::string kWeights = kDir + "kaggle-training.EventId-Weight-Label.250000.csv.gz";
const std::string kSig = kDir + "fixtures/train_sml_sig.csv.gz";
const std::string kBg = kDir + "fixtures/train_sml_bg.csv.gz";
const std::string kTest = kDir + "fixtures/kaggle-test.EventId-350000-350098.features-only.csv.gz";

const sd::Table& open_table() {
  static const sd::Table table = sd::read_table(kOpen);
  return table;
}

bool same_float(float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

} // namespace

BOOST_AUTO_TEST_CASE(open_data_18000_rows) {
  const sd::Table& t = open_table();
  BOOST_TEST(t.schema.get() == &sd::higgsml_schema());  // the preset, for a HiggsML header
  BOOST_TEST(t.source == kOpen);
  BOOST_REQUIRE_EQUAL(t.rows(), 18000u);
  BOOST_REQUIRE_EQUAL(t.features.size(), 30u);
  for (std::size_t c = 0; c < 30; ++c) {
    BOOST_TEST(t.feature_names[c] == std::string(sd::kHiggsColumnNames[c]));
    BOOST_TEST(t.features[c].size() == 18000u);
  }
  BOOST_TEST(t.event_id.size() == 18000u);
  // The analysis weight is KaggleWeight, the preset's first weight column; Weight is kept.
  BOOST_TEST(t.role_columns == (std::vector<std::string>{"EventId", "Weight", "Label", "KaggleSet", "KaggleWeight"}), boost::test_tools::per_element());
  BOOST_TEST(t.weight.size() == 18000u);
  BOOST_REQUIRE_EQUAL(t.other_weights.size(), 1u);
  BOOST_TEST(t.other_weights[0].size() == 18000u);
  BOOST_TEST(t.label.size() == 18000u);
  BOOST_TEST(t.set.size() == 18000u);
  BOOST_TEST(&t.analysis_weight() == &t.weight);

  std::size_t s = 0, b = 0, not_t = 0, bad_ids = 0, bad_lines = 0;
  double ws = 0.0, wb = 0.0;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    if (t.label[i] == 1) {
      ++s;
      ws += t.weight[i];
    } else {
      ++b;
      wb += t.weight[i];
    }
    not_t += t.set[i] != 't';
    bad_ids += t.event_id[i] != 100000 + static_cast<std::int64_t>(i);
    bad_lines += t.line[i] != static_cast<std::int64_t>(i) + 2;
  }
  BOOST_TEST(s == 6136u);
  BOOST_TEST(b == 11864u);
  BOOST_TEST(std::abs(ws - 51.2932) < 5e-5, "sum of KaggleWeight (s) = " << ws);
  BOOST_TEST(std::abs(wb - 29525.46) < 5e-3, "sum of KaggleWeight (b) = " << wb);
  BOOST_TEST(not_t == 0u);
  BOOST_TEST(bad_ids == 0u);
  BOOST_TEST(bad_lines == 0u);
}

BOOST_AUTO_TEST_CASE(open_data_values) {
  const sd::Table& t = open_table();
  // PRI_jet_num takes exactly 0..3, all four present.
  std::map<float, std::size_t> jets;
  for (float v : t.column("PRI_jet_num")) ++jets[v];
  BOOST_TEST(jets.size() == 4u);
  BOOST_TEST(jets.begin()->first == 0.0f);
  BOOST_TEST(jets.rbegin()->first == 3.0f);
  // -999.0 is read as NaN, and nothing else is NaN or -999.
  std::size_t minus999 = 0;
  for (const auto& col : t.features)
    for (float v : col) minus999 += v == sd::kUndefined;
  BOOST_TEST(minus999 == 0u);
  // Row 0 (EventId 100000) and row 1 (EventId 100001) as published.
  BOOST_TEST(t.features[sd::DER_mass_MMC][0] == 138.47f);
  BOOST_TEST(t.features[sd::PRI_jet_all_pt][0] == 113.497f);
  BOOST_TEST(t.other_weights[0][0] == 0.00081448039868);  // Weight
  BOOST_TEST(t.weight[0] == 0.00265331133733);            // KaggleWeight
  BOOST_TEST(t.label[0] == 1);
  BOOST_TEST(std::isnan(t.features[sd::DER_deltaeta_jet_jet][1]));
  BOOST_TEST(std::isnan(t.features[sd::PRI_jet_subleading_phi][1]));
  BOOST_TEST(t.features[sd::PRI_jet_num][1] == 1.0f);
  BOOST_TEST(t.label[1] == 0);
  // Undefined jet variables follow PRI_jet_num: no jet -> no leading jet.
  std::size_t inconsistent = 0;
  for (std::size_t i = 0; i < t.rows(); ++i)
    inconsistent += (t.features[sd::PRI_jet_num][i] == 0.0f) !=
                    std::isnan(t.features[sd::PRI_jet_leading_pt][i]);
  BOOST_TEST(inconsistent == 0u);
}

BOOST_AUTO_TEST_CASE(kaggle_weights_file_read_for_its_roles) {
  // It has the preset's id, weight and label columns and none of its inputs: not a
  // HiggsML header, so a schema must say what it is.
  BOOST_CHECK_THROW(sd::read_table(kWeights), sieve::ConfigError);
  sd::Schema roles = sd::higgsml_schema();
  roles.columns.clear();
  sd::ReadOptions options;
  options.schema = std::make_shared<const sd::Schema>(roles);
  const sd::Table t = sd::read_table(kWeights, options);
  BOOST_REQUIRE_EQUAL(t.rows(), 250000u);
  BOOST_TEST(t.features.empty());
  BOOST_TEST(t.role_columns == (std::vector<std::string>{"EventId", "Weight", "Label"}), boost::test_tools::per_element());
  BOOST_TEST(t.other_weights.empty());
  BOOST_TEST(t.set.empty());
  std::size_t s = 0, b = 0;
  double ws = 0.0, wb = 0.0;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    (t.label[i] == 1 ? s : b) += 1;
    (t.label[i] == 1 ? ws : wb) += t.weight[i];
  }
  BOOST_TEST(s == 85667u);
  BOOST_TEST(b == 164333u);
  BOOST_TEST(std::abs(ws - 691.988608) < 5e-7, "sum of weights (s) = " << ws);
  BOOST_TEST(std::abs(wb - 410999.847322) < 5e-6, "sum of weights (b) = " << wb);
  BOOST_TEST(t.event_id.front() == 100000);
  BOOST_TEST(t.event_id.back() == 349999);

  // Its first 18,000 rows are the 18,000-row file's KaggleWeight and Label.
  const sd::Table& open = open_table();
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < open.rows(); ++i)
    mismatches += t.event_id[i] != open.event_id[i] || t.weight[i] != open.weight[i] ||
                  t.label[i] != open.label[i];
  BOOST_TEST(mismatches == 0u);
}

BOOST_AUTO_TEST_CASE(crlf_fixtures_are_a_subset_of_the_18000_rows) {
  const sd::Table& open = open_table();
  std::map<std::int64_t, std::size_t> row_of;
  for (std::size_t i = 0; i < open.rows(); ++i) row_of[open.event_id[i]] = i;
  for (const auto& [path, label] : {std::pair{kSig, 1}, std::pair{kBg, 0}}) {
    const sd::Table t = sd::read_table(path);
    BOOST_TEST_CONTEXT(path) {
      BOOST_TEST(t.role_columns == open.role_columns, boost::test_tools::per_element());
      BOOST_REQUIRE_EQUAL(t.rows(), 4999u);
      std::size_t wrong_label = 0, missing = 0, mismatching_cells = 0;
      for (std::size_t i = 0; i < t.rows(); ++i) {
        wrong_label += t.label[i] != label;
        auto it = row_of.find(t.event_id[i]);
        if (it == row_of.end()) {
          ++missing;
          continue;
        }
        const std::size_t r = it->second;
        for (std::size_t c = 0; c < 30; ++c)
          mismatching_cells += !same_float(t.features[c][i], open.features[c][r]);
        mismatching_cells += t.weight[i] != open.weight[r];
        mismatching_cells += t.label[i] != open.label[r];
        mismatching_cells += t.set[i] != open.set[r];
        mismatching_cells += t.other_weights[0][i] != open.other_weights[0][r];
      }
      BOOST_TEST(wrong_label == 0u);
      BOOST_TEST(missing == 0u);
      BOOST_TEST(mismatching_cells == 0u);
    }
  }
}

BOOST_AUTO_TEST_CASE(kaggle_test_fixture_layout) {
  const sd::Table t = sd::read_table(kTest);
  BOOST_TEST(t.schema.get() == &sd::higgsml_schema());
  BOOST_REQUIRE_EQUAL(t.rows(), 99u);
  BOOST_TEST(t.features.size() == 30u);
  BOOST_TEST(t.weight.empty());
  BOOST_TEST(t.other_weights.empty());
  BOOST_TEST(t.role_columns == std::vector<std::string>{"EventId"}, boost::test_tools::per_element());
  BOOST_TEST(t.label.empty());
  BOOST_TEST(t.set.empty());
  for (std::size_t i = 0; i < t.rows(); ++i)
    BOOST_TEST(t.event_id[i] == 350000 + static_cast<std::int64_t>(i));
  BOOST_TEST(std::isnan(t.features[sd::DER_mass_MMC][0]));
  BOOST_TEST(t.features[sd::PRI_jet_all_pt][0] == 0.0f);
  BOOST_TEST(std::signbit(t.features[sd::PRI_jet_all_pt][0])); // "-0.0" as published
  BOOST_CHECK_THROW(t.analysis_weight(), sieve::ConfigError);
}

BOOST_AUTO_TEST_CASE(chunked_reading_matches_whole) {
  const sd::Table& whole = open_table();
  for (std::size_t chunk : {std::size_t{1}, std::size_t{997}, std::size_t{18000}, std::size_t{50000}}) {
    BOOST_TEST_CONTEXT("chunk " << chunk) {
      sd::CsvReader reader(kOpen);
      sd::Table part;
      std::size_t offset = 0, chunks = 0, mismatches = 0;
      while (reader.next_chunk(part, chunk)) {
        ++chunks;
        BOOST_REQUIRE(part.rows() <= chunk);
        for (std::size_t i = 0; i < part.rows(); ++i) {
          const std::size_t r = offset + i;
          for (std::size_t c = 0; c < 30; ++c)
            mismatches += !same_float(part.features[c][i], whole.features[c][r]);
          mismatches += part.event_id[i] != whole.event_id[r] || part.weight[i] != whole.weight[r] ||
                        part.label[i] != whole.label[r] || part.set[i] != whole.set[r] ||
                        part.other_weights[0][i] != whole.other_weights[0][r] || part.line[i] != whole.line[r];
        }
        offset += part.rows();
      }
      BOOST_TEST(offset == 18000u);
      BOOST_TEST(reader.rows_read() == 18000u);
      BOOST_TEST(chunks == (18000 + chunk - 1) / chunk);
      BOOST_TEST(part.rows() == 0u);
      BOOST_TEST(mismatches == 0u);
    }
  }
}
