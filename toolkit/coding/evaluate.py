"""Quality of code decisions: per-code precision, recall, F1, ROC-AUC, support, calibration error,
a learning curve, and the keyword-lexicon baseline built from the codebook, side by side.

Undefined values (ROC-AUC for a code with no positives in the data) are NaN with a reason, never 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score

__all__ = ["code_metrics", "cross_validate", "expected_calibration_error", "learning_curve", "metrics_table"]


def expected_calibration_error(y: np.ndarray, p: np.ndarray, *, bins: int = 10) -> float:
    """Weighted mean |observed rate - mean probability| over equal-width probability bins."""
    y, p = np.asarray(y, float).ravel(), np.asarray(p, float).ravel()
    ok = ~np.isnan(p)
    y, p = y[ok], p[ok]
    if len(p) == 0:
        return math.nan
    idx = np.minimum((p * bins).astype(int), bins - 1)
    err = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            err += m.sum() / len(p) * abs(y[m].mean() - p[m].mean())
    return float(err)


def _nan(reason: str) -> dict[str, Any]:
    return {"value": None, "reason": reason}


def code_metrics(Y: np.ndarray, scores: np.ndarray, decided: np.ndarray, code_ids: Sequence[str], *,
                 calibrated: bool = True) -> dict[str, Any]:
    """Per-code and macro metrics. `scores` rank segments (probabilities when `calibrated`)."""
    Y = np.asarray(Y, bool)
    decided = np.asarray(decided, bool)
    per_code: dict[str, Any] = {}
    for j, code in enumerate(code_ids):
        y, d, s = Y[:, j], decided[:, j], scores[:, j]
        ok = ~np.isnan(s)
        m: dict[str, Any] = {"support": int(y.sum()), "predicted": int(d.sum())}
        m["precision"] = float(precision_score(y, d, zero_division=0)) if d.any() else None
        m["recall"] = float(recall_score(y, d, zero_division=0)) if y.any() else None
        m["f1"] = float(f1_score(y, d, zero_division=0)) if (y.any() or d.any()) else None
        if y[ok].any() and (~y[ok]).any():
            m["roc_auc"] = float(roc_auc_score(y[ok], s[ok]))
        else:
            m["roc_auc"] = None
            m["roc_auc_reason"] = "undefined: the data hold only one class for this code"
        if calibrated:
            m["ece"] = expected_calibration_error(y[ok], s[ok])
        per_code[code] = m

    def macro(key: str) -> float | None:
        vals = [m[key] for m in per_code.values() if m.get(key) is not None]
        return float(np.mean(vals)) if vals else None

    out = {"per_code": per_code, "macro_f1": macro("f1"), "macro_precision": macro("precision"),
           "macro_recall": macro("recall"), "macro_roc_auc": macro("roc_auc"),
           "micro_f1": float(f1_score(Y.ravel(), decided.ravel(), zero_division=0)),
           "n_segments": int(Y.shape[0])}
    if calibrated:
        out["ece"] = expected_calibration_error(Y, scores)
    return out


def _folds(groups: np.ndarray, n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train, test) index pairs grouped by document: the folds of `CodeClassifier`'s own cross-validation."""
    from sklearn.model_selection import GroupKFold

    n_splits = min(n_splits, len(np.unique(groups)))
    return list(GroupKFold(n_splits=n_splits).split(np.zeros(len(groups)), groups=groups))


