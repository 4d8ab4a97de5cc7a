#pragma once
// A dataset with two categorical columns, for the tests of several embeddings: the
// FAIR-Universe sample (data/fair-universe/) with one more column, lep_flavour, derived
// from each event deterministically (11 where the lepton's eta is negative, 13 elsewhere,
// so both codes occur in every part of the sample), and its schema: the FAIR-Universe
// preset with PRI_n_jets as the first [[categorical]] and lep_flavour (codes 11 and 13,
// embedding size 2) as the second.
#include "fair_universe_model.hpp"
#include "temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace sieve::test {

struct TwoCategoricals {
  std::string data;    // the CSV file
  std::string schema;  // the TOML file
};

// Writes both into `dir`. `unseen` is lep_flavour's unseen key: "\"error\"" or a code.
inline TwoCategoricals write_two_categoricals(const TempDir& dir, const std::string& unseen = "\"error\"") {
  TwoCategoricals t{dir.file("two-categoricals.csv"), dir.file("two-categoricals.toml")};
  // PRI_lep_eta is the sample's second column.
  const std::string command = "zcat '" + kFairUniverseEvents + "' | awk -F, 'NR == 1 { print $0 \",lep_flavour\"; next } "
                              "{ print $0 \",\" ($2 < 0 ? 11 : 13) }' > '" + t.data + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("could not write " + t.data);
  std::string text = read_bytes(std::string(SIEVE_SOURCE_DIR) + "/schemas/fair-universe-2024.toml");
  const auto replace = [&](const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("the FAIR-Universe schema has no '" + from + "'");
    text.replace(at, from.size(), to);
  };
  replace("name = \"fair-universe-2024\"\ndescription", "name = \"fair-two-categoricals\"\ndescription");
  replace("\n[categorical]\n", "\n[[categorical]]\n");
  text += "\n[[categorical]]\ncolumn = \"lep_flavour\"\ncodes = [11, 13]\nembedding_dim = 2\nunseen = " + unseen + "\n";
  dir.write("two-categoricals.toml", text);
  return t;
}

} // namespace sieve::test
