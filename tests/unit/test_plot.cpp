#define BOOST_TEST_MODULE plot
#include <boost/test/unit_test.hpp>

#include <png.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "sieve/error.hpp"
#include "sieve/plot/line_plot.hpp"
#include "sieve/plot/training_plots.hpp"

namespace fs = std::filesystem;
using sieve::plot::Colour;
using sieve::plot::LinePlot;
using sieve::plot::Scale;

namespace {

// A fresh directory under the system temp directory, removed at the end of the test.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    path = fs::temp_directory_path() /
           ("sieve_test_plot_" + std::to_string(::getpid()) + "_" + std::to_string(count++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  static inline int count = 0;
};

struct Image {
  unsigned width = 0;
  unsigned height = 0;
  std::vector<std::uint8_t> rgb;
  Colour at(unsigned x, unsigned y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
  std::size_t count(Colour c) const {
    std::size_t n = 0;
    for (unsigned y = 0; y < height; ++y) {
      for (unsigned x = 0; x < width; ++x)
        n += at(x, y) == c ? 1 : 0;
    }
    return n;
  }
};

// Reads a PNG file back with libpng's simplified API, as 8-bit RGB.
Image read_png(const fs::path& file) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  BOOST_REQUIRE_MESSAGE(png_image_begin_read_from_file(&image, file.c_str()) != 0,
                        "libpng cannot read " << file << ": " << image.message);
  image.format = PNG_FORMAT_RGB;
  Image out;
  out.width = image.width;
  out.height = image.height;
  out.rgb.resize(PNG_IMAGE_SIZE(image));
  BOOST_REQUIRE_MESSAGE(png_image_finish_read(&image, nullptr, out.rgb.data(), 0, nullptr) != 0,
                        "libpng cannot decode " << file << ": " << image.message);
  return out;
}

LinePlot example_plot() {
  LinePlot plot;
  plot.title = "LR range test";
  plot.x_label = "learning rate";
  plot.y_label = "loss";
  plot.x_scale = Scale::Log10;
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 0; i <= 60; ++i) {
    const double lr = std::pow(10.0, -6.0 + i / 10.0);
    x.push_back(lr);
    y.push_back(0.7 - 0.2 * std::tanh(std::log10(lr) + 3.5) + 0.3 * lr * lr);
  }
  y[10] = std::numeric_limits<double>::quiet_NaN(); // skipped: the line breaks there
  y[20] = std::numeric_limits<double>::infinity();
  auto& loss = plot.add_series("loss", x, y);
  loss.colour = Colour{200, 30, 40};
  plot.add_marker(1e-4, "suggested min").colour = Colour{20, 160, 60};
  plot.add_marker(1e-2, "suggested max");
  return plot;
}

} // namespace

BOOST_AUTO_TEST_CASE(writes_a_readable_png_with_the_series_colour) {
  ScratchDir dir;
  const fs::path file = dir.path / "lr.png";
  sieve::plot::write_png(example_plot(), file.string());
  const Image image = read_png(file);
  BOOST_TEST(image.width == 800u);
  BOOST_TEST(image.height == 500u);
  // Not blank: plenty of non-white pixels, and the series and marker colours appear.
  const std::size_t white = image.count(Colour{255, 255, 255});
  BOOST_TEST(white < static_cast<std::size_t>(image.width) * image.height * 98 / 100);
  BOOST_TEST(white > static_cast<std::size_t>(image.width) * image.height / 2);
  BOOST_TEST(image.count(Colour{200, 30, 40}) > 500u);
  BOOST_TEST(image.count(Colour{20, 160, 60}) > 200u);
  // Only the final file is left: the temporary was renamed.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path))
    ++files;
  BOOST_TEST(files == 1u);
}

BOOST_AUTO_TEST_CASE(honours_the_requested_size_and_overwrites) {
  ScratchDir dir;
  const fs::path file = dir.path / "sized.png";
  sieve::plot::write_png(example_plot(), file.string(), 640, 400);
  LinePlot plot;
  plot.add_series("a", {0.0, 1.0, 2.0}, {1.0, 3.0, 2.0}).points = true;
  sieve::plot::write_png(plot, file.string(), 1600, 1000);
  const Image image = read_png(file);
  BOOST_TEST(image.width == 1600u);
  BOOST_TEST(image.height == 1000u);
  BOOST_TEST(image.count(sieve::plot::palette_colour(0)) > 1000u);
}

