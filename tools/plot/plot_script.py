"""What the plot scripts of `sieve` share: the command line (SPEC.json OUT.png), Debian's
matplotlib without a display, and the spec read from JSON.

    plot_script.run(__doc__, draw)   # draw(plt, spec, out_path)
"""
import json
import sys


def run(usage, draw):
    if len(sys.argv) != 3:
        sys.exit(usage)
    spec_path, out_path = sys.argv[1], sys.argv[2]
    try:
        import matplotlib
    except ImportError:
        sys.exit("matplotlib is not installed (apt-get install python3-matplotlib)")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    draw(plt, spec, out_path)
