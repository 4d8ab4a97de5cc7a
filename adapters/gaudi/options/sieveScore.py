# GaudiConfig2 options: score a HiggsML CSV ntuple with SieveScoreTransformer on the Hive
# event loop (run with `gaudirun.py sieveScore.py:main` in a Gaudi project, or with
# build/bin/sieve-gaudi-demo --options sieveScore.py here; the demo's --model, --in, --out,
# --variations and --threads override the values below).
from GaudiConfig2 import Configurables as C


def main():
    selector = C.HiggsCsvEventSelector(
        "EventSelector",
        Input="data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz",
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
    )

    writer = C.SieveScoresCsvWriter(
        "ScoresWriter",
        Scores="/Event/Sieve/Scores",
        Output="sieve-gaudi-scores.csv",
        Variations=["nominal"],
    )

    # The Hive event loop: slots processed concurrently by the Avalanche scheduler.
    whiteboard = C.HiveWhiteBoard("EventDataSvc", EventSlots=2)
    scheduler = C.AvalancheSchedulerSvc(ThreadPoolSize=2)
    eventloop = C.HiveSlimEventLoopMgr("HiveSlimEventLoopMgr", SchedulerName="AvalancheSchedulerSvc")
    app = C.ApplicationMgr(
        EvtMax=-1,
        EvtSel="EventSelector",
        EventLoop="HiveSlimEventLoopMgr",
        TopAlg=[scorer, writer],
        ExtSvc=[whiteboard],
    )
    return [app, whiteboard, scheduler, eventloop, selector, scorer, writer]
