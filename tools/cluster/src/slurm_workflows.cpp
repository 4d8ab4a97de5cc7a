#include "sieve/cluster/slurm_workflows.hpp"

#include "sieve/build_info.hpp"
#include "sieve/data/hdf5_reader.hpp"
#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/io/partial_model_file.hpp"
#include "sieve/score/score_shard.hpp"
#include "sieve/train/ablation.hpp"
#include "sieve/train/recipe_options.hpp"

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>

namespace sieve::cluster {

namespace fs = std::filesystem;

namespace {

std::string absolute(const std::string& path) { return fs::absolute(path).lexically_normal().string(); }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool is_gz(const std::string& path) { return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0; }

std::vector<int> first_n(int n) {
  std::vector<int> v(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = i;
  return v;
}

// The resolved recipe, read by every task: it must read back to the same recipe.
void write_recipe(const std::string& path, const train::RecipeConfig& config, const std::string& workflow) {
  io::write_file_atomically(path, "# Written by sieve slurm " + workflow +
                                      ": the recipe of every task and of the merge.\n" + config.describe());
  train::RecipeConfig back;
  train::load_recipe_file(back, path);
  if (!(back == config)) throw ConfigError(path + ": the recipe does not read back to itself");
}

// --schema FILE appended to each command when a schema is given.
void add_schema(const std::string& schema, std::initializer_list<std::vector<std::string>*> commands) {
  if (schema.empty()) return;
  const std::string path = absolute(schema);
  if (!fs::is_regular_file(path)) throw ConfigError("cannot open the dataset schema " + path);
  for (auto* command : commands) command->insert(command->end(), {"--schema", path});
}

} // namespace

std::string member_part_path(const std::string& work_dir, int member) {
  return work_dir + "/parts/member-" + std::to_string(member) + ".partial";
}

std::string score_part_path(const std::string& work_dir, const std::string& out, int shard) {
  return work_dir + "/parts/scores-" + std::to_string(shard) + (is_gz(out) ? ".csv.gz" : ".csv");
}

ArrayJob train_array_job(const TrainOnSlurm& r) {
  r.config.validate();
  ArrayJob job;
  job.name = "train";
  job.work_dir = absolute(r.work_dir);
  job.directory = fs::current_path().string();
  fs::create_directories(job.work_dir + "/parts");
  const std::string data = absolute(r.data), out = absolute(r.out), recipe = job.work_dir + "/train-recipe.conf";
  if (!fs::is_regular_file(data::parse_hdf5_location(data).file))  // (an HDF5 table: FILE:/OBJECT)
    throw ConfigError("cannot open the training data " + data);

  write_recipe(recipe, r.config, "train");
  job.tasks = first_n(r.config.members);
  job.task_command = {r.sieve, "train", "--data", data, "--config", recipe, "--only-members", "{task}",
                      "--threads", std::to_string(r.resources.cpus_per_task), "--out",
                      job.work_dir + "/parts/member-{task}.partial"};
  job.merge_command = {r.sieve, "merge-models"};
  for (const int m : job.tasks) job.merge_command.push_back(member_part_path(job.work_dir, m));
  job.merge_command.insert(job.merge_command.end(), {"--data", data, "--out", out});
  add_schema(r.schema, {&job.task_command, &job.merge_command});
  job.what_a_task_does = "trains member {task} of the recipe into a partial model";
  job.what_the_merge_does = "merges the " + std::to_string(r.config.members) + " partial models into " + out;
  job.task_resources = r.resources;
  job.merge_resources = r.resources;
  // (The name a partial model records: its file's, without an HDF5 table's object.)
  const std::string description = r.config.describe(),
                    data_name = fs::path(data::parse_hdf5_location(data).file).filename().string();
  const std::string work = job.work_dir;
  const int members = r.config.members;
  job.part_done = [work, description, data_name, members](int m, std::string& why) {
    const std::string path = member_part_path(work, m);
    if (!fs::exists(path)) {
      why = path + " does not exist";
      return false;
    }
    try {
      const auto part = io::load_partial_model(path);
      const auto& p = part.model.provenance;
      if (part.member_indices != std::vector<int>{m} || part.total_members != members) why = "holds other members";
      else if (p.recipe != description) why = "was trained with another recipe";
      else if (p.data_source != data_name) why = "was trained on " + p.data_source;
      else if (p.library_version != library_version()) why = "was trained by Sieve " + p.library_version;
      else return true;
      why = path + " " + why;
    } catch (const ConfigError& e) {
      why = e.what();
    }
    return false;
  };
  return job;
}

ArrayJob ablate_array_job(const AblateOnSlurm& r) {
  const std::vector<train::AblationRow> plan = train::ablation_plan(r.config);  // a bad row fails here
  train::AblationOptions options;
  options.dir = absolute(r.out);
  options.folds = r.folds;
  options.seeds = r.seeds;
  if (options.seeds.empty()) throw ConfigError("the ablation needs at least one seed");
  ArrayJob job;
  job.name = "ablate";
  job.work_dir = absolute(r.work_dir);
  job.directory = fs::current_path().string();
  fs::create_directories(job.work_dir);
  const std::string data = absolute(r.data), recipe = job.work_dir + "/ablate-recipe.conf";
  if (!fs::is_regular_file(data::parse_hdf5_location(data).file))  // (an HDF5 table: FILE:/OBJECT)
    throw ConfigError("cannot open the training data " + data);
  write_recipe(recipe, r.config, "ablate");
  std::string seeds;
  for (const auto seed : r.seeds) {
    if (!seeds.empty()) seeds += ',';
    seeds += std::to_string(seed);
  }
  const std::vector<std::string> common = {r.sieve,  "ablate",  "--data",  data,     "--config", recipe,
                                           "--out",  options.dir, "--folds", std::to_string(r.folds),
                                           "--seeds", seeds, "--threads", std::to_string(r.resources.cpus_per_task),
                                           "--quiet"};
  const int cells = train::ablation_cells(plan, options);
  job.tasks = first_n(cells);
  job.task_command = common;
  job.task_command.insert(job.task_command.end(), {"--cell", "{task}"});
  job.merge_command = common;
  add_schema(r.schema, {&job.task_command, &job.merge_command});
  job.what_a_task_does = "computes cell {task} of the technique table (one row, one seed)";
  job.what_the_merge_does = "writes the technique table of the " + std::to_string(cells) + " cells into " + options.dir;
  job.task_resources = r.resources;
  job.merge_resources = r.resources;
  job.part_done = [plan, options](int cell, std::string& why) {
    if (train::ablation_cell_written(plan, options, cell)) return true;
    why = train::ablation_cell_path(plan, options, cell) + " is not there";
    return false;
  };
  return job;
}

ArrayJob score_array_job(const ScoreOnSlurm& r) {
  if (r.shards < 1) throw ConfigError("the number of shards must be at least 1, got " + std::to_string(r.shards));
  ArrayJob job;
  job.name = "score";
  job.work_dir = absolute(r.work_dir);
  job.directory = fs::current_path().string();
  fs::create_directories(job.work_dir + "/parts");
  const std::string model = absolute(r.model), in = absolute(r.in), out = absolute(r.out);
  if (!fs::is_regular_file(data::parse_hdf5_location(in).file)) throw ConfigError("cannot open the input " + in);
  const auto loaded = io::load_model(model);  // a bad model fails here, not in every task
  const std::uint32_t model_crc = score::model_checksum(*loaded);

  // What every shard gets; a part made for another request is not reused.
  std::string request = "model " + model + "\ninput " + in + "\nshards " + std::to_string(r.shards) + "\noptions";
  for (const auto& o : r.score_options) request += " " + o;
  request += "\n";
  const std::string request_path = job.work_dir + "/score-request.txt";
  const bool same_request = read_text(request_path) == request;
  io::write_file_atomically(request_path, request);

  job.tasks = first_n(r.shards);
  const std::string part_pattern = job.work_dir + "/parts/scores-{task}" + (is_gz(out) ? ".csv.gz" : ".csv");
  job.task_command = {r.sieve, "score", "--model", model, "--in", in, "--out", part_pattern,
                      "--shard", "{task}/" + std::to_string(r.shards), "--threads",
                      std::to_string(r.resources.cpus_per_task), "--quiet"};
  job.task_command.insert(job.task_command.end(), r.score_options.begin(), r.score_options.end());
  job.merge_command = {r.sieve, "merge-scores"};
  for (const int s : job.tasks) job.merge_command.push_back(score_part_path(job.work_dir, out, s));
  job.merge_command.insert(job.merge_command.end(), {"--out", out});
  job.what_a_task_does = "scores shard {task}/" + std::to_string(r.shards) + " of " + in;
  job.what_the_merge_does = "merges the " + std::to_string(r.shards) + " shards' scores into " + out;
  job.task_resources = r.resources;
  job.merge_resources = r.resources;
  job.merge_resources.cpus_per_task = 1;
  const std::string work = job.work_dir, input_name = score::shard_input_name(in);
  const auto input_bytes = score::shard_input_bytes(in);
  const int shards = r.shards;
  job.part_done = [work, out, input_name, input_bytes, model_crc, shards, same_request](int s, std::string& why) {
    const std::string path = score_part_path(work, out, s);
    if (!same_request) {
      why = "the parts were made for another request (" + work + "/score-request.txt)";
      return false;
    }
    try {
      const auto m = score::verify_shard(path);
      if (!(m.shard == score::ShardSpec{s, shards})) why = "is shard " + m.shard.str();
      else if (m.model_crc32 != model_crc) why = "was scored with another model";
      else if (m.input != input_name || m.input_bytes != input_bytes) why = "was scored from another input";
      else return true;
      why = path + " " + why;
    } catch (const ConfigError& e) {
      why = e.what();
    }
    return false;
  };
  return job;
}

} // namespace sieve::cluster
