#include "sieve/train/ablation.hpp"

#include "sieve/build_info.hpp"
#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/io/checksum.hpp"
#include "sieve/train/recipe.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

namespace sieve::train {

namespace {

namespace fs = std::filesystem;
constexpr const char* kCellMagic = "sieve-ablation-cell 1";

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

// What a cell's numbers depend on; a saved cell with another key is computed again.
std::string cell_key(const AblationRow& row, std::uint64_t seed, const AblationOptions& o,
                     const metrics::ClassTotals& totals, std::size_t rows, std::uint32_t data_crc) {
  RecipeConfig c = row.config;
  c.seed = seed;
  const std::string text = c.describe() + "data " + std::to_string(rows) + " " + io::hex8(data_crc) + "\nfolds " +
                           std::to_string(o.folds) + "\ntotals " + number(totals.signal) + " " +
                           number(totals.background) + "\nsieve " + library_version() + "\n";
  return io::hex8(io::crc32_of(text));
}

std::string cell_path(const AblationOptions& o, int row, const AblationRow& r, std::uint64_t seed) {
  char index[8];
  std::snprintf(index, sizeof index, "%02d", row);
  return o.dir + "/cells/" + index + "-" + r.name + ".seed-" + std::to_string(seed) + ".cell";
}

std::string cell_text(const std::string& key, const std::vector<CrossValidationFold>& folds) {
  std::string out = std::string(kCellMagic) + "\nkey " + key + "\n";
  for (const auto& f : folds)
    out += "fold " + std::to_string(f.fold) + " " + std::to_string(f.train_events) + " " +
           std::to_string(f.test_events) + " " + number(f.auc) + " " + number(f.ams) + " " + number(f.cut) + " " +
           number(f.train_seconds) + " " + number(f.score_seconds) + " " + number(f.seconds) + "\n";
  return out;
}

// The folds of a saved cell made with `key`, or nothing (missing, another key, unreadable).
std::optional<std::vector<CrossValidationFold>> read_cell(const std::string& path, const std::string& key,
                                                          std::uint64_t seed, int folds) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line) || line != kCellMagic) return std::nullopt;
  if (!std::getline(in, line) || line != "key " + key) return std::nullopt;
  std::vector<CrossValidationFold> out;
  while (std::getline(in, line)) {
    std::istringstream s(line);
    std::string word;
    CrossValidationFold f;
    f.seed = seed;
    if (!(s >> word >> f.fold >> f.train_events >> f.test_events >> f.auc >> f.ams >> f.cut >> f.train_seconds >>
          f.score_seconds >> f.seconds) ||
        word != "fold" || f.fold != static_cast<int>(out.size()))
      return std::nullopt;
    out.push_back(f);
  }
  if (static_cast<int>(out.size()) != folds) return std::nullopt;
  return out;
}

int networks(const RecipeConfig& c) { return c.members * (c.snapshots > 0 ? c.snapshots : 1); }

void summarise(AblationRowResult& r) {
  std::vector<double> aucs, amss;
  double train = 0.0, score = 0.0, events = 0.0, folds = 0.0;
  for (const AblationCell& cell : r.cells) {
    double auc = 0.0, ams = 0.0;
    for (const auto& f : cell.folds) {
      auc += f.auc / static_cast<double>(cell.folds.size());
      ams += f.ams / static_cast<double>(cell.folds.size());
      train += f.train_seconds;
      score += f.score_seconds;
      events += static_cast<double>(f.test_events);
      folds += 1.0;
    }
    aucs.push_back(auc);
    amss.push_back(ams);
  }
  r.auc = mean_and_spread(aucs);
  r.ams = mean_and_spread(amss);
  r.train_seconds = folds > 0 ? train / folds : 0.0;
  r.score_us_per_event = events > 0 ? 1e6 * score / events : 0.0;
  r.networks = networks(r.row.config);
}

} // namespace

int ablation_cells(const std::vector<AblationRow>& plan, const AblationOptions& o) {
  return static_cast<int>(plan.size() * o.seeds.size());
}