BOOST_AUTO_TEST_CASE(degenerate_plots_still_render) {
  ScratchDir dir;
  LinePlot empty;
  BOOST_CHECK_NO_THROW(sieve::plot::write_png(empty, (dir.path / "empty.png").string()));
  LinePlot one_point;
  one_point.y_scale = Scale::Log10;
  one_point.add_series("one", {3.0, 4.0, 5.0}, {2.0, -1.0, std::nan("")});
  sieve::plot::write_png(one_point, (dir.path / "one.png").string());
  BOOST_TEST(read_png(dir.path / "one.png").count(sieve::plot::palette_colour(0)) > 10u);
}

BOOST_AUTO_TEST_CASE(errors_name_the_path) {
  ScratchDir dir;
  const std::string bad = (dir.path / "no_such_dir" / "plot.png").string();
  BOOST_CHECK_EXCEPTION(sieve::plot::write_png(example_plot(), bad), sieve::ConfigError,
                        [&](const sieve::ConfigError& e) {
                          return std::string(e.what()).find(bad) != std::string::npos;
                        });
  BOOST_TEST(!fs::exists(dir.path / "no_such_dir"));

  const std::string good = (dir.path / "plot.png").string();
  LinePlot mismatched;
  mismatched.add_series("short", {1.0, 2.0}, {1.0});
  BOOST_CHECK_EXCEPTION(sieve::plot::write_png(mismatched, good), sieve::ConfigError,
                        [&](const sieve::ConfigError& e) {
                          const std::string m = e.what();
                          return m.find(good) != std::string::npos &&
                                 m.find("short") != std::string::npos;
                        });
  LinePlot bad_limit = example_plot();
  bad_limit.x_min = 0.0; // not on a log axis
  BOOST_CHECK_THROW(sieve::plot::write_png(bad_limit, good), sieve::ConfigError);
  BOOST_CHECK_THROW(sieve::plot::write_png(example_plot(), good, 100, 100), sieve::ConfigError);
  BOOST_TEST(!fs::exists(good));
}

namespace {
// An interpreter that does not exist for the scope, as on a machine without python3.
struct NoPython {
  NoPython() { ::setenv("SIEVE_PYTHON", "/nonexistent/python3", 1); }
  ~NoPython() { ::unsetenv("SIEVE_PYTHON"); }
  NoPython(const NoPython&) = delete;
  NoPython& operator=(const NoPython&) = delete;
};

std::vector<sieve::train::MemberResult> two_members() {
  std::vector<sieve::train::MemberResult> members(2);
  for (int m = 0; m < 2; ++m) {
    members[m].member = m;
    for (int e = 0; e < 20; ++e)
      members[m].history.push_back({e, 0.5 - 0.01 * e, 0.55 - 0.008 * e + 0.002 * m, 1e-3 * (1.0 + e % 7)});
  }
  return members;
}
} // namespace

BOOST_AUTO_TEST_CASE(training_plots_are_drawn_beside_their_data) {
  ScratchDir dir;
  sieve::plot::plot_curves(dir.path.string(), two_members());
  for (const char* name : {"losses.png", "schedule.png"}) {
    const Image image = read_png(dir.path / name);
    BOOST_TEST(image.width == 800u, name);
    BOOST_TEST(image.count(sieve::plot::palette_colour(0)) > 300u, name);
  }
  // Two members, two colours.
  BOOST_TEST(read_png(dir.path / "losses.png").count(sieve::plot::palette_colour(1)) > 300u);
}

BOOST_AUTO_TEST_CASE(without_python_a_plot_is_an_error_naming_the_fix_and_training_plots_a_warning) {
  ScratchDir dir;
  const std::string file = (dir.path / "plot.png").string();
  {
    NoPython no_python;
    BOOST_CHECK_EXCEPTION(sieve::plot::write_png(example_plot(), file), sieve::ConfigError,
                          [&](const sieve::ConfigError& e) {
                            const std::string m = e.what();
                            return m.find(file) != std::string::npos &&
                                   m.find("apt-get install python3-matplotlib") != std::string::npos;
                          });
    BOOST_CHECK_NO_THROW(sieve::plot::plot_curves(dir.path.string(), two_members()));
  }
  BOOST_TEST(!fs::exists(file));
  BOOST_TEST(!fs::exists(dir.path / "losses.png"));
  // Nothing half-written is left behind.
  BOOST_TEST(fs::is_empty(dir.path));
}
