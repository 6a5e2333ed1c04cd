"""Sentences as spaCy's rule-based sentencizer marks them, read from a Doc's arrays.

The component itself makes a Token object of every word; on the offline fallback pipeline, where it
alone sets sentence starts, worth reads the same rule from `Doc.to_array` (tests/test_nlp.py compares
the two).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["sentencizer_alone", "sentence_bounds", "stripped"]


def sentencizer_alone(nlp: Any) -> frozenset[int] | None:
    """The hashes of the sentence-final characters when spaCy's rule-based sentencizer alone sets
    sentence starts in `nlp` (the fallback), else None."""
    from spacy.strings import hash_string

    if "sentencizer" not in nlp.pipe_names or not set(nlp.pipe_names) <= {"sentencizer", "worth_simplemma"}:
        return None
    return frozenset(hash_string(c) for c in nlp.get_pipe("sentencizer").punct_chars)


def sentence_bounds(doc: Any, punct: frozenset[int]) -> list[tuple[int, int]]:
    """(start, end) of the sentences the sentencizer marks in `doc`, by its rule: a sentence starts at
    the first token after a sentence-final one that is no punctuation."""
    from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH

    rows = doc.to_array([ORTH, IS_PUNCT, IDX, LENGTH]).tolist()
    starts, seen = [0], False
    for i, (orth, is_punct, _, _) in enumerate(rows):
        if orth in punct:
            seen = True
        elif seen and not is_punct:
            starts.append(i)
            seen = False
    ends = starts[1:] + [len(rows)]
    return [(rows[a][2], rows[b - 1][2] + rows[b - 1][3]) for a, b in zip(starts, ends)] if rows else []


def stripped(text: str, bounds: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence bounds without the whitespace around each sentence; empty ones left out."""
    spans = []
    for start, end in bounds:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans
