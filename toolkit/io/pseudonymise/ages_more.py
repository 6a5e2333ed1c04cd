"""More age phrasings (fifth blind round, dev78-dev84): an age first in a long bracket ("Rianne (44, woont bij
..., op de locatie ...)", "(61, Sumatrastraat 3, Tiel)"), a bracket with an age and its unit after a role
("(moeder van aanvrager, 79 jr.)"), an age hoped or expected ("93 hoopt te worden"), a baby's months ("die nu
14 maanden is"), the children of a family between two ages ("vier kinderen tussen de 8 en 17 jaar"), a label
with words after "leeftijd" ("leeftijd bij ondertekening 84")."""

from __future__ import annotations

import re
from toolkit.io.pseudonymise.ages import (
    _ADV, _AGE_END, _AGE_END_VAN, _PERSON_WORDS, _PLACE_PREP_RE, _TEN_UP, _more_ages, _number)
from toolkit.io.pseudonymise.common import _Add
from toolkit.io.pseudonymise.lexicon import _FIRST_NAMES, _NUM2, _PLACES

_UNIT = r"(?:[ \t]*(?i:jaar|jr\.?|j\.))"

# "Rianne (44, verstandelijke beperking, woont bij ...)", "Elisabeth Pattiasina (61, Sumatrastraat 3, Tiel)"
_LONG_PAREN_RE = re.compile(rf"\((\d{{1,3}}){_UNIT}?,[ \t]*(?=[^\W\d_])[^()\n]{{2,100}}\)")

# "(moeder van aanvrager, 79 jr.)", "(weduwe, 84 j.)": an age with its unit last in a bracket
_LAST_IN_PAREN_RE = re.compile(rf"\([^()\n]{{1,60}}?,[ \t]*(\d{{1,3}}){_UNIT}[ \t]*\)")

# "(zelf nog maar twintig)", "(zelf 41 j.)", "(inmiddels al 67)": an age after an adverb in a bracket
_ADV_PAREN_RE = re.compile(rf"\((?:[^()\n]{{0,60}}?\b)?(?i:zelf|inmiddels|nu|net|pas|ook)(?:[ \t]+(?i:nog|al|ook|maar|pas|net))*"
                           rf"[ \t]+(\d{{2,3}}|(?i:{_TEN_UP})){_UNIT}?(?=[ \t]*\)|,[ \t]+[a-zà-ÿ])")

# "die op 1 januari 93 hoopt te worden", "die in mei 80 zou worden"
_HOPES_RE = re.compile(rf"(?<!\b(?i:het|dat|wat)\s)(?<!\b(?i:er)\s)\b(?=[\w-]+(?:\s+jaar)?\s+(?i:hoopt|hoop|hopen|zou|zal|gaat|moet)\s)"
                       rf"((?i:{_NUM2}))(?:\s+jaar)?\s+(?i:hoopt|hoop|hopen|zou|zal|gaat|moet)"
                       r"\s+(?:te\s+)?(?i:worden)\b")

# "een achterkleinzoon, die nu 14 maanden is", "ze is 7 maanden oud": a baby's age in months (the number only)
_MONTHS_RE = re.compile(rf"\b(?i:die|ze|zij|hij|ie)\s+{_ADV}((?i:{_NUM2}))\s+(?i:maanden|weken)(?:\s+(?i:oud))?\s+(?i:is|was|wordt|werd)\b"
                        rf"|\b(?i:is|was|wordt|werd)\s+{_ADV}((?i:{_NUM2}))\s+(?i:maanden|weken)\s+(?i:oud)\b"
                        # "mijn zoontje van 8 maanden", "een baby van zeven weken"
                        rf"|\b(?i:zoon|dochter|zoontje|dochtertje|kleinzoon|kleindochter|baby|kindje|neefje|nichtje|broertje|"
                        rf"zusje)\s+van\s+((?i:{_NUM2}))\s+(?i:maanden|weken)\b")

# "ze hebben vier kinderen tussen de 8 en 17 jaar" (a family's children, counted or owned; not "voor kinderen tussen
# 6 en 12", an activity's target group)
_CHILDREN_RANGE_RE = re.compile(r"\b(?i:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|\d|mijn|zijn|haar|onze|hun|uw|je|de)\s+"
                                r"(?i:kinderen|kleinkinderen|kids|zonen|zoons|dochters|jongens|meiden|meisjes|pubers|tieners)\s+"
                                rf"(?i:tussen|van)\s+(?:(?i:de)\s+)?((?i:{_NUM2}))\s+(?i:en|tot|t/m)\s+((?i:{_NUM2}))(?:\s+jaar)?\b")

# "tante Trijntje, die werd later 101!", "oma is uiteindelijk 96 geworden" (a person's pronoun, not "het zijn er")
_LATER_RE = re.compile(rf"\b(?i:die|ze|zij|hij|oma|opa)\s+(?i:werd|is|was)\s+(?i:later|uiteindelijk)\s+((?i:{_NUM2})){_AGE_END}")

# "een jongen van vijftien jaar zorgt voor ...": with "jaar" a verb may follow (as after "Joop van 88")
_NOUN_YEARS_RE = re.compile(rf"\b(?=[^\W\d_]{{3,9}}\s+van\s)(?i:jongen|meisje|man|vrouw|kind|dame|heer|meneer|mevrouw|zoon|dochter|tiener|puber|"
                            rf"jongeman|knul|meid)\s+van\s+((?i:{_NUM2}))\s+(?i:jaar)(?:\s+(?i:oud))?{_AGE_END_VAN}")

