"""Find identifiers in a text: every detector adds candidate spans with a priority, the best
non-overlapping ones win; then the name passes (see consistency.py) run on what is left.

Detection has two steps so that the first can run anywhere (on Dask workers, `worth pseudonymise
--scheduler`): `candidates` reads the text only (the rules and word lists, ~80% of the time), `finish`
adds what the mapping built so far decides (names mapped earlier, places that are people) and resolves
the overlaps. `detect` is the two in one; the result is the same whichever way the steps are run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from toolkit.io.pseudonymise.addresses import address_candidates
from toolkit.io.pseudonymise.common import PLACE_OR_PERSON, Entity, _MARKER_RE, resolve
from toolkit.io.pseudonymise.consistency import consistency_candidates, word_candidates
from toolkit.io.pseudonymise.ages import age_candidates
from toolkit.io.pseudonymise.ages_more import more_age_candidates
from toolkit.io.pseudonymise.dates import date_candidates
from toolkit.io.pseudonymise.fields import field_candidates
from toolkit.io.pseudonymise.names import name_candidates
from toolkit.io.pseudonymise.numbers import number_candidates
from toolkit.io.pseudonymise.organisations import organisation_candidates
from toolkit.io.pseudonymise.lexicon import _FIRST_NAMES, _is_word
from toolkit.io.pseudonymise.places import place_candidates

_CHAT_NOTE_RE = re.compile(r"<(?:Media|Afbeelding|Video|Sticker|GIF|Audio|Document|Bijlage|Dit bericht|"
                           r"Bericht)\b[^<>@\n]{0,40}>", re.IGNORECASE)

_INITIALS_TOKEN = r"[A-Z](?:[a-z]{0,3}[A-Z]){1,3}"
_STAFF_INITIALS_RE = re.compile(rf"\((?:{_INITIALS_TOKEN})(?:\s*[+/,&]\s*{_INITIALS_TOKEN})*\)(?=[ \t]*$)", re.MULTILINE)

# a numbered heading: "Artikel 2 – Werkzaamheden", "Hoofdstuk 1 – Jeugd", "Stap 3: Uitvoering" (its ordinary words are
# no names; a name in it stays to the detectors)
_HEADING_RE = re.compile(r"^[ \t]*(?:Artikel|Hoofdstuk|Paragraaf|Deel|Bijlage|Stap|Thema|Fase|Les|Module|Sessie|Onderdeel)"
                         r"[ \t]+\d{1,2}[a-z]?[ \t]*[–—:.-][ \t]*([^\n]{1,60})$", re.MULTILINE)

Candidate = tuple[float, int, int, str]  # (priority, start, end, kind): lower priority wins

# the first part of a shared compound: "Zorg- en welzijnsloket", "huis- of telefoonnummer"
_SHARED_PART_RE = re.compile(r"(?<![\w'’-])[^\W\d_]{2,}-(?=[ \t]+(?:en|of|tot|noch)[ \t]+[^\W\d_])")
_SHARED_LINK_RE = re.compile(r"[ \t]+(?:en|of|tot|noch)[ \t]+")
# a word split at a line break: "verwach- tingen", "moge-\nlijkheden"
_SPLIT_WORD_RE = re.compile(r"(?<![\w'’-])([^\W\d_]{2,})-(?:[ \t]+|[ \t]*\n[ \t]*)([a-zà-öø-ÿ][^\W\d_]+)(?![\w'’-])")


def _fragment_candidates(text: str, add: Callable[[float, int, int, str], None]) -> None:
    """Parts of hyphenated words are no names (priority 9.4: below every detector but the name and place
    passes)."""
    for m in _SPLIT_WORD_RE.finditer(text):
        if m.group(2) not in ("en", "of", "tot", "noch") and _is_word(m.group(1) + m.group(2)):
            add(9.4, m.start(), m.end(), "MARKER")
    for m in _SHARED_PART_RE.finditer(text):
        add(9.4, m.start(), m.end(), "MARKER")


def _join_shared(text: str, accepted: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """An organisation named with a shared compound is one span: "Stichting Zorg- en Welzijnsgroep"."""
    out: list[tuple[int, int, str]] = []
    for s, e, k in accepted:
        if out and k == "INSTELLING" and out[-1][2] in ("INSTELLING", "MARKER"):
            ps, pe, pk = out[-1]
            link = pe if pk == "MARKER" else pe + 1  # the marker of a shared part holds its hyphen
            if text[link - 1:link] == "-" and _SHARED_LINK_RE.fullmatch(text, link, s):
                out[-1] = (ps, e, "INSTELLING")
                continue
        out.append((s, e, k))
    return out


# "'t Anker", "'t Harde": the article belongs to the name; "Woonpartners Midden-Holland": so does the region
_TEAM_RE = re.compile(r"(?i:team)$")
_AD_RE = re.compile(r"[ \t]+a/d[ \t]+")
_AMP_AFTER_RE = re.compile(r"[ \t]*&[ \t]*[A-Z][^\W\d_]+(?:[ \t][A-Z][^\W\d_]+)?")
_T_BEFORE_RE = re.compile(r"(?<![\w'’])['’]t[ \t]$")
_REGION_AFTER_RE = re.compile(r"[ \t](?:Midden|Noord|Zuid|Oost|West|Noordoost|Noordwest|Zuidoost|Zuidwest)"
                              r"(?:-[A-Z][a-z]+)?(?![\w-])")  # "Zorgkracht Oost" too


# "Zonnebloem afdeling Lelystad": a branch named by its place belongs to its organisation
_BRANCH_LINK_RE = re.compile(r"[ \t]+(?:afdeling|regio|vestiging)[ \t]+")


def _join_article_and_region(text: str, accepted: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for s, e, k in accepted:
        if k == "PLAATS" and out and out[-1][2] == "INSTELLING" and _BRANCH_LINK_RE.fullmatch(text, out[-1][1], s):
            out[-1] = (out[-1][0], e, "INSTELLING")
            continue
        if k in ("INSTELLING", "PLAATS") and s >= 3 and _T_BEFORE_RE.search(text, s - 3, s) \
                and not (out and out[-1][1] > s - 3):
            s -= 3
        amp = _AMP_AFTER_RE.match(text, e) if k in ("INSTELLING", "PERSOON") else None
        if amp:  # "Wonen & Welzijn", "Zorg & Co": one organisation
            e, k = amp.end(), "INSTELLING"
        r = _REGION_AFTER_RE.match(text, e) if k == "INSTELLING" else None
        if r and "-" not in r.group() and _TEAM_RE.search(text, s, e):
            r = None  # "Buurtteam Oost": a team named by its part of town only
        if r:
            e = r.end()
        if out and out[-1][2] == "PLAATS" and _AD_RE.fullmatch(text, out[-1][1], s):  # "Capelle a/d IJssel"
            out[-1] = (out[-1][0], e, "PLAATS")
            continue
        if out and out[-1][1] > s:  # the region was a span of its own: now inside the organisation
            if e <= out[-1][1]:
                continue
            s = out[-1][1]
        out.append((s, e, k))
    return out


# a house number after a street the other detectors found without it ("op de Grote Markt 3a", "Adres: Kerkewijk
# 118, 3904 JK"): not a count, a duration or a year
_HOUSE_AFTER_RE = re.compile(r"[ \t](\d{1,4}(?:[a-zA-Z](?![\w'’])|[ -]?bis(?![\w-])|-\d{1,3})?)(?![\w.,:/-]\d|[\w/-])"
                             r"(?![ \t]*(?:%|(?i:keer|maal|jaar|jr|uur|u|min|minuten|euro|km|meter|kilo|dagen|weken|"
                             r"maanden|mensen|personen|kinderen|stuks|procent)\b))")
_ADDRESS_CUE_RE = re.compile(r"(?:\b(?i:woon\w*|wonen|wonend|adres)[ \t]*:?[ \t]+(?:(?i:op|aan|in)[ \t]+)?(?:(?i:de|het)[ \t]+)?"
                             r"(?:[A-Z][\w'’-]+,[ \t]+)?"  # "woont in Oosterhout, Zandheuvel 31"
                             r"|\b(?i:op|aan)[ \t]+(?i:de|het)[ \t]+)$")  # "woont op de", "Adres:", "op de" (not "aan Petra 3")
_POSTCODE_NEXT_RE = re.compile(r"[ \t]*,?[ \t]*[1-9]\d{3}[ ]?[A-Z]{2}\b")


def _with_house_number(text: str, accepted: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for i, (s, e, k) in enumerate(accepted):
        m = _HOUSE_AFTER_RE.match(text, e) if k in ("ADRES", "PLAATS", "PERSOON", "INSTELLING") else None
        if m and not re.fullmatch(r"(?:19|20)\d\d", m.group(1)) and (i + 1 == len(accepted) or accepted[i + 1][0] >= m.end()) \
                and (k == "ADRES" or _ADDRESS_CUE_RE.search(text, max(0, s - 45), s) or _POSTCODE_NEXT_RE.match(text, m.end())):
            s, e, k = s, m.end(), "ADRES"
        out.append((s, e, k))
    return out


_REGION_WORD_RE = re.compile(r" ([A-Z][\w-]+)")
_ACRONYM_RE = re.compile(r"[A-Z]{2,5}")
_REGIONS = frozenset("Groningen Friesland Fryslân Drenthe Overijssel Flevoland Gelderland Utrecht Noord-Holland "
                     "Zuid-Holland Zeeland Noord-Brabant Brabant Limburg Twente Achterhoek Veluwe Rijnmond Haaglanden "
                     "Kennemerland Zaanstreek Westfriesland Gooi IJsselland Salland Rivierenland Midden-Brabant "
                     "West-Brabant Oost-Brabant Zuid-Limburg Noord-Limburg Hollands-Midden Zuidoost-Brabant".split())


def _join_acronym_place(text: str, accepted: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A local branch named by an acronym and its region is one organisation: "ROC Zeeland", "GGZ Drenthe"."""
    out: list[tuple[int, int, str]] = []
    for i, (s, e, k) in enumerate(accepted):
        if out and (k == "PLAATS" or text[s:e] in _REGIONS) and out[-1][2] == "INSTELLING" and text[out[-1][1]:s] == " " \
                and _ACRONYM_RE.fullmatch(text[out[-1][0]:out[-1][1]]):
            out[-1] = (out[-1][0], e, "INSTELLING")
            continue
        region = _REGION_WORD_RE.match(text, e) if k == "INSTELLING" and _ACRONYM_RE.fullmatch(text[s:e]) else None
        if region and region.group(1) in _REGIONS and (i + 1 == len(accepted) or accepted[i + 1][0] >= region.end()):
            e = region.end()
        out.append((s, e, k))
    return out


