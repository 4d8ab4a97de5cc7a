#define BOOST_TEST_MODULE network
#include <boost/test/unit_test.hpp>

#include "alloc_counter.hpp"
#include "sieve/error.hpp"
#include "sieve/nn/network.hpp"
#include "sieve/random.hpp"

#include <cmath>
#include <vector>

using namespace sieve;
using namespace sieve::nn;

namespace {

struct Batch {
  std::vector<float> inputs;  // n x n_continuous, row-major
  std::vector<std::uint8_t> codes;
  std::vector<float> targets, weights;
};

Batch make_batch(const NetworkConfig& c, int n, std::uint64_t seed) {
  Batch b;
  CounterRng rng(seed);
  for (int i = 0; i < n * c.n_continuous; ++i) b.inputs.push_back(static_cast<float>(2.0 * rng.uniform() - 1.0));
  for (int i = 0; i < n; ++i) {
    for (int t = 0; t < c.n_embeddings(); ++t)
      b.codes.push_back(static_cast<std::uint8_t>(rng.below(static_cast<std::uint64_t>(c.embedding_table(t).n_categories))));
    b.targets.push_back(rng.uniform() < 0.4 ? 1.0f : 0.0f);
    b.weights.push_back(static_cast<float>(0.5 + rng.uniform()));
  }
  return b;
}

void load(Workspace& ws, const Batch& b, int n) {
  ws.begin(n);
  const int m = ws.config().n_continuous;
  for (int j = 0; j < m; ++j)
    for (int i = 0; i < n; ++i) ws.input_column(j)[i] = b.inputs[static_cast<std::size_t>(i * m + j)];
  std::copy_n(b.codes.begin(), n * ws.config().n_embeddings(), ws.codes());
}

double loss(const std::vector<float>& params, Workspace& ws, const Batch& b, int n) {
  load(ws, b, n);
  forward(params, ws);
  return weighted_bce_sum(ws, b.targets, b.weights) / n;
}

// Central finite differences against backward() for a spread of parameters in every
// block; float32 forward passes limit the agreement to about 1e-3. ReLU takes a smaller
// step so that few pre-activations cross the kink at 0. n = 17 runs the row tiles,
// n <= 8 the few-rows kernels.
void check_gradients(const NetworkConfig& c, float h = 1e-2f, int n = 17) {
  const Batch b = make_batch(c, n, 7);
  std::vector<float> params(c.parameter_count()), grads(params.size());
  initialise(c, key(3), params);
  Workspace ws(c, 32);
  load(ws, b, n);
  forward(params, ws, true);
  backward(params, ws, b.targets, b.weights, n, grads);

  const ParameterLayout L(c);
  std::vector<std::size_t> probes;
  auto block = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; i += std::max<std::size_t>(1, (end - begin) / 7)) probes.push_back(i);
    probes.push_back(end - 1);
  };
  for (int t = 0; t < c.n_embeddings(); ++t)
    block(L.embedding[t], t + 1 < c.n_embeddings() ? L.embedding[t + 1] : L.weight[0]);
  for (int d = 0; d < c.depth; ++d) {
    block(L.weight[d], L.bias[d]);
    block(L.bias[d], L.bias[d] + static_cast<std::size_t>(c.width));
  }
  block(L.tail_weight, L.total);
  int checked = 0;
  for (std::size_t i : probes) {
    std::vector<float> plus = params, minus = params;
    plus[i] += h;
    minus[i] -= h;
    const double fd = (loss(plus, ws, b, n) - loss(minus, ws, b, n)) / (static_cast<double>(plus[i]) - minus[i]);
    BOOST_TEST_CONTEXT("parameter " << i) {
      BOOST_TEST(std::abs(fd - grads[i]) <= 2e-4 + 2e-2 * std::abs(fd));
    }
    ++checked;
  }
  BOOST_TEST(checked > 20);
}

} // namespace

BOOST_AUTO_TEST_CASE(recipe_network_has_23113_parameters) {
  BOOST_TEST(NetworkConfig{}.parameter_count() == 23113u);
  NetworkConfig baseline{30, 0, 0, 100, 4, false, Activation::ReLU};
  baseline.n_continuous = 31;  // PRI_jet_num as a standardised input
  BOOST_TEST(baseline.parameter_count() == 31u * 100 + 100 + 3 * (100 * 100 + 100) + 101);
}

BOOST_AUTO_TEST_CASE(gradients_match_finite_differences_swish_dense_embedding) {
  check_gradients(NetworkConfig{});
}

BOOST_AUTO_TEST_CASE(gradients_match_finite_differences_swish_dense_embedding_few_rows) {
  check_gradients(NetworkConfig{}, 1e-2f, 5);
}

BOOST_AUTO_TEST_CASE(gradients_match_finite_differences_relu_plain) {
  check_gradients(NetworkConfig{31, 0, 0, 20, 3, false, Activation::ReLU}, 1e-3f);
}

BOOST_AUTO_TEST_CASE(gradients_match_finite_differences_selu_dense_embedding) {
  check_gradients(NetworkConfig{6, 3, 2, 9, 3, true, Activation::SELU});
}

