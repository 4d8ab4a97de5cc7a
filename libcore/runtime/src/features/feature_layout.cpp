#include "sieve/features/feature_layout.hpp"

#include "sieve/error.hpp"

#include <algorithm>
#include <cmath>

namespace sieve::features {

FeatureLayout::FeatureLayout(const data::Schema& schema, const std::vector<std::string>& raw_columns,
                             std::vector<std::vector<float>> category_values) {
  auto index = [&](const std::string& column) {
    const auto it = std::find(raw_columns.begin(), raw_columns.end(), column);
    if (it == raw_columns.end())
      throw ConfigError("schema " + schema.name + ": column '" + column + "' is not among the model's raw columns");
    return static_cast<int>(it - raw_columns.begin());
  };
  for (const std::string& c : schema.continuous) {
    copies_.push_back(index(c));
    names_.push_back(c);
  }
  for (const data::ObjectSpec& o : schema.objects) {
    const int at = width();
    const bool transverse = o.eta.empty();
    objects_.push_back({index(o.pt), transverse ? -1 : index(o.eta), index(o.phi), at,
                        o.extra.empty() ? -1 : index(o.extra)});
    names_.push_back(o.name + "_px");
    names_.push_back(o.name + "_py");
    if (!transverse) names_.push_back(o.name + "_pz");
    momenta_.push_back({at, at + 1, transverse ? -1 : at + 2});
    if (!o.extra.empty()) names_.push_back(o.extra);
  }
  for (const data::ObjectSpec& o : schema.objects)
    if (o.keep_pt) {
      kept_pt_.push_back(index(o.pt));
      names_.push_back(o.name + "_pt");
    }
  if (category_values.size() != schema.categoricals.size())
    throw ConfigError("schema " + schema.name + " has " + std::to_string(schema.categoricals.size()) +
                      " categorical columns, but codes were given for " + std::to_string(category_values.size()));
  for (std::size_t k = 0; k < schema.categoricals.size(); ++k) {
    const data::CategoricalSpec& spec = schema.categoricals[k];
    Category c{index(spec.column), spec.column, std::move(category_values[k]), -1, true};
    if (c.values.empty() || c.values.size() > 255)
      throw ConfigError("schema " + schema.name + ": the categorical column " + c.name + " has " +
                        std::to_string(c.values.size()) + " codes (1 to 255 are possible)");
    for (std::size_t v = 0; v < c.values.size(); ++v) c.consecutive &= c.values[v] == static_cast<float>(v);
    if (spec.fallback) {
      const auto it = std::find(c.values.begin(), c.values.end(), *spec.fallback);
      if (it == c.values.end())
        throw ConfigError("schema " + schema.name + ": the fallback value " + std::to_string(*spec.fallback) +
                          " of " + c.name + " is not one of its codes");
      c.fallback_code = static_cast<int>(it - c.values.begin());
    }
    categories_.push_back(std::move(c));
  }
}

int FeatureLayout::code_of(int k, float value) const {
  const Category& c = category(k);
  if (c.consecutive) {
    if (value >= 0.0f && value < static_cast<float>(c.values.size()) && value == std::floor(value))
      return static_cast<int>(value);
  } else {
    for (std::size_t v = 0; v < c.values.size(); ++v)
      if (c.values[v] == value) return static_cast<int>(v);
  }
  return c.fallback_code;
}

std::string FeatureLayout::code_problem(int k, float value) const {
  const Category& c = category(k);
  if (c.consecutive)
    return c.name + " must be an integer in 0.." + std::to_string(c.values.size() - 1) + ", got " +
           std::to_string(value);
  std::string codes;
  for (float v : c.values) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    codes += (codes.empty() ? "" : ", ") + s;
  }
  return c.name + " must be one of its codes (" + codes + "), got " + std::to_string(value);
}

namespace {
// pt, eta, phi -> px, py, pz in double, rounded once to float. NaN propagates.
void cartesian(float pt, float eta, float phi, float* px, float* py, float* pz) {
  const double p = pt, e = eta, f = phi;
  *px = static_cast<float>(p * std::cos(f));
  *py = static_cast<float>(p * std::sin(f));
  if (pz) *pz = static_cast<float>(p * std::sinh(e));
}
} // namespace

void FeatureLayout::to_physical(std::span<const float> raw, std::span<float> out,
                                std::span<std::uint8_t> codes) const {
  const std::size_t n = copies_.size();
  for (std::size_t j = 0; j < n; ++j) out[j] = raw[static_cast<std::size_t>(copies_[j])];
  for (const Object& o : objects_) {
    float* at = out.data() + o.at;
    const auto r = [&](int c) { return raw[static_cast<std::size_t>(c)]; };
    cartesian(r(o.pt), o.eta >= 0 ? r(o.eta) : 0.0f, r(o.phi), at, at + 1, o.eta >= 0 ? at + 2 : nullptr);
    if (o.extra >= 0) at[o.eta >= 0 ? 3 : 2] = r(o.extra);
  }
  std::size_t k = static_cast<std::size_t>(width()) - kept_pt_.size();
  for (int c : kept_pt_) out[k++] = raw[static_cast<std::size_t>(c)];
  for (int j = 0; j < n_categorical(); ++j) {
    const float value = raw[static_cast<std::size_t>(category(j).column)];
    const int code = code_of(j, value);
    if (code < 0) throw InputError(code_problem(j, value));
    codes[static_cast<std::size_t>(j)] = static_cast<std::uint8_t>(code);
  }
}

} // namespace sieve::features