def candidates(text: str, keep_countries: bool = False) -> list[Candidate]:
    """The candidate spans of `text` that do not depend on the mapping (a pure function of the text)."""
    cands: list[Candidate] = []

    def add(prio: float, start: int, end: int, kind: str) -> None:
        if end > start:
            cands.append((prio, start, end, kind))

    for m in _MARKER_RE.finditer(text):
        # "jan[at]ziggo.nl" is an e-mail address; the date of "[12-03-24 09:14:22]" wins (dates.py, priority -1)
        if m.group().casefold() not in ("[at]", "[dot]", "[punt]"):
            add(0, m.start(), m.end(), "MARKER")
    for m in _STAFF_INITIALS_RE.finditer(text):  # "(KB)", "(KB + MvdL)" after a journal date: who wrote it
        add(0.5, m.start(), m.end(), "MARKER")
    for m in _HEADING_RE.finditer(text):
        for w in re.finditer(r"[^\W\d_]+", m.group(1)):
            if _is_word(w.group()) and w.group().casefold() not in _FIRST_NAMES:
                add(0.5, m.start(1) + w.start(), m.start(1) + w.end(), "MARKER")
    for m in _CHAT_NOTE_RE.finditer(text):  # "<Media weggelaten>": a chat export's note, no name
        add(0, m.start(), m.end(), "MARKER")
    number_candidates(text, add)
    field_candidates(text, add)
    date_candidates(text, add)
    address_candidates(text, add)
    age_candidates(text, add)
    more_age_candidates(text, add)
    organisation_candidates(text, add)
    place_candidates(text, add, keep_countries)
    name_candidates(text, add)
    _fragment_candidates(text, add)
    return cands


