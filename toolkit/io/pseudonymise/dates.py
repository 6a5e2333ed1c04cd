"""Detectors for dates (with or without a year, years in a life story); ages are in ages.py."""

from __future__ import annotations

import re
from toolkit.io.pseudonymise.common import _Add, _MARKER_RE, _NAME
from toolkit.io.pseudonymise.lexicon import _FIRST_NAMES, _NUMBER_WORDS, _is_word, _trie_pattern

# months and weekdays as Limburg, Gronings, Twents and Frisian speakers say them ("vriedig 3 mieërt",
# "tongersdei 14 novimber", "zotterdag 8 febrewoari")
_DIALECT_MONTHS = ("jannewarie jannewari jannewaris jannewoari fibberwarie fibberwari febberwarie febrewari febrewaris "
                   "febrewoari mieërt miert meert maaie juny july septimber novimber desimber")

_DIALECT_DAYS = ("maondig maondag moandei moandag dinsdig tiisdei goonsdig gónsdig woansdei wónsdig donderdig dónderdig "
                 "tongersdei vriedig vriedag freed zaoterdig zaoterdag zotterdag saterdei sneon zóndig zondig snein zundag")

_MONTH_ALT = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan\.?|febr?\.?|mrt\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|okt\.?|nov\.?|dec\.?)"

_WEEKDAY = (r"(?:(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(?:ochtend|middag|avond|nacht)?"
            r"|ma|di|din|wo|woe|do|don|vr|za|zo)\.?,?\s+)")

# a date with a dialect month or weekday (only looked for when the text has one of those words: speed)
_DIALECT_DATE_RE = re.compile(
    rf"(?<![\w-])(?:(?:{_trie_pattern(_DIALECT_DAYS.split())})\.?,?\s+|{_WEEKDAY})?(?:[0-2]?\d|3[01])(?:e|ste|de)?[ \t]+"
    rf"(?:{_trie_pattern(_DIALECT_MONTHS.split())}|{_MONTH_ALT})(?:[ \t]+(?:1[89]|20)\d\d)?(?![\w-])", re.IGNORECASE)

_DIALECT_WORDS = tuple(_DIALECT_MONTHS.split() + _DIALECT_DAYS.split())

_YY = r"['’]\d\d(?![\w'’])"  # "23 mrt '23", "mei '67"

# an English mail header's date: "Tuesday, November 19, 2024", "Nov 19, 2024"
_EN_DATE = (r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?[ \t]+)?(?:January|February|March|April|May|June|July|August|"
            r"September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.?[ \t]+"
            r"(?:[0-2]?\d|3[01]),[ \t]+(?:19|20)\d\d")

_DATE_RE = re.compile(
    rf"(?<![\w-])(?:{_WEEKDAY}?(?:[0-2]?\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:(?:1[89]|20)?\d\d|['’]\d\d)"
    rf"|{_WEEKDAY}?(?:[0-2]?\d|3[01])(?:e|ste|de)?[ \t]+{_MONTH_ALT}(?:[ \t]+(?:(?:1[89]|20)\d\d|{_YY}))?"
    rf"|(?:(?:begin|half|eind|medio)\s+)?{_MONTH_ALT}[ \t]+(?:(?:1[89]|20)\d\d|{_YY})"
    rf"|(?:1[89]|20)\d\d-(?:0?[1-9]|1[0-2])-(?:[0-2]?\d|3[01])"
    rf"|{_EN_DATE}|(?:1[89]|20)\d\d-(?:0?[1-9]|1[0-2])-(?:[0-2]?\d|3[01])(?=T\d))(?!(?!T\d)[\w-])",  # "2024-12-03T09:14:22": the date of a time stamp
    re.IGNORECASE)

_DAY_MONTH = r"(?:[0-2]?\d|3[01])[-/](?:0?[1-9]|1[0-2])"

# a day and month without a year ("12-03", "11/4") is a date only with a weekday ("vr 31-3", "Ma 27-11"),
# after a date word ("per 11/4", "rond 14-09") or heading a line of a journal ("12-03 (KB)"); not a score
# ("het stond 3-1"), a range ("2-3 keer") or a fraction ("24/7", "1/2 uur")
_SHORT_DATE_RE = re.compile(rf"(?<![\w/.,:-]){_DAY_MONTH}(?![\w/-]|[.,:]\d)")

_WEEKDAY_BEFORE_RE = re.compile(rf"(?<![\w-]){_WEEKDAY}$", re.IGNORECASE)

