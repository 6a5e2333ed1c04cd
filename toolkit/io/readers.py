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

import json
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.config import MANIFEST_NAME, MAX_UNZIPPED_BYTES, SIDECAR_SUFFIX, TEXT_FORMATS
from toolkit.errors import CorruptFile, EmptyInput, InputError, UnsupportedFormat
from toolkit.types import Document
from toolkit.io.text import Parsed, ReadReport, _clean_text, _sha, _slug, decode_bytes, normalise_newlines
from toolkit.io.records import _records_to_parsed, read_csv_records, read_jsonl_records
from toolkit.io.text import _read_bytes

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


# --------------------------------------------------------------------------- decoding


# --------------------------------------------------------------------------- readers


def _open_zip(path: Path, required: str, kind: str) -> zipfile.ZipFile:
    """Open an office zip after checking it is one and that it does not unpack to a bomb."""
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        if _starts_with(path, _OLE_MAGIC):  # Office's encrypted files, and old .doc files renamed, are OLE files
            raise CorruptFile(f"a password-protected (encrypted) document, or an old Word .doc renamed to {kind}",
                              path=path, hint=f"open it in the word processor, remove the password if it has "
                                              f"one, and save it as {kind}") from None
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


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(magic)) == magic
    except OSError:
        return False


_CONVERT_HINTS = {  # what to do with the formats researchers most often have instead
    ".doc": "save it as .docx in Word (Save as, Word document)",
    ".rtf": "save it as .docx or .txt in the word processor",
    ".pdf": "worth does not read PDF: save the transcript as .docx or .txt from the program that made it",
    ".xlsx": "save the sheet as .csv with a 'text' column",
    ".xls": "save the sheet as .csv with a 'text' column",
    ".qdpx": "a REFI-QDA project is read by `worth ingest FILE.qdpx --project P.sqlite`: give P.sqlite here",
}


_NOT_TRANSCRIPTS = ("Thumbs.db", "desktop.ini")  # Windows keeps these in folders of documents


def read_file(path: str | Path, *, meta: dict[str, Any] | None = None,
              doc_id: str | None = None) -> list[Parsed]:
    """Read one file into one or more documents (jsonl/csv may hold several)."""
    path = Path(path)
    fmt = TEXT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        reads = "worth reads " + ", ".join(sorted(TEXT_FORMATS))
        raise UnsupportedFormat(f"unsupported file type '{path.suffix or '(none)'}'", path=path,
                                hint="; ".join(filter(None, (_CONVERT_HINTS.get(path.suffix.lower()), reads))))
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
    if not path.is_file():
        raise InputError("no such manifest file", path=path, hint="check the --manifest path")
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
                if path.name.startswith("~$") or path.name in _NOT_TRANSCRIPTS:
                    continue  # Word's lock file of a document that is open, not a transcript
                if path.name == MANIFEST_NAME or path.name.endswith(SIDECAR_SUFFIX):
                    continue
                if path.suffix.lower() in (".sqlite", ".sqlite-wal", ".sqlite-shm", ".md"):
                    continue
                yield path, item
        else:
            yield item, None


PlannedFile = tuple[Path, "Path | None", dict[str, Any]]  # a file, the folder it was found in, manifest metadata


def plan_inputs(inputs: Iterable[str | Path], *, manifest: str | Path | None = None
                ) -> tuple[list[PlannedFile], list[InputError]]:
    """The files to read with their manifest metadata, and the inputs that do not exist."""
    inputs = [Path(i) for i in inputs]
    manifests: dict[str, dict[str, Any]] = {}
    if manifest:  # an explicit manifest wins over manifest.csv files found beside the inputs
        manifests.update(load_manifest(manifest))
    folders = {item if item.is_dir() else item.parent for item in inputs if item.exists()}
    for folder in sorted(folders):  # a manifest.csv applies to the files beside it, named or found
        if (folder / MANIFEST_NAME).is_file():
            for key, value in load_manifest(folder / MANIFEST_NAME).items():
                manifests.setdefault(key, value)
    missing = [InputError("no such file or folder", path=item, hint="check the path")
               for item in inputs if not item.exists()]
    files, seen = [], set()
    for p, root in iter_input_files(i for i in inputs if i.exists()):
        if p.resolve() in seen:  # named twice (or named and inside a named folder): one file, read once
            continue
        seen.add(p.resolve())
        files.append((p, root, manifests.get(str(p.resolve()), {})))
    _check_manifest_rows(manifests, files, explicit=bool(manifest))
    return files, missing


