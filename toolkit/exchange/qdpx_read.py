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

import io
import json
import logging
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from pathlib import Path
from typing import Any, NoReturn

from ._io import atomic_write
from .codebook import (
    _COLOUR_RE,
    Code,
    Codebook,
    Group,
    _guid,
    build_codes,
    unique_ids,
    _parse_description,
    normalised,
    _slug_id,
    load_codebook,
)
from .errors import CorruptFile, InputError
from .types import Coding, Document, is_machine_coder

__all__ = ["export_qdpx", "import_qdpx", "project_xml", "ImportReport", "codebook_from_content",
           "PROJECT_NS", "MAX_UNPACKED_BYTES", "VENDORS"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

PROJECT_NS = "urn:QDA-XML:project:1.0"
MAX_UNPACKED_BYTES = 300 * 2**20
VENDORS = ("auto", "worth", "atlasti", "nvivo", "maxqda", "qualcoder", "generic")
# (CRLF counts as one position, positions count UTF-16 code units)
_UNITS = {"worth": (False, False), "atlasti": (True, False), "nvivo": (False, True),
          "maxqda": (False, False), "qualcoder": (False, False), "generic": (False, False)}
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_NAME_WORDS = 8
_NAME_CHARS = 60
_DOC_EXTENSIONS = (".txt", ".docx", ".doc", ".odt", ".rtf", ".pdf", ".vtt", ".srt")
_SKIP_META: frozenset[str] = frozenset()  # metadata keys not exported as variables


def _q(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


# =========================================================================== export


def codebook_from_content(content: dict[str, Any], *, source: str = "") -> Codebook:
    """A Codebook from the JSON content kept in the store (inverse of `Codebook.content()`)."""
    def tup(v: Any) -> Any:
        return tuple(v) if isinstance(v, list) else v

    codes = tuple(Code(**{k: tup(v) for k, v in c.items()}) for c in content.get("codes", []))
    groups = tuple(Group(**g) for g in content.get("groups", []))
    return Codebook(name=content.get("name", ""), codes=codes, groups=groups,
                    version=content.get("version", "") or "", language=content.get("language", "nl"),
                    description=content.get("description", "") or "", source=source)


def _resolve_codebook(store, codebook: Any) -> Codebook | None:
    if isinstance(codebook, Codebook):
        return codebook
    if codebook is not None:
        return load_codebook(codebook)
    books = store.codebooks()
    return codebook_from_content(books[-1]["content"]) if books else None


def _with_missing_codes(book: Codebook | None, used: set[str]) -> Codebook:
    """Codes used by codings but absent from the codebook are added (name = id) with a warning."""
    codes = list(book.codes) if book else []
    known = {c.id for c in codes}
    missing = sorted(used - known)
    if missing:
        log.warning("codes not in the codebook, exported with their id as name: %s", ", ".join(missing))
        # a code naming an unknown group would land nowhere in the tree: keep it at the top level
        codes += [Code(id=m, name_nl=m) for m in missing]
    if book is None:
        return Codebook(name="worth", codes=tuple(codes))
    return Codebook(name=book.name, codes=tuple(codes), groups=book.groups, version=book.version,
                    language=book.language, description=book.description, source=book.source)


def _selection_name(text: str) -> str:
    words = text.split()
    name = " ".join(words[:_NAME_WORDS])
    if len(name) > _NAME_CHARS:
        name = name[:_NAME_CHARS].rstrip()
    return name + ("…" if len(words) > _NAME_WORDS or len(name) < len(" ".join(words)) else "")


def _variable_type(values: list[Any]) -> str:
    if values and all(isinstance(v, bool) for v in values):
        return "Boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "Integer"
    return "Text"


def _value_el(parent: Any, var_guid: str, kind: str, value: Any) -> None:
    from lxml import etree

    vv = etree.SubElement(parent, _q("VariableValue"))
    etree.SubElement(vv, _q("VariableRef"), targetGUID=var_guid)
    if kind == "Boolean":
        etree.SubElement(vv, _q("BooleanValue")).text = "true" if value else "false"
    elif kind == "Integer":
        etree.SubElement(vv, _q("IntegerValue")).text = str(value)
    else:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        etree.SubElement(vv, _q("TextValue")).text = text


def _machine_description(c: Coding) -> str:
    lines = [f"score: {c.score:.4f}" if c.score is not None else "score: -"]
    if c.model_version:
        lines.append(f"model: {c.model_version}")
    if c.explain not in (None, {}, []):
        explain = c.explain if isinstance(c.explain, str) else json.dumps(c.explain, ensure_ascii=False,
                                                                          sort_keys=True)
        lines.append(f"explanation: {explain}")
    return "\n".join(lines)


def _machine_fields(description: Any) -> dict[str, Any]:
    """Score, model version and explanation back from what `_machine_description` wrote."""
    out: dict[str, Any] = {}
    for line in ((description.text or "") if description is not None else "").splitlines():
        key, _, value = line.partition(": ")
        if key == "score" and value != "-":
            try:
                out["score"] = float(value)
            except ValueError:
                pass
        elif key == "model":
            out["model_version"] = value
        elif key == "explanation":
            try:
                out["explain"] = json.loads(value)
            except json.JSONDecodeError:
                out["explain"] = value
    return out


def _now_iso() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _book_block(book: Codebook) -> str:
    lines = [f"worth-codebook: {book.name}", f"worth-codebook-version: {book.version}",
             f"worth-codebook-language: {book.language}"]
    if book.description:
        lines.append("worth-codebook-description: " + json.dumps(book.description, ensure_ascii=False))
    return "\n".join(lines)


def project_xml(store, *, codebook: Any = None, coders: Any = None) -> tuple[bytes, dict[str, str]]:
    """project.qde bytes and the texts of the sources ({zip member name: text})."""
    from lxml import etree

    wanted = set(coders) if coders is not None else None
    codings = [c for c in store.codings() if wanted is None or c.coder in wanted]
    if wanted is not None:
        unknown = sorted(wanted - set(store.coders()))
        if unknown:
            raise InputError(f"no codings by {', '.join(unknown)} in this project", path=str(store.path),
                             hint="coders here: " + (", ".join(store.coders()) or "none"))
    book = _with_missing_codes(_resolve_codebook(store, codebook), {c.code_id for c in codings})
    docs = store.documents()
    texts = {d.id: d.text for d in docs}
    user_names = sorted(wanted if wanted is not None else set(store.coders()))

    root = etree.Element(_q("Project"), nsmap={None: PROJECT_NS}, name=store.path.stem or "worth",
                         origin=f"worth {_toolkit_version()}")
    if user_names:
        users_el = etree.SubElement(root, _q("Users"))
        for name in user_names:
            etree.SubElement(users_el, _q("User"), guid=_guid(f"user:{name}"), name=name)
    if book.codes or book.groups:  # the schema wants at least one <Code> in a <CodeBook>
        cb = etree.SubElement(root, _q("CodeBook"))
        build_codes(etree.SubElement(cb, _q("Codes")), book, PROJECT_NS)

    # variables from document metadata: every key, typed when all values agree
    keys = sorted({k for d in docs for k, v in d.meta.items() if k not in _SKIP_META and v is not None})
    var_kind = {k: _variable_type([d.meta[k] for d in docs if d.meta.get(k) is not None]) for k in keys}
    var_guid = {k: _guid(f"variable:{k}") for k in keys}
    if keys:
        vars_el = etree.SubElement(root, _q("Variables"))
        for k in keys:
            etree.SubElement(vars_el, _q("Variable"), guid=var_guid[k], name=k, typeOfVariable=var_kind[k])
    if docs:
        cases_el = etree.SubElement(root, _q("Cases"))
        for d in docs:
            case = etree.SubElement(cases_el, _q("Case"), guid=_guid(f"case:{d.id}"), name=d.id)
            for k in keys:
                if d.meta.get(k) is not None:
                    _value_el(case, var_guid[k], var_kind[k], d.meta[k])
            etree.SubElement(case, _q("SourceRef"), targetGUID=_guid(f"source:{d.id}"))

    files: dict[str, str] = {}
    by_doc: dict[str, list[Coding]] = {}
    for c in codings:
        by_doc.setdefault(c.doc_id, []).append(c)
    if docs:
        sources_el = etree.SubElement(root, _q("Sources"))
        for d in docs:
            sguid = _guid(f"source:{d.id}")
            src = etree.SubElement(sources_el, _q("TextSource"), guid=sguid, name=d.id,
                                   plainTextPath=f"internal://{sguid}.txt")
            files[f"Sources/{sguid}.txt"] = d.text
            seen: Counter[str] = Counter()
            for c in sorted(by_doc.get(d.id, []), key=lambda c: (c.start, c.end, c.code_id, c.coder,
                                                                 c.model_version or "", c.score or 0.0)):
                key = f"{d.id}:{c.start}:{c.end}:{c.code_id}:{c.coder}"
                seen[key] += 1
                if seen[key] > 1:  # the same model coded the same span in two runs
                    key = f"{key}:{seen[key]}"
                user = _guid(f"user:{c.coder}")
                sel = etree.SubElement(src, _q("PlainTextSelection"), guid=_guid(f"selection:{key}"),
                                       name=_selection_name(texts[d.id][c.start:c.end]),
                                       startPosition=str(c.start), endPosition=str(c.end),
                                       creatingUser=user)
                if is_machine_coder(c.coder):
                    etree.SubElement(sel, _q("Description")).text = _machine_description(c)
                coding = etree.SubElement(sel, _q("Coding"), guid=_guid(f"coding:{key}"), creatingUser=user)
                etree.SubElement(coding, _q("CodeRef"), targetGUID=_guid(f"code:{c.code_id}"))
            for k in keys:
                if d.meta.get(k) is not None:
                    _value_el(src, var_guid[k], var_kind[k], d.meta[k])
    etree.SubElement(root, _q("Description")).text = _book_block(book)
    xml = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return xml, files


def _toolkit_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("worth")
    except PackageNotFoundError:
        return "0+unknown"


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(members, key=lambda n: (n != "project.qde", n)):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, members[name])
    return buf.getvalue()


def export_qdpx(store, out_path: str | Path, *, codebook: Any = None, coders: Any = None) -> Path:
    """Write the project as a REFI-QDA .qdpx file (atomically); returns the path.

    `codebook`: a Codebook, a codebook file, or None for the last codebook stored in the project.
    `coders`: the coders to export (default: all, machine coders included as their own Users).
    """
    out_path = Path(out_path)
    xml, files = project_xml(store, codebook=codebook, coders=coders)
    members = {"project.qde": xml} | {name: text.encode("utf-8") for name, text in files.items()}
    data = _zip_bytes(members)
    with atomic_write(out_path, "wb", encoding=None) as fh:
        fh.write(data)
    return out_path


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


def _norm_guid(value: str | None) -> str:
    return (value or "").strip().strip("{}").lower()


def _detect_vendor(origin: str) -> str:
    o = origin.casefold()
    for needle, vendor in (("atlas", "atlasti"), ("nvivo", "nvivo"), ("maxqda", "maxqda"),
                           ("qualcoder", "qualcoder"), ("worth", "worth")):
        if needle in o:
            return vendor
    return "generic"


def _bad_member(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in re.split(r"[\\/]", name)


def _open_archive(path: Path) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    if not path.is_file():
        raise InputError("no such .qdpx file", path=path, hint="check the path")
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CorruptFile("not a valid .qdpx file (not a zip archive, or damaged)", path=path,
                          hint="export the project again from the QDA program") from None
    for info in infos:
        if _bad_member(info.filename):
            zf.close()
            raise InputError(f"archive member {info.filename!r} has an absolute or '..' path; refused",
                             path=path, hint="a .qdpx holds project.qde and Sources/ only")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        zf.close()
        raise InputError(f"archive unpacks to {total / 2**20:.0f} MB, over the limit of "
                         f"{MAX_UNPACKED_BYTES / 2**20:.0f} MB; refused", path=path,
                         hint="export the project without audio, video and pictures")
    members = {i.filename.replace("\\", "/").casefold(): i for i in infos if not i.is_dir()}
    if "project.qde" not in members:
        zf.close()
        raise CorruptFile("archive has no project.qde", path=path,
                          hint="a .qdpx is a REFI-QDA project export; export it again from the QDA program")
    return zf, members


def _parse_xml(data: bytes, path: Path) -> Any:
    from defusedxml import DefusedXmlException
    from defusedxml import ElementTree as SafeET

    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise InputError(f"project.qde uses XML entities or a DTD ({type(exc).__name__}); refused",
                         path=path, hint="entity expansion is not allowed in a .qdpx") from None
    except SafeET.ParseError as exc:
        raise InputError(f"project.qde is not valid XML ({exc})", path=path,
                         hint="export the project again from the QDA program") from None


def _project_root(zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], path: Path, vendor: str
                  ) -> tuple[Any, Any, str, str]:
    """The parsed <Project>, a namespace helper, its origin and the vendor (detected for "auto")."""
    root = _parse_xml(zf.read(members["project.qde"]), path)
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    q = (lambda t: f"{{{ns}}}{t}") if ns else (lambda t: t)
    if root.tag != q("Project"):
        raise InputError(f"project.qde has root <{root.tag.split('}')[-1]}>, not <Project>", path=path,
                         hint="a .qdpx holds a REFI-QDA project")
    origin = root.get("origin") or ""
    return root, q, origin, _detect_vendor(origin) if vendor == "auto" else vendor


def read_qdpx_codebook(path: str | Path) -> Codebook:
    """The codebook of a .qdpx project (what `import_qdpx` stores), without importing anything."""
    path = Path(path)
    zf, members = _open_archive(path)
    with zf:
        root, q, origin, vendor = _project_root(zf, members, path, "auto")
        book, _ = _read_codes(root, q, path, origin, vendor)
    if not book.codes:
        raise InputError("the project has no codes", path=path, hint="pass a codebook with --codebook")
    return book


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
    from .ingest import _slug

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


def import_qdpx(path: str | Path, store, *, vendor: str = "auto") -> ImportReport:
    """Import a .qdpx project into `store`: documents, codebook and human codings, all or nothing.

    `vendor`: "auto" (from the project's origin attribute) or one of worth, atlasti, nvivo, maxqda,
    qualcoder, generic; it decides how positions are counted (see the module docstring).
    Raises InputError naming the element (e.g. `PlainTextSelection guid=... in source 'x'`) before
    anything is written.
    """
    from .ingest import _CONTROL_RE, _sha, decode_bytes, normalise_newlines
    from .segment import segment_document

    path = Path(path)
    if vendor not in VENDORS:
        raise InputError(f"unknown vendor {vendor!r}", path=path, hint="use one of " + ", ".join(VENDORS))
    zf, members = _open_archive(path)
    with zf:
        root, q, origin, vendor = _project_root(zf, members, path, vendor)
        crlf_one, utf16 = _UNITS[vendor]
        report = ImportReport(vendor=vendor)
        skipped: Counter[str] = Counter()

        def fail(message: str, hint: str | None = None) -> NoReturn:
            raise InputError(message, path=path, hint=hint)

        # ------------------------------------------------------------ users
        users: dict[str, str] = {}
        for u in root.iter(q("User")):
            users[_norm_guid(u.get("guid"))] = (u.get("name") or u.get("id") or u.get("guid") or "").strip()

        # ------------------------------------------------------------ codebook
        book, code_ids = _read_codes(root, q, path, origin, vendor)

        # ------------------------------------------------------------ variables and cases
        variables = {_norm_guid(v.get("guid")): (v.get("name") or "").strip() for v in root.iter(q("Variable"))}

        def values(el: Any, where: str) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for vv in el.findall(q("VariableValue")):
                ref = vv.find(q("VariableRef"))
                vg = _norm_guid(ref.get("targetGUID") if ref is not None else None)
                if vg not in variables:
                    fail(f"VariableValue in {where} refers to unknown Variable {vg or '(none)'}")
                for kind in ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue",
                             "DateTimeValue"):
                    v = vv.find(q(kind))
                    if v is not None:
                        text = (v.text or "").strip()
                        try:
                            value: Any = {"BooleanValue": lambda t: t.lower() in ("true", "1"),
                                          "IntegerValue": int, "FloatValue": float}.get(kind, str)(text)
                        except ValueError:
                            value = text
                        if kind == "TextValue":
                            value = v.text or ""
                        if value != "":
                            out[variables[vg]] = value
                        break
            return out

        source_meta: dict[str, dict[str, Any]] = {}
        source_guids = {_norm_guid(s.get("guid")) for s in root.iter(q("TextSource"))}
        for case in root.iter(q("Case")):
            where = f"Case guid={case.get('guid')} name={case.get('name')!r}"
            case_values = values(case, where)
            for ref in case.findall(q("SourceRef")):
                sg = _norm_guid(ref.get("targetGUID"))
                if sg not in source_guids:
                    fail(f"SourceRef targetGUID={ref.get('targetGUID')} in {where} points to an unknown source",
                         "every source a case names must be in <Sources>")
                source_meta.setdefault(sg, {}).update(case_values)

        # ------------------------------------------------------------ sources and selections
        sources_el = root.find(q("Sources"))
        children = list(sources_el) if sources_el is not None else []
        used_ids: set[str] = set()
        used_shas: set[str] = set()
        sources: list[_Source] = []
        codings: list[Coding] = []
        per_user: Counter[str] = Counter()
        machine_users: set[str] = set()
        machine: list[Coding] = []
        for src in children:
            if src.tag != q("TextSource"):
                skipped["non_text_sources"] += 1
                log.warning("%s: %s %r is not a text source; skipped", path, src.tag.split("}")[-1],
                            src.get("name"))
                continue
            sguid = _norm_guid(src.get("guid"))
            sname = (src.get("name") or sguid).strip()
            where = f"TextSource guid={src.get('guid')} name={sname!r}"
            if not sguid:
                fail(f"{where} has no guid")
            raw = _source_text(src, q, zf, members, path, where, decode_bytes)
            text = normalise_newlines(raw)
            if _CONTROL_RE.search(text):
                text = _CONTROL_RE.sub(" ", text)
            selections = src.findall(q("PlainTextSelection"))
            if not text.strip():
                if selections:
                    fail(f"{where} has selections but no text")
                skipped["empty_sources"] += 1
                continue
            meta = {**source_meta.get(sguid, {}), **values(src, where)}
            base = _slug_doc(sname)
            doc_id, k = base, 2
            while doc_id in used_ids:
                doc_id, k = f"{base}_{k}", k + 1
            doc = Document(id=doc_id, text=text, source=f"{path.name}#{sname}", format="qdpx",
                           encoding="utf-8", sha256=_sha(text), meta=meta)
            state = store.has_document(doc)
            existing = False
            if state == "conflict":
                fail(f"{where}: the project already has a different document with id {doc_id!r}",
                     "import into a new project, or rename the source in the QDA program")
            elif state == "same":
                existing = True
            elif state and state.startswith("copy:"):
                doc = Document(id=state[5:], text=text, source=doc.source, format="qdpx", encoding="utf-8",
                               sha256=doc.sha256, meta=meta)
                existing = True
            if doc.id in used_ids or doc.sha256 in used_shas:
                fail(f"{where} has the same text as another source in this project",
                     "remove the copy in the QDA program")
            used_ids.add(doc.id)
            used_shas.add(doc.sha256)
            sources.append(_Source(sguid, sname, doc, existing))
            pos = _position_map(raw, crlf_one, utf16)
            units = len(pos) - 1
            skipped["source_codings"] += len(src.findall(q("Coding")))
            for sel in selections:
                swhere = f"PlainTextSelection guid={sel.get('guid')} in source {sname!r}"
                try:
                    start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
                except ValueError:
                    fail(f"{swhere} has startPosition/endPosition that are not whole numbers")
                if not 0 <= start <= end:
                    fail(f"{swhere}: positions {start}-{end} are not a span (start after end, or negative)")
                if end > units:
                    fail(f"{swhere}: positions {start}-{end} lie past the end of the text "
                         f"({units} positions)", "the text in Sources/ must be the one that was coded")
                sel_codings = sel.findall(q("Coding"))
                if not sel_codings:
                    skipped["selections_without_coding"] += 1
                    continue
                n_start, n_end = pos[start], pos[end]
                for cod in sel_codings:
                    cwhere = f"Coding guid={cod.get('guid')} in {swhere}"
                    ref = cod.find(q("CodeRef"))
                    cg = _norm_guid(ref.get("targetGUID") if ref is not None else None)
                    if cg not in code_ids:
                        fail(f"{cwhere}: CodeRef targetGUID={ref.get('targetGUID') if ref is not None else None} "
                             "is not a code in the codebook")
                    ug = _norm_guid(cod.get("creatingUser") or sel.get("creatingUser"))
                    user = users.get(ug) or (ug if ug else "unknown")
                    if n_start >= n_end:
                        skipped["empty_selections"] += 1
                        continue
                    if is_machine_coder(user):  # a model's run, exported by worth: kept as that model's
                        machine_users.add(user)
                        machine.append(Coding(doc_id=doc.id, start=n_start, end=n_end, code_id=code_ids[cg],
                                              coder=user, **_machine_fields(sel.find(q("Description")))))
                        continue
                    codings.append(Coding(doc_id=doc.id, start=n_start, end=n_end, code_id=code_ids[cg],
                                          coder=user))
                    per_user[user] += 1
    if machine_users:
        log.info("%s: codings by %s are machine codings: imported as those models' runs, not as human codings",
                 path, ", ".join(sorted(machine_users)))
    if skipped["selections_without_coding"]:
        log.info("%s: %d selections without a coding skipped", path, skipped["selections_without_coding"])

    # ---------------------------------------------------------------- write (three transactions)
    fresh = []
    for s in sources:
        if not s.existing:
            fresh.append((s.doc, segment_document(s.doc)))
    seg_ids = {(seg.doc_id, seg.start, seg.end): seg.id for _, segs in fresh for seg in segs}
    for s in sources:
        if s.existing:
            seg_ids.update({(seg.doc_id, seg.start, seg.end): seg.id for seg in store.segments(s.doc.id)})
    codings = [Coding(doc_id=c.doc_id, start=c.start, end=c.end, code_id=c.code_id, coder=c.coder,
                      segment_id=seg_ids.get((c.doc_id, c.start, c.end))) for c in codings]
    machine = [dc_replace(c, segment_id=seg_ids.get((c.doc_id, c.start, c.end))) for c in machine]
    params = {"qdpx": str(path), "vendor": vendor, "origin": origin}
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
        for user in sorted(machine_users):
            mine = [c for c in machine if c.coder == user]
            machine_runs.append(store.add_machine_run(mine, params=params | {"coder": user}, pipeline=None,
                                                      started_at=_now_iso(), coder=user,
                                                      doc_ids={c.doc_id for c in mine}))
    except BaseException:
        for run in machine_runs:
            store.delete_run(run)
        _undo(store, [d.id for d, _ in fresh] if added_run else [], added_run,
              None if had_book else book.hash)
        raise
    report.documents = [d.id for d, _ in fresh]
    report.existing_documents = [s.doc.id for s in sources if s.existing]
    report.codings = dict(sorted(per_user.items()))
    report.machine_codings = dict(sorted(Counter(c.coder for c in machine).items()))
    report.segments = sum(len(segs) for _, segs in fresh)
    report.skipped = {k: v for k, v in sorted(skipped.items()) if v}
    report.codebook = book.hash if book.codes else None
    report.codes = len(book.codes)
    return report


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


