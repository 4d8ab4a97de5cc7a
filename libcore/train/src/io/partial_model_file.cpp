#include "sieve/io/partial_model_file.hpp"

#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/io/checksum.hpp"
#include "sieve/io/model_file.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace sieve::io {

namespace {
std::string_view next_line(std::string_view& rest, const std::string& source) {
  const auto nl = rest.find('\n');
  if (nl == std::string_view::npos) throw ConfigError(source + ": truncated header (the file is cut short)");
  const std::string_view line = rest.substr(0, nl);
  rest.remove_prefix(nl + 1);
  return line;
}
} // namespace

std::string serialise_partial_model(const ensemble::PartialModel& part) {
  const std::string body = "members " + ensemble::format_member_list(part.member_indices) + " of " +
                           std::to_string(part.total_members) + "\n" + serialise_model(part.model);
  return std::string(kPartialModelMagic) + " " + std::to_string(kPartialFormatVersion) + "\ncrc32 " +
         hex8(crc32_of(body)) + " bytes " + std::to_string(body.size()) + "\n" + body;
}

void save_partial_model(const ensemble::PartialModel& part, const std::string& path) {
  write_file_atomically(path, serialise_partial_model(part));
}

ensemble::PartialModel parse_partial_model(std::string_view content, const std::string& source) {
  auto fail = [&](const std::string& what) { return ConfigError(source + ": " + what); };
  std::string_view rest = content;
  if (rest.substr(0, kModelMagic.size()) == kModelMagic)
    throw fail("a complete model file, not a partial one (sieve train --only-members writes those)");
  if (rest.substr(0, kPartialModelMagic.size()) != kPartialModelMagic)
    throw fail("not a Sieve partial model file (expected it to start with '" + std::string(kPartialModelMagic) + "')");
  const std::string_view first = next_line(rest, source);
  int version = 0;
  {
    std::string_view v = first.substr(kPartialModelMagic.size());
    if (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
    if (ec != std::errc() || end != v.data() + v.size() || version < 1)
      throw fail("unreadable format version '" + std::string(v) + "'");
  }
  if (version > kPartialFormatVersion)
    throw fail("partial format version " + std::to_string(version) + " is newer than this library reads (" +
               std::to_string(kPartialFormatVersion) + "): upgrade Sieve");
  const std::string second(next_line(rest, source));
  char hex[9] = {};
  unsigned long long bytes = 0;
  if (std::sscanf(second.c_str(), "crc32 %8[0-9a-f] bytes %llu", hex, &bytes) != 2)
    throw fail("unreadable checksum line '" + second + "'");
  const auto stored = static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16));
  if (rest.size() < bytes)
    throw fail("truncated: the payload has " + std::to_string(rest.size()) + " of " + std::to_string(bytes) + " bytes");
  if (rest.size() > bytes)
    throw fail("trailing data: the payload has " + std::to_string(rest.size()) + " bytes, the header says " +
               std::to_string(bytes));
  if (crc32_of(rest) != stored)
    throw fail("checksum mismatch (stored " + hex8(stored) + ", computed " + hex8(crc32_of(rest)) + "): the file is corrupt");

  ensemble::PartialModel part;
  const std::string members_line(next_line(rest, source));
  const auto of = members_line.rfind(" of ");
  if (members_line.rfind("members ", 0) != 0 || of == std::string::npos || of < 8)
    throw fail("unreadable member line '" + members_line + "'");
  {
    const std::string total = members_line.substr(of + 4);
    const auto [end, ec] = std::from_chars(total.data(), total.data() + total.size(), part.total_members);
    if (ec != std::errc() || end != total.data() + total.size() || part.total_members < 1)
      throw fail("unreadable member count in '" + members_line + "'");
  }
  try {
    part.member_indices = ensemble::parse_member_list(members_line.substr(8, of - 8), part.total_members);
  } catch (const ConfigError& e) {
    throw fail(e.what());
  }
  part.model = parse_model(rest, source + " (its members)", ModelCompleteness::Members);
  if (part.model.members.size() != part.member_indices.size())
    throw fail("the member line names " + std::to_string(part.member_indices.size()) + " members, the file holds " +
               std::to_string(part.model.members.size()));
  return part;
}

ensemble::PartialModel load_partial_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot open partial model file " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return parse_partial_model(content.str(), path);
}

} // namespace sieve::io
