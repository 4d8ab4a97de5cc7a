// SieveScoreTransformer on the Gaudi stand-in: output bit-identical to `sieve score` for
// any number of threads and event slots, Gaudi's lifecycle with one reentrant instance,
// counters, and clear configuration errors.
#define BOOST_TEST_MODULE gaudi_adapter
#include <boost/test/unit_test.hpp>

#include "Gaudi/Functional/MultiTransformer.h"
#include "Gaudi/standin/Application.h"
#include "Gaudi/standin/IEventReader.h"

#include "fair_universe_model.hpp"
#include "small_recipe.hpp"
#include "temp_dir.hpp"
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
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

  const std::string kSource   = SIEVE_SOURCE_DIR;
  const std::string kEvents   = kSource + "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";
  const std::string kModel    = kSource + "/tests/data/golden-format1.model";
  const std::string kOptions  = kSource + "/adapters/gaudi/options/sieveScore.py";
#if defined( __SANITIZE_THREAD__ )
  const long kEventsToRun = 3000; // ThreadSanitizer runs ~20x slower
#else
  const long kEventsToRun = -1;
#endif

  // The shipped options with the usual overrides.
  Gaudi::standin::Options options( const std::string& out, int threads,
                                   const std::vector<std::string>& variations = { "nominal" },
                                   const std::string&              events     = kEvents ) {
    Gaudi::standin::Options o = Gaudi::standin::readOptions( kOptions );
    o.find( "EventReader" )->set( "Input", Gaudi::standin::pythonRepr( events ) );
    o.find( "EventReader" )->set( "ModelPath", Gaudi::standin::pythonRepr( kModel ) );
    o.find( "SieveScore" )->set( "ModelPath", Gaudi::standin::pythonRepr( kModel ) );
    o.find( "SieveScore" )->set( "Variations", Gaudi::standin::pythonRepr( variations ) );
    o.find( "ScoresWriter" )->set( "Variations", Gaudi::standin::pythonRepr( variations ) );
    o.find( "ScoresWriter" )->set( "Output", Gaudi::standin::pythonRepr( out ) );
    o.find( "EventDataSvc" )->set( "EventSlots", std::to_string( threads ) );
    o.find( "AvalancheSchedulerSvc" )->set( "ThreadPoolSize", std::to_string( threads ) );
    o.find( "ApplicationMgr" )->set( "EvtMax", std::to_string( kEventsToRun ) );
    o.components.push_back( { "MessageSvc", "MessageSvc", 0, { { "OutputLevel", "4" } } } );
    return o;
  }

  std::string input( const sieve::test::TempDir& dir ) {
    if ( kEventsToRun < 0 ) return kEvents;
    const std::string path = dir.file( "subset.csv" );
    if ( !std::ifstream( path ) ) {
      const sieve::data::Table all = sieve::data::read_table( kEvents );
      std::vector<std::uint32_t> rows( static_cast<std::size_t>( kEventsToRun ) );
      for ( std::uint32_t i = 0; i < rows.size(); ++i ) rows[i] = i;
      sieve::data::write_table( path, sieve::data::select_rows( all, rows ) );
    }
    return path;
  }

  std::string reference( const sieve::test::TempDir& dir, const std::vector<std::string>& variations,
                         sieve::nn::Precision precision = sieve::nn::Precision::Float32 ) {
    const std::string path = dir.file( "reference-" + sieve::nn::to_string( precision ) + ".csv" );
    sieve::score::FileScoreOptions o;
    std::string names;
    for ( const auto& v : variations ) {
      if ( !names.empty() ) names += ",";
      names += v;
    }
    o.scorer.variations = sieve::physics::parse_variations( names );
    o.scorer.precision  = precision;
    o.threads           = 1;
    sieve::score::score_file( sieve::io::load_model( kModel ), input( dir ), path, o );
    return sieve::test::read_bytes( path );
  }

  // The message of the GaudiException a job throws and the errors it logged, or "" when
  // it runs.
  std::string failure( Gaudi::standin::Options o ) {
    std::ostringstream logged;
    std::streambuf*    saved = std::cerr.rdbuf( logged.rdbuf() );
    std::string        text;
    try {
      Gaudi::standin::Application app( std::move( o ) );
      app.run();
    } catch ( const GaudiException& e ) { text = e.tag() + " : " + e.message() + "\n" + logged.str(); }
    std::cerr.rdbuf( saved );
    BOOST_TEST_MESSAGE( text );
    return text;
  }

  bool has( const std::string& text, const std::string& part ) {
    if ( text.find( part ) == std::string::npos ) BOOST_TEST_MESSAGE( "missing: " << part );
    return text.find( part ) != std::string::npos;
  }

  unsigned long counter( const Gaudi::Algorithm& alg, const std::string& name ) {
    for ( const auto* c : alg.counters() )
      if ( c->name() == name ) return c->nEntries();
    BOOST_FAIL( "no counter " + name );
    return 0;
  }

  // A test job's reader: events made up from the real ones, put where the demo's reader
  // puts them; readNext gives each event's identity and ends the run.
  struct TestReader : Gaudi::Functional::MultiTransformer<std::tuple<sieve::score::EventInputs, std::uint64_t>(
                          const EventContext& )>,
                      Gaudi::standin::IEventReader {
    TestReader( const std::string& name, ISvcLocator* svcLoc )
        : MultiTransformer( name, svcLoc,
                            { KeyValue{ "Inputs", "/Event/Sieve/Inputs" }, KeyValue{ "Entry", "/Event/Sieve/Entry" } } ) {}
  };

  // Three events of three objects each, the middle object of the second event unscorable.
  struct BadRowReader final : TestReader {
    using TestReader::TestReader;
    bool readNext( const EventContext& ctx, EventIDBase& id ) override {
      if ( ctx.evt() == 3 ) return false;
      id = EventIDBase( 1, 1000 + ctx.evt(), EventIDBase::UNDEFNUM, 0, 1 );
      return true;
    }
    std::tuple<sieve::score::EventInputs, std::uint64_t> operator()( const EventContext& ctx ) const override {
      const auto&               t = sieve::test::real_events();
      sieve::score::EventInputs in;
      in.columns  = t.feature_names.size();
      in.event_id = static_cast<std::int64_t>( 1000 + ctx.evt() );
      for ( std::size_t o = 0; o < 3; ++o )
        for ( const auto& col : t.features ) in.values.push_back( col[3 * ctx.evt() + o] );
      if ( ctx.evt() == 1 ) in.values[1 * in.columns + 22] = 7.0f; // PRI_jet_num
      return { std::move( in ), ctx.evt() };
    }
  };

  // One real event twice, with the same event number in runs 1 and 2.
  struct TwoRunsReader final : TestReader {
    using TestReader::TestReader;
    bool readNext( const EventContext& ctx, EventIDBase& id ) override {
      if ( ctx.evt() == 2 ) return false;
      id = EventIDBase( static_cast<EventIDBase::number_type>( 1 + ctx.evt() ), 4242, EventIDBase::UNDEFNUM, 0, 1 );
      return true;
    }
    std::tuple<sieve::score::EventInputs, std::uint64_t> operator()( const EventContext& ctx ) const override {
      const auto&               t = sieve::test::real_events();
      sieve::score::EventInputs in;
      in.columns  = t.feature_names.size();
      in.event_id = 4242;
      for ( const auto& col : t.features ) in.values.push_back( col[0] );
      return { std::move( in ), ctx.evt() };
    }
  };

  DECLARE_COMPONENT( BadRowReader )
  DECLARE_COMPONENT( TwoRunsReader )

  std::vector<std::string> fields( const std::string& line ) {
    std::vector<std::string> out;
    std::stringstream        in( line );
    for ( std::string f; std::getline( in, f, ',' ); ) out.push_back( f );
    return out;
  }

} // namespace

