"""REFI-QDA projects (.qdpx): export a worth project, import projects from QDA programs.

A .qdpx file is a zip archive with `project.qde` (XML, namespace urn:QDA-XML:project:1.0, schema
Project-mrt2019.xsd) and the plain texts of the sources under `Sources/<guid>.txt`.

Export (`export_qdpx`) writes the codebook (as in a .qdc: groups become isCodable="false" parents,
the worth fields travel in each code's Description), one User per coder (a model such as
`model:worth@1.0` is a User of its own, so a researcher can review machine codings in ATLAS.ti,
NVivo or MAXQDA and filter them out), one TextSource per document, one PlainTextSelection with one
Coding per coding (a machine coding's score and explanation are in the selection's Description),
and one Case per document with the document metadata as Variables. GUIDs are uuid5 of the worth
ids and every list is sorted, so exporting the same project twice gives the same bytes.

Import (`import_qdpx`) reads projects made by worth, ATLAS.ti, NVivo, MAXQDA and QualCoder.
Positions become code-point offsets in the newline-normalised text; the programs count differently:

    program     CRLF counts as   characters outside the BMP count as
    worth       (writes LF)      1 (code points)
    ATLAS.ti    1                1
    NVivo       2                2 (UTF-16 code units)
    MAXQDA      2                1
    QualCoder   2                1
    unknown     2                1 (code points of the text as stored)

MAXQDA also writes PlainTextSelections without a Coding (skipped and counted) and categories as
isCodable="false" codes. Codings by users named `model:...` are machine codings: they come back as
that model's run (score, model version and explanation read from the selection's Description), never
as human codings, so a project exported after `worth review` re-imports with both.

All-or-nothing: the store offers one transaction per call (add_codebook, add_documents,
add_human_codings), so the import first reads and checks *everything* in memory (archive members,
XML, codes, sources, every selection and coding, document ids against the project) and raises
`InputError` naming the offending element before the first write. The three writes then follow; if
one of them still fails (disk full, lock timeout), what the earlier ones added is removed again
(best effort: the new documents with their segments and ingest run, and the codebook row when it
was new).
"""

from __future__ import annotations

import logging
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from pathlib import Path
from typing import Any, NoReturn

from toolkit.coding.codebook import Codebook
from toolkit.errors import InputError
from toolkit.types import Coding, Document, is_machine_coder
from toolkit.io.archive import _bad_member, _open_archive
from toolkit.coding.qdc import _project_root
from toolkit.coding.qdc import VENDORS, _norm_guid, _read_codes
from toolkit.exchange.qdpx_common import _UNITS, _machine_fields, _now_iso

__all__ = ["export_qdpx", "import_qdpx", "project_xml", "ImportReport", "codebook_from_content",
           "PROJECT_NS", "MAX_UNPACKED_BYTES", "VENDORS"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

_DOC_EXTENSIONS = (".txt", ".docx", ".doc", ".odt", ".rtf", ".pdf", ".vtt", ".srt")


# =========================================================================== export


# =========================================================================== import


@dataclass
class ImportReport:
    """What an import did: documents added or already there, codings per user, what was skipped."""

    vendor: str
    documents: list[str] = field(default_factory=list)          # added to the project
    existing_documents: list[str] = field(default_factory=list)  # already there (same text)
    codings: dict[str, int] = field(default_factory=dict)        # per human user name
    machine_codings: dict[str, int] = field(default_factory=dict)  # per machine user (model:...)
    segments: int = 0                                            # segments of the documents added
    skipped: dict[str, int] = field(default_factory=dict)        # reason -> count
    codebook: str | None = None                                  # hash of the stored codebook
    codes: int = 0
    run_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"vendor": self.vendor, "documents": self.documents,
                "existing_documents": self.existing_documents, "codings": self.codings,
                "skipped": self.skipped, "codebook": self.codebook, "codes": self.codes,
                "run_id": self.run_id}


def _position_map(raw: str, crlf_one: bool, utf16: bool) -> list[int]:
    """pos[u] = offset in the normalised text of the program's position u in `raw`.

    A character taking two positions (CRLF counted as two, an astral character in UTF-16) maps
    its inner position to the offset after it.
    """
    pos: list[int] = []
    n = 0
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\r" and raw[i + 1:i + 2] == "\n":
            width, step = (1 if crlf_one else 2), 2
        else:
            width, step = (2 if utf16 and ord(ch) > 0xFFFF else 1), 1
        pos.append(n)
        pos.extend([n + 1] * (width - 1))
        n += 1
        i += step
    pos.append(n)
    return pos


def _slug_doc(name: str) -> str:
    from toolkit.io.text import _slug

    base = name.strip()
    if base.lower().endswith(_DOC_EXTENSIONS):
        base = base.rsplit(".", 1)[0]
    return _slug(base)


