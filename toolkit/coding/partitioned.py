"""Scoring in partitions of documents on Dask workers (`worth code --scheduler`).

Each worker receives the loaded model once (broadcast by the runner) and keeps its own NLP pipeline
(loaded on first use, once per worker process). A partition comes back as a pandas DataFrame with a
probability and a decision column per code and the explanations as JSON, and the partitions are put
together in document order. Every number is computed per segment exactly as in one process, so the
result is the same byte for byte (tests/test_scale.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from toolkit.coding.scoring import CodeResult, _check_dutch, code_segments
from toolkit.errors import WorthError
from toolkit.partitions import Runner, split
from toolkit.types import Segment

__all__ = ["code_segments_on", "document_partitions", "score_partition", "result_frame", "combine_frames"]


def document_partitions(segments: Sequence[Segment], parts: int | None = None, *,
                        docs_per_part: int | None = None) -> list[list[Segment]]:
    """Segments cut into at most `parts` partitions at document boundaries, order kept; or, with
    `docs_per_part`, into ceil(documents / docs_per_part) partitions whatever the number of workers."""
    runs: list[list[Segment]] = []
    for s in segments:
        if runs and runs[-1][0].doc_id == s.doc_id:
            runs[-1].append(s)
        else:
            runs.append([s])
    if docs_per_part is not None:
        parts = -(-len(runs) // max(1, docs_per_part))
    return [[s for run in group for s in run] for group in split(runs, parts or 1)]


def score_partition(segments: list[Segment], model: Any, pipeline: str) -> CodeResult:
    """On a worker: one partition scored (after checking that the worker uses this process's pipeline)."""
    from toolkit import nlp

    here = nlp.pipeline_info().key
    if here != pipeline:
        raise WorthError(f"a Dask worker uses the NLP pipeline {here}, this process {pipeline}: scores would "
                         "differ", hint="install the same spaCy pipeline (and WORTH_SPACY_MODEL) on the workers")
    return code_segments(segments, model, check_language=False)


def result_frame(result: CodeResult) -> Any:
    """A partition's result as a pandas DataFrame (one row per segment) to send back to the driver."""
    import pandas as pd

    data: dict[str, Any] = {}
    for j, c in enumerate(result.code_ids):
        data[f"p:{c}"] = result.proba[:, j]
        data[f"d:{c}"] = result.decided[:, j]
    data["explain"] = [json.dumps(e, ensure_ascii=False) for e in result.explain]
    data["not_coded"] = [json.dumps(n, ensure_ascii=False) for n in result.not_coded]
    return pd.DataFrame(data)


def code_partition(segments: list[Segment], model: Any, pipeline: str) -> Any:
    """On a worker: one partition scored, as a pandas DataFrame (one row per segment)."""
    return result_frame(score_partition(segments, model, pipeline))


def combine_frames(frames: Sequence[Any], segments: Sequence[Segment], model: Any) -> CodeResult:
    """The partitions' frames (in document order) put together into one CodeResult."""
    import numpy as np

    code_ids = list(model.classifier.code_ids_)
    if not frames:
        return code_segments([], model, check_language=False)
    proba = np.vstack([f[[f"p:{c}" for c in code_ids]].to_numpy(dtype=float) for f in frames])
    decided = np.vstack([f[[f"d:{c}" for c in code_ids]].to_numpy(dtype=bool) for f in frames])
    explain = [json.loads(e) for f in frames for e in f["explain"]]
    not_coded = [json.loads(n) for f in frames for n in f["not_coded"]]
    return CodeResult(list(segments), code_ids, proba, decided, explain, model.coder, model.manifest["version"],
                      not_coded=not_coded)


def code_segments_on(runner: Runner, segments: Sequence[Segment], model: Any, *,
                     progress: Callable[[int], None] | None = None) -> CodeResult:
    """`code_segments` with partitions of documents scored by `runner`; the same result."""
    from toolkit import nlp

    _check_dutch([s.text for s in segments if s.codable])
    parts = document_partitions(segments, 4 * runner.workers)
    done = (lambda i: progress(sum(s.codable for s in parts[i]))) if progress is not None else None
    frames = runner.gather(code_partition, parts, runner.share(model), nlp.pipeline_info().key, done=done)
    return combine_frames(frames, segments, model)
