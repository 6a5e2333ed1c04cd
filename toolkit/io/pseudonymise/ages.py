"""Detectors for ages in many phrasings: "ik ben 84", "een man van 67", "Kees (76)", "op haar 17e", the answer to
"hoe oud ben je?", ages without "jaar" ("Tweeënnegentig en nog altijd ..."), pairs and ages said again."""

from __future__ import annotations

import re
from toolkit.io.pseudonymise.common import _Add, _NAME, _is_initial
from toolkit.io.pseudonymise.lexicon import _FIRST_NAMES, _NOT_AGE, _PLACES, _NUM2, _NUMBER_WORDS, _is_word, _trie_pattern

_SUBJ = (r"(?:[Ii]k|[Ii]ch|[Mm]w\.|[Mm]evr\.|[Dd]hr\.|"  # "ich bin 78" (Limburg), "Mw. is 84"
         r"[Hh]ij|[Zz]ij|[Zz]e|[Dd]ie|[Hh]ae|[Hh]ai|[Zz]ai|[Hh]ee|[Hh]y|[Zz]ie|[Zz]ee|[Hh]ja|[Ss]y|(?<=['’])[Kk]|[Uu]|[Jj]e|[Jj]ij|[Ww]e|[Ww]ij|[Mm]eneer|[Mm]evrouw|[Mm]an|[Vv]rouw|"
         rf"[Mm]oeder|[Vv]ader|[Zz]oon|[Dd]ochter|[Oo]ma|[Oo]pa|[Bb]roer|[Zz]us|[Pp]apa|[Mm]ama|[Pp]ap|[Mm]am|[Pp]a|"
         rf"[Mm]a|[Mm]em|[Hh]eit|[Pp]ake|[Bb]eppe|[Tt]ante|[Oo]om|[Nn]eef|[Nn]icht|['’]?ie|"
         rf"(?:[Dd]e\s+)?(?:[Oo]udste|[Jj]ongste|[Mm]iddelste)|"
         rf"(?:[Dd]e|[Dd]eze|[Dd]ie)\s+(?:buurman|buurvrouw|bewoner|bewoonster|cliënt|client|cliënte|patiënt|patiënte|"
         rf"vrijwilliger|vrijwilligster|chauffeur|dame|heer|jongen|meisje|weduwe|weduwnaar|kinderen|kleinkinderen|"
         rf"jongens|meiden|meisjes|tweeling|ouders)|"
         rf"(?:[Mm]ijn|[Zz]ijn|[Hh]aar|[Oo]nze|[Uu]w|[Jj]e|[Hh]un)\s+(?:(?:oudste|jongste|middelste|eigen|lieve|oudere|"
         rf"jongere|kleine|grote|tweede|eerste)\s+)?[a-zà-ÿ]+|"
         rf"(?!(?:Met|Van|Voor|Na|Bij|Op|In|Uit|Dat|Dit|Die|Er|Hier|Daar|Wat|Waar|Hoe|Het|De)\b){_NAME})")

_POSS = r"(?:mijn|m['’]n|zijn|z['’]n|haar|d['’]r|ons|onze|hun|je|jouw|uw)"  # "m'n", "z'n", "ons moeder"

_ADV = (r"(?i:(?:er|d['’]r|respectievelijk|al|pas|bijna|net|ruim|nog|maar|nu|nou|allebei|beiden|alle\s+twee|inmiddels|alweer|ook|zelf|toen|intussen|ondertussen|dan|wel|"
        r"toch|echt|dus|precies|zowat|amper|nauwelijks|(?:op\s+)?(?:[12]?\d|3[01])\s+(?:januari|februari|maart|april|mei|"
        r"juni|juli|augustus|september|oktober|november|december)|"
        r"eigenlijk|sinds\s+kort|(?:vorige|vurrige|veurige|volgende|deze|afgelopen)\s+(?:week|maand|wèk|weke)|(?:vorig|volgend|dit|afgelopen)\s+j(?:aa|ao|oa)r|"
        r"gisteren|eergisteren|vandaag|morgen|overmorgen|binnenkort|straks|geworden|in\s+(?:19|20)\d\d|"
        r"(?:een|twee|drie|vier|vijf|zes|\d)\s+(?:dagen|weken|week|maanden|maand)\s+geleden|"
        r"(?:dit|vorig|volgend|afgelopen)\s+(?:voorjaar|najaar)|(?:deze|vorige|volgende|afgelopen)\s+(?:zomer|winter|lente|herfst)|"
        r"(?:op\s+|afgelopen\s+|komende\s+)?(?:maan|dins|woens|donder|vrij|zater|zon)dag|in\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|"
        r"oktober|november|december))\s+){0,4}")

_AGE_END = (r"(?=\s*(?:[.,](?!\d)|[;:!?)…\"”\]]|$|\s+(?:-|–)|\+(?![\d+])|\s+\((?![\d)])|\s+(?i:plus)\b|\s(?i:en|maar|geworden|hoor|hè|he|nu|inmiddels|alweer|dus|toen|"
            r"geloof|denk|jong|oud|op|in|dit|deze|volgende|volgend|vorig|vorige|geweest|ofzo|zo|al|ook|ja|nee|"
            r"die|dat|wel|sinds|met|heeft|had|is|was|woont|woonde|zit|zat|zegt|zei|en|of\s+zo|"
            r"of\s+zoiets|of(?=\s+(?:\d|[a-zë]*(?:tien|tig)\b))|ongeveer|dan|nog|pas|geworden|gewore|geworre|gewörre|gewörde|gewudde|"
            r"overleden|gestorven|jarig)\b))")

# after "Joop van 88" also a verb: "rijdt", "komt", "speelt" (units are excluded by _NOT_AGE)
_AGE_END_VAN = _AGE_END[:-2] + r"|\s(?!(?:niet|met|het|dat|wat|tot|net|echt|best|licht)\b)[a-zà-ÿ]{2,}t\b))"

