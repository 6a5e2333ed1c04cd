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
import json
import logging
import re
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from toolkit.errors import InputError

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
    path = Path(__file__).resolve().parents[2] / "corpora" / "codebooks" / "default.yaml"
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


def codebook_text(path: Path) -> str:
    """A YAML/JSON codebook's text, decoded as transcripts are: UTF-8 or UTF-16 with or without BOM, or
    Windows "ANSI" (as Notepad saves it); anything else is refused with the line of the first bad byte."""
    from toolkit.errors import DecodeError
    from toolkit.io.text import decode_bytes, normalise_newlines

    try:
        return normalise_newlines(decode_bytes(path.read_bytes(), path)[0])
    except DecodeError as exc:  # its hint speaks of transcripts
        raise DecodeError(exc.message, path=path, line=exc.line,
                          hint="save the codebook as text (UTF-8) in a text editor, or give a .qdc") from None


def problems(book: Codebook, *, definitions_checked: bool = False) -> list[InputError]:
    """Every structural problem of `book`, in file order (empty when it is sound)."""
    out: list[InputError] = []
    path = book.source or None
    from_qdc = bool(path) and Path(path).suffix.lower() in (".qdc", ".qdpx")  # QDA programs: definitions optional
    all_lines: dict[str, list[int]] = {}
    if path and Path(path).suffix.lower() in (".yaml", ".yml", ".json"):
        all_lines = _id_lines(codebook_text(Path(path)))
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


# --------------------------------------------------------------------------- rendering


# --------------------------------------------------------------------------- REFI-QDA .qdc


def normalised(book: Codebook) -> Codebook:
    """The codebook as it reads back from its own JSON (stripped texts, empty items dropped), so its
    hash survives a save and load; QDA readers pass what they read through this."""
    return _from_mapping(book.content(), Path(book.source or "codebook"), {})
