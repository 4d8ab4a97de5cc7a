#pragma once
// --data FILE [--schema FILE] as the training commands take them (train, cross-validate,
// lr-find, slurm train): a labelled file and the dataset schema that describes it, the
// HiggsML 2014 preset by default for files in its layouts.
#include "cli.hpp"
#include "sieve/data/table.hpp"

namespace sieve::cli {

// --data is required unless `data_required` is false (a command that can run without it).
void add_dataset_flags(Options& options, bool data_required = true);

// The whole --data file read with its schema.
data::Table read_labelled_data(const Options& options);

} // namespace sieve::cli