# "ik ben 20 jaar in dienst", "hij was 2 jaar op de wachtlijst": a time, not an age
_NOT_DURATION = r"(?!(?<=jaar)\s+(?i:in|op|met|bij|aan|onder|voor|lid|samen|hier|daar|weg|bezig|werkzaam|actief)\b)"

# "Kees (76)", "kees (76)"; not "en (4) ..." (_NOT_BEFORE_PAREN)
# "Kees (76 jr)", "R12 (71)", "Respondent 4 (66)"
_PAREN_AGE_RE = re.compile(r"\((\d{1,3})(?:\s*(?:jaar|jr\.?))?!?\)")  # "de 'oude mens' (82!)"  # the bracket first: the scan jumps to "("

_PAREN_BEFORE_RE = re.compile(r"(?<![\w.])([^\W\d_]{2,}|[A-Z]{1,2}\d{1,3}|(?<=(?:ouw|eer|mw\.|hr\.|vr\.) )[A-Z](?=\.)|(?i:respondent|deelnemer|deelneemster|"
                              r"participant|cliënt|client|geïnterviewde|interviewee)\s+\d{1,3})\.?['’\"”]?\s*$")  # "Dhr. (79)"

_TEN_UP = _trie_pattern([w for w, n in _NUMBER_WORDS.items() if n >= 10])  # number words from "tien" up
_PAREN_ROLE_AGE_RE = re.compile(r"(?<=[^\W\d_]) \((\d{1,3})(?:\s*jaar)?,[ \t]*[a-zà-ÿ][^()\n]{0,30}\)")  # "Marja (53, dochter)"
_PAREN_WORD_AGE_RE = re.compile(rf"(?<=[^\W\d_]) \(((?i:{_TEN_UP}))(?:\s+jaar)?\)")  # "Pronk (drieënzeventig)"

_AGE_PATTERNS = [
    # "84 jaar oud", "84-jarige", "op 84-jarige leeftijd", "vijfenzestigjarige"
    # "90 jaar jong", "ze telt 83 lentes"
    re.compile(rf"\b((?i:{_NUM2}(?:\s+jaar\s+(?:oud|jong)|\s*-?\s*jarige?n?|\s+lentes)))\b"),
    # "ik ben 84", "die is negenenzeventig", "ze werd 90 jaar", "Mees is zelf ook al 49", "ik word 45 op"
    # (the lookahead, implied by the rest, lets the long subject alternation run before a verb only: speed)
    re.compile(rf"\b(?=['’]?[\w'’-]+\.?(?:\s+(?:oudste|jongste|middelste|eigen|lieve|oudere|jongere|kleine|grote|tweede|"
               rf"eerste))?(?:\s+[\w'’-]+)?\s+"
               rf"(?i:ben|bent|bin|is|was|werd|word|wordt|worden|werden|waren|zijn|waor|woar|wor|weur)[\s,.…])"
               rf"{_SUBJ}\s+(?i:ben|bent|bin|is|was|werd|word|wordt|worden|werden|waren|zijn|waor|woar|wor|weur)(?:\s+|,\s*(?i:eh|ehm|uh|uhm|euh)\s*,?\s+|\s*(?:\.{{2,3}}|…)\s*){_ADV}"
               rf"((?i:{_NUM2}(?:\s+(?:j(?:aa|ao|oa)r|jaren)(?:\s+oud)?|\s?jr\.?)?)){_AGE_END}{_NOT_DURATION}", re.MULTILINE),
    # "op de leeftijd van 80", "leeftijd: 80"
    re.compile(rf"\b(?i:leeftijd(?:\s+van|(?:\s+[^\W\d_]+)?\s*(?::|[ \t]*(?:\.{{3,}}|…+)[ \t.…]*:?))?|lft\.?:?)"
               rf"[ \t.…]*((?i:{_NUM2}(?:\s*[-–]\s*\d{{1,3}})?(?:\s+jaar)?))\b"),
    # "een man van 67", "mevrouw van 92 jaar", "Joop van 88", "mijn moeder van 88" (lookahead: as above)
    re.compile(rf"\b(?=[^\W\d_]+\s+(?i:van)\s)(?i:man|vrouw|meneer|mevrouw|heer|dame|jongen|meisje|kind|zoon|"
               rf"dochter|moeder|vader|"
               rf"weduwe|weduwnaar|cliënt|client|mens|mensje|iemand|oudje|opa|oma|broer|zus|buurman|"
               rf"buurvrouw|buurjongen|buurmeisje|kleinzoon|kleindochter|schoonmoeder|schoonvader|zwager|"
               rf"schoonzus|tiener|puber|knul|baby|vent|kerel|meid|echtpaar|stel|partner|vriend|vriendin|"
               rf"neef|nicht|tante|oom|zoontje|dochtertje|broertje|zusje|tweeling)\s+van\s+"
               rf"((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?))\b{_NOT_AGE}{_AGE_END}"),
    re.compile(rf"(?<![\w.]){_NAME}\s+van\s+((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?))\b{_NOT_AGE}{_AGE_END_VAN}"),
    # "mijn zus van 16 helpt ook": after one's family word any word may follow, but no count or amount
    re.compile(rf"\b(?i:{_POSS})\s+(?i:zoon|dochter|moeder|vader|opa|oma|broer|zus|kleinzoon|kleindochter|zoontje|dochtertje|"
               rf"broertje|zusje|jongen|meisje|kind|kindje|baby|neef|nicht|neefje|nichtje|kleinkind)\s+van\s+"
               rf"((?i:{_NUM2}))\b{_NOT_AGE}(?!\s+(?i:kinderen|kleinkinderen|jongens|meiden|meisjes|stuks|straten|"
               rf"huizen|deuren|dingen|jaren|hoog)\b)(?![.,]\d|-|/)"),
    # "toen ik twaalf was", "tot hij 70 was"
    re.compile(rf"\b(?i:toen|tot|totdat|sinds|vanaf|als|voordat|nadat|omdat|nu|dat|zodra|wanneer|hoewel|terwijl)\s+"
               rf"(?:(?i:ik|hij|zij|ze|je|jij|we|wij|u|ie|"  # "toen Cor vijf was": also a name
               rf"{_POSS}\s+\w+)|{_NAME})\s+{_ADV}((?i:{_NUM2}(?:\s+jaar)?))\s+(?i:was|werd|werden|waren|ben|is|word|wordt)\b"),
    # "mijn vader, die 84 is, ..."
    re.compile(rf"\b(?i:die)\s+{_ADV}((?i:{_NUM2}))(?:\s+(?i:jaar)(?:\s+(?i:oud))?)?\s+(?i:is|was|wordt|werd)(?=\s*[,.;!?]|\s+(?i:en|maar|geworden)\b)"),
    # "toen was ik 34", "nu ben ik 70 en ..."
    # "morgen wordt oma 89", "dan is mijn vader 80"
    re.compile(rf"\b(?i:ben|bin|is|was|werd|word|wordt)\s+(?i:ik|ich|hij|zij|ze|je|jij|u|ie|oma|opa|moeder|vader|"
               rf"(?:mijn|m['’]n|zijn|z['’]n|haar|onze|ons)\s+(?:man|vrouw|moeder|vader|zoon|dochter|broer|zus|oma|opa|"
               rf"buurman|buurvrouw|schoonmoeder|schoonvader|partner|vriend|vriendin|kleinzoon|kleindochter|tante|oom|"
               rf"jongste|oudste|kind|zoontje|dochtertje|moeke|pa|ma|pap|mam))\s+{_ADV}"
               rf"((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?)){_AGE_END}"),
    # "Vijftien was ik, toen ...", "Negentien is ze nu.", "84 jaar is ze", "en 83 is ze ook"
    re.compile(r"\b(?:^|(?<=[.!?:,]\s)|(?<=[\"“‘(])|(?<=\b[Ee]n\s)|(?<=\b(?:[Dd]us|[Nn]ou)\s)|(?<=\b[Mm]aar\s))"
               r"(?:(?i:nu|al|pas|bijna|ruim|nog\s+maar)\s+)?"
               rf"((?i:[1-9]\d|{_TEN_UP})(?:\s+jaar(?:\s+oud)?)?)\s+"
               r"(?i:was|ben|is|werd|word|wordt)\s+(?i:ik|hij|zij|ze|je|u)(?=\s*(?:[.,!?;]|$)|\s+(?i:geworden|nu|toen|pas|"
               r"al|net|inmiddels|alweer|ook|intussen|ondertussen|dus|wel|toch|echt|hoor|zelf|nog|geloof|denk)\b)",
               re.MULTILINE),
    # header "(weduwe, 84 jaar)" / "(buurvrouw, 67)" (not "(moyenne 5,77)"); with "jaar", "jr" or "+" also
    # first in brackets: "Respondent 7 (45 jaar, Hengelo)", "(man, 80+, Tubbergen)"; after a comma see _COLUMN_AGE_RE
    re.compile(r"(?:\([^()\n]{1,60}?(?:(?<!\d),|,(?=[ \t]))\s*(?=\d{1,3}(?:\s+jaar|\+)?\s*[),])"
               r"|\((?=\d{1,3}(?:[ \t]*(?:jaar|jr\.?)|\+)[ \t]*[,)]))(\d{1,3}(?:[ \t]*(?:jaar|jr\.?)|\+)?)"),
]

