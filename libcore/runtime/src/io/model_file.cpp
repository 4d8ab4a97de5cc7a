#include "sieve/io/model_file.hpp"

#include "sieve/error.hpp"
#include "sieve/features/event_matrix.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/io/checksum.hpp"
#include "sieve/physics/recomputation.hpp"
#include "sieve/score/scorer.hpp"

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/serialization/version.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace sieve::io {
namespace {

// Loading never trusts a stored count beyond what the payload could hold.
thread_local std::size_t payload_limit = 0;
// The format of the archive being read or written (the layout of the pipeline's codes and
// of the network's embeddings changed in format 3).
thread_local int archive_format = kFormatVersion;
// Reads or writes an archive of format `version` for as long as it lives.
struct ArchiveFormat {
  explicit ArchiveFormat(int version) { archive_format = version; }
  ~ArchiveFormat() { archive_format = kFormatVersion; }
  ArchiveFormat(const ArchiveFormat&) = delete;
  ArchiveFormat& operator=(const ArchiveFormat&) = delete;
};

template <class Archive, class T>
void sized_vector(Archive& ar, std::vector<T>& v) {
  std::uint64_t n = v.size();
  ar & n;
  if constexpr (Archive::is_loading::value) {
    if (n > payload_limit) throw ConfigError("a stored length of " + std::to_string(n) + " exceeds the file size");
    v.resize(static_cast<std::size_t>(n));
  }
  for (auto& x : v) ar & x;
}

template <class Archive>
void sized_string(Archive& ar, std::string& s) {
  std::vector<int> codes(s.begin(), s.end());  // text archives keep ints portable
  sized_vector(ar, codes);
  if constexpr (Archive::is_loading::value) {
    s.clear();
    for (int c : codes) s.push_back(static_cast<char>(c));
  }
}

template <class Archive, class E>
void enumeration(Archive& ar, E& e) {
  int v = static_cast<int>(e);
  ar & v;
  if constexpr (Archive::is_loading::value) e = static_cast<E>(v);
}

} // namespace
} // namespace sieve::io

