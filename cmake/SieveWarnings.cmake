# Warnings for Sieve's own targets (not for users' code).
function(sieve_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast
                         # GCC 12 false positives inside Eigen's AVX-512 intrinsics
                         $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
  if(SIEVE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# The instruction set of Sieve's own code. -fno-math-errno lets GCC vectorise sqrt and
# friends (Sieve never reads errno after maths); it changes no result.
function(sieve_arch target)
  target_compile_options(${target} PRIVATE -fno-math-errno)
  if(SIEVE_ARCH STREQUAL "native")
    target_compile_options(${target} PRIVATE -march=native)
  elseif(SIEVE_ARCH STREQUAL "portable")
    target_compile_options(${target} PRIVATE -march=x86-64-v2)
  else()
    message(FATAL_ERROR "SIEVE_ARCH must be native or portable, not '${SIEVE_ARCH}'")
  endif()
endfunction()
