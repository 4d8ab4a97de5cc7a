#include "sieve/build_info.hpp"

#include <Eigen/Core>

namespace sieve {

std::string library_version() { return SIEVE_VERSION; }

std::string simd_instructions() { return Eigen::SimdInstructionSetsInUse(); }

int simd_float_lanes() { return Eigen::internal::packet_traits<float>::size; }

} // namespace sieve
