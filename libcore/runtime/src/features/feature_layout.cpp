#include "sieve/features/feature_layout.hpp"

#include "sieve/error.hpp"

#include <algorithm>
#include <cmath>

namespace sieve::features {

FeatureLayout::FeatureLayout(const data::Schema& schema, const std::vector<std::string>& raw_columns,
                             std::vector<float> category_values)
    : values_(std::move(category_values)) {
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
  if (schema.categorical) {
    categorical_ = index(schema.categorical->column);
    categorical_name_ = schema.categorical->column;
    if (values_.empty() || values_.size() > 255)
      throw ConfigError("schema " + schema.name + ": the categorical column " + categorical_name_ + " has " +
                        std::to_string(values_.size()) + " codes (1 to 255 are possible)");
    consecutive_ = true;
    for (std::size_t c = 0; c < values_.size(); ++c) consecutive_ &= values_[c] == static_cast<float>(c);
    if (schema.categorical->fallback) {
      const auto it = std::find(values_.begin(), values_.end(), *schema.categorical->fallback);
      if (it == values_.end())
        throw ConfigError("schema " + schema.name + ": the fallback value " +
                          std::to_string(*schema.categorical->fallback) + " of " + categorical_name_ +
                          " is not one of its codes");
      fallback_code_ = static_cast<int>(it - values_.begin());
    }
  } else if (!values_.empty()) {
    throw ConfigError("schema " + schema.name + " has no categorical column, but codes were given");
  }
}

int FeatureLayout::code_of(float value) const {
  if (consecutive_) {
    if (value >= 0.0f && value < static_cast<float>(values_.size()) && value == std::floor(value))
      return static_cast<int>(value);
  } else {
    for (std::size_t c = 0; c < values_.size(); ++c)
      if (values_[c] == value) return static_cast<int>(c);
  }
  return fallback_code_;
}

std::string FeatureLayout::code_problem(float value) const {
  if (consecutive_)
    return categorical_name_ + " must be an integer in 0.." + std::to_string(values_.size() - 1) + ", got " +
           std::to_string(value);
  std::string codes;
  for (float v : values_) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    codes += (codes.empty() ? "" : ", ") + s;
  }
  return categorical_name_ + " must be one of its codes (" + codes + "), got " + std::to_string(value);
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

int FeatureLayout::to_physical(std::span<const float> raw, std::span<float> out) const {
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
  if (categorical_ < 0) return 0;
  const float value = raw[static_cast<std::size_t>(categorical_)];
  const int code = code_of(value);
  if (code < 0) throw InputError(code_problem(value));
  return code;
}

} // namespace sieve::features
