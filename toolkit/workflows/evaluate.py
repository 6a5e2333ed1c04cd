"""`evaluate` (per-code quality on held-out coded data) and `suggest` (what to code next)."""

from __future__ import annotations
import logging

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
from toolkit.store import is_project_file, open_store
from toolkit.workflows.train import _codebook_for, _document_digests, _split_docs
from toolkit.workflows.base_data import base_training_data
from toolkit.workflows.ingest import _coded_inputs, _skip, collect_segments
from toolkit.coding.features import question_context
from toolkit.coding.scoring import _with_windows, code_segments, prepare_scored
from toolkit.exchange.qdpx_read import import_qdpx

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def evaluate(inputs: Sequence[str | Path], *, model: str | Path | None = None,
             codebook: str | Path | None = None, coder: str | None = None, split: str | Path | None = None,
             part: str = "test", base: str | Path | None = None, curve: Sequence[int] = (50, 100, 200, 400),
             seed: int = 0, codings: str | Path | None = None) -> dict[str, Any]:
    """Quality of coding on human-coded data, next to the codebook's keyword baseline.

    With `model`: the model scores the data (held-out evaluation). Without: cross-validation by
    document on the data, plus a learning curve; with `base` both also adapting that model
    (`out["cross_validation_with_base"]`, the same folds). Transcripts given with
    `codings` that cannot be read are skipped: `out["data"]["skipped_files"]` names each with its
    reason; when none can be read: NothingRead.
    """
    import numpy as np

    from toolkit.coding.classifiers import CodeClassifier
    from toolkit.coding.evaluate import code_metrics, cross_validate, learning_curve
    from toolkit.coding.features import codebook_examples, keyword_scores, prepare
    from toolkit.coding.labels import load_labelled
    from toolkit.coding.model import load_model

    if model is not None and base is not None:
        raise InputError("--base adapts a model in cross-validation; --model scores a trained model as it is",
                         hint="leave out --base to score the model, or --model to cross-validate adapting the base")
    loaded = load_model(model) if model is not None else None
    book = loaded.codebook if loaded and codebook is None else _codebook_for(inputs, codebook, codings)
    skipped: list[InputError] = []
    with _coded_inputs(inputs, codings, codebook, skipped) as sources:
        try:
            data = load_labelled(sources, book, coder=coder, docs=_split_docs(split, part), read_qdpx=import_qdpx)
        except InputError as exc:
            if loaded is not None and "codebook lacks" in exc.message:
                exc.hint = ("the model was trained for other codes; train one for these codings with "
                            "`worth train`, then evaluate that")
            raise
    data.source = ", ".join(str(i) for i in inputs) + (f" + {codings}" if codings else "")
    if data.partial:
        log.warning("some of these codings are review decisions: there only the suggested codes of a turn were "
                    "decided, and every other code counts as absent, so recall is too high for the model that "
                    "made the suggestions and precision too low for others; code whole documents to measure")
    texts = [s.text for s in data.segments]
    rows, windows = (prepare_scored(texts, book, questions=data.questions) if loaded is not None
                     else (prepare(texts, book, questions=data.questions), None))
    kw = keyword_scores(rows, book.ids)
    out: dict[str, Any] = {"data": {"source": data.source, "coder": data.coder, "segments": len(rows),
                                    **data.group_counts(),
                                    "split": str(split) if split else None, "part": part if split else None,
                                    "skipped_files": [exc.one_line() for exc in skipped], "partial": data.partial},
                           "keyword_baseline": code_metrics(data.Y, kw, kw > 0, book.ids, calibrated=False),
                           "codebook": {"name": book.name, "version": book.version, "hash": book.hash}}
    if loaded is not None:
        if loaded.codebook.hash != book.hash:
            raise InputError("the model was trained for another codebook", path=str(model),
                             hint="evaluate with the model's own codebook (leave out --codebook)")
        overlap = _seen_in_training(data, set(loaded.manifest.get("training", {}).get("document_digests", ())))
        proba = _with_windows(loaded.classifier, texts, loaded.classifier.predict_proba(rows), loaded.codebook,
                              windows)  # as `worth code` scores
        out["model"] = {"path": str(loaded.path), "version": loaded.manifest["version"], **overlap}
        out["held_out"] = code_metrics(data.Y, proba, proba >= loaded.classifier.thresholds_, book.ids)
        return out
    if len(set(data.groups)) < 2:
        raise InputError(f"cross-validation by document needs at least 2 coded documents; these inputs have "
                         f"{len(set(data.groups))}" + (" excerpt" if data.excerpts else ""),
                         path=", ".join(str(i) for i in inputs),
                         hint="give more coded documents, or score these with a trained model: --model DIR")
    examples = codebook_examples(book)
    clf = CodeClassifier(code_ids=book.ids, seed=seed, examples=examples).fit(rows, data.Y, data.groups,
                                                                              partial=data.partial)
    oof = np.nan_to_num(clf.oof_proba_, nan=0.0)
    out["cross_validation"] = code_metrics(data.Y, oof, oof >= clf.thresholds_, book.ids)
    adapting = _adapting(base, book, seed, examples) if base is not None else None
    if adapting is not None:  # the same folds, each adapting the base as `worth train --base` does
        proba, decided = cross_validate(rows, data.Y, data.groups, adapting, partial=data.partial)
        out["cross_validation_with_base"] = {"base": str(base), **code_metrics(data.Y, proba, decided, book.ids)}
    out["learning_curve"] = learning_curve(
        rows, data.Y, data.groups, lambda: CodeClassifier(code_ids=book.ids, seed=seed, examples=examples),
        sizes=curve, seed=seed, base_factory=adapting, partial=data.partial)
    return out