std::string ablation_cell_path(const std::vector<AblationRow>& plan, const AblationOptions& o, int cell) {
  const auto seeds = static_cast<int>(o.seeds.size());
  const int row = cell / seeds;
  return cell_path(o, row, plan.at(static_cast<std::size_t>(row)), o.seeds.at(static_cast<std::size_t>(cell % seeds)));
}

bool ablation_cell_written(const std::vector<AblationRow>& plan, const AblationOptions& o, int cell) {
  std::ifstream in(ablation_cell_path(plan, o, cell));
  std::string line;
  return in && std::getline(in, line) && line == kCellMagic;
}

AblationResult run_ablation(const data::Table& table, const std::vector<AblationRow>& plan, const AblationOptions& o,
                            const AblationProgress& progress) {
  if (o.dir.empty()) throw ConfigError("the ablation needs an output directory");
  if (o.seeds.empty()) throw ConfigError("the ablation needs at least one seed");
  if (o.folds < 2) throw ConfigError("the ablation needs at least 2 folds, got " + std::to_string(o.folds));
  const int cells = ablation_cells(plan, o);
  if (o.only_cell && (*o.only_cell < 0 || *o.only_cell >= cells))
    throw ConfigError("cell " + std::to_string(*o.only_cell) + " is not one of the ablation's " +
                      std::to_string(cells) + " cells (0 to " + std::to_string(cells - 1) + ")");
  std::error_code ec;
  fs::create_directories(o.dir + "/cells", ec);
  if (ec) throw ConfigError("cannot create " + o.dir + "/cells: " + ec.message());
  data::Table storage;
  const data::Table& rows = recipe_rows(table, storage);
  const std::uint32_t crc = data_checksum(rows);
  const metrics::ClassTotals totals = cross_validation_totals(rows, o.totals);

  AblationResult result;
  result.source = rows.source;
  result.events = rows.rows();
  result.options = o;
  result.totals = totals;
  const auto seeds = static_cast<int>(o.seeds.size());
  for (int i = 0; i < static_cast<int>(plan.size()); ++i) {
    AblationRowResult r;
    r.row = plan[static_cast<std::size_t>(i)];
    for (int s = 0; s < seeds; ++s) {
      const int cell = i * seeds + s;
      const std::uint64_t seed = o.seeds[static_cast<std::size_t>(s)];
      const std::string key = cell_key(r.row, seed, o, totals, rows.rows(), crc), path = ablation_cell_path(plan, o, cell);
      AblationCell c{i, seed, {}, false};
      if (auto saved = read_cell(path, key, seed, o.folds)) {
        c.folds = std::move(*saved);
        c.reused = true;
        ++result.reused;
        if (progress) progress(r.row, seed, cell, cells, true);
      } else if (!o.only_cell || *o.only_cell == cell) {
        if (progress) progress(r.row, seed, cell, cells, false);
        CrossValidationOptions cv;
        cv.folds = o.folds;
        cv.seeds = {seed};
        cv.totals = totals;
        cv.threads = o.threads;
        const CrossValidationResult done = cross_validate(rows, r.row.config, cv);
        c.folds = done.seeds.front().folds;
        io::write_file_atomically(path, cell_text(key, c.folds));
        ++result.computed;
      } else {
        continue;
      }
      r.cells.push_back(std::move(c));
    }
    if (!r.cells.empty()) summarise(r);
    result.rows.push_back(std::move(r));
  }
  return result;
}

