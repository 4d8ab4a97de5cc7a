#include "sieve/train/partial_training.hpp"

#include "sieve/build_info.hpp"
#include "sieve/error.hpp"
#include "sieve/io/checksum.hpp"
#include "sieve/train/recipe_options.hpp"
#include "sieve/train/training_data.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>

namespace sieve::train {

namespace {

std::string hex8(std::uint32_t v) { return "0x" + io::hex8(v); }

std::string data_description(const ensemble::Provenance& p) {
  return p.data_source + " (" + std::to_string(p.data_rows) + " training rows, checksum " + hex8(p.data_crc32) + ")";
}

// The first line where two describe() texts differ, e.g. "epochs = 2 vs epochs = 15".
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  while (true) {
    const bool ga = static_cast<bool>(std::getline(sa, la)), gb = static_cast<bool>(std::getline(sb, lb));
    if (!ga && !gb) return "(no difference)";
    if (!ga) la = "(nothing)";
    if (!gb) lb = "(nothing)";
    if (la != lb || !ga || !gb) return "'" + la + "' vs '" + lb + "'";
  }
}

} // namespace

RecipeConfig recipe_from_description(const std::string& text, const std::string& source) {
  RecipeConfig c;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const auto eq = line.find(" = ");
    if (eq == std::string::npos)
      throw ConfigError(source + ": recipe line " + std::to_string(number) + " is not 'key = value': '" + line + "'");
    try {
      set_recipe_option(c, line.substr(0, eq), line.substr(eq + 3));
    } catch (const ConfigError& e) {
      throw ConfigError(source + ": recipe line " + std::to_string(number) + ": " + e.what());
    }
  }
  if (c.describe() != text)
    throw ConfigError(source + ": the recorded recipe does not read back to itself (" +
                      first_difference(text, c.describe()) + "): written by another Sieve version?");
  c.validate();
  return c;
}

PartialResult train_partial(const data::Table& all, const RecipeConfig& config, std::span<const int> members,
                            int threads, const ProgressFn& progress) {
  if (members.empty()) throw ConfigError("a partial training needs at least one member");
  // A partial model holds one state per member (what sieve merge-models maps back).
  if (config.snapshots > 0)
    throw ConfigError("snapshot and fast geometric ensembles (snapshots = " + std::to_string(config.snapshots) +
                      ") train whole: --only-members and sieve slurm train hold one state per member");
  std::vector<int> sorted(members.begin(), members.end());
  std::sort(sorted.begin(), sorted.end());
  if (const auto dup = std::adjacent_find(sorted.begin(), sorted.end()); dup != sorted.end())
    throw ConfigError("member " + std::to_string(*dup) + " is asked for twice");
  data::Table storage;
  const data::Table& table = recipe_rows(all, storage);
  const TrainingData data = prepare_training_data(table, config);
  const RecipeConfig c = fitted_config(config, data);

  PartialResult out;
  const auto start = std::chrono::steady_clock::now();
  out.members = train_members(data, c, sorted, threads, progress);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.training_events = table.rows();
  for (const int m : sorted) out.flops += member_flops(data, c, m);

  ensemble::PartialModel& part = out.part;
  part.total_members = c.members;
  part.member_indices = sorted;
  ensemble::Model& model = part.model;
  model.schema = data.schema;
  model.pipeline = data.pipeline;
  model.network = c.network;
  model.tta = c.tta;
  for (const MemberResult& r : out.members) model.members.push_back({r.params, r.best_loss, r.best_sub_epoch, 0.0});
  model.provenance.library_version = library_version();
  model.provenance.recipe = c.describe();
  model.provenance.seed = c.seed;
  model.provenance.data_source = std::filesystem::path(table.source).filename().string();
  model.provenance.data_rows = table.rows();
  model.provenance.data_crc32 = data_checksum(table);
  return out;
}

