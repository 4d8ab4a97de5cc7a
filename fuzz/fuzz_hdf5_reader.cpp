// libFuzzer target: the HDF5 reader (sieve::data::Hdf5Reader, read_hdf5_column_names).
// The first byte chooses between two kinds of input:
//   bit 0 clear, "structured": the bytes describe a table that the target writes with the
//     HDF5 library (core driver, in memory) both as one compound dataset and as a group of
//     1-D datasets, then reads from a memory file through the reader's path like any user
//     file. Columns take their names from a small set that the reading schema uses (id,
//     label, weight, set, inputs, an extra) and any type: every integer width and sign,
//     float, double, fixed and variable strings, an enumeration, an array, a nested
//     compound, a bitfield, and (group only) a 2-D or scalar dataset; values are raw bytes
//     of the input (any NaN, infinity or huge number), strings from a list. Optionally the
//     group's datasets get different lengths, or the file image is cut short.
//   bit 0 set, "raw": the rest of the input is the file itself (seeds: real HDF5 files).
// Byte 1 chooses the reading: the schema (bits 0-1: 0 the tabular schema, 1 the same
// reading NaN as missing, 2 named columns (features only) with extra columns allowed, 3 no
// options (read with the HiggsML preset: its columns are required), rows per chunk (bits 2-3: 1, 3, 64 or all), and
// report-and-skip of bad rows (bit 4).
//
// make_corpus.sh makes the raw seeds from the structured ones: with
// SIEVE_FUZZ_HDF5_IMAGES=DIR, each structured input also saves its two file images as raw
// inputs (DIR/<crc>-compound, DIR/<crc>-group, with the input's reading byte).
//
// Any outcome other than rows that satisfy the table's invariants or a ConfigError whose
// message starts with the file is a finding; so is, for a structured table that was not
// cut short and whose datasets are all 1-D, a compound reading and a group reading that
// disagree (one reads rows the other rejects, or different rows).
#include "memory_file.hpp"

#include "sieve/data/hdf5_reader.hpp"
#include "sieve/data/schema.hpp"
#include "sieve/error.hpp"

#include <hdf5.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using sieve::data::Table;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_hdf5_reader: invariant broken: %s\n", what);
  std::abort();
}
void require(bool ok, const char* what) {
  if (!ok) fail(what);
}

constexpr std::size_t kMaxRowsRead = 100000;  // a raw file may claim any number of rows

const char* const kSchema = R"(
[dataset]
name = "fuzz"
id = "id"
label = "y"
signal = 1
background = 0
weight = "w"
set = "set"
sets = { train = "t", public = "1" }
[inputs]
continuous = ["a", "b", "c"]
[missing]
values = [-25]
)";

std::shared_ptr<const sieve::data::Schema> schema(bool nan) {
  static const auto plain =
      std::make_shared<const sieve::data::Schema>(sieve::data::parse_schema(kSchema, "fuzz.toml"));
  static const auto lenient = std::make_shared<const sieve::data::Schema>(
      sieve::data::parse_schema(std::string(kSchema) + "nan = true\n", "fuzz.toml"));
  return nan ? lenient : plain;
}

// --- the structured table ----------------------------------------------------------------

enum class Kind : std::uint8_t {
  I8, U8, I16, U16, I32, U32, I64, U64, F32, F64, FixedString, VarString, Enum, Array, Nested, Bitfield,
  Matrix, Scalar  // group only: a 2-D and a scalar dataset
};
constexpr int kKinds = 18;
const char* const kNames[] = {"id", "y", "w", "set", "a", "b", "c", "x"};
const char* const kStrings[] = {"1", "0", "t", "s", "b", "", "sig", "-25", "nan", "t\0x"};

class Bytes {
public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t next() { return pos_ < size_ ? data_[pos_++] : 0; }
  void fill(void* out, std::size_t n) {
    auto* p = static_cast<std::uint8_t*>(out);
    for (std::size_t i = 0; i < n; ++i) p[i] = next();
  }

private:
  const std::uint8_t* data_;
  std::size_t size_, pos_ = 0;
};

