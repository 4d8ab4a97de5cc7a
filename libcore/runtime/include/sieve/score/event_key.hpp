#pragma once
// The key of an event's random draws (the soft-MET smearing, with the variation), from
// its full identity: event numbers repeat across runs, so a framework keys by (run,
// luminosity block, event), mixed into 64 bits. An ntuple that has only an event id (what
// `sieve score` reads) is run 1, luminosity block 1, CMSSW's first run and block, whose
// key is the event number itself: a framework job and `sieve score` on the same events
// draw the same. Two identities share a key with probability 2^-64.
#include <cstdint>

namespace sieve::score {

std::int64_t event_key(std::uint64_t run, std::uint64_t luminosity_block, std::uint64_t event);

} // namespace sieve::score