def cross_validate(rows: Sequence[Any], Y: np.ndarray, groups: Sequence[str], make_classifier, *,
                   n_splits: int = 5, partial: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities and decisions of the classifiers `make_classifier()` makes, one per
    fold grouped by document (each decides with the thresholds it chose on its own training part)."""
    Y = np.asarray(Y, bool)
    groups = np.asarray(groups)
    proba = np.zeros(Y.shape)
    decided = np.zeros(Y.shape, bool)
    for train, test in _folds(groups, n_splits):
        clf = make_classifier().fit([rows[i] for i in train], Y[train], groups[train], partial=partial)
        proba[test] = clf.predict_proba([rows[i] for i in test])
        decided[test] = proba[test] >= clf.thresholds_
    return proba, decided


def learning_curve(rows: Sequence[Any], Y: np.ndarray, groups: Sequence[str], make_classifier, *,
                   sizes: Sequence[int] = (50, 100, 200, 400), n_splits: int = 5, seed: int = 0,
                   base_factory=None, partial: bool = False) -> list[dict[str, Any]]:
    """Macro-F1 on held-out documents when training on `size` segments drawn from the other documents.

    `make_classifier()` returns an unfitted CodeClassifier; with `base_factory` a second curve
    adapts a base model. `partial`: the codings decide only some codes per segment (review
    decisions), passed on to every fit. Sizes larger than the available training data are left out. The small fits'
    warnings (a code with too few positives falls back to its indicators) are not repeated per fit:
    the full fit says them once.
    """
    import logging

    quiet = logging.getLogger("toolkit.coding.classifiers")
    before, quiet.disabled = quiet.disabled, True
    try:
        return _curve(rows, Y, groups, make_classifier, sizes, n_splits, seed, base_factory, partial)
    finally:
        quiet.disabled = before


def _curve(rows, Y, groups, make_classifier, sizes, n_splits, seed, base_factory, partial) -> list[dict[str, Any]]:
    Y = np.asarray(Y, bool)
    groups = np.asarray(groups)
    rng = np.random.default_rng(seed)
    folds = _folds(groups, n_splits)
    curve = []
    for size in sizes:
        entry: dict[str, Any] = {"segments": int(size)}
        for label, factory in (("macro_f1", make_classifier), ("macro_f1_with_base", base_factory)):
            if factory is None:
                continue
            scores = []
            for train, test in folds:
                if size > len(train):
                    continue
                pick = np.sort(rng.permutation(train)[:size])
                clf = factory().fit([rows[i] for i in pick], Y[pick], groups[pick], partial=partial)
                decided = clf.predict([rows[i] for i in test])
                f1s = [f1_score(Y[test, j], decided[:, j], zero_division=0)
                       for j in range(Y.shape[1]) if Y[test, j].any() or decided[:, j].any()]
                scores.append(float(np.mean(f1s)))
            if scores:
                entry[label] = float(np.mean(scores))
        if len(entry) > 1:
            curve.append(entry)
    return curve


def metrics_table(metrics: dict[str, Any], baseline: dict[str, Any] | None = None, what: str = ""):
    """A rich Table of per-code metrics, with the keyword baseline's F1 and ROC-AUC beside them;
    `what` names the model in the title."""
    from rich.table import Table

    def fmt(x: Any) -> str:
        return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.2f}"

    table = Table(title=f"Quality per code{what} ({metrics['n_segments']} segments)")
    cols = ["code", "n", "P", "R", "F1", "AUC", "ECE"]
    if baseline:
        cols += ["kw F1", "kw AUC"]
    table.add_column("code", overflow="fold")  # numbers never shrink into "0.…"; the code id wraps
    for c in cols[1:]:
        table.add_column(c, justify="right", no_wrap=True, min_width=max(4, len(c)))
    table.caption = ("n: positive segments; P/R: precision/recall; AUC: ROC-AUC; ECE: calibration error"
                     + ("; kw: keyword baseline from the codebook indicators" if baseline else ""))
    for code, m in metrics["per_code"].items():
        row = [code, str(m["support"]), fmt(m["precision"]), fmt(m["recall"]), fmt(m["f1"]),
               fmt(m["roc_auc"]), fmt(m.get("ece"))]
        if baseline:
            b = baseline["per_code"][code]
            row += [fmt(b["f1"]), fmt(b["roc_auc"])]
        table.add_row(*row)
    row = ["macro", "", fmt(metrics["macro_precision"]), fmt(metrics["macro_recall"]),
           fmt(metrics["macro_f1"]), fmt(metrics["macro_roc_auc"]), fmt(metrics.get("ece"))]
    if baseline:
        row += [fmt(baseline["macro_f1"]), fmt(baseline["macro_roc_auc"])]
    table.add_row(*row, style="bold")
    return table
