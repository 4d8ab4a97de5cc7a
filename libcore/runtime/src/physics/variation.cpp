#include "sieve/physics/variation.hpp"

#include "sieve/error.hpp"
#include "sieve/physics/derived_features.hpp"
#include "sieve/physics/symmetry.hpp"
#include "sieve/random.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sieve::physics {
namespace {

using namespace sieve::data;  // the HiggsColumn enumerators

constexpr std::array<std::string_view, 6> kNames = {"nominal", "tes_up",   "tes_down",
                                                    "jes_up",  "jes_down", "soft_met"};

std::string known_list() {
  std::string out;
  for (std::string_view n : kNames) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool defined(float v) { return !std::isnan(v); }

// Transverse components of (pt, phi), with float trigonometry on the float angle (exact to
// below its own quantisation) and the product in double.
double px(double pt, float phi) { return pt * static_cast<double>(std::cos(phi)); }
double py(double pt, float phi) { return pt * static_cast<double>(std::sin(phi)); }

} // namespace

std::span<const std::string_view> known_variation_names() { return kNames; }

Variation preset_variation(std::string_view name, const VariationSizes& sizes) {
  if (!(sizes.tes >= 0.0 && sizes.tes < 1.0) || !(sizes.jes >= 0.0 && sizes.jes < 1.0) ||
      !(sizes.soft_met >= 0.0 && std::isfinite(sizes.soft_met)))
    throw ConfigError("variation sizes must satisfy 0 <= tes < 1, 0 <= jes < 1 and "
                      "0 <= soft_met (GeV), got tes " + std::to_string(sizes.tes) + ", jes " +
                      std::to_string(sizes.jes) + ", soft_met " + std::to_string(sizes.soft_met));
  Variation v;
  v.name = std::string(name);
  v.mmc = sizes.mmc;
  v.sumet = sizes.sumet;
  if (name == "nominal") return v;
  if (name == "tes_up") v.tes = 1.0 + sizes.tes;
  else if (name == "tes_down") v.tes = 1.0 - sizes.tes;
  else if (name == "jes_up") v.jes = 1.0 + sizes.jes;
  else if (name == "jes_down") v.jes = 1.0 - sizes.jes;
  else if (name == "soft_met") v.soft_met = sizes.soft_met;
  else
    throw ConfigError("unknown systematic variation '" + std::string(name) +
                      "' (known variations: " + known_list() + ")");
  return v;
}

std::vector<Variation> parse_variations(std::string_view names, const VariationSizes& sizes) {
  std::vector<Variation> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = names.find(',', start);
    const std::string_view item =
        trim(names.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                 : comma - start));
    if (item.empty())
      throw ConfigError("empty name in the variation list '" + std::string(names) +
                        "' (known variations: " + known_list() + ")");
    if (std::any_of(out.begin(), out.end(), [item](const Variation& v) { return v.name == item; }))
      throw ConfigError("variation '" + std::string(item) + "' is listed twice in '" +
                        std::string(names) + "'");
    out.push_back(preset_variation(item, sizes));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

RawEvent apply(ConstEventSpan event, const Variation& variation, std::uint64_t event_id,
               std::uint64_t variation_index, std::uint64_t seed, const DerivedRules& rules) {
  RawEvent out;
  std::copy(event.begin(), event.end(), out.begin());
  if (!variation.moves_objects()) return out;

  const double met = event[PRI_met];
  double mx = px(met, event[PRI_met_phi]), my = py(met, event[PRI_met_phi]);
  bool met_moved = false, tau_scaled = false, jets_scaled = false, all_scaled = false;
  double sumet_shift = 0.0;

  // 1. TES
  const float tau_pt = event[PRI_tau_pt];
  if (variation.tes != 1.0 && defined(tau_pt)) {
    const double pt = tau_pt, d = variation.tes - 1.0;
    out[PRI_tau_pt] = static_cast<float>(variation.tes * pt);
    mx -= d * px(pt, event[PRI_tau_phi]);
    my -= d * py(pt, event[PRI_tau_phi]);
    sumet_shift += d * pt;
    tau_scaled = met_moved = true;
  }

  // 2. JES
  if (variation.jes != 1.0) {
    const double d = variation.jes - 1.0;
    const int jets = jet_count(event);
    constexpr HiggsColumn kPt[2] = {PRI_jet_leading_pt, PRI_jet_subleading_pt};
    constexpr HiggsColumn kPhi[2] = {PRI_jet_leading_phi, PRI_jet_subleading_phi};
    for (int j = 0; j < std::min(jets, 2); ++j) {
      const float jet_pt = event[kPt[j]];
      if (!defined(jet_pt)) continue;
      const double pt = jet_pt;
      out[kPt[j]] = static_cast<float>(variation.jes * pt);
      mx -= d * px(pt, event[kPhi[j]]);
      my -= d * py(pt, event[kPhi[j]]);
      jets_scaled = met_moved = true;
    }
    const float all = event[PRI_jet_all_pt];
    if (defined(all) && all != 0.0f) {
      out[PRI_jet_all_pt] = static_cast<float>(variation.jes * static_cast<double>(all));
      sumet_shift += d * static_cast<double>(all);
      all_scaled = true;
    }
  }

  // 3. Soft MET
  if (variation.soft_met > 0.0) {
    const std::uint64_t k = key(seed, event_id, variation_index);
    mx += variation.soft_met * normal(k, 0);
    my += variation.soft_met * normal(k, 1);
    met_moved = true;
  }

  if (!met_moved && !tau_scaled && !jets_scaled && !all_scaled) return out;

  // 4. MET from the new vector
  if (met_moved) {
    out[PRI_met] = static_cast<float>(std::sqrt(mx * mx + my * my));
    out[PRI_met_phi] = wrap_phi_float(std::atan2(my, mx));
  }
  if (variation.sumet == SumEtRule::Update && sumet_shift != 0.0 && defined(event[PRI_met_sumet]))
    out[PRI_met_sumet] =
        static_cast<float>(static_cast<double>(event[PRI_met_sumet]) + sumet_shift);

  // 5. Derived features whose inputs changed
  DerivedMask which = 0;
  if (met_moved)
    which |= derived_bit(DER_mass_transverse_met_lep) | derived_bit(DER_pt_h) |
             derived_bit(DER_pt_tot) | derived_bit(DER_met_phi_centrality);
  if (tau_scaled)
    which |= derived_bit(DER_pt_h) | derived_bit(DER_pt_tot) | derived_bit(DER_sum_pt) |
             derived_bit(DER_pt_ratio_lep_tau);
  if (jets_scaled) which |= derived_bit(DER_pt_tot);
  if (all_scaled) which |= derived_bit(DER_sum_pt);
  if (rules.recompute_masses) {
    if (tau_scaled) which |= derived_bit(DER_mass_vis);
    if (jets_scaled) which |= derived_bit(DER_mass_jet_jet);
    recompute_derived(out, which, rules.tau_mass);
    return out;
  }
  recompute_derived(out, which, rules.tau_mass);

  if (tau_scaled && defined(out[DER_mass_vis]))
    out[DER_mass_vis] =
        static_cast<float>(std::sqrt(variation.tes) * static_cast<double>(event[DER_mass_vis]));
  if (jets_scaled && jet_count(event) >= 2 && defined(out[DER_mass_jet_jet]))
    out[DER_mass_jet_jet] =
        static_cast<float>(variation.jes * static_cast<double>(event[DER_mass_jet_jet]));
  if (variation.mmc == MmcRule::ScaleBySumPt && (tau_scaled || all_scaled) &&
      defined(out[DER_mass_MMC])) {
    const auto sum_pt = [](ConstEventSpan e) {
      const double all = e[PRI_jet_all_pt];
      return static_cast<double>(e[PRI_tau_pt]) + static_cast<double>(e[PRI_lep_pt]) +
             (std::isnan(all) ? 0.0 : all);
    };
    const double before = sum_pt(event), after = sum_pt(out);
    if (before > 0.0)
      out[DER_mass_MMC] =
          static_cast<float>(static_cast<double>(event[DER_mass_MMC]) * after / before);
  }
  return out;
}

} // namespace sieve::physics
