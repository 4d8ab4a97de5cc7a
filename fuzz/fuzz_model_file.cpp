// libFuzzer target: the model-file loader (sieve::io::parse_model) on any bytes.
//
// Each input is parsed twice: as it is (the magic string, the version and checksum line,
// the CRC), and, when it has two header lines, with its checksum line rewritten to match
// its payload, so that mutations reach the Boost.Serialization payload parser, the
// structural checks and the self-test behind the checksum. A model that loads must then
// serialise to a file that loads to the same bytes, and score real events (with TTA and a
// systematic variation) without error. Anything else than a loaded model or a
// ConfigError is a finding.
#include "sieve/data/higgs_columns.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/physics/variation.hpp"
#include "sieve/score/scorer.hpp"

#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_model_file: invariant broken: %s\n", what);
  std::abort();
}
void require(bool ok, const char* what) {
  if (!ok) fail(what);
}

// The input with line 2 replaced by the payload's true CRC-32 and size; empty when the
// input has fewer than two lines.
std::string with_true_checksum(std::string_view input) {
  const auto first = input.find('\n');
  if (first == std::string_view::npos) return {};
  const auto second = input.find('\n', first + 1);
  if (second == std::string_view::npos) return {};
  const std::string_view payload = input.substr(second + 1);
  const auto crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(payload.data()),
                         static_cast<uInt>(payload.size()));
  char line[64];
  std::snprintf(line, sizeof line, "crc32 %08lx bytes %zu\n", static_cast<unsigned long>(crc), payload.size());
  return std::string(input.substr(0, first + 1)) + line + std::string(payload);
}

// Two real events (EventId 100000 and 100001 of the open-data release) in the model's
// raw column order.
std::vector<float> real_rows() {
  static const float rows[2][sieve::data::kHiggsColumnCount] = {
      {138.47f, 51.655f, 97.827f, 27.98f, 0.91f, 124.711f, 2.666f, 3.064f, 41.928f, 197.76f, 1.582f, 1.396f, 0.2f,
       32.638f, 1.017f, 0.381f, 51.626f, 2.273f, -2.414f, 16.824f, -0.277f, 258.733f, 2.0f, 67.435f, 2.15f, 0.444f,
       46.062f, 1.24f, -2.475f, 113.497f},
      {160.937f, 68.768f, 103.235f, 48.146f, -999.0f, -999.0f, -999.0f, 3.473f, 2.078f, 125.157f, 0.879f, 1.414f,
       -999.0f, 42.014f, 2.039f, -3.011f, 36.918f, 0.501f, 0.103f, 44.704f, -1.916f, 164.546f, 1.0f, 46.226f, 0.725f,
       1.158f, -999.0f, -999.0f, -999.0f, 46.226f}};
  return std::vector<float>(&rows[0][0], &rows[0][0] + 2 * sieve::data::kHiggsColumnCount);
}

void check_loaded(const sieve::ensemble::Model& model) {
  // Round trip: what loads is written back to a file that loads to the same bytes.
  const std::string written = sieve::io::serialise_model(model);
  std::string again;
  try {
    again = sieve::io::serialise_model(sieve::io::parse_model(written, "rewritten"));
  } catch (const sieve::ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    fail("a loaded model, written again, does not load");
  }
  require(again == written, "a loaded model does not round-trip byte for byte");

  // A loaded model scores: binding by its own column names, TTA and a variation.
  auto shared = std::make_shared<const sieve::ensemble::Model>(model);
  sieve::score::ScorerOptions options;
  options.variations = {sieve::physics::preset_variation("nominal"), sieve::physics::preset_variation("jes_up")};
  std::vector<std::string> names;
  for (auto n : sieve::data::kHiggsColumnNames) names.emplace_back(n);
  try {
    const sieve::score::Scorer scorer(shared, options);
    const sieve::score::InputBinding binding(model, names);
    sieve::score::ScorerWorkspace ws(scorer, 2);
    const std::vector<float> rows = real_rows();
    const std::vector<std::int64_t> ids = {100000, 100001};
    std::vector<float> scores(2 * options.variations.size()), spread(scores.size());
    scorer.score(ws, binding, rows, ids, scores, spread);
    for (float s : scores) require(std::isnan(s) || (s >= 0.0f && s <= 1.0f), "a score outside [0, 1]");
  } catch (const sieve::ConfigError&) {
    // A model may need columns the caller lacks: a configuration error, not a crash.
  }
}

void parse(std::string_view content) {
  try {
    const sieve::ensemble::Model model = sieve::io::parse_model(content, "fuzz.model");
    check_loaded(model);
  } catch (const sieve::ConfigError& e) {
    if (!std::string_view(e.what()).starts_with("fuzz.model: ")) {
      std::fprintf(stderr, "message: %s\n", e.what());
      fail("a load error that does not name the file");
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  parse(input);
  const std::string fixed = with_true_checksum(input);
  if (!fixed.empty() && fixed != input) parse(fixed);
  return 0;
}
