// SieveScoreProducer and SieveScoreStreamProducer on the CMSSW stand-in: output
// bit-identical to `sieve score` for any number of threads and streams, CMSSW's lifecycle,
// and configuration errors that read like CMSSW's.
#define BOOST_TEST_MODULE cmssw_adapter
#include <boost/test/unit_test.hpp>

#include "DataFormats/NanoAOD/interface/FlatTable.h"
#include "FWCore/Framework/interface/EventProcessor.h"
#include "FWCore/Framework/interface/MakerMacros.h"
#include "FWCore/Framework/interface/global/EDProducer.h"
#include "FWCore/Utilities/interface/Exception.h"

#include "fair_universe_model.hpp"
#include "temp_dir.hpp"
#include "../plugins/SieveScoreCommon.h"
#include "sieve/data/schema.hpp"
#include "sieve/data/csv_reader.hpp"
#include "sieve/data/csv_writer.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/nn/precision.hpp"
#include "sieve/physics/variation.hpp"
#include "sieve/score/event_products.hpp"
#include "sieve/score/file_scorer.hpp"
#include "sieve/score/scoring_config.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

namespace {

  std::string const kSource = SIEVE_SOURCE_DIR;
  std::string const kEvents = kSource + "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";
  std::string const kModel = kSource + "/tests/data/golden-format1.model";
#if defined(__SANITIZE_THREAD__)
  long long const kEventsToRun = 3000;  // ThreadSanitizer runs ~20x slower
#else
  long long const kEventsToRun = -1;
#endif

  struct SearchPath {
    SearchPath() { setenv("CMSSW_SEARCH_PATH", (kSource + ":/").c_str(), 1); }
  };
  SearchPath const searchPath;

  // The demo job with the usual overrides.
  edm::JobConfig job(std::string const& out, unsigned int threads, std::string const& producer = "SieveScoreProducer",
                     std::string const& variations = "'nominal'") {
    edm::JobConfig config = edm::readJobConfig(kSource + "/adapters/cmssw/test/sieveScoreDemo.job");
    config.numberOfThreads = threads;
    config.numberOfStreams = 0;
    config.maxEvents = kEventsToRun;
    config.inputSource.set("fileName", "untracked.string('" + kEvents + "')");
    edm::ModuleConfig* scorer = config.findModule("sieveScoreProducer");
    scorer->type = producer;
    scorer->set("variations", "vstring(" + variations + ")");
    edm::ModuleConfig* writer = config.findModule("scoresWriter");
    writer->set("variations", "vstring(" + variations + ")");
    writer->set("fileName", "untracked.string('" + out + "')");
    return config;
  }

  // What `sieve score` writes for the same events.
  std::string reference(sieve::test::TempDir const& dir, std::string const& variations,
                        sieve::nn::Precision precision = sieve::nn::Precision::Float32) {
    std::string const path = dir.file("reference-" + std::to_string(std::hash<std::string>{}(variations)) + "-" +
                                      sieve::nn::to_string(precision) + ".csv");
    std::string input = kEvents;
    if (kEventsToRun >= 0) {  // the same first events, as a file of their own
      input = dir.file("subset.csv");
      if (!std::ifstream(input)) {
        sieve::data::Table const all = sieve::data::read_table(kEvents);
        std::vector<std::uint32_t> rows(static_cast<std::size_t>(kEventsToRun));
        for (std::uint32_t i = 0; i < rows.size(); ++i) rows[i] = i;
        sieve::data::write_table(input, sieve::data::select_rows(all, rows));
      }
    }
    sieve::score::FileScoreOptions options;
    std::string names = variations;
    names.erase(std::remove(names.begin(), names.end(), '\''), names.end());
    names.erase(std::remove(names.begin(), names.end(), ' '), names.end());
    options.scorer.variations = sieve::physics::parse_variations(names);
    options.scorer.precision = precision;
    options.threads = 1;
    sieve::score::score_file(sieve::io::load_model(kModel), input, path, options);
    return sieve::test::read_bytes(path);
  }

  // The text of the cms::Exception a job throws, or "" when it runs.
  std::string failure(edm::JobConfig config) {
    try {
      edm::EventProcessor processor(std::move(config));
      processor.runToCompletion();
    } catch (cms::Exception const& e) {
      BOOST_TEST_MESSAGE(e.what());
      return e.what();
    }
    return "";
  }