namespace {

std::string fixed(double v, int digits) {
  if (std::isnan(v)) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", digits, v);
  return text;
}

std::string signed_fixed(double v, int digits) {
  if (std::isnan(v)) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%+.*f", digits, v);
  return text;
}

// The reference row's result when it has cells, else nullptr.
const AblationRowResult* reference(const AblationResult& r, const AblationRowResult& row) {
  if (row.row.reference < 0) return nullptr;
  const AblationRowResult& ref = r.rows[static_cast<std::size_t>(row.row.reference)];
  return ref.cells.empty() ? nullptr : &ref;
}

double nan() { return std::numeric_limits<double>::quiet_NaN(); }

struct Deltas {
  double auc = nan(), ams = nan(), train = nan(), test = nan();
};

Deltas deltas(const AblationResult& r, const AblationRowResult& row) {
  Deltas d;
  if (const AblationRowResult* ref = reference(r, row)) {
    d.auc = row.auc.mean - ref->auc.mean;
    d.ams = row.ams.mean - ref->ams.mean;
    d.train = ref->train_seconds > 0 ? row.train_seconds / ref->train_seconds - 1.0 : nan();
    d.test = ref->score_us_per_event > 0 ? row.score_us_per_event / ref->score_us_per_event - 1.0 : nan();
  }
  return d;
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string seeds_text(const std::vector<std::uint64_t>& seeds) {
  std::string out;
  for (const auto s : seeds) {
    if (!out.empty()) out += ',';
    out += std::to_string(s);
  }
  return out;
}

} // namespace

std::string ablation_markdown(const AblationResult& r) {
  std::ostringstream o;
  o << "# Technique table\n\n"
    << "Data: `" << fs::path(r.source).filename().string() << "`, " << r.events << " events; " << r.options.folds
    << "-fold cross-validation, seeds " << seeds_text(r.options.seeds) << " (the same outer folds for every row).\n"
    << "AUC: weighted ROC AUC of the held-out events; AMS at each fold model's cut, held-out weights rescaled to s "
    << fixed(r.totals.signal, 6) << ", b " << fixed(r.totals.background, 6)
    << ". Both: mean over seeds of the per-seed mean over folds, +- the sample std over seeds.\n"
    << "Delta: against the row in *vs*; time deltas are fractional changes, as in the paper's table. Train: member "
       "training per fold. Test: scoring the held-out events, per event (TTA as the row's recipe says).\n\n"
    << "| # | configuration | vs | AUC | dAUC | AMS | dAMS | networks | train s/fold | dtrain | test us/event | dtest |\n"
    << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const AblationRowResult& row = r.rows[i];
    if (row.cells.empty()) continue;
    const Deltas d = deltas(r, row);
    const std::string label = row.row.kept ? row.row.label : "*" + row.row.label + "*";
    o << "| " << i << " | " << label << " | " << (row.row.reference < 0 ? "" : std::to_string(row.row.reference))
      << " | " << fixed(row.auc.mean, 4) << " +- " << fixed(row.auc.std, 4) << " | " << signed_fixed(d.auc, 4)
      << " | " << fixed(row.ams.mean, 3) << " +- " << fixed(row.ams.std, 3) << " | " << signed_fixed(d.ams, 3)
      << " | " << row.networks << " | " << fixed(row.train_seconds, 2) << " | " << signed_fixed(d.train, 2) << " | "
      << fixed(row.score_us_per_event, 2) << " | " << signed_fixed(d.test, 2) << " |\n";
  }
  o << "\nRows in italics were tried and dropped (by the paper); the others lead, one technique at a time, to the "
       "final recipe.\nTechniques (the recipe options each row changes against its reference):\n\n";
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const AblationRow& row = r.rows[i].row;
    o << "- " << i << " " << row.name << ": "
      << (row.technique.empty() ? "the ReLU 4x100 baseline as one network" : joined(row.technique, ", ")) << '\n';
  }
  return o.str();
}

std::string ablation_csv(const AblationResult& r) {
  std::ostringstream o;
  o << "index,name,label,reference,kept,technique,networks,seeds_done,auc_mean,auc_std,ams_mean,ams_std,delta_auc,"
       "delta_ams,train_seconds_per_fold,test_us_per_event,delta_train,delta_test\n";
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const AblationRowResult& row = r.rows[i];
    if (row.cells.empty()) continue;
    const Deltas d = deltas(r, row);
    o << i << ',' << row.row.name << ",\"" << row.row.label << "\"," << row.row.reference << ','
      << (row.row.kept ? 1 : 0) << ",\"" << joined(row.row.technique, " ") << "\"," << row.networks << ','
      << row.cells.size() << ',' << number(row.auc.mean) << ',' << number(row.auc.std) << ','
      << number(row.ams.mean) << ',' << number(row.ams.std) << ',' << number(d.auc) << ',' << number(d.ams) << ','
      << number(row.train_seconds) << ',' << number(row.score_us_per_event) << ',' << number(d.train) << ','
      << number(d.test) << '\n';
  }
  return o.str();
}

} // namespace sieve::train
