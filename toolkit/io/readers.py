"""Read transcripts from files into `Document`s (and, for tabular formats, their segments).

Formats: .txt (UTF-8 with or without BOM, UTF-16 with BOM, cp1252/latin-1), .docx, .odt,
.vtt and .srt (subtitle output of transcription software), .jsonl segments and .csv with a text
column. Text is newline-normalised (CRLF and CR become LF) and every offset in the toolkit counts
code points of that text.

Metadata per transcript comes from a `manifest.csv` (column `file` plus any metadata columns) in the
folder that is ingested or given with `manifest=`, and from a sidecar `NAME.meta.json` beside a file;
the sidecar wins where both give a field.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import MANIFEST_NAME, MAX_FILE_BYTES, MAX_UNZIPPED_BYTES, SIDECAR_SUFFIX, TEXT_FORMATS
from .errors import CorruptFile, DecodeError, EmptyInput, InputError, UnsupportedFormat
from .types import Document, Segment

__all__ = [
    "Parsed",
    "decode_bytes",
    "normalise_newlines",
    "iter_input_files",
    "read_file",
    "read_inputs",
    "load_manifest",
    "parse_speaker_roles",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Parsed:
    """A document read from a file; `segments` is set when the file itself defines them (jsonl, csv)."""

    document: Document
    segments: list[Segment] | None = None
    lines: tuple[int, ...] | None = None  # input line of each segment (jsonl/csv)


@dataclass
class ReadReport:
    """What a batch read gave: parsed documents and the files skipped, with reasons."""

    parsed: list[Parsed] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)


# --------------------------------------------------------------------------- decoding

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MOJIBAKE_RE = re.compile(r"[ÃÂ][\u0080-\u00bf\u0152-\u2122]")


def _line_of(data: bytes | str, pos: int) -> int:
    return data[:pos].count(b"\n" if isinstance(data, bytes) else "\n") + 1


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; offsets everywhere count code points of the result."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when the bytes are text in UTF-16 without a BOM (Latin text then has
    a zero byte in nearly every odd / even position), else None."""
    head = data[:65536]
    if len(head) < 4 or len(head) % 2:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    half = len(head) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode transcript bytes; return (text, encoding name).

    Order: UTF-8 BOM, UTF-16 BOM, UTF-16 without BOM (by its zero bytes), UTF-8, then cp1252 (a superset of latin-1 for text; files
    saved as "ANSI" by Word or Notepad on Windows). Anything else is refused with the line of the
    first byte that does not decode, rather than guessed: a wrong guess silently corrupts quotes.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise DecodeError("file starts as UTF-8 but has bytes that are not UTF-8",
                              path=path, line=_line_of(data, exc.start + 3),
                              hint="re-save the file as UTF-8") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise DecodeError("file starts as UTF-16 but does not decode as UTF-16", path=path,
                              hint="re-save the file as UTF-8") from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError as exc:
            raise DecodeError("file looks like UTF-16 without a byte-order mark but does not decode",
                              path=path, line=data[:exc.start].decode(utf16, "replace").count("\n") + 1,
                              hint="re-save the file as UTF-8") from None
    if b"\x00" in data[:65536]:
        kind = "a PDF" if data.startswith(b"%PDF") else "binary data"
        raise DecodeError(f"file holds {kind}, not text", path=path,
                          hint="export the transcript as .txt, .docx or .odt")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DecodeError("bytes that are neither UTF-8 nor Windows-1252/latin-1 text",
                          path=path, line=_line_of(data, exc.start),
                          hint="re-save the file as UTF-8") from None
    if _MOJIBAKE_RE.search(text) or _CONTROL_RE.search(text):
        raise DecodeError("file mixes UTF-8 with another encoding", path=path,
                          line=_line_of(data, utf8_error.start),
                          hint="open it in an editor and re-save it as UTF-8")
    return text, "cp1252"


def _clean_text(text: str, path: str | Path) -> str:
    """Normalise newlines and replace stray control characters by spaces (offsets unchanged)."""
    text = normalise_newlines(text)
    if _CONTROL_RE.search(text):
        text = _CONTROL_RE.sub(" ", text)
    if not text.strip():
        raise EmptyInput("file has no text", path=path,
                         hint="check that the transcript was saved with its contents")
    return text


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _slug(name: str) -> str:
    slug = re.sub(r"[^\w.\-]+", "_", name, flags=re.UNICODE).strip("._")
    return slug or "document"