  bool has(std::string const& text, std::string const& part) {
    if (text.find(part) == std::string::npos) BOOST_TEST_MESSAGE("missing: " << part);
    return text.find(part) != std::string::npos;
  }

  // A test module that checks CMSSW's stream guarantees from the inside: each stream's
  // cache is used by one event at a time, and every stream gets events.
  struct StreamUse {
    std::atomic<bool> busy{false};
    std::atomic<long> events{0};
  };
  std::atomic<int> g_begun{0}, g_ended{0}, g_overlaps{0}, g_jobs{0}, g_wrongProducts{0};

  class StreamCheckProducer : public edm::global::EDProducer<edm::StreamCache<StreamUse>> {
  public:
    explicit StreamCheckProducer(edm::ParameterSet const& config)
        : token_(consumes<sieve::score::EventScores>(config.getParameter<edm::InputTag>("src"))) {}
    static void fillDescriptions(edm::ConfigurationDescriptions& descriptions) {
      edm::ParameterSetDescription desc;
      desc.add<edm::InputTag>("src", edm::InputTag("sieveScoreProducer"))->setComment("scores to look at");
      descriptions.addWithDefaultLabel(desc);
    }
    static std::vector<long> perStream;
    static std::mutex mutex;

  private:
    std::unique_ptr<StreamUse> beginStream(edm::StreamID) const override {
      ++g_begun;
      return std::make_unique<StreamUse>();
    }
    void endStream(edm::StreamID id) const override {
      ++g_ended;
      std::lock_guard lock(mutex);
      perStream.push_back(streamCache(id)->events);
    }
    void beginJob() override { ++g_jobs; }
    void endJob() override { ++g_jobs; }
    void produce(edm::StreamID id, edm::Event& event, edm::EventSetup const&) const override {
      StreamUse* use = streamCache(id);
      if (use->busy.exchange(true)) ++g_overlaps;
      if (event.get(token_).values.size() != 1u) ++g_wrongProducts;  // Boost.Test is not thread-safe
      std::this_thread::yield();
      ++use->events;
      use->busy = false;
    }
    edm::EDGetTokenT<sieve::score::EventScores> const token_;
  };
  std::vector<long> StreamCheckProducer::perStream;
  std::mutex StreamCheckProducer::mutex;

  // A NanoAOD-style table of the source's events: one row per object, one float column per
  // name, as a table producer upstream of SieveFlatTableProducer would make it.
  class InputsToFlatTable : public edm::global::EDProducer<> {
  public:
    explicit InputsToFlatTable(edm::ParameterSet const& config)
        : inputsToken_(consumes<sieve::score::EventInputs>(config.getParameter<edm::InputTag>("src"))),
          tableToken_(produces<nanoaod::FlatTable>()),
          names_(config.getParameter<std::vector<std::string>>("names")) {}
    static void fillDescriptions(edm::ConfigurationDescriptions& descriptions) {
      edm::ParameterSetDescription desc;
      desc.add<edm::InputTag>("src", edm::InputTag("source"))->setComment("the events");
      desc.add<std::vector<std::string>>("names", {})->setComment("the column names, in row order");
      descriptions.addWithDefaultLabel(desc);
    }

  private:
    void produce(edm::StreamID, edm::Event& event, edm::EventSetup const&) const override {
      sieve::score::EventInputs const& in = event.get(inputsToken_);
      nanoaod::FlatTable table(static_cast<unsigned int>(in.objects()), "Higgs", false);
      std::vector<float> column(in.objects());
      for (std::size_t c = 0; c < names_.size(); ++c) {
        for (std::size_t o = 0; o < in.objects(); ++o) column[o] = in.values[o * in.columns + c];
        table.addColumn<float>(names_[c], column, "");
      }
      event.emplace(tableToken_, std::move(table));
    }
    edm::EDGetTokenT<sieve::score::EventInputs> const inputsToken_;
    edm::EDPutTokenT<nanoaod::FlatTable> const tableToken_;
    std::vector<std::string> const names_;
  };

