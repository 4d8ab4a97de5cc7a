#pragma once
// How every plot of the command line is drawn: a JSON description handed to a matplotlib
// script of tools/plot/ (Debian's python3-matplotlib), which writes the PNG.
#include <string>

namespace sieve::plot {

// Runs tools/plot/`script` (installed beside the package's data, else from the source tree)
// as `python3 SCRIPT SPEC.json OUT.png` on `spec_json`, through temporary files beside
// `path` that are renamed at the end, so that readers never see a partial file. Throws
// ConfigError naming the path when the directory does not exist, the script fails, or
// python3 with matplotlib is not there (Debian's /usr/bin/python3, or $SIEVE_PYTHON).
void draw_with_script(const std::string& script, const std::string& spec_json, const std::string& path);

} // namespace sieve::plot
