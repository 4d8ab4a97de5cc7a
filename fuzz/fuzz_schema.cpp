// libFuzzer target: the dataset schema reader (data::parse_schema, TOML via toml++) on
// any bytes, then the binding of its recomputation's roles (physics::Recomputation, which
// training checks before it reads data). A schema that passes both must be usable by
// everything that takes one: its text
// parses again to the same schema, its feature layout builds from its own columns (with
// two learnt codes when it learns them) and turns a row of missing values into features
// without an error, and every variation it lists parses. A rejected schema must say why,
// naming the file. Anything else than a result or a ConfigError is a finding.
#include "sieve/data/schema.hpp"
#include "sieve/error.hpp"
#include "sieve/features/feature_layout.hpp"
#include "sieve/physics/recomputation.hpp"
#include "sieve/physics/schema_variations.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "fuzz_schema: invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}
void require(bool ok, const char* what, const std::string& detail = {}) {
  if (!ok) fail(what, detail);
}

void check_usable(const sieve::data::Schema& schema) {
  const sieve::data::Schema again = sieve::data::parse_schema(schema.text, "again.toml");
  require(again.columns == schema.columns && again.continuous == schema.continuous &&
              again.objects == schema.objects && again.categoricals == schema.categoricals &&
              again.variations == schema.variations,
          "a schema's own text parses differently");
  std::set<std::string> distinct(schema.columns.begin(), schema.columns.end());
  require(distinct.size() == schema.columns.size(), "a column listed twice");

  std::vector<std::vector<float>> values;
  for (const auto& c : schema.categoricals) values.push_back(c.learn ? std::vector<float>{0.0f, 1.0f} : c.values);
  const sieve::features::FeatureLayout layout(schema, schema.columns, values);
  require(layout.width() >= 0, "a negative feature width");
  const std::vector<float> raw(schema.columns.size(), std::numeric_limits<float>::quiet_NaN());
  std::vector<float> out(static_cast<std::size_t>(layout.width()));
  std::vector<std::uint8_t> codes(static_cast<std::size_t>(layout.n_categorical()));
  try {
    layout.to_physical(raw, out, codes);
    for (int k = 0; k < layout.n_categorical(); ++k)
      require(codes[static_cast<std::size_t>(k)] < layout.n_categories(k), "a code out of range");
  } catch (const sieve::InputError&) {
    // A missing categorical value without a fallback is an input error, as it should be.
    require(layout.n_categorical() > 0, "an input error without a categorical column");
  }

  std::string all;
  for (const std::string& name : sieve::physics::known_variation_names(schema)) all += (all.empty() ? "" : ",") + name;
  require(all.rfind("nominal", 0) == 0, "nominal is not the first variation");
  const auto variations = sieve::physics::parse_variations(all, schema);
  require(!variations.empty(), "no variation parsed");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  sieve::data::Schema schema;
  try {
    schema = sieve::data::parse_schema(input, "fuzz.toml");
    if (!schema.recomputation.empty()) sieve::physics::Recomputation(schema, schema.columns);
  } catch (const sieve::ConfigError& e) {
    require(std::string_view(e.what()).find("fuzz.toml") != std::string_view::npos, "an error without the file",
            e.what());
    return 0;
  }
  try {
    check_usable(schema);
  } catch (const sieve::ConfigError& e) {
    fail("a schema that parses is not usable", e.what());
  }
  return 0;
}
