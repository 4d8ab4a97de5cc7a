#pragma once
// The two JSON leaves the tools' reports need, formatted strictly: numbers (non-finite
// values become null, which JSON has no number for) and quoted, escaped strings.
#include <string>
#include <string_view>

namespace sieve::io {

// Shortest round-trip decimal (up to 17 significant digits); "null" for NaN or infinity.
std::string json_number(double value);
// "..." with ", \, and control characters escaped.
std::string json_string(std::string_view text);

} // namespace sieve::io
