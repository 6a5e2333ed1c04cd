"""Detectors for dates (with or without a year, years in a life story) and ages in many phrasings."""

from __future__ import annotations

import re
from toolkit.io.pseudonymise.common import _Add, _MARKER_RE, _NAME
from toolkit.io.pseudonymise.lexicon import _FIRST_NAMES, _NOT_AGE, _NUM2, _NUMBER_WORDS, _is_word

# months and weekdays as Limburg, Gronings, Twents and Frisian speakers say them ("vriedig 3 mieërt",
# "tongersdei 14 novimber", "zotterdag 8 febrewoari")
_DIALECT_MONTHS = ("jannewarie jannewari jannewaris jannewoari fibberwarie fibberwari febberwarie febrewari febrewaris "
                   "febrewoari mieërt miert meert maaie juny july septimber novimber desimber")

_DIALECT_DAYS = ("maondig maondag moandei moandag dinsdig tiisdei goonsdig gónsdig woansdei wónsdig donderdig dónderdig "
                 "tongersdei vriedig vriedag freed zaoterdig zaoterdag zotterdag saterdei sneon zóndig zondig snein zundag")

_MONTH_ALT = (r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan\.?|"
              r"febr?\.?|mrt\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|okt\.?|nov\.?|dec\.?|"
              + "|".join(sorted(_DIALECT_MONTHS.split(), key=len, reverse=True)) + ")")

_WEEKDAY = (r"(?:(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(?:ochtend|middag|avond|nacht)?"
            r"|ma|di|din|wo|woe|do|don|vr|za|zo|" + "|".join(sorted(_DIALECT_DAYS.split(), key=len, reverse=True))
            + r")\.?,?\s+)")

_YY = r"['’]\d\d(?![\w'’])"  # "23 mrt '23", "mei '67"