namespace boost::serialization {

template <class Archive>
void serialize(Archive& ar, sieve::nn::NetworkConfig& c, unsigned) {
  ar & c.n_continuous & c.n_categories & c.embedding_dim & c.width & c.depth & c.dense;
  sieve::io::enumeration(ar, c.activation);
  if (sieve::io::archive_format < 3) return;
  std::uint64_t n = c.extra_embeddings.size();
  ar & n;
  if constexpr (Archive::is_loading::value) {
    if (n > sieve::io::payload_limit) throw sieve::ConfigError("a stored length exceeds the file size");
    c.extra_embeddings.resize(static_cast<std::size_t>(n));
  }
  for (auto& t : c.extra_embeddings) ar & t.n_categories & t.dim;
}

template <class Archive>
void serialize(Archive& ar, sieve::features::FeaturePipeline& p, unsigned) {
  std::uint64_t n = p.raw_columns.size();
  ar & n;
  if constexpr (Archive::is_loading::value) {
    if (n > sieve::io::payload_limit) throw sieve::ConfigError("a stored length exceeds the file size");
    p.raw_columns.resize(static_cast<std::size_t>(n));
  }
  for (auto& s : p.raw_columns) sieve::io::sized_string(ar, s);
  n = p.inputs.size();
  ar & n;
  if constexpr (Archive::is_loading::value) {
    if (n > sieve::io::payload_limit) throw sieve::ConfigError("a stored length exceeds the file size");
    p.inputs.resize(static_cast<std::size_t>(n));
  }
  for (auto& s : p.inputs) sieve::io::sized_string(ar, s);
  ar & p.embed_categorical;
  sieve::io::sized_vector(ar, p.mean);
  sieve::io::sized_vector(ar, p.inv_std);
  if (sieve::io::archive_format < 3) {
    // One list of values: the one categorical column's, or empty without one.
    std::vector<float> values = p.category_values.empty() ? std::vector<float>{} : p.category_values.front();
    sieve::io::sized_vector(ar, values);
    if constexpr (Archive::is_loading::value) {
      p.category_values.clear();
      if (!values.empty()) p.category_values.push_back(std::move(values));
    }
  } else {
    n = p.category_values.size();
    ar & n;
    if constexpr (Archive::is_loading::value) {
      if (n > sieve::io::payload_limit) throw sieve::ConfigError("a stored length exceeds the file size");
      p.category_values.resize(static_cast<std::size_t>(n));
    }
    for (auto& values : p.category_values) sieve::io::sized_vector(ar, values);
  }
  sieve::io::enumeration(ar, p.augment_space);
}

template <class Archive>
void serialize(Archive& ar, sieve::ensemble::Member& m, unsigned) {
  sieve::io::sized_vector(ar, m.params);
  ar & m.best_loss & m.best_sub_epoch & m.weight;
}

template <class Archive>
void serialize(Archive& ar, sieve::ensemble::Provenance& p, unsigned) {
  sieve::io::sized_string(ar, p.library_version);
  sieve::io::sized_string(ar, p.recipe);
  ar & p.seed;
  sieve::io::sized_string(ar, p.data_source);
  ar & p.data_rows & p.data_crc32;
}

// The row's length is the pipeline's raw column count (not stored: the layout of format 1).
template <class Archive>
void serialize(Archive& ar, sieve::ensemble::SelfTestRow& r, unsigned) {
  for (float& x : r.raw) ar & x;
  ar & r.expected;
}

template <class Archive>
void serialize(Archive& ar, sieve::ensemble::Model& m, unsigned) {
  ar & m.pipeline & m.network;
  std::uint64_t n = m.members.size();
  ar & n;
  if constexpr (Archive::is_loading::value) {
    if (n > sieve::io::payload_limit) throw sieve::ConfigError("a stored member count exceeds the file size");
    m.members.resize(static_cast<std::size_t>(n));
  }
  for (auto& member : m.members) ar & member;
  ar & m.tta & m.cut & m.provenance;
  n = m.self_test.size();
  ar & n;
  if constexpr (Archive::is_loading::value) {
    if (n > sieve::io::payload_limit) throw sieve::ConfigError("a stored row count exceeds the file size");
    m.self_test.resize(static_cast<std::size_t>(n));
  }
  for (auto& row : m.self_test) {
    if constexpr (Archive::is_loading::value) row.raw.resize(m.pipeline.raw_columns.size());
    ar & row;
  }
}

} // namespace boost::serialization

BOOST_CLASS_VERSION(sieve::nn::NetworkConfig, 1)
BOOST_CLASS_VERSION(sieve::features::FeaturePipeline, 1)
BOOST_CLASS_VERSION(sieve::ensemble::Member, 1)
BOOST_CLASS_VERSION(sieve::ensemble::Provenance, 1)
BOOST_CLASS_VERSION(sieve::ensemble::SelfTestRow, 1)
BOOST_CLASS_VERSION(sieve::ensemble::Model, 1)