# --------------------------------------------------------------------------- readers


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"file is {size / 2**20:.0f} MB, over the limit of "
                         f"{MAX_FILE_BYTES / 2**20:.0f} MB", path=path,
                         hint="split it into smaller transcripts")
    return path.read_bytes()


def _open_zip(path: Path, required: str, kind: str) -> zipfile.ZipFile:
    """Open an office zip after checking it is one and that it does not unpack to a bomb."""
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CorruptFile(f"not a valid {kind} file (damaged or truncated)", path=path,
                          hint=f"open it in the word processor and save it again as {kind}") from None
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        zf.close()
        raise CorruptFile(f"{kind} file unpacks to {total / 2**20:.0f} MB, which is not a transcript",
                          path=path, hint="save the document again without embedded media")
    if required not in zf.namelist():
        zf.close()
        raise CorruptFile(f"not a {kind} file ({required} is missing)", path=path,
                          hint=f"save it again as {kind} from the word processor")
    return zf


def _read_docx(path: Path) -> str:
    import docx  # python-docx; imported here because it is slow to import

    _open_zip(path, "word/document.xml", ".docx").close()
    try:
        document = docx.Document(str(path))
        blocks: list[str] = []
        for block in document.iter_inner_content():
            if hasattr(block, "rows"):  # a table: transcripts are often a speaker | text table
                for row in block.rows:
                    cells = [c.text.strip() for c in row.cells]
                    cells = [c for i, c in enumerate(cells) if c and c not in cells[:i]]
                    if len(cells) == 2 and len(cells[0]) <= 40 and not cells[0].endswith(":"):
                        blocks.append(f"{cells[0]}: {cells[1]}")
                    elif cells:
                        blocks.append("\t".join(cells))
            else:
                blocks.append(block.text)
    except Exception as exc:  # python-docx raises many types on damaged XML
        raise CorruptFile(f"cannot read the .docx ({type(exc).__name__})", path=path,
                          hint="open it in Word or LibreOffice and save it again") from None
    return "\n\n".join(b.strip("\n") for b in blocks if b.strip())


def _read_odt(path: Path) -> str:
    from odf import opendocument, teletype
    from odf.namespaces import TEXTNS

    _open_zip(path, "content.xml", ".odt").close()
    try:
        document = opendocument.load(str(path))
        blocks: list[str] = []

        def walk(node: Any) -> None:
            for child in node.childNodes:
                if getattr(child, "qname", None) in ((TEXTNS, "p"), (TEXTNS, "h")):
                    blocks.append(teletype.extractText(child))
                elif getattr(child, "childNodes", None):
                    walk(child)

        walk(document.text)
    except Exception as exc:
        raise CorruptFile(f"cannot read the .odt ({type(exc).__name__})", path=path,
                          hint="open it in LibreOffice and save it again") from None
    return "\n\n".join(b.strip("\n") for b in blocks if b.strip())


_TIMING_RE = re.compile(
    r"^\s*(?P<h>\d{1,2}:)?(?P<m>\d{2}):(?P<s>\d{2})[.,]\d{1,3}\s*-->\s*(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{1,3}")
_VOICE_RE = re.compile(r"<v(?:\.[\w.]+)?\s+([^>]+)>")
_TAG_RE = re.compile(r"</?[^>]+>")
_CUE_SPEAKER_RE = re.compile(r"^\s*(?:-\s*)?([^\W\d_][\w .'’\-]{0,30}?)\s*:\s+(.*)$", re.S)
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)]*$")


def _parse_cues(text: str, path: Path, fmt: str) -> list[tuple[str, str | None, str]]:
    """(timestamp hh:mm:ss, speaker or None, text) per cue of a WebVTT or SRT file."""
    lines = text.split("\n")
    if fmt == "vtt" and not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise CorruptFile("a .vtt file must start with WEBVTT", path=path, line=1,
                          hint="check that this is WebVTT output of the transcription software")
    cues: list[tuple[str, str | None, str]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(("NOTE", "STYLE", "REGION")):
            while i < len(lines) and lines[i].strip():
                i += 1
            continue
        m = _TIMING_RE.match(line)
        if not m:
            if "-->" in line:
                raise CorruptFile("cannot read this cue timing", path=path, line=i + 1,
                                  hint="timings look like 00:01:02.500 --> 00:01:05.000")
            i += 1
            continue
        stamp = f"{int((m.group('h') or '0:')[:-1]):02d}:{m.group('m')}:{m.group('s')}"
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i].strip():
            body.append(lines[i].strip())
            i += 1
        raw = " ".join(body)
        voice = _VOICE_RE.search(raw)
        speaker = voice.group(1).strip() if voice else None
        cue_text = " ".join(_TAG_RE.sub("", raw).split())
        if speaker is None:
            sm = _CUE_SPEAKER_RE.match(cue_text)
            if sm and len(sm.group(1).split()) <= 4:
                speaker, cue_text = sm.group(1).strip(), sm.group(2).strip()
        if cue_text:
            cues.append((stamp, speaker, cue_text))
    if not cues:
        raise EmptyInput(f"no subtitle cues found in this .{fmt} file", path=path,
                         hint="check that it is the transcription software's export")
    return cues


