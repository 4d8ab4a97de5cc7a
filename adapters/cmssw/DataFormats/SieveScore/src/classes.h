// Dictionaries of the Sieve types that SieveScoreProducer and SieveScoreStreamProducer
// exchange as event products (scram generates them from classes_def.xml).
#include "DataFormats/Common/interface/Wrapper.h"
#include "sieve/score/event_products.hpp"
