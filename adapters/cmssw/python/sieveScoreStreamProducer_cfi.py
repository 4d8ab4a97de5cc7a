import FWCore.ParameterSet.Config as cms

sieveScoreStreamProducer = cms.EDProducer('SieveScoreStreamProducer',
  model = cms.required.FileInPath,
  inputNames = cms.vstring(),
  variations = cms.vstring('nominal'),
  tesSize = cms.double(0.03),
  jesSize = cms.double(0.03),
  softMetSigma = cms.double(3.0),
  tta = cms.bool(True),
  skipBadRows = cms.bool(False),
  precision = cms.string('float32'),
  weightsPerStream = cms.bool(True),
  src = cms.InputTag('sieveInputs'),
  scoresLabel = cms.string('')
)