@dataclass
class _Source:
    guid: str
    name: str
    doc: Document
    existing: bool


@dataclass
class _Import:
    """What one QDPX import has read so far (everything is checked before anything is written)."""

    path: Path
    store: Any
    q: Any
    zf: Any
    members: Any
    units: tuple[bool, bool]
    users: dict[str, str]
    code_ids: dict[str, str]
    variables: dict[str, str]
    skipped: Counter = field(default_factory=Counter)
    used_ids: set[str] = field(default_factory=set)
    used_shas: set[str] = field(default_factory=set)
    sources: list[_Source] = field(default_factory=list)
    codings: list[Coding] = field(default_factory=list)
    machine: list[Coding] = field(default_factory=list)
    machine_users: set[str] = field(default_factory=set)
    per_user: Counter = field(default_factory=Counter)

    def fail(self, message: str, hint: str | None = None) -> NoReturn:
        raise InputError(message, path=self.path, hint=hint)


def _typed_value(kind: str, v: Any) -> Any:
    text = (v.text or "").strip()
    try:
        value: Any = {"BooleanValue": lambda t: t.lower() in ("true", "1"),
                      "IntegerValue": int, "FloatValue": float}.get(kind, str)(text)
    except ValueError:
        value = text
    return v.text or "" if kind == "TextValue" else value


def _values(imp: _Import, el: Any, where: str) -> dict[str, Any]:
    """The variable values of a case or source, typed as the project declares them."""
    q = imp.q
    out: dict[str, Any] = {}
    for vv in el.findall(q("VariableValue")):
        ref = vv.find(q("VariableRef"))
        vg = _norm_guid(ref.get("targetGUID") if ref is not None else None)
        if vg not in imp.variables:
            imp.fail(f"VariableValue in {where} refers to unknown Variable {vg or '(none)'}")
        for kind in ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"):
            v = vv.find(q(kind))
            if v is not None:
                value = _typed_value(kind, v)
                if value != "":
                    out[imp.variables[vg]] = value
                break
    return out


def _case_meta(imp: _Import, root: Any) -> dict[str, dict[str, Any]]:
    """Metadata per source guid from the cases that name it."""
    q = imp.q
    source_meta: dict[str, dict[str, Any]] = {}
    source_guids = {_norm_guid(s.get("guid")) for s in root.iter(q("TextSource"))}
    for case in root.iter(q("Case")):
        where = f"Case guid={case.get('guid')} name={case.get('name')!r}"
        case_values = _values(imp, case, where)
        for ref in case.findall(q("SourceRef")):
            sg = _norm_guid(ref.get("targetGUID"))
            if sg not in source_guids:
                imp.fail(f"SourceRef targetGUID={ref.get('targetGUID')} in {where} points to an unknown source",
                         "every source a case names must be in <Sources>")
            source_meta.setdefault(sg, {}).update(case_values)
    return source_meta


def _source_document(imp: _Import, sguid: str, sname: str, text: str, meta: dict[str, Any], where: str
                     ) -> tuple[Document, bool]:
    """The document for a source, with a unique id; `existing` when the project already holds it."""
    from toolkit.io.text import _sha

    base = _slug_doc(sname)
    doc_id, k = base, 2
    while doc_id in imp.used_ids:
        doc_id, k = f"{base}_{k}", k + 1
    doc = Document(id=doc_id, text=text, source=f"{imp.path.name}#{sname}", format="qdpx",
                   encoding="utf-8", sha256=_sha(text), meta=meta)
    state = imp.store.has_document(doc)
    existing = False
    if state == "conflict":
        imp.fail(f"{where}: the project already has a different document with id {doc_id!r}",
                 "import into a new project, or rename the source in the QDA program")
    elif state == "same":
        existing = True
    elif state and state.startswith("copy:"):
        doc = Document(id=state[5:], text=text, source=doc.source, format="qdpx", encoding="utf-8",
                       sha256=doc.sha256, meta=meta)
        existing = True
    if doc.id in imp.used_ids or doc.sha256 in imp.used_shas:
        imp.fail(f"{where} has the same text as another source in this project", "remove the copy in the QDA program")
    imp.used_ids.add(doc.id)
    imp.used_shas.add(doc.sha256)
    return doc, existing


