#pragma once
// The partial model file (sieve train --only-members): one self-checking text file,
//
//   SIEVE-PARTIAL-MODEL <format version>\n
//   crc32 <8 hex digits> bytes <payload size>\n
//   <payload:>
//   members <list, e.g. 3,4 or 0-4> of <the recipe's member count>\n
//   <a model file (model_file.hpp) holding those members in that order, with what the
//    merge needs: pipeline, network, TTA, provenance (library version, recipe options,
//    seed, data file, rows and checksum); ensemble weights 0, no cut, no self-test rows>
//
// It is not a model: load_model() refuses it with a message that says to merge it
// (sieve merge-models). Loading checks the magic string, the version, size and CRC-32 of
// the payload, then the inner model file as load_model() does, then that the member list
// matches the members held. Failures are ConfigError naming the file.
#include "sieve/ensemble/partial_model.hpp"
#include "sieve/io/model_file.hpp"  // kPartialModelMagic

#include <string>
#include <string_view>

namespace sieve::io {

inline constexpr int kPartialFormatVersion = 1;

std::string serialise_partial_model(const ensemble::PartialModel& part);
// Writes through a temporary file in the same directory, renamed at the end.
void save_partial_model(const ensemble::PartialModel& part, const std::string& path);

// `source` names the content in messages.
ensemble::PartialModel parse_partial_model(std::string_view content, const std::string& source);
ensemble::PartialModel load_partial_model(const std::string& path);

} // namespace sieve::io
