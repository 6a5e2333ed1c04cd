"""Codebook files: load (.yaml, .json, .qdc, .qdpx), write, and render as Markdown or HTML."""

from __future__ import annotations

import html
import json
from pathlib import Path

from toolkit.errors import InputError
from toolkit.coding.codebook import (Codebook, Group, _from_mapping, _lines_of_ids, codebook_text,
                                     default_codebook_path, validate)
from toolkit.coding.qdc import read_qdc, write_qdc


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
        from toolkit.coding.qdc import read_qdpx_codebook

        book = read_qdpx_codebook(path)
    else:
        import yaml

        text = codebook_text(path)
        try:
            data = yaml.safe_load(text) if path.suffix.lower() in (".yaml", ".yml") else json.loads(text)
        except (yaml.YAMLError, json.JSONDecodeError) as exc:
            raise _not_valid(path, text, exc) from None
        book = _from_mapping(data, path, _lines_of_ids(text))
    if check:
        validate(book)
    return book


def _not_valid(path: Path, text: str, exc: Exception) -> InputError:
    """The one-line error for a codebook that does not parse, with the line and the usual cause."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else getattr(exc, "lineno", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    source = text.split("\n")[line - 1] if line and line <= text.count("\n") + 1 else ""
    hint = "check indentation and quotes"
    if "block" in str(problem):  # PyYAML's words for a line indented more or less than its neighbours
        problem = "the indentation does not line up with the lines above"
        hint = "indent every field of a code as far as the others, with spaces"
    elif "\t" in source[:len(source) - len(source.lstrip())] or "'\\t'" in str(problem):
        problem, hint = "a tab in the indentation", "YAML indents with spaces only: replace the tab by spaces"
    elif "mapping values are not allowed" in str(problem):
        hint = 'a value that holds ": " needs quotes, e.g. name_nl: "Schaamte: over geld"'
    return InputError(f"codebook is not valid {path.suffix[1:].upper()} ({problem})", path=path, line=line,
                      hint=hint)


def write_codebook(book: Codebook, out: str | Path) -> None:
    """Write as .yaml, .json or .qdc (by extension), atomically."""
    from toolkit.files import atomic_write

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