def _read_source(imp: _Import, src: Any, source_meta: dict[str, dict[str, Any]]) -> None:
    """One TextSource: its text as a document, and its selections as codings."""
    from toolkit.io.text import _CONTROL_RE, decode_bytes, normalise_newlines

    q = imp.q
    if src.tag != q("TextSource"):
        imp.skipped["non_text_sources"] += 1
        log.warning("%s: %s %r is not a text source; skipped", imp.path, src.tag.split("}")[-1], src.get("name"))
        return
    sguid = _norm_guid(src.get("guid"))
    sname = (src.get("name") or sguid).strip()
    where = f"TextSource guid={src.get('guid')} name={sname!r}"
    if not sguid:
        imp.fail(f"{where} has no guid")
    raw = _source_text(src, q, imp.zf, imp.members, imp.path, where, decode_bytes)
    text = normalise_newlines(raw)
    if _CONTROL_RE.search(text):
        text = _CONTROL_RE.sub(" ", text)
    selections = src.findall(q("PlainTextSelection"))
    if not text.strip():
        if selections:
            imp.fail(f"{where} has selections but no text")
        imp.skipped["empty_sources"] += 1
        return
    meta = {**source_meta.get(sguid, {}), **_values(imp, src, where)}
    doc, existing = _source_document(imp, sguid, sname, text, meta, where)
    imp.sources.append(_Source(sguid, sname, doc, existing))
    imp.skipped["source_codings"] += len(src.findall(q("Coding")))
    pos = _position_map(raw, *imp.units)
    for sel in selections:
        _read_selection(imp, sel, doc, pos, sname)


def _read_selection(imp: _Import, sel: Any, doc: Document, pos: list[int], sname: str) -> None:
    """One PlainTextSelection: its positions checked and mapped to offsets, its codings kept."""
    q = imp.q
    units = len(pos) - 1
    swhere = f"PlainTextSelection guid={sel.get('guid')} in source {sname!r}"
    try:
        start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
    except ValueError:
        imp.fail(f"{swhere} has startPosition/endPosition that are not whole numbers")
    if not 0 <= start <= end:
        imp.fail(f"{swhere}: positions {start}-{end} are not a span (start after end, or negative)")
    if end > units:
        imp.fail(f"{swhere}: positions {start}-{end} lie past the end of the text ({units} positions)",
                 "the text in Sources/ must be the one that was coded")
    sel_codings = sel.findall(q("Coding"))
    if not sel_codings:
        imp.skipped["selections_without_coding"] += 1
        return
    n_start, n_end = pos[start], pos[end]
    for cod in sel_codings:
        cwhere = f"Coding guid={cod.get('guid')} in {swhere}"
        ref = cod.find(q("CodeRef"))
        cg = _norm_guid(ref.get("targetGUID") if ref is not None else None)
        if cg not in imp.code_ids:
            imp.fail(f"{cwhere}: CodeRef targetGUID={ref.get('targetGUID') if ref is not None else None} "
                     "is not a code in the codebook")
        ug = _norm_guid(cod.get("creatingUser") or sel.get("creatingUser"))
        user = imp.users.get(ug) or (ug if ug else "unknown")
        if n_start >= n_end:
            imp.skipped["empty_selections"] += 1
            continue
        if is_machine_coder(user):  # a model's run, exported by worth: kept as that model's
            imp.machine_users.add(user)
            imp.machine.append(Coding(doc_id=doc.id, start=n_start, end=n_end, code_id=imp.code_ids[cg],
                                      coder=user, **_machine_fields(sel.find(q("Description")))))
            continue
        imp.codings.append(Coding(doc_id=doc.id, start=n_start, end=n_end, code_id=imp.code_ids[cg], coder=user))
        imp.per_user[user] += 1


def import_qdpx(path: str | Path, store, *, vendor: str = "auto") -> ImportReport:
    """Import a .qdpx project into `store`: documents, codebook and human codings, all or nothing.

    `vendor`: "auto" (from the project's origin attribute) or one of worth, atlasti, nvivo, maxqda,
    qualcoder, generic; it decides how positions are counted (see the module docstring).
    Raises InputError naming the element (e.g. `PlainTextSelection guid=... in source 'x'`) before
    anything is written.
    """
    path = Path(path)
    if vendor not in VENDORS:
        raise InputError(f"unknown vendor {vendor!r}", path=path, hint="use one of " + ", ".join(VENDORS))
    zf, members = _open_archive(path)
    with zf:
        root, q, origin, vendor = _project_root(zf, members, path, vendor)
        users = {_norm_guid(u.get("guid")): (u.get("name") or u.get("id") or u.get("guid") or "").strip()
                 for u in root.iter(q("User"))}
        book, code_ids = _read_codes(root, q, path, origin, vendor)
        variables = {_norm_guid(v.get("guid")): (v.get("name") or "").strip() for v in root.iter(q("Variable"))}
        imp = _Import(path, store, q, zf, members, _UNITS[vendor], users, code_ids, variables)
        source_meta = _case_meta(imp, root)
        sources_el = root.find(q("Sources"))
        for src in list(sources_el) if sources_el is not None else []:
            _read_source(imp, src, source_meta)
    if imp.machine_users:
        log.info("%s: codings by %s are machine codings: imported as those models' runs, not as human codings",
                 path, ", ".join(sorted(imp.machine_users)))
    if imp.skipped["selections_without_coding"]:
        log.info("%s: %d selections without a coding skipped", path, imp.skipped["selections_without_coding"])
    report = ImportReport(vendor=vendor)
    _write_import(imp, book, report, {"qdpx": str(path), "vendor": vendor, "origin": origin})
    return report


