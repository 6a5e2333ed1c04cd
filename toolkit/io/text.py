"""Bytes to clean text: decoding (UTF-8/16, cp1252), newline normalisation, and the parsed-file records."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import DecodeError, EmptyInput, InputError
from toolkit.types import Document, Segment
from toolkit.config import MAX_FILE_BYTES


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


def _read_bytes(path: Path) -> bytes:
    path = Path(path)
    if not path.is_file():  # every reader of a file the user names (transcripts, codings, banks, manifests)
        what = "a folder, not a file" if path.is_dir() else "no such file"
        raise InputError(what, path=path, hint="check the path")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"file is {size / 2**20:.0f} MB, over the limit of "
                         f"{MAX_FILE_BYTES / 2**20:.0f} MB", path=path,
                         hint="split it into smaller transcripts")
    try:
        return path.read_bytes()
    except OSError as exc:  # no permission, a disk that went away
        raise InputError(f"cannot read this file ({exc.strerror or exc})", path=path,
                         hint="check that you may read it") from None


