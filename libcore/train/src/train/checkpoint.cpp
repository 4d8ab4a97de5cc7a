#include "sieve/train/checkpoint.hpp"

#include "sieve/build_info.hpp"
#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/io/checksum.hpp"
#include "sieve/train/recipe.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <type_traits>

namespace sieve::train {

static_assert(std::endian::native == std::endian::little,
              "checkpoints store numbers in the host's byte order, which must be little-endian");

namespace {

namespace fs = std::filesystem;

using io::crc32_of;
using io::hex8;

class Writer {
public:
  template <class T>
  void put(T value) {
    static_assert(std::is_arithmetic_v<T>);
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  template <class T>
  void put_array(const std::vector<T>& values) {
    put<std::uint64_t>(values.size());
    if (!values.empty()) out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  void put_string(const std::string& s) {
    put<std::uint64_t>(s.size());
    out_.append(s);
  }
  std::string take() { return std::move(out_); }

private:
  std::string out_;
};

// Never reads past the payload, never trusts a stored length beyond the bytes left.
class Reader {
public:
  Reader(std::string_view in, const std::string& source) : in_(in), source_(source) {}
  template <class T>
  T get() {
    static_assert(std::is_arithmetic_v<T>);
    need(sizeof(T));
    T value;
    std::memcpy(&value, in_.data(), sizeof value);
    in_.remove_prefix(sizeof value);
    return value;
  }
  template <class T>
  std::vector<T> get_array() {
    const auto n = get<std::uint64_t>();
    if (n > in_.size() / sizeof(T)) throw error("a stored length of " + std::to_string(n) + " exceeds the file size");
    std::vector<T> values(static_cast<std::size_t>(n));
    if (n > 0) std::memcpy(values.data(), in_.data(), values.size() * sizeof(T));  // (memcpy of null is UB)
    in_.remove_prefix(values.size() * sizeof(T));
    return values;
  }
  std::string get_string() {
    const auto n = get<std::uint64_t>();
    if (n > in_.size()) throw error("a stored length of " + std::to_string(n) + " exceeds the file size");
    std::string s(in_.substr(0, static_cast<std::size_t>(n)));
    in_.remove_prefix(static_cast<std::size_t>(n));
    return s;
  }
  bool done() const { return in_.empty(); }
  ConfigError error(const std::string& what) const { return ConfigError(source_ + ": " + what); }

private:
  void need(std::size_t n) {
    if (in_.size() < n) throw error("truncated payload");
  }
  std::string_view in_;
  const std::string& source_;
};

constexpr std::string_view kPrefix = "member-", kSuffix = ".ckpt";

bool is_checkpoint_name(const std::string& name) {
  return name.size() > kPrefix.size() + kSuffix.size() && name.starts_with(kPrefix) && name.ends_with(kSuffix);
}
// What io::write_file_atomically leaves when killed: NAME.tmp.PID.
bool is_temporary_name(const std::string& name) {
  return is_checkpoint_name(name.substr(0, name.find(".tmp."))) && name.find(".tmp.") != std::string::npos;
}

// "key = value" lines of describe() that differ, as "key: A here, B in the checkpoint".
std::string recipe_difference(const std::string& here, const std::string& there) {
  auto lines = [](const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      const auto eq = line.find(" = ");
      if (eq != std::string::npos) out.emplace_back(line.substr(0, eq), line.substr(eq + 3));
    }
    return out;
  };
  const auto a = lines(here), b = lines(there);
  std::string diff;
  for (const auto& line : a) {
    auto it = std::find_if(b.begin(), b.end(), [&](const auto& kv) { return kv.first == line.first; });
    const std::string other = it == b.end() ? "(absent)" : it->second;
    if (other != line.second)
      diff += (diff.empty() ? "" : "; ") + line.first + " = " + line.second + " here, " + other + " in the checkpoint";
  }
  return diff.empty() ? "the recipe text differs" : diff;
}

} // namespace

bool MemberCheckpoint::operator==(const MemberCheckpoint& o) const {
  auto same_history = [](const std::vector<SubEpochRecord>& x, const std::vector<SubEpochRecord>& y) {
    return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), [](const auto& p, const auto& q) {
             return p.sub_epoch == q.sub_epoch && p.train_loss == q.train_loss &&
                    p.validation_loss == q.validation_loss && p.lr == q.lr;
           });
  };
  return member == o.member && sub_epochs_done == o.sub_epochs_done && steps == o.steps && params == o.params &&
         adam_m == o.adam_m && adam_v == o.adam_v && adam_t == o.adam_t && adam_beta2_power == o.adam_beta2_power &&
         result.member == o.result.member && result.params == o.result.params &&
         result.best_loss == o.result.best_loss && result.best_sub_epoch == o.result.best_sub_epoch &&
         same_history(result.history, o.result.history) && result.snapshots == o.result.snapshots && swa == o.swa &&
         swa_count == o.swa_count;
}

