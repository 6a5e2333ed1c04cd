"""Detectors for street addresses, house numbers and roads, also written in lower case."""

from __future__ import annotations

import re
from toolkit.io.pseudonymise.common import _Add, _NAME, _UP, _is_initial
from toolkit.io.pseudonymise.lexicon import (
    _FIRST_NAMES, _KEEP, _PLACES, _PLACE_SUFFIXES, _WORD_PLACES, _common_word, _is_kept, _is_word, _words)

_STREET_SUFFIX = (r"straat|straatje|weg|laan|laantje|plein|singel|gracht|kade|dreef|hof|steeg|pad|dijk|"
                  r"markt|plantsoen|baan|wal|ring|park|erf|veld|hoek|boulevard|allee|lei|oord|burcht|"
                  r"haven|dam|akker|wetering|vaart|zoom|stede|hoven|rode|straatweg|dwarsstraat|buurt")

# a house number with its addition and floor: "12", "27b", "3 A", "14-II", "12 II", "4-bis", "4bis", "8 hs", "21-1",
# "31 zwart" and "31 rood" (the two numberings of old town streets),
# "4c, 3 hoog", "12, 2e verdieping", "23b, twee hoog", "Populierenlaan 3-hoog" (the floor only)
_HOUSE_NO = (r"\d{1,4}(?:(?:\s?-\s?|\s)?bis(?![\w-])|(?:\s?-\s?|\s)(?:hs|bg|I{1,3}|IV|zw|rd|zwart|rood|boven|beneden|hoog)(?![\w-])"
             r"|[-\s]?[a-zA-Z](?![\w'’])|-\d{1,3})?"
             r"(?:,?[ \t]+(?:\d{1,2}(?:e|ste|de)?[ -]?(?:hoog|hg|etage|verdieping)"
             r"|(?:\d{1,2}(?:e|ste|de)|eerste|tweede|derde|vierde)[ \t]+(?:etage|verdieping)"
             r"|(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien)[ \t]+hoog)(?![\w-]))?")

# abbreviated titles that open street names: "Burg. de Withstraat", "Dr. Schaepmanlaan", "Mgr. Nolenslaan"
_ABBREV = r"(?:Burg|Dr|Mr|Prof|St|Mgr|Gen|Kon|Pr|Ds|Past|Jhr|Gebr|Adm|Kard|Pres)\."

_STREET_RE = re.compile(
    rf"(?<![\w-])((?:(?:{_NAME}|{_ABBREV}|[Vv]an|de|der|den|'t|\d{{1,2}}e)[ \t]){{0,3}}"  # on one line
    rf"[{_UP}][^\W\d_]*(?:{_STREET_SUFFIX}))(?:[ \t]({_HOUSE_NO}))?(?![\w-])")

# words that begin street names and are no ordinary word there: "Burgemeester Jansenstraat", "Nieuwe Achtergracht"
_STREET_PREFIX = _words("burgemeester burg dokter dr professor prof pastoor kapelaan deken koning koningin prins prinses "
                        "graaf gravin hertog hertogin sint st nieuwe oude lange korte hoge lage grote kleine oost west "
                        "noord zuid oostelijke westelijke noordelijke zuidelijke binnen buiten achter voor eerste tweede "
                        "derde president generaal kapitein kardinaal bisschop pater mgr meester mr jonkheer admiraal "
                        "kolonel luitenant dominee ds schout ridder vrouwe heilige")

_STRONG_STREET = re.compile(r"(?:straat|straatje|weg|laan|laantje|plein|singel|gracht|kade|dreef|steeg|dijk|"
                            r"straatweg|boulevard|allee)$")

_STREET_CONTEXT_RE = re.compile(r"(?i:\b(?:in|op|aan|bij|naar|over|langs|via|uit|van)\s+de\s+)$")

_STREET_STRIP = _words("in op aan naar uit bij nou ja nee en dan die dat van over via langs het de der den 't "
                       "ik we wij hij zij ze je mijn onze tot vanaf")

_ROAD_RE = re.compile(r"(?<![\w-])(?:de\s+|over\s+de\s+|via\s+de\s+|op\s+de\s+)([AN]\d{1,3})(?![\w-])")

