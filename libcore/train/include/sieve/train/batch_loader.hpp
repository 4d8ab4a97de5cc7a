#pragma once
// Fills a network workspace with the standardised inputs of a list of events, each
// optionally moved by a random exact symmetry (train-time augmentation).
#include "sieve/nn/workspace.hpp"
#include "sieve/train/training_data.hpp"

#include <cstdint>
#include <optional>
#include <span>

namespace sieve::train {

// Event r is transformed by random_symmetry(key(*augment_key, r)) when augment_key is
// set, on physical momenta or standardised columns as the pipeline says. No allocation.
void load_batch(nn::Workspace& ws, const TrainingData& data, std::span<const std::uint32_t> rows,
                std::optional<std::uint64_t> augment_key);

} // namespace sieve::train