  // Compares the FlatTable scores with SieveScoreProducer's, bit for bit, from inside.
  std::atomic<long> g_compared{0}, g_mismatches{0};
  class CompareScores : public edm::global::EDProducer<> {
  public:
    explicit CompareScores(edm::ParameterSet const& config)
        : tableToken_(consumes<nanoaod::FlatTable>(config.getParameter<edm::InputTag>("table"))),
          scoresToken_(consumes<sieve::score::EventScores>(config.getParameter<edm::InputTag>("scores"))),
          names_(config.getParameter<std::vector<std::string>>("variations")) {}
    static void fillDescriptions(edm::ConfigurationDescriptions& descriptions) {
      edm::ParameterSetDescription desc;
      desc.add<edm::InputTag>("table", edm::InputTag("sieveFlatTable"))->setComment("the scores table");
      desc.add<edm::InputTag>("scores", edm::InputTag("sieveScoreProducer"))->setComment("the scores");
      desc.add<std::vector<std::string>>("variations", {})->setComment("the variations, in order");
      descriptions.addWithDefaultLabel(desc);
    }

  private:
    void produce(edm::StreamID, edm::Event& event, edm::EventSetup const&) const override {
      nanoaod::FlatTable const& table = event.get(tableToken_);
      sieve::score::EventScores const& scores = event.get(scoresToken_);
      bool same = table.size() == scores.objects() && table.nColumns() == names_.size() && table.extension() &&
                  table.name() == "Higgs";
      for (std::size_t v = 0; same && v < names_.size(); ++v) {
        int const c = table.columnIndex("score_" + names_[v]);
        same = c >= 0;
        for (unsigned int o = 0; same && o < table.size(); ++o) {
          float const a = table.columnData<float>(static_cast<unsigned int>(c))[o], b = scores.at(o, v);
          same = std::memcmp(&a, &b, sizeof a) == 0;
        }
      }
      ++g_compared;
      if (!same) ++g_mismatches;
    }
    edm::EDGetTokenT<nanoaod::FlatTable> const tableToken_;
    edm::EDGetTokenT<sieve::score::EventScores> const scoresToken_;
    std::vector<std::string> const names_;
  };

}  // namespace

DEFINE_FWK_MODULE(StreamCheckProducer);
DEFINE_FWK_MODULE(InputsToFlatTable);
DEFINE_FWK_MODULE(CompareScores);

// NanoAOD's products: the inputs read from a FlatTable by the model's column names, the
// scores written as a FlatTable extension (score_<variation>), equal bit for bit to the
// EventInputs module's on every event, on 4 threads; a missing column is the event's error.
BOOST_AUTO_TEST_CASE(flat_tables_in_and_out) {
  sieve::test::TempDir dir;
  std::string const variations = "'nominal', 'tes_up', 'jes_down', 'soft_met'";
  std::string names;
  for (auto const& n : sieve::data::higgsml_schema().columns) names += (names.empty() ? "'" : ", '") + n + "'";
  auto config_with = [&](std::string const& tableNames) {
    edm::JobConfig config = job(dir.file("out.csv"), 4, "SieveScoreProducer", variations);
    config.maxEvents = 300;
    edm::ModuleConfig table{"higgsTable", "InputsToFlatTable", {}};
    table.set("names", "vstring(" + tableNames + ")");
    edm::ModuleConfig scorer{"sieveFlatTable", "SieveFlatTableProducer", {}};
    scorer.set("model", "FileInPath('tests/data/golden-format1.model')");
    scorer.set("src", "InputTag('higgsTable')");
    scorer.set("variations", "vstring(" + variations + ")");
    edm::ModuleConfig compare{"compare", "CompareScores", {}};
    compare.set("variations", "vstring(" + variations + ")");
    config.modules.push_back(table);
    config.modules.push_back(scorer);
    config.modules.push_back(compare);
    return config;
  };
  g_compared = g_mismatches = 0;
  BOOST_TEST(failure(config_with(names)) == "");
  BOOST_TEST(g_compared == 300);
  BOOST_TEST(g_mismatches == 0);

  std::string const without_mass = names.substr(names.find(',') + 2);  // drops DER_mass_MMC
  std::string const e = failure(config_with(without_mass));
  BOOST_TEST(has(e, "An exception of category 'SieveInputError' occurred while"));
  BOOST_TEST(has(e, "table 'Higgs' has no column 'DER_mass_MMC', an input of the model"));
}