CheckpointIdentity checkpoint_identity(const data::Table& rows, const RecipeConfig& config) {
  return {config.describe(), config.seed, rows.rows(), data_checksum(rows), library_version()};
}

std::string serialise_checkpoint(const CheckpointIdentity& id, const MemberCheckpoint& s) {
  Writer w;
  w.put_string(id.recipe);
  w.put<std::uint64_t>(id.seed);
  w.put<std::uint64_t>(id.data_rows);
  w.put<std::uint32_t>(id.data_crc32);
  w.put_string(id.library_version);
  w.put<std::int32_t>(s.member);
  w.put<std::int32_t>(s.sub_epochs_done);
  w.put<std::int64_t>(s.steps);
  w.put_array(s.params);
  w.put_array(s.adam_m);
  w.put_array(s.adam_v);
  w.put<std::int64_t>(s.adam_t);
  w.put<double>(s.adam_beta2_power);
  w.put<std::int32_t>(s.result.member);
  w.put_array(s.result.params);
  w.put<double>(s.result.best_loss);
  w.put<std::int32_t>(s.result.best_sub_epoch);
  w.put<std::uint64_t>(s.result.history.size());
  for (const SubEpochRecord& r : s.result.history) {
    w.put<std::int32_t>(r.sub_epoch);
    w.put<double>(r.train_loss);
    w.put<double>(r.validation_loss);
    w.put<double>(r.lr);
  }
  w.put_array(s.swa);
  w.put<std::int32_t>(s.swa_count);
  w.put<std::uint64_t>(s.result.snapshots.size());
  for (const Snapshot& snap : s.result.snapshots) {
    w.put<std::int32_t>(snap.sub_epoch);
    w.put<double>(snap.validation_loss);
    w.put_array(snap.params);
  }
  const std::string payload = w.take();
  return std::string(kCheckpointMagic) + " " + std::to_string(kCheckpointVersion) + "\ncrc32 " +
         hex8(crc32_of(payload)) + " bytes " + std::to_string(payload.size()) + "\n" + payload;
}

MemberCheckpoint parse_checkpoint(std::string_view content, const std::string& source,
                                  CheckpointIdentity* identity) {
  auto fail = [&](const std::string& what) { return ConfigError(source + ": " + what); };
  auto next_line = [&](std::string_view& rest) {
    const auto nl = rest.find('\n');
    if (nl == std::string_view::npos) throw fail("truncated header (the file is cut short)");
    const std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    return line;
  };
  std::string_view rest = content;
  if (!rest.starts_with(kCheckpointMagic))
    throw fail("not a Sieve checkpoint (expected it to start with '" + std::string(kCheckpointMagic) + "')");
  const std::string expected_first = std::string(kCheckpointMagic) + " " + std::to_string(kCheckpointVersion);
  if (const std::string_view first = next_line(rest); first != expected_first)
    throw fail("checkpoint format '" + std::string(first) + "' is not the '" + expected_first +
               "' this library writes");
  const std::string second(next_line(rest));
  char hex[9] = {};
  unsigned long long bytes = 0;
  if (std::sscanf(second.c_str(), "crc32 %8[0-9a-f] bytes %llu", hex, &bytes) != 2)
    throw fail("unreadable checksum line '" + second + "'");
  if (rest.size() != bytes)
    throw fail("truncated or extended: the payload has " + std::to_string(rest.size()) + " bytes, the header says " +
               std::to_string(bytes));
  const auto stored = static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16));
  if (crc32_of(rest) != stored)
    throw fail("checksum mismatch (stored " + hex8(stored) + ", computed " + hex8(crc32_of(rest)) +
               "): the file is corrupt");

  Reader r(rest, source);
  CheckpointIdentity id;
  id.recipe = r.get_string();
  id.seed = r.get<std::uint64_t>();
  id.data_rows = r.get<std::uint64_t>();
  id.data_crc32 = r.get<std::uint32_t>();
  id.library_version = r.get_string();
  MemberCheckpoint s;
  s.member = r.get<std::int32_t>();
  s.sub_epochs_done = r.get<std::int32_t>();
  s.steps = r.get<std::int64_t>();
  s.params = r.get_array<float>();
  s.adam_m = r.get_array<float>();
  s.adam_v = r.get_array<float>();
  s.adam_t = r.get<std::int64_t>();
  s.adam_beta2_power = r.get<double>();
  s.result.member = r.get<std::int32_t>();
  s.result.params = r.get_array<float>();
  s.result.best_loss = r.get<double>();
  s.result.best_sub_epoch = r.get<std::int32_t>();
  const auto records = r.get<std::uint64_t>();
  if (records > rest.size() / 28) throw fail("a stored length of " + std::to_string(records) + " exceeds the file size");
  s.result.history.resize(static_cast<std::size_t>(records));
  for (SubEpochRecord& h : s.result.history) {
    h.sub_epoch = r.get<std::int32_t>();
    h.train_loss = r.get<double>();
    h.validation_loss = r.get<double>();
    h.lr = r.get<double>();
  }
  s.swa = r.get_array<double>();
  s.swa_count = r.get<std::int32_t>();
  const auto snapshots = r.get<std::uint64_t>();
  if (snapshots > rest.size() / 20) throw fail("a stored length of " + std::to_string(snapshots) + " exceeds the file size");
  s.result.snapshots.resize(static_cast<std::size_t>(snapshots));
  for (Snapshot& snap : s.result.snapshots) {
    snap.sub_epoch = r.get<std::int32_t>();
    snap.validation_loss = r.get<double>();
    snap.params = r.get_array<float>();
  }
  if (!r.done()) throw fail("unexpected bytes after the checkpoint");
  if (s.member < 0 || s.sub_epochs_done < 0 || s.steps < 0 || s.result.member != s.member ||
      s.adam_m.size() != s.params.size() || s.adam_v.size() != s.params.size() ||
      static_cast<std::size_t>(s.sub_epochs_done) != s.result.history.size())
    throw fail("inconsistent checkpoint (member, sizes or sub-epoch counts do not agree)");
  if (identity != nullptr) *identity = std::move(id);
  return s;
}

