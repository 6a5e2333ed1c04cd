"""`--base`: adapting a model by training on the new codings together with the base model's own
training data (rehearsal), found again from what the base model's manifest records.

A model trained by `worth train` records where its data came from (`training.data`: inputs,
standoff codings, split part, coder, bank files; paths relative to the model folder) and checks
(`data_sha256` of the coded segments, sha256 of every bank file). Adapting reads that data again,
verifies it is the same, and trains one model on both: the new codings teach the new study's voice
and the base's data keeps what the base knew. Measured on real excerpts (5-fold cross-validation
within each half of ../shared/dev-excerpts.jsonl, benchmarks/bench_quality.py) this beat both the
base model alone and the earlier way of adapting (the base's scores as features, kept per code
where the new codings could not beat them), which is still used when the base's data cannot be
found or does not match, and on request (`--base-mode scores`): the review app asks for it, because
a reviewer's codings are partial (only the suggested codes of a turn are decided), and in its
simulated review (benchmarks/bench_review.py) adapting with the base's data lost 0.01-0.04 F1.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from toolkit.errors import InputError
from toolkit.types import Segment

__all__ = ["BaseData", "data_record", "base_training_data"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def _split_docs(split: str | Path | None, part: str | None) -> set[str] | None:
    if split is None:
        return None
    path = Path(split)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))  # Notepad writes a byte-order mark
    except (OSError, ValueError) as exc:  # ValueError: not JSON, or not UTF-8
        raise InputError(f"cannot read the split file ({exc})", path=path,
                         hint='a split is JSON: {"train": [doc ids], "dev": [...], "test": [...]}') from None
    if not isinstance(data, dict):
        raise InputError("the split file is not a JSON object of parts", path=path,
                         hint='a split is JSON: {"train": [doc ids], "dev": [...], "test": [...]}')
    docs: set[str] = set()
    for name in str(part).split(","):
        if name.strip() not in data:
            raise InputError(f"split has no part {name.strip()!r} (parts: {', '.join(data)})", path=path,
                             hint="choose --part " + " or ".join(data) + ", or several joined by commas")
        docs |= set(data[name.strip()])
    return docs


def _training_hash(segments: Sequence[Segment], Y) -> str:
    import hashlib

    h = hashlib.sha256()
    for s, y in sorted(zip(segments, Y.tolist()), key=lambda t: (t[0].doc_id, t[0].start, t[0].end)):
        h.update(json.dumps([s.doc_id, s.start, s.end, s.text, y], ensure_ascii=False).encode())
    return h.hexdigest()


@dataclass
class BaseData:
    """The base model's coded training texts with labels in the new codebook's code order."""

    texts: list[str]
    Y: np.ndarray
    groups: list[str]
    questions: list[str]  # the interviewer's question before each text, or ""


def _rel(path: str | Path, folder: Path) -> str:
    try:
        return Path(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return Path(path).resolve().as_posix()


def data_record(out: str | Path, *, inputs, codings, codebook, split, part, coder, bank) -> dict[str, Any]:
    """What `training.data` of a new model in `out` records: its sources, relative to the model folder."""
    folder = Path(out)
    return {"inputs": [_rel(i, folder) for i in inputs],
            "codings": _rel(codings, folder) if codings else None,
            "codebook": _rel(codebook, folder) if codebook else None,
            "split": _rel(split, folder) if split else None, "part": part if split else None,
            "coder": coder, "bank": [_rel(b, folder) for b in bank]}


def _unavailable(base, why: str) -> None:
    log.warning("adapting %s by its scores only: %s (adapting works best when the base model's training data "
                "is where its manifest says)", base.path, why)


def base_training_data(base, book) -> BaseData | None:
    """The base model's training data (texts, labels for `book`'s codes, groups), or None with a
    warning saying why it cannot be used (then the base is adapted by its scores)."""
    from toolkit.coding.bank import load_excerpts
    from toolkit.coding.labels import load_labelled
    from toolkit.exchange.qdpx_read import import_qdpx
    from toolkit.workflows.ingest import _coded_inputs

    training = base.manifest.get("training") or {}
    rec = training.get("data")
    if not rec:
        _unavailable(base, "its manifest does not record its training data (trained before worth recorded it)")
        return None
    missing = [c for c in book.ids if c not in base.codebook]
    if missing:
        _unavailable(base, f"its codebook lacks {', '.join(missing[:3])}")
        return None
    folder = Path(base.path)
    at = lambda p: None if p is None else folder / p  # noqa: E731
    paths = [at(p) for p in rec["inputs"]] + [at(rec["codings"])] + [at(p) for p in rec["bank"]]
    gone = [p for p in paths if p is not None and not p.exists()]
    if gone:
        _unavailable(base, f"{gone[0]} is not there")
        return None
    try:
        with _coded_inputs([at(p) for p in rec["inputs"]], at(rec["codings"]), at(rec["codebook"])) as sources:
            data = load_labelled(sources, base.codebook, coder=rec["coder"], read_qdpx=import_qdpx,
                                 docs=_split_docs(at(rec["split"]), rec["part"]))
        bank = load_excerpts([at(p) for p in rec["bank"]], base.codebook) if rec["bank"] else None
    except InputError as exc:
        _unavailable(base, f"its training data cannot be read ({exc})")
        return None
    if _training_hash(data.segments, data.Y) != training.get("data_sha256"):
        _unavailable(base, "its coded segments have changed since it was trained")
        return None
    if bank is not None and [s["sha256"] for s in bank.sources] != [s["sha256"] for s in training.get("bank", [])]:
        _unavailable(base, "its bank files have changed since it was trained")
        return None
    texts, Y, groups = [s.text for s in data.segments], data.Y, list(data.groups)
    questions = list(data.questions)
    if bank is not None:
        texts, Y, groups = texts + bank.texts, np.vstack([Y, bank.Y]), groups + list(bank.groups)
        questions += [""] * len(bank.texts)
    cols = [base.codebook.ids.index(c) for c in book.ids]
    log.info("adapting %s: its %d training segments join the new codings", base.path, len(texts))
    return BaseData(texts, np.asarray(Y, bool)[:, cols], [f"base:{g}" for g in groups], questions)
