"""Detectors for dates (with or without a year, years in a life story) and ages in many phrasings."""

from __future__ import annotations

import re
from toolkit.io.pseudonymise.common import _Add, _NAME
from toolkit.io.pseudonymise.lexicon import _FIRST_NAMES, _NOT_AGE, _NUM2, _NUMBER_WORDS, _is_word

_MONTH_ALT = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan\.?|feb\.?|mrt\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|okt\.?|nov\.?|dec\.?)"

_WEEKDAY = r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo)\.?,?\s+)"

_FULL_MONTH = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"

# a day written out: "twaalf juni", "op eenentwintig maart", "de derde van mei" is not (rare and vague)
_ORDINALS = ["eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende", "tiende",
             "elfde", "twaalfde"] + [w + "de" for w, n in _NUMBER_WORDS.items() if 13 <= n <= 19] \
    + [w + "ste" for w, n in _NUMBER_WORDS.items() if 20 <= n <= 31]
_DAY_WORDS = frozenset([w for w, n in _NUMBER_WORDS.items() if 2 <= n <= 31] + ["één"] + _ORDINALS)
_MONTH_WORD_RE = re.compile(rf"(?<![\w-])(?i:{_FULL_MONTH})(?![\w-])(?:\s+(?:1[89]|20)\d\d(?![\w-]))?")
_BEFORE_MONTH_RE = re.compile(rf"(?:(?<![\w-]){_WEEKDAY})?(?<![\w-])([^\W\d_]+)\s+$", re.IGNORECASE)

_DATE_RE = re.compile(
    rf"(?<![\w-])(?:{_WEEKDAY}?(?:[0-2]?\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:1[89]|20)?\d\d"
    rf"|{_WEEKDAY}?(?:[0-2]?\d|3[01])(?:e|ste|de)?\s+{_MONTH_ALT}(?:\s+(?:(?:1[89]|20)\d\d|['’]\d\d))?"
    rf"|(?:(?:begin|half|eind|medio)\s+)?{_MONTH_ALT}\s+(?:1[89]|20)\d\d"
    rf"|(?:1[89]|20)\d\d-(?:0?[1-9]|1[0-2])-(?:[0-2]?\d|3[01]))(?![\w-])",
    re.IGNORECASE)

# a day and month with a slash after a preposition: "op 15/3", "tot 1/10" (not a fraction: "1/2 liter")
_DAY_MONTH_RE = re.compile(r"(?<![\w-])(?i:op|tot|vanaf|per|sinds|voor|na|t/m|datum:?)\s+((?:[0-2]?\d|3[01])/(?:0?[1-9]|1[0-2]))"
                           r"(?![\w/-])")

# a day and month without a year where the context says it is a date: after a weekday ("ma 20/3", "vr 31-3"),
# at the start of a journal line ("12-03 (KB)"), after "rond", "op" ... ("rond 14-09."); not "2-3 keer"
_END = r"(?=\s*(?:[.,;:!?)(]|$|\s(?i:om|tot|en|of|van|heb|had|is|was|kwam|belde)\b))"
_DAY_MONTH_CONTEXT_RE = re.compile(
    rf"(?<![\w-])(?:{_WEEKDAY}|(?i:op|tot|vanaf|per|sinds|rond|voor|na|t/m|uiterlijk|datum:?)\s+|(?m:^)[ \t]*)"
    rf"((?:[0-2]?\d|3[01])[-/](?:0?[1-9]|1[0-2])){_END}(?![\w/-])", re.MULTILINE)
# a day of the month as an ordinal: "dinsdag de 28e", "op de 27e!", "vrijdag de 19e om 14.00"
_ORDINAL_DAY_RE = re.compile(
    rf"(?<![\w-])(?:((?i:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s+de\s+(?:[0-2]?\d|3[01])"
    rf"(?:e|ste|de))|(?i:op|tot|vanaf|voor|na|rond|uiterlijk)\s+de\s+((?:[0-2]?\d|3[01])(?:e|ste|de))){_END}")

# a year in a life story or a note: "sinds 1989", "in 1975", "vanaf 2012", "(2019)"
_YEAR_RE = re.compile(
    r"(?<![\w-])(?i:sinds|in|vanaf|tot|uit|geboren|getrouwd|overleden|jaar|rond|na|voor|van|zomer|winter|"
    r"voorjaar|najaar|eind|begin)\s+(?:het\s+jaar\s+)?((?:19[0-9]|20[0-4])\d)(?![\w-])")