namespace sieve::io {

int written_format(const ensemble::Model& model) {
  return model.pipeline.category_values.size() > 1 || !model.network.extra_embeddings.empty() ? 3 : 2;
}

std::string serialise_model(const ensemble::Model& model) {
  const int format = written_format(model);
  std::ostringstream payload;
  payload << kSchemaTag << ' ' << model.schema.text.size() << '\n' << model.schema.text << '\n';
  {
    const ArchiveFormat scope(format);
    boost::archive::text_oarchive ar(payload, boost::archive::no_header);
    ar << model;
  }
  const std::string body = payload.str();
  return std::string(kModelMagic) + " " + std::to_string(format) + "\ncrc32 " + hex8(crc32_of(body)) +
         " bytes " + std::to_string(body.size()) + "\n" + body;
}

void save_model(const ensemble::Model& model, const std::string& path) {
  write_file_atomically(path, serialise_model(model));
}

ensemble::Model parse_model(std::string_view content, const std::string& source, ModelCompleteness completeness) {
  auto fail = [&](const std::string& what) -> ConfigError { return ConfigError(source + ": " + what); };
  auto next_line = [&](std::string_view& rest) {
    const auto nl = rest.find('\n');
    if (nl == std::string_view::npos) throw fail("truncated header (the file is cut short)");
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    return line;
  };
  std::string_view rest = content;
  if (rest.substr(0, kPartialModelMagic.size()) == kPartialModelMagic)
    throw fail("a partial model (some members of a split training, sieve train --only-members): "
               "merge the parts into a model with sieve merge-models");
  if (rest.substr(0, kModelMagic.size()) != kModelMagic)
    throw fail("not a Sieve model file (expected it to start with '" + std::string(kModelMagic) + "')");
  const std::string_view first = next_line(rest);
  int version = 0;
  {
    std::string_view v = first.substr(kModelMagic.size());
    if (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
    if (ec != std::errc() || end != v.data() + v.size() || version < 1)
      throw fail("unreadable format version '" + std::string(v) + "'");
  }
  if (version > kFormatVersion)
    throw fail("format version " + std::to_string(version) + " is newer than this library reads (" +
               std::to_string(kFormatVersion) + "): upgrade Sieve");
  const std::string_view second = next_line(rest);
  std::uint32_t stored_crc = 0;
  std::uint64_t bytes = 0;
  {
    char hex[9] = {};
    unsigned long long b = 0;
    const std::string s(second);
    if (std::sscanf(s.c_str(), "crc32 %8[0-9a-f] bytes %llu", hex, &b) != 2)
      throw fail("unreadable checksum line '" + s + "'");
    stored_crc = static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16));
    bytes = b;
  }
  if (rest.size() < bytes)
    throw fail("truncated: the payload has " + std::to_string(rest.size()) + " of " + std::to_string(bytes) + " bytes");
  if (rest.size() > bytes)
    throw fail("trailing data: the payload has " + std::to_string(rest.size()) + " bytes, the header says " +
               std::to_string(bytes));
  if (crc32_of(rest) != stored_crc)
    throw fail("checksum mismatch (stored " + hex8(stored_crc) + ", computed " + hex8(crc32_of(rest)) +
               "): the file is corrupt");
  ensemble::Model model;
  if (version >= 2) {
    // Format 2: "schema <bytes>\n<the schema's TOML>\n" before the archive.
    std::string_view tag = next_line(rest);
    std::uint64_t size = 0;
    if (tag.substr(0, kSchemaTag.size() + 1) != std::string(kSchemaTag) + " " ||
        std::from_chars(tag.data() + kSchemaTag.size() + 1, tag.data() + tag.size(), size).ptr !=
            tag.data() + tag.size() ||
        size + 1 > rest.size() || rest[size] != '\n')
      throw fail("unreadable schema section");
    try {
      model.schema = data::parse_schema(rest.substr(0, size), source + " (its schema)");
    } catch (const ConfigError& e) {
      throw fail(std::string("its schema does not read: ") + e.what());
    }
    rest.remove_prefix(size + 1);
  } else {
    model.schema = data::higgsml_schema();  // format 1 predates schemas: HiggsML only
  }
  payload_limit = bytes;
  try {
    const ArchiveFormat format(version);
    std::istringstream in{std::string(rest)};
    boost::archive::text_iarchive ar(in, boost::archive::no_header);
    ar >> model;
  } catch (const ConfigError& e) {
    throw fail(e.what());
  } catch (const boost::archive::archive_exception& e) {
    throw fail(std::string("unreadable payload: ") + e.what());
  }
  // Structural checks, so that a well-formed but inconsistent file cannot reach a scorer
  // (fuzz/fuzz_model_file.cpp). Non-finite numbers cannot occur: the text archive does
  // not read them.
  const nn::NetworkConfig& net = model.network;
  const features::FeaturePipeline& pipe = model.pipeline;
  if (static_cast<int>(net.activation) > static_cast<int>(nn::Activation::SELU) ||
      static_cast<int>(pipe.augment_space) > static_cast<int>(features::AugmentSpace::Standardised))
    throw fail("unknown activation or augmentation space code");
  try {
    net.validate();
  } catch (const ConfigError& e) {
    throw fail(e.what());
  }
  if (pipe.raw_columns != model.schema.columns)
    throw fail("the model's raw columns are not its schema's (" + model.schema.name + ")");
  try {
    model.pipeline.bind(model.schema);
    // As at training (train/training_data.cpp): a recomputation that cannot be built
    // would only fail when the model first scores a variation.
    if (!model.schema.recomputation.empty()) physics::Recomputation(model.schema, model.schema.columns);
  } catch (const ConfigError& e) {
    throw fail(e.what());
  }
  // Codes index the embeddings or the category values (bind() built the layout from the
  // stored values, one list per categorical column of the schema).
  const int n_categorical = pipe.layout.n_categorical();
  bool tables_fit = pipe.embed_categorical == net.embedding() && (!pipe.embed_categorical || n_categorical > 0) &&
                    (!net.embedding() || net.n_embeddings() == n_categorical);
  for (int t = 0; tables_fit && t < net.n_embeddings(); ++t)
    tables_fit = net.embedding_table(t).n_categories == pipe.layout.n_categories(t);
  if (!tables_fit) throw fail("the categorical inputs do not match the network's embeddings");
  const auto inputs = static_cast<std::size_t>(pipe.n_inputs());
  if (static_cast<int>(inputs) != net.n_continuous || pipe.mean.size() != inputs || pipe.inv_std.size() != inputs)
    throw fail("the feature pipeline does not match the network's inputs");
  const auto params = net.parameter_count();
  if (model.members.empty()) throw fail("the model has no members");
  double weights = 0.0;
  for (std::size_t m = 0; m < model.members.size(); ++m) {
    const ensemble::Member& member = model.members[m];
    if (member.params.size() != params)
      throw fail("member " + std::to_string(m) + " has " + std::to_string(member.params.size()) +
                 " parameters, the network needs " + std::to_string(params));
    if (!(std::isfinite(member.weight) && member.weight >= 0.0))
      throw fail("member " + std::to_string(m) + " has ensemble weight " + std::to_string(member.weight));
    weights += member.weight;
  }
  if (completeness == ModelCompleteness::Complete) {
    if (!(std::abs(weights - 1.0) <= 1e-6))
      throw fail("the ensemble weights sum to " + std::to_string(weights) + ", not 1");
    if (model.self_test.empty()) throw fail("the model has no self-test rows");
  }
  verify_self_test(model, source);
  return model;
}

