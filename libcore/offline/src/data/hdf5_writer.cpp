#include "sieve/data/hdf5_writer.hpp"

#include "atomic_file.hpp"
#include "hdf5_support.hpp"
#include "read_roles.hpp"
#include "sieve/error.hpp"

#include <optional>
#include <utility>
#include <vector>

namespace sieve::data {
namespace {

using detail::H5Handle;

enum class Source : std::uint8_t { EventId, Feature, Weight, OtherWeight };

struct Output {
  std::string name;
  Source source = Source::Feature;
  std::size_t index = 0;  // of the feature or the other weight
  H5Handle dataset;
  hid_t memory_type = H5I_INVALID_HID;  // a predefined native type (not closed)
};

} // namespace

struct Hdf5Writer::Impl {
  CsvColumns columns;
  WriteOptions options;
  detail::AtomicFile file;  // the temporary name, its removal and the final rename
  H5Handle h5;
  std::vector<Output> outputs;
  std::size_t rows = 0;
  bool committed = false;

  Impl(const std::string& path, CsvColumns cols, WriteOptions opts)
      : columns(std::move(cols)), options(std::move(opts)), file(path) {
    detail::silence_hdf5_errors();
    if (!columns.roles.empty() && !columns.schema)
      fail("column " + columns.roles.front() + " is a label, set or weight column, which only a schema says (CsvColumns::schema)");
    const detail::ReadRoles weights =
        columns.schema ? detail::ReadRoles(*columns.schema, columns.roles) : detail::ReadRoles();
    if (options.gzip_level < 1 || options.gzip_level > 9)
      fail("WriteOptions::gzip_level must be 1..9, not " + std::to_string(options.gzip_level));
    if (options.hdf5_chunk_rows == 0) fail("WriteOptions::hdf5_chunk_rows must be at least 1");
    if (!columns.event_id.empty()) outputs.push_back(Output{columns.event_id, Source::EventId, 0, {}, H5T_NATIVE_INT64});
    for (std::size_t c = 0; c < columns.features.size(); ++c)
      outputs.push_back(Output{columns.features[c], Source::Feature, c, {}, H5T_NATIVE_FLOAT});
    for (const std::string& name : columns.roles) {
      const std::optional<std::size_t> w = weights.weight_index(name);
      if (!w)
        fail("HDF5 output holds numbers only (identifiers, features, weights), not the label or set column " + name);
      outputs.push_back(Output{name, *w == 0 ? Source::Weight : Source::OtherWeight, *w == 0 ? 0 : *w - 1, {},
                               H5T_NATIVE_DOUBLE});
    }
    if (outputs.empty()) fail("cannot write an HDF5 file without columns");
    for (const Output& o : outputs)
      if (o.name.empty() || o.name == "." || o.name.find('/') != std::string::npos)
        fail("'" + o.name + "' cannot name an HDF5 dataset");

    // The root group keeps the creation order, so readers list the columns in order.
    H5Handle creation(H5Pcreate(H5P_FILE_CREATE), H5Pclose), access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    if (!creation.valid() || !access.valid() ||
        H5Pset_link_creation_order(creation.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0 ||
        H5Pset_file_locking(access.get(), false, true) < 0 || H5Pset_fclose_degree(access.get(), H5F_CLOSE_STRONG) < 0)
      h5_fail("cannot set up the file");
    h5 = H5Handle(H5Fcreate(file.temp_path().c_str(), H5F_ACC_TRUNC, creation.get(), access.get()), H5Fclose);
    if (!h5.valid()) h5_fail("cannot create " + file.temp_path());

    const hsize_t empty = 0, unlimited = H5S_UNLIMITED, chunk = options.hdf5_chunk_rows;
    H5Handle space(H5Screate_simple(1, &empty, &unlimited), H5Sclose);
    H5Handle layout(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    if (!space.valid() || !layout.valid() || H5Pset_chunk(layout.get(), 1, &chunk) < 0 ||
        H5Pset_shuffle(layout.get()) < 0 ||
        H5Pset_deflate(layout.get(), static_cast<unsigned>(options.gzip_level)) < 0 ||
        H5Pset_obj_track_times(layout.get(), false) < 0)
      h5_fail("cannot set up the datasets' layout");
    for (Output& o : outputs) {
      const hid_t stored = o.source == Source::EventId ? H5T_STD_I64LE
                           : o.source == Source::Feature ? H5T_IEEE_F32LE
                                                         : H5T_IEEE_F64LE;
      o.dataset = H5Handle(H5Dcreate2(h5.get(), o.name.c_str(), stored, space.get(), H5P_DEFAULT, layout.get(),
                                      H5P_DEFAULT),
                           H5Dclose);
      if (!o.dataset.valid()) h5_fail("cannot create dataset /" + o.name);
    }
  }

  [[noreturn]] void fail(const std::string& what) const { throw ConfigError(file.path() + ": " + what); }
  [[noreturn]] void h5_fail(const std::string& what) const {
    throw ConfigError(file.path() + ": " + what + ": " + detail::hdf5_error_text());
  }

  void check_shape(const Table& t) const {
    const std::size_t n = t.rows();
    const std::string from = t.source.empty() ? std::string("a table") : t.source;
    auto bad = [&](const std::string& what) { fail("cannot write the rows of " + from + ": " + what); };
    if (t.feature_names != columns.features)
      bad("its feature columns are not the " + std::to_string(columns.features.size()) +
          " columns of the file being written");
    if (t.features.size() != t.feature_names.size()) bad("it has fewer feature columns than names");
    for (std::size_t c = 0; c < t.features.size(); ++c)
      if (t.features[c].size() != n)
        bad("column " + t.feature_names[c] + " has " + std::to_string(t.features[c].size()) + " values for " +
            std::to_string(n) + " rows");
    auto need = [&](const std::string& name, std::size_t size) {
      if (!name.empty() && size != n)
        bad(name + " has " + std::to_string(size) + " values for " + std::to_string(n) + " rows");
    };
    need(columns.event_id, t.event_id.size());
    for (const Output& o : outputs) {
      if (o.source == Source::OtherWeight && o.index >= t.other_weights.size())
        bad("it has " + std::to_string(t.other_weights.size()) + " other weight columns, so none for " + o.name);
      if (o.source == Source::Weight) need(o.name, t.weight.size());
      if (o.source == Source::OtherWeight) need(o.name, t.other_weights[o.index].size());
    }
  }

  const void* data_of(const Output& o, const Table& t) const {
    switch (o.source) {
    case Source::EventId: return t.event_id.data();
    case Source::Feature: return t.features[o.index].data();
    case Source::Weight: return t.weight.data();
    case Source::OtherWeight: return t.other_weights[o.index].data();
    }
    return nullptr;
  }

  void write_rows(const Table& t) {
    detail::silence_hdf5_errors();
    if (committed) fail("write after commit");
    check_shape(t);
    const std::size_t n = t.rows();
    if (n == 0) return;
    const hsize_t start = rows, count = n, size = rows + n;
    H5Handle memory(H5Screate_simple(1, &count, nullptr), H5Sclose);
    if (!memory.valid()) h5_fail("cannot write rows");
    for (Output& o : outputs) {
      if (H5Dset_extent(o.dataset.get(), &size) < 0) h5_fail("cannot extend dataset /" + o.name);
      H5Handle space(H5Dget_space(o.dataset.get()), H5Sclose);
      if (!space.valid() || H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr) < 0 ||
          H5Dwrite(o.dataset.get(), o.memory_type, memory.get(), space.get(), H5P_DEFAULT, data_of(o, t)) < 0)
        h5_fail("cannot write rows " + std::to_string(rows + 1) + " to " + std::to_string(rows + n) +
                " of dataset /" + o.name);
    }
    rows += n;
  }

  void finish() {
    detail::silence_hdf5_errors();
    if (committed) return;
    for (Output& o : outputs)
      if (!o.dataset.close()) h5_fail("cannot finish dataset /" + o.name);
    if (!h5.close()) h5_fail("cannot finish the file");
    file.commit();
    committed = true;
  }

  ~Impl() { detail::silence_hdf5_errors(); }  // the handles close after this, quietly
};

Hdf5Writer::Hdf5Writer(const std::string& path, CsvColumns columns, WriteOptions options)
    : impl_(std::make_unique<Impl>(path, std::move(columns), std::move(options))) {}
Hdf5Writer::~Hdf5Writer() = default;
Hdf5Writer::Hdf5Writer(Hdf5Writer&&) noexcept = default;
Hdf5Writer& Hdf5Writer::operator=(Hdf5Writer&&) noexcept = default;

void Hdf5Writer::write(const Table& rows) { impl_->write_rows(rows); }
void Hdf5Writer::commit() { impl_->finish(); }
std::size_t Hdf5Writer::rows_written() const { return impl_->rows; }
const std::string& Hdf5Writer::path() const { return impl_->file.path(); }

} // namespace sieve::data
