#!/usr/bin/env python3
"""Draws one line plot that `sieve` describes (tools/plot/src/line_plot.cpp) as a PNG.

    python3 line_plot.py SPEC.json OUT.png

SPEC holds the size in pixels, the title, the axis labels, log or linear axes, optional
axis limits, the series (name, colour, x, y, points) and the dashed vertical markers
(x, label, colour). Non-finite points (null in JSON) and points <= 0 on a log axis break
the line, as matplotlib does for NaN. Needs Debian's python3-matplotlib.
"""
import math

import plot_script


def draw(plt, spec, out_path):
    dpi = 100
    fig, ax = plt.subplots(figsize=(spec["width"] / dpi, spec["height"] / dpi), dpi=dpi)

    def usable(v, log):
        return v is not None and math.isfinite(v) and (not log or v > 0)

    for s in spec["series"]:
        xs = [x if usable(x, spec["x_log"]) and usable(y, spec["y_log"]) else math.nan
              for x, y in zip(s["x"], s["y"])]
        ys = [y if usable(x, spec["x_log"]) and usable(y, spec["y_log"]) else math.nan
              for x, y in zip(s["x"], s["y"])]
        ax.plot(xs, ys, color=s["colour"], linewidth=2.0, label=s["name"] or None,
                marker="s" if s["points"] else None, markersize=4)
    for m in spec["markers"]:
        ax.axvline(m["x"], color=m["colour"], linestyle="--", linewidth=1.5, label=m["label"] or None)

    if spec["x_log"]:
        ax.set_xscale("log")
    if spec["y_log"]:
        ax.set_yscale("log")
    ax.set_xlim(left=spec["x_min"], right=spec["x_max"])
    if spec["y_min"] is not None or spec["y_max"] is not None:
        ax.set_ylim(bottom=spec["y_min"], top=spec["y_max"])
    ax.set_title(spec["title"])
    ax.set_xlabel(spec["x_label"])
    ax.set_ylabel(spec["y_label"])
    ax.grid(True, which="major", alpha=0.3)
    if spec["legend"] and ax.get_legend_handles_labels()[1]:
        ax.legend(loc="best", fontsize="small")
    fig.tight_layout()
    fig.savefig(out_path, format="png", dpi=dpi)


if __name__ == "__main__":
    plot_script.run(__doc__, draw)