std::shared_ptr<const ensemble::Model> load_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot open model file " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return std::make_shared<const ensemble::Model>(parse_model(content.str(), path));
}

void verify_self_test(const ensemble::Model& model, const std::string& source) {
  if (model.self_test.empty()) return;
  features::EventMatrix events;
  const features::FeatureLayout& layout = model.pipeline.layout;
  events.width = static_cast<std::size_t>(layout.width());
  events.n_codes = static_cast<std::size_t>(layout.n_categorical());
  events.n_rows = model.self_test.size();
  std::vector<float> out(events.width);
  std::vector<std::uint8_t> codes(events.n_codes);
  for (std::size_t i = 0; i < model.self_test.size(); ++i) {
    std::vector<float> raw = model.self_test[i].raw;
    for (float& x : raw)
      if (x == ensemble::kSelfTestMissing) x = NAN;
    try {
      layout.to_physical(raw, out, codes);
    } catch (const InputError& e) {  // a corrupt file is a load error, not an input error
      throw ConfigError(source + ": self-test row " + std::to_string(i) + " is not a valid event: " + e.what());
    }
    events.codes.insert(events.codes.end(), codes.begin(), codes.end());
    events.values.insert(events.values.end(), out.begin(), out.end());
  }
  std::vector<std::uint32_t> rows(events.rows());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::uint32_t>(i);
  std::vector<float> scores(rows.size());
  score::score_events(model, events, rows, scores);
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!(std::abs(scores[i] - model.self_test[i].expected) <= 1e-5f))
      throw ConfigError(source + ": self-test row " + std::to_string(i) + " scores " + std::to_string(scores[i]) +
                        ", the file says " + std::to_string(model.self_test[i].expected) +
                        ": the model or this build computes differently");
}

} // namespace sieve::io