// Real event numbers repeat across runs: the soft-MET draws follow the context's full
// EventIDBase (run, luminosity block, event), so the same number in another run draws
// differently; the nominal score, which draws nothing, is the same.
BOOST_AUTO_TEST_CASE( soft_met_draws_follow_the_full_event_id ) {
  sieve::test::TempDir dir;
  const std::string    out = dir.file( "out.csv" );
  auto o = options( out, 1, { "nominal", "soft_met" } );
  o.find( "ApplicationMgr" )->set( "TopAlg", "['TwoRunsReader', 'SieveScore', 'ScoresWriter']" );
  Gaudi::standin::Application app( std::move( o ) );
  app.run();
  std::stringstream        text( sieve::test::read_bytes( out ) );
  std::vector<std::string> lines;
  for ( std::string l; std::getline( text, l ); ) lines.push_back( l );
  BOOST_TEST_REQUIRE( lines.size() == 3u );
  const auto run1 = fields( lines[1] ), run2 = fields( lines[2] );
  BOOST_TEST_REQUIRE( run1.size() == 3u );
  BOOST_TEST_REQUIRE( run2.size() == 3u );
  BOOST_TEST( run1[0] == run2[0] ); // the same event number
  BOOST_TEST( run1[1] == run2[1] ); // nominal
  BOOST_TEST( run1[2] != run2[2] ); // soft_met
}

