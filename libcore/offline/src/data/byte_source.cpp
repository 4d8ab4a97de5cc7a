#include "byte_source.hpp"

#include "sieve/error.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace sieve::data::detail {
namespace {

constexpr std::size_t kInputChunk = std::size_t{1} << 18;

std::string errno_text(int err) { return std::strerror(err); }

// A FILE* that first hands back the bytes already peeked at.
class RawFile {
public:
  explicit RawFile(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "rb")) {
    if (file_ == nullptr) throw ConfigError(path + ": cannot open: " + errno_text(errno));
    peeked_ = fill(magic_, sizeof magic_);
  }
  RawFile(const RawFile&) = delete;
  RawFile& operator=(const RawFile&) = delete;
  ~RawFile() { std::fclose(file_); }

  std::size_t peeked() const { return peeked_; }
  bool gzip_magic() const {
    return peeked_ == 2 && static_cast<unsigned char>(magic_[0]) == 0x1f &&
           static_cast<unsigned char>(magic_[1]) == 0x8b;
  }
  const std::string& path() const { return path_; }

  std::size_t read(char* dst, std::size_t n) {
    std::size_t got = 0;
    while (handed_ < peeked_ && got < n) dst[got++] = magic_[handed_++];
    return got + fill(dst + got, n - got);
  }

private:
  std::size_t fill(char* dst, std::size_t n) {
    if (n == 0) return 0;
    const std::size_t got = std::fread(dst, 1, n, file_);
    if (got < n && std::ferror(file_) != 0)
      throw ConfigError(path_ + ": read error: " + errno_text(errno));
    return got;
  }

  std::string path_;
  std::FILE* file_;
  char magic_[2] = {0, 0};
  std::size_t peeked_ = 0, handed_ = 0;
};

class PlainSource final : public ByteSource {
public:
  explicit PlainSource(std::unique_ptr<RawFile> file) : file_(std::move(file)) {}
  std::size_t read(char* dst, std::size_t n) override { return file_->read(dst, n); }

private:
  std::unique_ptr<RawFile> file_;
};

// Inflates one or more concatenated gzip members.
class GzipSource final : public ByteSource {
public:
  explicit GzipSource(std::unique_ptr<RawFile> file) : file_(std::move(file)), in_(kInputChunk) {
    stream_ = z_stream{};
    if (inflateInit2(&stream_, 15 + 16) != Z_OK)
      throw ConfigError(file_->path() + ": cannot initialise zlib");
  }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;
  ~GzipSource() override { inflateEnd(&stream_); }

  std::size_t read(char* dst, std::size_t n) override {
    if (done_ || n == 0) return 0;
    stream_.next_out = reinterpret_cast<Bytef*>(dst);
    stream_.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    const uInt asked = stream_.avail_out;
    while (stream_.avail_out > 0) {
      if (stream_.avail_in == 0 && !in_eof_) refill();
      if (stream_.avail_in == 0 && in_eof_) {
        if (member_done_) {
          done_ = true;
          break;
        }
        throw ConfigError(file_->path() +
                          ": gzip data ends early: the file is truncated (zlib: unexpected end of "
                          "compressed stream)");
      }
      if (member_done_) { // another gzip member follows
        inflateReset(&stream_);
        member_done_ = false;
      }
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        member_done_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        const char* msg = stream_.msg != nullptr ? stream_.msg : zError(rc);
        throw ConfigError(file_->path() + ": corrupt gzip data (zlib: " + msg + ")");
      }
    }
    return asked - stream_.avail_out;
  }

private:
  void refill() {
    const std::size_t got = file_->read(in_.data(), in_.size());
    if (got == 0) in_eof_ = true;
    stream_.next_in = reinterpret_cast<Bytef*>(in_.data());
    stream_.avail_in = static_cast<uInt>(got);
  }

  std::unique_ptr<RawFile> file_;
  std::vector<char> in_;
  z_stream stream_;
  bool in_eof_ = false, member_done_ = false, done_ = false;
};

} // namespace

bool has_gz_suffix(const std::string& path) {
  if (path.size() < 3) return false;
  const std::string tail = path.substr(path.size() - 3);
  return tail[0] == '.' && (tail[1] == 'g' || tail[1] == 'G') && (tail[2] == 'z' || tail[2] == 'Z');
}

std::unique_ptr<ByteSource> open_byte_source(const std::string& path) {
  auto file = std::make_unique<RawFile>(path);
  if (file->peeked() == 0) throw ConfigError(path + ": empty file (no header line)");
  if (file->gzip_magic()) return std::make_unique<GzipSource>(std::move(file));
  if (has_gz_suffix(path))
    throw ConfigError(path + ": named .gz but is not gzip data (it does not start with the gzip "
                             "signature 1f 8b)");
  return std::make_unique<PlainSource>(std::move(file));
}

} // namespace sieve::data::detail
