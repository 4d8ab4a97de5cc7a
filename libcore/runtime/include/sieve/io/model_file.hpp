#pragma once
// The model file: one self-contained, self-checking text file.
//
//   SIEVE-MODEL <format version>\n
//   crc32 <8 hex digits> bytes <payload size>\n
//   <payload: schema <bytes>\n <the dataset schema's TOML text> \n (format 2), then a
//    Boost.Serialization text archive (portable: no byte order, no native binary) of the
//    model, with class versions>
// Format 1 (before schemas) has no schema section: its models are HiggsML 2014 models,
// loaded with the preset. The archive of a preset model is the same in formats 1 and 2.
// Format 3 (several categorical columns) stores one list of code values per categorical
// column and the network's further embedding tables. A model is written in the oldest
// format that holds it: format 2 with at most one categorical column (so a HiggsML
// model's file is byte for byte what it was, and older builds read it), format 3 with
// several. Every format loads and scores the same, bit for bit.
//
// Loading checks, in order: the magic string, the format version (newer than this
// library: refused; older: read by the older layout), the payload size and CRC-32, then
// parses (never trusting a stored length beyond the payload size), checks that the parts
// fit together (network, pipeline, members, weights), then re-scores the stored real rows
// and compares with the scores stored at writing. Any failure is a
// ConfigError naming the file and the problem.
#include "sieve/ensemble/model.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace sieve::io {

inline constexpr std::string_view kModelMagic = "SIEVE-MODEL";
inline constexpr int kFormatVersion = 3;
// A partial model file (io/partial_model_file.hpp, sieve train --only-members) starts
// with this: the loader refuses it with a message that says to merge it.
inline constexpr std::string_view kPartialModelMagic = "SIEVE-PARTIAL-MODEL";
inline constexpr std::string_view kSchemaTag = "schema";

// The format a model is written in (written_format: 2, or 3 for several categoricals).
int written_format(const ensemble::Model& model);
std::string serialise_model(const ensemble::Model& model);
// Writes through a temporary file in the same directory, renamed at the end.
void save_model(const ensemble::Model& model, const std::string& path);

// What the content must be. Complete: a model file, which scores: besides every
// structural check, its ensemble weights sum to 1 and it holds self-test rows, which
// re-score. Members: the members of a partial model file (sieve train --only-members),
// which has no ensemble weights, cut or self-test rows yet.
enum class ModelCompleteness { Complete, Members };

// `source` names the content in messages.
ensemble::Model parse_model(std::string_view content, const std::string& source,
                            ModelCompleteness completeness = ModelCompleteness::Complete);
std::shared_ptr<const ensemble::Model> load_model(const std::string& path);

// Scores the model's self-test rows and throws ConfigError when one differs from its
// stored score by more than 1e-5.
void verify_self_test(const ensemble::Model& model, const std::string& source);

} // namespace sieve::io
