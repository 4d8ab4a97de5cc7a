/*
 * The demo's output: a Consumer that writes each event's scores as the CSV of
 * `sieve score` (the event number, score_<variation>...), in input order whatever order the slots
 * finish in; the file is committed in finalize().
 */
#include "Gaudi/Functional/Consumer.h"
#include "Gaudi/Property.h"
#include "GaudiKernel/GaudiException.h"

#include "sieve/error.hpp"
#include "sieve/score/event_products.hpp"
#include "sieve/score/ordered_score_writer.hpp"

#include <cstdint>
#include <memory>

struct SieveScoresCsvWriter final
    : Gaudi::Functional::Consumer<void( const sieve::score::EventScores&, const sieve::score::EventInputs&,
                                        const std::uint64_t& )> {
  SieveScoresCsvWriter( const std::string& name, ISvcLocator* svcLoc )
      : Consumer( name, svcLoc,
                  { KeyValue{ "Scores", "/Event/Sieve/Scores" }, KeyValue{ "Inputs", "/Event/Sieve/Inputs" },
                    KeyValue{ "Entry", "/Event/Sieve/Entry" } } ) {}

  StatusCode initialize() override {
    return Consumer::initialize().andThen( [&] {
      m_writer = std::make_unique<sieve::score::OrderedScoreWriter>( m_output, m_idColumn, m_variations );
    } );
  }

  void operator()( const sieve::score::EventScores& scores, const sieve::score::EventInputs& inputs,
                   const std::uint64_t& entry ) const override {
    if ( scores.objects() != 1 )
      throw GaudiException( "writes one object per event, got " + std::to_string( scores.objects() ), name(),
                            StatusCode::FAILURE );
    m_writer->add( entry, inputs.event_id, scores.values );
  }

  StatusCode finalize() override {
    if ( m_writer ) m_writer->commit();
    return Consumer::finalize();
  }

private:
  Gaudi::Property<std::string>              m_output{ this, "Output", "scores.csv", "output CSV (.gz: gzip)" };
  Gaudi::Property<std::string>              m_idColumn{
      this, "IdColumn", "event",
      "name of the event-number column (`sieve score` writes the schema's id column, or row)" };
  Gaudi::Property<std::vector<std::string>> m_variations{ this, "Variations", { "nominal" },
                                                         "names of the score columns" };
  std::unique_ptr<sieve::score::OrderedScoreWriter> m_writer;
};

DECLARE_COMPONENT( SieveScoresCsvWriter )
