#pragma once
// Stand-in for System::PathResolver: finds a file by its logical name, as given when it
// exists, else in the directories of a colon-separated search-path environment variable
// (DATAPATH for data files), first match wins. An empty string when not found.
#include <string>

namespace System {
  class PathResolver {
  public:
    enum SearchType { LocalSearch, RecursiveSearch };
    static std::string find_file( const std::string& logical_file_name, const std::string& search_path,
                                  SearchType search_type = LocalSearch );
  };
} // namespace System
