"""`worth ingest --replace`: corrected transcripts replace their old versions in a project.

The store moves the human codings along (toolkit.store.replace); the ones that cannot be placed in the
new text with certainty are written here to a CSV file beside the project, so no coding vanishes
without a trace. The file is written (and synced) under a pending name, `NAME.csv.pending`, before
the change is committed: when that write fails, nothing changes. Only after the commit is it moved to
its name, `PROJECT.codings-not-reanchored-TIME.csv`, so that name never lists codings the project
still holds. Should the move fail after the commit, the codings stay listed in the pending file and
the command says so. A pending file left by a process killed in between lists codings that are gone
from the project when the project holds the corrected text, else codings it still holds.
"""

from __future__ import annotations

import csv
import logging
import os
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from toolkit import files as _io
from toolkit.store.replace import Replaced, replace_documents
from toolkit.types import Document, Segment

__all__ = ["UNANCHORED_COLUMNS", "unanchored_path", "replace_into"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

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
                 params: dict[str, Any], pipeline: str | None, started_at: str,
                 add: Sequence[tuple[Document, Sequence[Segment]]] = ()) -> tuple[Replaced, Path | None]:
    """Replace these documents and add the new ones (`add`) in one transaction; returns what was done
    and the CSV of codings not re-anchored (None when every coding moved along)."""
    pending: list[tuple[Path, Path]] = []

    def keep(rows: list[dict[str, Any]]) -> None:  # inside the transaction, before the commit
        path = unanchored_path(project)
        temp = path.with_name(f"{path.name}.pending")
        _write(rows, temp)
        pending.append((temp, path))

    try:
        done = replace_documents(store, items, params=params, pipeline=pipeline, started_at=started_at, keep=keep,
                                 add=add)
    except BaseException:
        for temp, _ in pending:  # the project is unchanged: no list of codings it still holds
            temp.unlink(missing_ok=True)
        raise
    if not pending:
        return done, None
    temp, path = pending[0]
    try:
        os.replace(temp, path)
    except OSError as exc:  # committed: the list stays where it is, and the user is told
        log.warning("the %d coding(s) not re-anchored are listed in %s; it could not be renamed to %s (%s)",
                    len(done.unanchored), temp, path.name, exc.strerror or exc)
        return done, temp
    return done, path