struct Column {
  std::string name;
  Kind kind = Kind::F32;
  std::size_t rows = 0;
  std::vector<unsigned char> bytes;   // rows values in the memory type
  std::vector<std::string> strings;   // string kinds
  std::vector<const char*> pointers;  // VarString
};

hid_t memory_type(Kind kind, std::size_t fixed_size) {
  switch (kind) {
  case Kind::I8: return H5Tcopy(H5T_NATIVE_INT8);
  case Kind::U8: return H5Tcopy(H5T_NATIVE_UINT8);
  case Kind::I16: return H5Tcopy(H5T_NATIVE_INT16);
  case Kind::U16: return H5Tcopy(H5T_NATIVE_UINT16);
  case Kind::I32: return H5Tcopy(H5T_NATIVE_INT32);
  case Kind::U32: return H5Tcopy(H5T_NATIVE_UINT32);
  case Kind::I64: return H5Tcopy(H5T_NATIVE_INT64);
  case Kind::U64: return H5Tcopy(H5T_NATIVE_UINT64);
  case Kind::F32: case Kind::Matrix: case Kind::Scalar: return H5Tcopy(H5T_NATIVE_FLOAT);
  case Kind::F64: return H5Tcopy(H5T_NATIVE_DOUBLE);
  case Kind::FixedString: {
    const hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, fixed_size);
    return t;
  }
  case Kind::VarString: {
    const hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    return t;
  }
  case Kind::Enum: {
    const hid_t t = H5Tenum_create(H5T_NATIVE_INT8);
    const std::int8_t no = 0, yes = 1;
    H5Tenum_insert(t, "FALSE", &no);
    H5Tenum_insert(t, "TRUE", &yes);
    return t;
  }
  case Kind::Array: {
    const hsize_t three = 3;
    return H5Tarray_create2(H5T_NATIVE_FLOAT, 1, &three);
  }
  case Kind::Nested: {
    const hid_t t = H5Tcreate(H5T_COMPOUND, 8);
    H5Tinsert(t, "px", 0, H5T_NATIVE_FLOAT);
    H5Tinsert(t, "py", 4, H5T_NATIVE_FLOAT);
    return t;
  }
  case Kind::Bitfield: return H5Tcopy(H5T_NATIVE_B8);
  }
  return -1;
}

std::size_t fixed_size_of(const Column& c) {
  std::size_t longest = 1;
  for (const auto& s : c.strings) longest = std::max(longest, s.size());
  return longest;
}

std::vector<Column> describe(Bytes& in, std::size_t rows, bool ragged) {
  std::vector<Column> columns;
  const int count = in.next() % 8 + 1;
  for (int k = 0; k < count; ++k) {
    Column c;
    c.name = kNames[in.next() % 8];
    c.kind = static_cast<Kind>(in.next() % kKinds);
    c.rows = ragged && k > 0 ? rows + in.next() % 3 : rows;
    if (std::any_of(columns.begin(), columns.end(), [&](const Column& o) { return o.name == c.name; })) continue;
    if (c.kind == Kind::FixedString || c.kind == Kind::VarString) {
      for (std::size_t i = 0; i < c.rows; ++i) {
        const char* s = kStrings[in.next() % 10];
        c.strings.emplace_back(s, s == kStrings[9] ? 3 : std::strlen(s));  // one with a NUL inside
      }
      if (c.kind == Kind::VarString)
        for (const auto& s : c.strings) c.pointers.push_back(s.c_str());
      else
        for (const auto& s : c.strings) {
          const std::size_t size = fixed_size_of(c);
          const std::size_t at = c.bytes.size();
          c.bytes.resize(at + size, 0);
          std::memcpy(c.bytes.data() + at, s.data(), s.size());
        }
    } else {
      const hid_t t = memory_type(c.kind, 1);
      std::size_t size = H5Tget_size(t);
      H5Tclose(t);
      if (c.kind == Kind::Matrix) size *= 2;  // rows x 2
      c.bytes.resize(c.kind == Kind::Scalar ? size : size * c.rows);
      in.fill(c.bytes.data(), c.bytes.size());
    }
    columns.push_back(std::move(c));
  }
  return columns;
}

