"""Coded excerpts as extra training data (`worth train --bank FILE`) or as a tuning set (`--tune FILE`).

A bank file is JSONL, one excerpt per line: `{"id", "text", "codes": [...]}`, optionally
`register`, `role` and `hard_negative_for` (codes it could be mistaken for but does not carry;
checked, and kept as information: weighting them up did not change quality on real text).
Each excerpt is its own group in cross-validation (excerpts are written one by one, not cut
from a shared document). `select` keeps lines whose field has one of the given values
(`book=000,002`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from toolkit.errors import InputError
from toolkit.files import sha256_file
from toolkit.io.records import iter_json_lines

__all__ = ["Excerpts", "load_excerpts", "parse_select"]


@dataclass
class Excerpts:
    texts: list[str]
    Y: np.ndarray              # (n, k) bool in the codebook's code order
    groups: list[str]          # one per excerpt: "<file name>:<id>"
    hard_negatives: np.ndarray  # (n, k) bool
    sources: list[dict]        # per file: name, sha256, excerpts read


def parse_select(select: str | None) -> tuple[str, set[str]] | None:
    """'book=000,002' -> ('book', {'000', '002'})."""
    if not select:
        return None
    field, sep, values = select.partition("=")
    if not sep or not field.strip() or not values.strip():
        raise InputError(f"cannot read the selection {select!r}", hint="write FIELD=VALUE[,VALUE...], e.g. book=000,002")
    return field.strip(), {v.strip() for v in values.split(",") if v.strip()}


def _codes(rec: dict, key: str, book, path: Path, lineno: int) -> list[str]:
    codes = rec.get(key, [])
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise InputError(f"'{key}' is not a list of code ids", path=path, line=lineno,
                         hint=f'write "{key}": [] when there are none')
    unknown = [c for c in codes if c not in book]
    if unknown:
        raise InputError(f"unknown code id {unknown[0]!r} in '{key}'", path=path, line=lineno,
                         hint=f"codes of {book.name!r} are {', '.join(book.ids[:4])}, ... (see worth codebook show)")
    return codes


def load_excerpts(paths: Sequence[str | Path], book, *, select: str | None = None) -> Excerpts:
    """Read coded excerpt files (a folder: its *.jsonl in name order); a bad line stops with its file
    and line number."""
    chosen = parse_select(select)
    texts, labels, groups, hard, sources = [], [], [], [], []
    files = [f for p in map(Path, paths) for f in (sorted(p.glob("*.jsonl")) if p.is_dir() else [p])]
    if not files:
        raise InputError("the folder holds no .jsonl file", path=Path(paths[0]), hint="give a JSONL file of coded excerpts")
    for path in files:
        n_before = len(texts)
        for lineno, rec in iter_json_lines(path, what='coded excerpt {"id", "text", "codes"}'):
            if not isinstance(rec.get("text"), str) or not rec["text"].strip():
                raise InputError("line has no text", path=path, line=lineno, hint='give each line a "text"')
            if chosen and str(rec.get(chosen[0])) not in chosen[1]:
                continue
            codes = _codes(rec, "codes", book, path, lineno)
            negatives = _codes(rec, "hard_negative_for", book, path, lineno)
            if set(codes) & set(negatives):
                raise InputError(f"{sorted(set(codes) & set(negatives))[0]!r} is both a code and a hard negative",
                                 path=path, line=lineno, hint="remove it from one of the two lists")
            texts.append(rec["text"])
            labels.append([c in codes for c in book.ids])
            hard.append([c in negatives for c in book.ids])
            groups.append(f"{path.name}:{rec.get('id', lineno)}")
        sources.append({"file": path.name, "sha256": sha256_file(path),
                        "excerpts": len(texts) - n_before, **({"select": select} if select else {})})
    k = len(book.ids)
    return Excerpts(texts, np.array(labels, dtype=bool).reshape(-1, k), groups,
                    np.array(hard, dtype=bool).reshape(-1, k), sources)
