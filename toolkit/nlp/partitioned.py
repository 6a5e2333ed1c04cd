"""Terms computed in partitions on Dask workers (`--scheduler`), cached like `toolkit.nlp.terms`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from toolkit import nlp
from toolkit.errors import WorthError
from toolkit.partitions import Runner, split

__all__ = ["terms_on"]


def terms_partition(texts: list[str], pipeline: str) -> Any:
    """On a worker: the terms of a partition of texts, as a pandas DataFrame (column `terms`)."""
    import pandas as pd

    here = nlp.pipeline_info().key
    if here != pipeline:
        raise WorthError(f"a Dask worker uses the NLP pipeline {here}, this process {pipeline}: their lemmas "
                         "would differ", hint="install the same spaCy pipeline (and WORTH_SPACY_MODEL) on the workers")
    return pd.DataFrame({"terms": nlp.analyse(texts, remember=False)[0]})


def terms_on(runner: Runner, texts: Sequence[str], *, cache: nlp.TermCache | None = None,
             progress: Callable[[int], None] | None = None) -> list[list[str]]:
    """`nlp.terms(texts)` with the texts not cached yet lemmatised in partitions by `runner`; the
    same result, stored in the same caches (in memory, and `cache`, the project, written here only)."""
    key = nlp.pipeline_info().key
    keys, found, missing = nlp.cached_terms(texts, cache)
    todo = dict(zip(keys, texts))
    parts = split([(k, todo[k]) for k in missing], 4 * runner.workers)
    done = (lambda i: progress(len(parts[i]))) if progress is not None else None
    frames = runner.gather(terms_partition, [[t for _, t in part] for part in parts], key, done=done)
    new = {k: list(t) for part, frame in zip(parts, frames) for (k, _), t in zip(part, frame["terms"])}
    return nlp.store_terms(keys, found, new, cache)
