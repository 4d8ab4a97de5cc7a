/*
 * SieveScoreTransformer: scores the objects of each event with a Sieve ensemble.
 *
 * A reentrant Gaudi::Functional::Transformer: one instance serves every event slot. The
 * model is loaded in initialize() into a const scorer; operator() is const and takes its
 * scratch from a per-thread workspace (tbb::enumerable_thread_specific), so concurrent
 * calls share nothing mutable but the thread-safe counters.
 */
#include "Gaudi/Accumulators.h"
#include "Gaudi/Functional/Transformer.h"
#include "Gaudi/Property.h"
#include "GaudiKernel/GaudiException.h"
#include "GaudiKernel/PathResolver.h"
#include "GaudiKernel/System.h"

#include "sieve/error.hpp"
#include "sieve/score/event_key.hpp"
#include "sieve/score/event_products.hpp"
#include "sieve/nn/precision.hpp"
#include "sieve/score/event_scorer.hpp"

#include <tbb/enumerable_thread_specific.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

struct SieveScoreTransformer final
    : Gaudi::Functional::Transformer<sieve::score::EventScores( const EventContext&,
                                                                const sieve::score::EventInputs& )> {

  SieveScoreTransformer( const std::string& name, ISvcLocator* svcLoc )
      : Transformer( name, svcLoc, KeyValue{ "Input", "/Event/Sieve/Inputs" },
                     KeyValue{ "Output", "/Event/Sieve/Scores" } ) {}

  StatusCode initialize() override {
    return Transformer::initialize().andThen( [&] {
      sieve::score::ScoringConfig config;
      config.model_path    = modelFile();
      config.input_columns = m_inputNames;
      config.variations    = m_variations;
      config.sizes.tes      = m_tesSize;
      config.sizes.jes      = m_jesSize;
      config.sizes.soft_met = m_softMetSigma;
      config.tta           = m_tta;
      config.skip_bad_rows = m_skipBadRows;
      config.weights_per_workspace = m_weightsPerThread;
      try {
        config.precision = sieve::nn::parse_precision( m_precision );
        m_scorer = std::make_unique<const sieve::score::EventScorer>( config );
      } catch ( const sieve::ConfigError& e ) { throw GaudiException( e.what(), name(), StatusCode::FAILURE ); }
      info() << "model " << m_modelPath.value() << ": " << m_scorer->scorer().model().members.size()
             << " members, " << m_scorer->variations() << " variations, " << m_scorer->scorer().copies()
             << " TTA copies" << endmsg;
    } );
  }

  // ModelPath as Gaudi users give files: environment variables expanded, then the file as
  // given or found in the DATAPATH search path.
  std::string modelFile() const {
    std::string expanded;
    if ( System::resolveEnv( m_modelPath.value(), expanded ).isFailure() )
      throw GaudiException( "ModelPath '" + m_modelPath.value() + "' uses an environment variable that is not set",
                            name(), StatusCode::FAILURE );
    const std::string found = System::PathResolver::find_file( expanded, "DATAPATH" );
    if ( found.empty() ) {
      const char* datapath = std::getenv( "DATAPATH" );
      throw GaudiException( "cannot find the model file '" + expanded + "' (ModelPath '" + m_modelPath.value() +
                                "'), neither as given nor in DATAPATH (" + ( datapath ? datapath : "not set" ) + ")",
                            name(), StatusCode::FAILURE );
    }
    return found;
  }

  sieve::score::EventScores operator()( const EventContext&             ctx,
                                       const sieve::score::EventInputs& inputs ) const override {
    auto& workspace = m_workspaces.local();
    if ( !workspace ) workspace = m_scorer->make_workspace();
    sieve::score::EventScores scores;
    try {
      // The soft-MET draws are keyed by the event's full identity: numbers repeat across runs.
      const EventIDBase& id      = ctx.eventID();
      const auto         skipped = m_scorer->score(
          *workspace, inputs, sieve::score::event_key( id.run_number(), id.lumi_block(), id.event_number() ), scores );
      if ( skipped > 0 ) m_skippedRows += skipped;
    } catch ( const sieve::InputError& e ) { throw GaudiException( e.what(), name(), StatusCode::FAILURE ); }
    ++m_events;
    return scores;
  }

private:
  Gaudi::Property<std::string> m_modelPath{
      this, "ModelPath", "",
      "Sieve model file (written by `sieve train`): ${VAR} expanded, then as given or found in DATAPATH" };
  Gaudi::Property<std::vector<std::string>> m_inputNames{
      this, "InputNames", {},
      "names of the input columns, in row order (empty: the model's raw columns); bound to the model's inputs once, in initialize()" };
  Gaudi::Property<std::vector<std::string>> m_variations{
      this, "Variations", { "nominal" },
      "variations to score, in output order: nominal and those of the model's schema" };
  Gaudi::Property<double> m_tesSize{ this, "TesSize", 0.03, "tau energy scale shift of tes_up/tes_down" };
  Gaudi::Property<double> m_jesSize{ this, "JesSize", 0.03, "jet energy scale shift of jes_up/jes_down" };
  Gaudi::Property<double> m_softMetSigma{ this, "SoftMetSigma", 3.0, "sigma (GeV) of soft_met's MET smearing" };
  Gaudi::Property<bool>   m_tta{ this, "TTA", true, "average the model's symmetry copies (test-time augmentation)" };
  Gaudi::Property<bool>   m_skipBadRows{ this, "SkipBadRows", false,
                                       "give NaN scores to objects the model cannot score instead of failing" };
  Gaudi::Property<std::string> m_precision{
      this, "Precision", "float32",
      "float32 (the exact reference) or bf16 (opt-in: the layers in bfloat16 on AMX-BF16 tiles, scores within a few "
      "1e-3; about 2x faster on blocks, 0.96-1.2x per event; needs TTA)" };
  Gaudi::Property<bool> m_weightsPerThread{
      this, "WeightsPerThread", true,
      "each thread scores with its own copy of the ensemble's arranged weights (about 2 MB for 10 members of width "
      "33; threads sharing one copy scored about 8% slower per event); False: one copy" };

  std::unique_ptr<const sieve::score::EventScorer> m_scorer; // set in initialize(), then immutable
  mutable tbb::enumerable_thread_specific<std::unique_ptr<sieve::score::ScorerWorkspace>> m_workspaces;

  mutable Gaudi::Accumulators::Counter<> m_events{ this, "Events" };
  mutable Gaudi::Accumulators::Counter<> m_skippedRows{ this, "Skipped rows" };
};

DECLARE_COMPONENT( SieveScoreTransformer )