# "Gerrit is zelf 82 geworden", "ze was vorige week 90 jaar geworden": "geworden" after a number is an age
_BECAME_RE = re.compile(rf"(?:\b(?i:is|was|ben|werd|wordt|word|zijn|waren)\s+{_ADV}|(?<=,)\s+)((?i:{_NUM2}))(?:\s+jaar)?\s+"
                        r"(?i:geworden|gewore|geworre|gewudde|gewörre|gewörde)(?!\w)")

# "twee kinderen van 14 en 16", "onze jongens van negen en elf"
_CHILDREN_AGE_RE = re.compile(rf"\b(?i:kinderen|kids|zoons|zonen|dochters|jongens|meiden|meisjes|kleinkinderen|"
                              rf"tweeling),?\s+(?i:van)\s+((?i:{_NUM2}))(?=\s*(?:,|en)\s)")

# "Kacper, mijn oudste, is vijftien": a name, an apposition between commas, then its age
_NAME_APPOS_AGE_RE = re.compile(rf"(?<![\w'’-])({_NAME}),[ \t]+(?:(?i:mijn|zijn|haar|onze|de|het)[ \t]+)[a-zà-ÿ]+(?:[ \t]+[a-zà-ÿ]+)?,"
                                rf"[ \t]+(?i:is|was|wordt|werd)[ \t]+{_ADV}((?i:{_NUM2})(?:[ \t]+jaar)?){_NOT_AGE}{_AGE_END}")

# "op 3 december is Kofi 12 geworden": a name, then its age
_NAME_BECAME_RE = re.compile(rf"(?<![\w'’-])({_NAME})\s+((?i:{_NUM2}))(?:\s+jaar)?\s+(?i:geworden|gewore|geworre|gewudde|gewörre|gewörde)(?!\w)")

