"""The tf-idf transform of a trained model, without scikit-learn.

`FittedTfidf` computes what a fitted `TfidfVectorizer(analyzer=term_ngrams, sublinear_tf=True,
norm="l2", dtype=float64)` computes from its vocabulary and idf, to the last bit: term counts per
row in column order, 1 + log(count), times idf, each row divided by its Euclidean norm summed in
column order as scikit-learn's Cython loop does. Loading a model for coding then needs no
scikit-learn import (about 1.5 s of start-up); training still fits the real vectorizer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import chain, islice, repeat
from typing import Any

import numpy as np
from scipy import sparse

__all__ = ["FittedTfidf", "l2_normalise_rows"]


class FittedTfidf:
    """Vocabulary (term -> column) and idf of a fitted vectorizer; `transform` gives its matrix."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, analyzer: Callable[[Any], list[str]]) -> None:
        from toolkit.coding.features import term_ngrams

        if analyzer is not term_ngrams:
            raise ValueError("FittedTfidf reproduces the term_ngrams analyzer (words and adjacent pairs) only")
        self.vocabulary_ = vocabulary
        self.idf_ = np.asarray(idf, dtype=np.float64)
        self.analyzer = analyzer

    def get_feature_names_out(self) -> np.ndarray:
        names = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        return np.asarray(names, dtype=object)

    def transform(self, docs: Iterable[Sequence[str]]) -> sparse.csr_matrix:
        X = self._ngram_counts(list(docs))
        X.sort_indices()
        np.log(X.data, X.data)
        X.data += 1.0
        X.data *= self.idf_[X.indices]
        l2_normalise_rows(X)
        return X

    def _ngram_counts(self, docs: list[Sequence[str]]) -> sparse.csr_matrix:
        """Counts of the `term_ngrams` of each document (its words and adjacent pairs) per column, with
        the vocabulary looked up by `map` over all documents at once and the counts summed by scipy."""
        get, n = self.vocabulary_.get, len(docs)
        flat = list(chain.from_iterable(docs))
        doc_of = np.repeat(np.arange(n, dtype=np.int64), [len(d) for d in docs])
        words = np.fromiter(map(get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        pairs = np.fromiter(map(get, map("{} {}".format, flat, islice(flat, 1, None)), repeat(-1)),
                            dtype=np.int64, count=max(len(flat) - 1, 0))
        pairs[doc_of[:-1] != doc_of[1:]] = -1  # no pair across two documents
        rows = np.concatenate([doc_of[words >= 0], doc_of[:-1][pairs >= 0]])
        cols = np.concatenate([words[words >= 0], pairs[pairs >= 0]])
        X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(self.vocabulary_)))
        X.sum_duplicates()
        return X


def l2_normalise_rows(X: sparse.csr_matrix) -> None:
    """Divide each row of X by its Euclidean norm, in place; the squares are summed one column at a
    time in stored order (as scikit-learn's `inplace_csr_row_normalize_l2`), so results are identical."""
    lengths = np.diff(X.indptr)
    if not len(lengths) or not lengths.max():
        return
    squares = X.data * X.data
    sums = np.zeros(len(lengths))
    order = np.argsort(-lengths, kind="stable")
    longest = lengths[order]
    starts = X.indptr[:-1][order]
    for k in range(int(longest[0])):
        n = int(np.searchsorted(-longest, -k, side="left"))  # rows with more than k entries
        sums[order[:n]] += squares[starts[:n] + k]
    norms = np.sqrt(sums)
    norms[sums == 0.0] = 1.0  # empty rows stay as they are
    X.data /= np.repeat(norms, lengths)
