#!/usr/bin/env python3
"""Draws the technique table of `sieve ablate` (tools/plot/src/ablation_plot.cpp) as a PNG.

    python3 ablation_plot.py SPEC.json OUT.png

SPEC holds a title and the rows (index, label, kept, auc, auc_std, ams, ams_std,
train_seconds, test_us). Four panels share the rows: AUC and AMS with their spread over
seeds as error bars, the training time per fold and the test time per event as bars.
Rows the paper tried and dropped are drawn in grey. Needs Debian's python3-matplotlib.
"""
import math
import sys

import plot_script


def draw(plt, spec, out_path):
    rows = spec["rows"]
    if not rows:
        sys.exit("no row has results to draw")
    ys = list(range(len(rows)))[::-1]
    names = ["%d  %s" % (r["index"], r["label"]) for r in rows]
    colours = ["#1f77b4" if r["kept"] else "#9a9a9a" for r in rows]

    def value(v):
        return v if v is not None and math.isfinite(v) else math.nan

    def spread(v):
        return v if v is not None and math.isfinite(v) else 0.0

    height = 1.6 + 0.38 * len(rows)
    fig, axes = plt.subplots(1, 4, figsize=(17, height), dpi=100, sharey=True)
    for ax, key, label in ((axes[0], "auc", "weighted ROC AUC"), (axes[1], "ams", "AMS at the cut")):
        for y, r, c in zip(ys, rows, colours):
            ax.errorbar(value(r[key]), y, xerr=spread(r[key + "_std"]), fmt="o", color=c, capsize=3)
        ax.set_xlabel(label + "\n(mean +- std over seeds)")
        ax.grid(True, axis="x", alpha=0.3)
    for ax, key, label in ((axes[2], "train_seconds", "training time, s per fold"),
                           (axes[3], "test_us", "test time, us per event")):
        ax.barh(ys, [value(r[key]) for r in rows], height=0.6, color=colours)
        ax.set_xlabel(label)
        ax.grid(True, axis="x", alpha=0.3)
    axes[0].set_yticks(ys)
    axes[0].set_yticklabels(names)
    fig.suptitle(spec["title"] + "  (grey: tried and dropped)")
    fig.tight_layout()
    fig.savefig(out_path, format="png", dpi=100)


if __name__ == "__main__":
    plot_script.run(__doc__, draw)
