#include "sieve/score/score_shard.hpp"

#include "sieve/data/hdf5_reader.hpp"
#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/io/model_file.hpp"

#include <zlib.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace sieve::score {

namespace {

constexpr std::string_view kMagic = "SIEVE-SCORE-SHARD 1";

std::string hex8(std::uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

std::uint32_t file_crc(const std::string& path, std::uint64_t& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot open " + path);
  std::vector<char> buffer(std::size_t{1} << 20);
  uLong crc = crc32(0L, Z_NULL, 0);
  bytes = 0;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    crc = crc32(crc, reinterpret_cast<const Bytef*>(buffer.data()), static_cast<uInt>(n));
    bytes += n;
  }
  if (in.bad()) throw ConfigError("cannot read " + path);
  return static_cast<std::uint32_t>(crc);
}

} // namespace

std::string shard_manifest_path(const std::string& scores_path) { return scores_path + ".shard"; }

std::uint32_t model_checksum(const ensemble::Model& model) {
  const std::string s = io::serialise_model(model);
  return static_cast<std::uint32_t>(
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

std::string serialise_shard_manifest(const ShardManifest& m) {
  std::ostringstream o;
  o << kMagic << "\nshard " << m.shard.str() << "\nblock_rows " << m.block_rows << "\ninput " << m.input
    << "\ninput_bytes " << m.input_bytes << "\ndata_rows " << m.data_rows << "\nmodel_crc32 " << hex8(m.model_crc32)
    << "\ntta " << (m.tta ? "on" : "off") << "\ncolumns " << join(m.columns) << "\nscored_rows " << m.scored_rows
    << "\nskipped_lines";
  for (const auto line : m.skipped_lines) o << ' ' << line;
  o << "\nscores_bytes " << m.scores_bytes << "\nscores_crc32 " << hex8(m.scores_crc32) << '\n';
  return o.str();
}

ShardManifest parse_shard_manifest(const std::string& content, const std::string& source) {
  std::istringstream in(content);
  std::string line;
  if (!std::getline(in, line) || line != kMagic)
    throw ConfigError(source + ": not a Sieve shard manifest (expected it to start with '" + std::string(kMagic) +
                      "')");
  std::map<std::string, std::string> fields;
  for (int number = 2; std::getline(in, line); ++number) {
    const auto space = line.find(' ');
    const std::string key = line.substr(0, space), value = space == std::string::npos ? "" : line.substr(space + 1);
    if (!fields.emplace(key, value).second)
      throw ConfigError(source + " line " + std::to_string(number) + ": " + key + " given twice");
  }
  auto field = [&](const std::string& key) -> const std::string& {
    const auto it = fields.find(key);
    if (it == fields.end()) throw ConfigError(source + ": no " + key + " line (the manifest is cut short?)");
    return it->second;
  };
  auto number = [&](const std::string& key, std::string_view text, int base = 10) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
      throw ConfigError(source + ": " + key + " '" + std::string(text) + "' is not a number");
    return v;
  };
  ShardManifest m;
  try {
    m.shard = parse_shard(field("shard"));
  } catch (const ConfigError& e) {
    throw ConfigError(source + ": " + e.what());
  }
  m.block_rows = number("block_rows", field("block_rows"));
  m.input = field("input");
  m.input_bytes = number("input_bytes", field("input_bytes"));
  m.data_rows = number("data_rows", field("data_rows"));
  m.model_crc32 = static_cast<std::uint32_t>(number("model_crc32", field("model_crc32"), 16));
  const std::string& tta = field("tta");
  if (tta != "on" && tta != "off") throw ConfigError(source + ": tta must be on or off, got '" + tta + "'");
  m.tta = tta == "on";
  for (std::string_view rest = field("columns"); !rest.empty();) {
    const auto comma = rest.find(',');
    m.columns.emplace_back(rest.substr(0, comma));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  m.scored_rows = number("scored_rows", field("scored_rows"));
  std::istringstream lines(field("skipped_lines"));
  for (std::string item; lines >> item;)
    m.skipped_lines.push_back(static_cast<std::int64_t>(number("skipped_lines", item)));
  m.scores_bytes = number("scores_bytes", field("scores_bytes"));
  m.scores_crc32 = static_cast<std::uint32_t>(number("scores_crc32", field("scores_crc32"), 16));
  if (m.block_rows == 0 || m.columns.size() < 2) throw ConfigError(source + ": no block size or no score columns");
  return m;
}

FileScoreResult score_shard(std::shared_ptr<const ensemble::Model> model, const std::string& in,
                            const std::string& out, FileScoreOptions options) {
  if (!options.shard) throw ConfigError("score_shard needs a shard (I/N)");
  if (data::has_hdf5_suffix(out))
    throw ConfigError(out + ": a shard's scores are CSV, the input of sieve merge-scores (name it .csv or .csv.gz)");
  options.bad_lines_kept = std::numeric_limits<std::size_t>::max();
  ShardManifest m;
  m.model_crc32 = model_checksum(*model);
  m.tta = options.scorer.tta && model->tta;
  FileScoreResult result = score_file(std::move(model), in, out, options);
  m.shard = *options.shard;
  m.block_rows = result.block_rows;
  m.input = shard_input_name(in);
  m.input_bytes = shard_input_bytes(in);
  m.data_rows = result.data_rows;
  m.columns = result.columns;
  m.scored_rows = result.events;
  m.skipped_lines = result.first_bad_lines;
  m.scores_crc32 = file_crc(out, m.scores_bytes);
  io::write_file_atomically(shard_manifest_path(out), serialise_shard_manifest(m));
  return result;
}

std::string shard_input_name(const std::string& in) {
  const data::Hdf5Location input = data::parse_hdf5_location(in);  // a CSV file: the whole path
  return std::filesystem::path(input.file).filename().string() + (input.object.empty() ? "" : ":" + input.object);
}

std::uint64_t shard_input_bytes(const std::string& in) {
  return std::filesystem::file_size(data::parse_hdf5_location(in).file);
}

ShardManifest verify_shard(const std::string& scores_path) {
  const std::string path = shard_manifest_path(scores_path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": no shard manifest (is " + scores_path + " the output of sieve score --shard?)");
  std::ostringstream content;
  content << in.rdbuf();
  const ShardManifest m = parse_shard_manifest(content.str(), path);
  if (!std::filesystem::exists(scores_path)) throw ConfigError(scores_path + ": missing (its manifest exists)");
  std::uint64_t bytes = 0;
  const std::uint32_t crc = file_crc(scores_path, bytes);
  if (bytes != m.scores_bytes || crc != m.scores_crc32)
    throw ConfigError(scores_path + ": " + std::to_string(bytes) + " bytes with CRC-32 " + hex8(crc) +
                      ", its manifest says " + std::to_string(m.scores_bytes) + " bytes with " + hex8(m.scores_crc32) +
                      ": the file was changed or cut short");
  return m;
}

} // namespace sieve::score
