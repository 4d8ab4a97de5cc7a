// libFuzzer target: the job-file readers of the framework adapters' stand-ins, on any
// bytes. The first byte chooses the reader, the rest is the file:
//   even: a CMSSW-style job file (edm::readJobConfig), then every parameter value it
//         holds through edm::parseParameterValue;
//   odd:  a GaudiConfig2-style options file (Gaudi::standin::readOptions), then every
//         property value it holds through Gaudi::Parsers for each property type, whose
//         result must convert back (Gaudi::Utils::toString) to a value that parses equal.
// Only the documented errors may escape: cms::Exception from readJobConfig,
// std::invalid_argument from parseParameterValue, GaudiException from readOptions, a
// failed StatusCode from a parser. Anything else is a finding.
#include "memory_file.hpp"

#include "FWCore/Framework/interface/EventProcessor.h"
#include "FWCore/Utilities/interface/Exception.h"
#include "Gaudi/Property.h"
#include "Gaudi/standin/Application.h"
#include "GaudiKernel/GaudiException.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <type_traits>
#include <string>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_job_files: invariant broken: %s: %s\n", what, detail.c_str());
  std::abort();
}

void cmssw(const std::string& path) {
  edm::JobConfig job;
  try {
    job = edm::readJobConfig(path);
  } catch (const cms::Exception&) {
    return;
  }
  std::vector<edm::ModuleConfig*> modules = {&job.inputSource};
  for (auto& m : job.modules) modules.push_back(&m);
  for (const edm::ModuleConfig* m : modules)
    for (const auto& p : m->parameters) {
      try {
        (void)edm::parseParameterValue(p.value.rfind("FileInPath", 0) == 0 ? "string" + p.value.substr(10) : p.value);
      } catch (const std::invalid_argument& e) {
        // The reader checked every value's syntax: a value it kept must parse.
        fail("a parameter the reader accepted does not parse", p.value + ": " + e.what());
      }
    }
}

// A property value of type T that parses must print back to a value that parses equal.
// (The options subset has no escapes: a string holding both quote characters cannot be
// written back, a limitation of the stand-in's syntax, not checked.)
template <class T>
void round_trip(const std::string& repr) {
  T value{};
  if (Gaudi::Parsers::parse(value, repr).isFailure()) return;
  auto both_quotes = [](const std::string& s) {
    return s.find('\'') != std::string::npos && s.find('"') != std::string::npos;
  };
  if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    for (const auto& item : value)
      if (both_quotes(item)) return;
  }
  const std::string printed = Gaudi::Utils::toString(value);
  T again{};
  if (Gaudi::Parsers::parse(again, printed).isFailure()) fail("a parsed property does not parse as printed", repr + " -> " + printed);
  if (!(again == value)) fail("a parsed property prints to another value", repr + " -> " + printed);
}

void gaudi(const std::string& path) {
  Gaudi::standin::Options options;
  try {
    options = Gaudi::standin::readOptions(path);
  } catch (const GaudiException&) {
    return;
  }
  for (const auto& c : options.components)
    for (const auto& [name, repr] : c.properties) {
      round_trip<bool>(repr);
      round_trip<int>(repr);
      round_trip<long>(repr);
      round_trip<unsigned int>(repr);
      round_trip<unsigned long>(repr);
      round_trip<std::string>(repr);
      round_trip<std::vector<std::string>>(repr);
      // (doubles: NaN never compares equal; parse only)
      double d = 0;
      (void)Gaudi::Parsers::parse(d, repr);
      std::vector<double> v;
      (void)Gaudi::Parsers::parse(v, repr);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static sieve::fuzz::MemoryFile file("job");
  const std::string& path = file.write(data + 1, size - 1);
  if ((data[0] & 1) == 0)
    cmssw(path);
  else
    gaudi(path);
  return 0;
}
