"""Codebooks: the default (orders of worth + help-seeking themes) and researchers' own.

A codebook is a YAML file (see corpora/codebooks/default.yaml): `groups` and `codes`, each code
with id, group, parent (for sub-codes), Dutch and English name, definition, inclusion and
exclusion criteria, indicators (Dutch words and phrases, matched on lemmas; a trailing `*` is a
prefix match), `ignore` (false friends), examples and a colour.

REFI-QDA codebooks (`.qdc`, what ATLAS.ti, NVivo and MAXQDA exchange) are read and written too.
Groups and categories are codes with isCodable="false"; the worth fields travel in the code's
Description as a labelled block, so a worth -> QDC -> worth round trip is lossless while the
other programs show the block as the code's description.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["Code", "Group", "Codebook", "load_codebook", "default_codebook_path", "read_qdc",
           "write_qdc", "to_markdown", "to_html", "write_codebook", "build_codes"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

_ID_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
_COLOUR_RE = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_GUID_NS = uuid.UUID("6f1f4a63-2d0e-5b8e-9a57-77c0f0d1e6a1")
QDC_NS = "urn:QDA-XML:codebook:1.0"


@dataclass(frozen=True)
class Group:
    id: str
    name_nl: str
    name_en: str = ""
    description: str = ""


@dataclass(frozen=True)
class Code:
    id: str
    name_nl: str
    name_en: str = ""
    group: str | None = None
    parent: str | None = None
    definition: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    colour: str | None = None
    codable: bool = True

    def as_json(self) -> dict[str, Any]:
        """The public shape (DESIGN.md contract 5) plus colour, ignore and codable."""
        d = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


@dataclass(frozen=True)
class Codebook:
    name: str
    codes: tuple[Code, ...]
    groups: tuple[Group, ...] = ()
    version: str = ""
    language: str = "nl"
    description: str = ""
    source: str = ""
    _by_id: dict[str, Code] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({c.id: c for c in self.codes})

    @property
    def ids(self) -> list[str]:
        """Ids of the codes that can be applied, in codebook order."""
        return [c.id for c in self.codes if c.codable]

    def __getitem__(self, code_id: str) -> Code:
        return self._by_id[code_id]

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._by_id

    def content(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "language": self.language,
                "description": self.description, "groups": [asdict(g) for g in self.groups],
                "codes": [c.as_json() for c in self.codes]}

    @property
    def hash(self) -> str:
        """sha256 of the canonical JSON content: models record it to refuse another codebook."""
        blob = json.dumps(self.content(), sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()

    def children(self, parent: str | None) -> list[Code]:
        return [c for c in self.codes if c.parent == parent]


def default_codebook_path() -> Path:
    """The shipped default codebook (corpora/codebooks/default.yaml beside the package)."""
    path = Path(__file__).resolve().parents[1] / "corpora" / "codebooks" / "default.yaml"
    if not path.is_file():
        raise InputError("the default codebook is missing", path=path,
                         hint="install worth from its source folder (pip install -e .) or pass --codebook")
    return path


# --------------------------------------------------------------------------- YAML


def _id_lines(text: str) -> dict[str, list[int]]:
    """Line numbers of each `id:` in a YAML/JSON codebook, in order (duplicates keep all)."""
    lines: dict[str, list[int]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^\s*-?\s*\"?id\"?:\s*['\"]?([^'\",#\s]+)", line)
        if m:
            lines.setdefault(m.group(1), []).append(n)
    return lines


def _lines_of_ids(text: str) -> dict[str, int]:
    return {k: v[0] for k, v in _id_lines(text).items()}


def _strings(value: Any, what: str, path: Path, line: int | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise InputError(f"{what} must be a list of texts", path=path, line=line)
    return tuple(str(v).strip() for v in value if str(v).strip())


def load_codebook(path: str | Path | None = None, *, check: bool = True) -> Codebook:
    """Read a codebook (.yaml/.yml, .json, REFI-QDA .qdc, or the codebook inside a .qdpx project) and
    validate it.

    Without `path` the default codebook is loaded.
    """
    path = Path(path) if path is not None else default_codebook_path()
    if not path.is_file():
        raise InputError("no such codebook file", path=path, hint="check the --codebook path")
    if path.suffix.lower() == ".qdc":
        book = read_qdc(path)
    elif path.suffix.lower() == ".qdpx":
        from .refi import read_qdpx_codebook

        book = read_qdpx_codebook(path)
    else:
        import yaml

        text = path.read_text(encoding="utf-8-sig")
        try:
            data = yaml.safe_load(text) if path.suffix.lower() in (".yaml", ".yml") else json.loads(text)
        except (yaml.YAMLError, json.JSONDecodeError) as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            raise InputError(f"codebook is not valid {path.suffix[1:].upper()} ({str(exc).splitlines()[0]})",
                             path=path, line=line + 1 if line is not None else getattr(exc, "lineno", None),
                             hint="check indentation and quotes") from None
        book = _from_mapping(data, path, _lines_of_ids(text))
    if check:
        validate(book)
    return book


def _from_mapping(data: Any, path: Path, lines: dict[str, int]) -> Codebook:
    if isinstance(data, list):
        data = {"codes": data}
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list):
        raise InputError("codebook needs a list 'codes'", path=path, line=1,
                         hint="see corpora/codebooks/default.yaml for the format")
    groups = []
    for g in data.get("groups") or []:
        if not isinstance(g, dict) or not g.get("id"):
            raise InputError("every group needs an id", path=path, line=lines.get(str(g)))
        groups.append(Group(id=str(g["id"]), name_nl=str(g.get("name_nl") or g["id"]),
                            name_en=str(g.get("name_en") or ""), description=str(g.get("description") or "").strip()))
    codes = []
    for i, c in enumerate(data["codes"], 1):
        if not isinstance(c, dict) or not c.get("id"):
            raise InputError(f"code number {i} has no id", path=path,
                             hint="give every code an 'id' such as theme.shame")
        cid = str(c["id"])
        line = lines.get(cid)
        known = {"id", "group", "parent", "name_nl", "name_en", "name", "definition", "include",
                 "exclude", "indicators", "ignore", "examples", "colour", "color", "codable"}
        unknown = sorted(set(c) - known)
        if unknown:
            raise InputError(f"code {cid!r} has unknown field(s) {', '.join(unknown)}", path=path, line=line,
                             hint="fields are: " + ", ".join(sorted(known - {'name', 'color'})))
        codes.append(Code(
            id=cid, name_nl=str(c.get("name_nl") or c.get("name") or "").strip(),
            name_en=str(c.get("name_en") or "").strip(),
            group=str(c["group"]) if c.get("group") else None,
            parent=str(c["parent"]) if c.get("parent") else None,
            definition=str(c.get("definition") or "").strip(),
            include=_strings(c.get("include"), f"include of {cid}", path, line),
            exclude=_strings(c.get("exclude"), f"exclude of {cid}", path, line),
            indicators=_strings(c.get("indicators"), f"indicators of {cid}", path, line),
            ignore=_strings(c.get("ignore"), f"ignore of {cid}", path, line),
            examples=_strings(c.get("examples"), f"examples of {cid}", path, line),
            colour=str(c.get("colour") or c.get("color") or "").strip() or None,
            codable=bool(c.get("codable", True))))
    return Codebook(name=str(data.get("name") or path.stem), version=str(data.get("version") or ""),
                    language=str(data.get("language") or "nl"),
                    description=str(data.get("description") or "").strip(), groups=tuple(groups),
                    codes=tuple(codes), source=str(path))


def validate(book: Codebook, *, definitions_checked: bool = False) -> None:
    """Structural checks with one clear error each: ids, parents, groups, names, definitions.

    `definitions_checked` skips the definition check for a codebook that was checked before
    (the copy stored in a model folder, which may come from a QDA project without definitions).
    Raises the first problem; `problems` lists them all.
    """
    found = problems(book, definitions_checked=definitions_checked)
    if found:
        raise found[0]


def problems(book: Codebook, *, definitions_checked: bool = False) -> list[InputError]:
    """Every structural problem of `book`, in file order (empty when it is sound)."""
    out: list[InputError] = []
    path = book.source or None
    from_qdc = bool(path) and Path(path).suffix.lower() in (".qdc", ".qdpx")  # QDA programs: definitions optional
    all_lines: dict[str, list[int]] = {}
    if path and Path(path).suffix.lower() in (".yaml", ".yml", ".json"):
        all_lines = _id_lines(Path(path).read_text(encoding="utf-8-sig"))
    lines = {k: v[0] for k, v in all_lines.items()}
    if not book.codes:
        return [InputError("codebook has no codes", path=path, hint="add at least one code")]
    seen: set[str] = set()
    group_ids = {g.id for g in book.groups}
    names: dict[tuple[str | None, str | None, str], str] = {}
    undefined: list[str] = []
    for code in book.codes:
        line = lines.get(code.id)
        if not _ID_RE.match(code.id):
            out.append(InputError(f"code id {code.id!r} has characters other than letters, digits, . _ -",
                             path=path, line=line, hint="use ids such as theme.shame"))
        if code.id in seen:
            dup_lines = all_lines.get(code.id, [])
            out.append(InputError(f"duplicate code id {code.id!r}", path=path,
                             line=dup_lines[1] if len(dup_lines) > 1 else line,
                             hint="every code needs its own id"))
        seen.add(code.id)
        if not code.name_nl:
            out.append(InputError(f"code {code.id!r} has no name", path=path, line=line, hint="add name_nl"))
        key = (code.group, code.parent, code.name_nl.casefold())
        if key in names:
            out.append(InputError(f"codes {names[key]!r} and {code.id!r} have the same name {code.name_nl!r}",
                             path=path, line=line, hint="QDA programs need distinct names; rename one"))
        names[key] = code.id
        if code.codable and not code.definition and from_qdc:
            undefined.append(code.id)
        elif code.codable and not code.definition and not definitions_checked:
            out.append(InputError(f"code {code.id!r} has an empty definition", path=path, line=line,
                             hint="write what the code means, so a second coder can apply it"))
        if code.group is not None and group_ids and code.group not in group_ids:
            out.append(InputError(f"code {code.id!r} names unknown group {code.group!r}", path=path, line=line,
                             hint="groups are: " + ", ".join(sorted(group_ids))))
        if code.colour and not _COLOUR_RE.match(code.colour):
            out.append(InputError(f"colour {code.colour!r} of {code.id!r} is not #RRGGBB", path=path, line=line))
    if undefined:
        log.warning("%s: %d code(s) have no definition (%s%s); add them so a second coder can apply the codes",
                    path, len(undefined), ", ".join(undefined[:5]), ", ..." if len(undefined) > 5 else "")
    ids = {c.id for c in book.codes}
    for code in book.codes:
        if code.parent is not None and code.parent not in ids:
            out.append(InputError(f"code {code.id!r} has unknown parent {code.parent!r}", path=path,
                             line=lines.get(code.id), hint="the parent must be a code id in this codebook"))
        chain, node = {code.id}, code
        while node.parent is not None and node.parent in ids:
            if node.parent in chain:
                out.append(InputError(f"code {code.id!r} is its own ancestor", path=path, line=lines.get(code.id),
                                 hint="parents must form a tree"))
                break
            chain.add(node.parent)
            node = book[node.parent]
    return out


def write_codebook(book: Codebook, out: str | Path) -> None:
    """Write as .yaml, .json or .qdc (by extension), atomically."""
    from ._io import atomic_write

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".qdc":
        write_qdc(book, out)
        return
    content = book.content()
    for c in content["codes"]:
        for k in ("ignore", "colour"):
            if not c[k]:
                del c[k]
        if c["codable"]:
            del c["codable"]
    if suffix in (".yaml", ".yml"):
        import yaml

        with atomic_write(out) as fh:
            yaml.safe_dump(content, fh, allow_unicode=True, sort_keys=False, width=100)
    elif suffix == ".json":
        with atomic_write(out) as fh:
            json.dump(content, fh, ensure_ascii=False, indent=2)
    else:
        raise InputError(f"cannot write a codebook as '{suffix}'", path=out, hint="use .yaml, .json or .qdc")


# --------------------------------------------------------------------------- rendering


def to_markdown(book: Codebook) -> str:
    out = [f"# {book.name} {book.version}".rstrip(), "", book.description, ""]
    groups = list(book.groups) or [Group(id="", name_nl="Codes")]
    for g in groups:
        members = [c for c in book.codes if (c.group or "") == g.id] if book.groups else list(book.codes)
        if not members:
            continue
        out += [f"## {g.name_nl}" + (f" ({g.name_en})" if g.name_en else ""), "", g.description, ""]
        for c in members:
            out += [f"### `{c.id}` {c.name_nl}" + (f" — {c.name_en}" if c.name_en else ""), ""]
            if c.parent:
                out += [f"Subcode van `{c.parent}`.", ""]
            out += [c.definition, ""]
            for title, items in (("Inclusie", c.include), ("Exclusie", c.exclude)):
                if items:
                    out += [f"**{title}**", ""] + [f"- {x}" for x in items] + [""]
            if c.indicators:
                out += ["**Indicatoren:** " + ", ".join(f"`{x}`" for x in c.indicators), ""]
            if c.ignore:
                out += ["**Niet meetellen:** " + ", ".join(f"`{x}`" for x in c.ignore), ""]
            if c.examples:
                out += ["**Voorbeelden**", ""] + [f"> {x}" for x in c.examples] + [""]
    return "\n".join(out).strip() + "\n"


def to_html(book: Codebook) -> str:
    """A self-contained HTML page (no external resources)."""
    e = html.escape
    parts = [f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>{e(book.name)}</title>",
             "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.45}"
             ".code{border-left:.5rem solid var(--c);padding:.2rem 1rem;margin:1rem 0}"
             "code{background:#f3f3f3;padding:0 .2rem}blockquote{color:#444;margin:.3rem 1rem}</style>"
             f"</head><body><h1>{e(book.name)} {e(book.version)}</h1><p>{e(book.description)}</p>"]
    for g in book.groups or (Group(id="", name_nl="Codes"),):
        members = [c for c in book.codes if (c.group or "") == g.id] if book.groups else list(book.codes)
        parts.append(f"<h2>{e(g.name_nl)}</h2><p>{e(g.description)}</p>")
        for c in members:
            parts.append(f"<section class='code' style='--c:{e(c.colour or '#999')}' id='{e(c.id)}'>"
                         f"<h3><code>{e(c.id)}</code> {e(c.name_nl)} <small>{e(c.name_en)}</small></h3>"
                         f"<p>{e(c.definition)}</p>")
            for title, items in (("Inclusie", c.include), ("Exclusie", c.exclude)):
                if items:
                    parts.append(f"<h4>{title}</h4><ul>" + "".join(f"<li>{e(x)}</li>" for x in items) + "</ul>")
            if c.indicators:
                parts.append("<p><b>Indicatoren:</b> " + ", ".join(f"<code>{e(x)}</code>" for x in c.indicators) + "</p>")
            if c.examples:
                parts.append("".join(f"<blockquote>{e(x)}</blockquote>" for x in c.examples))
            parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)


# --------------------------------------------------------------------------- REFI-QDA .qdc

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

    from ._io import atomic_write

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
            gid = re.search(r"^worth-group: (.+)$", desc, re.M)
            gid_s = unique(gid.group(1).strip() if gid else _slug_id(name))
            en = re.search(r"^Engelse naam: (.+)$", desc, re.M)
            text = "\n".join(l for l in desc.split("\n") if not l.startswith(("worth-group:", "Engelse naam:")))
            groups.append(Group(id=gid_s, name_nl=name, name_en=en.group(1).strip() if en else "",
                                description=text.strip()))
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


def normalised(book: Codebook) -> Codebook:
    """The codebook as it reads back from its own JSON (stripped texts, empty items dropped), so its
    hash survives a save and load; QDA readers pass what they read through this."""
    return _from_mapping(book.content(), Path(book.source or "codebook"), {})
