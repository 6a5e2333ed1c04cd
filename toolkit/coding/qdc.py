"""The REFI-QDA codebook format (.qdc), and the codebook inside a .qdpx project: read and write."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
import zipfile
from toolkit.coding.codebook import Code, Codebook, Group, QDC_NS, _GUID_NS, normalised
from toolkit.io.archive import _open_archive, _parse_xml
import json
from typing import NoReturn
from toolkit.coding.codebook import _COLOUR_RE


_BLOCK_FIELDS = (("Definitie", "definition"), ("Inclusie", "include"), ("Exclusie", "exclude"),
                 ("Indicatoren", "indicators"), ("Negeren", "ignore"), ("Voorbeelden", "examples"),
                 ("Engelse naam", "name_en"), ("worth-id", "id"))


def _guid(key: str) -> str:
    return str(uuid.uuid5(_GUID_NS, key))


def _describe(code: Code) -> str:
    lines = []
    for label, attr in _BLOCK_FIELDS:
        value = getattr(code, attr)
        if isinstance(value, tuple):
            if value:
                lines.append(f"{label}:")
                lines += [f"- {v}" for v in value]
        elif value:
            lines.append(f"{label}: {value}")
    return "\n".join(lines)


def _parse_description(text: str) -> dict[str, Any]:
    """Inverse of `_describe`; plain descriptions from other programs become the definition."""
    labels = {label: attr for label, attr in _BLOCK_FIELDS}
    out: dict[str, Any] = {}
    current: str | None = None
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        m = re.match(r"^([A-Za-z\- ]+):(?: (.*))?$", line)
        if m and m.group(1) in labels:
            current = labels[m.group(1)]
            if m.group(2) is not None:
                out[current] = m.group(2)
            else:
                out[current] = []
        elif current and isinstance(out.get(current), list) and line.startswith("- "):
            out[current].append(line[2:])
        else:
            return {"definition": (text or "").strip()}
    return out


def build_codes(parent_el: Any, book: Codebook, ns: str) -> None:
    """Append the codebook's <Code> tree to `parent_el` (a <Codes> element) in namespace `ns`.

    Shared by .qdc codebooks and .qdpx projects: groups are isCodable="false" parents, the worth
    fields are in Description (`_describe`), GUIDs are `_guid("code:<id>")`, stable across exports.
    """
    from lxml import etree

    def code_el(parent: Any, code: Code) -> None:
        attrs = {"guid": _guid(f"code:{code.id}"), "name": code.name_nl,
                 "isCodable": "true" if code.codable else "false"}
        if code.colour:
            attrs["color"] = code.colour
        el = etree.SubElement(parent, f"{{{ns}}}Code", attrs)
        desc = _describe(code)
        if desc:
            etree.SubElement(el, f"{{{ns}}}Description").text = desc
        for child in book.children(code.id):
            code_el(el, child)

    grouped = {g.id for g in book.groups}
    for g in book.groups:
        gel = etree.SubElement(parent_el, f"{{{ns}}}Code", guid=_guid(f"group:{g.id}"), name=g.name_nl,
                               isCodable="false")
        desc = "\n".join(x for x in (g.description, f"worth-group: {g.id}",
                                     f"Engelse naam: {g.name_en}" if g.name_en else "") if x)
        etree.SubElement(gel, f"{{{ns}}}Description").text = desc
        for code in book.codes:
            if code.group == g.id and code.parent is None:
                code_el(gel, code)
    for code in book.codes:
        if code.parent is None and code.group not in grouped:
            code_el(parent_el, code)


def write_qdc(book: Codebook, out: str | Path) -> None:
    """Write a REFI-QDA codebook; groups and categories become isCodable="false" codes."""
    from lxml import etree

    from toolkit.files import atomic_write

    root = etree.Element(f"{{{QDC_NS}}}CodeBook", nsmap={None: QDC_NS},
                         origin=f"worth {book.name} {book.version}".strip())
    build_codes(etree.SubElement(root, f"{{{QDC_NS}}}Codes"), book, QDC_NS)
    with atomic_write(out, "wb", encoding=None) as fh:
        fh.write(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def unique_ids():
    """A function that returns its argument, or argument_2, _3 ... when it was returned before."""
    used: set[str] = set()

    def unique(base: str) -> str:
        cid, n = base, 2
        while cid in used:
            cid, n = f"{base}_{n}", n + 1
        used.add(cid)
        return cid

    return unique


def _slug_id(name: str) -> str:
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_.lower()).strip("_") or "code"


def _add_group(groups: list[Group], name: str, desc: str, unique) -> str:
    """A top-level non-codable code read back as a group (id and English name from its description)."""
    gid = re.search(r"^worth-group: (.+)$", desc, re.M)
    gid_s = unique(gid.group(1).strip() if gid else _slug_id(name))
    en = re.search(r"^Engelse naam: (.+)$", desc, re.M)
    text = "\n".join(x for x in desc.split("\n") if not x.startswith(("worth-group:", "Engelse naam:")))
    groups.append(Group(id=gid_s, name_nl=name, name_en=en.group(1).strip() if en else "", description=text.strip()))
    return gid_s


def read_qdc(path: str | Path) -> Codebook:
    """Read a REFI-QDA codebook made by worth, ATLAS.ti, NVivo, MAXQDA or QualCoder.

    Top-level codes that cannot be applied become groups; other non-codable codes stay as
    categories (codable False) so their sub-codes keep their parent.
    """
    from defusedxml import ElementTree as SafeET

    path = Path(path)
    try:
        root = SafeET.parse(str(path)).getroot()
    except Exception as exc:  # ParseError, entity expansion refusals
        raise InputError(f"not a valid REFI-QDA codebook ({exc})", path=path,
                         hint="export the codebook again from the QDA program") from None
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    q = (lambda t: f"{{{ns}}}{t}") if ns else (lambda t: t)
    codes_el = root.find(q("Codes"))
    if root.tag != q("CodeBook") or codes_el is None:
        raise InputError("no <CodeBook><Codes> in this file", path=path,
                         hint="a .qdc file is a REFI-QDA codebook export")
    groups: list[Group] = []
    codes: list[Code] = []
    unique = unique_ids()

    def walk(el: Any, group: str | None, parent: str | None, prefix: str) -> None:
        name = (el.get("name") or "").strip()
        if not name:
            raise InputError("a <Code> without a name", path=path, hint="every code needs a name")
        codable = (el.get("isCodable") or "true").strip().lower() in ("true", "1")
        desc_el = el.find(q("Description"))
        desc = desc_el.text if desc_el is not None and desc_el.text else ""
        if parent is None and group is None and not codable:
            gid_s = _add_group(groups, name, desc, unique)
            for child in el.findall(q("Code")):
                walk(child, gid_s, None, gid_s)
            return
        fields = _parse_description(desc)
        cid = unique(str(fields.pop("id", "") or (f"{prefix}.{_slug_id(name)}" if prefix else _slug_id(name))))
        color = el.get("color")
        codes.append(Code(id=cid, name_nl=name, name_en=str(fields.get("name_en", "")), group=group,
                          parent=parent, definition=str(fields.get("definition", "")),
                          include=tuple(fields.get("include", ())), exclude=tuple(fields.get("exclude", ())),
                          indicators=tuple(fields.get("indicators", ())), ignore=tuple(fields.get("ignore", ())),
                          examples=tuple(fields.get("examples", ())), colour=color, codable=codable))
        for child in el.findall(q("Code")):
            walk(child, group, cid, cid)

    for el in codes_el.findall(q("Code")):
        walk(el, None, None, "")
    origin = root.get("origin") or path.stem
    return normalised(Codebook(name=path.stem if origin.startswith("worth") else origin, codes=tuple(codes),
                               groups=tuple(groups), source=str(path)))


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


VENDORS = ("auto", "worth", "atlasti", "nvivo", "maxqda", "qualcoder", "generic")


def _norm_guid(value: str | None) -> str:
    return (value or "").strip().strip("{}").lower()


def _detect_vendor(origin: str) -> str:
    o = origin.casefold()
    for needle, vendor in (("atlas", "atlasti"), ("nvivo", "nvivo"), ("maxqda", "maxqda"),
                           ("qualcoder", "qualcoder"), ("worth", "worth")):
        if needle in o:
            return vendor
    return "generic"


def _book_header(root: Any, q: Any) -> tuple[str, str, str, Any]:
    """Codebook name, version, language and description that worth writes into the project description."""
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
    return name, version, language, description


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
            gid_s = _add_group(groups, name, desc, unique)
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
    name, version, language, description = _book_header(root, q)
    if not name:
        name = (root.get("name") or "").strip() or origin or path.stem
    book = normalised(Codebook(name=name, codes=tuple(codes), groups=tuple(groups), version=version,
                               language=language, description=description, source=str(path)))
    return book, ids