_HOUSE_NO_RE = re.compile(rf"(?<![\w-])(?i:op|aan|huisnummer(?:\s*:|\s+is|\s+was)?|huisnr\.?|nummer|nr\.?)\s+((?i:nummer|nr\.?)\s+)?"
                          rf"({_HOUSE_NO})(?![\w/-])")  # not "nr. 2024/WMO/00871"

# a chat or interview line that answers with a house number only: "[03-09-24, 08:31] Wim: 6a."
_NUMBER_REPLY_RE = re.compile(r"^[^\n]{1,80}?:[ \t]*(\d{1,4}(?:[a-zA-Z]|[ -]?bis))(?![\w-])[ \t.!?]*(?:[^\w\n]{0,4})[ \t]*$",
                              re.MULTILINE)

# a turn that says a house number again right after the address was asked: "C: ... Dahliastraat 31?" - "D: Ja, 31, ..."
_ECHO_NUMBER_RE = re.compile(r"^[^\n]{1,60}?:[ \t]*(?:(?i:ja|nee|jawel|klopt|precies|inderdaad)[ \t]*[,.!]?[ \t]*)?"
                             r"(\d{1,4}[a-zA-Z]?)(?=[ \t]*[,.!?]|[ \t]*$)", re.MULTILINE)


def _echoed_numbers(text: str, add: _Add) -> None:
    for m in _ECHO_NUMBER_RE.finditer(text):
        prev = text.rfind("\n", 0, max(0, m.start() - 1)) + 1  # the turn before this one
        said = {s.group(2).casefold() for s in _STREET_RE.finditer(text, prev, m.start()) if s.group(2)}
        if m.group(1).casefold() in said:
            add(7, m.start(1), m.end(1), "ADRES")


# a floor alone: "ze woont op 3-hoog", "twee-hoog achter" (part of an address, as after a house number)
_FLOOR_RE = re.compile(r"(?<![\w-])(?:\d{1,2}|(?i:een|één|twee|drie|vier|vijf|zes))-hoog(?![\w-])")

# things that are numbered and are no houses: "respondent nummer 9", "vraag nr. 6", "bijlage nr. 2"
_COUNTED_BEFORE_RE = re.compile(
    r"(?i:\b(?:respondente?|resp\.?|deelnem(?:er|ster)|participant|geïnterviewde|interview|gesprek|casus|"
    r"\w*vraag|stelling|item|bijlage|pagina|bladzijde|blz\.?|hoofdstuk|paragraaf|tabel|figuur|groep|sessie|ronde|"
    r"bus|\w*lijn|tram|trein|spoor|perron|week|versie|stap|fase|\w*punt|regel|foto|formulier|lied|liedje|"
    r"track|rugnummer|patiënt|code)[ \t]+)$")

_LOWER_STREET_RE = re.compile(
    r"(?<![\w-])([a-zà-ÿ][a-zà-ÿ'-]{2,}(?:straat|laan|weg|plein|singel|gracht|kade|dreef|dijk|steeg))"
    rf"(?:\s({_HOUSE_NO}))?(?![\w-])")

_PERSON_TITLE_RE = re.compile(r"(?i:\b(?:meneer|mevrouw|mevr\.|mw\.|dhr\.|familie|fam\.|buurman|buurvrouw))[ \t]+$")


