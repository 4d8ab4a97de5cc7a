#include "sieve/data/hdf5_reader.hpp"

#include "hdf5_support.hpp"
#include "read_roles.hpp"
#include "sieve/data/table_filling.hpp"
#include "sieve/error.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

namespace sieve::data {
namespace {

using detail::H5Handle;

constexpr std::size_t kSlabBytes = std::size_t{1} << 22;  // the row buffer's bound
constexpr std::size_t kMaxSlabRows = 16384;
constexpr std::size_t kMaxStringBytes = 4096;             // a label or set string
constexpr std::size_t kDefaultChunkCache = std::size_t{1} << 20;  // HDF5's, per dataset
constexpr std::size_t kMaxChunkCache = std::size_t{1} << 26;      // one long chunk cached
constexpr std::size_t kChunkCacheSlots = 521;
constexpr std::uint64_t kMaxRows = std::uint64_t{1} << 62;  // Table::line is an int64
constexpr std::size_t kListedNames = 40;
constexpr std::size_t kQuoteLimit = 60;

enum class Kind : std::uint8_t { Skip, EventId, Weight, OtherWeight, Label, Set, Feature, Code };
enum class Storage : std::uint8_t { Float, Signed, Unsigned, String, VarString };

bool is_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string quoted(std::string_view text) {
  std::string out;
  out.push_back('\'');
  out.append(text.substr(0, kQuoteLimit));
  if (text.size() > kQuoteLimit) out.append("...");
  out.push_back('\'');
  return out;
}

std::string number_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

std::optional<double> as_number(std::string_view text) {
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i == kListedNames) return out + ", ... (" + std::to_string(names.size()) + " in all)";
    out += (i ? ", " : "") + names[i];
  }
  return out.empty() ? std::string("nothing") : out;
}

struct LinkNames {
  std::vector<std::string> names;
};

herr_t collect_hard_link(hid_t /*group*/, const char* name, const H5L_info_t* info, void* data) {
  if (info != nullptr && info->type == H5L_TYPE_HARD) static_cast<LinkNames*>(data)->names.emplace_back(name);
  return 0;
}

// The names of a group's hard links: in creation order when the group tracks it, else in
// name order.
std::vector<std::string> link_names(hid_t group) {
  LinkNames out;
  hsize_t index = 0;
  if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, collect_hard_link, &out) < 0) {
    H5Eclear2(H5E_DEFAULT);
    out.names.clear();
    index = 0;
    if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, collect_hard_link, &out) < 0) return {};
  }
  return std::move(out.names);
}

H5Handle open_object(hid_t location, const std::string& name) {
  return H5Handle(H5Oopen(location, name.c_str(), H5P_DEFAULT), H5Oclose);
}

bool is_dataset(hid_t object) { return H5Iget_type(object) == H5I_DATASET; }

// One column the table receives.
struct Column {
  std::string name;  // field or dataset name
  Kind kind = Kind::Skip;
  std::uint32_t index = 0;  // into Table::features (Feature, Code) or Table::other_weights
  std::vector<float> missing;
  const detail::CodeCheck* codes = nullptr;  // Code: what its cells must be (in Impl::roles)
  Storage storage = Storage::Float;
  std::size_t bytes = 0;   // memory size of one value
  std::size_t offset = 0;  // compound: in the record; group: of its column in the slab
  std::size_t stride = 0;  // bytes from one row's value to the next in the buffer
  bool space_padded = false;
  H5Handle dataset;        // group of columns: its dataset
  H5Handle file_space;     // group of columns: its dataspace
  H5Handle mem_type;
};

} // namespace

// --- locations ---------------------------------------------------------------------------

Hdf5Location parse_hdf5_location(const std::string& path) {
  if (is_file(path)) return {path, ""};
  for (std::size_t colon = path.rfind(':'); colon != std::string::npos && colon > 0;
       colon = path.rfind(':', colon - 1)) {
    std::string file = path.substr(0, colon);
    if (is_file(file)) {
      std::string object = path.substr(colon + 1);
      if (object.empty() || object.front() != '/') object.insert(object.begin(), '/');
      return {std::move(file), std::move(object)};
    }
  }
  return {path, ""};
}

bool is_hdf5_table(const std::string& path) {
  const Hdf5Location where = parse_hdf5_location(path);
  return !where.object.empty() || detail::has_hdf5_signature(where.file);
}

bool has_hdf5_suffix(const std::string& path) {
  const std::size_t dot = path.rfind('.');
  if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return false;
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == "h5" || ext == "hdf5" || ext == "he5" || ext == "hdf";
}

// --- the reader --------------------------------------------------------------------------

struct Hdf5Reader::Impl {
  std::string path, file, object;
  ReadOptions options;
  bool compound = false;
  std::vector<std::string> header, feature_names;
  std::vector<Column> columns;  // the columns read, in file order
  OptionalColumns has;
  std::optional<double> signal_number, background_number;
  detail::ReadRoles roles;