_DATE_CUE_BEFORE_RE = re.compile(r"(?<![\w-])(?i:per|op|rond|vanaf|tot|t/m|tm|sinds|uiterlijk|vóór|voor|na|d\.d\.|dd|"
                                 r"datum:?|afspraak|gesprek|(?P<sign>getekend|ondertekend|gedateerd|verstuurd|"
                                 r"verzonden|ontvangen)|(?P<van>van))\s+$")

_RANGE_AFTER_RE = re.compile(rf"\s+(?:tot|t/m|tm)\s+{_DAY_MONTH}(?:[-/.](?:19|20)?\d\d)?(?![\w/-])")

_CELL_BEFORE_RE = re.compile(r"\|[ \t]*$")  # a table cell holding only a day and month: "| 17-3 |"
_CELL_AFTER_RE = re.compile(r"[ \t]*\|")

_LINE_START_RE = re.compile(r"[ \t]*(?:[-•*]\s*)?")

_NOT_DATE_AFTER = re.compile(
    r"\s*(?:%|[x×](?!\w)|(?i:e|ste|de|keer|maal|uur|u|dag|dagen|week|weken|weekend|maand|maanden|jaar|jaren|"
    r"min|minuten|sec|seconden|kinderen|kids|mensen|personen|man|stuks|kilo|kg|mg|gram|ml|liter|euro|eur|"
    r"punten|km|meter|cm|procent|voor|tegen|achter|gewonnen|verloren|gelijk|uitslag|nachten|avonden|"
    r"ochtenden|middagen|pillen|tabletten|glazen|koppen|kopjes|zakjes|vers|kamers|klas|groep|deel|gedeelte|hoog|"
    r"van\s+(?:de|het|alle|al|hun|mijn|onze|zijn|haar|je|jouw|uw|die|dat|wat|wie))\b)")

_SCORE_BEFORE = re.compile(r"(?i:\b(?:stond|staat|stand|score|uitslag|werd|wordt|eindigde|won|wonnen|verloor|"
                           r"verloren|gelijk|psalm|lied|gezang|hoofdstuk|vers|blz|pagina|bladzijde|nr|nummer))"
                           r"\.?\s+(?:op\s+|met\s+|het\s+)?$")

_LINE_HEAD_AFTER = re.compile(r"[ \t]*(?:$|\(|:|,|[-–—|][ \t]|\t|\d{1,2}[:.]\d\d\b)|[ \t]{3,}(?=\S)", re.MULTILINE)

_ORD_WORDS = ("eerste tweede derde vierde vijfde zesde zevende achtste negende tiende elfde twaalfde dertiende "
              "veertiende vijftiende zestiende zeventiende achttiende negentiende twintigste eenentwintigste "
              "tweeëntwintigste drieëntwintigste vierentwintigste vijfentwintigste zesentwintigste zevenentwintigste "
              "achtentwintigste negenentwintigste dertigste eenendertigste").split()

_DAY_WORDS = ("één twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
              "zeventien achttien negentien twintig eenentwintig tweeëntwintig drieëntwintig vierentwintig "
              "vijfentwintig zesentwintig zevenentwintig achtentwintig negenentwintig dertig eenendertig").split()

_ORD_NUM = r"(?:[12]?\d|3[01])(?:e|ste|de)"

_ORD_DAY = rf"(?:{_ORD_NUM}|(?i:{'|'.join(sorted(_ORD_WORDS, key=len, reverse=True))}))"  # in words after a weekday only

# a year of the 1900s in words: "negentienvierenveertig", "negentien zesenvijftig"
_NINETEEN_WORDS = (r"negentien[ \t]?(?:[a-zë]*(?:tig|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|"
                   r"dertien|veertien))")

# a day in words before a month: "op drie maart", "de achtentwintigste november"
_WORD_DATE_RE = re.compile(
    rf"(?<![\w-])(?:{_WEEKDAY})?(?:{'|'.join(sorted(_DAY_WORDS + _ORD_WORDS, key=len, reverse=True))})"
    rf"\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
    rf"(?:\s+(?:(?:1[89]|20)\d\d|{_YY}|(?:negentienhonderd|tweeduizend)[a-zë]*|{_NINETEEN_WORDS}))?(?![\w-])",  # a year in words too
    re.IGNORECASE)

_FULL_WEEKDAY = r"(?i:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(?:ochtend|middag|avond|nacht)?)"

