#pragma once
// Internal: what the HDF5 reader and writer share. Owning handles for HDF5 identifiers,
// the error handling (HDF5 prints its error stack to stderr by default: every entry point
// switches that off for its thread, and failures become sieve::ConfigError with HDF5's
// own innermost description), and the HDF5 file signature.
//
// Debian's libhdf5 is built thread-safe: it serialises its calls with a global lock and
// keeps one error stack per thread, so readers and writers may run on different threads
// (the file scorer's pipeline stages) as long as each object is used by one at a time.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>

namespace sieve::data::detail {

// An HDF5 identifier closed by `close` at the end of its life (files, groups, datasets,
// datatypes, dataspaces, property lists, objects).
class H5Handle {
public:
  using Closer = herr_t (*)(hid_t);
  H5Handle() = default;
  H5Handle(hid_t id, Closer closer) : id_(id), close_(closer) {}
  ~H5Handle() { reset(); }
  H5Handle(H5Handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), close_(o.close_) {}
  H5Handle& operator=(H5Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      close_ = o.close_;
    }
    return *this;
  }
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Closes now; returns false when HDF5 reports a failure (e.g. a file that cannot be
  // flushed).
  bool close() {
    if (id_ < 0) return true;
    const herr_t rc = close_(std::exchange(id_, H5I_INVALID_HID));
    return rc >= 0;
  }
  void reset() { close(); }

private:
  hid_t id_ = H5I_INVALID_HID;
  Closer close_ = nullptr;
};

// Switches off HDF5's automatic printing of its error stack for the calling thread (once
// per thread; cheap afterwards). Every reader and writer entry point calls it.
void silence_hdf5_errors();

// The innermost description on the calling thread's HDF5 error stack (what went wrong at
// the bottom, e.g. "truncated file: eof = 1024, ..."), or "unknown HDF5 error"; clears the
// stack.
std::string hdf5_error_text();

// True when `path` carries the HDF5 signature (at offset 0, or 512, 1024, 2048, ... after
// a user block). False for a file that cannot be read.
bool has_hdf5_signature(const std::string& path);

// A short name of an HDF5 datatype for messages: "64-bit float", "32-bit signed integer",
// "8-bit unsigned integer", "fixed-length string of 4 bytes", "variable-length string",
// "compound", "array", "enumeration", ...
std::string describe_type(hid_t type);

} // namespace sieve::data::detail
