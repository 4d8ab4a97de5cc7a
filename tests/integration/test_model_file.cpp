#define BOOST_TEST_MODULE model_file
#include <boost/test/unit_test.hpp>

#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/random.hpp"
#include "sieve/train/recipe.hpp"

#include <fstream>
#include <sstream>

using namespace sieve;

namespace {

const ensemble::Model& small_model() {
  static const ensemble::Model model = [] {
    auto c = test::small_recipe();
    c.members = 2;
    c.network.width = 8;
    c.network.depth = 2;
    c.epochs = 1;
    return train::train_recipe(test::real_events(), c, 2).model;
  }();
  return model;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The header line 2 records the payload's CRC: rewrite it so that a deliberately edited
// payload reaches the parser (to test what lies behind the checksum).
std::string with_fresh_checksum(const std::string& file, const std::string& payload) {
  const auto first = file.find('\n');
  const std::string& body = payload;
  char line[64];
  const auto crc = [](const std::string& s) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char ch : s) {
      c ^= ch;
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
  }(body);
  std::snprintf(line, sizeof line, "crc32 %08x bytes %zu\n", crc, body.size());
  return file.substr(0, first + 1) + line + body;
}

std::string payload_of(const std::string& file) {
  const auto second = file.find('\n', file.find('\n') + 1);
  return file.substr(second + 1);
}

// The Boost archive of a format-2 payload: what follows "schema <bytes>\n<toml>\n".
std::string archive_of(const std::string& payload) {
  BOOST_REQUIRE(payload.rfind("schema ", 0) == 0);
  const auto end_of_line = payload.find('\n');
  const std::size_t size = std::stoul(payload.substr(7, end_of_line - 7));
  return payload.substr(end_of_line + 1 + size + 1);
}

bool says(const ConfigError& e, const std::string& part) {
  const bool ok = std::string(e.what()).find(part) != std::string::npos;
  if (!ok) BOOST_TEST_MESSAGE("message was: " << e.what());
  return ok;
}

} // namespace

BOOST_AUTO_TEST_CASE(round_trip_is_exact) {
  const auto& m = small_model();
  test::TempDir dir;
  const std::string path = dir.path() + "/m.model";
  io::save_model(m, path);
  const auto loaded = io::load_model(path);
  BOOST_TEST((*loaded == m));
  BOOST_TEST(io::serialise_model(*loaded) == read(path));
  BOOST_TEST(loaded->self_test.size() == 4u);
  BOOST_TEST(loaded->provenance.data_rows == 18000u);
  BOOST_TEST(loaded->provenance.recipe.find("members = 2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(golden_file_of_format_1_still_loads) {
  const std::string golden = std::string(SIEVE_SOURCE_DIR) + "/tests/data/golden-format1.model";
  const auto m = io::load_model(golden);  // re-scores its self-test rows
  BOOST_TEST(m->members.size() == 2u);
  BOOST_TEST(m->network.width == 8);
  BOOST_TEST(m->self_test.size() == 4u);
  // Written again it is format 2: the HiggsML preset's schema, then the same archive.
  const std::string again = io::serialise_model(*m);
  BOOST_TEST(again.rfind("SIEVE-MODEL 2\n", 0) == 0u);
  BOOST_TEST(m->schema.name == "higgsml-2014");
  BOOST_TEST(archive_of(payload_of(again)) == payload_of(read(golden)));
}

BOOST_AUTO_TEST_CASE(corrupt_files_give_load_errors_naming_the_problem) {
  const std::string good = io::serialise_model(small_model());
  auto fails_with = [](const std::string& content, const std::string& part) {
    BOOST_CHECK_EXCEPTION(io::parse_model(content, "x.model"), ConfigError,
                          [&](const ConfigError& e) { return says(e, "x.model: ") && says(e, part); });
  };
  fails_with("PK\x03\x04 zip", "not a Sieve model file");
  fails_with("SIEVE-MODEL 4\n" + good.substr(good.find('\n') + 1), "format version 4 is newer than this library");
  fails_with("SIEVE-MODEL x\n", "unreadable format version 'x'");
  fails_with(good + "extra", "trailing data");
  // Truncated at 32 evenly spaced offsets.
  for (int k = 0; k < 32; ++k) {
    const std::size_t at = good.size() * static_cast<std::size_t>(k) / 32;
    BOOST_CHECK_THROW(io::parse_model(good.substr(0, at), "x.model"), ConfigError);
  }
  fails_with(good.substr(0, good.size() - 10), "truncated: the payload has");
  // Single bits flipped at random places of the payload: the checksum catches them.
  const std::size_t header = good.find('\n', good.find('\n') + 1) + 1;
  sieve::CounterRng rng(5);
  for (int k = 0; k < 32; ++k) {
    std::string bad = good;
    const std::size_t at = header + rng.below(good.size() - header);
    bad[at] = static_cast<char>(bad[at] ^ (1 << rng.below(8)));
    fails_with(bad, "checksum mismatch");
  }
}

BOOST_AUTO_TEST_CASE(what_lies_behind_the_checksum_is_checked_too) {
  const std::string good = io::serialise_model(small_model());
  const std::string payload = payload_of(good);
  // A huge stored length must not allocate: the first length in the payload is the
  // number of raw columns (30).
  const auto at = payload.find("30 ", payload.size() - archive_of(payload).size());
  BOOST_REQUIRE(at != std::string::npos);
  std::string huge = payload;
  huge.replace(at, 2, "99999999999");
  BOOST_CHECK_EXCEPTION(io::parse_model(with_fresh_checksum(good, huge), "x.model"), ConfigError,
                        [](const ConfigError& e) { return says(e, "exceeds the file size"); });
  // A changed self-test score: the model no longer reproduces what it wrote.
  ensemble::Model edited = small_model();
  edited.self_test[1].expected += 0.01f;
  BOOST_CHECK_EXCEPTION(io::parse_model(io::serialise_model(edited), "x.model"), ConfigError,
                        [](const ConfigError& e) { return says(e, "self-test row 1 scores"); });
  // Members whose size does not fit the network.
  edited = small_model();
  edited.members[0].params.pop_back();
  BOOST_CHECK_EXCEPTION(io::parse_model(io::serialise_model(edited), "x.model"), ConfigError,
                        [](const ConfigError& e) { return says(e, "member 0 has"); });
  BOOST_CHECK_EXCEPTION(io::load_model("/nonexistent/m.model"), ConfigError,
                        [](const ConfigError& e) { return says(e, "cannot open model file /nonexistent/m.model"); });
}
