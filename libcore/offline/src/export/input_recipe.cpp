#include "input_recipe.hpp"

#include "sieve/error.hpp"
#include "sieve/features/symmetry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sieve::exporting::detail {

InputRecipe input_recipe(const ensemble::Model& model) {
  const data::Schema& schema = model.schema;
  const features::FeaturePipeline& pipeline = model.pipeline;
  InputRecipe r;
  r.raw_columns = pipeline.raw_columns;
  auto index = [&](const std::string& column) {
    const auto it = std::find(r.raw_columns.begin(), r.raw_columns.end(), column);
    if (it == r.raw_columns.end())
      throw ConfigError("the model's schema (" + schema.name + ") names column '" + column +
                        "', which is not among the model's raw columns");
    return static_cast<int>(it - r.raw_columns.begin());
  };
  using Kind = PhysicalFeature::Kind;
  for (const std::string& column : r.raw_columns) {
    std::vector<float> sentinels;
    for (const float s : schema.sentinels(column))
      if (!std::isnan(s)) sentinels.push_back(s);
    r.sentinels.push_back(std::move(sentinels));
  }
  for (const std::string& c : schema.continuous) r.features.push_back({Kind::Copy, c, index(c), -1});
  for (const data::ObjectSpec& o : schema.objects) {
    r.features.push_back({Kind::Px, o.name + "_px", index(o.pt), index(o.phi)});
    r.features.push_back({Kind::Py, o.name + "_py", index(o.pt), index(o.phi)});
    if (!o.eta.empty()) r.features.push_back({Kind::Pz, o.name + "_pz", index(o.pt), index(o.eta)});
    if (!o.extra.empty()) r.features.push_back({Kind::Copy, o.extra, index(o.extra), -1});
  }
  for (const data::ObjectSpec& o : schema.objects)
    if (o.keep_pt) r.features.push_back({Kind::Copy, o.name + "_pt", index(o.pt), -1});

  const features::FeatureLayout& layout = pipeline.layout;
  std::vector<std::string> names;
  for (const PhysicalFeature& f : r.features) names.push_back(f.name);
  if (names != layout.names())
    throw ConfigError("the model's physical features are not those its schema (" + schema.name + ") defines");
  r.inputs = names;
  r.embedded = pipeline.embed_categorical;
  for (int k = 0; k < layout.n_categorical(); ++k) {
    InputRecipe::Categorical c;
    c.column = layout.categorical_column(k);
    c.name = layout.categorical_name(k);
    c.values = layout.category_values(k);
    const auto& fallback = schema.categoricals[static_cast<std::size_t>(k)].fallback;
    if (fallback) {
      const auto it = std::find(c.values.begin(), c.values.end(), *fallback);
      if (it != c.values.end()) c.fallback_code = static_cast<int>(it - c.values.begin());
    }
    if (!r.embedded) r.inputs.push_back(c.name);
    r.categoricals.push_back(std::move(c));
  }
  if (r.inputs != pipeline.inputs)
    throw ConfigError("the model's network inputs are not those its schema (" + schema.name + ") defines");
  bool fits = r.embedded == model.network.embedding() && model.network.n_continuous == static_cast<int>(r.inputs.size()) &&
              (!r.embedded || model.network.n_embeddings() == static_cast<int>(r.categoricals.size()));
  for (int t = 0; fits && t < model.network.n_embeddings(); ++t)
    fits = model.network.embedding_table(t).n_categories ==
           static_cast<int>(r.categoricals[static_cast<std::size_t>(t)].values.size());
  if (!fits) throw ConfigError("the model's network does not fit its feature pipeline (inputs or categories differ)");

  // The TTA copies as sign flips of the momentum inputs (features/symmetry.hpp: a
  // rotation by pi negates px and py, the y reflection py, the z reflection pz).
  for (const features::Symmetry& s : features::tta_copies()) {
    std::vector<int> signs(r.inputs.size(), 1);
    const bool half_turn = s.cos_phi < 0.0f;
    for (const features::MomentumColumns& m : layout.momenta()) {
      if (half_turn) signs[static_cast<std::size_t>(m.px)] = -1;
      if (half_turn != s.flip_y) signs[static_cast<std::size_t>(m.py)] = -1;
      if (s.flip_z && m.pz >= 0) signs[static_cast<std::size_t>(m.pz)] = -1;
    }
    r.momentum_signs.push_back(std::move(signs));
  }
  return r;
}

std::string short_float(float value) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::string("nan");
}

} // namespace sieve::exporting::detail