# "(volgens haar dochter net 81)", "(inmiddels 67 jaar)", "Joke (zelf 69, oud-verpleegkundige)": an age in a
# bracket after "net", "pas", "zelf" ...
_BRACKET_AGE_RE = re.compile(r"\((?:[^()\n]{0,60}?\b)?(?i:net|pas|inmiddels|nu|sinds\s+kort|zelf)\s+(\d{2,3})(?:\s+jaar)?"
                             r"(?=\)|,\s+[a-zà-ÿ])")

# a note's apposition after a name: "mevrouw Hofsteenge, 88, woont alleen" (a name, not a word: "Zorg, 12,")
_APPOSITION_AGE_RE = re.compile(
    rf"(?<![\w.])({_NAME}|(?<=(?i:en) )(?i:ik)|(?i:de)\s+(?i:jongste|oudste|middelste)|(?i:mijn|zijn|haar|onze|hun|uw|je)\s+(?i:vader|moeder|man|vrouw|zoon|dochter|broer|zus|"
    rf"oma|opa|buurman|buurvrouw|schoonmoeder|schoonvader|partner|vriend|vriendin|tante|oom|neef|nicht|"
    rf"echtgenoot|echtgenote|cliënt|client|kleinzoon|kleindochter)),\s(?:(?i:inmiddels|nu|al|pas|bijna|ruim|zelf)\s)?"
    rf"((?:\d{{1,3}}|(?i:{_TEN_UP}))(?:\s+jaar)?)(?:,\s(?=[a-zà-ÿ])|[.;](?=\s|$)|[ \t]*(?=\n|$))")  # "Daan Visser, vijftien."

_NAME_BEFORE_RE = re.compile(r"(?:[A-Z][^\W\d_]+|\b(?i:mevrouw|meneer|mw\.|mevr\.|dhr\.))[ \t]$")  # "mevrouw Doornbos, 74"
_PLACE_PREP_RE = re.compile(r"\b(?i:in|te|uit|vanuit|naar|bij|op)[ \t]+$")

_PARENT_OF_RE = re.compile(r"(?i:\b(?:moeder|vader|ouder|oma|opa|grootmoeder|grootvader)s?\s+van\s+)$")


def _children(text: str, start: int, end: int) -> bool:
    """"moeder van twee", "opa van vijf": a parent of a few children, not an age (ages of parents are higher)."""
    first = text[start:end].split()[0].casefold()
    n = int(first) if first.isdigit() else _NUMBER_WORDS.get(first, 99)
    return n <= 12 and _PARENT_OF_RE.search(text, max(0, start - 30), start) is not None

# a survey or table column: "| 58 jr |", "Zuzia, 7 jaar, zit", "80 jaar, weduwe", "(63, Deventer)",
# "vrouw, 58, Enschede"
_COLUMN_AGE_RE = re.compile(
    rf"(?:(?:^|[|;\t(]|,)[ \t]*((?i:{_NUM2}))[ \t]*(?i:jaar|jr\.?)(?=[ \t]*(?:[|;\t),]|\.(?!\w)|$))"
    r"|\((\d{1,3}),[ \t]*(?=[A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)*\))"
    r"|\b(?i:man|vrouw|m|v|jongen|meisje|weduwe|weduwnaar)[ \t]*[,|;/–—][ \t]*(\d{1,3})(?:[ \t]*(?i:jaar|jr\.?))?"
    r"(?=[ \t]*(?:[|;\t),/–—]|$))"
    r"|(?:^|[|;:\t(,–—])[ \t]*(\d{1,3})(?:[ \t]*(?i:jaar|jr\.?))?[ \t]*[,/][ \t]*(?=(?i:man|vrouw|m|v|weduwe|weduwnaar|gehuwd|"
    r"getrouwd|ongehuwd|alleenstaand|alleenstaande|gescheiden|samenwonend)\b))", re.MULTILINE)

# the word before ", 13 jaar," (past a bracket: "Amra Hodžić (lln.nr. 208817), 13 jaar"); after a preposition
# ("in Wolphaartsdijk, dertig jaar") a place or an employer, so a duration
_COMMA_BEFORE_RE = re.compile(r"(?:(?P<prep>\b(?i:in|bij|op|te|naar|uit|aan|vanuit)[ \t]+(?:(?:de|het|'t)[ \t]+)?)?"
                              r"(?P<w>\w+))(?:[ \t]*\([^()\n]{0,60}?(?P<b>\w+)\W*\))?[^\w(]*$")
_PERSON_WORDS = frozenset("man vrouw meneer mevrouw zoon dochter moeder vader broer zus broertje zusje zoontje "
                          "dochtertje opa oma kind jongen meisje cliënt client respondent deelnemer weduwe weduwnaar partner "
                          "buurman buurvrouw kleinzoon kleindochter neef nicht oudste jongste m v heer dame mantelzorger mantelzorgster "
                          "leerling bewoner bewoonster huurder huurster jongere".split())

# "en (4) ...": a list number
_NOT_BEFORE_PAREN = frozenset("en of de het een in op zie nr punt stap fase vraag".split())

_NOT_PERSON = frozenset("ja nee nou tja eh ehm uh oh ach o ok oké goh jawel zeker misschien dus maar en toen nu zo "
                        "daarna daarvoor eerst totaal samen".split())

# "met negentien ging ik het huis uit": an age with a verb of a life event after it
_WITH_AGE_RE = re.compile(rf"(?i:\bmet\s+)(?:((?i:{_NUM2}))(?:\s+jaar)?(?=,?\s+(?i:ging|kwam|trouwde|kreeg|moest|"
                          r"mocht|werd|was|begon|stopte|verhuisde|vertrok|leerde|raakte|zat|woonde|had)\b)"
                          # "met haar 92 jaar is ze nog scherp" (not "met zijn 20 jaar ervaring")
                          rf"|(?i:{_POSS}\s+)((?i:{_NUM2})\s+(?i:jaar|jaren))(?=,|\s+(?i:is|was|ben|ging|kwam|"
                          r"trouwde|kreeg|moest|mocht|werd|begon|stopte|verhuisde|vertrok|leerde|zat|woonde|had|nog|al|"
                          r"rijdt|fietst|loopt|doet|werkt|woont|zit|staat|zorgt|speelt|leeft|kookt|zwemt|danst|wandelt)\b))")