# what may follow a date that is only a number: punctuation, the end, or a small word ("op de 27e om ...")
_DATE_FOLLOW = (r"(?:\s*(?:[.,!?;:)…]|$)|\s+(?i:om|op\s+(?:de|het)\s+rekening|aanstaande|a\.s\.|bij|in|is|was|komt|kom|komen|gaat|ga|gaan|en|"
                r"of|dan|al|nog|weer|hè|he|wordt|zijn|ben|heb|hebben|heeft|moet|moeten|kan|kunnen|zou|wil|willen|"
                r"jarig|terug|thuis|langs|naar|met|voor|zo|ook|pas|hoor|dus|toch|ingepland|gepland|afgesproken|"
                r"kwam|kwamen|belde|belden|viel|werd|ging|gingen|had|hadden|"  # "op de 14de kwam de brief"
                r"van\s+(?!de\b|het\b|links\b|rechts\b|boven\b|onder\b))\b)")

_DATE_FOLLOW_RE = re.compile(_DATE_FOLLOW, re.MULTILINE)

# what follows a day and month in a sentence: "ik heb haar 24/11 nog gesproken", "ze is 19-11 gevallen"
_DAY_OVER_12_FOLLOW_RE = re.compile(r"\s+(?i:nog|al|weer|pas|om|langs|terug|thuis|jarig|gebeld|gesproken|gezien|gevallen|"
                                    r"opgenomen|ontslagen|overleden|geweest|gekomen|komt|kom|gaat|ga|gaan|moet|zou|hebben|"
                                    r"heb|heeft|had|was|ben|zijn|waren|aanstaande|a\.s\.|j\.l\.|jl\.?)\b")

# "dinsdag de 28e", "op de 27e!", "uiterlijk de 3e": a day of the month; not "op de 2e verdieping"
_ORD_DATE_RE = re.compile(
    rf"(?<![\w-])(?:(?P<wd>{_FULL_WEEKDAY},?\s+de\s+)(?={_ORD_DAY}(?!\w)(?!\s+(?i:keer|maal|verdieping|etage|plaats|"
    rf"klas|groep|eeuw|week|dag|ronde|helft|kind|kwartaal|jaar|persoon|vrouw|man)\b))|(?i:op|tot|vanaf|voor|vóór|na|per|rond|tegen|uiterlijk|t/m|"
    rf"sinds|jarig)\s+de\s+(?={_ORD_NUM}{_DATE_FOLLOW}))(?P<day>{_ORD_DAY})(?!\w)", re.MULTILINE)

# "is tachtig geworden op de twintigste", "de afspraak is op de derde": a day in words after "op de" ... with a
# word of a dated event or a month in the sentence before (not "op de derde verdieping", "op de tiende plaats")
_ORD_WORD_DATE_RE = re.compile(rf"(?<![\w-])(?i:op|tot|vanaf|voor|vóór|na|rond|tegen|uiterlijk|t/m|sinds|jarig)\s+de\s+"
                               rf"((?i:{_trie_pattern(_ORD_WORDS)}))(?!\w)(?={_DATE_FOLLOW})",
                               re.MULTILINE)

_DATED_EVENT_RE = re.compile(rf"(?i:jarig|verjaardag|geworden|gewore|getrouwd|trouwen|trouwdag|bruiloft|overleden|"
                             rf"gestorven|begrafenis|crematie|uitvaart|geboren|afspraak|opname|opgenomen|geopereerd|"
                             rf"operatie|verhuizen|verhuist|verhuisd|ontslagen|ontslag|deze\s+maand|volgende\s+maand|"
                             rf"brief|post|poststempel|ontvangen|gekregen|verstuurd|gestuurd|gebeld|belde|huisbezoek|"
                             rf"vorige\s+maand|{_MONTH_ALT}(?!\w))[^.!?\n]*$")

# "op de twaalfde van deze maand", "op de derde van de volgende maand"
_MONTH_AFTER_RE = re.compile(r"\s+(?i:van\s+(?:deze|de|die|dezelfde|volgende|vorige|komende)\s+(?:volgende\s+)?maand)\b")

# "3 en 4 maart", "12 t/m 16 mei": the first day of a pair
_DAY_PAIR_RE = re.compile(rf"(?<![\w/.,-])((?:[0-2]?\d|3[01])(?:e|ste|de)?)\s+(?:en|of|op|t/m|tot\s+en\s+met|tot|-|–)\s+"
                          rf"(?=(?:[0-2]?\d|3[01])(?:e|ste|de)?\s+{_MONTH_ALT}(?![\w]))", re.IGNORECASE)