  H5Handle file_handle, table;  // the file; the compound dataset or the group
  H5Handle table_space, record_type;  // compound: the dataset's dataspace, the memory record
  bool variable_strings = false;
  std::uint64_t total_rows = 0, next_row = 0;
  std::uint64_t slab_start = 0;  // the rows in the buffer: [slab_start, slab_start + slab_count)
  std::size_t slab_count = 0;
  std::size_t rows_read = 0, rows_skipped = 0;
  std::size_t slab_rows = 1, record_bytes = 0;
  std::vector<std::uint64_t> buffer;  // 8-byte aligned

  Impl(const std::string& spec, ReadOptions opts, bool plan = true) : path(spec), options(std::move(opts)) {
    detail::silence_hdf5_errors();
    const Hdf5Location location = parse_hdf5_location(spec);
    file = location.file;
    open_file();
    find_table(location.object);
    if (!plan) return;
    plan_columns();
    prepare_reading();
  }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    detail::silence_hdf5_errors();  // closing may report, e.g. on a damaged file
    reclaim_strings();
  }

  // "events.h5 dataset /jets" or "events.h5 group /nominal".
  std::string table_name() const { return file + (compound ? " dataset " : " group ") + object; }
  std::string dataset_path(const std::string& name) const {
    return object == "/" ? "/" + name : object + "/" + name;
  }
  [[noreturn]] void fail(const std::string& what) const { throw ConfigError(table_name() + ": " + what); }

  // --- opening ---------------------------------------------------------------------------

  void open_file() {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) throw ConfigError(file + ": cannot open: " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw ConfigError(file + ": cannot open: not a regular file");
    if (!detail::has_hdf5_signature(file))
      throw ConfigError(file + ": not an HDF5 file (no HDF5 signature" +
                        (st.st_size == 0 ? std::string(": the file is empty)") : std::string(")")));
    H5Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    // Reading takes no lock (a read-only or network file system may not offer one), and
    // closing the file closes whatever is still open in it.
    if (!access.valid() || H5Pset_file_locking(access.get(), false, true) < 0 ||
        H5Pset_fclose_degree(access.get(), H5F_CLOSE_STRONG) < 0)
      throw ConfigError(file + ": cannot set up HDF5 file access: " + detail::hdf5_error_text());
    file_handle = H5Handle(H5Fopen(file.c_str(), H5F_ACC_RDONLY, access.get()), H5Fclose);
    if (!file_handle.valid())
      throw ConfigError(file + ": cannot open the HDF5 file (damaged or truncated?): " + detail::hdf5_error_text());
  }

  std::vector<std::string> root_names() {
    H5Handle root = open_object(file_handle.get(), "/");
    if (!root.valid()) throw ConfigError(file + ": cannot open the root group: " + detail::hdf5_error_text());
    return link_names(root.get());
  }

  void find_table(const std::string& wanted) {
    if (wanted.empty()) {
      // The default: the compound dataset at the root when there is exactly one, else the
      // root group as a group of columns.
      H5Handle root = open_object(file_handle.get(), "/");
      if (!root.valid()) throw ConfigError(file + ": cannot open the root group: " + detail::hdf5_error_text());
      std::vector<std::string> compounds;
      for (const std::string& name : link_names(root.get())) {
        H5Handle o = open_object(root.get(), name);
        if (!o.valid()) {
          H5Eclear2(H5E_DEFAULT);
          continue;
        }
        if (!is_dataset(o.get())) continue;
        H5Handle type(H5Dget_type(o.get()), H5Tclose);
        if (type.valid() && H5Tget_class(type.get()) == H5T_COMPOUND) compounds.push_back("/" + name);
      }
      if (compounds.size() > 1)
        throw ConfigError(file + " holds " + std::to_string(compounds.size()) + " compound datasets at its root (" +
                          join(compounds) + "): name the table, e.g. " + file + ":" + compounds.front());
      object = compounds.empty() ? "/" : compounds.front();
    } else {
      object = wanted;
    }
    table = open_object(file_handle.get(), object);
    if (!table.valid()) {
      H5Eclear2(H5E_DEFAULT);
      throw ConfigError(file + ": no dataset or group " + object + " (the root holds: " + join(root_names()) + ")");
    }
    const H5I_type_t type = H5Iget_type(table.get());
    if (type == H5I_DATASET) {
      compound = true;
      open_compound();
    } else if (type == H5I_GROUP) {
      compound = false;
      open_group();
    } else {
      throw ConfigError(file + ": " + object + " is neither a dataset nor a group");
    }
  }

  // The length of a 1-D dataset; `what` names it in messages.
  static std::uint64_t length_of(hid_t space, const std::string& what) {
    const H5S_class_t kind = H5Sget_simple_extent_type(space);
    if (kind == H5S_SCALAR) throw ConfigError(what + ": a scalar, expected a 1-D dataset (one value per row)");
    if (kind != H5S_SIMPLE) throw ConfigError(what + ": an empty (null) dataspace, expected a 1-D dataset");
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0) throw ConfigError(what + ": unreadable dataspace: " + detail::hdf5_error_text());
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    if (rank != 1) {
      std::string shape;
      for (const hsize_t d : dims) shape += (shape.empty() ? "" : " x ") + std::to_string(d);
      throw ConfigError(what + ": rank " + std::to_string(rank) + " (shape " + shape +
                        "), expected a 1-D dataset (one value per row)");
    }
    if (dims[0] > kMaxRows) throw ConfigError(what + ": " + std::to_string(dims[0]) + " rows, too many to read");
    return dims[0];
  }

  void open_compound() {
    const std::string what = file + " dataset " + object;
    H5Handle type(H5Dget_type(table.get()), H5Tclose);
    if (!type.valid()) throw ConfigError(what + ": unreadable datatype: " + detail::hdf5_error_text());
    if (H5Tget_class(type.get()) != H5T_COMPOUND)
      throw ConfigError(what + ": a dataset of " + detail::describe_type(type.get()) +
                        ", not a table: name a compound dataset or a group of 1-D datasets (e.g. " + file +
                        ":/ for the root group)");
    table_space = H5Handle(H5Dget_space(table.get()), H5Sclose);
    if (!table_space.valid()) throw ConfigError(what + ": unreadable dataspace: " + detail::hdf5_error_text());
    total_rows = length_of(table_space.get(), what);
    const int members = H5Tget_nmembers(type.get());
    if (members < 0) throw ConfigError(what + ": unreadable compound type: " + detail::hdf5_error_text());
    for (int i = 0; i < members; ++i) {
      char* name = H5Tget_member_name(type.get(), static_cast<unsigned>(i));
      if (name == nullptr) throw ConfigError(what + ": unreadable field name: " + detail::hdf5_error_text());
      header.emplace_back(name);
      H5free_memory(name);
    }
  }

  void open_group() {
    for (const std::string& name : link_names(table.get())) {
      H5Handle o = open_object(table.get(), name);
      if (!o.valid()) {
        H5Eclear2(H5E_DEFAULT);
        continue;
      }
      if (is_dataset(o.get())) header.push_back(name);
    }
  }

  // --- columns ---------------------------------------------------------------------------

  // The kind of every header name and the feature names, as the CSV reader plans them.
  void plan_columns() {
    std::vector<Kind> kinds(header.size(), Kind::Skip);
    std::vector<std::uint32_t> index_of(header.size(), 0);
    std::vector<std::vector<float>> missing_of(header.size());
    if (!options.schema && options.columns.empty()) {
      if (!detail::has_higgsml_columns(header))
        fail("its " + noun(true) + " are not a HiggsML 2014 layout: " + detail::kGiveASchema);
      options.schema = detail::preset_schema();
    }
    if (options.schema)
      plan_schema(*options.schema, kinds, index_of, missing_of);
    else
      plan_named_columns(kinds, index_of);
    for (std::size_t j = 0; j < header.size(); ++j) {
      if (kinds[j] == Kind::Skip) continue;
      Column c;
      c.name = header[j];
      c.kind = kinds[j];
      c.index = index_of[j];
      c.missing = std::move(missing_of[j]);
      if (c.kind == Kind::Code) c.codes = roles.code_check(header[j]);
      columns.push_back(std::move(c));
      has.event_id |= kinds[j] == Kind::EventId;
      has.weight |= kinds[j] == Kind::Weight;
      has.label |= kinds[j] == Kind::Label;
      has.set |= kinds[j] == Kind::Set;
    }
    has.other_weights = roles.weight_names.empty() ? 0 : roles.weight_names.size() - 1;
    if (options.schema) {
      signal_number = as_number(options.schema->signal_value);
      background_number = as_number(options.schema->background_value);
    }
  }

  std::string noun(bool plural) const {
    return compound ? (plural ? "fields" : "field") : (plural ? "datasets" : "dataset");
  }

  void plan_schema(const Schema& s, std::vector<Kind>& kinds, std::vector<std::uint32_t>& index_of,
                   std::vector<std::vector<float>>& missing_of) {
    if (s.missing_nan) options.non_finite_as_missing = true;
    const std::vector<std::string>& inputs = options.columns.empty() ? s.columns : options.columns;
    for (const std::string& name : inputs)
      if (std::find(feature_names.begin(), feature_names.end(), name) != feature_names.end())
        fail("the columns to read name '" + name + "' twice");
      else
        feature_names.push_back(name);
    roles = detail::ReadRoles(s, header);
    std::vector<bool> found(feature_names.size(), false);
    for (std::size_t j = 0; j < header.size(); ++j) {
      const std::string& h = header[j];
      const auto f = std::find(feature_names.begin(), feature_names.end(), h);
      if (f != feature_names.end()) {
        const auto k = static_cast<std::size_t>(f - feature_names.begin());
        kinds[j] = roles.code_check(h) ? Kind::Code : Kind::Feature;
        index_of[j] = static_cast<std::uint32_t>(k);
        missing_of[j] = s.sentinels(h);
        found[k] = true;
      } else if (h == s.id_column) {
        kinds[j] = Kind::EventId;
      } else if (h == s.label_column) {
        kinds[j] = Kind::Label;
      } else if (const std::optional<std::size_t> w = roles.weight_index(h)) {
        kinds[j] = *w == 0 ? Kind::Weight : Kind::OtherWeight;
        index_of[j] = static_cast<std::uint32_t>(*w == 0 ? 0 : *w - 1);
      } else if (h == s.set_column) {
        kinds[j] = Kind::Set;
      }
      if (kinds[j] != Kind::Skip && kinds[j] != Kind::Feature && kinds[j] != Kind::Code) roles.role_columns.push_back(h);
    }
    std::vector<std::string> missing;
    for (std::size_t k = 0; k < feature_names.size(); ++k)
      if (!found[k]) missing.push_back(feature_names[k]);
    if (!missing.empty())
      fail("the schema " + s.name + " (" + s.source + ") needs the column" + (missing.size() == 1 ? " " : "s ") +
           join(missing) + ", which the " + (compound ? "compound dataset does not have as fields" :
                                                         "group does not hold as datasets") +
           " (it has: " + join(header) + ")");
  }

  // Without a schema: exactly the listed columns, as features.
  void plan_named_columns(std::vector<Kind>& kinds, std::vector<std::uint32_t>& index_of) {
    std::map<std::string, std::size_t, std::less<>> wanted;  // name -> feature index
    for (const std::string& name : options.columns) {
      if (!wanted.emplace(name, feature_names.size()).second) fail("ReadOptions::columns names '" + name + "' twice");
      feature_names.push_back(name);
    }
    std::vector<std::string> absent;
    for (const std::string& name : options.columns)
      if (std::find(header.begin(), header.end(), name) == header.end()) absent.push_back(name);
    if (!absent.empty())
      fail("missing " + noun(absent.size() > 1) + " " + join(absent) + " (it has: " + join(header) + ")");
    for (std::size_t j = 0; j < header.size(); ++j) {
      const auto it = wanted.find(header[j]);
      if (it == wanted.end()) {
        if (!options.allow_extra_columns)
          fail("unexpected " + noun(false) + " " + quoted(header[j]) +
               " (set ReadOptions::allow_extra_columns to skip it)");
        continue;
      }
      kinds[j] = Kind::Feature;
      index_of[j] = static_cast<std::uint32_t>(it->second);
    }
  }

  // --- types and buffers -----------------------------------------------------------------

  std::string column_name(const Column& c) const {
    return compound ? table_name() + ", field " + c.name : file + " dataset " + dataset_path(c.name);
  }

  // Checks a column's datatype against its kind and chooses the memory type.
  void choose_storage(Column& c, hid_t type) {
    const std::string what = column_name(c);
    const bool text_allowed = c.kind == Kind::Label || c.kind == Kind::Set;
    const std::string expected = text_allowed ? "numbers or strings" : c.kind == Kind::EventId ? "integers" : "numbers";
    switch (H5Tget_class(type)) {
    case H5T_INTEGER:
      c.storage = H5Tget_sign(type) == H5T_SGN_NONE ? Storage::Unsigned : Storage::Signed;
      c.mem_type = H5Handle(H5Tcopy(c.storage == Storage::Unsigned ? H5T_NATIVE_UINT64 : H5T_NATIVE_INT64), H5Tclose);
      break;
    case H5T_FLOAT:
      if (c.kind == Kind::EventId)
        throw ConfigError(what + ": " + detail::describe_type(type) + " values, expected integers (the event id)");
      c.storage = Storage::Float;
      c.mem_type = H5Handle(H5Tcopy(H5T_NATIVE_DOUBLE), H5Tclose);
      break;
    case H5T_STRING:
      if (!text_allowed) throw ConfigError(what + ": " + detail::describe_type(type) + " values, expected " + expected);
      if (H5Tis_variable_str(type) > 0) {
        c.storage = Storage::VarString;
        c.mem_type = H5Handle(H5Tcopy(H5T_C_S1), H5Tclose);
        if (!c.mem_type.valid() || H5Tset_size(c.mem_type.get(), H5T_VARIABLE) < 0)
          throw ConfigError(what + ": cannot make a string type: " + detail::hdf5_error_text());
        variable_strings = true;
      } else {
        if (H5Tget_size(type) > kMaxStringBytes)
          throw ConfigError(what + ": " + detail::describe_type(type) + ", longer than the " +
                            std::to_string(kMaxStringBytes) + " bytes a label or set value may have");
        c.storage = Storage::String;
        c.mem_type = H5Handle(H5Tcopy(type), H5Tclose);
        c.space_padded = H5Tget_strpad(type) == H5T_STR_SPACEPAD;
      }
      break;
    default:
      throw ConfigError(what + ": " + detail::describe_type(type) + " values, expected " + expected);
    }
    if (!c.mem_type.valid()) throw ConfigError(what + ": cannot make its memory type: " + detail::hdf5_error_text());
    if ((c.storage == Storage::Signed || c.storage == Storage::Unsigned || c.storage == Storage::Float) &&
        (c.kind == Kind::Label || c.kind == Kind::Set)) {
      const bool numeric = c.kind == Kind::Label
                               ? signal_number && background_number
                               : std::any_of(roles.set_values.begin(), roles.set_values.end(),
                                             [](const auto& v) { return as_number(v.first).has_value(); });
      if (!numeric)
        throw ConfigError(what + ": " + detail::describe_type(type) + " values, but the " +
                          (c.kind == Kind::Label ? "label values " : "set values ") + listed_values(c.kind) +
                          " are not numbers: store them as strings");
    }
    c.bytes = H5Tget_size(c.mem_type.get());
  }

  std::string listed_values(Kind kind) const {
    if (kind == Kind::Label) return quoted(options.schema->signal_value) + " and " + quoted(options.schema->background_value);
    return roles.set_values_text;
  }

  void prepare_reading() {
    if (compound) {
      H5Handle type(H5Dget_type(table.get()), H5Tclose);
      for (Column& c : columns) {
        const int index = H5Tget_member_index(type.get(), c.name.c_str());
        H5Handle member(index < 0 ? H5I_INVALID_HID : H5Tget_member_type(type.get(), static_cast<unsigned>(index)),
                        H5Tclose);
        if (!member.valid()) throw ConfigError(column_name(c) + ": unreadable type: " + detail::hdf5_error_text());
        choose_storage(c, member.get());
      }
    } else {
      std::optional<std::pair<std::string, std::uint64_t>> first;
      for (Column& c : columns) {
        const std::string what = file + " dataset " + dataset_path(c.name);
        c.dataset = H5Handle(H5Dopen2(table.get(), c.name.c_str(), H5P_DEFAULT), H5Dclose);
        if (!c.dataset.valid()) throw ConfigError(what + ": cannot open: " + detail::hdf5_error_text());
        H5Handle type(H5Dget_type(c.dataset.get()), H5Tclose);
        if (!type.valid()) throw ConfigError(what + ": unreadable datatype: " + detail::hdf5_error_text());
        c.file_space = H5Handle(H5Dget_space(c.dataset.get()), H5Sclose);
        if (!c.file_space.valid()) throw ConfigError(what + ": unreadable dataspace: " + detail::hdf5_error_text());
        const std::uint64_t n = length_of(c.file_space.get(), what);
        if (!first) {
          first.emplace(dataset_path(c.name), n);
        } else if (n != first->second) {
          fail("columns of different lengths: dataset " + first->first + " has " + std::to_string(first->second) +
               " rows, " + dataset_path(c.name) + " has " + std::to_string(n));
        }
        choose_storage(c, type.get());
      }
      total_rows = first ? first->second : 0;
    }
    // The record: every column's value, each at an 8-byte aligned offset.
    std::size_t bytes = 0;
    for (Column& c : columns) {
      c.offset = bytes;
      bytes += (c.bytes + 7) / 8 * 8;
    }
    record_bytes = std::max<std::size_t>(bytes, 8);
    slab_rows = std::clamp<std::size_t>(kSlabBytes / record_bytes, 1, kMaxSlabRows);
    // Slabs of whole chunks: each chunk is read (and inflated) once, straight from the
    // file. A chunk longer than a slab is kept in the dataset's chunk cache instead, made
    // large enough for one chunk (up to kMaxChunkCache).
    std::uint64_t chunk_rows = 0;
    if (compound) {
      chunk_rows = chunk_rows_of(table.get());
      if (auto cached = with_chunk_cache(file_handle.get(), object, table.get(), chunk_rows))
        table = std::move(*cached);
    } else {
      for (Column& c : columns) {
        const std::uint64_t rows = chunk_rows_of(c.dataset.get());
        chunk_rows = std::max(chunk_rows, rows);
        if (auto cached = with_chunk_cache(table.get(), c.name, c.dataset.get(), rows)) c.dataset = std::move(*cached);
      }
    }
    if (chunk_rows > 0 && chunk_rows <= slab_rows)
      slab_rows = static_cast<std::size_t>(slab_rows / chunk_rows * chunk_rows);
    slab_rows = static_cast<std::size_t>(std::max<std::uint64_t>(1, std::min<std::uint64_t>(slab_rows, total_rows)));
    if (compound) {
      record_type = H5Handle(H5Tcreate(H5T_COMPOUND, record_bytes), H5Tclose);
      if (!record_type.valid()) fail("cannot make the memory record type: " + detail::hdf5_error_text());
      for (Column& c : columns) {
        if (H5Tinsert(record_type.get(), c.name.c_str(), c.offset, c.mem_type.get()) < 0)
          fail("cannot make the memory record type: " + detail::hdf5_error_text());
        c.stride = record_bytes;
      }
    } else {
      // Column-wise: each column's values are contiguous in the slab.
      for (Column& c : columns) {
        c.offset *= slab_rows;
        c.stride = c.bytes;
      }
    }
  }

  // The rows per chunk of a chunked 1-D dataset, 0 for another layout.
  static std::uint64_t chunk_rows_of(hid_t dataset) {
    H5Handle creation(H5Dget_create_plist(dataset), H5Pclose);
    hsize_t rows = 0;
    if (!creation.valid() || H5Pget_layout(creation.get()) != H5D_CHUNKED ||
        H5Pget_chunk(creation.get(), 1, &rows) != 1)
      rows = 0;
    H5Eclear2(H5E_DEFAULT);
    return rows;
  }

  // The dataset `name` of `location` (open as `dataset`) opened again with a chunk cache
  // that holds one of its chunks of `chunk_rows` rows, when that is more than HDF5's
  // default cache and at most kMaxChunkCache.
  static std::optional<H5Handle> with_chunk_cache(hid_t location, const std::string& name, hid_t dataset,
                                                  std::uint64_t chunk_rows) {
    H5Handle type(H5Dget_type(dataset), H5Tclose);
    const double bytes =
        static_cast<double>(chunk_rows) * static_cast<double>(type.valid() ? H5Tget_size(type.get()) : 0);
    if (bytes <= static_cast<double>(kDefaultChunkCache) || bytes > static_cast<double>(kMaxChunkCache)) return {};
    H5Handle access(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose);
    if (!access.valid() ||
        H5Pset_chunk_cache(access.get(), kChunkCacheSlots, static_cast<std::size_t>(bytes) + 1024, 1.0) < 0) {
      H5Eclear2(H5E_DEFAULT);
      return {};
    }
    H5Handle reopened(H5Dopen2(location, name.c_str(), access.get()), H5Dclose);
    H5Eclear2(H5E_DEFAULT);
    if (!reopened.valid()) return {};
    return reopened;
  }

  // --- reading ---------------------------------------------------------------------------

  unsigned char* base() { return reinterpret_cast<unsigned char*>(buffer.data()); }

  // Reads the slab of rows from `start` (slab_rows of them, fewer at the end) into the
  // buffer, after freeing the strings of the slab before.
  void read_slab(std::uint64_t start) {
    reclaim_strings();
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(slab_rows, total_rows - start));
    const std::size_t words = (slab_rows * record_bytes + 7) / 8;
    if (buffer.size() < words) buffer.resize(words);
    if (variable_strings) std::fill(buffer.begin(), buffer.end(), std::uint64_t{0});
    slab_start = start;
    slab_count = n;  // (a failed read leaves null strings, which free nothing)
    const hsize_t offset = start, count = n;
    H5Handle memory(H5Screate_simple(1, &count, nullptr), H5Sclose);
    auto rows_text = [&] {
      return "cannot read rows " + std::to_string(start) + " to " + std::to_string(start + n - 1);
    };
    if (!memory.valid()) fail(rows_text() + ": " + detail::hdf5_error_text());
    if (compound) {
      if (H5Sselect_hyperslab(table_space.get(), H5S_SELECT_SET, &offset, nullptr, &count, nullptr) < 0 ||
          H5Dread(table.get(), record_type.get(), memory.get(), table_space.get(), H5P_DEFAULT, base()) < 0) {
        slab_count = 0;
        fail(rows_text() + ": " + detail::hdf5_error_text());
      }
      return;
    }
    for (Column& c : columns)
      if (H5Sselect_hyperslab(c.file_space.get(), H5S_SELECT_SET, &offset, nullptr, &count, nullptr) < 0 ||
          H5Dread(c.dataset.get(), c.mem_type.get(), memory.get(), c.file_space.get(), H5P_DEFAULT,
                  base() + c.offset) < 0) {
        const std::string error = detail::hdf5_error_text();
        slab_count = 0;
        throw ConfigError(file + " dataset " + dataset_path(c.name) + ": " + rows_text() + ": " + error);
      }
  }

  static void reclaim(hid_t type, hid_t space, void* buffer) {
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(type, space, H5P_DEFAULT, buffer);
#else
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer);  // Debian 12's HDF5 1.10
#endif
  }

  // Frees the variable-length strings HDF5 allocated for the slab in the buffer.
  void reclaim_strings() {
    if (!variable_strings || slab_count == 0) return;
    const hsize_t count = slab_count;
    slab_count = 0;
    H5Handle memory(H5Screate_simple(1, &count, nullptr), H5Sclose);
    if (compound) {
      reclaim(record_type.get(), memory.get(), base());
    } else {
      for (Column& c : columns)
        if (c.storage == Storage::VarString) reclaim(c.mem_type.get(), memory.get(), base() + c.offset);
    }
    H5Eclear2(H5E_DEFAULT);
  }

  // --- cells -----------------------------------------------------------------------------

  [[noreturn]] void cell_error(const Column& c, std::uint64_t row, const std::string& what) const {
    if (compound) throw ConfigError(table_name() + " row " + std::to_string(row) + ", field " + c.name + ": " + what);
    throw ConfigError(file + " dataset " + dataset_path(c.name) + " row " + std::to_string(row) + ": " + what);
  }

  static double float_at(const unsigned char* p) {
    double v = 0.0;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static std::int64_t signed_at(const unsigned char* p) {
    std::int64_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static std::uint64_t unsigned_at(const unsigned char* p) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  // A number cell as a double (integers beyond 2^53 rounded: only for messages and for
  // columns read as doubles).
  static double number_at(const Column& c, const unsigned char* p) {
    switch (c.storage) {
    case Storage::Signed: return static_cast<double>(signed_at(p));
    case Storage::Unsigned: return static_cast<double>(unsigned_at(p));
    default: return float_at(p);
    }
  }
  std::string_view text_at(const Column& c, const unsigned char* p) const {
    if (c.storage == Storage::VarString) {
      const char* s = nullptr;
      std::memcpy(&s, p, sizeof s);
      return s == nullptr ? std::string_view() : std::string_view(s, ::strnlen(s, kMaxStringBytes));
    }
    std::string_view s(reinterpret_cast<const char*>(p), c.bytes);
    s = s.substr(0, std::min(s.size(), s.find('\0')));
    if (c.space_padded)
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  }
  std::string cell_text(const Column& c, const unsigned char* p) const {
    if (c.storage == Storage::String || c.storage == Storage::VarString) return quoted(text_at(c, p));
    if (c.storage == Storage::Signed) return std::to_string(signed_at(p));
    if (c.storage == Storage::Unsigned) return std::to_string(unsigned_at(p));
    return number_text(float_at(p));
  }

  float feature(const Column& c, const unsigned char* p, std::uint64_t row) const {
    float value = 0.0f;
    switch (c.storage) {
    case Storage::Signed: value = static_cast<float>(signed_at(p)); break;
    case Storage::Unsigned: value = static_cast<float>(unsigned_at(p)); break;
    default: {
      const double v = float_at(p);
      if (!std::isfinite(v)) {
        if (!options.non_finite_as_missing)
          cell_error(c, row, "expected a finite number, found " + number_text(v) +
                                 " (set ReadOptions::non_finite_as_missing to read it as missing)");
        return std::numeric_limits<float>::quiet_NaN();
      }
      value = static_cast<float>(v);
      if (std::isinf(value)) cell_error(c, row, "number " + number_text(v) + " is out of the range of a float");
    }
    }
    for (const float m : c.missing)
      if (value == m) return std::numeric_limits<float>::quiet_NaN();
    return value;
  }

  // A categorical cell: one of the schema's codes.
  float code(const Column& c, const unsigned char* p, std::uint64_t row) const {
    const double v = number_at(c, p);
    if (!c.codes->holds(v)) cell_error(c, row, "expected " + c.codes->text + ", found " + cell_text(c, p));
    return v == 0.0 ? 0.0f : static_cast<float>(v);  // -0 is code 0 too
  }

  double weight(const Column& c, const unsigned char* p, std::uint64_t row) const {
    const double v = number_at(c, p);
    if (!std::isfinite(v)) cell_error(c, row, "expected a finite number, found " + cell_text(c, p));
    return v;
  }

  std::int64_t event_id(const Column& c, const unsigned char* p, std::uint64_t row) const {
    if (c.storage == Storage::Signed) return signed_at(p);
    const std::uint64_t v = unsigned_at(p);
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      cell_error(c, row, "event id " + std::to_string(v) + " is beyond the largest signed 64-bit integer");
    return static_cast<std::int64_t>(v);
  }

  std::int8_t label(const Column& c, const unsigned char* p, std::uint64_t row) const {
    const std::string_view signal = options.schema->signal_value;
    const std::string_view background = options.schema->background_value;
    std::optional<double> number;
    if (c.storage == Storage::String || c.storage == Storage::VarString) {
      const std::string_view cell = text_at(c, p);
      if (cell == signal) return 1;
      if (cell == background) return 0;
      number = as_number(cell);
    } else {
      number = number_at(c, p);
    }
    if (number) {
      if (signal_number && *number == *signal_number) return 1;
      if (background_number && *number == *background_number) return 0;
    }
    cell_error(c, row, "expected " + quoted(signal) + " or " + quoted(background) + ", found " + cell_text(c, p));
  }

  char set_code(const Column& c, const unsigned char* p, std::uint64_t row) const {
    if (c.storage == Storage::String || c.storage == Storage::VarString) {
      const std::string_view cell = text_at(c, p);
      for (const auto& [value, code] : roles.set_values)
        if (cell == value) return code;
    } else {
      const double number = number_at(c, p);
      for (const auto& [value, code] : roles.set_values)
        if (const auto v = as_number(value); v && *v == number) return code;
    }
    cell_error(c, row, "expected one of the set values " + listed_values(Kind::Set) + ", found " + cell_text(c, p));
  }

  // Appends row i of the slab (data row `row`) to the table.
  void convert_row(std::size_t i, std::uint64_t row, Table& t) {
    unsigned char* const b = base();
    for (const Column& c : columns) {
      const unsigned char* p = b + c.offset + i * c.stride;
      switch (c.kind) {
      case Kind::Feature: t.features[c.index].push_back(feature(c, p, row)); break;
      case Kind::Code: t.features[c.index].push_back(code(c, p, row)); break;
      case Kind::Weight: t.weight.push_back(weight(c, p, row)); break;
      case Kind::OtherWeight: t.other_weights[c.index].push_back(weight(c, p, row)); break;
      case Kind::EventId: t.event_id.push_back(event_id(c, p, row)); break;
      case Kind::Label: t.label.push_back(label(c, p, row)); break;
      case Kind::Set: t.set.push_back(set_code(c, p, row)); break;
      case Kind::Skip: break;
      }
    }
    t.line.push_back(static_cast<std::int64_t>(row) + 2);
  }

  void reset(Table& t, std::size_t reserve) const {
    t.source = file;
    t.counts_rows = true;
    t.schema = options.schema;
    t.feature_names = feature_names;
    t.role_columns = roles.role_columns;
    t.features.resize(feature_names.size());
    clear_rows(t, has, reserve);
  }
};

Hdf5Reader::Hdf5Reader(const std::string& path, ReadOptions options)
    : impl_(std::make_unique<Impl>(path, std::move(options))) {}
Hdf5Reader::~Hdf5Reader() = default;
Hdf5Reader::Hdf5Reader(Hdf5Reader&&) noexcept = default;
Hdf5Reader& Hdf5Reader::operator=(Hdf5Reader&&) noexcept = default;

const std::string& Hdf5Reader::path() const { return impl_->path; }
const std::vector<std::string>& Hdf5Reader::header() const { return impl_->header; }
const std::vector<std::string>& Hdf5Reader::feature_names() const { return impl_->feature_names; }
std::size_t Hdf5Reader::rows_read() const { return impl_->rows_read; }
std::size_t Hdf5Reader::rows_skipped() const { return impl_->rows_skipped; }
const std::string& Hdf5Reader::file() const { return impl_->file; }
const std::string& Hdf5Reader::object() const { return impl_->object; }
bool Hdf5Reader::compound() const { return impl_->compound; }
std::uint64_t Hdf5Reader::rows() const { return impl_->total_rows; }
std::size_t Hdf5Reader::buffer_bytes() const { return impl_->buffer.size() * sizeof(std::uint64_t); }

std::string Hdf5Reader::where(std::int64_t line) const {
  return impl_->table_name() + " row " + std::to_string(line - 2);
}

bool Hdf5Reader::next_chunk(Table& out, std::size_t max_rows) {
  Impl& im = *impl_;
  detail::silence_hdf5_errors();
  if (max_rows == 0) throw ConfigError(im.path + ": Hdf5Reader::next_chunk asked for 0 rows");
  const std::uint64_t left = im.total_rows - im.next_row;
  im.reset(out, static_cast<std::size_t>(std::min<std::uint64_t>({left, max_rows, std::uint64_t{1} << 20})));
  std::size_t spanned = 0, rows = 0;
  while (spanned < max_rows && im.next_row < im.total_rows) {
    // Whole slabs are read, whatever the chunk size; chunks are cut from them.
    if (im.next_row >= im.slab_start + im.slab_count) im.read_slab(im.next_row);
    const std::uint64_t row = im.next_row;
    const auto i = static_cast<std::size_t>(row - im.slab_start);
    ++im.next_row;
    ++spanned;
    if (!im.options.on_bad_row) {
      im.convert_row(i, row, out);
      ++rows;
      continue;
    }
    try {
      im.convert_row(i, row, out);
      ++rows;
    } catch (const ConfigError& error) {
      drop_partial_row(out);
      ++im.rows_skipped;
      im.options.on_bad_row(static_cast<std::int64_t>(row) + 2, error.what());
    }
  }
  im.rows_read += rows;
  return spanned > 0;
}

std::vector<std::string> read_hdf5_column_names(const std::string& path) {
  return Hdf5Reader::Impl(path, ReadOptions{}, false).header;
}

} // namespace sieve::data