# "geboren in 1941, dus 83": an age worked out from a birth date or year
_SO_AGE_RE = re.compile(rf"\b(?i:dus|nu|inmiddels)\s+{_ADV}((?i:{_NUM2})(?:\s+jaar(?:\s+oud)?)?){_NOT_AGE}{_AGE_END}")

_BIRTH_CUE_RE = re.compile(r"(?i:geboren|geboortedatum|geb\.|geboortejaar|jarig|leeftijd|hoe\s+oud|"
                           r"\b(?:ik|hij|zij|ze|u|je)\s+(?:ben|is|was|bent)\s+van\s+(?:(?:19|20)\d\d|['’]\d\d))")

# "een moeder van drie", "alleenstaande vader van twee": a number of children, not an age
_CHILD_COUNT_RE = re.compile(r"(?i:\b(?:(?:een|alleenstaande|jonge)\s+(?:moeder|vader|ouder)|(?:elk|elke|ieder|iedere|geen|"
                             r"alle)\s+(?:andere?\s+)?\w+)\s+van\s+)$")  # "elk ander kind van zestien": anyone

# the answer to "hoe oud ben je?": a number opening the next turn ("34. Ik werk ...", "R: 71 jaar")
# (also without a question mark: "Mag ik vragen hoe oud u bent.")
_AGE_QUESTION_RE = re.compile(r"(?i:hoe\s+oud|wat\s+is\s+(?:uw|je|jouw)\s+leeftijd|uw\s+leeftijd|je\s+leeftijd)"
                              r"(?:[^\n?]*\?|[^\n?.]*\.[ \t]*(?=\n))")

# a guess in the question itself: "hoe oud was hij toen? 9?"
_AGE_GUESS_RE = re.compile(rf"[ \t]*((?i:{_NUM2}))(?=[ \t]*\?|[ \t]*,[ \t]*(?i:ja|jaar|toch|denk|geloof)\b"
                           r"|(?:[ \t]+(?i:jaar))?[ \t]*[.!]?[ \t]*(?:\n|$))")  # "Hoe oud is uw man? Drieënzeventig."

# the next line, after a speaker label, also one of a chat export ("[10-01-24 19:33:50] Anja: ",
# "10-01-24 19:33 - Anja: ")
_CHAT_PREFIX = r"(?:\[[^\]\n]{1,30}\][ \t]*|\d[\d/.-]{5,9},?[ \t]+\d{1,2}:\d\d(?::\d\d)?[ \t]*-[ \t]*)"

_AGE_ANSWER_RE = re.compile(rf"(?:^|\n)[ \t\n]*(?:{_CHAT_PREFIX}?[^\n:]{{1,40}}:[ \t]*|[^\n]*\]\s*\n)?(?:(?i:ik\s+ben|ik\s+word|"
                            rf"(?:dat|die|ze|hij|zij)\s+(?:is|wordt)|(?:ja|nee|nou|eh|ehm|uh|uhm|hm|tja|oh)[,.…]*)\s+){{0,3}}"
                            rf"((?i:{_NUM2}(?:\s+jaar)?))(?=\s*(?:[.,!?]|\n|$|\s(?i:jaar|en|maar|inmiddels|nu|al|hoor)\b))")

# "met 63 met pensioen", "met zijn 65 stoppen"
_RETIRE_RE = re.compile(r"(?i:\bmet\s+(?:mijn|haar|zijn|hun)?\s*)(\d{2})(?=\s+(?i:met\s+pensioen|gestopt|stoppen|"
                        r"de\s+vut|de\s+aow)\b)")
_ORDINAL = (r"(?:\d{1,3}(?:e|ste|de)|(?i:[a-zë]*(?:tiende|tigste))|"  # not "eerste", "derde": no ages
            # "op haar twaalfde ging ze ...", "sinds mijn zesde" (not "op mijn vijfde poging")
            r"(?i:vijfde|zesde|zevende|achtste|negende|elfde|twaalfde)(?=\s*[,.;!?)]|\s+(?i:ging|kwam|was|werd|had|"
            r"moest|mocht|al|toen|is|ben|heb|begon|stopte|trouwde|verhuisde|kreeg|leerde|zat|woonde|jaar|"
            r"voor\s+(?:mijn|haar|zijn|m['’]n|z['’]n|hun|onze|ons|de)|naar\s+Nederland)\b))")
# "op haar 17e", "op zijn zestiende"; "haar 80ste verjaardag", "zijn vijftigste"
_MY_AGE_RE = re.compile(rf"(?:(?i:\b(?:op|sinds|vanaf|na|voor|tot|rond|tegen|bij|met)\s+{_POSS}\s+)({_ORDINAL})(?![\w-])"
                        rf"|(?i:\b(?:{_POSS}|de)\s+)({_ORDINAL})(?=\s+(?i:verjaardag|levensjaar|gevierd|vieren|verjaardagsfeest)\b)"
                        # "in zijn vijfenzestigste met pensioen" (not "in zijn 3e jaar", "in haar tweede huwelijk")
                        rf"|(?i:\bin\s+{_POSS}\s+)({_ORDINAL})(?![\w-])(?!\s+(?i:jaar|week|maand|klas|groep|huwelijk|seizoen)\b))")