_DATE_RE = re.compile(
    rf"(?<![\w-])(?:{_WEEKDAY}?(?:[0-2]?\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:(?:1[89]|20)?\d\d|['’]\d\d)"
    rf"|{_WEEKDAY}?(?:[0-2]?\d|3[01])(?:e|ste|de)?[ \t]+{_MONTH_ALT}(?:[ \t]+(?:(?:1[89]|20)\d\d|{_YY}))?"
    rf"|(?:(?:begin|half|eind|medio)\s+)?{_MONTH_ALT}[ \t]+(?:(?:1[89]|20)\d\d|{_YY})"
    rf"|(?:1[89]|20)\d\d-(?:0?[1-9]|1[0-2])-(?:[0-2]?\d|3[01]))(?![\w-])",
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

_LINE_HEAD_AFTER = re.compile(r"[ \t]*(?:$|\(|:|,|[-–—|][ \t]|\t|\d{1,2}[:.]\d\d\b)", re.MULTILINE)

_ORD_WORDS = ("eerste tweede derde vierde vijfde zesde zevende achtste negende tiende elfde twaalfde dertiende "
              "veertiende vijftiende zestiende zeventiende achttiende negentiende twintigste eenentwintigste "
              "tweeëntwintigste drieëntwintigste vierentwintigste vijfentwintigste zesentwintigste zevenentwintigste "
              "achtentwintigste negenentwintigste dertigste eenendertigste").split()

_DAY_WORDS = ("één twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
              "zeventien achttien negentien twintig eenentwintig tweeëntwintig drieëntwintig vierentwintig "
              "vijfentwintig zesentwintig zevenentwintig achtentwintig negenentwintig dertig eenendertig").split()

_ORD_NUM = r"(?:[12]?\d|3[01])(?:e|ste|de)"

_ORD_DAY = rf"(?:{_ORD_NUM}|(?i:{'|'.join(sorted(_ORD_WORDS, key=len, reverse=True))}))"  # in words after a weekday only

# a day in words before a month: "op drie maart", "de achtentwintigste november"
_WORD_DATE_RE = re.compile(
    rf"(?<![\w-])(?:{_WEEKDAY})?(?:{'|'.join(sorted(_DAY_WORDS + _ORD_WORDS, key=len, reverse=True))})"
    rf"\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
    rf"(?:\s+(?:(?:1[89]|20)\d\d|{_YY}))?(?![\w-])", re.IGNORECASE)

_FULL_WEEKDAY = r"(?i:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(?:ochtend|middag|avond|nacht)?)"

# what may follow a date that is only a number: punctuation, the end, or a small word ("op de 27e om ...")
_DATE_FOLLOW = (r"(?:\s*(?:[.,!?;:)…]|$)|\s+(?i:om|aanstaande|a\.s\.|bij|in|is|was|komt|kom|komen|gaat|ga|gaan|en|"
                r"of|dan|al|nog|weer|hè|he|wordt|zijn|ben|heb|hebben|heeft|moet|moeten|kan|kunnen|zou|wil|willen|"
                r"jarig|terug|thuis|langs|naar|met|voor|zo|ook|pas|hoor|dus|toch|ingepland|gepland|afgesproken|"
                r"van\s+(?!de\b|het\b|links\b|rechts\b|boven\b|onder\b))\b)")

_DATE_FOLLOW_RE = re.compile(_DATE_FOLLOW, re.MULTILINE)

# "dinsdag de 28e", "op de 27e!", "uiterlijk de 3e": a day of the month; not "op de 2e verdieping"
_ORD_DATE_RE = re.compile(
    rf"(?<![\w-])(?:(?P<wd>{_FULL_WEEKDAY}\s+de\s+)(?={_ORD_DAY}(?!\w)(?!\s+(?i:keer|maal|verdieping|etage|plaats|"
    rf"klas|groep|eeuw|week|dag|ronde|helft|kind|kwartaal|jaar|persoon|vrouw|man)\b))|(?i:op|tot|vanaf|voor|vóór|na|per|rond|tegen|uiterlijk|t/m|"
    rf"sinds|jarig)\s+de\s+(?={_ORD_NUM}{_DATE_FOLLOW}))(?P<day>{_ORD_DAY})(?!\w)", re.MULTILINE)

# "is tachtig geworden op de twintigste", "de afspraak is op de derde": a day in words after "op de" ... with a
# word of a dated event or a month in the sentence before (not "op de derde verdieping", "op de tiende plaats")
_ORD_WORD_DATE_RE = re.compile(rf"(?<![\w-])(?i:op|tot|vanaf|voor|vóór|na|rond|tegen|uiterlijk|t/m|sinds|jarig)\s+de\s+"
                               rf"((?i:{'|'.join(sorted(_ORD_WORDS, key=len, reverse=True))}))(?!\w)(?={_DATE_FOLLOW})",
                               re.MULTILINE)

_DATED_EVENT_RE = re.compile(rf"(?i:jarig|verjaardag|geworden|gewore|getrouwd|trouwen|trouwdag|bruiloft|overleden|"
                             rf"gestorven|begrafenis|crematie|uitvaart|geboren|afspraak|opname|opgenomen|geopereerd|"
                             rf"operatie|verhuizen|verhuist|verhuisd|ontslagen|ontslag|deze\s+maand|volgende\s+maand|"
                             rf"vorige\s+maand|{_MONTH_ALT}(?!\w))[^.!?\n]*$")

# "3 en 4 maart", "12 t/m 16 mei": the first day of a pair
_DAY_PAIR_RE = re.compile(rf"(?<![\w/.,-])((?:[0-2]?\d|3[01])(?:e|ste|de)?)\s+(?:en|of|t/m|tot\s+en\s+met|tot|-|–)\s+"
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

_SUBJ = (r"(?:[Ii]k|[Ii]ch|[Mm]w\.|[Mm]evr\.|[Dd]hr\.|"  # "ich bin 78" (Limburg), "Mw. is 84"
         r"[Hh]ij|[Zz]ij|[Zz]e|[Dd]ie|[Hh]ae|[Hh]ai|[Zz]ai|[Hh]ee|[Hh]y|[Zz]ie|[Uu]|[Jj]e|[Jj]ij|[Ww]e|[Ww]ij|[Mm]eneer|[Mm]evrouw|[Mm]an|[Vv]rouw|"
         rf"[Mm]oeder|[Vv]ader|[Zz]oon|[Dd]ochter|[Oo]ma|[Oo]pa|[Bb]roer|[Zz]us|[Pp]apa|[Mm]ama|[Pp]ap|[Mm]am|[Pp]a|"
         rf"[Mm]a|[Mm]em|[Hh]eit|[Pp]ake|[Bb]eppe|[Tt]ante|[Oo]om|[Nn]eef|[Nn]icht|['’]?ie|"
         rf"(?:[Dd]e\s+)?(?:[Oo]udste|[Jj]ongste|[Mm]iddelste)|"
         rf"(?:[Mm]ijn|[Zz]ijn|[Hh]aar|[Oo]nze|[Uu]w|[Jj]e|[Hh]un)\s+(?:(?:oudste|jongste|middelste|eigen|lieve|oudere|"
         rf"jongere|kleine|grote|tweede|eerste)\s+)?[a-zà-ÿ]+|"
         rf"(?!(?:Met|Van|Voor|Na|Bij|Op|In|Uit|Dat|Dit|Die|Er|Hier|Daar|Wat|Waar|Hoe|Het|De)\b){_NAME})")

_POSS = r"(?:mijn|m['’]n|zijn|z['’]n|haar|d['’]r|ons|onze|hun|je|jouw|uw)"  # "m'n", "z'n", "ons moeder"

_ADV = (r"(?i:(?:al|pas|bijna|net|ruim|nog|maar|nu|nou|allebei|beiden|alle\s+twee|inmiddels|alweer|ook|zelf|toen|intussen|ondertussen|dan|wel|"
        r"toch|echt|dus|precies|zowat|amper|nauwelijks|(?:op\s+)?(?:[12]?\d|3[01])\s+(?:januari|februari|maart|april|mei|"
        r"juni|juli|augustus|september|oktober|november|december)|"
        r"eigenlijk|sinds\s+kort|(?:vorige|volgende|deze|afgelopen)\s+(?:week|maand)|(?:vorig|volgend|dit|afgelopen)\s+jaar|"
        r"gisteren|eergisteren|vandaag|morgen|overmorgen|binnenkort|straks|geworden|"
        r"(?:op\s+|afgelopen\s+|komende\s+)?(?:maan|dins|woens|donder|vrij|zater|zon)dag|in\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|"
        r"oktober|november|december))\s+){0,4}")

_AGE_END = (r"(?=\s*(?:[.,](?!\d)|[;:!?)…\"”\]]|$|\s+(?:-|–)|\s(?i:en|maar|geworden|hoor|hè|he|nu|inmiddels|alweer|dus|toen|"
            r"geloof|denk|jong|oud|op|in|dit|deze|volgende|volgend|vorig|vorige|geweest|ofzo|zo|al|ook|ja|nee|"
            r"die|dat|wel|sinds|met|heeft|had|is|was|woont|woonde|zit|zat|zegt|zei|en|of\s+zo|"
            r"of\s+zoiets|of(?=\s+(?:\d|[a-zë]*(?:tien|tig)\b))|ongeveer|dan|nog|pas|geworden|gewore|geworre|overleden|gestorven|jarig)\b))")

# after "Joop van 88" also a verb: "rijdt", "komt", "speelt" (units are excluded by _NOT_AGE)
_AGE_END_VAN = _AGE_END[:-2] + r"|\s(?!(?:niet|met|het|dat|wat|tot|net|echt|best|licht)\b)[a-zà-ÿ]{2,}t\b))"

# "ik ben 20 jaar in dienst", "hij was 2 jaar op de wachtlijst": a time, not an age
_NOT_DURATION = r"(?!(?<=jaar)\s+(?i:in|op|met|bij|aan|onder|voor|lid|samen|hier|daar|weg|bezig|werkzaam|actief)\b)"

# "Kees (76)", "kees (76)"; not "en (4) ..." (_NOT_BEFORE_PAREN)
_PAREN_AGE_RE = re.compile(r"(?<![\w.])([^\W\d_]{2,})\s*\((\d{1,3})(?:\s+jaar)?\)")

_AGE_PATTERNS = [
    # "84 jaar oud", "84-jarige", "op 84-jarige leeftijd", "vijfenzestigjarige"
    # "90 jaar jong", "ze telt 83 lentes"
    re.compile(rf"\b((?i:{_NUM2}(?:\s+jaar\s+(?:oud|jong)|\s*-?\s*jarige?n?|\s+lentes)))\b"),
    # "ik ben 84", "die is negenenzeventig", "ze werd 90 jaar", "Mees is zelf ook al 49", "ik word 45 op"
    # (the lookahead, implied by the rest, lets the long subject alternation run before a verb only: speed)
    re.compile(rf"\b(?=['’]?[\w'’-]+\.?(?:\s+[\w'’-]+){{0,2}}\s+"
               rf"(?i:ben|bin|is|was|werd|word|wordt|worden|werden|waren|zijn)\s)"
               rf"{_SUBJ}\s+(?i:ben|bin|is|was|werd|word|wordt|worden|werden|waren|zijn)\s+{_ADV}"
               rf"((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?)){_AGE_END}{_NOT_DURATION}", re.MULTILINE),
    # "op de leeftijd van 80", "leeftijd: 80"
    re.compile(rf"\b(?i:leeftijd(?:\s+van|\s*:)?)\s*((?i:{_NUM2}(?:\s*[-–]\s*\d{{1,3}})?(?:\s+jaar)?))\b"),
    # "een man van 67", "mevrouw van 92 jaar", "Joop van 88", "mijn moeder van 88" (lookahead: as above)
    re.compile(rf"\b(?=[^\W\d_]+\s+(?i:van)\s)(?i:man|vrouw|meneer|mevrouw|heer|dame|jongen|meisje|kind|zoon|"
               rf"dochter|moeder|vader|"
               rf"weduwe|weduwnaar|cliënt|client|mens|mensje|iemand|oudje|opa|oma|broer|zus|buurman|"
               rf"buurvrouw|buurjongen|buurmeisje|kleinzoon|kleindochter|schoonmoeder|schoonvader|zwager|"
               rf"schoonzus|tiener|puber|knul|baby|vent|kerel|meid|echtpaar|stel|partner|vriend|vriendin|"
               rf"neef|nicht|tante|oom|zoontje|dochtertje|broertje|zusje)\s+van\s+"
               rf"((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?))\b{_NOT_AGE}{_AGE_END}"),
    re.compile(rf"(?<![\w.]){_NAME}\s+van\s+((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?))\b{_NOT_AGE}{_AGE_END_VAN}"),
    # "mijn zus van 16 helpt ook": after one's family word any word may follow, but no count or amount
    re.compile(rf"\b(?i:{_POSS})\s+(?i:zoon|dochter|moeder|vader|opa|oma|broer|zus|kleinzoon|kleindochter|zoontje|dochtertje|"
               rf"broertje|zusje|jongen|meisje|kind|kindje|baby|neef|nicht|neefje|nichtje|kleinkind)\s+van\s+"
               rf"((?i:{_NUM2}))\b{_NOT_AGE}(?!\s+(?i:kinderen|kleinkinderen|jongens|meiden|meisjes|stuks|straten|"
               rf"huizen|deuren|dingen|jaren|hoog)\b)(?![.,]\d|-|/)"),
    # "toen ik twaalf was", "tot hij 70 was"
    re.compile(rf"\b(?i:toen|tot|totdat|sinds|vanaf|als|voordat|nadat|omdat|nu|dat|zodra|wanneer|hoewel|terwijl)\s+"
               rf"(?i:ik|hij|zij|ze|je|jij|we|wij|u|ie|"
               rf"{_POSS}\s+\w+)\s+{_ADV}((?i:{_NUM2}(?:\s+jaar)?))\s+(?i:was|werd|werden|waren|ben|is|word|wordt)\b"),
    # "mijn vader, die 84 is, ..."
    re.compile(rf"\b(?i:die)\s+{_ADV}((?i:{_NUM2}))\s+(?i:is|was|wordt|werd)(?=\s*[,.;!?]|\s+(?i:en|maar|geworden)\b)"),
    # "toen was ik 34", "nu ben ik 70 en ..."
    re.compile(rf"\b(?i:ben|bin|is|was|werd|word|wordt)\s+(?i:ik|ich|hij|zij|ze|je|jij|u|ie)\s+{_ADV}"
               rf"((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?)){_AGE_END}"),
    # "Vijftien was ik, toen ...", "Negentien is ze nu.", "84 jaar is ze", "en 83 is ze ook"
    re.compile(r"(?:^|(?<=[.!?:]\s)|(?<=,\s)|(?<=[\"“‘(])|(?<=\b[Ee]n\s)|(?<=\b[Mm]aar\s)|(?<=\b[Dd]us\s)|(?<=\b[Nn]ou\s))"
               r"(?:(?i:nu|al|pas|bijna|ruim|nog\s+maar)\s+)?"
               r"((?i:(?:[a-zë]*(?:tien|tig)|[1-9]\d|honderd))(?:\s+jaar(?:\s+oud)?)?)\s+"
               r"(?i:was|ben|is|werd|word|wordt)\s+(?i:ik|hij|zij|ze|je|u)(?=\s*(?:[.,!?;]|$)|\s+(?i:geworden|nu|toen|pas|"
               r"al|net|inmiddels|alweer|ook|intussen|ondertussen|dus|wel|toch|echt|hoor|zelf|nog|geloof|denk)\b)",
               re.MULTILINE),
    # header "(weduwe, 84 jaar)" / "(buurvrouw, 67)" (not "(moyenne 5,77)"); with "jaar", "jr" or "+" also
    # first in brackets: "Respondent 7 (45 jaar, Hengelo)", "(man, 80+, Tubbergen)"; after a comma see _COLUMN_AGE_RE
    re.compile(r"(?:\([^()\n]{1,60}?(?<!\d),\s*(?=\d{1,3}(?:\s+jaar|\+)?\s*[),])"
               r"|\((?=\d{1,3}(?:[ \t]*(?:jaar|jr\.?)|\+)[ \t]*[,)]))(\d{1,3}(?:[ \t]*(?:jaar|jr\.?)|\+)?)"),
    # "Kees (76)", "kees (76)"
    _PAREN_AGE_RE,
]

# a note's apposition after a name: "mevrouw Hofsteenge, 88, woont alleen" (a name, not a word: "Zorg, 12,")
_APPOSITION_AGE_RE = re.compile(
    rf"(?<![\w.])({_NAME}|(?i:mijn|zijn|haar|onze|hun|uw|je)\s+(?i:vader|moeder|man|vrouw|zoon|dochter|broer|zus|"
    rf"oma|opa|buurman|buurvrouw|schoonmoeder|schoonvader|partner|vriend|vriendin|tante|oom|neef|nicht|"
    rf"echtgenoot|echtgenote|cliënt|client|kleinzoon|kleindochter)),\s(\d{{1,3}}(?:\s+jaar)?),\s(?=[a-zà-ÿ])")

_PARENT_OF_RE = re.compile(r"(?i:\b(?:moeder|vader|ouder|oma|opa|grootmoeder|grootvader)s?\s+van\s+)$")


def _children(text: str, start: int, end: int) -> bool:
    """"moeder van twee", "opa van vijf": a parent of a few children, not an age (ages of parents are higher)."""
    first = text[start:end].split()[0].casefold()
    n = int(first) if first.isdigit() else _NUMBER_WORDS.get(first, 99)
    return n <= 12 and _PARENT_OF_RE.search(text, max(0, start - 30), start) is not None

# a survey or table column: "| 58 jr |", "Zuzia, 7 jaar, zit", "80 jaar, weduwe", "(63, Deventer)",
# "vrouw, 58, Enschede"
_COLUMN_AGE_RE = re.compile(
    rf"(?:(?:^|[|;\t(]|,)[ \t]*((?i:{_NUM2}))[ \t]*(?i:jaar|jr\.?)(?=[ \t]*(?:[|;\t),]|$))"
    r"|\((\d{1,3}),[ \t]*(?=[A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)*\))"
    r"|\b(?i:man|vrouw|m|v|jongen|meisje|weduwe|weduwnaar)[ \t]*[,|;/–—][ \t]*(\d{1,3})(?:[ \t]*(?i:jaar|jr\.?))?"
    r"(?=[ \t]*(?:[|;\t),/–—]|$))"
    r"|(?:^|[|;:\t(,–—])[ \t]*(\d{1,3})(?:[ \t]*(?i:jaar|jr\.?))?[ \t]*[,/][ \t]*(?=(?i:man|vrouw|m|v|weduwe|weduwnaar|gehuwd|"
    r"getrouwd|ongehuwd|alleenstaand|alleenstaande|gescheiden|samenwonend)\b))", re.MULTILINE)

_PERSON_WORDS = frozenset("man vrouw meneer mevrouw zoon dochter moeder vader broer zus broertje zusje zoontje "
                          "dochtertje opa oma kind jongen meisje cliënt client respondent deelnemer weduwe weduwnaar partner "
                          "buurman buurvrouw kleinzoon kleindochter neef nicht oudste jongste m v".split())

# "en (4) ...": a list number
_NOT_BEFORE_PAREN = frozenset("en of de het een in op zie nr punt stap fase vraag".split())

_NOT_PERSON = frozenset("ja nee nou tja eh ehm uh oh ach o ok oké goh jawel zeker misschien dus maar en toen nu zo "
                        "daarna daarvoor eerst totaal samen".split())

# "met negentien ging ik het huis uit": an age with a verb of a life event after it
_WITH_AGE_RE = re.compile(rf"(?i:\bmet\s+)((?i:{_NUM2}))(?:\s+jaar)?(?=,?\s+(?i:ging|kwam|trouwde|kreeg|moest|"
                          r"mocht|werd|was|begon|stopte|verhuisde|vertrok|leerde|raakte|zat|woonde|had)\b)"
                          # "met haar 92 jaar is ze nog scherp" (not "met zijn 20 jaar ervaring")
                          rf"|(?i:\bmet\s+{_POSS}\s+)((?i:{_NUM2})\s+(?i:jaar|jaren))(?=,|\s+(?i:is|was|ben|ging|kwam|"
                          r"trouwde|kreeg|moest|mocht|werd|begon|stopte|verhuisde|vertrok|leerde|zat|woonde|had|nog|al)\b)")

# "geboren in 1941, dus 83": an age worked out from a birth date or year
_SO_AGE_RE = re.compile(rf"\b(?i:dus)\s+{_ADV}((?i:{_NUM2})(?:\s+jaar(?:\s+oud)?)?){_NOT_AGE}{_AGE_END}")

_BIRTH_CUE_RE = re.compile(r"(?i:geboren|geboortedatum|geb\.|geboortejaar|jarig|leeftijd|hoe\s+oud|"
                           r"\b(?:ik|hij|zij|ze|u|je)\s+(?:ben|is|was|bent)\s+van\s+(?:(?:19|20)\d\d|['’]\d\d))")

# "een moeder van drie", "alleenstaande vader van twee": a number of children, not an age
_CHILD_COUNT_RE = re.compile(r"(?i:\b(?:(?:een|alleenstaande|jonge)\s+(?:moeder|vader|ouder)|(?:elk|elke|ieder|iedere|geen|"
                             r"alle)\s+(?:andere?\s+)?\w+)\s+van\s+)$")  # "elk ander kind van zestien": anyone

# the answer to "hoe oud ben je?": a number opening the next turn ("34. Ik werk ...", "R: 71 jaar")
_AGE_QUESTION_RE = re.compile(r"(?i:hoe\s+oud|wat\s+is\s+(?:uw|je|jouw)\s+leeftijd|uw\s+leeftijd|je\s+leeftijd)[^\n?]*\?")

# a guess in the question itself: "hoe oud was hij toen? 9?"
_AGE_GUESS_RE = re.compile(rf"[ \t]*((?i:{_NUM2}))(?=[ \t]*\?)")

# the next line, after a speaker label, also one of a chat export ("[10-01-24 19:33:50] Anja: ",
# "10-01-24 19:33 - Anja: ")
_CHAT_PREFIX = r"(?:\[[^\]\n]{1,30}\][ \t]*|\d[\d/.-]{5,9},?[ \t]+\d{1,2}:\d\d(?::\d\d)?[ \t]*-[ \t]*)"

_AGE_ANSWER_RE = re.compile(rf"(?:^|\n)(?:{_CHAT_PREFIX}?[^\n:]{{1,40}}:[ \t]*|[^\n]*\]\s*\n)?(?:(?i:ik\s+ben|ik\s+word|"
                            rf"(?:ja|nee|nou|eh|ehm|uh),?)\s+)?((?i:{_NUM2}(?:\s+jaar)?))(?=\s*(?:[.,!?]|\n|$|\s(?i:jaar|en|maar)\b))")

# "met 63 met pensioen", "met zijn 65 stoppen"
_RETIRE_RE = re.compile(r"(?i:\bmet\s+(?:mijn|haar|zijn|hun)?\s*)(\d{2})(?=\s+(?i:met\s+pensioen|gestopt|stoppen|"
                        r"de\s+vut|de\s+aow)\b)")
# "ik ben van '58", "geboren in '56": a year of birth
_SHORT_YEAR_RE = re.compile(r"(?i:\b(?:ben|is|was|zijn)\s+van\s+|\bgeboren\s+(?:in\s+)?"
                            r"|\b(?:in|sinds|vanaf|tot|rond)\s+)"
                            r"(['’]\d\d)(?![\w'’])")
_ORDINAL = r"(?:\d{1,3}(?:e|ste|de)|(?i:[a-zë]*(?:tiende|tigste)))"  # not "eerste", "derde": no ages
# "op haar 17e", "op zijn zestiende"; "haar 80ste verjaardag", "zijn vijftigste"
_MY_AGE_RE = re.compile(rf"(?:(?i:\b(?:op|sinds|vanaf|na|voor|tot|rond|tegen|bij|met)\s+{_POSS}\s+)({_ORDINAL})(?![\w-])"
                        rf"|(?i:\b{_POSS}\s+)({_ORDINAL})(?=\s+(?i:verjaardag|levensjaar)\b)"
                        # "ze viert haar 90ste", "we vierden zijn tachtigste"
                        rf"|(?i:\bvier(?:t|de|den|en)\s+(?:(?:ze|hij|we|wij|ik|u|jij|je)\s+)?{_POSS}\s+)({_ORDINAL})(?![\w-])"
                        r"(?!\s+(?i:jubileum|huwelijksjubileum|trouwdag|huwelijksdag|verjaardag\s+als|bestaan|editie|keer)\b))")

def date_candidates(text: str, add: _Add) -> None:
    """Dates ("14-03-2024", "3 maart", "vrijdag 9 juni", "mei 2021", "23 mrt '23", "op drie maart"), birth
    dates, years after "sinds", "in", "geboren" ... and spans of years, day and month without a year with a
    weekday or a date word ("vr 31-3", "per 11/4"), days of the month ("dinsdag de 28e", "op de 27e!"), the
    dates of a chat export's time stamps (priority 4; -1 inside brackets, which would be a mark otherwise)."""
    for m in _DATE_RE.finditer(text):
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
    for m in _DAY_PAIR_RE.finditer(text):
        add(4, m.start(1), m.end(1), "DATUM")
    for m in _YEAR_RANGE_RE.finditer(text):
        if int(m.group(1)) < int(m.group(2)):
            add(4, m.start(), m.end(), "DATUM")
    for mark in _MARKER_RE.finditer(text):  # "[09-01-24 07:42:11]" of a chat export: no transcriber mark
        for m in _DATE_RE.finditer(text, mark.start() + 1, mark.end() - 1):
            add(-1, m.start(), m.end(), "DATUM")  # before the mark (priority 0) that would hide it
    _short_dates(text, add)
    for m in _ORD_DATE_RE.finditer(text):
        add(4, m.start("wd") if m.group("wd") else m.start("day"), m.end("day"), "DATUM")
    for m in _ORD_WORD_DATE_RE.finditer(text):
        if _DATED_EVENT_RE.search(text, max(0, m.start() - 80), m.start()):
            add(4, m.start(1), m.end(1), "DATUM")


def _years(text: str, add: _Add) -> None:
    """Years after "sinds", "in", "tussen", "Pasen" ... (and the second of a pair), "dat was 1986,", and a year
    opening a sentence before a verb ("2014 vluchtten we")."""
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
        cell = _CELL_BEFORE_RE.search(text, line_start, start) and _CELL_AFTER_RE.match(text, end)
        if cue or cell or (_LINE_START_RE.fullmatch(text, line_start, start) and _LINE_HEAD_AFTER.match(text, end)):
            add(4, start, end, "DATUM")

# "de kinderen zijn 6 en 9": the second age of a pair (not "84 en een half", "6 en 9 maanden")
_AGE_MORE_RE = re.compile(rf"(?:\s*,\s*|\s+(?i:en|of)\s+)((?i:{_NUM2}))(?:\s+jaar)?(?![\w,.]\d){_NOT_AGE}{_AGE_END}")

# "Vader is 79 en moeder 76", "Ik ben 63, mijn man 67", "De oudste is 12, de jongste 9": a second person's age
# with the verb left out
_AGE_GAP_RE = re.compile(rf"(?:\s*[,;]\s*(?:(?i:en)\s+)?|\s+(?i:en)\s+)(?:ik|hij|zij|ze|(?i:de|die|{_POSS})\s+[a-zà-ÿ]+|"
                         rf"[Mm]oeder|[Vv]ader|[Oo]ma|[Oo]pa|[Mm]am|[Pp]ap|(?!(?:Met|Van|Voor|Na|Bij|Op|In|Dat|Dit|Het|De|En)\b){_NAME})"
                         rf"\s+(?:(?i:is|was|wordt|werd|al|pas|bijna|ruim)\s+)?((?i:{_NUM2})(?:\s+jaar)?){_NOT_AGE}{_AGE_END}")


def _more_ages(text: str, end: int, add: _Add) -> None:
    """The ages after an age: "6, 9 en 11", "79 en moeder 76"."""
    for _ in range(6):
        more = _AGE_MORE_RE.match(text, end) or _AGE_GAP_RE.match(text, end)
        if not more:
            return
        add(8, more.start(1), more.end(1), "LEEFTIJD")
        end = more.end(1)


# "... dat hij weduwnaar is en 91 is": the second predicate of a clause with a person as its subject
_AND_AGE_RE = re.compile(rf"\b(?i:en)\s+((?i:{_NUM2})(?:\s+jaar(?:\s+oud)?)?)\s+(?i:is|was|wordt|werd|ben|bent)"
                         rf"(?=\s*[.,;!?)…\"”]|\s+(?i:en|maar|dus|toen|of|geworden)\b)")

_CLAUSE_PERSON_RE = re.compile(r"\b(?i:dat|omdat|toen|als|nu|hoewel|terwijl|aangezien|zodat|sinds)\s+"
                               r"(?i:ik|hij|zij|ze|u|je|jij|ie|hae|(?:mijn|zijn|haar|onze|hun)\s+\w+|(?:de|die|deze)\s+(?:man|vrouw|meneer|"
                               r"mevrouw|heer|dame|cliënt|client|patiënt|patient|bewoner|buurman|buurvrouw))\s[^.!?\n]*$")

# a sentence or quote that opens with an age and a state of life: "Tweeënnegentig en nog altijd zelf koken",
# "Zesenzeventig en alleenstaand"; not "Drie en nog eens drie", "Twintig en alleen maar vrouwen"
_FRAGMENT_AGE_RE = re.compile(
    rf"(?:^|(?<=[.!?:]\s)|(?<=[\"“‘(]))[ \t]*((?i:{_NUM2}))(?:\s+jaar)?(?:,\s*|\s+)(?:(?i:en)\s+)?"
    r"(?=(?i:alleen(?=\s*[,.;!?\"”]|\s+(?:thuis|wonend|en)\b)|alleenstaand|weduwe|weduwnaar|kerngezond|fit|kwiek|"
    r"ziek|dement|vergeetachtig|blind|doof|slechtziend|slechthorend|gescheiden|vrijgezel|zwanger|eenzaam|"
    r"nog\s+(?:steeds|altijd|nooit|elke|iedere|helemaal|zo|zelf)|nooit\s+(?:getrouwd|ziek|zo))\b)", re.MULTILINE)


def _number(word: str) -> int:
    w = word.casefold()
    return int(w) if w.isdigit() else _NUMBER_WORDS.get(w, 0)


def _bare_ages(text: str, add: _Add) -> None:
    """Ages without "jaar" or a verb before them: "dat hij weduwnaar is en 91 is", "Zesenzeventig en alleenstaand"."""
    for m in _AND_AGE_RE.finditer(text):
        if _number(m.group(1).split()[0]) <= 110 and _CLAUSE_PERSON_RE.search(text, max(0, m.start() - 100), m.start()):
            add(8, m.start(1), m.end(1), "LEEFTIJD")
    for m in _SO_AGE_RE.finditer(text):
        if _BIRTH_CUE_RE.search(text, max(0, m.start() - 200), m.start()):
            add(8, m.start(1), m.end(1), "LEEFTIJD")
    for m in _FRAGMENT_AGE_RE.finditer(text):
        if 13 <= _number(m.group(1)) <= 110:
            add(8, m.start(1), m.end(1), "LEEFTIJD")


def age_candidates(text: str, add: _Add) -> None:
    """Ages (priority 8): "ik ben 84", "Mees is zelf ook al 49", "een man van 67", "Kees (76)", "op haar
    17e", the number answering "hoe oud ben je?"; not "een moeder van drie" (children)."""
    for pat in _AGE_PATTERNS:
        for m in pat.finditer(text):
            g = pat.groups  # the age is the last group
            if pat is _PAREN_AGE_RE and m.group(1).casefold() in _NOT_BEFORE_PAREN:
                continue
            if not _CHILD_COUNT_RE.search(text, max(0, m.start(g) - 40), m.start(g)) \
                    and not _children(text, m.start(g), m.end(g)):
                add(8, m.start(g), m.end(g), "LEEFTIJD")
                _more_ages(text, m.end(g), add)
    for m in _APPOSITION_AGE_RE.finditer(text):
        if " " in m.group(1) or not _is_word(m.group(1)) or m.group(1).casefold() in _FIRST_NAMES:
            add(8, m.start(2), m.end(2), "LEEFTIJD")
    for q in _AGE_QUESTION_RE.finditer(text):
        eol = text.find("\n", q.end())
        for a in (_AGE_GUESS_RE.match(text, q.end()), _AGE_ANSWER_RE.match(text, eol) if eol >= 0 else None):
            if a:
                add(8, a.start(1), a.end(1), "LEEFTIJD")
    for m in _COLUMN_AGE_RE.finditer(text):
        g = next(i for i in (1, 2, 3, 4) if m.group(i))
        before = re.search(r"(\w+)\W*$", text[max(0, m.start() - 30):m.start() + 1]) if m.group()[:1] == "," else None
        word = before.group(1) if before else ""
        if before and (word.casefold() in _NOT_PERSON or not (word[:1].isupper() or word.casefold() in _PERSON_WORDS)):
            continue  # "buschauffeur geweest, veertig jaar, en ...", "Ja, drie jaar, ongeveer": a duration
        if g == 1 and m.group()[:1] not in "|;\t(," and not m.group(1).isdigit():
            continue  # "Drie jaar, ongeveer." opening a line
        if not m.group(g).isdigit() or int(m.group(g)) <= 110:
            add(8, m.start(g), m.end(g), "LEEFTIJD")
    for m in _WITH_AGE_RE.finditer(text):
        g = 1 if m.group(1) else 2
        if _number(m.group(g).split()[0]) >= 11:  # "met vier was het": people
            add(8, m.start(g), m.end(g), "LEEFTIJD")
    for m in _RETIRE_RE.finditer(text):
        add(8, m.start(1), m.end(1), "LEEFTIJD")
    for m in _MY_AGE_RE.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i))
        add(8, m.start(g), m.end(g), "LEEFTIJD")
    _bare_ages(text, add)