def _street(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """The span of a street match, without leading ordinary words; None when it is no street."""
    start, end = m.start(1), m.end()
    tokens = m.group(1).split()
    if len(tokens) > 2 and tokens[1] == "van" and _PERSON_TITLE_RE.search(text, max(0, start - 12), start):
        start += len(tokens[0]) + len(tokens[1]) + 2  # "meneer Brouwer van de Gerbrandystraat 30": who, then where
        tokens = tokens[2:]
    article = False  # after "de": "aan de Frans Halslaan", the capitalised words are the street's
    while len(tokens) > 1:
        low, upper = tokens[0].casefold().rstrip("."), tokens[0][:1].isupper()
        named = tokens[1][:1].isupper() or (len(tokens) > 2 and tokens[1] in ("de", "der", "den", "'t")
                                            and tokens[2][:1].isupper())  # "Van der Capellenstraat"
        if upper and (low in _STREET_PREFIX or (article and low not in _STREET_STRIP)
                      or (low == "van" and named and (article or not _is_initial(text, start)))):
            break  # "Van Stolbergweg 1", "op de Van de Spiegelstraat": a street named after someone
        if not (low in _STREET_STRIP or (low in _KEEP and low not in _FIRST_NAMES)
                or (_is_word(tokens[0]) and _is_initial(text, start))):
            break  # a first name opening a street stays in it: "Frans Halslaan"
        article = low in ("de", "het", "'t")
        start += len(tokens[0]) + 1
        tokens = tokens[1:]
    last = tokens[-1]
    if m.group(2) is None and len(tokens) == 1 and _is_initial(text, start) and _is_word(last):
        return None  # "Onderweg ontmoet ze ...": a word at the start of a sentence
    if m.group(2) is None and not _STRONG_STREET.search(last) and re.search(r"(?<![.!?:]\s)(?<!^)\b(?:De|Het)\s$",
                                                                          text[max(0, start - 6):start]):
        return None  # "bij De Kennemerhof": a capitalised article names a home or centre, not a street
    if m.group(2) is None and not _STRONG_STREET.search(last) and (
            _is_initial(text, start) or len(tokens) > 1 or not last[:1].isupper() or last in _PLACES
            or last.casefold().endswith(_PLACE_SUFFIXES)
            or not _STREET_CONTEXT_RE.search(text, max(0, start - 20), start)):
        return None
    if _is_kept(last) or (m.group(2) is None and len(tokens) == 1 and last.casefold() in (
            "straat", "weg", "laan", "plein", "dijk", "kade", "singel", "gracht")):
        return None
    return start, end

# a postcode after a street and house number, also in lower case: "Aalsterweg 231, 5644rb"
_POSTCODE_AFTER_RE = re.compile(r"[ \t]*,?[ \t]*\n?[ \t]*([1-9]\d{3}[ ]?[a-zA-Z]{2})(?![\w-])")

# a street without a street word, known by the place beside it: "Achterom 6, Hoorn", "Brink 12 in Deventer",
# "in Hoorn (Achterom 6)"; not "Groep 7 in Zwolle", "Mei 2020, Utrecht"
_PLACE_STREET_RE = re.compile(
    rf"(?<![\w-])(?P<street>[{_UP}][^\W\d_]+(?:[ \t](?:[{_UP}][^\W\d_]+|van|de|der|den)){{0,2}})[ \t](?P<no>{_HOUSE_NO})"
    rf"(?:(?=[ \t]*(?:,[ \t]*|[ \t]+(?:in|te)[ \t]+)(?P<place>{_NAME}(?:[ -]{_NAME})*))|(?=\)))")

_PLACE_BEFORE_RE = re.compile(rf"({_NAME}(?:[ -](?:{_NAME}|aan|op|den|de))*)[ \t]*\($")

_NO_STREET = _words("groep klas zaal bus lijn tram kamer afdeling fase ronde week hoofdstuk pagina nummer nr vraag "
                    "deel stap bijlage jaar paviljoen unit blok gebouw locatie vestiging team wijk kavel")


_DIGITS_RE = re.compile(r"\d+")


def _place_street_matches(text: str):
    """_PLACE_STREET_RE around each number after a word (the scan jumps from digit to digit: speed)."""
    done = -1
    for d in _DIGITS_RE.finditer(text):
        at = d.start()
        if at < 2 or text[at - 1] not in " \t" or not text[at - 2].isalpha() or at <= done:
            continue
        for m in _PLACE_STREET_RE.finditer(text, max(0, at - 60), min(len(text), at + 80)):
            if m.start("no") == at:
                done = m.end("no")
                yield m


def _place_streets(text: str, add: _Add) -> None:
    """Streets with no street word beside a known place (priority 7)."""
    for m in _place_street_matches(text):
        first = m.group("street").split()[0].casefold()
        if first in _NO_STREET or first in _FIRST_NAMES or m.group("street") in _PLACES or _is_kept(first) \
                or re.match(r"(?:19|20)\d\d\b", m.group("no")):
            continue
        if m.group("place") is not None:
            ok = m.group("place") in _PLACES or m.group("place") in _WORD_PLACES
        else:
            before = _PLACE_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())
            ok = text[m.start() - 1:m.start()] == "(" and before is not None and (
                before.group(1) in _PLACES or before.group(1) in _WORD_PLACES)
        if ok:
            add(7, m.start(), m.end("no"), "ADRES")


