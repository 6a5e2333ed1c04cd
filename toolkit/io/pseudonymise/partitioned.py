"""`worth pseudonymise --scheduler`: the text-only part of detection on Dask workers.

The workers find the candidate spans of every text (`detect.candidates`: the rules and word lists,
a pure function of the text, most of the time); the driver then goes through the documents in their
order and finishes each one with the mapping built so far (`detect.finish`), assigns the placeholders
and writes. Placeholders are numbered in the same order as in one process, and the same person gets
the same placeholder in every document, so every output is the same byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from toolkit.io.pseudonymise.detect import Candidate, candidates
from toolkit.partitions import split

__all__ = ["candidates_partition", "candidates_on"]


def candidates_partition(texts: list[str], keep_countries: bool) -> list[list[Candidate]]:
    """On a worker: the candidates of each text of a partition (plain tuples, cheap to send back)."""
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
    results = runner.gather(candidates_partition, flat, keep_countries, done=done)
    return {text: cands for texts, found in zip(flat, results) for text, cands in zip(texts, found)}