def _write_import(imp: _Import, book: Codebook, report: ImportReport, params: dict[str, Any]) -> None:
    """Store what was read, in three transactions; undo the earlier ones when a later one fails."""
    from toolkit.io.segment import segment_document

    store = imp.store
    fresh = [(s.doc, segment_document(s.doc)) for s in imp.sources if not s.existing]
    seg_ids = {(seg.doc_id, seg.start, seg.end): seg.id for _, segs in fresh for seg in segs}
    for s in imp.sources:
        if s.existing:
            seg_ids.update({(seg.doc_id, seg.start, seg.end): seg.id for seg in store.segments(s.doc.id)})
    codings = [Coding(doc_id=c.doc_id, start=c.start, end=c.end, code_id=c.code_id, coder=c.coder,
                      segment_id=seg_ids.get((c.doc_id, c.start, c.end))) for c in imp.codings]
    machine = [dc_replace(c, segment_id=seg_ids.get((c.doc_id, c.start, c.end))) for c in imp.machine]
    had_book = not book.codes or any(b["hash"] == book.hash for b in store.codebooks())
    added_run: str | None = None
    machine_runs: list[str] = []
    try:
        if book.codes:
            store.add_codebook(book.name, book.version, book.content(), book.hash)
        if fresh:
            added_run = store.add_documents(fresh, params=params)
        if codings:
            report.run_id = store.add_human_codings(codings, params=params | {"codebook": book.hash})
        for user in sorted(imp.machine_users):
            mine = [c for c in machine if c.coder == user]
            machine_runs.append(store.add_machine_run(mine, params=params | {"coder": user}, pipeline=None,
                                                      started_at=_now_iso(), coder=user,
                                                      doc_ids={c.doc_id for c in mine}))
    except BaseException:
        for run in machine_runs:
            store.delete_run(run)
        _undo(store, [d.id for d, _ in fresh] if added_run else [], added_run, None if had_book else book.hash)
        raise
    report.documents = [d.id for d, _ in fresh]
    report.existing_documents = [s.doc.id for s in imp.sources if s.existing]
    report.codings = dict(sorted(imp.per_user.items()))
    report.machine_codings = dict(sorted(Counter(c.coder for c in machine).items()))
    report.segments = sum(len(segs) for _, segs in fresh)
    report.skipped = {k: v for k, v in sorted(imp.skipped.items()) if v}
    report.codebook = book.hash if book.codes else None
    report.codes = len(book.codes)


def _undo(store, doc_ids: list[str], run_id: str | None, book_hash: str | None) -> None:
    """Best effort: remove what an interrupted import already wrote (no human codings were)."""
    try:
        with store.transaction() as db:
            for doc_id in doc_ids:
                db.execute("DELETE FROM segments WHERE doc_id = ?", (doc_id,))
                db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            if run_id:
                db.execute("DELETE FROM runs WHERE id = ?", (run_id,))
            if book_hash:
                db.execute("DELETE FROM codebooks WHERE hash = ?", (book_hash,))
    except Exception as exc:  # noqa: BLE001 - the original error matters more
        log.error("could not undo a partial .qdpx import (%s); check the project", exc)


def _source_text(src: Any, q: Any, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], path: Path,
                 where: str, decode_bytes: Any) -> str:
    content = src.find(q("PlainTextContent"))
    ref = (src.get("plainTextPath") or "").strip()
    if content is not None and content.text is not None and not ref:
        return content.text
    if not ref:
        if content is not None:
            return content.text or ""
        raise InputError(f"{where} has neither plainTextPath nor PlainTextContent", path=path,
                         hint="export the project again with its sources")
    if not ref.lower().startswith("internal://"):
        raise InputError(f"{where}: plainTextPath {ref!r} is outside the archive; only internal:// "
                         "sources are read", path=path, hint="export the project with its sources embedded")
    name = ref[len("internal://"):].lstrip("/")
    if _bad_member(name):
        raise InputError(f"{where}: plainTextPath {ref!r} has an absolute or '..' path; refused", path=path)
    info = members.get(f"sources/{name}".casefold()) or members.get(name.casefold())
    if info is None:
        raise InputError(f"{where}: its text Sources/{name} is not in the archive (unknown source)", path=path,
                         hint="export the project again with its sources")
    data = zf.read(info)
    try:
        text, _ = decode_bytes(data, f"{path}#{info.filename}")
    except InputError as exc:
        raise InputError(f"{where}: {exc.message}", path=path, hint=exc.hint) from None
    return text


