"""Shared pieces of the pseudonymiser: kinds, entities, the name pattern, spans and their priorities."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple
from toolkit.io.pseudonymise.lexicon import _NUMBER_WORDS, _PARTICLE_WORDS

KINDS = ("PERSOON", "PLAATS", "ADRES", "POSTCODE", "TELEFOON", "EMAIL", "DATUM", "LEEFTIJD", "BSN",
         "NUMMER", "INSTELLING")

_NAME_KINDS = frozenset({"PERSOON", "PLAATS", "INSTELLING", "ADRES"})

MAPPING_VERSION = 1

PLACE_OR_PERSON = "PLAATS|PERSOON"  # a candidate kind decided from the mapping (detect.finish)

@dataclass(frozen=True, order=True)
class Entity:
    """An identifier found in a text: ``text == source[start:end]``."""

    start: int
    end: int
    kind: str
    text: str

class Replacement(NamedTuple):
    """One replaced span: old offsets in the original text, new offsets in the pseudonymised text."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    placeholder: str

_Add = Callable[[float, int, int, str], None]

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĘĚĞİŁŃŇŐŒŘŚŞŠŢŤŮŰŸŹŻŽ"

_NAME = rf"(?:[{_UP}][^\W\d_]+(?:['’][^\W\d_]+)?(?:-(?:[{_UP}]-)?[{_UP}][^\W\d_]+)*)"  # "Tjon-A-Fat"

_INITIALS = rf"(?:(?:[{_UP}]\.\s?){{1,4}})"

_PART = r"(?:[Vv]an der|[Vv]an den|[Vv]an de|[Vv]an 't|[Ii]n 't|[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|'t|[Ee]l)"

_PERSON = (rf"(?:{_INITIALS}\s?(?:{_PART}\s)?{_NAME}"
           rf"|(?:{_PART}\s)?{_NAME}(?:\s{_NAME}|\sA\s{_NAME})?(?:\s{_PART}\s{_NAME})?)")  # "Tjon A Fat"

_MARKER_RE = re.compile(r"\[[^\[\]\n]{1,60}\]")

_PLACEHOLDER_RE = re.compile(r"\[(" + "|".join(KINDS) + r")-\d+\]")

_WORD_RE = re.compile(rf"(?<![\w'’-])({_NAME})")

_LOWER_WORD_RE = re.compile(r"(?<![\w'’-])([a-zà-öø-ÿ][^\W\d_]+)(?![\w-])")

_TRAILER_RE = re.compile(rf"[ \t]+(?:(?:{_PART})[ \t]+|(?:[Ee]l|[Aa]l|[Bb]en|[Aa]bu)-)?{_NAME}")  # "Samira el-Haddouchi"

_LOWER_TRAILER_RE = re.compile(r"[ \t]+(?:(?:van der|van den|van de|van|de|ter|ten)[ \t]+)?[a-zà-öø-ÿ][^\W\d_]{2,}(?![\w-])")

_DOUBLE_RE = re.compile(rf"-(?:(?:{_PART})[ \t]+)?{_NAME}")

def _is_initial(text: str, pos: int) -> bool:
    """Whether `pos` starts a sentence, a line, a quote or follows a marker."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“”‘’„«»(-–—#*•·▪◦>_":  # also Markdown heads and list bullets
        i -= 1
    if i < 0 or text[i] in ".!?:;…\n]":
        return True
    if i >= 1 and text[i - 1:i + 1] in ("'k", "’k") and _is_initial(text, i - 1):
        return True  # "'k Ben ook moe": after an elided "ik" opening a sentence the next word has the capital
    # a clock time opening a line of notes: "14.20 Activiteitenbegeleider ...", "09:05 Koffie."
    line_start = text.rfind("\n", 0, pos) + 1
    if text[i] == ")":  # a journal entry's head: "12-10 (MH) Overleg met ...", "ma 20/3 (KB + DB) Gesprek"
        return _JOURNAL_HEAD_RE.fullmatch(text, line_start, pos) is not None
    return text[i].isdigit() and _TIME_LEAD_RE.fullmatch(text, line_start, pos) is not None


_JOURNAL_HEAD_RE = re.compile(r"[ \t]*[\w/.:' -]{2,24}?[ \t]*\((?:[A-Z][A-Za-z]{0,3})(?:\s*[+/,&]\s*[A-Z][A-Za-z]{0,3})*\)[ \t]+")


# "14.20 ", "09:05-09:30 ", also after a date and before a dash: "25-11 10:05 — Belde: ..."
_TIME_LEAD_RE = re.compile(r"[ \t]*(?:\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{2,4})?[ \t]+)?(?:[01]?\d|2[0-3])[.:][0-5]\d"
                           r"(?:\s*(?:uur|u\.?))?(?:\s*[-–]\s*(?:[01]?\d|2[0-3])[.:][0-5]\d)?[ \t]+(?:[-–—][ \t]+)?")

def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(spans, (start, float("inf")))  # type: ignore[arg-type]
    if i > 0 and spans[i - 1][1] > start:
        return True
    return i < len(spans) and spans[i][0] < end

def _norm(kind: str, surface: str) -> str:
    s = " ".join(surface.replace("’", "'").split())
    if kind in _NAME_KINDS:
        return "name:" + s.casefold()
    if kind in ("TELEFOON", "BSN", "NUMMER"):
        d = re.sub(r"\(0\)", "", s)
        d = re.sub(r"[^\dA-Za-z]", "", d).upper()
        if kind == "TELEFOON":
            d = re.sub(r"^(?:0031|31)", "0", d) if s.startswith(("+", "00")) else d
        return f"{kind}:{d}"
    if kind == "POSTCODE":
        return "POSTCODE:" + s.replace(" ", "").upper()
    if kind == "LEEFTIJD":
        m = re.match(r"\d+", s)
        if m:
            return f"LEEFTIJD:{int(m.group())}"
        first = re.split(r"[\s-]", s.casefold())[0]
        return f"LEEFTIJD:{_NUMBER_WORDS.get(first, first)}"
    return f"{kind}:{s.casefold()}"

def _surname(form: str) -> str | None:
    """The surname part of a multi-word person name ("Jan de Vries" -> "de Vries")."""
    tokens = form.split()
    if len(tokens) < 2:
        return None
    for i in range(1, len(tokens)):
        if tokens[i].casefold() in _PARTICLE_WORDS:
            return " ".join(tokens[i:])
    last = tokens[-1]
    if len(last) > 2 and not last.endswith("."):
        return last
    return None

def resolve(cands: list[tuple[int, int, int, str]]) -> list[tuple[int, int, str]]:
    accepted: list[tuple[int, int, str]] = []
    starts: list[int] = []
    for prio, start, end, kind in sorted(cands, key=lambda c: (c[0], -(c[2] - c[1]), c[1])):
        i = bisect.bisect_left(starts, start)
        if i > 0 and accepted[i - 1][1] > start:
            continue
        if i < len(accepted) and accepted[i][0] < end:
            continue
        accepted.insert(i, (start, end, kind))
        starts.insert(i, start)
    return accepted
