"""Write a project as a REFI-QDA project (.qdpx) for ATLAS.ti, NVivo, MAXQDA and QualCoder."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from toolkit.files import atomic_write, stable_zip
from toolkit.coding.codebook import Codebook
from toolkit.coding.qdc import _guid, build_codes
from toolkit.errors import InputError
from toolkit.types import Coding, is_machine_coder
from toolkit.exchange.qdpx_common import PROJECT_NS, _NAME_CHARS, _NAME_WORDS, _SKIP_META, _resolve_codebook, _with_missing_codes




def _q(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


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
    return stable_zip((name, members[name]) for name in sorted(members, key=lambda n: (n != "project.qde", n)))


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