def _check_manifest_rows(manifests: dict[str, dict[str, Any]], files: list[PlannedFile], *, explicit: bool) -> None:
    """Warn about manifest rows naming no existing file, and files a manifest beside them leaves out."""
    def names(paths: list[Path]) -> str:
        return ", ".join(p.name for p in paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")

    gone = sorted(Path(k) for k in manifests if not Path(k).exists())
    if gone:
        log.warning("the manifest names %d file(s) that do not exist (check the 'file' column): %s",
                    len(gone), names(gone))
    unlisted = [p for p, _, meta in files if not meta and str(p.resolve()) not in manifests
                and (explicit or (p.parent / MANIFEST_NAME).is_file())
                and not p.with_name(p.name + SIDECAR_SUFFIX).is_file()]
    if unlisted:
        log.warning("%d file(s) have no row in the manifest and no sidecar, so no metadata: %s",
                    len(unlisted), names(unlisted))


def _read_planned(path: Path, meta: dict[str, Any], doc_id: str) -> list[Parsed]:
    return read_file(path, meta={**meta, **_sidecar(path)}, doc_id=doc_id)


def read_planned(files: Sequence[PlannedFile]) -> list[tuple[list[Parsed] | None, InputError | None]]:
    """Read planned files with ids from their names (run on Dask workers): per file its documents or
    the reason it cannot be read. `accept_read` then applies the checks that need the whole batch."""
    out: list[tuple[list[Parsed] | None, InputError | None]] = []
    for path, _root, meta in files:
        try:
            out.append((_read_planned(path, meta, _slug(path.stem)), None))
        except InputError as exc:
            if exc.path is None:
                exc.path = str(path)
            out.append((None, exc))
        except OSError as exc:
            out.append((None, InputError(f"cannot read the file ({exc.strerror})", path=path,
                                         hint="check permissions")))
    return out


@dataclass
class _Batch:
    """What the files read so far in a batch hold: texts by sha256, document ids."""

    by_sha: dict[str, str] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)


def accept_read(file: PlannedFile, read: tuple[list[Parsed] | None, InputError | None], batch: _Batch,
                report: ReadReport) -> None:
    """Add one file's documents to the report, or its reason to be skipped, in batch order: a file
    whose name gives an id already taken is read again under its path below the folder."""
    path, root, meta = file
    try:
        parsed, error = read
        if _slug(path.stem) in batch.ids and root is not None:
            doc_id = _slug(str(path.relative_to(root).with_suffix("")).replace("/", "_"))
            parsed, error = _read_planned(path, meta, doc_id), None
        if error is not None:
            raise error
        for one in parsed or []:
            doc = one.document
            if doc.sha256 in batch.by_sha:
                raise InputError(f"document {doc.id!r} has the same text as {batch.by_sha[doc.sha256]}; "
                                 "skipped", path=path, hint="remove the copy")
            if doc.id in batch.ids:
                table = path.suffix.lower() in (".csv", ".jsonl")  # often worth's own output saved beside the input
                raise InputError(f"document id {doc.id!r} occurs twice in this batch", path=path,
                                 hint="rename one of the files" + ("; a table written by worth (segments, codings) "
                                                                   "is read as input here: keep outputs outside "
                                                                   "the input folder" if table else ""))
            batch.by_sha[doc.sha256] = str(path)
            batch.ids.add(doc.id)
            report.parsed.append(one)
    except InputError as exc:
        if exc.path is None:
            exc.path = str(path)
        report.skipped.append(exc)
    except OSError as exc:
        report.skipped.append(InputError(f"cannot read the file ({exc.strerror})", path=path,
                                         hint="check permissions"))


def read_inputs(inputs: Iterable[str | Path], *, manifest: str | Path | None = None,
                progress: Any = None) -> ReadReport:
    """Read files and folders; bad files are skipped with their error, the rest go on.

    Documents get ids from their file names (unique within the batch); the same text twice in one
    batch is read once and the second file is reported as skipped.
    """
    files, missing = plan_inputs(inputs, manifest=manifest)
    report = ReadReport(skipped=missing)
    batch = _Batch()
    for file in files:
        if progress is not None:
            progress(file[0])
        accept_read(file, read_planned([file])[0], batch, report)
    return report


def read_inputs_on(runner: Any, inputs: Iterable[str | Path], *, manifest: str | Path | None = None,
                   progress: Any = None) -> ReadReport:
    """`read_inputs` with the files read in partitions by a `toolkit.partitions` runner (on Dask
    workers); the batch checks (ids, copies) then run here in file order, so the report is the same."""
    from toolkit.partitions import split

    files, missing = plan_inputs(inputs, manifest=manifest)
    parts = split(files, 4 * runner.workers)

    def done(i: int) -> None:
        if progress is not None:
            for file in parts[i]:
                progress(file[0])

    results = runner.gather(read_planned, parts, done=done)
    report = ReadReport(skipped=missing)
    batch = _Batch()
    for part, result in zip(parts, results):
        for file, read in zip(part, result):
            accept_read(file, read, batch, report)
    return report