bool all_one_dimensional(const std::vector<Column>& columns) {
  return std::none_of(columns.begin(), columns.end(),
                      [](const Column& c) { return c.kind == Kind::Matrix || c.kind == Kind::Scalar; });
}

// The file image of the columns as one compound dataset (/t) or as 1-D datasets in the
// root group; chunked and compressed when asked. Empty when HDF5 refuses to make it.
std::string file_image(const std::vector<Column>& columns, bool compound, bool chunked) {
  const hid_t access = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_core(access, 1 << 16, false);
  const hid_t creation = H5Pcreate(H5P_FILE_CREATE);
  H5Pset_link_creation_order(creation, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  const hid_t file = H5Fcreate("fuzz-image.h5", H5F_ACC_TRUNC, creation, access);
  H5Pclose(creation);
  H5Pclose(access);
  if (file < 0) return {};
  auto make = [&](const std::string& name, hid_t type, const std::vector<hsize_t>& dims, const void* data) {
    const hid_t space = dims.empty() ? H5Screate(H5S_SCALAR)
                                     : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
    const hid_t layout = H5Pcreate(H5P_DATASET_CREATE);
    if (chunked && !dims.empty() && dims[0] > 0) {
      std::vector<hsize_t> chunk(dims);
      chunk[0] = std::min<hsize_t>(dims[0], 16);
      H5Pset_chunk(layout, static_cast<int>(chunk.size()), chunk.data());
      H5Pset_deflate(layout, 1);
    }
    const hid_t d = H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, layout, H5P_DEFAULT);
    if (d >= 0) {
      H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
      H5Dclose(d);
    }
    H5Pclose(layout);
    H5Sclose(space);
  };
  if (compound) {
    std::size_t record = 0;
    std::vector<hid_t> types;
    std::vector<std::size_t> offsets;
    for (const Column& c : columns) {
      types.push_back(memory_type(c.kind, fixed_size_of(c)));
      offsets.push_back(record);
      record += H5Tget_size(types.back());
    }
    const std::size_t rows = columns.empty() ? 0 : columns.front().rows;
    const hid_t type = H5Tcreate(H5T_COMPOUND, std::max<std::size_t>(record, 1));
    std::vector<unsigned char> data(rows * record);
    for (std::size_t k = 0; k < columns.size(); ++k) {
      H5Tinsert(type, columns[k].name.c_str(), offsets[k], types[k]);
      const std::size_t size = H5Tget_size(types[k]);
      for (std::size_t i = 0; i < rows; ++i) {
        const void* from = columns[k].kind == Kind::VarString ? static_cast<const void*>(&columns[k].pointers[i])
                                                               : columns[k].bytes.data() + i * size;
        std::memcpy(data.data() + i * record + offsets[k], from, size);
      }
    }
    make("/t", type, {rows}, data.data());
    H5Tclose(type);
    for (const hid_t t : types) H5Tclose(t);
  } else {
    for (const Column& c : columns) {
      const hid_t type = memory_type(c.kind, fixed_size_of(c));
      const void* data = c.kind == Kind::VarString ? static_cast<const void*>(c.pointers.data()) : c.bytes.data();
      if (c.kind == Kind::Matrix)
        make("/" + c.name, type, {c.rows, 2}, data);
      else if (c.kind == Kind::Scalar)
        make("/" + c.name, type, {}, data);
      else
        make("/" + c.name, type, {c.rows}, data);
      H5Tclose(type);
    }
  }
  H5Fflush(file, H5F_SCOPE_GLOBAL);
  std::string image;
  const ssize_t size = H5Fget_file_image(file, nullptr, 0);
  if (size > 0) {
    image.resize(static_cast<std::size_t>(size));
    if (H5Fget_file_image(file, image.data(), image.size()) != size) image.clear();
  }
  H5Fclose(file);
  H5Eclear2(H5E_DEFAULT);
  return image;
}

// --- reading -----------------------------------------------------------------------------

template <class T> bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

struct Outcome {
  std::optional<std::string> error;
  Table rows;  // every chunk's rows, appended
};

