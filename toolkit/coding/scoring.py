"""Scoring segments with a loaded model: probabilities, decisions, explanations and why-not-coded."""

from __future__ import annotations

import re

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from toolkit.types import Document, Segment

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def _check_dutch(texts: Sequence[str]) -> None:
    import simplemma

    sample = " ".join(texts[:200])[:20000]
    if sample.strip() and simplemma.in_target_language(sample, lang="nl") < 0.4:
        log.warning("the input does not look like Dutch (most words are unknown to the Dutch lexicon): "
                    "scores will be unreliable")


@dataclass
class CodeResult:
    """Scores and decisions for segments; rows align with `segments`."""

    segments: list[Segment]
    code_ids: list[str]
    proba: Any                  # (n, k) array
    decided: Any                # (n, k) bool array
    explain: list[dict[str, Any]]
    coder: str
    model_version: str
    extras: list[dict[str, Any]] = field(default_factory=list)   # input JSONL fields per row
    documents: list[Document] = field(default_factory=list)
    not_coded: list[list[dict[str, Any]]] = field(default_factory=list)  # why no code, per uncoded row
    skipped: list[Any] = field(default_factory=list)  # InputError per input file that could not be read


def code_segments(segments: Sequence[Segment], model, *, progress=None, check_language: bool = True,
                  questions: dict[str, str] | None = None) -> CodeResult:
    """Score codable segments with a loaded model; other segments get no scores. Each is read with
    the interviewer's question before it: `questions` (segment id -> text, `question_context`), found
    in `segments` themselves when None (give it when `segments` leaves out the interviewer turns)."""
    import numpy as np

    from toolkit.coding.features import question_context

    codable = [s for s in segments if s.codable]
    if check_language:
        _check_dutch([s.text for s in codable])
    asked = question_context(segments) if questions is None else questions
    rows, windows = prepare_scored([s.text for s in codable], model.codebook, progress=progress,
                                   questions=[asked.get(s.id, "") for s in codable])
    clf = model.classifier
    k = len(clf.code_ids_)
    proba = np.full((len(segments), k), np.nan)
    decided = np.zeros((len(segments), k), dtype=bool)
    explain: list[dict[str, Any]] = [{} for _ in segments]
    if rows:
        X = clf.design(rows)  # once: scores, explanations and why-not all read it
        p = _with_windows(clf, [s.text for s in codable], clf.predict_proba(rows, X=X), model.codebook, windows)
        d = p >= clf.thresholds_
        ex = clf.explain(rows, d, X=X)
        pos = [i for i, s in enumerate(segments) if s.codable]
        proba[pos] = p
        decided[pos] = d
        for i, e in zip(pos, ex):
            explain[i] = e
        not_coded = _why_not_coded(clf, rows, p, d, pos, len(segments), X=X)
    else:
        not_coded = [[] for _ in segments]
    return CodeResult(list(segments), list(clf.code_ids_), proba, decided, explain, model.coder,
                      model.manifest["version"], not_coded=not_coded)


WINDOW = 3
"""Sentences per window when a long passage is scored (see `_with_windows`)."""
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s|$)")


def prepare_scored(texts: Sequence[str], codebook, *, progress=None, questions: Sequence[str] | None = None
                   ) -> tuple[list, tuple[list, list[int]]]:
    """`prepare(texts, questions=questions)`, and the prepared windows of the long ones with their
    passage numbers, as `_with_windows` reads them; one pass of the NLP pipeline."""
    from toolkit.coding.features import prepare_windows

    long = [len(_SENTENCE_END.findall(text)) > WINDOW for text in texts]  # cheap test first
    rows, windows, owners = prepare_windows(texts, codebook, WINDOW, long, progress=progress, questions=questions)
    return rows, (windows, owners)


def _with_windows(clf, texts: Sequence[str], p, codebook, windows: tuple[list, list[int]] | None = None):
    """A passage of more than `WINDOW` sentences scores the mean of its own score and that of its best
    window of `WINDOW` sentences, per code (`windows`: from `prepare_scored(texts)`, made when None).

    Real excerpts (a quote, a case description) voice a code in one or two sentences among ordinary
    ones, which dilutes the whole passage's features; the model was trained on speaker turns.
    Chosen on the tuning half of the real excerpts (books 000 and 002): macro-F1 0.316 -> 0.324,
    ROC-AUC 0.814 -> 0.836 there; measured on the other half 0.435 -> 0.477 and 0.815 -> 0.821
    (best window alone, or windows of 1-2 sentences, were worse on the tuning half). Short turns,
    as in the demo corpus, are scored as before.
    """
    import numpy as np

    rows, owners = windows if windows is not None else prepare_scored(texts, codebook)[1]
    if not rows:
        return p
    pw = clf.predict_proba(rows)
    owners_a = np.asarray(owners)
    starts = np.flatnonzero(np.r_[True, owners_a[1:] != owners_a[:-1]])
    best = np.maximum.reduceat(pw, starts, axis=0)
    out = p.copy()
    rows = owners_a[starts]
    out[rows] = (p[rows] + best) / 2
    return out


def _why_not_coded(clf, rows, p, d, pos: list[int], n: int, top: int = 2, X=None) -> list[list[dict[str, Any]]]:
    """For segments that got no code: the `top` codes closest to their threshold, with score,
    threshold and the terms that pushed them up (so a reviewer sees why they fell short). A code
    that is never assigned (threshold above 1: no own coding has it) is not among them."""
    import numpy as np

    from toolkit.coding.thresholds import never_assigned

    assignable = np.flatnonzero(~never_assigned(clf.thresholds_))
    ratio = p / np.maximum(clf.thresholds_, 1e-9)
    near = np.zeros_like(d)
    uncoded = np.flatnonzero(~d.any(axis=1))
    closest = {r: assignable[np.argsort(-ratio[r, assignable], kind="stable")[:top]] for r in uncoded}
    for r in uncoded:
        near[r, closest[r]] = True
    ex = clf.explain(rows, near, X=X) if len(uncoded) else []
    out: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    for r in uncoded:
        out[pos[r]] = [{"code": clf.code_ids_[j], "score": round(float(p[r, j]), 4),
                        "threshold": round(float(clf.thresholds_[j]), 4),
                        "terms": ex[r].get(clf.code_ids_[j], [])}
                       for j in closest[r]]
    return out