_BIRTH_RE = re.compile(
    rf"\b(?:geboren|geboortedatum|geb\.)(?:\s*:)?(?:\s+(?:op|in|de|is|was|ben))*\s+"
    rf"((?:[0-2]?\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:1[89]|20)?\d\d"
    rf"|(?:[0-2]?\d|3[01])(?:e|ste|de)?\s+{_MONTH_ALT}(?:\s+(?:1[89]|20)\d\d)?|(?:19|20)\d\d)\b"
    rf"|\bjarig(?:\s+(?:op|in|de|is|was|ben))*\s+((?:[0-2]?\d|3[01])(?:e|ste|de)?\s+{_MONTH_ALT})\b",
    re.IGNORECASE)

_SUBJ = (r"(?:[Ii]k|[Hh]ij|[Zz]ij|[Zz]e|[Dd]ie|[Uu]|[Jj]e|[Jj]ij|[Ww]e|[Ww]ij|[Mm]eneer|[Mm]evrouw|[Mm]an|[Vv]rouw|"
         rf"[Mm]oeder|[Vv]ader|[Zz]oon|[Dd]ochter|[Oo]ma|[Oo]pa|[Bb]roer|[Zz]us|[Pp]apa|[Mm]ama|[Pp]a|[Mm]a|[Mm]am|"
         rf"[Pp]ap|[Mm]em|[Hh]eit|[Tt]ante|[Oo]om|"
         rf"(?:[Mm]ijn|[Zz]ijn|[Hh]aar|[Oo]nze|[Uu]w|[Jj]e|[Hh]un)\s+[a-zà-ÿ]+|"
         rf"(?!(?:Met|Van|Voor|Na|Bij|Op|In|Uit|Dat|Dit|Die|Er|Hier|Daar|Wat|Waar|Hoe|Het|De)\b){_NAME})")

_ADV = (r"(?i:(?:al|pas|bijna|net|ruim|nog|maar|nu|inmiddels|alweer|ook|zelf|toen|intussen|dan|wel|"
        r"eigenlijk|sinds\s+kort|vorige\s+maand|gisteren|binnenkort|straks|volgende\s+maand|dit\s+jaar|"
        r"volgend\s+jaar|geworden|in\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|"
        r"oktober|november|december))\s+){0,4}")

_AGE_END = (r"(?=\s*(?:[.,;:!?)…\"”\]]|$|\s+(?:-|–)|\s(?i:en|maar|geworden|hoor|hè|he|nu|inmiddels|alweer|dus|toen|"
            r"geloof|denk|jong|oud|op|in|dit|deze|volgende|volgend|vorig|vorige|geweest|ofzo|zo|al|ook|ja|nee|"
            r"die|dat|wel|sinds|met|heeft|had|is|was|woont|woonde|zit|zat|zegt|zei|en|of\s+zo|"
            r"of\s+zoiets|ongeveer|dan|nog|pas|geworden|overleden|gestorven|jarig)\b))")

# after "mijn broertje van acht" also a verb: "snapt", "komt", "speelt" (units are excluded by _NOT_AGE)
_AGE_END_VAN = _AGE_END[:-2] + r"|\s(?!(?:niet|met|het|dat|wat|tot|net|echt|best|licht)\b)[a-zà-ÿ]{2,}t\b))"

