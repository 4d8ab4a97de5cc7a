#include "sieve/train/recipe_options.hpp"

#include "sieve/error.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <functional>
#include <map>

namespace sieve::train {

namespace {

std::string str(std::string_view s) { return std::string(s); }

template <class T>
T number(std::string_view key, std::string_view v) {
  T out{};
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size())
    throw ConfigError("option " + str(key) + " expects a number, got '" + str(v) + "'");
  return out;
}

bool boolean(std::string_view key, std::string_view v) {
  if (v == "true" || v == "1" || v == "on" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "off" || v == "no") return false;
  throw ConfigError("option " + str(key) + " expects true or false, got '" + str(v) + "'");
}

using Setter = std::function<void(RecipeConfig&, std::string_view, std::string_view)>;
struct Entry {
  std::string help;
  Setter set;
};

const std::map<std::string, Entry, std::less<>>& table() {
  static const std::map<std::string, Entry, std::less<>> t = [] {
    std::map<std::string, Entry, std::less<>> m;
    auto integer = [](int RecipeConfig::*field) {
      return [field](RecipeConfig& c, std::string_view k, std::string_view v) { c.*field = number<int>(k, v); };
    };
    m["seed"] = {"seed of every random draw", [](RecipeConfig& c, auto k, auto v) { c.seed = number<std::uint64_t>(k, v); }};
    m["members"] = {"ensemble members", integer(&RecipeConfig::members)};
    m["folds"] = {"folds of the training part (member m validates on fold m)", integer(&RecipeConfig::folds)};
    m["epochs"] = {"passes over the training folds", integer(&RecipeConfig::epochs)};
    m["batch_size"] = {"events per optimiser step", integer(&RecipeConfig::batch_size)};
    m["validation_fraction"] = {"fraction held out for the cut", [](RecipeConfig& c, auto k, auto v) { c.validation_fraction = number<double>(k, v); }};
    m["width"] = {"units per body layer", [](RecipeConfig& c, auto k, auto v) { c.network.width = number<int>(k, v); }};
    m["depth"] = {"body layers", [](RecipeConfig& c, auto k, auto v) { c.network.depth = number<int>(k, v); }};
    m["dense"] = {"dense connections in the body", [](RecipeConfig& c, auto k, auto v) { c.network.dense = boolean(k, v); }};
    m["activation"] = {"relu, swish or selu", [](RecipeConfig& c, auto, auto v) { c.network.activation = nn::parse_activation(str(v)); }};
    m["embedding"] = {"embed the schema's categorical columns, one table each (false: standardised inputs)", [](RecipeConfig& c, auto k, auto v) {
      // The network's input counts come from the data (fitted_config); this is the switch,
      // and switching it back on restores the default count (so that a description loads
      // back equal: found by fuzz/fuzz_recipe_config.cpp).
      const int on = c.network.n_categories > 0 ? c.network.n_categories : nn::NetworkConfig{}.n_categories;
      c.network.n_categories = boolean(k, v) ? on : 0;
    }};
    m["embedding_dim"] = {"embedding size", [](RecipeConfig& c, auto k, auto v) { c.network.embedding_dim = number<int>(k, v); }};
    m["schedule"] = {"onecycle, constant, cosine-restarts or fge", [](RecipeConfig& c, auto, auto v) { c.schedule.kind = parse_schedule(str(v)); }};
    m["lr_low"] = {"1cycle starting LR", [](RecipeConfig& c, auto k, auto v) { c.schedule.lr_low = number<double>(k, v); }};
    m["lr_high"] = {"1cycle peak LR (also the restarts' peak)", [](RecipeConfig& c, auto k, auto v) { c.schedule.lr_high = number<double>(k, v); }};
    m["warmup_fraction"] = {"1cycle: fraction of all steps spent warming up", [](RecipeConfig& c, auto k, auto v) { c.schedule.warmup_fraction = number<double>(k, v); }};
    m["cycle_beta1"] = {"cycle Adam beta1 0.95 -> 0.85 -> 0.95 (published: false)", [](RecipeConfig& c, auto k, auto v) { c.schedule.cycle_beta1 = boolean(k, v); }};
    m["constant_lr"] = {"LR of the constant schedule", [](RecipeConfig& c, auto k, auto v) { c.schedule.constant_lr = number<double>(k, v); }};
    m["restart_sub_epochs"] = {"first cosine cycle length (doubles each restart)", [](RecipeConfig& c, auto k, auto v) { c.schedule.restart_sub_epochs = number<int>(k, v); }};
    m["fge_cycle_sub_epochs"] = {"fge: cycle length in sub-epochs (even), after a 1cycle over the first half", [](RecipeConfig& c, auto k, auto v) { c.schedule.fge_cycle_sub_epochs = number<int>(k, v); }};
    m["augment"] = {"train-time phi/y/z symmetry augmentation", [](RecipeConfig& c, auto k, auto v) { c.augment = boolean(k, v); }};
    m["augment_space"] = {"raw (exact physics) or standardised (published)", [](RecipeConfig& c, auto, auto v) {
      if (v == "raw") c.augment_space = features::AugmentSpace::Raw;
      else if (v == "standardised") c.augment_space = features::AugmentSpace::Standardised;
      else throw ConfigError("option augment_space expects raw or standardised, got '" + str(v) + "'");
    }};
    m["tta"] = {"8-copy test-time augmentation", [](RecipeConfig& c, auto k, auto v) { c.tta = boolean(k, v); }};
    m["swa_start_sub_epoch"] = {"stochastic weight averaging from this sub-epoch (-1: off)", integer(&RecipeConfig::swa_start_sub_epoch)};
    m["snapshots"] = {"snapshot / fast geometric ensemble: members per run, the states at the last cycle minima (0: off)", integer(&RecipeConfig::snapshots)};
    m["cut_top_percent"] = {"cut: mean prediction of this top percent by AMS", [](RecipeConfig& c, auto k, auto v) { c.cut_top_percent = number<double>(k, v); }};
    m["cut_min_prediction"] = {"cut: candidates need at least this prediction", [](RecipeConfig& c, auto k, auto v) { c.cut_min_prediction = number<double>(k, v); }};
    return m;
  }();
  return t;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

} // namespace

const std::vector<RecipeOption>& recipe_options() {
  static const std::vector<RecipeOption> list = [] {
    std::vector<RecipeOption> out;
    for (const auto& [k, e] : table()) out.push_back({k, e.help});
    return out;
  }();
  return list;
}

void set_recipe_option(RecipeConfig& c, std::string_view k, std::string_view v) {
  auto it = table().find(k);
  if (it == table().end()) {
    std::string known;
    for (const auto& [name, e] : table()) known += (known.empty() ? "" : ", ") + name;
    throw ConfigError("unknown recipe option '" + str(k) + "' (known: " + known + ")");
  }
  it->second.set(c, k, v);
}

void load_recipe_file(RecipeConfig& c, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot open config file " + path);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string_view s = trim(line);
    if (auto hash = s.find('#'); hash != std::string_view::npos) s = trim(s.substr(0, hash));
    if (s.empty() || s == "[recipe]") continue;
    const auto eq = s.find('=');
    if (eq == std::string_view::npos)
      throw ConfigError(path + " line " + std::to_string(number) + ": expected key = value, found '" + str(s) + "'");
    std::string_view k = trim(s.substr(0, eq)), v = trim(s.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    try {
      set_recipe_option(c, k, v);
    } catch (const ConfigError& e) {
      throw ConfigError(path + " line " + std::to_string(number) + ": " + e.what());
    }
  }
}

} // namespace sieve::train