// A model of another dataset than HiggsML (FAIR-Universe: other names, -25 for undefined
// values, no id column) needs no names in the job: the source reads the model's columns,
// SieveScoreProducer and SieveFlatTableProducer bind them by default, and the scores are
// `sieve score`'s, the soft-MET draws keyed by the entry as `sieve score` keys a file
// without ids (which it names "row", as the writer does when told so), byte for byte.
BOOST_AUTO_TEST_CASE(a_fair_universe_model_runs_with_the_default_input_names) {
  sieve::test::TempDir dir;
  std::string const model = dir.file("fair.model"), out = dir.file("out.csv");
  sieve::test::write_fair_universe_model(model);
  std::string const variations = "'nominal', 'tes_up', 'jes_down', 'soft_met'";
  edm::JobConfig config = job(out, 2, "SieveScoreProducer", variations);
  config.inputSource.set("fileName", "untracked.string('" + sieve::test::kFairUniverseEvents + "')");
  config.inputSource.set("model", "FileInPath('" + model + "')");
  config.findModule("sieveScoreProducer")->set("model", "FileInPath('" + model + "')");
  config.findModule("scoresWriter")->set("idColumn", "string('row')");
  auto const fair = sieve::io::load_model(model);
  std::string names;
  for (auto const& n : fair->pipeline.raw_columns) names += (names.empty() ? "'" : ", '") + n + "'";
  edm::ModuleConfig table{"fairTable", "InputsToFlatTable", {}};
  table.set("names", "vstring(" + names + ")");
  edm::ModuleConfig tableScorer{"sieveFlatTable", "SieveFlatTableProducer", {}};
  tableScorer.set("model", "FileInPath('" + model + "')");
  tableScorer.set("src", "InputTag('fairTable')");
  tableScorer.set("variations", "vstring(" + variations + ")");
  edm::ModuleConfig compare{"compare", "CompareScores", {}};
  compare.set("variations", "vstring(" + variations + ")");
  config.modules.push_back(table);
  config.modules.push_back(tableScorer);
  config.modules.push_back(compare);
  g_compared = g_mismatches = 0;
  BOOST_TEST(failure(std::move(config)) == "");
  BOOST_TEST(g_compared == 1000);
  BOOST_TEST(g_mismatches == 0);

  std::string const reference = dir.file("reference.csv");
  sieve::score::FileScoreOptions options;
  options.scorer.variations = sieve::physics::parse_variations("nominal,tes_up,jes_down,soft_met");
  sieve::score::score_file(fair, sieve::test::kFairUniverseEvents, reference, options);
  std::string const expected = sieve::test::read_bytes(reference), written = sieve::test::read_bytes(out);
  std::string const header = "score_nominal,score_tes_up,score_jes_down,score_soft_met\n";
  BOOST_TEST(expected.rfind("row," + header, 0) == 0u);
  BOOST_TEST(written == expected);
  BOOST_TEST(std::count(written.begin(), written.end(), '\n') == 1001);
}

BOOST_AUTO_TEST_CASE(output_is_bit_identical_to_sieve_score_for_1_2_4_and_8_threads) {
  sieve::test::TempDir dir;
  for (std::string const variations : {"'nominal'", "'nominal', 'tes_up', 'jes_down', 'soft_met'"}) {
    std::string const expected = reference(dir, variations);
    for (std::string const producer : {"SieveScoreProducer", "SieveScoreStreamProducer"}) {
      for (unsigned int threads : {1u, 2u, 4u, 8u}) {
        BOOST_TEST_CONTEXT(producer << ", " << threads << " threads, variations " << variations) {
          std::string const out = dir.file("out.csv");
          edm::EventProcessor processor(job(out, threads, producer, variations));
          processor.runToCompletion();
          BOOST_TEST(processor.numberOfStreams() == threads);
          BOOST_TEST(sieve::test::read_bytes(out) == expected);
        }
      }
      // One copy of the arranged weights for the whole job instead of one per stream.
      BOOST_TEST_CONTEXT(producer << ", weightsPerStream = False, variations " << variations) {
        std::string const out = dir.file("out.csv");
        edm::JobConfig config = job(out, 2, producer, variations);
        config.findModule("sieveScoreProducer")->set("weightsPerStream", "bool(False)");
        edm::EventProcessor processor(std::move(config));
        processor.runToCompletion();
        BOOST_TEST(sieve::test::read_bytes(out) == expected);
      }
    }
  }
}