# "ze viert haar 90ste", "we vierden zijn tachtigste" (not a jubilee)
_PARTY_AGE_RE = re.compile(rf"(?i:\bvier(?:t|de|den|en)\s+(?:(?:ze|hij|we|wij|ik|u|jij|je)\s+)?{_POSS}\s+)({_ORDINAL})(?![\w-])"
                           r"(?!\s+(?i:jubileum|huwelijksjubileum|trouwdag|huwelijksdag|verjaardag\s+als|bestaan|editie|keer)\b)")


# more ways to say an age: "ze zou volgende maand 91 worden", "ze is de 90 gepasseerd", "mijn vader - 84 - wil",
# "De vrijwilliger, Henk, is 71 en ...", "Jongste dochter: 16 jaar" (a label naming a person)
_WILL_BE_RE = re.compile(rf"\b(?i:zou|zal|gaat|moet|wil|hoopt|mag)\b[^.!?\n]{{0,30}}?\b((?i:{_NUM2}))(?:\s+jaar)?\s+(?i:worden)\b")
_PASSED_RE = re.compile(rf"\b(?i:de)\s+((?i:{_NUM2}))\s+{_ADV}(?i:gehaald|gepasseerd|aangetikt|voorbij|gehad)\b")
_DASH_AGE_RE = re.compile(rf"(?:\b(?i:{_POSS})\s+[a-zà-ÿ]+|{_NAME})[ \t]+[-–—][ \t]+(\d{{1,3}})[ \t]+[-–—][ \t]")
_COMMA_IS_RE = re.compile(rf"(?<![\w'’-]){_NAME},[ \t]+(?i:is|was|wordt|werd)[ \t]+{_ADV}((?i:{_NUM2})(?:[ \t]+jaar)?)"
                          rf"{_NOT_AGE}{_AGE_END}{_NOT_DURATION}")
# "Leeftijden kinderen: 9, 12 en 15"
_AGES_LIST_RE = re.compile(r"\b(?i:leeftijden)(?:[ \t]+[^\W\d_]+)?[ \t]*:[ \t]*((?:\d{1,3}(?:,[ \t]*|[ \t]+(?:en|&)[ \t]+))+\d{1,3})\b")
# "twee kinderen (8 en 11)", "de kleinkinderen (4, 7 en 12)"
_CHILDREN_PAREN_RE = re.compile(r"\b(?i:kinderen|kids|zonen|zoons|dochters|kleinkinderen|jongens|meiden|meisjes|tweeling|pubers|tieners|"
                                r"broertjes|zusjes)[ \t]+\(((?:\d{1,2}(?:,[ \t]*|[ \t]+(?:en|&)[ \t]+))+\d{1,2})\)")
# learner's Dutch and English: "mijn moeder heeft 80 jaar", "ik heb 45 jaar en ...", "she is 80", "I'm 45 years old"
_HAS_YEARS_RE = re.compile(rf"\b(?i:heb|heeft|hebben|had)\s+(?:(?i:nu|al|ook|bijna)\s+)?((?i:{_NUM2}))\s+(?i:jaar|jaren)"
                           r"(?:\s+(?i:oud))?(?=\s*(?:[.,;!?)]|$)|\s+(?i:en|maar|nu|hoor|ja)\b)", re.MULTILINE)
_THING_BEFORE_RE = re.compile(r"\b(?i:het|dat|dit|er|wat|die|alles|niets|niks|'t)\s+$")
_ENGLISH_AGE_RE = re.compile(r"\b(?:I\s+am|I['’]m|(?i:he|she)\s+is|(?i:he|she)['’]s|(?i:my|his|her)\s+[a-z]+\s+is)\s+"
                             r"(\d{1,3})(?:\s+years?(?:\s+old)?)?(?=\s*[.,;!?)]|\s+(?:and|but|now)\b|$)")
_LABEL_AGE_RE = re.compile(r"^[ \t]*(?:[-*•][ \t]*)?([^\W\d_][^\n:]{0,38}):[ \t]*(\d{1,3})[ \t]*(?:(?i:jaar|jr\.?))?[ \t]*$",
                           re.MULTILINE)


def _more_phrasings(text: str, add: _Add) -> None:
    for rx in (_WILL_BE_RE, _PASSED_RE, _DASH_AGE_RE, _COMMA_IS_RE, _HAS_YEARS_RE, _ENGLISH_AGE_RE):
        for m in rx.finditer(text):
            if rx is _HAS_YEARS_RE and _THING_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "het heeft 2 jaar geduurd", "dat heeft 30 jaar": a time
            if _number(m.group(1).split()[0]) >= (40 if rx is _PASSED_RE else 12 if rx is _DASH_AGE_RE else 1):
                add(8, m.start(1), m.end(1), "LEEFTIJD")
    for m in (*_CHILDREN_PAREN_RE.finditer(text), *_AGES_LIST_RE.finditer(text)):
        for d in re.finditer(r"\d+", m.group(1)):
            add(8, m.start(1) + d.start(), m.start(1) + d.end(), "LEEFTIJD")
    for m in _LABEL_AGE_RE.finditer(text):
        if m.group(1).split()[-1].casefold() in _PERSON_WORDS and _number(m.group(2)) <= 110:
            add(8, m.start(2), m.end(2), "LEEFTIJD")


# "de kinderen zijn 6 en 9": the second age of a pair (not "84 en een half", "6 en 9 maanden")
_AGE_MORE_RE = re.compile(rf"(?:\s*,\s*|\s+(?i:en|of)\s+)((?i:{_NUM2}))(?:\s+jaar)?(?![\w,.]\d){_NOT_AGE}{_AGE_END}")

