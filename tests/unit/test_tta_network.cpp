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

// Every copy evaluated explicitly through the ordinary forward pass, against the grouped
// evaluation: they are the same function, up to float rounding.
void check(const NetworkConfig& c) {
  const int groups = 37;
  const FlipStructure f = flips_of(c.n_continuous);
  std::vector<float> params(c.parameter_count());
  initialise(c, key(5), params);
  CounterRng rng(9);
  std::vector<float> inputs(static_cast<std::size_t>(groups * c.n_continuous)), offsets(inputs.size());
  const auto T = static_cast<std::size_t>(c.n_embeddings());
  std::vector<std::uint8_t> codes(static_cast<std::size_t>(groups) * T);  // groups x tables
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const bool missing = rng.uniform() < 0.2;
    inputs[i] = missing ? 0.0f : static_cast<float>(2.0 * rng.uniform() - 1.0);
    offsets[i] = missing ? 0.0f : static_cast<float>(0.3 * rng.uniform());
  }
  for (std::size_t i = 0; i < codes.size(); ++i)
    codes[i] = static_cast<std::uint8_t>(rng.below(static_cast<std::uint64_t>(c.embedding_table(static_cast<int>(i % T)).n_categories)));
  auto codes_of = [&](int g) { return std::span<const std::uint8_t>(codes).subspan(static_cast<std::size_t>(g) * T, T); };

  const TtaNetwork net(c, params, f);
  TtaWorkspace tta(net, groups);
  tta.begin(groups);
  for (int g = 0; g < groups; ++g)
    tta.set_group(g, std::span(inputs).subspan(static_cast<std::size_t>(g * c.n_continuous), static_cast<std::size_t>(c.n_continuous)),
                  std::span(offsets).subspan(static_cast<std::size_t>(g * c.n_continuous), static_cast<std::size_t>(c.n_continuous)),
                  codes_of(g));
  forward_tta(net, tta);

  Workspace ws(c, groups * 8, Workspace::Purpose::Inference);
  ws.begin(groups * 8);
  for (int g = 0; g < groups; ++g)
    for (int k = 0; k < 8; ++k) {
      const int r = g * 8 + k;
      for (int j = 0; j < c.n_continuous; ++j) {
        const auto i = static_cast<std::size_t>(g * c.n_continuous + j);
        bool flipped = false;
        for (int a = 0; a < kFlipAxes; ++a)
          for (int col : f.columns[static_cast<std::size_t>(a)])
            if (col == j && f.copies[static_cast<std::size_t>(k)][static_cast<std::size_t>(a)]) flipped = true;
        ws.input_column(j)[r] = flipped ? -inputs[i] + offsets[i] : inputs[i];
      }
      std::copy_n(codes_of(g).begin(), T, ws.codes() + static_cast<std::size_t>(r) * T);
    }
  forward(params, ws);
  for (int g = 0; g < groups; ++g)
    for (int k = 0; k < 8; ++k)  // grouped rows are copy-major, explicit rows group-major
      BOOST_TEST(std::abs(tta.probabilities()[static_cast<std::size_t>(k * groups + g)] -
                          ws.probabilities()[static_cast<std::size_t>(g * 8 + k)]) < 2e-6);
  // And the grouped pass allocates nothing once its workspace exists.
  BOOST_TEST(test::count_allocations([&] { forward_tta(net, tta); }) == 0);

  // A few groups (the few-rows kernels, the permuted copy sums) give the bits the full
  // block gives: one event scores the same alone, with its variations, or in a block.
  const std::vector<float> block(tta.probabilities().begin(), tta.probabilities().end());
  for (int first : {0, 5, 30})
    for (int n : {1, 2, 5, 7}) {
      tta.begin(n);
      for (int g = 0; g < n; ++g) {
        const auto at = static_cast<std::size_t>((first + g) * c.n_continuous);
        tta.set_group(g, std::span(inputs).subspan(at, static_cast<std::size_t>(c.n_continuous)),
                      std::span(offsets).subspan(at, static_cast<std::size_t>(c.n_continuous)), codes_of(first + g));
      }
      forward_tta(net, tta);
      for (int g = 0; g < n; ++g)
        for (int k = 0; k < 8; ++k)
          BOOST_TEST(tta.probabilities()[static_cast<std::size_t>(k * n + g)] ==
                         block[static_cast<std::size_t>(k * groups + first + g)],
                     n << " groups from " << first << ", group " << g << ", copy " << k);
    }
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

BOOST_AUTO_TEST_CASE(a_column_flipped_twice_is_a_configuration_error) {
  const NetworkConfig c;
  std::vector<float> params(c.parameter_count());
  FlipStructure f = flips_of(c.n_continuous);
  f.columns[2].push_back(1);
  BOOST_CHECK_THROW(TtaNetwork(c, params, f), ConfigError);
}
