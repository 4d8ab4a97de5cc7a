# A cmsRun configuration: score the rows of a NanoAOD-style table with Sieve and write the
# scores beside them. Run in a CMSSW area with the package built (see adapters/README.md):
#   cmsRun sieveFlatTable_cfg.py inputFiles=file:events.root model=MyAnalysis/MyPackage/data/my.model
# The stand-in job that the tests run is sieveScoreDemo.job (the stand-in has no Python).
import FWCore.ParameterSet.Config as cms
from FWCore.ParameterSet.VarParsing import VarParsing

options = VarParsing("analysis")
options.register("model", "", VarParsing.multiplicity.singleton, VarParsing.varType.string,
                 "Sieve model file, relative to CMSSW_SEARCH_PATH")
options.register("table", "higgsCandidateTable", VarParsing.multiplicity.singleton, VarParsing.varType.string,
                 "label of the nanoaod::FlatTable to score")
options.parseArguments()

process = cms.Process("SIEVE")
process.options.numberOfThreads = 4
process.options.numberOfStreams = 0  # one stream per thread
process.maxEvents.input = options.maxEvents
process.source = cms.Source("PoolSource", fileNames=cms.untracked.vstring(options.inputFiles))

from PhysicsTools.SieveScore.sieveFlatTableProducer_cfi import sieveFlatTableProducer

process.sieveScores = sieveFlatTableProducer.clone(
    model=options.model,
    src=options.table,
    variations=["nominal", "tes_up", "tes_down", "jes_up", "jes_down", "soft_met"],
)

process.out = cms.OutputModule(
    "NanoAODOutputModule",
    fileName=cms.untracked.string(options.outputFile),
    outputCommands=cms.untracked.vstring("drop *", "keep nanoaodFlatTable_*Table_*_*",
                                         "keep nanoaodFlatTable_sieveScores_*_*"),
)
process.p = cms.Path(process.sieveScores)
process.e = cms.EndPath(process.out)
