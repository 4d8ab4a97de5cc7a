#include "sieve/ensemble/partial_model.hpp"

#include "sieve/error.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace sieve::ensemble {

namespace {
int index_of(std::string_view text, std::string_view whole, int total) {
  int v = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw ConfigError("member list '" + std::string(whole) + "': '" + std::string(text) +
                      "' is not a member index (expected e.g. 3, 3,4 or 0-4)");
  if (v < 0 || v >= total)
    throw ConfigError("member list '" + std::string(whole) + "': member " + std::to_string(v) +
                      " is not one of the recipe's " + std::to_string(total) + " members (0 to " +
                      std::to_string(total - 1) + ")");
  return v;
}
} // namespace

std::vector<int> parse_member_list(const std::string& text, int total) {
  std::vector<int> out;
  std::string_view rest = text;
  if (rest.empty()) throw ConfigError("the member list is empty (expected e.g. 3, 3,4 or 0-4)");
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    const auto dash = item.find('-');
    if (dash == std::string_view::npos) {
      out.push_back(index_of(item, text, total));
    } else {
      const int first = index_of(item.substr(0, dash), text, total);
      const int last = index_of(item.substr(dash + 1), text, total);
      if (last < first)
        throw ConfigError("member list '" + text + "': the range " + std::string(item) + " is empty");
      for (int m = first; m <= last; ++m) out.push_back(m);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  std::sort(out.begin(), out.end());
  if (const auto dup = std::adjacent_find(out.begin(), out.end()); dup != out.end())
    throw ConfigError("member list '" + text + "': member " + std::to_string(*dup) + " is given twice");
  return out;
}

std::string format_member_list(const std::vector<int>& members) {
  std::string out;
  for (std::size_t i = 0; i < members.size();) {
    std::size_t j = i;
    while (j + 1 < members.size() && members[j + 1] == members[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(members[i]);
    if (j > i) {
      out.push_back(j == i + 1 ? ',' : '-');
      out += std::to_string(members[j]);
    }
    i = j + 1;
  }
  return out;
}

} // namespace sieve::ensemble
