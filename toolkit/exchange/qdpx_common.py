"""What QDPX reading and writing share: namespaces, vendor units, machine-coding descriptions."""

from __future__ import annotations
import logging

import json
from typing import Any

from toolkit.coding.codebook import Codebook
from toolkit.coding.codebook import Code, Group
from toolkit.coding.codebook_io import load_codebook

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


# (CRLF counts as one position, positions count UTF-16 code units)
_UNITS = {"worth": (False, False), "atlasti": (True, False), "nvivo": (False, True),
          "maxqda": (False, False), "qualcoder": (False, False), "generic": (False, False)}


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


PROJECT_NS = "urn:QDA-XML:project:1.0"


_NAME_WORDS = 8


_NAME_CHARS = 60


_SKIP_META: frozenset[str] = frozenset()  # metadata keys not exported as variables


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


