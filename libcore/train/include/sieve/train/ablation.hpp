#pragma once
// `sieve ablate`: the technique table (ablation_plan.hpp) measured on the caller's data.
// Every row is cross-validated (cross_validation.hpp) with the same outer folds and seeds;
// one (row, seed) cell is the unit of work, saved in DIR/cells/ when it is done, so that a
// run can stop and go on, and cells can be computed apart (one Slurm array task each). A
// saved cell is reused only when it was computed from the same recipe, data, folds and
// class totals by the same Sieve version; otherwise it is computed again.
#include "sieve/data/table.hpp"
#include "sieve/metrics/class_totals.hpp"
#include "sieve/train/ablation_plan.hpp"
#include "sieve/train/cross_validation.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sieve::train {

struct AblationOptions {
  std::string dir;  // where cells/ and the tables go (created)
  int folds = 3;
  std::vector<std::uint64_t> seeds = {1337, 2222, 3333};
  std::optional<metrics::ClassTotals> totals;  // none: cross_validation_totals()
  int threads = 0;
  // Compute only this cell (row * seeds.size() + seed index, the Slurm task number).
  std::optional<int> only_cell;
};

struct AblationCell {
  int row = 0;
  std::uint64_t seed = 0;
  std::vector<CrossValidationFold> folds;
  bool reused = false;  // read from DIR/cells/, not computed in this run
};

struct AblationRowResult {
  AblationRow row;
  std::vector<AblationCell> cells;   // one per seed, in the options' order
  MeanAndSpread auc, ams;            // of the per-seed means over folds
  double train_seconds = 0.0;        // member training per fold, mean
  double score_us_per_event = 0.0;   // scoring the held-out events, per event, mean
  int networks = 0;                  // networks in each fold's ensemble (members x snapshots)
};

struct AblationResult {
  std::string source;
  std::size_t events = 0;
  AblationOptions options;
  metrics::ClassTotals totals;  // the held-out weights were rescaled to these
  std::vector<AblationRowResult> rows;  // empty rows (no cell yet) only with only_cell
  int computed = 0, reused = 0;         // cells
};

// Called when a cell starts (reused = false) or is found done (reused = true).
using AblationProgress = std::function<void(const AblationRow&, std::uint64_t seed, int cell, int cells, bool reused)>;

// Number of cells: rows x seeds.
int ablation_cells(const std::vector<AblationRow>& plan, const AblationOptions& options);

// DIR/cells/NN-NAME.seed-SEED.cell of cell `cell` (row * seeds + seed index), and whether
// a cell file is there (whatever it was computed from).
std::string ablation_cell_path(const std::vector<AblationRow>& plan, const AblationOptions& options, int cell);
bool ablation_cell_written(const std::vector<AblationRow>& plan, const AblationOptions& options, int cell);

// Runs (or, with only_cell, one cell of) the plan on the table. Throws ConfigError for
// options cross_validate refuses, an only_cell out of range, or a directory that cannot be
// written; a cell file that does not read is computed again.
AblationResult run_ablation(const data::Table& table, const std::vector<AblationRow>& plan,
                            const AblationOptions& options, const AblationProgress& progress = {});

// The table as Markdown (with the command's settings above it) and as CSV (one line per
// row, every number; what the plot script reads). Rows without cells are left out.
std::string ablation_markdown(const AblationResult& result);
std::string ablation_csv(const AblationResult& result);

} // namespace sieve::train
