#include "GaudiKernel/PathResolver.h"
#include "GaudiKernel/System.h"

#include <cctype>
#include <cstdlib>
#include <filesystem>

namespace System {

  StatusCode resolveEnv( const std::string& var, std::string& res, int recursions ) {
    res.clear();
    for ( std::size_t i = 0; i < var.size(); ) {
      if ( var[i] != '$' ) {
        res += var[i++];
        continue;
      }
      std::size_t begin = i + 1, end = begin;
      const bool  braced = begin < var.size() && var[begin] == '{';
      if ( braced ) {
        end = var.find( '}', ++begin );
        if ( end == std::string::npos ) return StatusCode::FAILURE;
      } else {
        while ( end < var.size() && ( std::isalnum( static_cast<unsigned char>( var[end] ) ) || var[end] == '_' ) ) ++end;
      }
      const char* value = std::getenv( var.substr( begin, end - begin ).c_str() );
      if ( !value ) return StatusCode::FAILURE;
      std::string expanded;
      if ( recursions > 0 && resolveEnv( value, expanded, recursions - 1 ).isFailure() ) return StatusCode::FAILURE;
      res += recursions > 0 ? expanded : value;
      i = braced ? end + 1 : end;
    }
    return StatusCode::SUCCESS;
  }

  std::string PathResolver::find_file( const std::string& logical_file_name, const std::string& search_path,
                                       SearchType search_type ) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if ( fs::is_regular_file( logical_file_name, ec ) ) return logical_file_name;
    const char* list = std::getenv( search_path.c_str() );
    if ( !list || fs::path( logical_file_name ).is_absolute() ) return "";
    const std::string dirs = list;
    for ( std::size_t start = 0; start <= dirs.size(); ) {
      const std::size_t colon = dirs.find( ':', start );
      const fs::path    dir   = dirs.substr( start, colon == std::string::npos ? std::string::npos : colon - start );
      if ( !dir.empty() ) {
        if ( fs::is_regular_file( dir / logical_file_name, ec ) ) return ( dir / logical_file_name ).string();
        if ( search_type == RecursiveSearch )
          for ( const auto& entry : fs::recursive_directory_iterator( dir, ec ) )
            if ( entry.is_regular_file( ec ) && entry.path().filename() == fs::path( logical_file_name ).filename() )
              return entry.path().string();
      }
      if ( colon == std::string::npos ) break;
      start = colon + 1;
    }
    return "";
  }

} // namespace System