# "..., en zelf 39.", "een dagje ouder, 76 inmiddels": an age after "zelf" or before "inmiddels" closing a clause
_SELF_AGE_RE = re.compile(rf"(?:\b(?i:zelf)\s+((?i:{_NUM2}))(?=\s*[.,;!?)]|\s+(?i:jaar|en|maar)\b)"
                          rf"|,[ \t]+((?i:{_NUM2}))[ \t]+(?i:inmiddels|intussen|ondertussen)(?=\s*[.,;!?)]))")
_PERSON_BEFORE_RE = re.compile(r"\b(?i:ik|hij|zij|ze|u|je|jij|mijn|zijn|haar)\b")

# "De oudste van de drie is 16 en de jongste 11": the eldest or youngest of a group, then its age
_ELDEST_OF_RE = re.compile(rf"\b(?i:oudste|jongste|middelste)\s+van\s+(?i:de|ons|onze|hun|mijn|zijn|haar|het)\s+[a-zà-ÿ]+\s+"
                           rf"(?i:is|was|wordt|werd)\s+{_ADV}((?i:{_NUM2})){_AGE_END}")

# "leeftijd bij ondertekening 84", "leeftijd op peildatum: 80", "leeftijd bij opname 91 jr"
_AGE_AT_RE = re.compile(r"\b(?i:leeftijd)[ \t]+(?i:bij|op|tijdens|na)[ \t]+[^\W\d_]+[ \t]*:?[ \t]*(\d{1,3})(?![\w.,/-]\d|[\w/-])")


def _before_is_person(text: str, pos: int) -> bool:
    """The word before a bracket names a person: a capitalised word (not a place after "in"), a first name or a
    person word ("de 'oude mens'")."""
    m = re.search(r"(\w+)['’]?[ \t]*$", text[max(0, pos - 40):pos])
    if not m:
        return False
    w = m.group(1)
    if w in _PLACES and w.casefold() not in _FIRST_NAMES and _PLACE_PREP_RE.search(text, max(0, pos - 60),
                                                                                      pos - len(m.group())):
        return False
    return w[:1].isupper() or w.casefold() in _PERSON_WORDS or w.casefold() in _FIRST_NAMES


# the literal word each pattern needs (speed: the patterns run only in a window around it)
_ANCHORS = {"hopes": re.compile(r"worden\b"), "later": re.compile(r"later\b|uiteindelijk\b"),
            "self": re.compile(r"zelf\b|inmiddels\b|intussen\b|ondertussen\b"), "months": re.compile(r"maanden\b|weken\b"),
            "nouns": re.compile(r"(?:kinderen|kids|zonen|zoons|dochters|jongens|meiden|meisjes|pubers|tieners)\s+(?:tussen|van)\s"),
            "years": re.compile(r"\bjaar\b"), "eldest": re.compile(r"(?:oudste|jongste|middelste)\s+van\s")}


def _near(text: str, anchor: str, rx: re.Pattern[str], back: int, ahead: int) -> list[re.Match[str]]:
    """The matches of `rx` in windows of `back` characters before and `ahead` after each `anchor` hit."""
    out: dict[tuple[int, int], re.Match[str]] = {}
    for hit in _ANCHORS[anchor].finditer(text):
        for m in rx.finditer(text, max(0, hit.start() - back), min(len(text), hit.end() + ahead)):
            out.setdefault(m.span(), m)
    return list(out.values())


def more_age_candidates(text: str, add: _Add) -> None:
    """Ages in the phrasings above (priority 8, as the other ages)."""
    for m in _LONG_PAREN_RE.finditer(text):  # after a word and a space: "Rianne (44, ..."
        before = text[max(0, m.start() - 2):m.start()].rstrip(" \t").rstrip("'’")
        if text[m.start() - 1:m.start()] in (" ", "\t") and before[-1:].isalpha() and _number(m.group(1)) <= 110 \
                and _before_is_person(text, m.start()):
            add(8, m.start(1), m.end(1), "LEEFTIJD")
    matches = [*_LAST_IN_PAREN_RE.finditer(text), *_ADV_PAREN_RE.finditer(text), *_near(text, "hopes", _HOPES_RE, 60, 2),
               *(_AGE_AT_RE.finditer(text) if "leeftijd" in text.casefold() else ()), *_near(text, "later", _LATER_RE, 15, 40)]
    for m in matches:
            if _number(m.group(1)) <= 110:
                add(8, m.start(1), m.end(1), "LEEFTIJD")
    for m in _near(text, "years", _NOUN_YEARS_RE, 60, 40):
        add(8, m.start(1), m.end(1), "LEEFTIJD")
    for m in _near(text, "self", _SELF_AGE_RE, 40, 40):
        g = 1 if m.group(1) else 2
        if 13 <= _number(m.group(g)) <= 110 and _PERSON_BEFORE_RE.search(text, max(0, m.start() - 80), m.start()):
            add(8, m.start(g), m.end(g), "LEEFTIJD")
    for m in _near(text, "months", _MONTHS_RE, 120, 40):
        g = next(i for i in (1, 2, 3) if m.group(i))
        add(8, m.start(g), m.end(g), "LEEFTIJD")
    for m in _near(text, "eldest", _ELDEST_OF_RE, 15, 80):
        add(8, m.start(1), m.end(1), "LEEFTIJD")
        _more_ages(text, m.end(1), add)
    for m in _near(text, "nouns", _CHILDREN_RANGE_RE, 15, 60):
        if _number(m.group(1)) < _number(m.group(2)) <= 30:
            add(8, m.start(1), m.end(1), "LEEFTIJD")
            add(8, m.start(2), m.end(2), "LEEFTIJD")
