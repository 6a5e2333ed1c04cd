"""Segment and coding files: JSONL (DESIGN contract 1 and 4) and CSV for spreadsheets."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit import files as _io
from toolkit.files import atomic_write
from toolkit.errors import InputError
from toolkit.types import Document, Segment
from toolkit.coding.scoring import CodeResult


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
        with _io.csv_write(out) as fh:
            writer = csv.writer(fh, delimiter=_io.CSV_SEP)
            writer.writerow(base + [f"meta.{k}" for k in meta_keys])
            for r in rows:
                writer.writerow([r[k] for k in base] + [r["meta"].get(k, "") for k in meta_keys])
    else:
        raise InputError(f"cannot write segments as '{suffix or '(no extension)'}'", path=out,
                         hint="use an --out file ending in .jsonl or .csv")


def _result_rows(result: CodeResult) -> list[dict[str, Any]]:
    rows = []
    for i, s in enumerate(result.segments):
        row = dict(result.extras[i]) if result.extras else {}
        row.update({"id": s.id})
        if not result.extras:
            row.update({"doc_id": s.doc_id, "start": s.start, "end": s.end, "speaker": s.speaker,
                        "role": s.role, "is_interviewer": s.is_interviewer, "text": s.text})
        if s.codable:
            row["codes"] = [c for c, d in zip(result.code_ids, result.decided[i]) if d]
            row["scores"] = {c: round(float(p), 4) for c, p in zip(result.code_ids, result.proba[i])}
            row["explain"] = result.explain[i]
            if not row["codes"] and result.not_coded and result.not_coded[i]:
                row["not_coded"] = result.not_coded[i]
        else:
            row.update({"codes": [], "scores": {}, "skipped": "interviewer turn or header (context only)"})
        rows.append(row)
    return rows


def write_codings(result: CodeResult, out: str | Path) -> None:
    """Write coding results by extension: .jsonl (contract 1) or .csv (a column per code score)."""
    out = Path(out)
    suffix = out.suffix.lower()
    rows = _result_rows(result)
    if suffix == ".jsonl":
        with atomic_write(out) as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif suffix == ".csv":
        base = [k for k in rows[0] if k not in ("codes", "scores", "explain", "skipped", "not_coded")] \
            if rows else ["id"]
        with _io.csv_write(out) as fh:
            writer = csv.writer(fh, delimiter=_io.CSV_SEP)
            writer.writerow(base + ["codes"] + [f"score:{c}" for c in result.code_ids])
            for row in rows:
                writer.writerow([row.get(k) for k in base] + [";".join(row["codes"])]
                                + [row["scores"].get(c, "") for c in result.code_ids])
    else:
        raise InputError(f"cannot write codings as '{suffix or '(no extension)'}'", path=out,
                         hint="use an --out file ending in .jsonl, .csv, .xlsx, .parquet, .html or .qdpx")


