// libFuzzer target: the model-file loader (sieve::io::parse_model) on any bytes.
//
// Each input is parsed twice: as it is (the magic string, the version and checksum line,
// the CRC), and, when it has two header lines, with its checksum line rewritten to match
// its payload, so that mutations reach the Boost.Serialization payload parser, the
// structural checks and the self-test behind the checksum. A model that loads must then
// serialise to a file that loads to the same bytes, and score its own self-test events
// (real events, by its own column names, with TTA and its schema's variations) without
// error. Anything else than a loaded model or a
// ConfigError is a finding.
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/physics/schema_variations.hpp"
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

// The model's own self-test events (real events of its training data, in its raw column
// order), with the stored missing marker back to NaN as a caller passes it.
std::vector<float> own_rows(const sieve::ensemble::Model& model) {
  std::vector<float> rows;
  for (const auto& row : model.self_test)
    for (float x : row.raw) rows.push_back(x == sieve::ensemble::kSelfTestMissing ? NAN : x);
  return rows;
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

  // A loaded model scores its own events: binding by its own column names, TTA and
  // every variation its schema knows but those that read columns of their own.
  auto shared = std::make_shared<const sieve::ensemble::Model>(model);
  sieve::score::ScorerOptions options;
  std::string known;
  for (const std::string& name : sieve::physics::known_variation_names(model.schema)) {
    const sieve::data::VariationSpec* own = model.schema.variation(name);
    if (!own || own->substitutions.empty()) known += (known.empty() ? "" : ",") + name;
  }
  try {
    options.variations = sieve::physics::parse_variations(known, model.schema);
    const sieve::score::Scorer scorer(shared, options);
    const sieve::score::InputBinding binding(model, model.schema.columns);
    const std::size_t n = model.self_test.size();
    sieve::score::ScorerWorkspace ws(scorer, n);
    const std::vector<float> rows = own_rows(model);
    std::vector<std::int64_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = static_cast<std::int64_t>(100000 + i);
    std::vector<float> scores(n * options.variations.size()), spread(scores.size());
    scorer.score(ws, binding, rows, ids, scores, spread);
    for (float s : scores) require(std::isnan(s) || (s >= 0.0f && s <= 1.0f), "a score outside [0, 1]");
  } catch (const sieve::ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    fail("a model that loads cannot score its own events");
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
