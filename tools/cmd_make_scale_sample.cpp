// `sieve make-scale-sample`: a full-size stand-in for the open-data release, made from real
// events by exact detector symmetries (sieve/physics/scale_sample.hpp), for timing only.
#include "cli.hpp"
#include "sieve/error.hpp"
#include "sieve/physics/scale_sample.hpp"

#include <iostream>

namespace {

int run(const std::vector<std::string>& args) {
  sieve::cli::Options options(
      "make-scale-sample",
      "Writes a file in the CERN Open Data layout with the release's sizes (250,000 't',\n"
      "100,000 'b', 450,000 'v', 18,238 'u' events), each event a real event of --from\n"
      "(cycled) moved by a random rotation in phi and reflections in y and z: DER features\n"
      "unchanged, fresh EventIds, KaggleWeight normalised per set and class to the published\n"
      "totals. For timing at full scale; never for a physics result (events repeat).");
  options.add("from", "source events (open data or Kaggle training layout, plain or .gz)", "", true)
      .add("out", "output CSV (gzip when it ends in .gz); written atomically", "", true)
      .add("seed", "seed of the symmetries and of the test-set order", "", true)
      .add("sizes", "counts of the t,b,v,u sets", "250000,100000,450000,18238");
  if (!options.parse(args)) return 0;
  const long long seed = options.integer("seed");
  if (seed < 0) throw sieve::ConfigError("--seed must be a non-negative integer");
  const auto sizes = sieve::physics::parse_scale_sample_sizes(options.str("sizes"));
  const std::size_t rows = sieve::physics::write_scale_sample(
      options.str("from"), options.str("out"), static_cast<std::uint64_t>(seed), sizes);
  std::cout << "wrote " << rows << " events to " << options.str("out") << '\n';
  return 0;
}

const sieve::cli::Registration registration(
    "make-scale-sample", "write a full-size open-data-layout file from real events by symmetries",
    run);

} // namespace