void append(Table& all, const Table& t) {
  all.feature_names = t.feature_names;
  all.features.resize(t.features.size());
  for (std::size_t j = 0; j < t.features.size(); ++j)
    all.features[j].insert(all.features[j].end(), t.features[j].begin(), t.features[j].end());
  all.event_id.insert(all.event_id.end(), t.event_id.begin(), t.event_id.end());
  all.weight.insert(all.weight.end(), t.weight.begin(), t.weight.end());
  all.other_weights.resize(t.other_weights.size());
  for (std::size_t w = 0; w < t.other_weights.size(); ++w)
    all.other_weights[w].insert(all.other_weights[w].end(), t.other_weights[w].begin(), t.other_weights[w].end());
  all.label.insert(all.label.end(), t.label.begin(), t.label.end());
  all.set.insert(all.set.end(), t.set.begin(), t.set.end());
  all.line.insert(all.line.end(), t.line.begin(), t.line.end());
}

void check_chunk(const Table& t, const sieve::data::Hdf5Reader& reader, std::int64_t& last_line) {
  const std::size_t n = t.rows();
  require(t.counts_rows, "an HDF5 table counts rows");
  require(t.feature_names == reader.feature_names(), "feature names differ from the reader's");
  require(t.features.size() == t.feature_names.size(), "one feature column per name");
  for (const auto& column : t.features) require(column.size() == n, "feature column length");
  for (std::size_t size : {t.event_id.size(), t.weight.size(), t.label.size(), t.set.size()})
    require(size == 0 || size == n, "optional column length");
  for (const auto& w : t.other_weights) require(w.size() == n, "other weight column length");
  for (const std::int64_t line : t.line) {
    require(line > last_line && line >= 2, "row numbers increase from 2");
    last_line = line;
  }
  for (std::size_t j = 0; j < t.features.size(); ++j)
    for (const float x : t.features[j]) {
      require(!std::isinf(x), "an infinite feature value");
      if (t.schema)
        for (const float sentinel : t.schema->sentinels(t.feature_names[j]))
          require(x != sentinel, "a sentinel kept instead of NaN");
    }
  for (const double w : t.weight) require(std::isfinite(w), "a non-finite weight");
  for (const auto l : t.label) require(l == 0 || l == 1, "a label other than 0 or 1");
  for (const char s : t.set) require(s == 't' || s == 'b' || s == 'v' || s == 'u', "a bad set code");
}

Outcome read(const std::string& path, sieve::data::ReadOptions options, std::size_t chunk) {
  Outcome out;
  std::size_t reported = 0;
  std::int64_t last_reported = 1;
  if (options.on_bad_row)
    options.on_bad_row = [&](std::int64_t line, const std::string& message) {
      require(message.starts_with(path), "a bad-row message that does not name the file");
      require(line > last_reported, "bad rows reported in row order");
      last_reported = line;
      ++reported;
    };
  try {
    sieve::data::Hdf5Reader reader(path, options);
    const std::vector<std::string> names = sieve::data::read_hdf5_column_names(path);
    require(names == reader.header(), "read_hdf5_column_names differs from the reader's header");
    std::int64_t last_line = 1;
    std::size_t rows = 0, spanned = 0;
    for (int guard = 0;; ++guard) {
      require(guard < (1 << 22), "next_chunk never ends");
      Table t;
      const bool more = reader.next_chunk(t, chunk);
      check_chunk(t, reader, last_line);
      require(t.rows() <= chunk, "a chunk larger than asked");
      require(reader.buffer_bytes() <= (std::size_t{1} << 22) + 64, "a row buffer beyond its bound");
      rows += t.rows();
      require(reader.rows_read() == rows, "rows_read() counts the rows returned");
      require(reader.rows_skipped() == reported, "rows_skipped() counts the callbacks");
      if (!more) {
        require(t.rows() == 0, "rows returned with false");
        require(spanned == reader.rows(), "the rows spanned are the table's rows");
        break;
      }
      spanned = rows + reported;
      append(out.rows, t);
      if (spanned >= kMaxRowsRead) break;
    }
  } catch (const sieve::ConfigError& e) {
    const std::string message = e.what();
    require(!message.empty(), "an empty error message");
    const std::string file = sieve::data::parse_hdf5_location(path).file;
    require(message.starts_with(file), "an error message that does not start with the file");
    out.error = message;
  }
  return out;
}

