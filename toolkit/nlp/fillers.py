"""Spoken multiword fillers (zeg maar, weet je wel) found among a text's tokens; see toolkit.nlp."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

__all__ = ["false_runs"]

_MULTIWORD_FILLERS = (("zeg", "maar"), ("weet", "je", "wel"), ("weet", "je"), ("en", "zo"),
                      ("of", "zo"), ("of", "zoiets"), ("ja", "nee"), ("nee", "ja"))

_FILLER_FIRST = frozenset(p[0] for p in _MULTIWORD_FILLERS)


def _drop_multiword_fillers(words: Sequence[Any], firsts: frozenset = _FILLER_FIRST,
                            patterns: Sequence[tuple] = _MULTIWORD_FILLERS) -> list[bool]:
    """False for the words of spoken multiword fillers (zeg maar, weet je wel); `words` may be the
    lowercase strings or their spaCy hashes (with `firsts` and `patterns` as hashes)."""
    keep = [True] * len(words)
    after = 0  # first index not inside a filler already dropped
    for i in [i for i, w in enumerate(words) if w in firsts]:
        if i < after:
            continue
        for pattern in patterns:
            if tuple(words[i:i + len(pattern)]) == pattern:
                keep[i:i + len(pattern)] = [False] * len(pattern)
                after = i + len(pattern)
                break
    return keep


@functools.cache
def _filler_hashes() -> tuple[frozenset[int], tuple[tuple[int, ...], ...]]:
    """The multiword fillers as spaCy string hashes (the same in every StringStore)."""
    from toolkit.nlp.spacy_import import import_spacy

    import_spacy()
    from spacy.strings import StringStore

    store = StringStore()
    patterns = tuple(tuple(store.add(w) for w in p) for p in _MULTIWORD_FILLERS)
    return frozenset(p[0] for p in patterns), patterns


def false_runs(flags: list[bool]) -> list[tuple[int, int]]:
    """[start, end) of each run of False in `flags`."""
    runs, start = [], None
    for i, f in enumerate([*flags, True]):
        if not f and start is None:
            start = i
        elif f and start is not None:
            runs.append((start, i))
            start = None
    return runs
