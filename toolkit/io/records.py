"""Tabular inputs: .jsonl segments and .csv with a text column, read into documents and segments."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from toolkit.errors import EmptyInput, InputError
from toolkit.types import Document, Segment
from toolkit.io.text import Parsed, _sha, _slug, decode_bytes, normalise_newlines
from toolkit.io.text import _read_bytes


_INTERVIEWER_ROLES = frozenset({"interviewer", "i", "gespreksleider", "moderator", "onderzoeker"})


_TEXT_COLUMNS = ("text", "tekst", "segment", "quote", "content", "fragment")


DOC_COLUMNS = ("doc_id", "document", "doc", "file", "bestand", "transcript")


def _records_to_parsed(records: list[tuple[int, dict[str, Any]]], path: Path, fmt: str,
                       encoding: str) -> list[Parsed]:
    """Group segment records by document; each document's text is its segments joined by blank lines."""
    by_doc: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for lineno, rec in records:
        doc_key = next((str(rec[c]) for c in DOC_COLUMNS if rec.get(c) not in (None, "")), None)
        by_doc.setdefault(doc_key or _slug(path.stem), []).append((lineno, rec))
    out: list[Parsed] = []
    seen_ids: set[str] = set()
    for doc_id, recs in by_doc.items():
        doc_id = _slug(doc_id)
        pieces: list[str] = []
        spans: list[tuple[int, int, int, dict[str, Any]]] = []
        pos = 0
        for lineno, rec in recs:
            seg_text = normalise_newlines(str(rec["text"])).strip()
            if not seg_text:
                raise EmptyInput("segment without text", path=path, line=lineno,
                                 hint="fill in the text or remove the line")
            if pieces:
                pos += 2
            spans.append((pos, pos + len(seg_text), lineno, rec))
            pieces.append(seg_text)
            pos += len(seg_text)
        text = "\n\n".join(pieces)
        meta = {k: v for k, v in recs[0][1].items()
                if k not in ("text", "id", "speaker", "role", "is_interviewer", "kind", "codes", *DOC_COLUMNS)
                and all(r.get(k) == v for _, r in recs)}
        document = Document(id=doc_id, text=text, source=str(path), format=fmt, encoding=encoding,
                            sha256=_sha(text), meta=meta)
        segments = []
        for n, (start, end, lineno, rec) in enumerate(spans, 1):
            seg_id = str(rec.get("id") or f"{doc_id}:{n:04d}")
            if seg_id in seen_ids:
                raise InputError(f"segment id {seg_id!r} occurs twice", path=path, line=lineno,
                                 hint="segment ids must be unique")
            seen_ids.add(seg_id)
            is_int = rec.get("is_interviewer")
            if isinstance(is_int, str):
                is_int = is_int.strip().lower() in ("1", "true", "ja", "yes", "waar")
            is_int = bool(is_int) or str(rec.get("role") or "").strip().casefold() in _INTERVIEWER_ROLES
            segments.append(Segment(id=seg_id, doc_id=doc_id, start=start, end=end,
                                    text=text[start:end], speaker=rec.get("speaker") or None,
                                    role=rec.get("role") or None, is_interviewer=bool(is_int),
                                    kind="preamble" if rec.get("kind") == "preamble" else "line"))
        out.append(Parsed(document, segments, tuple(lineno for _, _, lineno, _ in spans)))
    return out


