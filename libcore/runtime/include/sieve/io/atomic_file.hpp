#pragma once
// Writing a file so that a crash never leaves half of it: write to a temporary file in
// the same directory, then rename it over the destination.
#include <string>
#include <string_view>

namespace sieve::io {

void write_file_atomically(const std::string& path, std::string_view content);

} // namespace sieve::io
