#include "sieve/data/table_filling.hpp"

namespace sieve::data {

void clear_rows(Table& t, const OptionalColumns& has, std::size_t reserve) {
  for (auto& f : t.features) f.clear();
  t.event_id.clear();
  t.weight.clear();
  t.other_weights.resize(has.other_weights);
  for (auto& w : t.other_weights) w.clear();
  t.label.clear();
  t.set.clear();
  t.line.clear();
  if (reserve == 0) return;
  for (auto& f : t.features) f.reserve(reserve);
  if (has.event_id) t.event_id.reserve(reserve);
  if (has.weight) t.weight.reserve(reserve);
  for (auto& w : t.other_weights) w.reserve(reserve);
  if (has.label) t.label.reserve(reserve);
  if (has.set) t.set.reserve(reserve);
  t.line.reserve(reserve);
}

void drop_partial_row(Table& t) {
  const std::size_t n = t.line.size();
  auto cut = [n](auto& column) {
    if (column.size() > n) column.resize(n);
  };
  for (auto& f : t.features) cut(f);
  cut(t.event_id);
  cut(t.weight);
  for (auto& w : t.other_weights) cut(w);
  cut(t.label);
  cut(t.set);
}

} // namespace sieve::data