# "Vader is 79 en moeder 76", "Ik ben 63, mijn man 67", "De oudste is 12, de jongste 9": a second person's age
# with the verb left out
_AGE_GAP_RE = re.compile(rf"(?:\s*[,;]\s*(?:(?i:en)\s+)?|\s+(?i:en)\s+)(?:ik|hij|zij|ze|(?i:de|die|{_POSS})\s+[a-zà-ÿ]+|"
                         rf"[Mm]oeder|[Vv]ader|[Oo]ma|[Oo]pa|[Mm]ama|[Pp]apa|[Mm]am|[Pp]ap|[Mm]a|[Pp]a|(?!(?:Met|Van|Voor|Na|Bij|Op|In|Dat|Dit|Het|De|En)\b){_NAME})"
                         rf"\s+(?:(?i:is|was|wordt|werd|al|pas|bijna|ruim)\s+)?((?i:{_NUM2})(?:\s+jaar)?){_NOT_AGE}{_AGE_END}")


# "ik ben achtenveertig, eh, nee, negenenveertig": a corrected age
_AGE_FIX_RE = re.compile(rf"\s*,?\s*(?:(?i:eh|ehm|uh|uhm)\s*,?\s*)?(?i:nee|sorry|of\s+nee|nee\s+wacht),?\s+"
                         rf"((?i:{_NUM2}))(?:\s+jaar)?{_NOT_AGE}{_AGE_END}")


def _more_ages(text: str, end: int, add: _Add) -> None:
    """The ages after an age: "6, 9 en 11", "79 en moeder 76", "48, eh, nee, 49"."""
    for _ in range(6):
        more = _AGE_MORE_RE.match(text, end) or _AGE_GAP_RE.match(text, end) or _AGE_FIX_RE.match(text, end)
        if not more:
            return
        add(8, more.start(1), more.end(1), "LEEFTIJD")
        end = more.end(1)


# "... dat hij weduwnaar is en 91 is": the second predicate of a clause with a person as its subject
_AND_AGE_RE = re.compile(rf"\b(?i:en)\s+(?:(?i:nu|inmiddels|al|pas|bijna)\s+)?((?i:{_NUM2})(?:\s+jaar(?:\s+oud)?)?)\s+(?i:is|was|wordt|werd|ben|bent)"
                         rf"(?=\s*[.,;!?)…\"”]|\s+(?i:en|maar|dus|toen|of|geworden)\b)")

_CLAUSE_PERSON_RE = re.compile(r"\b(?i:dat|omdat|toen|als|nu|hoewel|terwijl|aangezien|zodat|sinds)\s+"
                               r"(?i:ik|hij|zij|ze|u|je|jij|ie|hae|(?:mijn|zijn|haar|onze|hun)\s+\w+|(?:de|die|deze)\s+(?:man|vrouw|meneer|"
                               r"mevrouw|heer|dame|cliënt|client|patiënt|patient|bewoner|buurman|buurvrouw))\s[^.!?\n]*$")