// Several categorical columns: one table each (4 x 3, 2 x 2 and 7 x 1), their outputs
// side by side after the continuous inputs.
BOOST_AUTO_TEST_CASE(gradients_match_finite_differences_with_three_embedding_tables) {
  NetworkConfig c{8, 4, 3, 11, 3, true, Activation::Swish};
  c.extra_embeddings = {{2, 2}, {7, 1}};
  BOOST_TEST(c.input_width() == 8 + 3 + 2 + 1);
  BOOST_TEST(ParameterLayout(c).weight[0] == 4u * 3 + 2 * 2 + 7 * 1);
  check_gradients(c);
  check_gradients(c, 1e-2f, 5);
}

// A table's row moves the score only of the events with its code in that column.
BOOST_AUTO_TEST_CASE(each_table_reads_its_own_column_of_codes) {
  NetworkConfig c{4, 3, 2, 6, 2, true, Activation::Swish};
  c.extra_embeddings = {{5, 2}};
  Batch b = make_batch(c, 6, 2);
  for (int i = 0; i < 6; ++i) {  // table 0 code 1 for every event; table 1 code i % 5
    b.codes[static_cast<std::size_t>(2 * i)] = 1;
    b.codes[static_cast<std::size_t>(2 * i + 1)] = static_cast<std::uint8_t>(i % 5);
  }
  std::vector<float> params(c.parameter_count());
  initialise(c, key(4), params);
  Workspace ws(c, 8);
  load(ws, b, 6);
  forward(params, ws);
  const std::vector<float> before(ws.probabilities().begin(), ws.probabilities().end());
  const ParameterLayout L(c);
  params[L.embedding[1] + 3 * 2] += 0.5f;  // table 1, code 3: event 3 only
  load(ws, b, 6);
  forward(params, ws);
  for (int i = 0; i < 6; ++i)
    BOOST_TEST((ws.probabilities()[static_cast<std::size_t>(i)] != before[static_cast<std::size_t>(i)]) == (i == 3), "event " << i);
}

BOOST_AUTO_TEST_CASE(forward_and_backward_allocate_nothing) {
  const NetworkConfig c;
  const Batch b = make_batch(c, 256, 1);
  std::vector<float> params(c.parameter_count()), grads(params.size());
  initialise(c, key(1), params);
  Workspace ws(c, 256);
  const long count = test::count_allocations([&] {
    for (int step = 0; step < 3; ++step) {
      load(ws, b, 256);
      forward(params, ws, true);
      backward(params, ws, b.targets, b.weights, 256, grads);
    }
  });
  BOOST_TEST(count == 0);
}

// Bit-identical: a few rows (at most 8) take another kernel path than full row tiles.
BOOST_AUTO_TEST_CASE(an_event_scores_the_same_in_any_batch) {
  const NetworkConfig c;
  const Batch b = make_batch(c, 64, 5);
  std::vector<float> params(c.parameter_count());
  initialise(c, key(9), params);
  Workspace ws(c, 64);
  load(ws, b, 64);
  forward(params, ws);
  const std::vector<float> all(ws.probabilities().begin(), ws.probabilities().end());
  for (int n : {1, 2, 5, 8, 9, 17, 40}) {
    Batch some;
    some.inputs.assign(b.inputs.begin() + 10 * c.n_continuous, b.inputs.begin() + (10 + n) * c.n_continuous);
    some.codes.assign(b.codes.begin() + 10, b.codes.begin() + 10 + n);
    load(ws, some, n);
    forward(params, ws);
    for (int i = 0; i < n; ++i) BOOST_TEST(ws.probabilities()[static_cast<std::size_t>(i)] == all[static_cast<std::size_t>(10 + i)], n << " rows, row " << i);
  }
}

BOOST_AUTO_TEST_CASE(initialisation_has_the_recipe_spreads) {
  const NetworkConfig c;
  std::vector<float> params(c.parameter_count());
  initialise(c, key(11), params);
  const ParameterLayout L(c);
  auto sd = [&](std::size_t begin, std::size_t end) {
    double s = 0, s2 = 0;
    for (std::size_t i = begin; i < end; ++i) { s += params[i]; s2 += double(params[i]) * params[i]; }
    const double m = s / double(end - begin);
    return std::sqrt(s2 / double(end - begin) - m * m);
  };
  BOOST_TEST(std::abs(sd(L.weight[5], L.bias[5]) / std::sqrt(2.0 / 198) - 1) < 0.05);
  BOOST_TEST(std::abs(sd(L.weight[0], L.bias[0]) / std::sqrt(2.0 / 33) - 1) < 0.1);
  for (std::size_t i = L.bias[2]; i < L.bias[2] + 33; ++i) BOOST_TEST(params[i] == 0.0f);
  BOOST_TEST(params[L.tail_bias] == 0.0f);
}

BOOST_AUTO_TEST_CASE(oversized_batch_is_an_input_error) {
  Workspace ws(NetworkConfig{}, 8);
  BOOST_CHECK_EXCEPTION(ws.begin(9), InputError, [](const InputError& e) {
    return std::string(e.what()) == "batch of 9 events does not fit a workspace sized for 8";
  });
}