BOOST_AUTO_TEST_CASE( output_is_bit_identical_to_sieve_score_for_1_2_4_and_8_threads ) {
  sieve::test::TempDir dir;
  for ( const auto& variations :
        { std::vector<std::string>{ "nominal" }, std::vector<std::string>{ "nominal", "tes_up", "jes_down", "soft_met" } } ) {
    const std::string expected = reference( dir, variations );
    for ( int threads : { 1, 2, 4, 8 } ) {
      BOOST_TEST_CONTEXT( threads << " threads and slots, " << variations.size() << " variations" ) {
        const std::string            out = dir.file( "out.csv" );
        Gaudi::standin::Application app( options( out, threads, variations, input( dir ) ) );
        app.run();
        BOOST_TEST( app.eventSlots() == static_cast<std::size_t>( threads ) );
        BOOST_TEST( sieve::test::read_bytes( out ) == expected );
      }
    }
    // One copy of the arranged weights for the job instead of one per thread.
    BOOST_TEST_CONTEXT( "WeightsPerThread = False, " << variations.size() << " variations" ) {
      const std::string         out = dir.file( "out.csv" );
      Gaudi::standin::Options o   = options( out, 2, variations, input( dir ) );
      o.find( "SieveScore" )->set( "WeightsPerThread", "False" );
      Gaudi::standin::Application app( o );
      app.run();
      BOOST_TEST( sieve::test::read_bytes( out ) == expected );
    }
  }
}

// bf16 is opt-in (Precision = 'bf16'): the job's scores are then `sieve score --precision
// bf16`'s, byte for byte, whatever the slots; on a CPU without AMX-BF16 the job stops in
// initialize() saying so.
BOOST_AUTO_TEST_CASE( bf16_scores_are_opt_in_and_those_of_sieve_score ) {
  sieve::test::TempDir           dir;
  const std::string              out = dir.file( "out.csv" );
  const std::vector<std::string> variations{ "nominal", "jes_up" };
  auto                           bf16_job = [&]( int threads ) {
    auto o = options( out, threads, variations, input( dir ) );
    o.find( "SieveScore" )->set( "Precision", "'bf16'" );
    return o;
  };
  if ( !sieve::nn::precision_supported( sieve::nn::Precision::BFloat16 ) ) {
    BOOST_TEST_MESSAGE( "this CPU or build has no AMX-BF16: only the refusal is checked" );
    BOOST_TEST( has( failure( bf16_job( 2 ) ), "precision bf16 needs" ) );
    return;
  }
  const std::string expected = reference( dir, variations, sieve::nn::Precision::BFloat16 );
  BOOST_TEST( expected != reference( dir, variations ) ); // bf16 is not float32
  for ( int threads : { 1, 2, 4 } ) {
    BOOST_TEST_CONTEXT( threads << " threads and slots" ) {
      BOOST_TEST( failure( bf16_job( threads ) ) == "" );
      BOOST_TEST( sieve::test::read_bytes( out ) == expected );
    }
  }
}

// A model of another dataset than HiggsML (FAIR-Universe: other names, -25 for undefined
// values, no id column) needs no names in the job: the reader reads the model's columns,
// the transformer binds them by default, and the scores are `sieve score`'s, the soft-MET
// draws keyed by the entry as `sieve score` keys a file without ids (which it names "row"
// as the writer does when told so), byte for byte.
BOOST_AUTO_TEST_CASE( a_fair_universe_model_runs_with_the_default_input_names ) {
  sieve::test::TempDir dir;
  const std::string    model = dir.file( "fair.model" ), out = dir.file( "out.csv" );
  sieve::test::write_fair_universe_model( model );
  const std::vector<std::string> variations{ "nominal", "tes_up", "jes_down", "soft_met" };
  auto o = options( out, 2, variations, sieve::test::kFairUniverseEvents );
  o.find( "EventReader" )->set( "ModelPath", Gaudi::standin::pythonRepr( model ) );
  o.find( "SieveScore" )->set( "ModelPath", Gaudi::standin::pythonRepr( model ) );
  o.find( "ScoresWriter" )->set( "IdColumn", "'row'" );
  BOOST_TEST( failure( std::move( o ) ) == "" );

  const std::string                reference = dir.file( "reference.csv" );
  sieve::score::FileScoreOptions   fso;
  fso.scorer.variations = sieve::physics::parse_variations( "nominal,tes_up,jes_down,soft_met" );
  sieve::score::score_file( sieve::io::load_model( model ), sieve::test::kFairUniverseEvents, reference, fso );
  const std::string expected = sieve::test::read_bytes( reference ), written = sieve::test::read_bytes( out );
  const std::string header   = "score_nominal,score_tes_up,score_jes_down,score_soft_met\n";
  BOOST_TEST( expected.rfind( "row," + header, 0 ) == 0u );
  BOOST_TEST( written == expected );
  BOOST_TEST( std::count( written.begin(), written.end(), '\n' ) == 1001 );
}

