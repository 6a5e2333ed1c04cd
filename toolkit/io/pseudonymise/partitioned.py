"""`worth pseudonymise --scheduler`: the text-only part of detection on Dask workers.

The workers find the candidate spans of every text (`detect.candidates`: the rules and word lists,
a pure function of the text, most of the time); the driver then goes through the documents in their
order and finishes each one with the mapping built so far (`detect.finish`), assigns the placeholders
and writes. Placeholders are numbered in the same order as in one process, and the same person gets
the same placeholder in every document, so every output is the same byte for byte.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from toolkit.errors import WorthError
from toolkit.io.pseudonymise.detect import Candidate, candidates
from toolkit.partitions import split

_HERE = Path(__file__).resolve().parent

__all__ = ["candidates_partition", "candidates_on", "rules_fingerprint"]


@functools.lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """A hash of the detectors' code and word lists: a worker with other rules would find other spans."""
    digest = hashlib.sha256()
    for path in sorted(p for p in _HERE.rglob("*") if p.is_file() and p.suffix in (".py", ".txt", ".gz")):
        digest.update(path.relative_to(_HERE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def candidates_partition(texts: list[str], keep_countries: bool, fingerprint: str) -> list[list[Candidate]]:
    """On a worker: the candidates of each text of a partition (plain tuples, cheap to send back)."""
    if rules_fingerprint() != fingerprint:
        raise WorthError("a Dask worker has other pseudonymisation rules or word lists than this process: "
                         "the output would differ", hint="install the same version of worth on every worker")
    return [candidates(text, keep_countries) for text in texts]


def candidates_on(runner: Any, groups: Sequence[Sequence[str]], keep_countries: bool = False,
                  progress: Callable[[int], None] | None = None) -> dict[str, list[Candidate]]:
    """The candidates of every text in `groups` (the strings of one document each: its text, metadata
    strings, speaker labels), found in partitions of documents by `runner`; keyed by the text.
    `progress(n)` is called with the number of documents of each partition as it finishes."""
    docs = [list(dict.fromkeys(t for t in group if t)) for group in groups]
    parts = split(docs, 4 * runner.workers)
    flat = [[t for doc in part for t in doc] for part in parts]
    done = (lambda i: progress(len(parts[i]))) if progress is not None else None
    results = runner.gather(candidates_partition, flat, keep_countries, rules_fingerprint(), done=done)
    return {text: cands for texts, found in zip(flat, results) for text, cands in zip(texts, found)}
