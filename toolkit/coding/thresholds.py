"""Decision thresholds of the code classifier: the F1-optimal cut on out-of-fold probabilities, the
threshold of a code that is never assigned, and how adapting a model moves thresholds toward the
study's own codings."""

from __future__ import annotations

import numpy as np

__all__ = ["NEVER", "OWN_SHRINK", "UNUSED_AFTER", "best_threshold", "logit", "never_assigned", "toward_own"]

NEVER = float(np.nextafter(1.0, 2.0))  # the threshold of a code that is not assigned (no probability reaches it)
# a code none of this many own coded segments has is not assigned: none in 100 puts its rate below 3%
# (95%, rule of three); with fewer, a rare code is often missing by chance (50 real excerpts: macro-F1
# over the codes present 0.466 -> 0.352 when such codes were dropped)
UNUSED_AFTER = 100
# When adapting with the base's training data, a code's threshold moves from the one chosen on all
# out-of-fold scores (mostly the base's data) toward the one that suits the own codings alone, by
# p / (p + OWN_SHRINK) in logit for a code with p own positives. Chosen on the tuning half of the real
# excerpts (5-fold, 50 / 100 / 155 own excerpts: 10 gave 0.330 / 0.328 / 0.327 macro-F1 against
# 0.336 / 0.325 / 0.313 without, 0.316 / 0.298 / 0.295 with the own thresholds alone; README, "Your
# own codes"): the base's data sets thresholds for codes as often as the base's writers used them.
OWN_SHRINK = 10.0


def never_assigned(thresholds: np.ndarray) -> np.ndarray:
    """Which codes are never assigned: their threshold is above any probability (`NEVER`)."""
    return np.asarray(thresholds) > 1


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """Threshold on probabilities that maximises F1 (ties: the middle of the best run)."""
    y = np.asarray(y, bool)
    if y.sum() == 0:
        return 0.5
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    fp = np.cumsum(~ys)
    f1 = 2 * tp / (tp + fp + y.sum())
    # only cut between distinct probabilities
    distinct = np.r_[ps[1:] != ps[:-1], True]
    f1 = np.where(distinct, f1, -1)
    best = int(np.argmax(f1))
    below = ps[best + 1] if best + 1 < len(ps) else 0.0
    return float(np.clip((ps[best] + below) / 2, 0.02, 0.98))


def logit(p):
    """log(p / (1 - p)), probabilities clipped to [1e-4, 1 - 1e-4]; arrays or a float."""
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def toward_own(t_all: float, own_y: np.ndarray, own_p: np.ndarray) -> float:
    """`t_all` (chosen on all out-of-fold probabilities) moved toward the F1-optimal threshold of the own
    codings alone (`own_y`, their out-of-fold probabilities `own_p`) by p / (p + `OWN_SHRINK`) in logit,
    p the code's own positives: a code given 10 times is met halfway."""
    p = int(np.asarray(own_y, bool).sum())
    mixed = (p * logit(best_threshold(own_y, own_p)) + OWN_SHRINK * logit(t_all)) / (p + OWN_SHRINK)
    return float(1 / (1 + np.exp(-mixed)))
