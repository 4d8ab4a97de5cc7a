#ifndef FWCore_ParameterSet_FileInPath_h
#define FWCore_ParameterSet_FileInPath_h
// Stand-in for edm::FileInPath: a file named by a path relative to the directories of the
// colon-separated CMSSW_SEARCH_PATH, resolved when constructed (the first directory that
// has it wins). Throws edm::Exception(FileInPathError) when CMSSW_SEARCH_PATH is not set,
// the path is empty, names a directory, or is found nowhere, with CMSSW's message. As with
// a path joined to a directory, an absolute path resolves to itself.
#include <iosfwd>
#include <string>

namespace edm {

  class FileInPath {
  public:
    FileInPath() = default;
    explicit FileInPath(std::string const& relativePath);
    explicit FileInPath(char const* relativePath);

    std::string const& relativePath() const { return relativePath_; }
    std::string const& fullPath() const { return canonicalFilename_; }

    bool operator==(FileInPath const& other) const { return relativePath_ == other.relativePath_; }

  private:
    void initialize_();
    std::string relativePath_;
    std::string canonicalFilename_;
  };

  std::ostream& operator<<(std::ostream& os, FileInPath const& fip);

}  // namespace edm

#endif
