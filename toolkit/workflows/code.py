"""Workflows behind the CLI commands; usable from notebooks as plain functions."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
from toolkit.store import is_project_file, open_store
from toolkit.coding.partitioned import code_segments_on
from toolkit.coding.scoring import CodeResult, code_segments
from toolkit.partitions import Runner, runner_for
from toolkit.workflows.ingest import _as_project, _nothing_read, collect_segments, refuse_false_projects
from toolkit.exchange.outputs import write_codings
from toolkit.exchange.parquet_dataset import check_target, write_dataset

__all__ = ["IngestOutcome", "ingest", "read_standoff", "import_codings", "collect_segments", "write_segments", "is_project_file",
           "segment_rows"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


# --------------------------------------------------------------------------- classifiers


def code(inputs: Sequence[str | Path], *, model: str | Path | None = None, codebook: str | Path | None = None,
         out: str | Path | None = None, store_results: bool = True, progress=None, scheduler=None) -> CodeResult:
    """Code transcripts, JSONL segments or a project with a trained model (default: models/default).

    A project given as input also receives the codings as one machine run (human codings untouched).
    With `scheduler` (a toolkit.partitions spec such as "local:2", or an open Runner) files are read
    and segments scored in partitions on Dask workers, with the same result. `out` DIR.parquet: a new
    folder with a partitioned Parquet dataset, each partition written by its worker
    (toolkit.exchange.parquet_dataset); a project given as input still receives the run. Files that
    cannot be read are skipped and kept in `result.skipped`; when none can be read: NothingRead.
    """
    from toolkit.coding.codebook_io import load_codebook
    from toolkit.coding.model import load_model

    refuse_false_projects(inputs)
    suffix = Path(out).suffix.lower() if out is not None else None
    if suffix in _PROJECT_FORMATS:
        with runner_for(scheduler) as runner, _as_project(inputs, runner) as (project, skipped):
            result = code([project], model=model, codebook=codebook, store_results=True, progress=progress,
                          scheduler=runner)
            with open_store(project, create=False) as store:
                _PROJECT_FORMATS[suffix](store, out)
        result.skipped = list(skipped)
        return result
    if suffix == ".parquet":
        check_target(out)  # refused before anything is read
    elif out is not None and suffix not in (".jsonl", ".csv"):
        write_codings(CodeResult([], [], None, None, [], "", ""), out)  # raises the clear error
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    loaded = load_model(model, codebook=load_codebook(codebook) if codebook else None)
    inputs = [Path(i) for i in inputs]
    projects = [i for i in inputs if is_project_file(i)]
    extras: list[dict[str, Any]] = []
    from_jsonl = len(inputs) == 1 and inputs[0].suffix.lower() == ".jsonl" and not projects
    if from_jsonl:
        from toolkit.io.readers import read_file
        from toolkit.io.records import read_jsonl_records

        records, _ = read_jsonl_records(inputs[0])
        parsed = read_file(inputs[0])
        documents = [p.document for p in parsed]
        by_line = {line: seg for p in parsed for line, seg in zip(p.lines, p.segments)}
        segments = [by_line[line] for line, _ in records]  # input order (contract 1)
        extras = [rec for _, rec in records]
    skipped = []
    with runner_for(scheduler) as runner:
        if not from_jsonl:
            documents, segments, skipped = collect_segments(inputs, runner=runner)
            _nothing_read(skipped, len(documents))  # the rest are listed by the caller, as `ingest` does
        if not segments:
            raise InputError("no segments to code", path=str(inputs[0]), hint="check the input")
        if suffix == ".parquet":  # written partition by partition (by the workers with a scheduler)
            result = write_dataset(runner or Runner(), segments, extras, loaded, out, progress=progress)
        elif runner is None:
            result = _score(segments, loaded, projects, progress)
        else:
            result = code_segments_on(runner, segments, loaded, progress=progress)
    result.extras = extras
    result.documents = documents
    result.skipped = list(skipped)
    if out is not None and suffix != ".parquet":
        write_codings(result, out)
    if store_results and projects:
        _store_run(projects[0], result, loaded, started)
    return result


def _score(segments, loaded, projects: list[Path], progress) -> CodeResult:
    """code_segments; a model with a semantic block reads and stores segment embeddings in the project
    file (keyed by text and embedder), so a rerun embeds nothing again."""
    if not projects or getattr(loaded.classifier, "semantic_", None) is None:
        return code_segments(segments, loaded, progress=progress)
    from toolkit.coding.semantic import embedding_cache
    from toolkit.store.embeddings import EmbeddingCache

    with open_store(projects[0], create=False) as store:
        cache = EmbeddingCache(store)
        with embedding_cache(cache):
            result = code_segments(segments, loaded, progress=progress)
    log.info("embeddings: %d segment(s) found in the project file, %d embedded", cache.hits, cache.misses)
    return result


def _write_tables(store, out) -> None:
    from toolkit.analysis.tables import write_tables

    write_tables(store, out)


def _write_report(store, out) -> None:
    from toolkit.analysis.report import write_report

    write_report(store, out)


def _write_qdpx(store, out) -> None:
    try:
        from toolkit.exchange.qdpx_write import export_qdpx
    except ImportError:
        raise InputError("writing .qdpx is not available in this version", path=out,
                         hint="write .jsonl, .csv, .xlsx or .html") from None
    export_qdpx(store, out)


_PROJECT_FORMATS = {".xlsx": _write_tables, ".html": _write_report,
                    ".qdpx": _write_qdpx}
"""Outputs of `code` that are made from a project (a temporary one for transcript inputs)."""


def _store_run(project: Path, result: CodeResult, loaded, started: str) -> str:
    from toolkit import nlp
    from toolkit.types import Coding

    codings = []
    for i, s in enumerate(result.segments):
        if not s.codable:
            continue
        for j, code_id in enumerate(result.code_ids):
            if result.decided[i, j]:
                codings.append(Coding(doc_id=s.doc_id, start=s.start, end=s.end, code_id=code_id,
                                      coder=result.coder, segment_id=s.id, score=float(result.proba[i, j]),
                                      model_version=result.model_version, explain=result.explain[i].get(code_id)))
    with open_store(project, create=False) as store:
        store.add_codebook(loaded.codebook.name, loaded.codebook.version, loaded.codebook.content(),
                           loaded.codebook.hash)
        return store.add_machine_run(codings, params={"model": str(loaded.path), "coder": result.coder},
                                     pipeline=nlp.pipeline_info().key, started_at=started,
                                     coder=result.coder, doc_ids={s.doc_id for s in result.segments})


# --------------------------------------------------------------------------- topics