def _read_subtitles(path: Path, fmt: str) -> tuple[str, str]:
    """Turn cues into a transcript: consecutive cues of one speaker become one turn.

    With speakers: `[hh:mm:ss] Speaker: text` per turn. Without: cues are joined into paragraphs
    that end where a sentence ends, each starting with its timestamp in brackets.
    """
    text, encoding = decode_bytes(_read_bytes(path), path)
    cues = _parse_cues(normalise_newlines(text), path, fmt)
    blocks: list[str] = []
    if any(speaker for _, speaker, _ in cues):
        current: tuple[str, str | None] | None = None
        parts: list[str] = []
        for stamp, speaker, cue_text in cues:
            speaker = speaker or (current[1] if current else None) or "Spreker"
            if current is None or speaker != current[1]:
                if current is not None:
                    blocks.append(f"[{current[0]}] {current[1]}: {' '.join(parts)}")
                current, parts = (stamp, speaker), []
            parts.append(cue_text)
        if current is not None:
            blocks.append(f"[{current[0]}] {current[1]}: {' '.join(parts)}")
    else:
        parts, start = [], None
        for stamp, _, cue_text in cues:
            start = start or stamp
            parts.append(cue_text)
            if _SENTENCE_END_RE.search(cue_text):
                blocks.append(" ".join(parts))
                parts, start = [], None
        if parts:
            blocks.append(" ".join(parts))
    return "\n\n".join(blocks) + "\n", encoding


_INTERVIEWER_ROLES = frozenset({"interviewer", "i", "gespreksleider", "moderator", "onderzoeker"})
_TEXT_COLUMNS = ("text", "tekst", "segment", "quote", "content", "fragment")
_DOC_COLUMNS = ("doc_id", "document", "doc", "file", "bestand", "transcript")


def _records_to_parsed(records: list[tuple[int, dict[str, Any]]], path: Path, fmt: str,
                       encoding: str) -> list[Parsed]:
    """Group segment records by document; each document's text is its segments joined by blank lines."""
    by_doc: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for lineno, rec in records:
        doc_key = next((str(rec[c]) for c in _DOC_COLUMNS if rec.get(c) not in (None, "")), None)
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
                if k not in ("text", "id", "speaker", "role", "is_interviewer", "kind", "codes", *_DOC_COLUMNS)
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


def read_file(path: str | Path, *, meta: dict[str, Any] | None = None,
              doc_id: str | None = None) -> list[Parsed]:
    """Read one file into one or more documents (jsonl/csv may hold several)."""
    path = Path(path)
    fmt = TEXT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(f"unsupported file type '{path.suffix or '(none)'}'", path=path,
                                hint="worth reads " + ", ".join(sorted(TEXT_FORMATS)))
    if not path.is_file():
        raise InputError("no such file", path=path, hint="check the path")
    meta = dict(meta or {})
    if fmt in ("jsonl", "csv"):
        records, encoding = (read_jsonl_records(path) if fmt == "jsonl" else read_csv_records(path))
        parsed = _records_to_parsed(records, path, fmt, encoding)
        return [Parsed(Document(id=p.document.id, text=p.document.text, source=p.document.source,
                                format=fmt, encoding=encoding, sha256=p.document.sha256,
                                meta={**meta, **p.document.meta}), p.segments, p.lines) for p in parsed]
    if fmt == "txt":
        text, encoding = decode_bytes(_read_bytes(path), path)
    elif fmt == "docx":
        text, encoding = _read_docx(path), "docx"
    elif fmt == "odt":
        text, encoding = _read_odt(path), "odt"
    else:
        text, encoding = _read_subtitles(path, fmt)
    text = _clean_text(text, path)
    document = Document(id=doc_id or _slug(path.stem), text=text, source=str(path), format=fmt,
                        encoding=encoding, sha256=_sha(text), meta=meta)
    return [Parsed(document)]


