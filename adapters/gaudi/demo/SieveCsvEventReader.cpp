/*
 * The demo's input: a producer algorithm that reads a CSV ntuple, one event per row, and
 * puts each event's inputs at /Event/Sieve/Inputs (a one-object EventInputs carrying the
 * event id) and its entry (row number) at /Event/Sieve/Entry. It reads the file as
 * `sieve score` does with the model at ModelPath: the model's raw columns (or Columns), in
 * the model's order, and the model schema's id column as the event id (the entry when the
 * file has none).
 *
 * It is the job's reader (Gaudi/standin/IEventReader.h): when the event loop starts an
 * event, readNext reads the next row and gives the event's identity (run 1, luminosity
 * block 1, the event id; score/event_key.hpp), and ends the run at the end of the file; the
 * const operator() hands the row read for that event to the event store. A real Gaudi job
 * would set EvtSel = "NONE" and EvtMax, and such a reader would call
 * IEventProcessor::stopRun() at the end of its file.
 */
#include "Gaudi/Functional/MultiTransformer.h"
#include "Gaudi/Property.h"
#include "Gaudi/standin/IEventReader.h"
#include "GaudiKernel/GaudiException.h"
#include "GaudiKernel/PathResolver.h"

#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/score/csv_event_source.hpp"
#include "sieve/spin_then_wait_mutex.hpp"
#include "sieve/score/event_products.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

struct SieveCsvEventReader final
    : Gaudi::Functional::MultiTransformer<std::tuple<sieve::score::EventInputs, std::uint64_t>( const EventContext& )>,
      Gaudi::standin::IEventReader {
  SieveCsvEventReader( const std::string& name, ISvcLocator* svcLoc )
      : MultiTransformer( name, svcLoc,
                          { KeyValue{ "Inputs", "/Event/Sieve/Inputs" }, KeyValue{ "Entry", "/Event/Sieve/Entry" } } ) {}

  StatusCode initialize() override {
    return MultiTransformer::initialize().andThen( [&] {
      if ( m_input.value().empty() ) throw GaudiException( "no input file: set Input", name(), StatusCode::FAILURE );
      const std::string model = System::PathResolver::find_file( m_modelPath, "DATAPATH" );
      if ( model.empty() )
        throw GaudiException( "cannot find the model file '" + m_modelPath.value() + "', neither as given nor in DATAPATH",
                              name(), StatusCode::FAILURE );
      try {
        const auto m = sieve::io::load_model( model );
        m_events     = std::make_unique<sieve::score::CsvEventSource>(
            m_input, m_columns.value().empty() ? m->pipeline.raw_columns : m_columns.value(), m->schema );
      } catch ( const sieve::ConfigError& e ) { throw GaudiException( e.what(), name(), StatusCode::FAILURE ); }
    } );
  }

  bool readNext( const EventContext& ctx, EventIDBase& id ) override {
    sieve::score::SourcedEvent event;
    try {
      if ( !m_events->next( event ) ) return false;
    } catch ( const sieve::ConfigError& e ) { throw GaudiException( e.what(), name(), StatusCode::FAILURE ); }
    id = EventIDBase( 1, static_cast<EventIDBase::event_number_t>( event.event_id ), EventIDBase::UNDEFNUM, 0, 1 );
    const std::lock_guard lock( m_mutex );
    m_read.emplace( ctx.evt(), std::move( event ) );
    return true;
  }

  std::tuple<sieve::score::EventInputs, std::uint64_t> operator()( const EventContext& ctx ) const override {
    const std::lock_guard lock( m_mutex );
    auto                  read = m_read.extract( ctx.evt() );
    if ( read.empty() )
      throw GaudiException( "no row was read for event " + std::to_string( ctx.evt() ), name(), StatusCode::FAILURE );
    return { std::move( read.mapped().inputs ), read.mapped().entry };
  }

private:
  Gaudi::Property<std::string> m_input{ this, "Input", "", "the CSV ntuple (plain or .gz), one event per row" };
  Gaudi::Property<std::string> m_modelPath{
      this, "ModelPath", "", "the model whose columns and id column are read (as given or found in DATAPATH)" };
  Gaudi::Property<std::vector<std::string>> m_columns{
      this, "Columns", {}, "the columns of each event's input row, in order (empty: the model's raw columns)" };

  std::unique_ptr<sieve::score::CsvEventSource> m_events; // made in initialize()
  // The rows read for the events in flight (one per slot), until their execute.
  mutable sieve::SpinThenWaitMutex                                        m_mutex;
  mutable std::map<EventContext::ContextEvt_t, sieve::score::SourcedEvent> m_read;
};

DECLARE_COMPONENT( SieveCsvEventReader )
