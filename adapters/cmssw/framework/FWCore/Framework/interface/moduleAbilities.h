#ifndef FWCore_Framework_moduleAbilities_h
#define FWCore_Framework_moduleAbilities_h
// Stand-in for the ability tags of CMSSW's global and stream modules.
namespace edm {

  // global modules: per-stream data of type C, made by beginStream(StreamID) const.
  template <typename C>
  struct StreamCache {};

  // stream modules: data of type C shared by the module's stream instances, made once
  // by the static initializeGlobalCache(ParameterSet const&).
  template <typename C>
  struct GlobalCache {};

  namespace standin {
    class ModuleAccess;  // the stand-in framework's door to the modules' private transitions
  }

}  // namespace edm

#endif
