#define BOOST_TEST_MODULE tta_network
#include <boost/test/unit_test.hpp>

#include "alloc_counter.hpp"
#include "sieve/nn/network.hpp"
#include "sieve/nn/tta_network.hpp"
#include "sieve/error.hpp"
#include "sieve/random.hpp"

#include <cmath>

using namespace sieve;
using namespace sieve::nn;

namespace {

FlipStructure flips_of(int n_continuous) {
  FlipStructure f;
  // A few columns per axis, not contiguous, like the recipe's momenta.
  f.columns[0] = {1, 4, 7};
  f.columns[1] = {2, 5};
  f.columns[2] = {n_continuous - 2};
  for (int c = 0; c < 8; ++c) f.copies.push_back({c % 2 == 1, ((c % 2) ^ ((c / 2) & 1)) == 1, ((c / 2) & 2) != 0});
  return f;
}

// A network's parameters and `groups` events' inputs, offsets and codes, drawn at random.
struct Case {
  NetworkConfig c;
  FlipStructure f;
  int groups;
  std::vector<float> params, inputs, offsets;
  std::vector<std::uint8_t> codes;  // groups x tables

  Case(const NetworkConfig& config, int n) : c(config), f(flips_of(config.n_continuous)), groups(n) {
    params.resize(c.parameter_count());
    initialise(c, key(5), params);
    CounterRng rng(9);
    inputs.resize(static_cast<std::size_t>(groups * c.n_continuous));
    offsets.resize(inputs.size());
    codes.resize(static_cast<std::size_t>(groups) * tables());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const bool missing = rng.uniform() < 0.2;
      inputs[i] = missing ? 0.0f : static_cast<float>(2.0 * rng.uniform() - 1.0);
      offsets[i] = missing ? 0.0f : static_cast<float>(0.3 * rng.uniform());
    }
    for (std::size_t i = 0; i < codes.size(); ++i)
      codes[i] = static_cast<std::uint8_t>(rng.below(static_cast<std::uint64_t>(c.embedding_table(static_cast<int>(i % tables())).n_categories)));
  }
  std::size_t tables() const { return static_cast<std::size_t>(c.n_embeddings()); }
  std::span<const std::uint8_t> codes_of(int g) const {
    return std::span<const std::uint8_t>(codes).subspan(static_cast<std::size_t>(g) * tables(), tables());
  }
  // Groups first .. first + n - 1 through `net` in `tta` (copy-major probabilities).
  std::span<const float> run(const TtaNetwork& net, TtaWorkspace& tta, int first, int n) const {
    tta.begin(n);
    for (int g = 0; g < n; ++g) {
      const auto at = static_cast<std::size_t>((first + g) * c.n_continuous);
      tta.set_group(g, std::span(inputs).subspan(at, static_cast<std::size_t>(c.n_continuous)),
                    std::span(offsets).subspan(at, static_cast<std::size_t>(c.n_continuous)), codes_of(first + g));
    }
    forward_tta(net, tta);
    return tta.probabilities();
  }
  // A few groups give the bits the full block gives: one event scores the same alone,
  // with its variations, or in a block.
  void check_subsets(const TtaNetwork& net, TtaWorkspace& tta, const std::vector<float>& block) const {
    for (int first : {0, 5, 30})
      for (int n : {1, 2, 5, 7}) {
        const auto p = run(net, tta, first, n);
        for (int g = 0; g < n; ++g)
          for (int k = 0; k < 8; ++k)
            BOOST_TEST(p[static_cast<std::size_t>(k * n + g)] == block[static_cast<std::size_t>(k * groups + first + g)],
                       n << " groups from " << first << ", group " << g << ", copy " << k);
      }
  }
};