# "in 1975 en 1980", "tussen 1990 en 1995": the second year of a pair
_YEAR_MORE_RE = re.compile(r"\s*(?:en|of|tot|t/m|tot\s+en\s+met|-|–)\s*((?:19[0-9]|20[0-4])\d)(?![\w-])")

# a span of years, "1987-1989", "(1992 – 2004)": no BSN or file number
_YEAR_RANGE_RE = re.compile(r"(?<![\w/-])(?<!\d[.,])((?:19|20)\d\d)[ \t]?[-–][ \t]?((?:19|20)\d\d)(?![\w/-]|[.,]\d|[-–]\d)")

# a year heading a line of a time line: "1951: naar Rotterdam", "1963 – getrouwd"
_LINE_YEAR_RE = re.compile(r"^[ \t]*(?:[-•*][ \t]*)?((?:19[0-9]|20[0-4])\d)(?=[ \t]*(?::(?!\d)|[-–—][ \t]+(?![\d€])|\t))",
                           re.MULTILINE)

# a year in a life story or a note: "sinds 1989", "in 1975", "vanaf 2012", "(2019)"
_YEAR_RE = re.compile(r"(?<![\w-])(?:19[0-9]|20[0-4])\d(?![\w-])")

# "hij denkt dat het 1962 is", "ze dacht dat het weer 1975 was"
_IT_IS_YEAR_RE = re.compile(r"(?i:\b(?:dat|of)\s+het\s+(?:nog\s+|weer\s+)?)((?:19|20)\d\d)(?=\s+(?i:is|was|werd)\b)")

_YEAR_CUE_BEFORE_RE = re.compile(
    r"(?<![\w-])(?i:sinds|in|vanaf|tot|uit|geboren|getrouwd|overleden|jaar|rond|na|voor|van|zomer|winter|tussen|"
    r"voorjaar|najaar|eind|begin|kerst|kerstmis|pasen|pinksteren|carnaval|koningsdag|zomervakantie|kerstvakantie|"
    r"meivakantie|herfstvakantie|voorjaarsvakantie)\s+(?:het\s+jaar\s+)?$")

# "dat was 1986, toen ...", "1963 trouwden we": a year said as the time of an event
_YEAR_WAS_BEFORE_RE = re.compile(r"\b(?i:was|werd)\s+$")

_YEAR_WAS_AFTER_RE = re.compile(r"\s*[.,;!?]|\s+(?i:toen|dat|en|of|ofzo|geloof|denk)\b")

_YEAR_EVENT_AFTER_RE = re.compile(r",|\s+(?i:kwam|kwamen|ging|gingen|werd|werden|ben|is|was|waren|trouwde|trouwden|"
                                  r"verhuisde|verhuisden|vluchtte|vluchtten|overleed|stierf|kreeg|kregen|begon|stopte)\b")

_BIRTH_RE = re.compile(
    rf"\b(?:geboren|geboortedatum|geb\.)(?:\s*:)?(?:\s+(?:op|in|de|is|was|ben))*\s+"
    rf"((?:[0-2]?\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:1[89]|20)?\d\d"
    rf"|(?:[0-2]?\d|3[01])(?:e|ste|de)?\s+{_MONTH_ALT}(?:\s+(?:1[89]|20)\d\d)?|(?:19|20)\d\d)\b"
    rf"|\bjarig(?:\s+(?:op|in|de|is|was|ben))*\s+((?:[0-2]?\d|3[01])(?:e|ste|de)?\s+{_MONTH_ALT})\b",
    re.IGNORECASE)

# "ik ben van '58", "geboren in '56": a year of birth
_SHORT_YEAR_RE = re.compile(r"(?i:\b(?:ben|is|was|zijn)\s+van\s+|\bgeboren\s+(?:in\s+)?|"
                            r"\b(?:zomer|winter|voorjaar|najaar|lente|herfst|kerst|begin|eind|einde|midden)\s+van\s+"
                            r"|\b(?:in|sinds|vanaf|tot|rond)\s+)"
                            r"(['’]\d\d)(?![\w'’])")