BOOST_AUTO_TEST_CASE( one_reentrant_instance_serves_every_slot_through_the_lifecycle ) {
  sieve::test::TempDir         dir;
  auto                         o = options( dir.file( "out.csv" ), 4 );
  o.find( "ApplicationMgr" )->set( "EvtMax", "500" );
  Gaudi::standin::Application app( std::move( o ) );
  app.run();
  BOOST_TEST( app.eventsProcessed() == 500 );
  BOOST_TEST( app.counts( "EventReader" ).execute == 500 ); // EvtMax stops the reader
  const auto& c = app.counts( "SieveScore" );
  BOOST_TEST( c.constructed == 1 ); // one instance for 4 slots: reentrant, the model loaded once
  BOOST_TEST( c.initialize == 1 );
  BOOST_TEST( c.start == 1 );
  BOOST_TEST( c.execute == 500 );
  BOOST_TEST( c.stop == 1 );
  BOOST_TEST( c.finalize == 1 );
  const Gaudi::Algorithm& alg = *app.algorithm( "SieveScore" );
  BOOST_TEST( alg.isReEntrant() );
  BOOST_TEST( counter( alg, "Events" ) == 500u );
  BOOST_TEST( counter( alg, "Skipped rows" ) == 0u );
}

BOOST_AUTO_TEST_CASE( bad_rows_fail_the_event_or_are_skipped_and_counted ) {
  sieve::test::TempDir dir;
  auto                 failing = options( dir.file( "out.csv" ), 2 );
  // The demo writer takes one object per event.
  failing.find( "ApplicationMgr" )->set( "TopAlg", "['BadRowReader', 'SieveScore']" );
  std::string e = failure( std::move( failing ) );
  BOOST_TEST( has( e, "SieveScore failed" ) );
  BOOST_TEST( has( e, "event 1001, object 1: PRI_jet_num must be an integer in 0..3, got 7" ) );

  auto o = options( dir.file( "out.csv" ), 2 );
  o.find( "SieveScore" )->set( "SkipBadRows", "True" );
  o.find( "ApplicationMgr" )->set( "TopAlg", "['BadRowReader', 'SieveScore']" );
  Gaudi::standin::Application app( std::move( o ) );
  app.run();
  BOOST_TEST( counter( *app.algorithm( "SieveScore" ), "Events" ) == 3u );
  BOOST_TEST( counter( *app.algorithm( "SieveScore" ), "Skipped rows" ) == 1u );
}

// ModelPath as Gaudi users give files: ${VAR} and $VAR expanded, then DATAPATH searched.
BOOST_AUTO_TEST_CASE( the_model_path_expands_variables_and_searches_datapath ) {
  sieve::test::TempDir dir;
  const std::string    out     = dir.file( "out.csv" );
  const std::string    dataDir = kSource + "/tests/data";
  auto                 runs    = [&]( const std::string& modelPath ) {
    auto o = options( out, 1 );
    o.find( "SieveScore" )->set( "ModelPath", Gaudi::standin::pythonRepr( modelPath ) );
    return failure( std::move( o ) );
  };
  ::setenv( "SIEVE_TEST_MODELS", dataDir.c_str(), 1 );
  BOOST_TEST( runs( "${SIEVE_TEST_MODELS}/golden-format1.model" ) == "" );
  BOOST_TEST( runs( "$SIEVE_TEST_MODELS/golden-format1.model" ) == "" );
  ::unsetenv( "DATAPATH" );
  std::string e = runs( "golden-format1.model" );
  BOOST_TEST( has( e, "cannot find the model file 'golden-format1.model' (ModelPath 'golden-format1.model'), "
                      "neither as given nor in DATAPATH (not set)" ) );
  ::setenv( "DATAPATH", ( "/nonexistent:" + dataDir ).c_str(), 1 );
  BOOST_TEST( runs( "golden-format1.model" ) == "" );
  e = runs( "$SIEVE_NO_SUCH_VARIABLE/golden-format1.model" );
  BOOST_TEST( has( e, "ModelPath '$SIEVE_NO_SUCH_VARIABLE/golden-format1.model' uses an environment variable "
                      "that is not set" ) );
  ::unsetenv( "DATAPATH" );
  ::unsetenv( "SIEVE_TEST_MODELS" );
}

