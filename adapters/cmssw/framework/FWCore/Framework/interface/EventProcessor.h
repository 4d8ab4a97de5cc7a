#ifndef FWCore_Framework_EventProcessor_h
#define FWCore_Framework_EventProcessor_h
// The stand-in's cmsRun. A JobConfig is what a _cfg.py gives cmsRun: process options, the
// source and the modules of the path, each with its typed parameters. readJobConfig reads
// the stand-in's job file, one statement a line (# comments):
//
//   process.numberOfThreads = uint32(4)
//   process.numberOfStreams = uint32(0)          # 0: as many streams as threads
//   process.maxEvents = int32(-1)                # -1: all
//   source = HiggsCsvSource
//   source.fileName = string('events.csv.gz')
//   module sieveScoreProducer = SieveScoreProducer
//   sieveScoreProducer.variations = vstring('nominal', 'tes_up')
//   sieveScoreProducer.tta = bool(True)
//   scoresWriter.fileName = untracked.string('scores.csv')
//   path = sieveScoreProducer, scoresWriter
//
// Values are written as in a _cfg.py without the "cms." prefix: bool(True), int32(..),
// uint32, int64, uint64, double, string('..'), vstring('a', 'b'), vint32, vdouble,
// FileInPath('..'), InputTag('label'[, 'instance'[, 'process']]), optionally untracked.
//
// EventProcessor builds the job (each module's configuration validated against its
// fillDescriptions, then the module constructed), and runToCompletion() runs
// numberOfStreams streams over numberOfThreads TBB threads: the source is read under a
// lock, each stream processes one event at a time through the modules of the path, and
// the transitions run in CMSSW's order. Errors are cms::Exceptions carrying CMSSW's
// contexts ("Constructing the EventProcessor", "Constructing module: class=X label='y'",
// "Processing  Event run: 1 lumi: 1 event: N stream: S", "Calling method for module X/'y'").
#include "FWCore/Framework/interface/WorkerMaker.h"
#include "FWCore/ParameterSet/interface/ParameterSet.h"

#include <memory>
#include <string>
#include <vector>

namespace edm {

  struct ModuleConfig {
    struct Parameter {
      std::string name;
      std::string value;  // as written: [untracked.]type(args)
      int line = 0;       // 0: set from the command line
    };
    std::string label, type;
    std::vector<Parameter> parameters;

    // Adds or replaces a parameter (a command-line override).
    void set(std::string const& name, std::string const& value);
  };

  struct JobConfig {
    std::string source;  // the file it was read from, for messages
    unsigned int numberOfThreads = 1;
    unsigned int numberOfStreams = 0;
    long long maxEvents = -1;
    ModuleConfig inputSource;          // label "source"
    std::vector<ModuleConfig> modules;  // in path order

    ModuleConfig* findModule(std::string const& label);
    // Modules of one of the given C++ types, in path order.
    std::vector<ModuleConfig*> modulesOfType(std::vector<std::string> const& types);
  };

  // Throws cms::Exception("Configuration") naming the file and line.
  JobConfig readJobConfig(std::string const& path);
  // One parameter value in the job-file syntax, e.g. "vstring('a', 'b')".
  ParameterSet::Entry parseParameterValue(std::string const& text);
  // A string quoted for the job-file syntax.
  std::string quoteParameter(std::string const& text);

  class EventProcessor {
  public:
    explicit EventProcessor(JobConfig config);
    ~EventProcessor();
    EventProcessor(EventProcessor const&) = delete;
    EventProcessor& operator=(EventProcessor const&) = delete;

    void runToCompletion();

    unsigned int numberOfThreads() const { return threads_; }
    unsigned int numberOfStreams() const { return streams_; }
    long long totalEvents() const { return events_; }
    // Transitions of the module with this label (the source's label is "source").
    standin::TransitionCounts const& transitionCounts(std::string const& label) const;
    std::vector<std::string> moduleLabels() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    unsigned int threads_, streams_;
    long long events_ = 0;
  };

}  // namespace edm

#endif