# a year in words in a life story: "geboren in tweeënvijftig", "sinds negentienzeventig", "in het jaar tweeduizend"
_WORD_YEAR_RE = re.compile(
    r"(?i:\b(?:geboren|getrouwd|gekomen|verhuisd|overleden|gestorven|gestopt|begonnen|gevlucht)\s+in\s+|\bsinds\s+|"
    r"\b(?:ik\s+ben|hij\s+is|zij\s+is|ze\s+is|hij\s+was|zij\s+was|ze\s+was)\s+van\s+|"  # "ik ben van zesenveertig"
    r"\bin\s+het\s+jaar\s+)((?i:negentienhonderd[a-zë]*|tweeduizend[a-zë]*|negentien[a-zë]+|"
    + "|".join(sorted((w for w, n in _NUMBER_WORDS.items() if 20 <= n <= 99), key=len, reverse=True))
    + r"))(?![\w-])(?!\s+(?i:jaar|jaren|keer|mensen|minuten|uur|dagen|weken)\b)"
    # "in tweeduizendachttien", "in negentienzesenvijftig": a year spelled out is a year after any "in"
    r"|(?i:\bin\s+)((?i:negentienhonderd[a-zë]*|tweeduizend[a-zë]*|negentien(?:een|twee|drie|vier|vijf|zes|zeven|acht|"
    r"negen)?[ëe]?n?(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)))(?![\w-])"
    # a year after a holiday: "eerste kerstdag 2022", "met Pasen 2019"
    r"|(?i:\b(?:kerst|kerstmis|kerstdag|pasen|paasdag|pinksteren|pinksterdag|oud\s+en\s+nieuw|oudjaar|nieuwjaar|"
    r"koningsdag|bevrijdingsdag|suikerfeest|offerfeest|ramadan|sinterklaas)\s+)((?:19|20)\d\d)(?![\w-])")


# a date said with the month as a number: "de vijfde van de elfde", "op de 5e van de 11e", "op vijf-twaalf"
_MONTH_ORD = r"(?:eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende|elfde|twaalfde|(?:[1-9]|1[0-2])(?:e|de|ste))"
_SPOKEN_DATE_RE = re.compile(
    rf"(?<![\w-])(?:(?i:{_trie_pattern(_ORD_WORDS)})|{_ORD_NUM})\s+(?i:van)\s+(?i:de)\s+(?i:{_MONTH_ORD})(?![\w-])"
    rf"|(?:(?<=(?i:op) )|(?<=(?i:per|tot) ))(?i:{'|'.join(sorted(_DAY_WORDS, key=len, reverse=True))})-"
    r"(?i:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)(?![\w-])")


# a birth year in brackets after a given name: "drie kinderen: Mirjam (1958), Aad (1960) en Gert" (not "de Wmo (2015)")
_NAME_YEAR_RE = re.compile(rf"(?<![\w'’-])({_NAME})[ \t]\(((?:19|20)\d\d)\)")


def date_candidates(text: str, add: _Add) -> None:
    """Dates ("14-03-2024", "3 maart", "vrijdag 9 juni", "mei 2021", "23 mrt '23", "op drie maart"), birth
    dates, years after "sinds", "in", "geboren" ... and spans of years, day and month without a year with a
    weekday or a date word ("vr 31-3", "per 11/4"), days of the month ("dinsdag de 28e", "op de 27e!"), the
    dates of a chat export's time stamps (priority 4; -1 inside brackets, which would be a mark otherwise)."""
    for m in _DATE_RE.finditer(text):
        add(4, m.start(), m.end(), "DATUM")
    low = text.casefold()
    for m in (_DIALECT_DATE_RE.finditer(text) if any(w in low for w in _DIALECT_WORDS) else ()):
        add(4, m.start(), m.end(), "DATUM")
    for m in _BIRTH_RE.finditer(text):
        g = 1 if m.group(1) else 2
        add(4, m.start(g), m.end(g), "DATUM")
    _years(text, add)
    for rx in (_SHORT_YEAR_RE, _LINE_YEAR_RE):
        for m in rx.finditer(text):
            add(4, m.start(1), m.end(1), "DATUM")
    for m in _WORD_DATE_RE.finditer(text):
        add(4, m.start(), m.end(), "DATUM")
    for m in _WORD_YEAR_RE.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i))
        add(4, m.start(g), m.end(g), "DATUM")
    for m in _DAY_PAIR_RE.finditer(text):
        add(4, m.start(1), m.end(1), "DATUM")
    for m in _YEAR_RANGE_RE.finditer(text):
        if int(m.group(1)) < int(m.group(2)):
            add(4, m.start(), m.end(), "DATUM")
    for mark in _MARKER_RE.finditer(text):  # "[09-01-24 07:42:11]" of a chat export: no transcriber mark
        for m in _DATE_RE.finditer(text, mark.start() + 1, mark.end() - 1):
            add(-1, m.start(), m.end(), "DATUM")  # before the mark (priority 0) that would hide it
    _short_dates(text, add)
    for m in _NAME_YEAR_RE.finditer(text):
        if m.group(1).casefold() in _FIRST_NAMES or (not _is_word(m.group(1)) and not m.group(1).isupper()):
            add(4, m.start(2), m.end(2), "DATUM")
    for m in _ORD_DATE_RE.finditer(text):
        add(4, m.start("wd") if m.group("wd") else m.start("day"), m.end("day"), "DATUM")
    for m in (_SPOKEN_DATE_RE.finditer(text) if " van de " in text or "-" in text else ()):
        if _DATE_FOLLOW_RE.match(text, m.end()) and not _SCORE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            add(4, m.start(), m.end(), "DATUM")  # not "de derde van de vierde verdieping", "het stond op twee-een"
    for m in _ORD_WORD_DATE_RE.finditer(text):
        if _DATED_EVENT_RE.search(text, max(0, m.start() - 80), m.start()) or _MONTH_AFTER_RE.match(text, m.end()):
            add(4, m.start(1), m.end(1), "DATUM")