# a street word before the street's own name: "Ringweg Randenbroek 114", "Parallelweg Zuid 8" (with a house number);
# a name after "aan de"/"op de" with a house number: "woning aan de Botter 12-04" (not "aan de Universiteit 3 jaar")
_STREET_FIRST_RE = re.compile(rf"(?<![\w-])([{_UP}][^\W\d_]*(?:straat|weg|laan|dijk|singel|kade|plein)[ \t]+({_NAME}))"
                              rf"[ \t]({_HOUSE_NO})(?![\w/-])")
_NAME_NUMBER_RE = re.compile(rf"\b(?:aan|op)[ \t]+(?:de|het)[ \t]+((?:{_NAME}[ \t]){{1,2}}{_HOUSE_NO})(?![\w/.,-]\d|[\w/-])"
                             r"(?![ \t]*(?:%|(?i:keer|maal|jaar|jr|uur|u|min|minuten|euro|km|meter|kilo|dagen|weken|"
                             r"maanden|mensen|personen|kinderen|stuks|procent)\b))")


_STREET_WORD_NAME_RE = re.compile(r"(?:straat|weg|laan|dijk|singel|kade|plein)[ \t]+[A-Z]")  # the tell-tale of the first


def _named_streets(text: str, add: _Add) -> None:
    for m in _STREET_FIRST_RE.finditer(text) if _STREET_WORD_NAME_RE.search(text) else ():
        name = m.group(2)
        if not _is_word(name) or name in ("Noord", "Oost", "Zuid", "West"):
            add(7, m.start(1), m.end(3), "ADRES")
    for m in _NAME_NUMBER_RE.finditer(text):
        if not re.search(r"(?:19|20)\d\d$", m.group(1)) and not _is_kept(m.group(1).split()[0]):
            add(7, m.start(1), m.end(1), "ADRES")


def address_candidates(text: str, add: _Add) -> None:
    """Streets with or without a house number ("Kerkstraat 14", "in de Ganzenmarkt", "op de kooilaan"),
    house numbers ("op nummer 12") and roads ("over de A29"), priority 7."""
    for m in _STREET_RE.finditer(text):
        span = _street(text, m)
        if span:
            add(7, span[0], span[1], "ADRES")  # with its floor: "Gagelstraat 4c, 3 hoog"
            pc = _POSTCODE_AFTER_RE.match(text, m.end()) if m.group(2) else None
            if pc:
                add(5, pc.start(1), pc.end(1), "POSTCODE")
    for m in _ROAD_RE.finditer(text):
        add(7, m.start(1), m.end(1), "ADRES")
    _place_streets(text, add)
    _named_streets(text, add)
    for m in _HOUSE_NO_RE.finditer(text):
        word = m.group().split()[0].casefold()
        if word in ("op", "aan") and not m.group(1):
            continue
        counted = _COUNTED_BEFORE_RE.search(text, max(0, m.start() - 30), m.start())
        if counted and word not in ("op", "aan"):
            continue  # "respondent nummer 9", "vraag nr. 6", "buslijn nummer 14": no house
        add(7, m.start(2), m.end(2), "ADRES")
    for m in _NUMBER_REPLY_RE.finditer(text):  # "Wim: 6a." answering "is het Hoofdstraat 6a? of 6?"
        if _STREET_RE.search(text, max(0, m.start() - 300), m.start()):
            add(7, m.start(1), m.end(1), "ADRES")
    _echoed_numbers(text, add)
    for m in _FLOOR_RE.finditer(text):
        add(7, m.start(), m.end(), "ADRES")
    for m in _LOWER_STREET_RE.finditer(text):
        ctx = _STREET_CONTEXT_RE.search(text, max(0, m.start() - 20), m.start())
        if (m.group(2) or ctx) and not _is_kept(m.group(1)) and (m.group(2) or not _common_word(m.group(1))):
            add(7, m.start(1), m.end(), "ADRES")
