#include "FWCore/ParameterSet/interface/FileInPath.h"
#include "FWCore/Utilities/interface/EDMException.h"

#include <cstdlib>
#include <filesystem>
#include <ostream>

namespace edm {

  FileInPath::FileInPath(std::string const& relativePath) : relativePath_(relativePath) { initialize_(); }

  FileInPath::FileInPath(char const* relativePath)
      : relativePath_(relativePath ? relativePath
                                   : (throw Exception(errors::FileInPathError) << "Relative path may not be null\n",
                                      "")) {
    initialize_();
  }

  void FileInPath::initialize_() {
    namespace fs = std::filesystem;
    if (relativePath_.empty())
      throw Exception(errors::FileInPathError) << "Relative path may not be empty\n";
    char const* searchPath = std::getenv("CMSSW_SEARCH_PATH");
    if (searchPath == nullptr)
      throw Exception(errors::FileInPathError) << "CMSSW_SEARCH_PATH must be defined\n";
    std::string const path(searchPath);
    std::size_t start = 0;
    while (start <= path.size()) {
      std::size_t const stop = std::min(path.find(':', start), path.size());
      fs::path const prefix = path.substr(start, stop - start);
      start = stop + 1;
      if (prefix.empty()) continue;
      fs::path const candidate = prefix / relativePath_;
      std::error_code ec;
      if (!fs::exists(candidate, ec)) continue;
      if (fs::is_directory(candidate, ec))
        throw Exception(errors::FileInPathError) << "Path " << candidate.string() << " is a directory, not a file\n";
      canonicalFilename_ = fs::absolute(candidate, ec).lexically_normal().string();
      return;
    }
    throw Exception(errors::FileInPathError)
        << "edm::FileInPath unable to find file " << relativePath_ << " anywhere in the search path."
        << "\nThe search path is defined by: CMSSW_SEARCH_PATH"
        << "\n${CMSSW_SEARCH_PATH} is: " << path << "\nCurrent directory is: " << fs::current_path().string() << "\n";
  }

  std::ostream& operator<<(std::ostream& os, FileInPath const& fip) { return os << fip.relativePath(); }

}  // namespace edm
