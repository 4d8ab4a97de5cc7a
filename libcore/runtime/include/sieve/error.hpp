#pragma once
// The two exception types of Sieve (in the manner of lwtnn's configuration and
// evaluation exceptions). Messages name the file, line, column, feature, expected and
// actual values: a user should be able to fix the input from the message alone.
#include <stdexcept>
#include <string>

namespace sieve {

// Configuration and load problems: bad options, unreadable or corrupt files, names that
// do not bind, malformed data files. Thrown at set-up time.
class ConfigError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Per-call input problems: a value the model cannot score, a span of the wrong size.
class InputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace sieve