// Every copy evaluated explicitly through the ordinary forward pass, against the grouped
// evaluation: they are the same function, up to float rounding.
void check(const NetworkConfig& config) {
  const Case t(config, 37);
  const NetworkConfig& c = t.c;
  const TtaNetwork net(c, t.params, t.f);
  TtaWorkspace tta(net, t.groups);
  const std::vector<float> block = [&] {
    const auto p = t.run(net, tta, 0, t.groups);
    return std::vector<float>(p.begin(), p.end());
  }();

  Workspace ws(c, t.groups * 8, Workspace::Purpose::Inference);
  ws.begin(t.groups * 8);
  for (int g = 0; g < t.groups; ++g)
    for (int k = 0; k < 8; ++k) {
      const int r = g * 8 + k;
      for (int j = 0; j < c.n_continuous; ++j) {
        const auto i = static_cast<std::size_t>(g * c.n_continuous + j);
        bool flipped = false;
        for (int a = 0; a < kFlipAxes; ++a)
          for (int col : t.f.columns[static_cast<std::size_t>(a)])
            if (col == j && t.f.copies[static_cast<std::size_t>(k)][static_cast<std::size_t>(a)]) flipped = true;
        ws.input_column(j)[r] = flipped ? -t.inputs[i] + t.offsets[i] : t.inputs[i];
      }
      std::copy_n(t.codes_of(g).begin(), t.tables(), ws.codes() + static_cast<std::size_t>(r) * t.tables());
    }
  forward(t.params, ws);
  for (int g = 0; g < t.groups; ++g)
    for (int k = 0; k < 8; ++k)  // grouped rows are copy-major, explicit rows group-major
      BOOST_TEST(std::abs(block[static_cast<std::size_t>(k * t.groups + g)] - ws.probabilities()[static_cast<std::size_t>(g * 8 + k)]) < 2e-6);
  // And the grouped pass allocates nothing once its workspace exists.
  BOOST_TEST(test::count_allocations([&] { forward_tta(net, tta); }) == 0);
  t.check_subsets(net, tta, block);
}

// The bf16 kernels (AMX tiles, two events per tile) against float32: close (bf16 rounds the
// hidden inputs and weights to 8 significant bits; see test_bf16_scoring for the bound),
// the same bits whatever the events around, nothing allocated. The widths reach every
// case of the activation's last outputs: none (32), gathered columns (33, 20, 50), a
// row's last vector (40).
void check_bf16(const NetworkConfig& config) {
  if (!precision_supported(Precision::BFloat16)) {
    BOOST_TEST_MESSAGE("skipped: this CPU (or build) has no AMX-BF16");
    return;
  }
  const Case t(config, 37);
  const TtaNetwork exact(t.c, t.params, t.f), reduced(t.c, t.params, t.f, Precision::BFloat16);
  TtaWorkspace ws_exact(exact, t.groups), ws_reduced(reduced, t.groups);
  const auto a = t.run(exact, ws_exact, 0, t.groups);
  const std::vector<float> block = [&] {
    const auto p = t.run(reduced, ws_reduced, 0, t.groups);
    return std::vector<float>(p.begin(), p.end());
  }();
  double most = 0.0;
  std::size_t differ = 0;
  for (std::size_t i = 0; i < block.size(); ++i) {
    most = std::max(most, static_cast<double>(std::abs(a[i] - block[i])));
    differ += a[i] != block[i];
  }
  BOOST_TEST_MESSAGE("width " << t.c.width << ": bf16 - float32 at most " << most);
  BOOST_TEST(most < 2e-2);
  BOOST_TEST(differ > block.size() / 2);  // it did evaluate in bf16
  BOOST_TEST(test::count_allocations([&] { forward_tta(reduced, ws_reduced); }) == 0);
  t.check_subsets(reduced, ws_reduced, block);
}

} // namespace

BOOST_AUTO_TEST_CASE(grouped_copies_equal_explicit_copies_recipe_network) { check(NetworkConfig{}); }

BOOST_AUTO_TEST_CASE(grouped_copies_equal_explicit_copies_two_embedding_tables) {
  NetworkConfig c;
  c.extra_embeddings = {{3, 2}};
  check(c);
}

BOOST_AUTO_TEST_CASE(grouped_copies_equal_explicit_copies_plain_relu_without_embedding) {
  check(NetworkConfig{31, 0, 0, 20, 3, false, Activation::ReLU});
}

BOOST_AUTO_TEST_CASE(grouped_copies_equal_explicit_copies_selu_wide) {
  check(NetworkConfig{12, 3, 2, 50, 2, true, Activation::SELU});
}

BOOST_AUTO_TEST_CASE(bf16_copies_are_close_to_float32_and_independent_of_the_block) {
  check_bf16(NetworkConfig{});                                           // width 33, swish, dense
  check_bf16(NetworkConfig{31, 0, 0, 20, 3, false, Activation::ReLU});  // 20, the bias-started layers
  check_bf16(NetworkConfig{12, 3, 2, 50, 2, true, Activation::SELU});   // 50
  check_bf16(NetworkConfig{12, 3, 2, 32, 3, true, Activation::Swish});  // 32: whole vectors only
  check_bf16(NetworkConfig{12, 3, 2, 40, 2, true, Activation::Swish});  // 40: 8 last outputs per row
}

BOOST_AUTO_TEST_CASE(a_column_flipped_twice_is_a_configuration_error) {
  const NetworkConfig c;
  std::vector<float> params(c.parameter_count());
  FlipStructure f = flips_of(c.n_continuous);
  f.columns[2].push_back(1);
  BOOST_CHECK_THROW(TtaNetwork(c, params, f), ConfigError);
}
