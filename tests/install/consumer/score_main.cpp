// Loads a model through the installed headers and library and scores one real event.
#include <sieve/build_info.hpp>
#include <sieve/io/model_file.hpp>
#include <sieve/score/scorer.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const auto model = sieve::io::load_model(argv[1]);
  const sieve::score::Scorer scorer(model);
  const sieve::score::InputBinding binding(*model, model->pipeline.raw_columns);
  sieve::score::ScorerWorkspace ws(scorer, 1);
  const auto& row = model->self_test.front();
  std::vector<float> values(row.raw.begin(), row.raw.end());
  std::vector<std::int64_t> ids{0};
  std::vector<float> score(1);
  scorer.score(ws, binding, values, ids, score);
  std::printf("sieve %s: score %.7f (model says %.7f)\n", sieve::library_version().c_str(), score[0], row.expected);
  return std::abs(score[0] - row.expected) <= 1e-5f ? 0 : 1;
}