def finish(text: str, cands: Sequence[Candidate], kind_of: Callable[[str], str | None],
           mapping: Mapping[str, Sequence[str]]) -> list[Entity]:
    """The identifiers of `text` from its `candidates` and the mapping so far.

    `kind_of` tells the kind of a form already mapped ("PERSOON", ...) or None; `mapping` holds the
    forms mapped so far (placeholder -> forms), which are looked for in this text too.
    """
    cands = [(p, s, e, ("PERSOON" if kind_of(text[s:e]) == "PERSOON" else "PLAATS") if k == PLACE_OR_PERSON else k)
             for p, s, e, k in cands]
    accepted = resolve(cands)
    fallback = word_candidates(text, accepted, kind_of)
    accepted = resolve(cands + fallback)
    fallback += consistency_candidates(text, accepted, mapping)
    accepted = _join_article_and_region(text, _join_shared(text, resolve(cands + fallback)))
    accepted = _with_house_number(text, _join_acronym_place(text, accepted))
    return [Entity(s, e, k, text[s:e]) for s, e, k in accepted if k != "MARKER"]


def detect(text: str, kind_of: Callable[[str], str | None], mapping: Mapping[str, Sequence[str]],
           keep_countries: bool = False) -> list[Entity]:
    """Identifiers in `text`: non-overlapping, sorted by offset; existing markers are never included."""
    return finish(text, candidates(text, keep_countries), kind_of, mapping)
