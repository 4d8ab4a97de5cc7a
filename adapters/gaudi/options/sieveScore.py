# GaudiConfig2 options: read a CSV ntuple with the SieveCsvEventReader algorithm and score
# it with SieveScoreTransformer on the Hive event loop (run with `gaudirun.py
# sieveScore.py:main` in a Gaudi project, or with build/bin/sieve-gaudi-demo --options
# sieveScore.py here; the demo's --model, --in, --out, --variations and --threads override
# the values below).
from GaudiConfig2 import Configurables as C


def main():
    # The inputs come from a producer algorithm, as in any Hive job: no event selector
    # (EvtSel = "NONE"). It reads the model's columns and ends the run at the end of the file.
    reader = C.SieveCsvEventReader(
        "EventReader",
        Input="data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz",
        ModelPath="tests/data/golden-format1.model",
        Inputs="/Event/Sieve/Inputs",
        Entry="/Event/Sieve/Entry",
    )

    scorer = C.SieveScoreTransformer(
        "SieveScore",
        Input="/Event/Sieve/Inputs",
        Output="/Event/Sieve/Scores",
        ModelPath="tests/data/golden-format1.model",
        Variations=["nominal"],
        TesSize=0.03,
        JesSize=0.03,
        SoftMetSigma=3.0,
        TTA=True,
        SkipBadRows=False,
        Precision="float32",  # or "bf16" (opt-in, AMX-BF16)
        WeightsPerThread=True,  # each thread its own copy of the arranged weights
    )

    writer = C.SieveScoresCsvWriter(
        "ScoresWriter",
        Scores="/Event/Sieve/Scores",
        Output="sieve-gaudi-scores.csv",
        IdColumn="EventId",  # the model's id column, as `sieve score` names it
        Variations=["nominal"],
    )

    # The Hive event loop: slots processed concurrently by the Avalanche scheduler.
    whiteboard = C.HiveWhiteBoard("EventDataSvc", EventSlots=2)
    scheduler = C.AvalancheSchedulerSvc(ThreadPoolSize=2)
    eventloop = C.HiveSlimEventLoopMgr("HiveSlimEventLoopMgr", SchedulerName="AvalancheSchedulerSvc")
    app = C.ApplicationMgr(
        EvtMax=-1,
        EvtSel="NONE",
        EventLoop="HiveSlimEventLoopMgr",
        TopAlg=[reader, scorer, writer],
        ExtSvc=[whiteboard],
    )
    return [app, whiteboard, scheduler, eventloop, reader, scorer, writer]
