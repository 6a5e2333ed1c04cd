"""`worth ingest --replace`: corrected transcripts replace their old versions in a project.

The store moves the human codings along (toolkit.store.replace); the ones that cannot be placed in the
new text with certainty are written here to a CSV file beside the project, before the change is
committed, so no coding vanishes without a trace.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from toolkit import files as _io
from toolkit.store.replace import Replaced, replace_documents
from toolkit.types import Document, Segment

__all__ = ["UNANCHORED_COLUMNS", "unanchored_path", "replace_into"]

UNANCHORED_COLUMNS = ("file", "doc_id", "code", "coder", "old_start", "old_end", "text", "reason")


def unanchored_path(project: str | Path) -> Path:
    """A new file beside the project for codings that could not be re-anchored; never an existing one."""
    project = Path(project)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    name = f"{project.stem}.codings-not-reanchored-{stamp}"
    path, n = project.with_name(f"{name}.csv"), 1
    while path.exists():
        n += 1
        path = project.with_name(f"{name}-{n}.csv")
    return path


def _write(rows: Sequence[dict[str, Any]], path: Path) -> None:
    with _io.csv_write(path) as fh:
        writer = csv.DictWriter(fh, fieldnames=UNANCHORED_COLUMNS, delimiter=_io.CSV_SEP)
        writer.writeheader()
        writer.writerows(rows)


def replace_into(store, items: Sequence[tuple[Document, Sequence[Segment]]], *, project: str | Path,
                 params: dict[str, Any], pipeline: str | None, started_at: str) -> tuple[Replaced, Path | None]:
    """Replace these documents in one transaction; the CSV of codings not re-anchored (or None)."""
    written: list[Path] = []

    def keep(rows: list[dict[str, Any]]) -> None:
        path = unanchored_path(project)
        _write(rows, path)
        written.append(path)

    try:
        done = replace_documents(store, items, params=params, pipeline=pipeline, started_at=started_at, keep=keep)
    except BaseException:
        for path in written:  # the project is unchanged: no list of codings it still holds
            path.unlink(missing_ok=True)
        raise
    return done, (written[0] if written else None)