def iter_json_lines(path: Path, *, what: str = "line") -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a JSONL file; clear errors otherwise."""
    text, _ = decode_bytes(_read_bytes(path), path)
    return _json_lines(text, path, what)


def _json_lines(text: str, path: Path, what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for lineno, line in enumerate(normalise_newlines(text).split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg})", path=path, line=lineno,
                             hint=f"each line must be one JSON object: one {what}") from None
        if not isinstance(rec, dict):
            raise InputError("line is not a JSON object", path=path, line=lineno,
                             hint=f"each line must be one JSON object: one {what}")
        yield lineno, rec


def read_jsonl_records(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], str]:
    """Lines of a JSONL segment file as (line number, object); each needs a string `text`."""
    text, encoding = decode_bytes(_read_bytes(path), path)
    records = []
    for lineno, rec in _json_lines(text, path, "segment"):
        if not isinstance(rec.get("text"), str):
            raise InputError("line has no string field 'text'", path=path, line=lineno,
                             hint='each segment needs "text"')
        records.append((lineno, rec))
    if not records:
        raise EmptyInput("no segments in this JSONL file", path=path,
                         hint="write one JSON object per line")
    return records, encoding


_CSV_DELIMITERS = ";\t,"  # the order breaks ties: Dutch Excel writes semicolons


_CSV_QUOTING_HINT = ('put a field that holds a quote, the separator or a line break in double quotes and '
                     'write each quote inside it twice: "Ik ben nog steeds ""de chauffeur"" van mijn moeder"')


def _csv_delimiter(text: str) -> str:
    """The separator of a CSV: whichever of `;`, tab and `,` the header row holds most.

    Only the separator is guessed. Quoting always follows the standard (RFC 4180, as Excel writes it):
    csv.Sniffer guessed it from the first 8 KB, and when no `""` stood there it read a later one wrongly.
    """
    header = text.split("\n", 1)[0]
    return max(_CSV_DELIMITERS, key=header.count)


def _csv_error(exc: csv.Error, path: Path, start: int, line: int) -> InputError:
    """A clear error for a CSV the strict reader refused; `start` is the line where the row began."""
    msg = str(exc)
    if "unexpected end of data" in msg:
        text = f"unclosed quote: the quoted field in the row from line {start} runs on to the end of the file"
    elif "field larger than field limit" in msg:
        text = (f"a field in the row from line {start} is longer than {csv.field_size_limit()} characters; "
                "probably a quote that is never closed")
    elif "expected after" in msg:
        text = "text after the closing quote of a field"
        if line > start:  # the field ran on over several lines: most likely an earlier quote was never closed
            text += f" on line {line}; the quote opened in the row from line {start} is probably never closed"
    else:
        text = f"cannot read this CSV ({msg})"
    return InputError(text, path=path, line=start, hint=_CSV_QUOTING_HINT)


def read_csv_records(path: Path, *, text_column: str | None = None
                     ) -> tuple[list[tuple[int, dict[str, Any]]], str]:
    """Rows of a CSV (comma, semicolon or tab separated, as Excel writes them) as dicts."""
    text, encoding = decode_bytes(_read_bytes(path), path)
    text = normalise_newlines(text)
    delimiter = _csv_delimiter(text)
    # strict: a quote that is never closed, or closed in the middle of a later field, is an error
    # instead of rows silently merged into one field; skipinitialspace: `A, "Ja, zeker"` is quoted too
    reader = csv.DictReader(io.StringIO(text), dialect=csv.excel, delimiter=delimiter, skipinitialspace=True,
                            strict=True)
    start = 1  # line where the row being read begins
    records = []
    try:
        columns = [c.strip() for c in (reader.fieldnames or []) if c]
        if not columns:
            raise EmptyInput("CSV has no header row", path=path, line=1,
                             hint="the first row must name the columns, one of them 'text'")
        lookup = {c.lower(): c for c in columns}
        wanted = text_column.lower() if text_column else next((c for c in _TEXT_COLUMNS if c in lookup), None)
        if wanted not in lookup and text_column:  # a manifest: its `file` column names the transcripts
            raise InputError(f"no '{text_column}' column (columns are: {', '.join(columns)})", path=path,
                             line=1, hint=f"name the column that holds the file names '{text_column}'")
        if wanted not in lookup:
            raise InputError(f"no text column (columns are: {', '.join(columns)})", path=path, line=1,
                             hint="name the column with the segment text 'text'")
        start = reader.line_num + 1
        for row in reader:
            if any(isinstance(v, str) and v.strip() for v in row.get(None) or ()):
                raise InputError(f"row has more fields than the header ({len(reader.fieldnames)} columns, "
                                 f"separated by {delimiter!r})", path=path, line=start, hint=_CSV_QUOTING_HINT)
            row = {(k or "").strip().lower(): (v.strip() if isinstance(v, str) else v)
                   for k, v in row.items() if k}
            row["text"] = row.pop(wanted.lower(), "") if wanted.lower() != "text" else row.get("text", "")
            if any(v for v in row.values()):
                records.append((reader.line_num, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _csv_error(exc, path, start, reader.reader.line_num) from None
    if not records:
        raise EmptyInput("CSV has a header but no rows", path=path, hint="add the segments as rows")
    return records, encoding


