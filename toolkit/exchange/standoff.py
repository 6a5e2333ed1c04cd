"""Standoff human codings (JSONL lines {file, start, end, code, coder}) read and checked; `ingest` stores them."""

from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path
from typing import Any

from toolkit.errors import InputError

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


_EXAMPLE = '{"file": "int01.txt", "start": 120, "end": 310, "code": "theme.shame", "coder": "anna"}'


def read_standoff(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """Standoff codings: JSONL lines {"file", "start", "end", "code", "coder"} (line number, record)."""
    from toolkit.io.records import iter_json_lines

    path = Path(path)
    if not path.is_file():
        raise InputError("no such codings file", path=path, hint="check the --codings path")
    if path.suffix.lower() in (".csv", ".tsv", ".xlsx", ".xls", ".ods"):
        raise InputError(f"codings are read from JSONL, not from a {path.suffix} table", path=path,
                         hint=f"write each row as one line {_EXAMPLE} in a .jsonl file")
    out = []
    for lineno, rec in iter_json_lines(path, what="coding"):
        missing = [k for k in ("file", "start", "end", "code", "coder") if k not in rec]
        if missing:
            raise InputError(f"coding lacks {', '.join(missing)} (it has: {', '.join(rec) or 'nothing'})",
                             path=path, line=lineno,
                             hint=f"write each coding as {_EXAMPLE}")
        if not (isinstance(rec["start"], int) and isinstance(rec["end"], int)):
            raise InputError("start and end must be whole numbers", path=path, line=lineno)
        out.append((lineno, rec))
    return out


def check_codings(path: str | Path, codebook, documents: Collection[Any], segments: Collection[Any], *,
                  replacements: dict[str, Any] | None = None, renamed: dict[str, str] | None = None,
                  unread: Collection[str | Path] = ()) -> list[Any]:
    """Human standoff codings checked against `documents` (and placed on `segments`), before anything
    is written: each line must name one of the documents, a code of the codebook and offsets inside it.

    `replacements` (per document id) re-map offsets of an original text that was pseudonymised;
    `renamed` maps the original file names and ids the codings name to the pseudonymised ids.
    `unread` are transcripts skipped in the same ingest (listed to the user with their reason): codings
    naming one are left out with one warning, not refused as naming a file that is not in the project.
    """
    from toolkit.types import Coding

    path = Path(path)
    docs = {Path(d.source).name: d for d in documents}
    docs.update({d.id: d for d in documents})
    segs_by_span = {(s.doc_id, s.start, s.end): s.id for s in segments}
    codings = []
    unread_names = {n for p in map(Path, unread) for n in (p.name, p.stem)}
    left_out: dict[str, int] = {}
    for lineno, rec in read_standoff(path):
        name = str(rec["file"])
        if name in unread_names or Path(name).name in unread_names:
            left_out[name] = left_out.get(name, 0) + 1
            continue
        if renamed:
            name = renamed.get(name) or renamed.get(Path(name).name) or renamed.get(Path(name).stem) or name
        doc = docs.get(name) or docs.get(Path(name).stem)
        if doc is None:
            raise InputError(f"coding refers to {rec['file']!r}, which is not in the project", path=path,
                             line=lineno, hint="ingest that transcript first")
        if rec["code"] not in codebook:
            raise InputError(f"unknown code id {rec['code']!r}", path=path, line=lineno,
                             hint=f"the codebook {codebook.name!r} has: {', '.join(codebook.ids[:6])}, ...")
        start, end = rec["start"], rec["end"]
        if replacements and replacements.get(doc.id):  # codings of the original text, now pseudonymised
            from toolkit.io.pseudonymise import remap_span

            start, end = remap_span(start, end, replacements[doc.id])
        if not 0 <= start < end <= len(doc.text):
            raise InputError(f"offsets {rec['start']}-{rec['end']} lie outside {doc.id!r} "
                             f"(length {len(doc.text)})", path=path, line=lineno,
                             hint="offsets count characters of the transcript after newline normalisation")
        codings.append(Coding(doc_id=doc.id, start=start, end=end, code_id=rec["code"],
                              coder=str(rec["coder"]), segment_id=segs_by_span.get((doc.id, start, end))))
    if left_out:
        log.warning("%d coding(s) in %s were left out: they belong to %s, which was skipped (the list of "
                    "skipped files at the end says why)",
                    sum(left_out.values()), path.name, ", ".join(sorted(left_out)))
    return codings


