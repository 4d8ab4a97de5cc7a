#pragma once
// A full-size stand-in for the CERN Open Data release, made from the real events at hand by
// the exact detector symmetries: for timing the reader, training and scoring at the
// release's scale. Never use it for a physics result (its events repeat).
//
// Output row r (0-based) is source row r mod n, moved by random_symmetry(key(seed,
// kScaleSampleStream, r)) (a rotation in phi and reflections in y and z, symmetry.hpp):
// PRI momenta move, every DER feature is unchanged (they are invariant). The file has the
// open-data layout (EventId, 30 features, Weight, Label, KaggleSet, KaggleWeight):
//  - EventId 100000 + r (fresh, like the release's 100000..918237);
//  - KaggleSet: the first `train` rows are 't', as in the release; the test rows after
//    them are 'b', 'v' and 'u' in the release's proportions, in an order shuffled by the
//    seed (the release interleaves them too);
//  - Label: the source row's;
//  - KaggleWeight: the source row's analysis weight (KaggleWeight, or Weight for a Kaggle
//    training file) rescaled per KaggleSet and class, so that every set's signal sums to
//    691.988608 and its background to 410999.847322 (the published totals; the release
//    normalises each set the same way; 'u' follows the same rule here);
//  - Weight: the same source weight rescaled per class over the whole file, so that the
//    file's signal and background sum to the same totals.
// A set that has rows of only one class cannot be normalised: ConfigError.
#include "sieve/data/table.hpp"
#include "sieve/physics/raw_event.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sieve::physics {

inline constexpr double kSignalWeightTotal = 691.988608;
inline constexpr double kBackgroundWeightTotal = 410999.847322;
inline constexpr std::uint64_t kScaleSampleStream = 0x5ca1e5a3;

struct ScaleSampleSizes {
  std::size_t train = 250000;         // 't'
  std::size_t public_test = 100000;   // 'b'
  std::size_t private_test = 450000;  // 'v'
  std::size_t unused = 18238;         // 'u'

  std::size_t total() const { return train + public_test + private_test + unused; }
};

// "t,b,v,u" as four non-negative integers, e.g. "200,100,300,20". Throws ConfigError.
ScaleSampleSizes parse_scale_sample_sizes(std::string_view text);

class ScaleSample {
public:
  // `source` must hold the 30 HiggsML features, labels and a weight, with rows of both
  // classes. Throws ConfigError otherwise. Keeps a reference to `source`.
  ScaleSample(const data::Table& source, std::uint64_t seed, const ScaleSampleSizes& sizes = {});

  std::size_t rows() const { return sets_.size(); }
  // Replaces `out`'s rows by output rows [first, first + count) (clipped to rows()), in the
  // open-data layout, reusing its buffers: its schema is the HiggsML preset, its weight
  // KaggleWeight and its other weight Weight (Table::role_columns).
  void fill(std::size_t first, std::size_t count, data::Table& out) const;

private:
  const data::Table& source_;
  std::uint64_t seed_;
  std::vector<char> sets_;  // KaggleSet of each output row
  TableColumns columns_;
  std::array<double, 8> kaggle_scale_{};  // by set (t, b, v, u) * 2 + label
  std::array<double, 2> weight_scale_{};  // by label
};

// Reads `from` (any HiggsML layout with labels and weights), writes the scale sample to
// `out` (gzip when it ends in .gz) through the CSV writer: under a temporary name, renamed
// at the end. Returns the number of rows written.
std::size_t write_scale_sample(const std::string& from, const std::string& out,
                               std::uint64_t seed, const ScaleSampleSizes& sizes = {});

} // namespace sieve::physics
