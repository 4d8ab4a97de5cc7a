#pragma once
// Stand-in for the part of GaudiKernel/System.h that resolves environment variables in a
// string: ${VAR} and $VAR are replaced by their values. Returns FAILURE (leaving `res` as
// far as it got) when a variable is not set.
#include "GaudiKernel/StatusCode.h"

#include <string>

namespace System {
  StatusCode resolveEnv( const std::string& var, std::string& res, int recursions = 124 );
} // namespace System
