"""Workflows behind the CLI commands; usable from notebooks as plain functions."""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ._io import atomic_write
from .errors import InputError
from .ingest import ReadReport, read_inputs
from .segment import segment_document, sentence_windows
from .store import open_store
from .types import Document, Segment

__all__ = ["IngestOutcome", "ingest", "collect_segments", "write_segments", "is_project_file",
           "segment_rows"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

_SQLITE_MAGIC = b"SQLite format 3\x00"


def is_project_file(path: str | Path) -> bool:
    """True when `path` is a SQLite file (a worth project), by its header, not its name."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            return path.is_file() and fh.read(16) == _SQLITE_MAGIC
    except OSError:
        return False


@dataclass
class IngestOutcome:
    run_id: str | None = None
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)
    segments: int = 0


def _segment_all(report: ReadReport, *, unit: str, window: int,
                 progress: Callable[[str], None] | None = None) -> list[tuple[Document, list[Segment]]]:
    out = []
    splitter = None
    for parsed in report.parsed:
        doc = parsed.document
        if progress:
            progress(doc.id)
        segments = parsed.segments if parsed.segments is not None else segment_document(
            doc, unit="paragraph" if unit == "paragraph" else "auto")
        if unit == "sentence":
            if splitter is None:
                from .nlp import sentence_spans as splitter
            segments = sentence_windows(segments, splitter, size=window)
        out.append((doc, segments))
    return out


def ingest(inputs: Sequence[str | Path], project: str | Path, *, manifest: str | Path | None = None,
           unit: str = "auto", window: int = 3, compute_terms: bool = True,
           progress: Callable[[str, int, int], None] | None = None) -> IngestOutcome:
    """Read transcripts into a project: one transaction for the whole batch.

    Bad files are skipped and reported; documents already in the project unchanged are left
    alone; the rest is stored with its segments as one ingest run.
    """
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    files_done = [0]

    def tick(_: object) -> None:
        files_done[0] += 1
        if progress:
            progress("read", files_done[0], 0)

    report = read_inputs(inputs, manifest=manifest, progress=tick)
    outcome = IngestOutcome(skipped=list(report.skipped))
    with open_store(project) as store:
        fresh: list[tuple[Document, list[Segment]]] = []
        for doc, segments in _segment_all(report, unit=unit, window=window):
            state = store.has_document(doc)
            if state == "same":
                outcome.unchanged.append(doc.id)
            elif state == "conflict":
                outcome.skipped.append(InputError(
                    f"a different document with id {doc.id!r} is already in the project",
                    path=doc.source, hint="rename the file, or ingest into a new project"))
            elif state:
                outcome.skipped.append(InputError(
                    f"same text as {state[5:]!r}, which is already in the project",
                    path=doc.source, hint="remove the copy"))
            else:
                fresh.append((doc, segments))
        pipeline = None
        if compute_terms and fresh:
            from . import nlp

            pipeline = nlp.pipeline_info().key
            texts = [s.text for _, segs in fresh for s in segs if s.codable]
            done = [0]

            def term_tick(n: int) -> None:
                done[0] += n
                if progress:
                    progress("terms", done[0], len(texts))

            nlp.terms(texts, cache=store, progress=term_tick)
        if fresh:
            params = {"inputs": [str(i) for i in inputs], "unit": unit,
                      "manifest": str(manifest) if manifest else None}
            outcome.run_id = store.add_documents(fresh, params=params, pipeline=pipeline,
                                                 started_at=started)
            outcome.added = [d.id for d, _ in fresh]
            outcome.segments = sum(len(s) for _, s in fresh)
    return outcome


def collect_segments(inputs: Sequence[str | Path], *, manifest: str | Path | None = None,
                     unit: str = "auto", window: int = 3
                     ) -> tuple[list[Document], list[Segment], list[InputError]]:
    """Documents and segments from files/folders and/or project files, in input order."""
    documents: list[Document] = []
    segments: list[Segment] = []
    files = []
    for item in inputs:
        if is_project_file(item):
            with open_store(item, create=False) as store:
                documents.extend(store.documents())
                segments.extend(store.segments())
        else:
            files.append(item)
    skipped: list[InputError] = []
    if files:
        report = read_inputs(files, manifest=manifest)
        skipped = report.skipped
        for doc, segs in _segment_all(report, unit=unit, window=window):
            documents.append(doc)
            segments.extend(segs)
    return documents, segments, skipped


def segment_rows(documents: Sequence[Document], segments: Sequence[Segment]) -> list[dict[str, Any]]:
    """Rows of the segment table (DESIGN.md contract 4), document metadata under `meta`."""
    meta = {d.id: d.meta for d in documents}
    return [{"id": s.id, "doc_id": s.doc_id, "start": s.start, "end": s.end, "speaker": s.speaker,
             "role": s.role, "is_interviewer": s.is_interviewer, "kind": s.kind, "text": s.text,
             "meta": meta.get(s.doc_id, {})} for s in segments]


def write_segments(rows: Sequence[dict[str, Any]], out: str | Path) -> None:
    """Write segment rows as .jsonl or .csv (chosen by the extension), atomically."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".jsonl":
        with atomic_write(out) as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif suffix == ".csv":
        meta_keys = sorted({k for r in rows for k in r["meta"]})
        base = [k for k in (rows[0] if rows else {"id": 0}) if k != "meta"] or \
            ["id", "doc_id", "start", "end", "speaker", "role", "is_interviewer", "kind", "text"]
        with atomic_write(out, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(base + [f"meta.{k}" for k in meta_keys])
            for r in rows:
                writer.writerow([r[k] for k in base] + [r["meta"].get(k, "") for k in meta_keys])
    else:
        raise InputError(f"cannot write segments as '{suffix or '(no extension)'}'", path=out,
                         hint="use an --out file ending in .jsonl or .csv")
