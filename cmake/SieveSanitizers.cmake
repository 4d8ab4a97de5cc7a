# SIEVE_SANITIZE=address gives ASan+UBSan, SIEVE_SANITIZE=thread gives TSan, for every target.
if(SIEVE_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(SIEVE_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(NOT SIEVE_SANITIZE STREQUAL "")
  message(FATAL_ERROR "SIEVE_SANITIZE must be empty, address or thread, not '${SIEVE_SANITIZE}'")
endif()

# SIEVE_BUILD_FUZZERS: coverage instrumentation for libFuzzer in every target (the fuzz
# targets link -fsanitize=fuzzer themselves). Clang only; meant with SIEVE_SANITIZE=address.
if(SIEVE_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "SIEVE_BUILD_FUZZERS needs clang (libFuzzer), not ${CMAKE_CXX_COMPILER_ID}: "
                        "configure with -DCMAKE_CXX_COMPILER=clang++ (scripts/fuzz.sh does)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