std::string default_checkpoint_dir(const std::string& model_path) { return model_path + ".checkpoints"; }

CheckpointStore::CheckpointStore(std::string dir, CheckpointIdentity identity, bool resume)
    : dir_(std::move(dir)), identity_(std::move(identity)) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_))
    throw ConfigError("cannot create the checkpoint directory " + dir_ + ": " +
                      (ec ? ec.message() : std::string("not a directory")));
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    if (is_temporary_name(name))
      fs::remove(entry.path(), ec);  // a writer killed mid-write: its previous checkpoint stands
    else if (is_checkpoint_name(name))
      found.push_back(name);
  }
  std::sort(found.begin(), found.end());
  if (!resume) {
    if (!found.empty())
      throw ConfigError(dir_ + " holds the checkpoints of an interrupted training (" + found.front() +
                        (found.size() > 1 ? " and " + std::to_string(found.size() - 1) + " more" : std::string()) +
                        "): add --resume to finish it, or remove the directory to start afresh");
    return;
  }
  for (const std::string& name : found) {
    const std::string file = dir_ + "/" + name;
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError("cannot read the checkpoint " + file);
    const std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    CheckpointIdentity id;
    MemberCheckpoint state = parse_checkpoint(content, file, &id);
    const std::string refuse = file + ": a checkpoint of a different training run, refused: ";
    const std::string remedy = "; resume with the same data, options and seed, or remove " + dir_ + " to start afresh";
    if (id.seed != identity_.seed)
      throw ConfigError(refuse + "seed " + std::to_string(identity_.seed) + " here, " + std::to_string(id.seed) +
                        " in the checkpoint" + remedy);
    if (id.data_rows != identity_.data_rows || id.data_crc32 != identity_.data_crc32)
      throw ConfigError(refuse + "the training data differ (" + std::to_string(identity_.data_rows) +
                        " rows with CRC-32 " + hex8(identity_.data_crc32) + " here, " + std::to_string(id.data_rows) +
                        " rows with CRC-32 " + hex8(id.data_crc32) + " in the checkpoint)" + remedy);
    if (id.recipe != identity_.recipe)
      throw ConfigError(refuse + "the recipe differs (" + recipe_difference(identity_.recipe, id.recipe) + ")" + remedy);
    if (id.library_version != identity_.library_version)
      throw ConfigError(refuse + "written by Sieve " + id.library_version + ", this is Sieve " +
                        identity_.library_version + remedy);
    if (path(state.member) != file)
      throw ConfigError(file + ": holds member " + std::to_string(state.member) + ", not the member its name says");
    resumed_.push_back(std::move(state));
  }
}

std::string CheckpointStore::path(int member) const {
  char name[32];
  std::snprintf(name, sizeof name, "member-%03d.ckpt", member);
  return dir_ + "/" + name;
}

const MemberCheckpoint* CheckpointStore::resumed(int member) const {
  for (const MemberCheckpoint& s : resumed_)
    if (s.member == member) return &s;
  return nullptr;
}

void CheckpointStore::save(const MemberCheckpoint& state) const {
  io::write_file_atomically(path(state.member), serialise_checkpoint(identity_, state));
}

void remove_checkpoints(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (is_checkpoint_name(name) || is_temporary_name(name)) fs::remove(entry.path(), ec);
  }
  if (fs::is_empty(dir, ec)) fs::remove(dir, ec);
}

} // namespace sieve::train
