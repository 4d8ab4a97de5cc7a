#include "sieve/physics/recomputation.hpp"

#include "sieve/error.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace sieve::physics {
namespace {

constexpr std::array<std::string_view, 2> kKnown = {"higgsml2014", "fair-universe-2024"};

// The FAIR-Universe names of the roles whose 2014 name differs.
constexpr std::pair<std::string_view, std::string_view> kFairNames[] = {
    {"PRI_tau_pt", "PRI_had_pt"}, {"PRI_tau_eta", "PRI_had_eta"}, {"PRI_tau_phi", "PRI_had_phi"},
    {"PRI_jet_num", "PRI_n_jets"}, {"DER_deltar_tau_lep", "DER_deltar_had_lep"},
    {"DER_pt_ratio_lep_tau", "DER_pt_ratio_lep_had"}};

// Roles a variation cannot do without; the others (DER columns, PRI_met_sumet) are
// recomputed or shifted when the schema has them.
constexpr data::HiggsColumn kRequired[] = {
    data::PRI_tau_pt, data::PRI_tau_eta, data::PRI_tau_phi, data::PRI_lep_pt, data::PRI_lep_eta,
    data::PRI_lep_phi, data::PRI_met, data::PRI_met_phi, data::PRI_jet_num, data::PRI_jet_leading_pt,
    data::PRI_jet_leading_eta, data::PRI_jet_leading_phi, data::PRI_jet_subleading_pt,
    data::PRI_jet_subleading_eta, data::PRI_jet_subleading_phi, data::PRI_jet_all_pt};

std::string known_list() {
  std::string out;
  for (auto n : kKnown) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

} // namespace

std::span<const std::string_view> Recomputation::known() { return kKnown; }

Recomputation::Recomputation(const data::Schema& schema, const std::vector<std::string>& raw_columns)
    : name_(schema.recomputation) {
  const bool fair = name_ == "fair-universe-2024";
  if (name_ != "higgsml2014" && !fair)
    throw ConfigError(schema.source + " (recompute.name): unknown recomputation '" + name_ + "' (registered: " +
                      known_list() + ")");
  if (fair) rules_ = {0.0, true};
  for (const auto& [role, column] : schema.recompute_columns)
    if (std::find(data::kHiggsColumnNames.begin(), data::kHiggsColumnNames.end(), role) ==
        data::kHiggsColumnNames.end())
      throw ConfigError(schema.source + " (recompute.columns." + role + "): '" + role + "' is not a role of " + name_);
  for (std::size_t r = 0; r < kRawEventSize; ++r) {
    const std::string_view role = data::kHiggsColumnNames[r];
    std::string column(role);
    if (fair)
      for (const auto& [from, to] : kFairNames)
        if (from == role) column = std::string(to);
    for (const auto& [bound, c] : schema.recompute_columns)
      if (bound == role) column = c;
    const auto it = std::find(raw_columns.begin(), raw_columns.end(), column);
    index_[r] = it == raw_columns.end() ? -1 : static_cast<int>(it - raw_columns.begin());
  }
  for (const data::HiggsColumn role : kRequired)
    if (index_[role] < 0)
      throw ConfigError(schema.source + " (recompute): the " + name_ + " recomputation needs a column for its role " +
                        std::string(data::kHiggsColumnNames[role]) + " (bind one in [recompute.columns])");
  // A column the schema declares a function of the objects must be one this recomputation
  // recomputes: a scale variation would otherwise leave it as it was, silently.
  for (const std::string& column : schema.derived) {
    bool recomputed = false;
    for (std::size_t r = 0; r < kDerivedCount; ++r)
      recomputed |= index_[r] >= 0 && raw_columns[static_cast<std::size_t>(index_[r])] == column;
    if (!recomputed)
      throw ConfigError(schema.source + " (inputs.derived): '" + column + "' is not one of the columns the " + name_ +
                        " recomputation recomputes, so a scale variation would leave it unvaried: bind it to a DER_ "
                        "role in [recompute.columns], or take it out of inputs.derived");
  }
  auto object_of = [&](data::HiggsColumn pt_role) {
    const std::string& column = raw_columns[static_cast<std::size_t>(index_[pt_role])];
    for (const data::ObjectSpec& o : schema.objects)
      if (o.pt == column) return o.name;
    return std::string();
  };
  tau_ = object_of(data::PRI_tau_pt);
  jets_[0] = object_of(data::PRI_jet_leading_pt);
  jets_[1] = object_of(data::PRI_jet_subleading_pt);
}

Variation Recomputation::variation(const data::VariationSpec& spec) const {
  Variation v;
  v.name = spec.name;
  v.substitutions = spec.substitutions;
  v.soft_met = spec.soft_sigma;
  if (spec.scaled_objects.empty()) return v;
  std::vector<std::string> objects = spec.scaled_objects;
  std::sort(objects.begin(), objects.end());
  std::vector<std::string> jets = {jets_[0], jets_[1]};
  std::sort(jets.begin(), jets.end());
  if (objects == std::vector<std::string>{tau_} && !tau_.empty()) {
    v.tes = spec.factor;
  } else if (objects == jets && !jets_[0].empty() && !jets_[1].empty()) {
    v.jes = spec.factor;
  } else {
    throw ConfigError("variation '" + spec.name + "': the " + name_ + " recomputation scales the tau (object '" +
                      tau_ + "') or both jets together ('" + jets_[0] + "', '" + jets_[1] + "')");
  }
  return v;
}

void Recomputation::apply(std::span<float> raw, const Variation& variation, std::uint64_t event_id,
                          std::uint64_t variation_index, std::uint64_t seed) const {
  RawEvent event;
  for (std::size_t r = 0; r < kRawEventSize; ++r)
    event[r] = index_[r] >= 0 ? raw[static_cast<std::size_t>(index_[r])] : NAN;
  const RawEvent varied = physics::apply(event, variation, event_id, variation_index, seed, rules_);
  for (std::size_t r = 0; r < kRawEventSize; ++r)
    if (index_[r] >= 0) raw[static_cast<std::size_t>(index_[r])] = varied[r];
}

} // namespace sieve::physics
