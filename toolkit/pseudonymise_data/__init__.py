"""Word lists of the pseudonymiser: how they were built and their licences are in README.md here."""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources

__all__ = ["lines", "phrase_pattern", "gz_lines"]


@lru_cache(maxsize=None)
def _read(name: str) -> tuple[str, ...]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            out.append(line)
    return tuple(out)


def lines(name: str, fold: bool = False) -> frozenset[str]:
    """The entries of the list `name` (casefolded when `fold`)."""
    return frozenset(e.casefold() for e in _read(name)) if fold else frozenset(_read(name))


@lru_cache(maxsize=None)
def phrase_pattern(name: str, multiword_only: bool = False) -> re.Pattern[str] | None:
    """A case-sensitive pattern matching every entry of `name` as a whole word sequence."""
    entries = [e for e in _read(name) if not multiword_only or " " in e or "-" in e]
    if not entries:
        return None
    alt = "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True))
    return re.compile(r"(?<![\w'’-])(?:" + alt + r")(?![\w'’]|-\w)")


@lru_cache(maxsize=None)
def gz_lines(name: str) -> frozenset[str]:
    """The lines of the gzip-compressed list `name`."""
    raw = resources.files(__name__).joinpath(name).read_bytes()
    return frozenset(gzip.decompress(raw).decode("utf-8").split())