# --------------------------------------------------------------------------- metadata


def parse_speaker_roles(value: Any) -> dict[str, str]:
    """`"Truus=mantelzorger; Ahmed=vrijwilliger"` (or a dict) -> {"truus": "mantelzorger", ...}."""
    if isinstance(value, dict):
        return {str(k).strip().casefold(): str(v).strip() for k, v in value.items()}
    roles: dict[str, str] = {}
    for part in str(value or "").split(";"):
        if "=" in part:
            name, role = part.split("=", 1)
            if name.strip() and role.strip():
                roles[name.strip().casefold()] = role.strip()
    return roles


def load_manifest(path: str | Path) -> dict[str, dict[str, Any]]:
    """Manifest CSV: column `file` (path relative to the manifest) plus metadata columns."""
    path = Path(path)
    records, _ = read_csv_records(path, text_column="file")
    out: dict[str, dict[str, Any]] = {}
    for lineno, row in records:
        name = str(row.pop("text") or "").strip()
        if not name:
            raise InputError("row without a file name", path=path, line=lineno,
                             hint="fill in the 'file' column")
        out[str((path.parent / name).resolve())] = {k: v for k, v in row.items() if v not in (None, "")}
    return out


def _sidecar(path: Path) -> dict[str, Any]:
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"metadata sidecar is not valid JSON ({exc})", path=side,
                         hint="write one JSON object with the metadata fields") from None
    if not isinstance(data, dict):
        raise InputError("metadata sidecar must be a JSON object", path=side)
    return data


# --------------------------------------------------------------------------- batches


def iter_input_files(inputs: Iterable[str | Path]) -> Iterator[tuple[Path, Path | None]]:
    """(file, folder it was found in or None) for files and folders (recursive, sorted)."""
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            for path in sorted(p for p in item.rglob("*") if p.is_file()):
                rel = path.relative_to(item)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if path.name == MANIFEST_NAME or path.name.endswith(SIDECAR_SUFFIX):
                    continue
                if path.suffix.lower() in (".sqlite", ".sqlite-wal", ".sqlite-shm", ".md"):
                    continue
                yield path, item
        else:
            yield item, None


def read_inputs(inputs: Iterable[str | Path], *, manifest: str | Path | None = None,
                progress: Any = None) -> ReadReport:
    """Read files and folders; bad files are skipped with their error, the rest go on.

    Documents get ids from their file names (unique within the batch); the same text twice in one
    batch is read once and the second file is reported as skipped.
    """
    inputs = [Path(i) for i in inputs]
    report = ReadReport()
    manifests: dict[str, dict[str, Any]] = {}
    if manifest:  # an explicit manifest wins over manifest.csv files found beside the inputs
        manifests.update(load_manifest(manifest))
    folders = {item if item.is_dir() else item.parent for item in inputs if item.exists()}
    for folder in sorted(folders):  # a manifest.csv applies to the files beside it, named or found
        if (folder / MANIFEST_NAME).is_file():
            for key, value in load_manifest(folder / MANIFEST_NAME).items():
                manifests.setdefault(key, value)
    for item in inputs:
        if not item.exists():
            report.skipped.append(InputError("no such file or folder", path=item, hint="check the path"))
    files = [(p, root) for p, root in iter_input_files(i for i in inputs if i.exists())]
    by_sha: dict[str, str] = {}
    ids: set[str] = set()
    for path, root in files:
        if progress is not None:
            progress(path)
        try:
            meta = {**manifests.get(str(path.resolve()), {}), **_sidecar(path)}
            doc_id = _slug(path.stem)
            if doc_id in ids and root is not None:
                doc_id = _slug(str(path.relative_to(root).with_suffix("")).replace("/", "_"))
            for parsed in read_file(path, meta=meta, doc_id=doc_id):
                doc = parsed.document
                if doc.sha256 in by_sha:
                    raise InputError(f"document {doc.id!r} has the same text as {by_sha[doc.sha256]}; "
                                     "skipped", path=path, hint="remove the copy")
                if doc.id in ids:
                    raise InputError(f"document id {doc.id!r} occurs twice in this batch", path=path,
                                     hint="rename one of the files")
                by_sha[doc.sha256] = str(path)
                ids.add(doc.id)
                report.parsed.append(parsed)
        except InputError as exc:
            if exc.path is None:
                exc.path = str(path)
            report.skipped.append(exc)
        except OSError as exc:
            report.skipped.append(InputError(f"cannot read the file ({exc.strerror})", path=path,
                                             hint="check permissions"))
    return report
