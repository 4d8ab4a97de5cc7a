#pragma once
// Test helpers that make HDF5 files with the HDF5 C library itself (no Sieve code): a
// CSV file's columns as text, written as one compound dataset or as one 1-D dataset per
// column in a group, with the HDF5 types a test chooses; and any raw dataset (other ranks,
// types, lengths) for the malformed cases.
#include <hdf5.h>
#include <zlib.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sieve::test {

enum class H5Type { F32, F64, I8, U8, I16, U16, I32, U32, I64, U64, FixedString, VarString };

// A column as text cells, one per row, and the HDF5 type to store it as.
struct H5Column {
  std::string name;
  H5Type type = H5Type::F32;
  std::vector<std::string> cells;
};

// The columns of a CSV file (plain or gzip, comma-separated, no quoting) as text, each
// stored as type_of(name).
inline std::vector<H5Column> csv_columns(const std::string& path, const std::function<H5Type(const std::string&)>& type_of) {
  gzFile in = gzopen(path.c_str(), "rb");
  if (in == nullptr) throw std::runtime_error("cannot open " + path);
  std::string text;
  char buffer[1 << 16];
  for (int n; (n = gzread(in, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  gzclose(in);
  std::vector<H5Column> columns;
  std::size_t at = 0;
  bool header = true;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + at, end - at);
    at = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    std::size_t c = 0, start = 0;
    for (;;) {
      const std::size_t comma = line.find(',', start);
      const std::string_view cell = line.substr(start, comma == std::string_view::npos ? line.size() - start : comma - start);
      if (header) {
        columns.push_back(H5Column{std::string(cell), type_of(std::string(cell)), {}});
      } else {
        if (c >= columns.size()) throw std::runtime_error(path + ": a row longer than the header");
        columns[c].cells.emplace_back(cell);
      }
      ++c;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    header = false;
  }
  return columns;
}

inline hid_t h5_check(hid_t id, const char* what) {
  if (id < 0) throw std::runtime_error(std::string("HDF5 test helper: ") + what + " failed");
  return id;
}
inline void h5_check_status(herr_t status, const char* what) {
  if (status < 0) throw std::runtime_error(std::string("HDF5 test helper: ") + what + " failed");
}

// The values of a column in memory, in the native type of its H5Type.
struct H5Values {
  hid_t type = -1;  // owned
  std::size_t size = 0;
  std::vector<unsigned char> bytes;         // rows * size
  std::vector<const char*> strings;         // VarString: pointers into the column's cells
  H5Values() = default;
  H5Values(const H5Values&) = delete;
  H5Values& operator=(const H5Values&) = delete;
  H5Values(H5Values&& o) noexcept : type(o.type), size(o.size), bytes(std::move(o.bytes)), strings(std::move(o.strings)) {
    o.type = -1;
  }
  ~H5Values() {
    if (type >= 0) H5Tclose(type);
  }
  const unsigned char* row(std::size_t i) const {
    return strings.empty() ? bytes.data() + i * size : reinterpret_cast<const unsigned char*>(&strings[i]);
  }
};

template <class T> void put_number(std::vector<unsigned char>& out, std::size_t i, std::string_view cell) {
  T value{};
  const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (ec != std::errc{} || ptr != cell.data() + cell.size())
    throw std::runtime_error("HDF5 test helper: cannot store '" + std::string(cell) + "'");
  std::memcpy(out.data() + i * sizeof(T), &value, sizeof(T));
}

inline H5Values h5_values(const H5Column& c) {
  H5Values v;
  const std::size_t n = c.cells.size();
  auto numbers = [&](hid_t native, auto zero) {
    using T = decltype(zero);
    v.type = H5Tcopy(native);
    v.size = sizeof(T);
    v.bytes.resize(n * sizeof(T));
    for (std::size_t i = 0; i < n; ++i) put_number<T>(v.bytes, i, c.cells[i]);
  };
  switch (c.type) {
  case H5Type::F32: numbers(H5T_NATIVE_FLOAT, 0.0f); break;
  case H5Type::F64: numbers(H5T_NATIVE_DOUBLE, 0.0); break;
  case H5Type::I8: numbers(H5T_NATIVE_INT8, std::int8_t{}); break;
  case H5Type::U8: numbers(H5T_NATIVE_UINT8, std::uint8_t{}); break;
  case H5Type::I16: numbers(H5T_NATIVE_INT16, std::int16_t{}); break;
  case H5Type::U16: numbers(H5T_NATIVE_UINT16, std::uint16_t{}); break;
  case H5Type::I32: numbers(H5T_NATIVE_INT32, std::int32_t{}); break;
  case H5Type::U32: numbers(H5T_NATIVE_UINT32, std::uint32_t{}); break;
  case H5Type::I64: numbers(H5T_NATIVE_INT64, std::int64_t{}); break;
  case H5Type::U64: numbers(H5T_NATIVE_UINT64, std::uint64_t{}); break;
  case H5Type::FixedString: {
    std::size_t longest = 1;
    for (const auto& s : c.cells) longest = std::max(longest, s.size());
    v.type = H5Tcopy(H5T_C_S1);
    H5Tset_size(v.type, longest);
    H5Tset_strpad(v.type, H5T_STR_NULLPAD);
    v.size = longest;
    v.bytes.assign(n * longest, 0);
    for (std::size_t i = 0; i < n; ++i) std::memcpy(v.bytes.data() + i * longest, c.cells[i].data(), c.cells[i].size());
    break;
  }
  case H5Type::VarString:
    v.type = H5Tcopy(H5T_C_S1);
    H5Tset_size(v.type, H5T_VARIABLE);
    v.size = sizeof(const char*);
    for (const auto& s : c.cells) v.strings.push_back(s.c_str());
    break;
  }
  return v;
}

// An HDF5 file being written; objects are created by path from the root.
class H5TestFile {
public:
  // Creates (truncates) `path`; the root group tracks link creation order when asked.
  explicit H5TestFile(const std::string& path, bool track_order = true) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    const hid_t fcpl = h5_check(H5Pcreate(H5P_FILE_CREATE), "H5Pcreate");
    if (track_order) H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    file_ = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT);
    H5Pclose(fcpl);
    h5_check(file_, "H5Fcreate");
  }
  H5TestFile(const H5TestFile&) = delete;
  H5TestFile& operator=(const H5TestFile&) = delete;
  ~H5TestFile() { close(); }
  void close() {
    if (file_ >= 0) H5Fclose(file_);
    file_ = -1;
  }
  hid_t id() const { return file_; }

  void group(const std::string& path, bool track_order = true) {
    const hid_t gcpl = h5_check(H5Pcreate(H5P_GROUP_CREATE), "H5Pcreate");
    if (track_order) H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    const hid_t g = h5_check(H5Gcreate2(file_, path.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT), "H5Gcreate2");
    H5Pclose(gcpl);
    H5Gclose(g);
  }

  // A dataset of any type and shape from raw memory (`data` in the memory type `type`);
  // chunk > 0: chunked along the first dimension and deflate-compressed.
  void dataset(const std::string& path, hid_t type, const std::vector<hsize_t>& dims, const void* data,
               hsize_t chunk = 0) {
    const hid_t space = dims.empty() ? H5Screate(H5S_SCALAR)
                                     : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
    h5_check(space, "H5Screate");
    const hid_t dcpl = h5_check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate");
    if (chunk > 0 && !dims.empty()) {
      std::vector<hsize_t> chunks(dims);
      chunks[0] = std::min<hsize_t>(chunk, std::max<hsize_t>(dims[0], 1));
      H5Pset_chunk(dcpl, static_cast<int>(chunks.size()), chunks.data());
      H5Pset_deflate(dcpl, 4);
    }
    const hid_t d = h5_check(H5Dcreate2(file_, path.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), "H5Dcreate2");
    if (data != nullptr) h5_check_status(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "H5Dwrite");
    H5Dclose(d);
    H5Pclose(dcpl);
    H5Sclose(space);
  }

  // The columns as one 1-D compound dataset, a field per column in column order.
  void compound(const std::string& path, const std::vector<H5Column>& columns, hsize_t chunk = 1000) {
    std::vector<H5Values> values;
    std::size_t record = 0;
    std::vector<std::size_t> offsets;
    for (const auto& c : columns) {
      values.push_back(h5_values(c));
      offsets.push_back(record);
      record += values.back().size;
    }
    const std::size_t n = columns.empty() ? 0 : columns.front().cells.size();
    const hid_t type = h5_check(H5Tcreate(H5T_COMPOUND, record), "H5Tcreate");
    for (std::size_t c = 0; c < columns.size(); ++c)
      h5_check_status(H5Tinsert(type, columns[c].name.c_str(), offsets[c], values[c].type), "H5Tinsert");
    std::vector<unsigned char> rows(n * record);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t c = 0; c < columns.size(); ++c)
        std::memcpy(rows.data() + i * record + offsets[c], values[c].row(i), values[c].size);
    dataset(path, type, {n}, rows.data(), chunk);
    H5Tclose(type);
  }

  // The columns as 1-D datasets in the group `group` ("/" or one made by group()).
  void columns(const std::string& group, const std::vector<H5Column>& columns, hsize_t chunk = 1000) {
    for (const auto& c : columns) {
      const H5Values v = h5_values(c);
      const void* data = v.strings.empty() ? static_cast<const void*>(v.bytes.data()) : v.strings.data();
      dataset((group == "/" ? "" : group) + "/" + c.name, v.type, {c.cells.size()}, data, chunk);
    }
  }

private:
  hid_t file_ = -1;
};

// The type of each column of the shipped HiggsML files as a dumper would store it:
// EventId int64, PRI_jet_num uint8, the weights double, Label and KaggleSet strings,
// every other column float.
inline H5Type higgs_h5_type(const std::string& name, H5Type strings = H5Type::FixedString) {
  if (name == "EventId") return H5Type::I64;
  if (name == "PRI_jet_num") return H5Type::U8;
  if (name == "Weight" || name == "KaggleWeight") return H5Type::F64;
  if (name == "Label" || name == "KaggleSet") return strings;
  return H5Type::F32;
}

// The FAIR-Universe sample's columns: PRI_n_jets int32, weights double, labels int8,
// detailed_labels a string (not read by the schema), every other column float.
inline H5Type fair_h5_type(const std::string& name, H5Type strings = H5Type::VarString) {
  if (name == "PRI_n_jets") return H5Type::I32;
  if (name == "weights") return H5Type::F64;
  if (name == "labels") return H5Type::I8;
  if (name == "detailed_labels") return strings;
  return H5Type::F32;
}

} // namespace sieve::test