// bf16 is opt-in (precision = 'bf16'): the job's scores are then `sieve score --precision
// bf16`'s, byte for byte, whatever the threads; on a CPU without AMX-BF16 the job stops at
// construction saying so.
BOOST_AUTO_TEST_CASE(bf16_scores_are_opt_in_and_those_of_sieve_score) {
  sieve::test::TempDir dir;
  std::string const out = dir.file("out.csv");
  auto bf16_job = [&](unsigned int threads) {
    edm::JobConfig config = job(out, threads, "SieveScoreStreamProducer", "'nominal', 'jes_up'");
    config.findModule("sieveScoreProducer")->set("precision", "string('bf16')");
    return config;
  };
  if (!sieve::nn::precision_supported(sieve::nn::Precision::BFloat16)) {
    BOOST_TEST_MESSAGE("this CPU or build has no AMX-BF16: only the refusal is checked");
    BOOST_TEST(failure(bf16_job(2)).find("precision bf16 needs") != std::string::npos);
    return;
  }
  std::string const expected = reference(dir, "'nominal', 'jes_up'", sieve::nn::Precision::BFloat16);
  BOOST_TEST(expected != reference(dir, "'nominal', 'jes_up'"));  // bf16 is not float32
  for (unsigned int threads : {1u, 2u, 4u}) {
    BOOST_TEST_CONTEXT(threads << " threads") {
      BOOST_TEST(failure(bf16_job(threads)) == "");
      BOOST_TEST(sieve::test::read_bytes(out) == expected);
    }
  }
}

// Real event numbers repeat across runs: the soft-MET draws are keyed by (run, lumi,
// event), and by the event number alone for run 1, block 1, as `sieve score` keys a file.
BOOST_AUTO_TEST_CASE(soft_met_draws_follow_the_full_event_identity) {
  using sieve::cmssw::eventKey;
  BOOST_TEST(eventKey(edm::EventID(1, 1, 4242)) == 4242);
  std::set<std::int64_t> const keys{eventKey(edm::EventID(1, 1, 4242)), eventKey(edm::EventID(2, 1, 4242)),
                                    eventKey(edm::EventID(1, 2, 4242)), eventKey(edm::EventID(2, 2, 4242)),
                                    eventKey(edm::EventID(1, 1, 4243))};
  BOOST_TEST(keys.size() == 5u);

  sieve::score::ScoringConfig config;
  config.model_path = kModel;
  config.variations = {"nominal", "soft_met"};
  sieve::score::EventScorer const scorer(config);
  auto workspace = scorer.make_workspace();
  auto const& row = scorer.scorer().model().self_test.front();
  sieve::score::EventInputs inputs;
  inputs.columns = row.raw.size();
  for (float x : row.raw) inputs.values.push_back(x == sieve::ensemble::kSelfTestMissing ? NAN : x);
  auto const run1 = scorer.score(*workspace, inputs, eventKey(edm::EventID(1, 1, 4242)));
  auto const run2 = scorer.score(*workspace, inputs, eventKey(edm::EventID(2, 1, 4242)));
  BOOST_TEST(run1.at(0, 0) == run2.at(0, 0));  // nominal draws nothing
  BOOST_TEST(run1.at(0, 1) != run2.at(0, 1));  // the same event number, another run: other draws
}

BOOST_AUTO_TEST_CASE(global_module_transitions_follow_cmssw) {
  sieve::test::TempDir dir;
  edm::JobConfig config = job(dir.file("out.csv"), 4);
  config.maxEvents = 400;
  config.modules.push_back(edm::ModuleConfig{"check", "StreamCheckProducer", {}});
  g_begun = g_ended = g_overlaps = g_jobs = g_wrongProducts = 0;
  StreamCheckProducer::perStream.clear();
  edm::EventProcessor processor(std::move(config));
  processor.runToCompletion();
  auto const& c = processor.transitionCounts("sieveScoreProducer");
  BOOST_TEST(c.constructed == 1);  // one instance for the job: the model is loaded once
  BOOST_TEST(c.globalCaches == 0);
  BOOST_TEST(c.beginJob == 1);
  BOOST_TEST(c.beginStream == 4);  // one workspace per stream
  BOOST_TEST(c.events == 400);
  BOOST_TEST(c.endStream == 4);
  BOOST_TEST(c.endJob == 1);
  BOOST_TEST(processor.transitionCounts("source").events == 400);
  // From inside a module: the hooks ran, and a stream never had two events at once.
  BOOST_TEST(g_begun == 4);
  BOOST_TEST(g_ended == 4);
  BOOST_TEST(g_jobs == 2);
  BOOST_TEST(g_overlaps == 0);
  BOOST_TEST(g_wrongProducts == 0);
  long total = 0;
  for (long n : StreamCheckProducer::perStream) total += n;
  BOOST_TEST(total == 400);
  BOOST_TEST(StreamCheckProducer::perStream.size() == 4u);
}

