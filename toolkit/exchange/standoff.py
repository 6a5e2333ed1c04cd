"""Standoff human codings (JSONL lines {file, start, end, code, coder}, optionally the coded "text") read
and checked; `ingest` stores them.

Offsets count characters of the transcript after its line ends became one newline each. Tools on
Windows often count a CRLF line end as two characters, and such codings would land a few characters
later with every line. When a line gives the coded "text", the span is checked against it, and offsets
that match only when CRLF is counted as two characters are converted (and said so); without "text",
codings on a transcript saved with CRLF line ends get one warning.
"""

from __future__ import annotations

import logging
import re
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
        if not isinstance(rec.get("text", ""), str):
            raise InputError('"text" must be the coded words as a string', path=path, line=lineno)
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
    not_given: dict[str, list[int]] = {}
    line_ends = _CrlfLineEnds()
    for lineno, rec in read_standoff(path):
        name = str(rec["file"])
        if name in unread_names or Path(name).name in unread_names:
            left_out[name] = left_out.get(name, 0) + 1
            continue
        if renamed:
            name = renamed.get(name) or renamed.get(Path(name).name) or renamed.get(Path(name).stem) or name
        doc = docs.get(name) or docs.get(Path(name).stem)
        if doc is None:  # a transcript of another batch, or a misspelt name: left out, named below
            not_given.setdefault(str(rec["file"]), []).append(lineno)
            continue
        if rec["code"] not in codebook:
            raise InputError(f"unknown code id {rec['code']!r}", path=path, line=lineno,
                             hint=f"the codebook {codebook.name!r} has: {', '.join(codebook.ids[:6])}, ...")
        pseudonymised = bool(replacements and replacements.get(doc.id))
        start, end = line_ends.place(doc, rec, path, lineno, check_text=not pseudonymised)
        if pseudonymised:  # codings of the original text, now pseudonymised
            from toolkit.io.pseudonymise import remap_span

            start, end = remap_span(start, end, replacements[doc.id])
        if not 0 <= start < end <= len(doc.text):
            raise InputError(f"offsets {rec['start']}-{rec['end']} lie outside {doc.id!r} "
                             f"(length {len(doc.text)})", path=path, line=lineno,
                             hint="offsets count characters of the transcript after newline normalisation"
                                  + line_ends.hint(doc))
        codings.append(Coding(doc_id=doc.id, start=start, end=end, code_id=rec["code"],
                              coder=str(rec["coder"]), segment_id=segs_by_span.get((doc.id, start, end))))
    line_ends.report(path)
    _report_not_given(not_given, path, found=bool(codings))
    if left_out:
        log.warning("%d coding(s) in %s were left out: they belong to %s, which was skipped (the list of "
                    "skipped files at the end says why)",
                    sum(left_out.values()), path.name, ", ".join(sorted(left_out)))
    return codings




def _report_not_given(not_given: dict[str, list[int]], path: Path, *, found: bool) -> None:
    """Codings naming transcripts that are neither given nor in the project: left out with one warning
    when others were found (a batch of a larger study), refused when none were (a wrong file or names)."""
    if not not_given:
        return
    name, lines = next(iter(not_given.items()))
    if not found:
        raise InputError(f"coding refers to {name!r}, which is not in the project, and no coding in the file "
                         "names a transcript given or in the project", path=path, line=lines[0],
                         hint="check the file names in the codings, or ingest those transcripts with them")
    files = sorted(not_given)
    log.warning("%d coding(s) in %s name %d transcript(s) that are neither given nor in the project, and were "
                "left out: %s (first at line %d). Ingest those transcripts later with the same codings file: "
                "codings already stored are not added twice", sum(map(len, not_given.values())), path.name,
                len(files), ", ".join(files[:5]) + (", ..." if len(files) > 5 else ""), lines[0])


class _CrlfLineEnds:
    """Where the plain-text transcripts had CRLF line ends (read again from their files), and what
    that did to the codings' offsets: converted (the coded "text" matched only so) or unchecked."""

    def __init__(self) -> None:
        self._starts: dict[str, Any] = {}  # doc id -> sorted raw positions of "\r\n", or None
        self.converted: dict[str, int] = {}
        self.unchecked: dict[str, int] = {}

    def _crlf(self, doc) -> Any:
        if doc.id not in self._starts:
            import numpy as np

            from toolkit.io.text import decode_bytes

            starts = None
            source = Path(doc.source) if doc.source else None
            if doc.format == "txt" and source is not None and source.is_file():
                try:
                    raw = decode_bytes(source.read_bytes(), source)[0]
                except (OSError, InputError):  # changed since it was read: nothing to say about it
                    raw = ""
                if "\r\n" in raw:
                    starts = np.array([m.start() for m in re.finditer("\r\n", raw)])
            self._starts[doc.id] = starts
        return self._starts[doc.id]

    def place(self, doc, rec: dict[str, Any], path: Path, lineno: int, *, check_text: bool = True) -> tuple[int, int]:
        """The coding's offsets in the normalised text: as given, or converted from CRLF counting.
        Not `check_text`: the document holds another text than the codings were made on (pseudonymised)."""
        from toolkit.io.text import normalise_newlines

        start, end, quoted = rec["start"], rec["end"], rec.get("text")
        quoted = normalise_newlines(quoted) if quoted is not None and check_text else None
        crlf = self._crlf(doc)
        if quoted is None:
            if crlf is not None and len(crlf):
                self.unchecked[doc.id] = self.unchecked.get(doc.id, 0) + 1
            return start, end
        if doc.text[start:end] == quoted:
            return start, end
        if crlf is not None and len(crlf):
            import numpy as np

            s2 = start - int(np.searchsorted(crlf, start - 1, side="left"))
            e2 = end - int(np.searchsorted(crlf, end - 1, side="left"))
            if doc.text[s2:e2] == quoted:
                self.converted[doc.id] = self.converted.get(doc.id, 0) + 1
                return s2, e2
        if not 0 <= start < end <= len(doc.text):
            return start, end  # refused as lying outside the text
        found = doc.text[start:end]
        raise InputError(f"offsets {start}-{end} of {doc.id!r} hold {_short(found)!r}, not the coding's text "
                         f"{_short(quoted)!r}", path=path, line=lineno,
                         hint="offsets count characters after each line end became one newline; check the "
                              "exporting tool's offsets, or leave \"text\" out to take them as they are")

    def hint(self, doc) -> str:
        """More to say when offsets lie outside a transcript that had CRLF line ends."""
        crlf = self._crlf(doc)
        if crlf is None or not len(crlf):
            return ""
        return ('; this transcript was saved with Windows line ends (CRLF): if your tool counted each as two '
                'characters, add the coded words as "text" to each line and worth converts the offsets')

    def report(self, path: Path) -> None:
        if self.converted:
            log.warning("%d coding(s) in %s counted each Windows line end (CRLF) as two characters; their "
                        "offsets were converted, and their text matches (%s)", sum(self.converted.values()),
                        path.name, ", ".join(sorted(self.converted)))
        if self.unchecked:
            log.warning("%d coding(s) in %s are on transcripts saved with Windows line ends (CRLF: %s). Their "
                        "offsets are taken to count a line end as one character; if your tool counted two, "
                        "they land later in the text with every line. Add the coded words as \"text\" to "
                        "each line and worth checks and converts them", sum(self.unchecked.values()),
                        path.name, ", ".join(sorted(self.unchecked)))


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n - 3] + "..."