_AGE_PATTERNS = [
    # "84 jaar oud", "84-jarige", "op 84-jarige leeftijd", "vijfenzestigjarige"
    re.compile(rf"\b((?i:{_NUM2}(?:\s+jaar\s+oud|\s*-?\s*jarige?n?)))\b"),
    # "ik ben 84", "die is negenenzeventig", "ze werd 90 jaar", "Mees is zelf ook al 49", "ik word 45 op"
    re.compile(rf"\b{_SUBJ}\s+(?i:ben|is|was|werd|word|wordt|worden|werden|waren|zijn)\s+{_ADV}"
               rf"((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?)){_AGE_END}", re.MULTILINE),
    # "op de leeftijd van 80", "leeftijd: 80"
    re.compile(rf"\b(?i:leeftijd(?:\s+van|:)?)\s+((?i:{_NUM2}(?:\s+jaar)?))\b"),
    # "een man van 67", "mevrouw van 92 jaar", "Joop van 88", "mijn moeder van 88"
    re.compile(rf"\b(?i:man|vrouw|meneer|mevrouw|heer|dame|jongen|meisje|kind|zoon|dochter|moeder|vader|"
               rf"weduwe|weduwnaar|cliënt|client|mens|mensje|iemand|oudje|opa|oma|broer|zus|buurman|"
               rf"buurvrouw|buurjongen|buurmeisje|kleinzoon|kleindochter|schoonmoeder|schoonvader|zwager|"
               rf"schoonzus|tiener|puber|knul|baby|vent|kerel|meid|echtpaar|stel|partner|vriend|vriendin|"
               rf"neef|nicht|tante|oom|zoontje|dochtertje|broertje|zusje)\s+van\s+"
               rf"((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?))\b{_NOT_AGE}{_AGE_END}"),
    # "mijn broertje van acht snapt het niet": one's own kin, then a verb ("een jongen van zestien hoort": anyone)
    re.compile(rf"\b(?i:mijn|zijn|haar|onze|ons|hun|je|jouw|uw)\s+(?i:zoon|dochter|broer|zus|broertje|zusje|zoontje|"
               rf"dochtertje|kleinzoon|kleindochter|neef|nicht|kind|kleinkind|buurjongen|buurmeisje)\s+van\s+"
               rf"((?i:{_NUM2}(?:\s+jaar)?))\b{_NOT_AGE}{_AGE_END_VAN}"),
    re.compile(rf"(?<![\w.]){_NAME}\s+van\s+((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?))\b{_NOT_AGE}{_AGE_END_VAN}"),
    # "toen ik twaalf was", "tot hij 70 was"
    re.compile(rf"\b(?i:toen|tot|totdat|sinds|vanaf|als|voordat|nadat|sinds)\s+(?i:ik|hij|zij|ze|je|jij|we|wij|"
               rf"mijn\s+\w+)\s+((?i:{_NUM2}(?:\s+jaar)?))\s+(?i:was|werd|werden|waren|ben|is|word|wordt)\b"),
    # header "(weduwe, 84 jaar)" / "(buurvrouw, 67)"; "Kees (76)", "kees (76)"
    re.compile(r"\([^()\n]{1,60}?,\s*(\d{1,3}(?:\s+jaar)?)\s*[),]"),
    re.compile(r"(?<![\w.])[^\W\d_]{2,}\s*\((\d{1,3})(?:\s+jaar)?\)"),
    # "leeftijd 80", "80 jaar, weduwe", "(80 jr)"
    re.compile(r"\b(\d{1,3}\s+(?:jaar|jr\.?))(?=\s*[,)]\s*(?:[a-z]|$))", re.MULTILINE),
    # "Respondent 7 (45 jaar, Hengelo)", "vrouw, 63 jr., Oldenzaal", "(man, 80+, Tubbergen)"
    re.compile(r"(?:\(|,[ \t])(\d{1,3}(?:[ \t]*(?:jaar|jr\.?)|\+))(?=[ \t]*[,)])"),
]

# a note's apposition after a name: "mevrouw Hofsteenge, 88, woont alleen" (a name, not a word: "Zorg, 12,")
_APPOSITION_AGE_RE = re.compile(
    rf"(?<![\w.])({_NAME}|(?i:mijn|zijn|haar|onze|hun|uw|je)\s+(?i:vader|moeder|man|vrouw|zoon|dochter|broer|zus|"
    rf"oma|opa|buurman|buurvrouw|schoonmoeder|schoonvader|partner|vriend|vriendin|tante|oom|neef|nicht|"
    rf"echtgenoot|echtgenote|cliënt|client|kleinzoon|kleindochter)),\s(\d{{1,3}}(?:\s+jaar)?),\s(?=[a-zà-ÿ])")

# "een moeder van drie", "alleenstaande vader van twee": a number of children, not an age
_CHILD_COUNT_RE = re.compile(r"(?i:\b(?:(?:een|alleenstaande|jonge)\s+(?:moeder|vader|ouder)|(?:elk|elke|ieder|iedere|geen|"
                             r"alle)\s+(?:andere?\s+)?\w+)\s+van\s+)$")  # "elk ander kind van zestien": anyone

# the answer to "hoe oud ben je?": a number opening the next turn ("34. Ik werk ...", "R: 71 jaar")
_AGE_QUESTION_RE = re.compile(r"(?i:hoe\s+oud|wat\s+is\s+(?:uw|je|jouw)\s+leeftijd|uw\s+leeftijd|je\s+leeftijd)[^\n?]*\?")

_AGE_ANSWER_RE = re.compile(rf"(?:^|\n|[ \t]+(?=\d{{1,3}}\?))(?:\[[^\]\n]{{1,30}}\][ \t]*)?(?:[^\n:\]]{{1,40}}:[ \t]*|[^\n]*\]\s*\n)?(?:(?i:ik\s+ben|ik\s+word|"
                            rf"(?:ja|nou|eh|ehm|uh),?)\s+)?((?i:{_NUM2}(?:\s+jaar)?))(?=\s*(?:[.,!?]|\n|$|\s(?i:jaar|en|maar)\b))")

# "met 63 met pensioen", "met zijn 65 stoppen"
_RETIRE_RE = re.compile(r"(?i:\bmet\s+(?:mijn|haar|zijn|hun)?\s*)(\d{2})(?=\s+(?i:met\s+pensioen|gestopt|stoppen|"
                        r"de\s+vut|de\s+aow)\b)")