RecipeConfig check_parts(std::span<const NamedPart> parts) {
  if (parts.empty()) throw ConfigError("no parts to merge");
  const NamedPart& first = parts.front();
  const ensemble::Model& a = first.part.model;
  for (const NamedPart& other : parts.subspan(1)) {
    const ensemble::Model& b = other.part.model;
    auto differ = [&](const std::string& what) {
      return ConfigError(first.name + " and " + other.name + " come from different trainings: " + what);
    };
    if (a.provenance.library_version != b.provenance.library_version)
      throw differ("Sieve version " + a.provenance.library_version + " vs " + b.provenance.library_version);
    if (a.provenance.seed != b.provenance.seed)
      throw differ("seed " + std::to_string(a.provenance.seed) + " vs " + std::to_string(b.provenance.seed));
    if (a.provenance.recipe != b.provenance.recipe)
      throw differ("recipe options " + first_difference(a.provenance.recipe, b.provenance.recipe));
    if (first.part.total_members != other.part.total_members)
      throw differ("the recipe's member count " + std::to_string(first.part.total_members) + " vs " +
                   std::to_string(other.part.total_members));
    if (a.provenance.data_source != b.provenance.data_source || a.provenance.data_rows != b.provenance.data_rows ||
        a.provenance.data_crc32 != b.provenance.data_crc32)
      throw differ("training data " + data_description(a.provenance) + " vs " + data_description(b.provenance));
    if (!(a.network == b.network)) throw differ("the network configuration");
    if (a.tta != b.tta) throw differ(std::string("TTA ") + (a.tta ? "on" : "off") + " vs " + (b.tta ? "on" : "off"));
    if (!(a.schema == b.schema)) throw differ("the dataset schema (" + a.schema.name + " vs " + b.schema.name + ")");
    if (!(a.pipeline == b.pipeline)) throw differ("the fitted feature pipeline (standardisation or inputs)");
  }

  const int total = first.part.total_members;
  std::vector<const NamedPart*> owner(static_cast<std::size_t>(total), nullptr);
  for (const NamedPart& p : parts)
    for (const int m : p.part.member_indices) {
      if (m < 0 || m >= total)
        throw ConfigError(p.name + " holds member " + std::to_string(m) + ", not one of the recipe's " +
                          std::to_string(total));
      auto& o = owner[static_cast<std::size_t>(m)];
      if (o != nullptr)
        throw ConfigError("member " + std::to_string(m) + " is in both " + o->name + " and " + p.name +
                          ": each member must be merged exactly once");
      o = &p;
    }
  std::vector<int> missing;
  for (int m = 0; m < total; ++m)
    if (owner[static_cast<std::size_t>(m)] == nullptr) missing.push_back(m);
  if (!missing.empty())
    throw ConfigError(std::string(missing.size() == 1 ? "member " : "members ") + ensemble::format_member_list(missing) +
                      " of " + std::to_string(total) + (missing.size() == 1 ? " is" : " are") + " in none of the " +
                      std::to_string(parts.size()) + " parts given: train " + (missing.size() == 1 ? "it" : "them") +
                      " (sieve train --only-members " + ensemble::format_member_list(missing) + ") and merge again");

  RecipeConfig c = recipe_from_description(a.provenance.recipe, first.name);
  if (c.members != total)
    throw ConfigError(first.name + ": the recipe has " + std::to_string(c.members) + " members, the part says " +
                      std::to_string(total));
  if (c.seed != a.provenance.seed)
    throw ConfigError(first.name + ": the recipe's seed differs from the recorded seed");
  return c;
}

RecipeResult merge_parts(const data::Table& all, std::span<const NamedPart> parts) {
  const RecipeConfig recorded = check_parts(parts);
  const ensemble::Provenance& p = parts.front().part.model.provenance;
  if (p.library_version != library_version())
    throw ConfigError(parts.front().name + " was trained with Sieve " + p.library_version + ", this is Sieve " +
                      library_version() + ": merge with the version that trained the parts");
  data::Table storage;
  const data::Table& table = recipe_rows(all, storage);
  const std::uint32_t checksum = data_checksum(table);
  if (table.rows() != p.data_rows || checksum != p.data_crc32)
    throw ConfigError(all.source + " is not the data the parts were trained on: its training rows are " +
                      std::to_string(table.rows()) + " with checksum " + hex8(checksum) + ", the parts' " +
                      data_description(p));
  const TrainingData data = prepare_training_data(table, recorded);
  const RecipeConfig c = fitted_config(recorded, data);
  if (!(data.schema == parts.front().part.model.schema))
    throw ConfigError(all.source + " was read with the schema " + data.schema.name + ", the parts were trained with " +
                      parts.front().part.model.schema.name + ": give the parts' schema (--schema)");
  if (!(data.pipeline == parts.front().part.model.pipeline))
    throw ConfigError(parts.front().name + ": the feature pipeline fitted on " + all.source +
                      " differs from the part's (a different build or Sieve version?)");

  std::vector<MemberResult> members(static_cast<std::size_t>(c.members));
  for (const NamedPart& named : parts)
    for (std::size_t i = 0; i < named.part.member_indices.size(); ++i) {
      const ensemble::Member& m = named.part.model.members[i];
      MemberResult& r = members[static_cast<std::size_t>(named.part.member_indices[i])];
      r.member = named.part.member_indices[i];
      r.params = m.params;
      r.best_loss = m.best_loss;
      r.best_sub_epoch = m.best_sub_epoch;
    }
  RecipeResult out = finish_ensemble(table, data, c, std::move(members));
  // The file name the members were trained from, whatever the merge's copy is called.
  out.model.provenance.data_source = p.data_source;
  return out;
}

} // namespace sieve::train