BOOST_AUTO_TEST_CASE( configuration_errors_are_clear ) {
  sieve::test::TempDir dir;
  const std::string    out  = dir.file( "out.csv" );
  auto                 with = [&]( const std::string& property, const std::string& repr ) {
    auto o = options( out, 2 );
    o.find( "SieveScore" )->set( property, repr );
    return o;
  };

  std::string e = failure( with( "ModelPath", "'no/such.model'" ) );
  BOOST_TEST( has( e, "Failed to initialize SieveScore" ) );
  BOOST_TEST( has( e, "no/such.model" ) );

  const std::string garbage = dir.write( "garbage.model", "SIEVE-MODEL 1\nthis is not a model\n" );
  e = failure( with( "ModelPath", Gaudi::standin::pythonRepr( garbage ) ) );
  BOOST_TEST( has( e, "Failed to initialize SieveScore" ) );
  BOOST_TEST( has( e, garbage ) );

  std::vector<std::string> names = sieve::data::higgsml_schema().columns;
  names[3]                       = "DER_pt_hh";
  e = failure( with( "InputNames", Gaudi::standin::pythonRepr( names ) ) );
  BOOST_TEST( has( e, "cannot bind the input columns to the model: missing DER_pt_h; unknown DER_pt_hh" ) );

  e = failure( with( "Variations", "['nominal', 'tes_upp']" ) );
  BOOST_TEST( has( e, "unknown systematic variation 'tes_upp'" ) );

  e = failure( with( "Precision", "'fp16'" ) );
  BOOST_TEST( has( e, "unknown precision 'fp16' (known: float32, bf16)" ) );

  e = failure( with( "TTA", "'yes'" ) );
  BOOST_TEST( has( e, "cannot set property 'TTA'" ) );
  BOOST_TEST( has( e, "cannot parse ''yes'' to bool" ) );

  e = failure( with( "Variations", "'nominal'" ) ); // a string where a list is expected
  BOOST_TEST( has( e, "cannot parse ''nominal'' to std::vector<std::string>" ) );

  e = failure( with( "Varations", "['nominal']" ) );
  BOOST_TEST( has( e, "'SieveScoreTransformer' has no property 'Varations'" ) );

  // An input nobody produces: the scheduler's FATAL at initialize, before any event.
  e = failure( with( "Input", "'/Event/Nothing'" ) );
  BOOST_TEST( has( e, "AvalancheSchedulerSvc : Auto DataLoading not requested, and the following unmet INPUT "
                      "dependencies were found:\n   o '/Event/Nothing'    required by Algorithm: \n       * SieveScore" ) );
}

// The inputs come from a producer algorithm, as in a Hive job: the scheduler counts only
// algorithm outputs as produced, so a job without the reader fails at initialize with the
// AvalancheSchedulerSvc's FATAL, naming every unmet location and the algorithms needing it.
BOOST_AUTO_TEST_CASE( a_job_without_the_reader_algorithm_fails_with_the_schedulers_unmet_inputs ) {
  sieve::test::TempDir dir;
  auto                 with = [&]( const std::string& property, const std::string& repr ) {
    auto o = options( dir.file( "out.csv" ), 2 );
    o.find( "ApplicationMgr" )->set( property, repr );
    return o;
  };
  std::string e = failure( with( "TopAlg", "['SieveScore', 'ScoresWriter']" ) );
  BOOST_TEST( has( e, "AvalancheSchedulerSvc : Auto DataLoading not requested, and the following unmet INPUT "
                      "dependencies were found:\n"
                      "   o '/Event/Sieve/Inputs'    required by Algorithm: \n       * SieveScore\n       * ScoresWriter\n"
                      "   o '/Event/Sieve/Entry'    required by Algorithm: \n       * ScoresWriter\n" ) );

  // The stand-in's event loop takes the events' identities and end from one reader.
  e = failure( with( "TopAlg", "[]" ) );
  BOOST_TEST( has( e, "ApplicationMgr : no algorithm reads the events" ) );
  e = failure( with( "TopAlg", "['EventReader', 'TwoRunsReader', 'SieveScore']" ) );
  BOOST_TEST( has( e, "two algorithms read the events: EventReader and TwoRunsReader" ) );
  e = failure( with( "EvtSel", "'EventSelector'" ) );
  BOOST_TEST( has( e, "EvtSel = 'EventSelector': the stand-in has no event selector" ) );
}

