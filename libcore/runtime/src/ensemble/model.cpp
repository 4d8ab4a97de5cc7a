#include "sieve/ensemble/model.hpp"

#include "sieve/error.hpp"

namespace sieve::ensemble {

void set_reciprocal_weights(Model& model) {
  double total = 0.0;
  for (const Member& m : model.members) {
    if (!(m.best_loss > 0.0))
      throw ConfigError("ensemble weights need positive member losses, got " + std::to_string(m.best_loss));
    total += 1.0 / m.best_loss;
  }
  for (Member& m : model.members) m.weight = (1.0 / m.best_loss) / total;
}

} // namespace sieve::ensemble