# "ik ben van '58", "geboren in '56": a year of birth
_SHORT_YEAR_RE = re.compile(r"(?i:\b(?:ben|is|was|zijn)\s+van\s+|\bgeboren\s+(?:in\s+)?)(['’]\d\d)(?![\w'’])")
_ORDINAL = r"(?:\d{1,3}(?:e|ste|de)|(?i:[a-zë]*(?:tiende|tigste)))"  # not "eerste", "derde": no ages
# "op haar 17e", "op zijn zestiende"; "haar 80ste verjaardag", "zijn vijftigste"
_MY_AGE_RE = re.compile(rf"(?:(?i:\b(?:op|sinds|vanaf|na|voor|tot|rond|tegen|bij|met)\s+(?:mijn|haar|zijn|je|jouw|hun|"
                        rf"onze|uw)\s+)({_ORDINAL})(?![\w-])"
                        rf"|(?i:\b(?:mijn|haar|zijn|je|jouw|hun|onze|uw)\s+)({_ORDINAL})(?=\s+(?i:verjaardag|"
                        rf"levensjaar)\b))")

def date_candidates(text: str, add: _Add) -> None:
    """Dates ("14-03-2024", "3 maart", "vrijdag 9 juni", "mei 2021"), birth dates and years after
    "sinds", "in", "geboren" ... (priority 4)."""
    for m in _DATE_RE.finditer(text):
        add(4, m.start(), m.end(), "DATUM")
    for m in _MONTH_WORD_RE.finditer(text):  # a day written out: "twaalf juni", "vrijdag eenentwintig mei"
        w = _BEFORE_MONTH_RE.search(text, max(0, m.start() - 40), m.start())
        if w and w.group(1).casefold() in _DAY_WORDS:
            add(4, w.start(), m.end(), "DATUM")
    for m in _BIRTH_RE.finditer(text):
        g = 1 if m.group(1) else 2
        add(4, m.start(g), m.end(g), "DATUM")
    for rx in (_YEAR_RE, _SHORT_YEAR_RE, _DAY_MONTH_RE, _DAY_MONTH_CONTEXT_RE):
        for m in rx.finditer(text):
            add(4, m.start(1), m.end(1), "DATUM")
    for m in _DAY_MONTH_CONTEXT_RE.finditer(text):  # the weekday belongs to the date: "ma 20/3"
        if re.match(_WEEKDAY, m.group(), re.IGNORECASE):
            add(4, m.start(), m.end(1), "DATUM")
    for m in _ORDINAL_DAY_RE.finditer(text):
        g = 1 if m.group(1) else 2
        add(4, m.start(g), m.end(g), "DATUM")

_PARENT_OF_RE = re.compile(r"(?i:\b(?:moeder|vader|ouder|oma|opa|grootmoeder|grootvader)s?\s+van\s+)$")


def _children(text: str, m: re.Match[str]) -> bool:
    """"moeder van twee", "opa van vijf": a parent of a few children, not an age (ages of parents are higher)."""
    first = m.group(1).split()[0].casefold()
    n = int(first) if first.isdigit() else _NUMBER_WORDS.get(first, 99)
    return n <= 12 and _PARENT_OF_RE.search(text, max(0, m.start(1) - 30), m.start(1)) is not None


def age_candidates(text: str, add: _Add) -> None:
    """Ages (priority 8): "ik ben 84", "Mees is zelf ook al 49", "een man van 67", "Kees (76)", "op haar
    17e", the number answering "hoe oud ben je?"; not "een moeder van drie" (children)."""
    for pat in _AGE_PATTERNS:
        for m in pat.finditer(text):
            if not _CHILD_COUNT_RE.search(text, max(0, m.start(1) - 40), m.start(1)) and not _children(text, m):
                add(8, m.start(1), m.end(1), "LEEFTIJD")
    for m in _APPOSITION_AGE_RE.finditer(text):
        if " " in m.group(1) or not _is_word(m.group(1)) or m.group(1).casefold() in _FIRST_NAMES:
            add(8, m.start(2), m.end(2), "LEEFTIJD")
    for q in _AGE_QUESTION_RE.finditer(text):  # the answer, or a guess and then the answer ("9?" ... "11.")
        pos = q.end()
        for _ in range(2):
            a = _AGE_ANSWER_RE.match(text, pos)
            if not a:
                break
            add(8, a.start(1), a.end(1), "LEEFTIJD")
            pos = a.end(1) + (text[a.end(1):a.end(1) + 1] == "?")
    for m in _RETIRE_RE.finditer(text):
        add(8, m.start(1), m.end(1), "LEEFTIJD")
    for m in _MY_AGE_RE.finditer(text):
        g = 1 if m.group(1) else 2
        add(8, m.start(g), m.end(g), "LEEFTIJD")