BOOST_AUTO_TEST_CASE(stream_module_transitions_follow_cmssw) {
  sieve::test::TempDir dir;
  edm::JobConfig config = job(dir.file("out.csv"), 3, "SieveScoreStreamProducer");
  config.numberOfStreams = 5;  // more streams than threads, as cmsRun allows
  config.maxEvents = 300;
  edm::EventProcessor processor(std::move(config));
  processor.runToCompletion();
  BOOST_TEST(processor.numberOfStreams() == 5u);
  auto const& c = processor.transitionCounts("sieveScoreProducer");
  BOOST_TEST(c.globalCaches == 1);  // initializeGlobalCache: the model is loaded once
  BOOST_TEST(c.constructed == 5);   // one instance per stream
  BOOST_TEST(c.beginStream == 5);
  BOOST_TEST(c.events == 300);
  BOOST_TEST(c.endStream == 5);
  BOOST_TEST(c.globalEndJob == 1);
}

BOOST_AUTO_TEST_CASE(configuration_errors_read_like_cmssw) {
  sieve::test::TempDir dir;
  std::string const out = dir.file("out.csv");
  auto with = [&](std::string const& name, std::string const& value) {
    edm::JobConfig config = job(out, 2);
    config.findModule("sieveScoreProducer")->set(name, value);
    return config;
  };
  std::string const constructing = "[1] Constructing module: class=SieveScoreProducer label='sieveScoreProducer'";

  // `model` has no default (none would be on a release's search path): a job without one
  // fails validation with CMSSW's message.
  edm::JobConfig without_model = job(out, 2);
  auto& parameters = without_model.findModule("sieveScoreProducer")->parameters;
  std::erase_if(parameters, [](auto const& p) { return p.name == "model"; });
  std::string e = failure(std::move(without_model));
  BOOST_TEST(has(e, "[1] Validating configuration of module: class=SieveScoreProducer label='sieveScoreProducer'"));
  BOOST_TEST(has(e, "Missing required parameter.  It should have label \"model\" and have type \"FileInPath\"."));
  // The same for the NanoAOD table module, which shares the scorer's parameters.
  edm::JobConfig table_without_model = job(out, 2);
  edm::ModuleConfig table{"sieveFlatTable", "SieveFlatTableProducer", {}};
  table.set("src", "InputTag('higgsTable')");
  table_without_model.modules.push_back(table);
  e = failure(std::move(table_without_model));
  BOOST_TEST(has(e, "[1] Validating configuration of module: class=SieveFlatTableProducer label='sieveFlatTable'"));
  BOOST_TEST(has(e, "Missing required parameter.  It should have label \"model\" and have type \"FileInPath\"."));
  BOOST_TEST(has(e, "The description has no default.  The parameter must be defined in the configuration"));

  e = failure(with("model", "FileInPath('no/such.model')"));
  BOOST_TEST(has(e, "An exception of category 'FileInPathError' occurred while"));
  BOOST_TEST(has(e, "edm::FileInPath unable to find file no/such.model anywhere in the search path."));

  std::string const garbage = dir.write("garbage.model", "SIEVE-MODEL 1\nthis is not a model\n");
  e = failure(with("model", "FileInPath('" + garbage + "')"));
  BOOST_TEST(has(e, "An exception of category 'Configuration' occurred while"));
  BOOST_TEST(has(e, "[0] Constructing the EventProcessor"));
  BOOST_TEST(has(e, constructing));
  BOOST_TEST(has(e, garbage));

  std::vector<std::string> names = sieve::data::higgsml_schema().columns;
  names[3] = "DER_pt_hh";
  std::string list;
  for (auto const& n : names) list += (list.empty() ? "'" : ", '") + n + "'";
  e = failure(with("inputNames", "vstring(" + list + ")"));
  BOOST_TEST(has(e, constructing));
  BOOST_TEST(has(e, "cannot bind the input columns to the model: missing DER_pt_h; unknown DER_pt_hh"));

  e = failure(with("variations", "vstring('nominal', 'tes_upp')"));
  BOOST_TEST(has(e, constructing));
  BOOST_TEST(has(e, "unknown systematic variation 'tes_upp'"));

  e = failure(with("precision", "string('fp16')"));
  BOOST_TEST(has(e, constructing));
  BOOST_TEST(has(e, "unknown precision 'fp16' (known: float32, bf16)"));

  e = failure(with("tta", "string('yes')"));
  BOOST_TEST(has(e, "[1] Validating configuration of module: class=SieveScoreProducer label='sieveScoreProducer'"));
  BOOST_TEST(has(e, "Parameter \"tta\" should be defined as a tracked bool.\nThe type in the configuration is incorrect."));

  e = failure(with("tta", "untracked.bool(True)"));
  BOOST_TEST(has(e, "In the configuration, parameter \"tta\" is defined as an untracked bool.\nIt should be tracked."));

  e = failure(with("ttaa", "bool(True)"));
  BOOST_TEST(has(e, "Illegal parameter found in configuration.  The parameter is named:\n 'ttaa'\n"));

  // CMSSW forbids '_' in a product instance label (it separates a branch name's fields).
  for (std::string const producer : {"SieveScoreProducer", "SieveScoreStreamProducer"}) {
    edm::JobConfig labelled = with("scoresLabel", "string('tes_up')");
    labelled.findModule("sieveScoreProducer")->type = producer;
    e = failure(std::move(labelled));
    BOOST_TEST(has(e, "An exception of category 'IllegalCharacter' occurred while"));
    BOOST_TEST(has(e, "[1] Constructing module: class=" + producer + " label='sieveScoreProducer'"));
    BOOST_TEST(has(e, "Product instance name 'tes_up' contains an underscore ('_'), which is illegal in a product "
                      "instance name."));
  }
  edm::JobConfig labelled = with("scoresLabel", "string('tesUp')");  // a legal label: the writer reads it
  labelled.findModule("scoresWriter")->set("src", "InputTag('sieveScoreProducer', 'tesUp')");
  BOOST_TEST(failure(std::move(labelled)) == "");

  e = failure(with("src", "InputTag('nothing')"));
  BOOST_TEST(has(e, "An exception of category 'ProductNotFound' occurred while"));
  BOOST_TEST(has(e, "Calling method for module SieveScoreProducer/'sieveScoreProducer'"));
  BOOST_TEST(has(e, "Looking for type: sieve::score::EventInputs\nLooking for module label: nothing\n"));
}