def _years(text: str, add: _Add) -> None:
    """Years after "sinds", "in", "tussen", "Pasen" ... (and the second of a pair), "dat was 1986,", and a year
    opening a sentence before a verb ("2014 vluchtten we")."""
    for m in _IT_IS_YEAR_RE.finditer(text):
        add(4, m.start(1), m.end(1), "DATUM")
    for m in _YEAR_RE.finditer(text):
        start, end = m.span()
        if _YEAR_CUE_BEFORE_RE.search(text, max(0, start - 40), start):
            add(4, start, end, "DATUM")
            more = _YEAR_MORE_RE.match(text, end)
            if more:
                add(4, more.start(1), more.end(1), "DATUM")
        elif _YEAR_WAS_BEFORE_RE.search(text, max(0, start - 12), start) and _YEAR_WAS_AFTER_RE.match(text, end):
            add(4, start, end, "DATUM")
        elif (start == 0 or text[start - 1] == "\n" or (start >= 2 and text[start - 1] == " " and text[start - 2] in ".!?")
              ) and _YEAR_EVENT_AFTER_RE.match(text, end):
            add(4, start, end, "DATUM")


def _short_dates(text: str, add: _Add) -> None:
    """Day and month without a year ("vr 31-3", "per 11/4", "12-03" heading a journal line)."""
    for m in _SHORT_DATE_RE.finditer(text):
        start, end = m.span()
        if _NOT_DATE_AFTER.match(text, end) or ("-" in m.group() and _SCORE_BEFORE.search(text, max(0, start - 30), start)):
            continue  # "het stond 3-1"; "staat op 15/3" is a date
        wd = _WEEKDAY_BEFORE_RE.search(text, max(0, start - 25), start)
        if wd:
            add(4, wd.start(), end, "DATUM")
            continue
        cue = _DATE_CUE_BEFORE_RE.search(text, max(0, start - 20), start)
        if cue and cue.group("van") and not _RANGE_AFTER_RE.match(text, end):
            cue = None  # "van 2-6 tot 9-6", not "van 3-1 naar 3-2"
        day, month = map(int, re.split(r"[-/]", m.group()))
        if cue and "/" in m.group() and day < month and not cue.group("sign") and not _DATE_FOLLOW_RE.match(text, end):
            continue  # "na 1/4 tablet": a fraction, unless a date's word follows ("per 1/4 gaat ze")
        line_start = text.rfind("\n", 0, start) + 1
        if day >= 13 and m.group() not in ("24/7", "24-7") and _DAY_OVER_12_FOLLOW_RE.match(text, end) \
                and not _SCORE_BEFORE.search(text, max(0, start - 30), start):
            add(4, start, end, "DATUM")  # "ik heb haar 24/11 nog gesproken": no fraction has a day over 12
            continue
        cell = _CELL_BEFORE_RE.search(text, line_start, start) and _CELL_AFTER_RE.match(text, end)
        if cue or cell or (_LINE_START_RE.fullmatch(text, line_start, start) and _LINE_HEAD_AFTER.match(text, end)):
            add(4, start, end, "DATUM")