def _read_codes(root: Any, q: Any, path: Path, origin: str, vendor: str) -> tuple[Codebook, dict[str, str]]:
    """The project's codebook and {code guid: code id}; groups are top-level isCodable=false codes."""
    cb = root.find(q("CodeBook"))
    codes_el = cb.find(q("Codes")) if cb is not None else None
    top = codes_el.findall(q("Code")) if codes_el is not None else []
    referenced = {_norm_guid(r.get("targetGUID")) for r in root.iter(q("CodeRef"))}
    groups: list[Group] = []
    codes: list[Code] = []
    ids: dict[str, str] = {}
    seen_guids: set[str] = set()
    unique = unique_ids()

    def fail(message: str, hint: str | None = None) -> NoReturn:
        raise InputError(message, path=path, hint=hint)

    def check_names(els: list[Any], under: str) -> None:
        names: dict[str, str] = {}
        for el in els:
            name = (el.get("name") or "").strip()
            guid = el.get("guid")
            if not name:
                fail(f"Code guid={guid} under {under} has no name", "every code needs a name")
            if name.casefold() in names:
                fail(f"Code guid={guid} name={name!r} under {under} has the same name as Code "
                     f"guid={names[name.casefold()]}", "QDA programs need distinct names under one parent")
            names[name.casefold()] = guid

    def walk(el: Any, group: str | None, parent: str | None, prefix: str) -> None:
        guid = _norm_guid(el.get("guid"))
        name = (el.get("name") or "").strip()
        if not guid:
            fail(f"Code name={name!r} has no guid")
        if guid in seen_guids:
            fail(f"Code guid={el.get('guid')} name={name!r} occurs twice in the codebook")
        seen_guids.add(guid)
        codable = (el.get("isCodable") or "true").strip().lower() in ("true", "1")
        desc_el = el.find(q("Description"))
        desc = desc_el.text if desc_el is not None and desc_el.text else ""
        kids = el.findall(q("Code"))
        check_names(kids, f"Code {name!r}")
        if parent is None and group is None and not codable and guid not in referenced:
            gid = re.search(r"^worth-group: (.+)$", desc, re.M)
            gid_s = unique(gid.group(1).strip() if gid else _slug_id(name))
            en = re.search(r"^Engelse naam: (.+)$", desc, re.M)
            text = "\n".join(x for x in desc.split("\n") if not x.startswith(("worth-group:", "Engelse naam:")))
            groups.append(Group(id=gid_s, name_nl=name, name_en=en.group(1).strip() if en else "",
                                description=text.strip()))
            for child in kids:
                walk(child, gid_s, None, gid_s)
            return
        fields = _parse_description(desc) if vendor == "worth" or "worth-id:" in desc else \
            {"definition": desc.strip()}
        cid = unique(str(fields.pop("id", "") or (f"{prefix}.{_slug_id(name)}" if prefix else _slug_id(name))))
        color = (el.get("color") or "").strip()
        codes.append(Code(id=cid, name_nl=name, name_en=str(fields.get("name_en", "")), group=group,
                          parent=parent, definition=str(fields.get("definition", "")),
                          include=tuple(fields.get("include", ())), exclude=tuple(fields.get("exclude", ())),
                          indicators=tuple(fields.get("indicators", ())),
                          ignore=tuple(fields.get("ignore", ())), examples=tuple(fields.get("examples", ())),
                          colour=color if _COLOUR_RE.match(color) else None, codable=codable))
        ids[guid] = cid
        for child in kids:
            walk(child, group, cid, cid)

    check_names(top, "the codebook root")
    for el in top:
        walk(el, None, None, "")
    name, version, language, description = "", "", "nl", ""
    pdesc = root.find(q("Description"))
    block = pdesc.text if pdesc is not None and pdesc.text else ""
    for line in block.split("\n"):
        key, _, value = line.partition(": ")
        if key == "worth-codebook":
            name = value
        elif key == "worth-codebook-version":
            version = value
        elif key == "worth-codebook-language":
            language = value or "nl"
        elif key == "worth-codebook-description":
            try:
                description = json.loads(value)
            except json.JSONDecodeError:
                description = value
    if not name:
        name = (root.get("name") or "").strip() or origin or path.stem
    book = normalised(Codebook(name=name, codes=tuple(codes), groups=tuple(groups), version=version,
                               language=language, description=description, source=str(path)))
    return book, ids
