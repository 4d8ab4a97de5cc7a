#include "sieve/score/shard_spec.hpp"

#include "sieve/error.hpp"

#include <charconv>

namespace sieve::score {

ShardSpec parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  ShardSpec s;
  auto number = [&](std::string_view part, int& out) {
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return !part.empty() && ec == std::errc() && end == part.data() + part.size();
  };
  const std::string_view all = text;
  if (slash == std::string::npos || !number(all.substr(0, slash), s.index) || !number(all.substr(slash + 1), s.count))
    throw ConfigError("shard '" + text + "': expected I/N, e.g. 0/4 for the first of 4 shards");
  if (s.count < 1 || s.index < 0 || s.index >= s.count)
    throw ConfigError("shard '" + text + "': I must be in 0 to N-1 and N at least 1");
  return s;
}

} // namespace sieve::score