// The Hive event loop as Gaudi runs it: the algorithms of an event in data-flow order
// whatever the TopAlg order, the slots concurrent only with HiveSlimEventLoopMgr.
BOOST_AUTO_TEST_CASE( the_scheduler_follows_the_data_flow_and_the_event_loop ) {
  sieve::test::TempDir dir;
  const std::string    out      = dir.file( "out.csv" );
  const std::string    expected = reference( dir, { "nominal" } );

  auto reversed = options( out, 2, { "nominal" }, input( dir ) );
  reversed.find( "ApplicationMgr" )->set( "TopAlg", "['ScoresWriter', 'SieveScore', 'EventReader']" );
  Gaudi::standin::Application app( std::move( reversed ) );
  app.run();
  BOOST_TEST( app.eventSlots() == 2u );
  BOOST_TEST( sieve::test::read_bytes( out ) == expected );

  auto sequential = options( out, 2, { "nominal" }, input( dir ) );
  sequential.find( "ApplicationMgr" )->set( "EventLoop", "'EventLoopMgr'" );
  Gaudi::standin::Application one( std::move( sequential ) );
  one.run();
  BOOST_TEST( one.eventSlots() == 1u ); // Gaudi's default event loop: one event at a time
  BOOST_TEST( one.threads() == 1u );
  BOOST_TEST( sieve::test::read_bytes( out ) == expected );

  auto other = options( out, 2 );
  other.find( "HiveSlimEventLoopMgr" )->set( "SchedulerName", "'ParallelSchedulerSvc'" );
  BOOST_TEST( has( failure( std::move( other ) ), "Failed to retrieve the scheduler 'ParallelSchedulerSvc'" ) );
}

BOOST_AUTO_TEST_CASE( the_options_file_reads_as_gaudiconfig2_would_pass_it ) {
  const Gaudi::standin::Options o = Gaudi::standin::readOptions( kOptions );
  auto&                         mutable_o = const_cast<Gaudi::standin::Options&>( o );
  const auto*                   scorer    = mutable_o.find( "SieveScore" );
  BOOST_REQUIRE( scorer != nullptr );
  BOOST_TEST( scorer->type == "SieveScoreTransformer" );
  BOOST_TEST( *scorer->get( "Variations" ) == "['nominal']" );
  BOOST_TEST( *scorer->get( "TTA" ) == "True" );
  BOOST_TEST( *scorer->get( "TesSize" ) == "0.03" );
  BOOST_TEST( *mutable_o.find( "ApplicationMgr" )->get( "TopAlg" ) == "['EventReader', 'SieveScore', 'ScoresWriter']" );
  BOOST_TEST( *mutable_o.find( "ApplicationMgr" )->get( "EvtSel" ) == "'NONE'" );
  BOOST_TEST( mutable_o.find( "EventReader" )->type == "SieveCsvEventReader" );
  BOOST_TEST( *mutable_o.find( "ApplicationMgr" )->get( "EventLoop" ) == "'HiveSlimEventLoopMgr'" );
  BOOST_TEST( *mutable_o.find( "HiveSlimEventLoopMgr" )->get( "SchedulerName" ) == "'AvalancheSchedulerSvc'" );
}

// Found by fuzzing the options reader (fuzz/fuzz_job_files.cpp): a string list printed by
// Gaudi::Utils::toString quoted an item holding a single quote with single quotes, so it
// did not parse back.
BOOST_AUTO_TEST_CASE( a_string_list_property_prints_back_as_it_parses ) {
  std::vector<std::string> parsed;
  BOOST_TEST( Gaudi::Parsers::parse( parsed, "[\"it's\", 'say \"hi\"', 'plain']" ).isSuccess() );
  BOOST_TEST( parsed == ( std::vector<std::string>{ "it's", "say \"hi\"", "plain" } ) );
  std::vector<std::string> again;
  BOOST_TEST( Gaudi::Parsers::parse( again, Gaudi::Utils::toString( parsed ) ).isSuccess() );
  BOOST_TEST( again == parsed );
}
