#include "hdf5_support.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace sieve::data::detail {

void silence_hdf5_errors() {
  thread_local bool silenced = false;
  if (silenced) return;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  silenced = true;
}

namespace {

herr_t keep_innermost(unsigned /*n*/, const H5E_error2_t* error, void* data) {
  // Walking downward, the last record is the innermost: where HDF5 found the problem.
  if (error != nullptr && error->desc != nullptr && error->desc[0] != '\0')
    *static_cast<std::string*>(data) = error->desc;
  return 0;
}

} // namespace

std::string hdf5_error_text() {
  std::string text;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, &text);
  H5Eclear2(H5E_DEFAULT);
  return text.empty() ? std::string("unknown HDF5 error") : text;
}

bool has_hdf5_signature(const std::string& path) {
  static constexpr unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  bool found = false;
  if (::fstat(fd, &st) == 0) {
    const auto size = static_cast<std::uint64_t>(st.st_size);
    // A user block, when there is one, is 512 bytes or a larger power of two.
    for (std::uint64_t offset = 0; offset + sizeof kSignature <= size && !found;
         offset = offset == 0 ? 512 : offset * 2) {
      unsigned char head[sizeof kSignature] = {};
      if (::pread(fd, head, sizeof head, static_cast<off_t>(offset)) != static_cast<ssize_t>(sizeof head)) break;
      found = std::memcmp(head, kSignature, sizeof head) == 0;
    }
  }
  ::close(fd);
  return found;
}

std::string describe_type(hid_t type) {
  const std::string bits = std::to_string(H5Tget_size(type) * 8) + "-bit ";
  switch (H5Tget_class(type)) {
  case H5T_INTEGER: return bits + (H5Tget_sign(type) == H5T_SGN_NONE ? "unsigned integer" : "signed integer");
  case H5T_FLOAT: return bits + "float";
  case H5T_STRING:
    return H5Tis_variable_str(type) > 0 ? std::string("variable-length string")
                                        : "fixed-length string of " + std::to_string(H5Tget_size(type)) + " bytes";
  case H5T_TIME: return "time";
  case H5T_BITFIELD: return bits + "bitfield";
  case H5T_OPAQUE: return "opaque";
  case H5T_COMPOUND: return "compound";
  case H5T_REFERENCE: return "reference";
  case H5T_ENUM: return "enumeration";
  case H5T_VLEN: return "variable-length sequence";
  case H5T_ARRAY: return "array";
  default: return "unknown type";
  }
}

} // namespace sieve::data::detail
