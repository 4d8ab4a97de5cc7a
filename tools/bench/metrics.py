"""Figures of merit recomputed by the driver from each tool's per-event scores (pure Python), so
that the three tools' curves come from one implementation: weighted ROC curve and AUC, AMS
(b_r = 10) at a cut and as a function of the cut, with weights rescaled per class."""
import math

SIGNAL_TOTAL = 691.988608       # Kaggle training set: total signal weight
BACKGROUND_TOTAL = 410999.847322  # and total background weight
B_REG = 10.0


def rescale(labels, weights, signal_total=SIGNAL_TOTAL, background_total=BACKGROUND_TOTAL):
    """Weights scaled per class so that signal sums to signal_total and background to background_total."""
    s = sum(w for y, w in zip(labels, weights) if y == 1)
    b = sum(w for y, w in zip(labels, weights) if y == 0)
    return [w * (signal_total / s if y == 1 else background_total / b) for y, w in zip(labels, weights)]


def ams(s, b, b_reg=B_REG):
    """Approximate median significance with regularisation b_reg."""
    return math.sqrt(max(0.0, 2.0 * ((s + b + b_reg) * math.log(1.0 + s / (b + b_reg)) - s)))


def ams_at_cut(labels, scores, weights, cut):
    """AMS of the events with score >= cut."""
    s = sum(w for y, p, w in zip(labels, scores, weights) if y == 1 and p >= cut)
    b = sum(w for y, p, w in zip(labels, scores, weights) if y == 0 and p >= cut)
    return ams(s, b)


def _cumulative(labels, scores, weights):
    """(score, signal weight >= score, background weight >= score) at each distinct score, descending."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    points, s, b, i = [], 0.0, 0.0, 0
    while i < len(order):
        p = scores[order[i]]
        while i < len(order) and scores[order[i]] == p:
            j = order[i]
            if labels[j] == 1:
                s += weights[j]
            else:
                b += weights[j]
            i += 1
        points.append((p, s, b))
    return points


def roc(labels, scores, weights, max_points=400):
    """Weighted ROC: (auc, false positive rates, true positive rates), the curve thinned to about
    max_points points (the AUC uses every point; ties form one trapezoid)."""
    points = _cumulative(labels, scores, weights)
    s_tot, b_tot = points[-1][1], points[-1][2]
    fpr, tpr = [0.0], [0.0]
    auc = 0.0
    for _, s, b in points:
        x, y = b / b_tot, s / s_tot
        auc += (x - fpr[-1]) * (y + tpr[-1]) / 2.0
        fpr.append(x)
        tpr.append(y)
    step = max(1, len(fpr) // max_points)
    keep = list(range(0, len(fpr), step))
    if keep[-1] != len(fpr) - 1:
        keep.append(len(fpr) - 1)
    return auc, [fpr[k] for k in keep], [tpr[k] for k in keep]


def ams_curve(labels, scores, weights, lo=0.5, hi=1.0, n=201):
    """(cuts, AMS of score >= cut) on an even grid of n cuts in [lo, hi]."""
    points = _cumulative(labels, scores, weights)  # descending scores
    cuts = [lo + (hi - lo) * k / (n - 1) for k in range(n)]
    values, j, s, b = [], 0, 0.0, 0.0
    for c in reversed(cuts):  # descending cuts: accumulate events with score >= c
        while j < len(points) and points[j][0] >= c:
            _, s, b = points[j]
            j += 1
        values.append(ams(s, b))
    return cuts, list(reversed(values))


def mean_std(values):
    """Mean and sample standard deviation (None for fewer than two values)."""
    values = [v for v in values if v is not None]
    if not values:
        return None, None
    m = sum(values) / len(values)
    if len(values) < 2:
        return m, None
    return m, math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))
