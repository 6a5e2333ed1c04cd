"""Decisions chosen on real text (`worth train --tune FILE --tune-select FIELD=VALUES`).

Only two things are chosen on the tuning excerpts, never feature weights: the blend of the full
decision with the semantic-only one (by macro ROC-AUC, when the model has a semantic block trained
with `--blend`), and the threshold of each code that has at least `min_positives` positives there
(the F1-optimal one; a code the own codings never use stays unassigned). Everything chosen is
recorded in the manifest (`training.tuning`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

__all__ = ["tune_decisions"]


def _macro_auc(Y: np.ndarray, P: np.ndarray) -> float:
    vals = [roc_auc_score(Y[:, j], P[:, j]) for j in range(Y.shape[1]) if 0 < Y[:, j].sum() < len(Y)]
    return float(np.mean(vals)) if vals else float("nan")


def tune_decisions(clf, rows: Sequence, Y: np.ndarray, *, blends: Sequence[float] = (0.0, 0.1, 0.2, 0.3, 0.4),
                   min_positives: int = 3) -> dict[str, Any]:
    """Set `clf.blend` and `clf.thresholds_` from the tuning rows; returns what was chosen."""
    from toolkit.coding.thresholds import best_threshold, never_assigned

    Y = np.asarray(Y, bool)
    record: dict[str, Any] = {"excerpts": int(len(Y)), "blend": float(clf.blend)}
    if getattr(clf, "sem_coef_", np.zeros((0, 0))).size:
        scores = {b: _macro_auc(Y, clf.predict_proba(rows, blend=b)) for b in blends}
        best = max(scores, key=lambda b: (round(scores[b], 4), -b))
        clf.blend = float(best)
        record.update(blend=float(best), blend_auc={str(b): round(v, 4) for b, v in scores.items()})
    P = clf.predict_proba(rows)
    tuned = {}
    for j, code in enumerate(clf.code_ids_):
        if Y[:, j].sum() >= min_positives and clf.mode_[j] == "model" and not never_assigned(clf.thresholds_[j]):
            before = float(clf.thresholds_[j])
            clf.thresholds_[j] = best_threshold(Y[:, j], P[:, j])
            tuned[code] = {"from": round(before, 4), "to": round(float(clf.thresholds_[j]), 4),
                           "positives": int(Y[:, j].sum())}
    record["thresholds"] = tuned
    return record