bool same_rows(const Table& a, const Table& b) {
  if (a.feature_names != b.feature_names || a.features.size() != b.features.size()) return false;
  for (std::size_t j = 0; j < a.features.size(); ++j)
    if (!same_bits(a.features[j], b.features[j])) return false;
  return same_bits(a.event_id, b.event_id) && same_bits(a.weight, b.weight) && same_bits(a.label, b.label) &&
         same_bits(a.set, b.set) && same_bits(a.line, b.line) && a.other_weights.size() == b.other_weights.size();
}

void save_raw_seeds(const std::string& dir, const std::uint8_t* data, std::size_t size, const std::string& compound,
                    const std::string& group) {
  std::uint32_t hash = 2166136261u;  // FNV-1a of the structured input names its images
  for (std::size_t i = 0; i < size; ++i) hash = (hash ^ data[i]) * 16777619u;
  char name[16];
  std::snprintf(name, sizeof name, "%08x", hash);
  for (const auto& [suffix, image] : {std::pair{"-compound", &compound}, std::pair{"-group", &group}}) {
    if (image->empty()) continue;
    const std::string path = dir + "/" + name + suffix;
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
      const unsigned char head[2] = {1, data[1]};  // raw, with the same reading
      std::fwrite(head, 1, 2, f);
      std::fwrite(image->data(), 1, image->size(), f);
      std::fclose(f);
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static const bool quiet = [] { return H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0; }();
  (void)quiet;
  static sieve::fuzz::MemoryFile compound_file("compound.h5"), group_file("group.h5");
  const std::uint8_t flags = data[0], reading = data[1];
  sieve::data::ReadOptions options;
  const int mode = reading & 3;
  if (mode <= 1) options.schema = schema(mode == 1);
  if (mode == 2) {
    options.columns = {"a", "b", "x"};
    options.allow_extra_columns = true;
  }
  static constexpr std::size_t kChunks[] = {1, 3, 64, std::numeric_limits<std::size_t>::max()};
  const std::size_t chunk = kChunks[(reading >> 2) & 3];
  if ((reading & 16) != 0) options.on_bad_row = [](std::int64_t, const std::string&) {};

  if ((flags & 1) != 0) {  // raw: the rest is the file
    const std::string& path = compound_file.write(data + 2, size - 2);
    read(path, options, chunk);
    return 0;
  }
  Bytes in(data + 2, size - 2);
  const std::size_t rows = in.next();
  const bool ragged = (flags & 2) != 0, cut = (flags & 4) != 0, chunked = (flags & 8) != 0;
  const std::vector<Column> columns = describe(in, rows, ragged);
  const bool flat = all_one_dimensional(columns);
  std::string compound = flat && !ragged ? file_image(columns, true, chunked) : std::string();
  std::string group = file_image(columns, false, chunked);
  if (cut) {
    const std::size_t at = (std::size_t{in.next()} << 8 | in.next());
    if (!compound.empty()) compound.resize(at % compound.size());
    if (!group.empty()) group.resize(at % group.size());
  }
  if (const char* dir = std::getenv("SIEVE_FUZZ_HDF5_IMAGES")) save_raw_seeds(dir, data, size, compound, group);
  std::optional<Outcome> a, b;
  // The compound dataset is the default table; the group is named (":/"), as a compound
  // column dataset would otherwise be the default.
  if (!compound.empty()) a = read(compound_file.write(compound.data(), compound.size()), options, chunk);
  if (!group.empty()) b = read(group_file.write(group.data(), group.size()) + ":/", options, chunk);
  // The two layouts of the same 1-D columns read alike.
  if (a && b && !cut && !ragged) {
    require(a->error.has_value() == b->error.has_value(), "the compound and the group reading disagree on an error");
    if (!a->error) require(same_rows(a->rows, b->rows), "the compound and the group reading give different rows");
  }
  return 0;
}
