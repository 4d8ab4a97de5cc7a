#include "png_file.hpp"

#include <png.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "sieve/error.hpp"

namespace sieve::plot::detail {
namespace {

// Unique per process and call, so concurrent writers of one path do not collide.
std::string temporary_name(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
}

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
  throw ConfigError("cannot write plot '" + path + "': " + reason);
}

} // namespace

void write_rgb_png(const std::string& path, int width, int height,
                   const std::vector<std::uint8_t>& rgb) {
  if (path.empty()) fail(path, "empty file name");
  const std::string temporary = temporary_name(path);

  // libpng's simplified API does its own setjmp/longjmp error handling in C, so no
  // longjmp crosses C++ frames here.
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_RGB;
  errno = 0;
  const int ok = png_image_write_to_file(&image, temporary.c_str(), 0, rgb.data(), 0, nullptr);
  if (ok == 0) {
    const int saved_errno = errno;
    std::string reason = image.message;
    if (saved_errno != 0) reason += " (" + std::string(std::strerror(saved_errno)) + ")";
    png_image_free(&image);
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    fail(path, reason);
  }

  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    fail(path, "cannot rename the temporary file " + temporary + ": " + ec.message());
  }
}

} // namespace sieve::plot::detail