# a sentence or quote that opens with an age and a state of life: "Tweeënnegentig en nog altijd zelf koken",
# "Zesenzeventig en alleenstaand"; not "Drie en nog eens drie", "Twintig en alleen maar vrouwen"
_FRAGMENT_AGE_RE = re.compile(
    rf"(?:^[ \t]*|\b(?:(?<=[.!?:]\s)|(?<=[\"“‘(])))((?i:[1-9]\d{{1,2}}|{_TEN_UP}))(?:\s+jaar)?(?:,\s*|\s+)(?:(?i:en)\s+)?"
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
    low = text.casefold()
    cue = any(c in low for c in ("geb", "jarig", "leeftijd", "hoe oud", " van 19", " van 20", " van '", " van ’"))
    for m in (_SO_AGE_RE.finditer(text) if cue else ()):
        if _BIRTH_CUE_RE.search(text, max(0, m.start() - 200), m.start()):
            add(8, m.start(1), m.end(1), "LEEFTIJD")
    for m in _FRAGMENT_AGE_RE.finditer(text):
        if 13 <= _number(m.group(1)) <= 110:
            add(8, m.start(1), m.end(1), "LEEFTIJD")


# the unit after an age stays in the text: "[LEEFTIJD-1] jaar oud" (the number alone identifies)
_UNIT_AFTER_RE = re.compile(r"(?:\s+(?:j(?:aa|ao|oa)r|jaren)(?:\s+(?:oud|jong))?|\s*jr\.?|\s+lentes)$", re.IGNORECASE)


# a note: "Dhr. 79 jr", "Mevrouw, 84jr", "cliënt: man, 66 jr" (the number first: the scan jumps from digit to digit)
_NOTE_AGE_RE = re.compile(r"\d{1,3}[ \t]?(?i:jaar|jr\.?)(?![\w])(?![ \t]+(?i:geleden|getrouwd|samen|lang|in|op|met|bij|aan|"
                          r"bezig|thuis|weg|ziek|onder)\b)")

_NOTE_BEFORE_RE = re.compile(r"(?:\b(?i:mw|mevr|dhr|hr|mevrouw|meneer|cliënt|client|cliënte|patiënt|patient|bewoner|"
                             r"bewoonster)\.?,?|\b(?i:man|vrouw|m|v),)[ \t]+$")

# "geb. 1940 (84)", "geboren 03-02-1951 (73 jaar)"
_BORN_PAREN_RE = re.compile(r"\b(?i:geb\.?|geboren|geboortedatum:?)[ \t]*(?:in[ \t]+)?\d[\d./-]{3,9}[ \t]*"
                            r"\((\d{1,3}(?:[ \t]*(?i:jaar|jr\.?))?)\)")


def _note_ages(text: str, add: _Add) -> None:
    """Ages in a care note after a title or "man,", and after a birth date in brackets."""
    for m in _NOTE_AGE_RE.finditer(text):
        if (m.start() == 0 or not text[m.start() - 1].isalnum()) and \
                _NOTE_BEFORE_RE.search(text, max(0, m.start() - 16), m.start()):
            add(8, m.start(), m.end(), "LEEFTIJD")
    for m in (_BORN_PAREN_RE.finditer(text) if "geb" in text.casefold() else ()):
        add(8, m.start(1), m.end(1), "LEEFTIJD")


def _recording(text: str, add: _Add, said: dict[str, int]) -> _Add:
    """`add` for the number of an age, keeping the ages in words it was given (and where the first ends)."""
    def add_age(priority: float, start: int, end: int, kind: str) -> None:
        unit = _UNIT_AFTER_RE.search(text, start, end)
        if unit and unit.start() > start:
            end = unit.start()
        add(priority, start, end, kind)
        if text[start:end].isalpha() and _number(text[start:end]) >= 13:
            said.setdefault(text[start:end].casefold(), end)
    return add_age


def _echoed_ages(text: str, said: dict[str, int], add: _Add) -> None:
    """An age in words said again on its own right after it: "Ze is zesentachtig. Zesentachtig! En ...", the
    interviewer repeating it (not "Vierentwintig." answering how many hours, pages later)."""
    for word, end in list(said.items()):
        if word not in text[end:end + 200].casefold():
            continue
        echo = re.compile(rf"(?:^|(?<=[.!?…:]\s)|(?<=[\"“‘(]))[ \t]*({re.escape(word)})(?=\s*[.!?,…\"”)]|\s+(?i:ja|jaar)\b)",
                          re.IGNORECASE | re.MULTILINE)
        # only the 200 characters after the first mention are read (lookbehinds still see before them)
        for m in echo.finditer(text[:end + 200], end):
            add(8, m.start(1), m.end(1), "LEEFTIJD")


def age_candidates(text: str, add: _Add) -> None:
    """Ages (priority 8): "ik ben 84", "Mees is zelf ook al 49", "een man van 67", "Kees (76)", "op haar
    17e", the number answering "hoe oud ben je?"; not "een moeder van drie" (children)."""
    said: dict[str, int] = {}
    add = _recording(text, add, said)
    for pat in _AGE_PATTERNS:
        for m in pat.finditer(text):
            g = pat.groups  # the age is the last group
            if not _CHILD_COUNT_RE.search(text, max(0, m.start(g) - 40), m.start(g)) \
                    and not _children(text, m.start(g), m.end(g)):
                add(8, m.start(g), m.end(g), "LEEFTIJD")
                _more_ages(text, m.end(g), add)
    for m in _PAREN_AGE_RE.finditer(text):
        before = _PAREN_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())
        if before and before.group(1).casefold() not in _NOT_BEFORE_PAREN:
            add(8, m.start(1), m.end(1), "LEEFTIJD")
    for m in _CHILDREN_AGE_RE.finditer(text):
        add(8, m.start(1), m.end(1), "LEEFTIJD")
        _more_ages(text, m.end(1), add)
    for m in _NAME_APPOS_AGE_RE.finditer(text):
        add(8, m.start(2), m.end(2), "LEEFTIJD")
    for m in _NAME_BECAME_RE.finditer(text):
        if not _is_initial(text, m.start()) and (not _is_word(m.group(1)) or m.group(1).casefold() in _FIRST_NAMES):
            add(8, m.start(2), m.end(2), "LEEFTIJD")
    for m in (*_PAREN_WORD_AGE_RE.finditer(text), *_PAREN_ROLE_AGE_RE.finditer(text)):  # after a name, a person word
        before = re.search(r"(\w+)$", text[max(0, m.start() - 30):m.start()])
        if before and (before.group(1)[:1].isupper() or before.group(1).casefold() in _PERSON_WORDS):
            add(8, m.start(1), m.end(1), "LEEFTIJD")
    for m in (*_BECAME_RE.finditer(text), *_BRACKET_AGE_RE.finditer(text)):
        add(8, m.start(1), m.end(1), "LEEFTIJD")
    for m in _APPOSITION_AGE_RE.finditer(text):
        if m.group(1) in _PLACES and m.group(1).casefold() not in _FIRST_NAMES and _PLACE_PREP_RE.search(
                text, max(0, m.start() - 10), m.start()):
            continue  # "koster in Wolphaartsdijk, dertig jaar, ...": a time at a place
        if " " in m.group(1) or not _is_word(m.group(1)) or m.group(1).casefold() in _FIRST_NAMES | _PERSON_WORDS | {"ik"} \
                or _NAME_BEFORE_RE.search(text, max(0, m.start() - 30), m.start()):  # "Gerrit Jan Blom, 69,"
            add(8, m.start(2), m.end(2), "LEEFTIJD")
    for q in _AGE_QUESTION_RE.finditer(text):
        eol = text.find("\n", q.end())
        for a in (_AGE_GUESS_RE.match(text, q.end()), _AGE_ANSWER_RE.match(text, eol) if eol >= 0 else None):
            if a:
                add(8, a.start(1), a.end(1), "LEEFTIJD")
    for m in _COLUMN_AGE_RE.finditer(text):
        g = next(i for i in (1, 2, 3, 4) if m.group(i))
        before = _COMMA_BEFORE_RE.search(text, max(0, m.start() - 90), m.start() + 1) if m.group()[:1] == "," else None
        if before and not any(w and w.casefold() not in _NOT_PERSON and (w[:1].isupper() or w.casefold() in _PERSON_WORDS)
                              and not (before.group("prep") and w in _PLACES and w.casefold() not in _FIRST_NAMES)
                              for w in (before.group("w"), before.group("b"))):
            continue  # "buschauffeur geweest, veertig jaar", "op school in Goes, dertig jaar": a duration
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
    for m in (_PARTY_AGE_RE.finditer(text) if "vier" in text else ()):
        add(8, m.start(1), m.end(1), "LEEFTIJD")
    _bare_ages(text, add)
    _more_phrasings(text, add)
    _note_ages(text, add)
    _echoed_ages(text, said, add)