BOOST_AUTO_TEST_CASE(the_shipped_cfi_is_what_fill_descriptions_generates) {
  for (std::string const type : {"SieveScoreProducer", "SieveScoreStreamProducer", "SieveFlatTableProducer"}) {
    auto const& maker = edm::standin::makerRegistry().at(type);
    edm::ConfigurationDescriptions descriptions(maker->baseType(), type);
    maker->fillDescriptions(descriptions);
    auto const cfis = descriptions.cfis();
    BOOST_REQUIRE(cfis.size() == 1u);
    BOOST_TEST(cfis[0].second == sieve::test::read_bytes(kSource + "/adapters/cmssw/python/" + cfis[0].first),
               "regenerate with: build/bin/sieve-cmssw-demo --write-cfi adapters/cmssw/python");
  }
  // Every parameter has a comment, and a default but the model (required, cms.required in
  // the cfi).
  auto const& maker = edm::standin::makerRegistry().at("SieveScoreProducer");
  edm::ConfigurationDescriptions descriptions(maker->baseType(), "SieveScoreProducer");
  maker->fillDescriptions(descriptions);
  std::ostringstream listing;
  descriptions.print(listing);
  for (std::string const name : {"model", "src", "inputNames", "variations", "tesSize", "jesSize", "softMetSigma", "tta",
                                 "skipBadRows", "precision", "weightsPerStream", "scoresLabel"})
    BOOST_TEST(has(listing.str(), "    " + name + "\n"));
  // One parameter without a default, and it is the model's (its entry has no blank line).
  std::string const text = listing.str();
  std::size_t const none = text.find("default: none"), model = text.find("    model\n");
  BOOST_TEST((none != std::string::npos && model < none));
  BOOST_TEST(text.substr(model, none - model).find("\n\n") == std::string::npos);
  BOOST_TEST(text.find("default: none", none + 1) == std::string::npos);
}
