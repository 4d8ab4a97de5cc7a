// sieve inspect: everything a model file holds, readably.
#include "cli.hpp"
#include "framework_config.hpp"

#include "sieve/build_info.hpp"
#include "sieve/error.hpp"
#include "sieve/physics/schema_variations.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/io/model_file_header.hpp"
#include "sieve/nn/network_config.hpp"
#include "sieve/score/footprint.hpp"
#include "sieve/score/scorer.hpp"

#include <cstdio>
#include <sstream>

namespace {

void print_indented(const std::string& text, const char* indent) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) std::printf("%s%s\n", indent, line.c_str());
}

int run(const std::vector<std::string>& args) {
  using namespace sieve;
  cli::Options o("inspect",
                 "Prints everything a model file holds: format and library versions, provenance, network,\n"
                 "feature pipeline, members, TTA, cut, self-test rows, and the memory a deployment needs.\n"
                 "--schema prints the dataset schema the model was trained with, whole, instead;\n"
                 "--framework cmssw|gaudi a configuration fragment of the framework modules with the\n"
                 "model's input columns and variations.\n"
                 "The file is fully loaded first, so its checksum and self-test are verified.");
  o.add("model", "model file (or give it as the first bare argument)", "", true).positional("model");
  o.flag("schema", "print the model's dataset schema (TOML), as stored, and nothing else");
  o.add("framework", "cmssw or gaudi: print the modules' configuration for this model, and nothing else");
  if (!o.parse(args)) return 0;
  const std::string& path = o.str("model");
  const std::string framework = o.str("framework");
  if (!framework.empty() && framework != "cmssw" && framework != "gaudi")
    throw ConfigError("--framework expects cmssw or gaudi, got '" + framework + "'");
  const auto model = io::load_model(path);
  if (!framework.empty()) {
    std::fputs((framework == "cmssw" ? cli::cmssw_fragment(*model, path) : cli::gaudi_fragment(*model, path)).c_str(),
               stdout);
    return 0;
  }
  if (o.on("schema")) {
    std::fputs(model->schema.text.c_str(), stdout);
    return 0;
  }
  const io::ModelFileHeader header = io::read_model_file_header(path);
  const ensemble::Model& m = *model;

  std::printf("model file %s: %llu bytes\n", path.c_str(), static_cast<unsigned long long>(header.file_bytes));
  std::printf("  format version %d (this library reads up to %d and writes %d for this model), payload %llu bytes, "
              "CRC-32 %08x (verified)\n",
              header.format_version, io::kFormatVersion, io::written_format(m),
              static_cast<unsigned long long>(header.payload_bytes),
              header.crc32);
  std::printf("  written by Sieve %s (this is %s)\n", m.provenance.library_version.c_str(), library_version().c_str());

  std::printf("\nprovenance\n");
  std::printf("  seed %llu\n", static_cast<unsigned long long>(m.provenance.seed));
  std::printf("  data %s: %llu rows, CRC-32 %08x\n", m.provenance.data_source.c_str(),
              static_cast<unsigned long long>(m.provenance.data_rows), m.provenance.data_crc32);
  std::printf("  recipe:\n");
  print_indented(m.provenance.recipe, "    ");

  const nn::NetworkConfig& n = m.network;
  const nn::ParameterLayout layout(n);
  const data::Schema& s = m.schema;
  std::printf("\ndataset schema %s (sieve inspect --model %s --schema prints it whole)\n", s.name.c_str(),
              path.c_str());
  std::printf("  id %s, label %s (signal %s, background %s), weight %s, set %s\n",
              s.id_column.empty() ? "(none)" : s.id_column.c_str(), s.label_column.c_str(), s.signal_value.c_str(),
              s.background_value.c_str(), s.weight_columns.empty() ? "(none)" : s.weight_columns.front().c_str(),
              s.set_column.empty() ? "(none)" : s.set_column.c_str());
  std::printf("  objects (%zu):", s.objects.size());
  for (const data::ObjectSpec& obj : s.objects)
    std::printf(" %s(%s%s%s)", obj.name.c_str(), obj.pt.c_str(), obj.eta.empty() ? "" : (", " + obj.eta).c_str(),
                (", " + obj.phi).c_str());
  std::printf("\n  recomputation: %s; variations:", s.recomputation.empty() ? "none" : s.recomputation.c_str());
  for (const std::string& v : physics::known_variation_names(s)) std::printf(" %s", v.c_str());
  std::printf("\n");

  std::printf("\nnetwork\n");
  // Each embedding table: ", <column> embedded (<categories> categories -> <size>)".
  std::string embeddings;
  for (int t = 0; t < n.n_embeddings(); ++t) {
    const nn::EmbeddingTable e = n.embedding_table(t);
    embeddings += ", " + m.pipeline.layout.categorical_name(t);
    embeddings += " embedded (" + std::to_string(e.n_categories) + " categories -> " + std::to_string(e.dim) + ")";
  }
  std::printf("  %d continuous inputs%s -> %d %s layers of %d (%s) -> 1 sigmoid output\n", n.n_continuous,
              embeddings.c_str(),
              n.depth, nn::to_string(n.activation).c_str(), n.width,
              n.dense ? "densely connected: each layer sees the inputs and every earlier layer" : "sequential");
  std::printf("  parameters per member: %zu (embedding %zu, body %zu, tail %zu); %zu in the ensemble\n",
              layout.total, layout.weight[0] - layout.embedding[0], layout.tail_weight - layout.weight[0],
              layout.total - layout.tail_weight, layout.total * m.members.size());
  std::printf("  forward pass: %.0f FLOP per event and member\n", n.forward_flops());

  const features::FeaturePipeline& p = m.pipeline;
  std::printf("\nfeature pipeline\n");
  std::printf("  raw columns read (%zu):", p.raw_columns.size());
  for (std::size_t i = 0; i < p.raw_columns.size(); ++i)
    std::printf("%s%s", i % 5 == 0 ? "\n    " : " ", p.raw_columns[i].c_str());
  std::printf("\n  network inputs (%d): standardised as (x - mean) / std, missing -> 0\n", p.n_inputs());
  std::printf("    %3s  %-28s %14s %14s\n", "#", "input", "mean", "std");
  for (int j = 0; j < p.n_inputs(); ++j)
    std::printf("    %3d  %-28s %14.6g %14.6g\n", j, p.inputs[static_cast<std::size_t>(j)].c_str(),
                static_cast<double>(p.mean[static_cast<std::size_t>(j)]),
                1.0 / static_cast<double>(p.inv_std[static_cast<std::size_t>(j)]));
  for (int k = 0; k < p.layout.n_categorical(); ++k) {
    std::printf("  categorical %s: %s; codes", p.layout.categorical_name(k).c_str(),
                p.embed_categorical ? "embedded"
                : p.layout.n_categorical() == 1 ? "a standardised input (last above)"
                                                : "a standardised input (after the physical ones above)");
    const std::vector<float>& values = p.layout.category_values(k);
    for (std::size_t c = 0; c < values.size(); ++c) std::printf(" %zu=%g", c, static_cast<double>(values[c]));
    const auto& fallback = m.schema.categoricals[static_cast<std::size_t>(k)].fallback;
    if (fallback) std::printf("; unseen values take the code of %g", static_cast<double>(*fallback));
    std::printf("\n");
  }
  std::printf("  augmentation space: %s\n", p.augment_space == features::AugmentSpace::Raw
                                                   ? "raw (physical momenta, before standardisation)"
                                                   : "standardised (on the standardised columns, as published)");

  std::printf("\nmembers (%zu): ensemble weight = (1 / best loss) / sum\n", m.members.size());
  std::printf("    %3s  %14s  %14s  %10s\n", "#", "best loss", "best sub-epoch", "weight");
  for (std::size_t i = 0; i < m.members.size(); ++i)
    std::printf("    %3zu  %14.6g  %14d  %10.6f\n", i, m.members[i].best_loss, m.members[i].best_sub_epoch + 1,
                m.members[i].weight);

  std::printf("\nTTA: %s\n", m.tta ? "on, mean over 8 copies (phi rotation 0 or pi x y reflection x z reflection)"
                                   : "off (one copy per event)");
  std::printf("cut: %.6f (events with score >= cut are selected)\n", m.cut);

  std::printf("\nself-test rows (%zu): re-scored at load, all within 1e-5 of the stored scores\n",
              m.self_test.size());
  if (!m.self_test.empty()) {
    std::printf("    %-28s", "column");
    for (std::size_t r = 0; r < m.self_test.size(); ++r) std::printf(" %12s", ("row " + std::to_string(r)).c_str());
    std::printf("\n");
    for (std::size_t c = 0; c < p.raw_columns.size(); ++c) {
      std::printf("    %-28s", p.raw_columns[c].c_str());
      for (const auto& row : m.self_test) std::printf(" %12g", static_cast<double>(row.raw[c]));
      std::printf("\n");
    }
    std::printf("    %-28s", "expected score");
    for (const auto& row : m.self_test) std::printf(" %12.7f", static_cast<double>(row.expected));
    std::printf("\n");
  }

  const score::Scorer scorer(model);
  const score::Footprint f = score::footprint(scorer, 1024);
  std::printf("\nmemory\n");
  std::printf("  model resident: %zu bytes (parameters %zu, pipeline %zu), shared by every thread\n", f.model_bytes,
              f.parameter_bytes, f.pipeline_bytes);
  std::printf("  ScorerWorkspace for %d events: %zu bytes, one per thread\n", f.workspace_events, f.workspace_bytes);
  return 0;
}

const sieve::cli::Registration registration("inspect", "print everything a model file holds", run);

} // namespace
