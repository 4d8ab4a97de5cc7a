// sieve-cmssw-demo: runs a stand-in cmsRun job that scores a CSV ntuple (the model's
// columns) through SieveScoreProducer (or SieveScoreStreamProducer) and writes the CSV of
// `sieve score`.
//
//   sieve-cmssw-demo [--job FILE] --model M --in F --out O [--variations a,b] [--threads N]
//                    [--streams S] [--producer global|stream] [--max-events N]
//   sieve-cmssw-demo --write-cfi DIR      (the modules' _cfi.py files, as edmWriteConfigs)
//   sieve-cmssw-demo --describe TYPE      (a module's parameters, as edmPluginHelp)
//
// The options override the job file's parameters of the same meaning: --model the
// source's and the scorer's `model`, --in the source's `fileName`, --out the writer's `fileName`,
// --variations the scorer's and writer's `variations`, --threads process.numberOfThreads.
// CMSSW_SEARCH_PATH defaults to ".:<source tree>" so that FileInPath finds relative paths.
#include "FWCore/Framework/interface/EventProcessor.h"
#include "FWCore/Utilities/interface/Exception.h"

#include "sieve/error.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace {

  char const* const kUsage =
      "usage: sieve-cmssw-demo [--job FILE] --model M --in F --out O [--variations a,b,...] [--threads N]\n"
      "                        [--streams S] [--producer global|stream] [--max-events N] [--quiet]\n"
      "       sieve-cmssw-demo --write-cfi DIR | --describe MODULE_TYPE\n"
      "Scores a CSV file (the model's columns) through the CMSSW-style SieveScoreProducer on the stand-in framework\n"
      "(N threads, S streams; default S = N) and writes the CSV layout of `sieve score`.\n";

  std::string vstring(std::string const& list) {
    std::string out = "vstring(";
    std::stringstream in(list);
    bool first = true;
    for (std::string item; std::getline(in, item, ',');) {
      if (!first) out += ", ";
      out += edm::quoteParameter(item);
      first = false;
    }
    return out + ")";
  }

  std::string timestamp() {
    std::time_t const now = std::time(nullptr);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%d-%b-%Y %H:%M:%S %Z", std::localtime(&now));
    return buffer;
  }

  int run(std::map<std::string, std::string> const& o) {
    auto given = [&](char const* name) { return o.count(name) != 0; };
    if (given("write-cfi")) {
      for (auto const& [type, maker] : edm::standin::makerRegistry()) {
        if (type.rfind("Sieve", 0) != 0) continue;
        edm::ConfigurationDescriptions descriptions(maker->baseType(), type);
        maker->fillDescriptions(descriptions);
        for (auto const& [name, text] : descriptions.cfis()) {
          std::string const path = o.at("write-cfi") + "/" + name;
          std::ofstream(path) << text;
          std::cout << path << "\n";
        }
      }
      return 0;
    }
    if (given("describe")) {
      auto const it = edm::standin::makerRegistry().find(o.at("describe"));
      if (it == edm::standin::makerRegistry().end()) throw cms::Exception("Configuration") << "no module " << o.at("describe") << "\n";
      edm::ConfigurationDescriptions descriptions(it->second->baseType(), it->first);
      it->second->fillDescriptions(descriptions);
      descriptions.print(std::cout);
      return 0;
    }
    edm::JobConfig job = edm::readJobConfig(given("job") ? o.at("job") : SIEVE_SOURCE_DIR "/adapters/cmssw/test/sieveScoreDemo.job");
    auto scorers = job.modulesOfType({"SieveScoreProducer", "SieveScoreStreamProducer"});
    auto writers = job.modulesOfType({"ScoresCsvWriter"});
    if (given("producer")) {
      std::string const kind = o.at("producer");
      if (kind != "global" && kind != "stream") throw sieve::ConfigError("--producer takes global or stream");
      for (auto* m : scorers) m->type = kind == "global" ? "SieveScoreProducer" : "SieveScoreStreamProducer";
    }
    if (given("model")) {
      std::string const model = "FileInPath(" + edm::quoteParameter(o.at("model")) + ")";
      job.inputSource.set("model", model);
      for (auto* m : scorers) m->set("model", model);
    }
    if (given("variations")) {
      for (auto* m : scorers) m->set("variations", vstring(o.at("variations")));
      for (auto* m : writers) m->set("variations", vstring(o.at("variations")));
    }
    if (given("in")) job.inputSource.set("fileName", "untracked.string(" + edm::quoteParameter(o.at("in")) + ")");
    if (given("out"))
      for (auto* m : writers) m->set("fileName", "untracked.string(" + edm::quoteParameter(o.at("out")) + ")");
    if (given("threads")) job.numberOfThreads = static_cast<unsigned int>(std::stoul(o.at("threads")));
    if (given("streams")) job.numberOfStreams = static_cast<unsigned int>(std::stoul(o.at("streams")));
    if (given("max-events")) job.maxEvents = std::stoll(o.at("max-events"));

    auto const t0 = std::chrono::steady_clock::now();
    edm::EventProcessor processor(std::move(job));
    processor.runToCompletion();
    double const seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!given("quiet"))
      std::printf("%lld events, %u threads, %u streams: %.3f s, %.0f events/s\n", processor.totalEvents(),
                  processor.numberOfThreads(), processor.numberOfStreams(), seconds,
                  static_cast<double>(processor.totalEvents()) / seconds);
    return 0;
  }

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--quiet") {
      options["quiet"];  // a switch: present, empty
      continue;
    }
    if (arg.rfind("--", 0) != 0 || i + 1 >= argc) {
      std::cerr << "sieve-cmssw-demo: bad argument '" << arg << "'\n" << kUsage;
      return 2;
    }
    options[arg.substr(2)] = argv[++i];
  }
  static char const* const known[] = {"job", "model", "in", "out", "variations", "threads", "streams", "producer",
                                      "max-events", "quiet", "write-cfi", "describe"};
  for (auto const& [name, value] : options)
    if (std::find(std::begin(known), std::end(known), name) == std::end(known)) {
      std::cerr << "sieve-cmssw-demo: unknown option --" << name << "\n" << kUsage;
      return 2;
    }
  if (std::getenv("CMSSW_SEARCH_PATH") == nullptr) setenv("CMSSW_SEARCH_PATH", ".:" SIEVE_SOURCE_DIR, 1);
  try {
    return run(options);
  } catch (cms::Exception const& e) {
    std::cerr << "----- Begin Fatal Exception " << timestamp() << "-----------------------\n"
              << e.what() << "----- End Fatal Exception -------------------------------------------------\n";
    return e.category() == "Configuration" || e.category() == "FileInPathError" ? 2 : 1;
  } catch (sieve::ConfigError const& e) {
    std::cerr << "sieve-cmssw-demo: error: " << e.what() << "\n";
    return 2;
  } catch (std::exception const& e) {
    std::cerr << "sieve-cmssw-demo: error: " << e.what() << "\n";
    return 1;
  }
}