def _seen_in_training(data, seen: set[str]) -> dict[str, int]:
    """How many evaluated documents (and excerpts without doc_id) were in the model's training data,
    by their digests; warns when any were: the figures are then not held-out."""
    counts = data.group_counts()
    overlap = {}
    for unit in counts:
        keep = [(s, g) for s, g in zip(data.segments, data.groups) if (g in data.excerpts) == (unit == "excerpts")]
        overlap[unit] = sum(d in seen for d in _document_digests([s for s, _ in keep], [g for _, g in keep]))
        if overlap[unit]:
            log.warning("%d of the %d evaluated %s were in this model's training data: these figures are not "
                        "held-out (choose another --part or other %s)", overlap[unit], counts[unit], unit, unit)
    return {f"{unit}_seen_in_training": n for unit, n in overlap.items()}


class _Rehearsed:
    """A classifier whose `fit` adds the base model's training rows, as `worth train --base` does."""

    def __init__(self, clf, rows, Y, groups) -> None:
        self.clf, self.rows, self.Y, self.groups = clf, rows, Y, groups

    def fit(self, rows, Y, groups, *, partial: bool = False) -> _Rehearsed:
        import numpy as np

        self.clf.fit(list(rows) + self.rows, np.vstack([Y, self.Y]), list(groups) + self.groups, own=len(rows),
                     partial=partial)
        return self

    @property
    def thresholds_(self):
        return self.clf.thresholds_

    def predict_proba(self, rows):
        return self.clf.predict_proba(rows)

    def predict(self, rows):
        return self.clf.predict(rows)


def _adapting(base: str | Path, book, seed: int, examples):
    """A factory of classifiers that adapt `base` the way `worth train --base` does: with the base's
    training data when it can be found, else by the base's scores."""
    from toolkit.coding.classifiers import CodeClassifier
    from toolkit.coding.features import prepare
    from toolkit.coding.model import load_model

    base_model = load_model(base)
    found = base_training_data(base_model, book)
    if found is None:
        return lambda: CodeClassifier(code_ids=book.ids, seed=seed, base=base_model.classifier, examples=examples)
    base_rows = prepare(found.texts, book, questions=found.questions)
    return lambda: _Rehearsed(CodeClassifier(code_ids=book.ids, seed=seed, examples=examples), base_rows,
                              found.Y, found.groups)


MIN_SUGGEST_P = 0.05  # codes the model gives less than this are never proposed


def suggest(inputs: Sequence[str | Path], *, model: str | Path | None = None, n: int = 20, per_doc: int = 2,
            coder: str | None = None, skipped: list[InputError] | None = None) -> list[dict[str, Any]]:
    """Segments to code next: where the model is least sure, weighted towards rare codes, spread
    over documents (at most `per_doc` per document). Segments a human already coded are left out.
    Files that cannot be read are added to `skipped` (warned about without it); none readable: NothingRead.
    """
    import numpy as np

    from toolkit.coding.model import load_model

    loaded = load_model(model)
    documents, segments, unread = collect_segments(inputs)
    _skip(unread, len(documents), skipped)
    done: set[tuple[str, int, int]] = set()
    for item in inputs:
        if is_project_file(item):
            with open_store(item, create=False) as store:
                humans = [c for c in store.coders() if not c.startswith("model:")]
                for c in store.codings():
                    if c.coder in (humans if coder is None else [coder]):
                        done.add(c.doc_id)
    todo = [s for s in segments if s.codable and s.doc_id not in done and len(s.text.split()) >= 4]
    if not todo:
        log.warning("nothing to suggest: %s", "every document is already coded by a human" if segments and done
                    else "no codable segment of four words or more")
        return []
    result = code_segments(todo, loaded, questions=question_context(segments))
    clf = loaded.classifier
    t = clf.thresholds_
    closeness = 1 - np.abs(result.proba - t) / np.maximum(t, 1 - t)          # 1 at the threshold
    support = np.asarray(clf.support_, float)
    rarity = 1 - support / max(support.max(), 1)                               # 0 for the commonest code
    score = np.where(result.proba >= MIN_SUGGEST_P, closeness * (1 + rarity), -np.inf)  # never a near-zero code
    best = score.argmax(axis=1)
    order = np.argsort(-score[np.arange(len(todo)), best], kind="stable")
    picked: list[dict[str, Any]] = []
    per: dict[str, int] = {}
    capped = 0
    for i in order:
        s = todo[i]
        if not np.isfinite(score[i, best[i]]):
            break  # the rest score every code near zero
        if per.get(s.doc_id, 0) >= per_doc:
            capped += 1
            continue
        per[s.doc_id] = per.get(s.doc_id, 0) + 1
        j = best[i]
        picked.append({"rank": len(picked) + 1, "id": s.id, "doc_id": s.doc_id, "start": s.start, "end": s.end,
                       "speaker": s.speaker, "code": clf.code_ids_[j],
                       "probability": round(float(result.proba[i, j]), 3), "threshold": round(float(t[j]), 3),
                       "why": "uncertain" + (", rare code" if rarity[j] > 0.5 else ""), "text": s.text})
        if len(picked) >= n:
            break
    if len(picked) < n and capped:
        log.warning("%d of the %d segments asked for: --per-doc %d allows at most %d per document over %d "
                    "document(s); raise --per-doc for more", len(picked), n, per_doc, per_doc, len(per))
    return picked


