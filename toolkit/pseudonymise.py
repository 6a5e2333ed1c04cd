"""Pseudonymise Dutch transcripts before anything is stored: rules and word lists, no network, no model.

What is detected and replaced by a numbered placeholder (the same original form gets the same
placeholder across every document of a project, also across runs when the mapping file is reused):

- ``[PERSOON-n]``: names after a form of address or a relation word ("mevrouw Jansen", "dhr. Bakker",
  "tante Riet", "mijn zoon Peter", "hij heet Mehmet"); only the name is replaced, the title stays
  ("mevrouw [PERSOON-1]"). Initials with a surname ("J. de Boer") and bare initials ("A.B.");
  speaker labels that are names ("Greet:" at the start of a line); first names from a built-in list;
  capitalised words inside a sentence that are not Dutch words (simplemma's lexicon) and not in the
  keep lists. A surname seen with a title or first name ("mevrouw Jansen") maps later bare uses
  ("Jansen") to the same placeholder.
- ``[PLAATS-n]``: capitalised names after "in", "uit", "naar", "te", "vanuit", "richting",
  "gemeente", "dorp", ...; unknown capitalised words with a typical Dutch place-name ending (-wijk,
  -horst, -kerk, -dam, ...); the place after a postcode. Places below country level (provinces
  included); countries, continents, nationalities and languages are kept.
- ``[ADRES-n]``: street names (-straat, -weg, -laan, -plein, -singel, -gracht, -kade, -dreef, -hof, ...)
  with or without a house number; ``[POSTCODE-n]``: "1234 AB".
- ``[TELEFOON-n]``: 06-12345678, 020 1234567, +31 6 12345678, (010) 123 45 67; ``[EMAIL-n]``.
- ``[DATUM-n]``: full dates (14-01-1941, 3 maart 1941) and birth dates/years after "geboren"/"jarig".
- ``[LEEFTIJD-n]``: ages in context: "84 jaar oud", "ik ben 84", "een man van 67", "84-jarige",
  "toen ik 12 was", "(weduwe, 84 jaar)". Durations ("al dertig jaar", "zes jaar geleden") and
  approximate ages ("een jaar of zestig", "in de tachtig") are deliberately kept: they are not exact
  identifiers and the analysis needs them.
- ``[BSN-n]``: 8/9-digit numbers that pass the elfproef; ``[NUMMER-n]``: IBANs and other numbers of
  seven or more digits (client, policy, file numbers).
- ``[INSTELLING-n]``: institutions named after a type word ("Zorggroep Noord", "Stichting Welzijn
  Zandhorst", "huisartsenpraktijk De Linde", "verpleeghuis Het Anker") and unknown capitalised words
  with an organisation ending (-zorg, -groep). National organisations and schemes used as concepts
  (Wmo, CAK, PGB, ZRM, GGZ, UWV, Buurtzorg, Zonnebloem, "de gemeente" as a word, ...) are kept.

Kept untouched: existing anonymisation markers in square brackets ("[naam]", "[plaats]", "[lacht]")
and placeholders written by this module, so a second run changes nothing; days, months, holidays.

Not detected (known gaps): names that are ordinary Dutch words and appear without a title or relation
word ("Roos", "Bakker" at the start of a sentence), lower-case names, misspelled or phonetically
transcribed names, nicknames, written-out dates ("drie maart negentienveertig"), house numbers
written as words, descriptive identifiers ("de enige Surinaamse bakker in het dorp", "de
burgemeester"), rare jobs or diseases, and any indirect identification from combined facts.

This is a safeguard, not a guarantee: read the output before sharing it. The mapping file (placeholder
-> original forms) re-identifies everyone: store it apart from the pseudonymised texts, outside the
project folder, where only the researcher can reach it. It is never written into the output.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from . import pseudonymise_data as _data
from ._io import atomic_write
from .errors import InputError, StoreError

__all__ = [
    "KINDS",
    "Entity",
    "Replacement",
    "Pseudonymiser",
    "PseudonymiseSummary",
    "elfproef",
    "remap_span",
    "remap",
    "remap_codings",
    "pseudonymise_files",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

KINDS = ("PERSOON", "PLAATS", "ADRES", "POSTCODE", "TELEFOON", "EMAIL", "DATUM", "LEEFTIJD", "BSN",
         "NUMMER", "INSTELLING")
"""Placeholder kinds, as they appear in ``[KIND-n]``."""

_NAME_KINDS = frozenset({"PERSOON", "PLAATS", "INSTELLING", "ADRES"})
MAPPING_VERSION = 1


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


# --------------------------------------------------------------------------- word lists

def _words(s: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in s.split())


_MONTHS = ("januari februari maart april mei juni juli augustus september oktober november december "
           "feb mrt apr jun jul aug sep sept okt nov dec")  # not "jan": a first name
_DAYS = "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag"
_HOLIDAYS = ("kerst kerstmis kerstfeest kerstavond pasen paasmaandag pinksteren hemelvaart hemelvaartsdag "
             "sinterklaas sint sinterklaasavond oudjaar oudejaarsavond nieuwjaar nieuwjaarsdag koningsdag "
             "koninginnedag bevrijdingsdag dodenherdenking ramadan suikerfeest offerfeest carnaval "
             "moederdag vaderdag allerzielen allerheiligen divali holi chanoeka pesach goede vrijdag")
_COUNTRIES = (
    "nederland holland belgië belgie duitsland frankrijk engeland schotland ierland wales spanje portugal "
    "italië italie griekenland turkije marokko tunesië algerije egypte suriname curaçao curacao aruba "
    "bonaire antillen indonesië indonesie polen roemenië bulgarije hongarije tsjechië slowakije oostenrijk "
    "zwitserland denemarken zweden noorwegen finland ijsland rusland oekraïne oekraine wit-rusland "
    "syrië syrie irak iran afghanistan pakistan india china japan korea vietnam thailand filipijnen "
    "somalië somalie eritrea ethiopië ethiopie soedan nigeria ghana kaapverdië kenia congo zuid-afrika "
    "amerika verenigde staten vs usa canada mexico brazilië brazilie argentinië chili colombia australië "
    "australie nieuw-zeeland israël israel libanon jordanië saoedi-arabië koeweit bosnië servië kroatië "
    "joegoslavië albanië kosovo macedonië cyprus malta luxemburg europa azië azie afrika oceanië "
    "zuid-amerika noord-amerika midden-oosten scandinavië caraïben caribisch koerdistan palestina "
    "vlaanderen wallonië brabant")
_NATIONALITIES = (
    "nederlands hollands vlaams belgisch duits frans engels brits iers schots spaans portugees italiaans "
    "grieks turks marokkaans tunesisch egyptisch surinaams antilliaans arubaans indonesisch indisch "
    "moluks pools roemeens bulgaars hongaars tsjechisch oostenrijks zwitsers deens zweeds noors fins "
    "russisch oekraïens syrisch iraaks iraans afghaans pakistaans indiaas hindoestaans chinees japans "
    "koreaans vietnamees thais filipijns somalisch eritrees ethiopisch ghanees nigeriaans kaapverdisch "
    "amerikaans canadees mexicaans braziliaans australisch israëlisch libanees koerdisch arabisch "
    "berbers europees afrikaans aziatisch joods islamitisch christelijk katholiek rooms-katholiek "
    "protestants hervormd gereformeerd moslim")
_PEOPLE = ("nederlander nederlanders turk turken marokkaan marokkanen surinamer surinamers antilliaan "
           "antillianen duitser duitsers belg belgen pool polen fransman fransen engelsman engelsen "
           "syriër syriërs somaliër somaliërs eritreeër eritreeërs indonesiër amerikaan amerikanen "
           "hindoestaan hindoestanen molukker molukkers europeaan europeanen afrikaan afrikanen "
           "aziaat chinezen koerd koerden arabier arabieren oekraïner oekraïners rus russen latijn latijns "
           "latijnse grieken italianen spanjaarden portugezen afghanen irakezen iraniërs eritreeërs ghanezen "
           "vietnamezen vlamingen brabanders limburgers friezen groningers zeeuwen hollanders amsterdammers "
           "rotterdammers utrechters hagenezen")
_CONCEPTS = (
    "wmo wlz zvw jeugdwet participatiewet cak pgb zrm ggz ciz uwv svb aow anw wia wajong ww bijstand "
    "digid mijnoverheid voedselbank zonnebloem mee mezzo valys "
    "regiotaxi alzheimer zilveren kruis menzis cz vgz achmea onvz dsw ov ov-chipkaart "
    "whatsapp facebook google "
    "youtube netflix zoom teams skype marktplaats instagram tiktok iphone ipad corona covid covid-19 "
    "god jezus christus allah here heer bijbel koran pinkstergemeente "
    "gemeente wijkteam sociaal team wmo-loket thuiszorg mantelzorg ggd rivm "
    "rode leger heils kruis ouderenbond kbo pcob anbo vvd pvda cda d66 sp gl groenlinks bbb pvv "
    "ik u jij je hij zij ze wij we jullie zij mijn uw "
    "interview interviewer interviewster respondent respondente geïnterviewde transcript cliënt client "
    "mantelzorger spreker deelnemer onderzoeker moderator gespreksleider vraag antwoord noot einde "
    "haha hahaha hihi hm hmm hm-hm ehm eh uh uhm tja nou jawel joh hè pff pfff pfoe mwah oei ai au jee jeetje "
    "tjonge jemig jezus alhamdulillah inshallah insjallah mashallah masjallah wallah bismillah salaam "
    "valentijnsdag dhr mevr mw dr ds drs ir mr prof ing "
    "ok oké okay hallo hoi dag doei mevrouw meneer dokter tante oom opa oma "
    "tv radio internet email e-mail mail sms welzijn wsnp bbz ioaw awbz wsw poh spv wtcg "
    "excel word powerpoint outlook lego playmobil mercedes opel skoda volvo dacia toyota ford volkswagen "
    "renault peugeot fiat kia "
    "staatsbosbeheer natuurmonumenten zorgkaart parkinson korsakov alzheimer huntington crohn down "
    "asperger tourette tarifit papiaments berbers arabisch engels bluey nijntje")
_ROLE_LABELS = _words(
    "i r int interviewer interviewster respondent respondente resp geïnterviewde onderzoeker "
    "onderzoekster gespreksleider gespreksleidster moderator spreker deelnemer cliënt client "
    "mantelzorger consulent vraag antwoord v a q man vrouw echtgenoot echtgenote dochter zoon moeder "
    "vader partner buurvrouw buurman noot notitie opmerking datum locatie plaats tijd duur interview "
    "transcript nb let op beide allen iedereen samen observatie achtergrond"
    " thema kader context aanwezig aanwezigen doel toelichting samenvatting")

_FIRST_NAMES = _words(
    # Dutch, older generations and younger
    "jan piet kees klaas henk gerrit hendrik willem wim joop johan johannes cor kor dirk gert gerard "
    "harry hans jaap ton toon ad ed fred frits rob rien rinus teun bert berend bram bas daan koen "
    "thijs sander niels jeroen martijn mark marco erik eric peter paul pieter ruud rené rene sjaak "
    "jos joost jeroen gijs lars sem finn luuk milan levi noah lucas jesse ruben stefan tim tom "
    "maarten michiel arie aart evert hein herman huub jacob jacques leo louis marcel martin nico "
    "theo wouter wiebe sietse sjoerd tjeerd jelle douwe anne geert albert bernard frans guus "
    "riet greet truus mien toos bep annie ans corrie cora dien dina dini els gerda geertje hennie "
    "henny hetty ina jannie jantje jo joke klazien lies lien marie mieke miep nel nellie rie ria "
    "sjaan tineke tiny trees wilma willy yvonne anja anneke annemarie astrid carla caroline "
    "ellen esther hanneke heleen ilse ingrid inge irene janneke jolanda karin linda marieke "
    "marian marianne marjan marjolein monique nicole petra renate sandra saskia sonja wendy "
    "emma julia sophie tess lisa lotte sanne fleur eva anouk femke iris kim laura lieke loes "
    "maaike manon mirjam nienke roos sara sarah sanne vera merel noor floor isa fenna jet "
    "gerarda hendrika johanna wilhelmina cornelia adriana maria catharina elisabeth grietje "
    "aafke aaltje baukje froukje "
    # Turkish, Moroccan, Surinamese and other frequent names in Dutch social-domain work
    "mehmet mustafa ahmet ali hasan huseyin hüseyin ibrahim ismail osman yusuf emre murat kemal "
    "fatma ayse ayşe emine hatice zeynep elif meryem hülya sevgi "
    "mohammed mohamed mohammad ahmed abdel abdelkader hamid hassan karim khalid mustapha rachid "
    "said youssef yassin omar bilal fatima khadija naima samira malika latifa nadia amina "
    "soufiane zakaria ilias imane hanan sanae "
    "priya sunita radj rajesh anil shanti kavita "
    "winston ricardo errol glenn roy ramon denise jennifer "
    "dmitri olga natalia anna piotr katarzyna agnieszka tomasz "
    "abdi hodan faisal amir reza ziba ")
_FIRST_NAMES = _FIRST_NAMES | _data.lines("first_names.txt", fold=True)
_PARTICLES = ("van der", "van den", "van de", "van 't", "van het", "in 't", "in het", "op de", "op den",
              "uit de", "uit den", "van", "de", "der", "den", "ter", "ten", "te", "'t", "el", "al")
_PARTICLE_WORDS = _words("van de der den ter ten te 't het in op uit el al")

_KEPT_REGIONS = _words("nederland holland europa azië azie afrika amerika oceanië zuid-amerika noord-amerika "
                        "midden-oosten scandinavië caraïben caribisch vs usa")
_COUNTRY_SET = _words(_COUNTRIES) - _KEPT_REGIONS
_COUNTRY_RE = re.compile(r"(?<![\w'’-])(?:" + "|".join(
    re.escape(c[:1].upper() + c[1:]) for c in sorted(_COUNTRY_SET, key=len, reverse=True)) + r")(?![\w'’-])")
_KEEP = (_words(_MONTHS) | _words(_DAYS) | _words(_HOLIDAYS) | _KEPT_REGIONS
         | _words(_NATIONALITIES) | frozenset(w + "e" for w in _words(_NATIONALITIES))
         | frozenset(w[:-3] + "ese" for w in _words(_NATIONALITIES) if w.endswith("ees"))
         | _words(_PEOPLE) | _words(_CONCEPTS) | _ROLE_LABELS)

_UNITS = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
_TEENS = ["tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien",
          "negentien"]
_TENS = ["twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"]


def _number_words() -> dict[str, int]:
    out: dict[str, int] = {}
    for i, w in enumerate(_UNITS, 1):
        out[w] = i
    out["één"] = 1
    for i, w in enumerate(_TEENS, 10):
        out[w] = i
    for t, tw in enumerate(_TENS, 2):
        out[tw] = t * 10
        for u, uw in enumerate(_UNITS, 1):
            out[f"{uw}{'ën' if uw.endswith('e') else 'en'}{tw}"] = t * 10 + u
            out[f"{uw}en{tw}"] = t * 10 + u
    out["honderd"] = 100
    for u, uw in enumerate(_UNITS + _TEENS[:1], 1):
        out[f"honderd{uw}"] = 100 + u
    return out


_NUMBER_WORDS = _number_words()
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_NUM2 = r"(?!een\b|één\b)" + _NUM  # without "een": "van een ..." is an article, not an age
_NOT_AGE = (r"(?!\s+(?:geleden|kilo|kg|gram|cm|centimeter|meter|km|kilometer|euro|procent|minuten|uur|dagen|"
            r"weken|maanden|keer|man|mensen|personen|jaar\s+of|of|en\s+een|tot)\b)(?!\s+" + _NUM + r"\b)")

# --------------------------------------------------------------------------- patterns

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĘĚĞİŁŃŇŐŒŘŚŞŠŢŤŮŰŸŹŻŽ"
_NAME = rf"(?:[{_UP}][^\W\d_]+(?:['’][^\W\d_]+)?(?:-[{_UP}][^\W\d_]+)*)"
_INITIALS = rf"(?:(?:[{_UP}]\.\s?){{1,4}})"
_PART = r"(?:[Vv]an der|[Vv]an den|[Vv]an de|[Vv]an 't|[Ii]n 't|[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|'t|[Ee]l)"
_PERSON = (rf"(?:{_INITIALS}\s?(?:{_PART}\s)?{_NAME}"
           rf"|(?:{_PART}\s)?{_NAME}(?:\s{_NAME})?(?:\s{_PART}\s{_NAME})?)")
_TITLES = (r"mevrouw|mevr\.|mw\.|meneer|mijnheer|menheer|m'neer|dhr\.|de heer|heer|dokter|dr\.|zuster|"
           r"broeder|pastoor|pater|dominee|ds\.|juf|juffrouw|meester|tante|oom|ome|opa|oma|opoe|"
           r"neef|nicht|buurman|buurvrouw|collega|wethouder|burgemeester|huisarts|zoon|dochter|"
           r"kleinzoon|kleindochter|schoonzoon|schoondochter|man|vrouw|broer|broertje|zus|zusje|"
           r"zwager|schoonzus|schoonmoeder|schoonvader|vader|moeder|echtgenoot|echtgenote|partner|"
           r"vriend|vriendin|vriendje|kind|hulp|thuishulp|begeleider|begeleidster|casemanager|"
           r"consulent|consulente|verpleegkundige|verzorgende|maatje|vrijwilliger|vrijwilligster|"
           r"kleinkind|kleinzoon|stiefzoon|stiefdochter|buurjongen|buurmeisje|coördinator|coordinator|tolk|"
           r"mentor|therapeut|psycholoog|wijkverpleegkundige|wijkagent|ouderenadviseur|schuldhulpverlener|"
           r"zoontje|dochtertje|kleinzoon|achterkleinzoon|ex|heet|heette|heten|genaamd|noemde|noemen|"
           r"naam\s+is|noemt\s+(?:haar|hem)|noemen\s+(?:haar|hem)|noem\s+me|noemde\s+(?:haar|hem)|"
           r"ik\s+ben|dit\s+is|dat\s+is|hier\s+is|met")
_TITLE_RE = re.compile(rf"(?<![\w.])(?i:{_TITLES}),?\s+({_PERSON})")
_INITIALS_RE = re.compile(rf"(?<![\w.])(?:{_INITIALS}\s?(?:{_PART}\s)?{_NAME}|[{_UP}]\.(?:[{_UP}]\.)+)")
_SPEAKER_RE = re.compile(rf"^[ \t]*(?:\[\d{{1,2}}:\d{{2}}(?::\d{{2}})?\][ \t]*)?({_NAME}(?: {_NAME})?)[ \t]*:",
                         re.MULTILINE)
_MARKER_RE = re.compile(r"\[[^\[\]\n]{1,60}\]")
_PLACEHOLDER_RE = re.compile(r"\[(" + "|".join(KINDS) + r")-\d+\]")
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d){10}\b|\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[\s-]?(?:\(0\)[\s-]?)?[1-9](?:[\s-]?\d){8}"
    r"|\(0\d{1,3}\)[\s-]?\d(?:[\s-]?\d){5,7}"
    r"|0[1-9](?:[\s-]?\d){8}"
    r"|0[89]00[\s-]?\d{4}(?:\d{3})?)(?![\w])")
_MONTH_ALT = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan\.?|feb\.?|mrt\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|okt\.?|nov\.?|dec\.?)"
_WEEKDAY = r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo)\.?,?\s+)"
_DATE_RE = re.compile(
    rf"(?<![\w-])(?:{_WEEKDAY}?(?:[0-2]?\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:1[89]|20)?\d\d"
    rf"|{_WEEKDAY}?(?:[0-2]?\d|3[01])(?:e|ste|de)?\s+{_MONTH_ALT}(?:\s+(?:1[89]|20)\d\d)?"
    rf"|(?:(?:begin|half|eind|medio)\s+)?{_MONTH_ALT}\s+(?:1[89]|20)\d\d)(?![\w-])",
    re.IGNORECASE)
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
_POSTCODE_RE = re.compile(r"\b[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}\b")
_POSTCODE_PLACE_RE = re.compile(rf"\b[1-9]\d{{3}}[ ]?[A-Z]{{2}}[ ,]+((?:'s-)?{_NAME}(?:[ -]{_NAME})?)")
_LONGNUM_RE = re.compile(r"(?<![\w.,/-])\d(?:[ .-]?\d){6,}(?![\w]|[.,-]\d)")
_STREET_SUFFIX = (r"straat|straatje|weg|laan|laantje|plein|singel|gracht|kade|dreef|hof|steeg|pad|dijk|"
                  r"markt|plantsoen|baan|wal|ring|park|erf|veld|hoek|boulevard|allee|lei|oord|burcht|"
                  r"haven|dam|akker|wetering|vaart|zoom|stede|hoven|rode|straatweg|dwarsstraat")
_STREET_RE = re.compile(
    rf"(?<![\w-])((?:(?:{_NAME}|[Vv]an|de|der|den|'t|\d{{1,2}}e)\s){{0,3}}"
    rf"[{_UP}][^\W\d_]*(?:{_STREET_SUFFIX}))(?:\s(\d{{1,4}}(?:\s?[a-zA-Z](?![\w])|-\d{{1,3}}|\s?bis)?))?(?![\w-])")
_STRONG_STREET = re.compile(r"(?:straat|straatje|weg|laan|laantje|plein|singel|gracht|kade|dreef|steeg|dijk|"
                            r"straatweg|boulevard|allee)$")
_STREET_CONTEXT_RE = re.compile(r"(?i:\b(?:in|op|aan|bij|naar|over|langs|via|uit|van)\s+de\s+)$")
_STREET_STRIP = _words("in op aan naar uit bij nou ja nee en dan die dat van over via langs het de der den 't "
                       "ik we wij hij zij ze je mijn onze tot vanaf")
_SUBJ = (r"(?:[Ii]k|[Hh]ij|[Zz]ij|[Zz]e|[Dd]ie|[Uu]|[Jj]e|[Jj]ij|[Ww]e|[Ww]ij|[Mm]eneer|[Mm]evrouw|[Mm]an|[Vv]rouw|"
         rf"[Mm]oeder|[Vv]ader|[Zz]oon|[Dd]ochter|[Oo]ma|[Oo]pa|[Bb]roer|[Zz]us|"
         rf"(?:[Mm]ijn|[Zz]ijn|[Hh]aar|[Oo]nze|[Uu]w|[Jj]e|[Hh]un)\s+[a-zà-ÿ]+|"
         rf"(?!(?:Met|Van|Voor|Na|Bij|Op|In|Uit|Dat|Dit|Die|Er|Hier|Daar|Wat|Waar|Hoe|Het|De)\b){_NAME})")
_ADV = (r"(?i:(?:al|pas|bijna|net|ruim|nog|maar|nu|inmiddels|alweer|ook|zelf|toen|intussen|dan|wel|"
        r"eigenlijk|sinds\s+kort|vorige\s+maand|gisteren|binnenkort|straks|volgende\s+maand|dit\s+jaar|"
        r"volgend\s+jaar|geworden)\s+){0,4}")
_AGE_END = (r"(?=\s*(?:[.,;:!?)…\"”\]]|$|\s+(?:-|–)|\s(?i:en|maar|geworden|hoor|hè|he|nu|inmiddels|alweer|dus|toen|"
            r"geloof|denk|jong|oud|op|in|dit|deze|volgende|volgend|vorig|vorige|geweest|ofzo|zo|al|ook|ja|nee|"
            r"die|dat|wel|sinds|met|heeft|had|is|was|woont|woonde|zit|zat|zegt|zei|en|of\s+zo|"
            r"of\s+zoiets|ongeveer|dan|nog|pas|geworden|overleden|gestorven|jarig)\b))")
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
    re.compile(rf"(?<![\w.]){_NAME}\s+van\s+((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?))\b{_NOT_AGE}{_AGE_END}"),
    # "toen ik twaalf was", "tot hij 70 was"
    re.compile(rf"\b(?i:toen|tot|totdat|sinds|vanaf|als|voordat|nadat|sinds)\s+(?i:ik|hij|zij|ze|je|jij|we|wij|"
               rf"mijn\s+\w+)\s+((?i:{_NUM2}(?:\s+jaar)?))\s+(?i:was|werd|werden|waren|ben|is|word|wordt)\b"),
    # header "(weduwe, 84 jaar)" / "(buurvrouw, 67)"; "Kees (76)", "kees (76)"
    re.compile(r"\([^()\n]{1,60}?,\s*(\d{1,3}(?:\s+jaar)?)\s*[),]"),
    re.compile(r"(?<![\w.])[^\W\d_]{2,}\s*\((\d{1,3})(?:\s+jaar)?\)"),
    # "leeftijd 80", "80 jaar, weduwe", "(80 jr)"
    re.compile(r"\b(\d{1,3}\s+(?:jaar|jr\.?))(?=\s*[,)]\s*(?:[a-z]|$))", re.MULTILINE),
]
# "een moeder van drie", "alleenstaande vader van twee": a number of children, not an age
_CHILD_COUNT_RE = re.compile(r"(?i:\b(?:een|alleenstaande|jonge)\s+(?:moeder|vader|ouder)\s+van\s+)$")
# the answer to "hoe oud ben je?": a number opening the next turn ("34. Ik werk ...", "R: 71 jaar")
_AGE_QUESTION_RE = re.compile(r"(?i:hoe\s+oud|wat\s+is\s+(?:uw|je|jouw)\s+leeftijd|uw\s+leeftijd|je\s+leeftijd)[^\n]*\?")
_AGE_ANSWER_RE = re.compile(rf"(?:^|\n)(?:[^\n:]{{1,40}}:[ \t]*|[^\n]*\]\s*\n)?(?:(?i:ik\s+ben|ik\s+word|"
                            rf"(?:ja|nou|eh|ehm|uh),?)\s+)?((?i:{_NUM2}(?:\s+jaar)?))(?=\s*(?:[.,!?]|\n|$|\s(?i:jaar|en|maar)\b))")
_PLACE_TRIGGER_RE = re.compile(
    rf"(?<![\w-])(?i:in|uit|naar|te|vanuit|richting|nabij|omgeving|gemeente|regio|dorp|stad|stadje|"
    rf"wijk|buurt|woonplaats|wonend\s+te|geboren\s+in)\s+"
    rf"((?:'s-|'t\s|[Dd]e\s|[Dd]en\s|[Hh]et\s|[Ss]int[- ]|[Ss]t\.\s?)?{_NAME}"
    rf"(?:(?:\s|-)(?:aan\s+den|aan\s+de|aan\s+het|op\s+de|op|bij|in|onder|over|binnen|buiten|van|a/d)(?:\s|-){_NAME})?"
    rf"(?:\s{_NAME})?)")
_INST_TYPES = (r"zorggroep|stichting|thuiszorg|thuiszorgorganisatie|woonzorgcentrum|verpleeghuis|zorgcentrum|"
               r"verzorgingshuis|huisartsenpraktijk|huisartsenpost|gezondheidscentrum|apotheek|ziekenhuis|"
               r"kliniek|woningcorporatie|woonstichting|corporatie|basisschool|school|scholengemeenschap|"
               r"college|vereniging|buurthuis|wijkcentrum|dagbesteding|dagcentrum|kerk|parochie|moskee|"
               r"zorgboerderij|zorginstelling|instelling|praktijk|fysiotherapiepraktijk|fysiotherapie|"
               r"tandartspraktijk|kinderopvang|revalidatiecentrum|hospice|welzijnsorganisatie|welzijn|"
               r"woongroep|wooncomplex|seniorenflat|flat|bejaardenhuis|bejaardentehuis|zorgorganisatie|"
               r"zorgaanbieder|ggz-instelling|centrum|bibliotheek|sportvereniging|voetbalvereniging|"
               r"koor|fanfare|supermarkt|bedrijf|fabriek|kantoor|buurtteam|wijkteam|sociaal\s+team")
_INST_RE = re.compile(
    rf"(?<![\w-])((?i:{_INST_TYPES})(?:\s+(?i:de|het|'t))?\s+"
    rf"{_NAME}(?:\s(?:(?:voor|van|aan|en|op|in|de|het|'t)\s)?{_NAME}){{0,3}})")
_PLACE_SUFFIXES = ("bos", "park", "buurt", "polder", "veld", "dorp", "dam", "wijk", "kerk", "horst", "hoven", "veen", "broek", "meer", "koog", "burg",
                   "stad", "zijl", "rade", "hout", "loo", "ingen", "haven", "drecht", "woude", "wolde",
                   "berg", "bergen", "beek", "sum", "werd", "ward", "dijk", "zand", "hem", "kamp", "lo",
                   "mond", "sluis", "schans", "oord", "voort", "vliet", "wierum", "hoek", "heide",
                   "rijp", "ven", "weerd", "zande")
_INST_SUFFIXES = ("zorg", "groep", "stichting", "huis", "centrum", "stede", "heem", "borg", "state",
                  "school", "college", "kliniek", "praktijk")
_PARTICLE_NAME_RE = re.compile(rf"(?<![\w'’-])(?:Van der|Van den|Van de|Van 't|Van|De|Den|Ter|Ten)\s({_NAME})")
_WORD_RE = re.compile(rf"(?<![\w'’-])({_NAME})")
_LOWER_WORD_RE = re.compile(r"(?<![\w'’-])([a-zà-öø-ÿ][^\W\d_]+)(?![\w-])")
_TRAILER_RE = re.compile(rf"[ \t]+(?:(?:{_PART})[ \t]+)?{_NAME}")
_LOWER_TRAILER_RE = re.compile(r"[ \t]+(?:(?:van der|van den|van de|van|de|ter|ten)[ \t]+)?[a-zà-öø-ÿ][^\W\d_]{2,}(?![\w-])")
_DOUBLE_RE = re.compile(rf"-(?:(?:{_PART})[ \t]+)?{_NAME}")


@lru_cache(maxsize=100_000)
def _is_word(token: str) -> bool:
    """True if `token` (any case) is a Dutch word in simplemma's lexicon or a keep-list word."""
    low = token.casefold().replace("’", "'")
    if low in _KEEP:
        return True
    parts = [p for p in re.split(r"[-']", low) if p]
    if not parts:
        return True
    try:
        import simplemma
    except ImportError:  # pragma: no cover - simplemma is a dependency
        return False
    extra = _data.gz_lines("extra_words.txt.gz")
    if all(p in _KEEP or p in extra or simplemma.is_known(p, lang="nl") for p in parts):
        return True
    # long compounds of two known words ("mantelzorgprijs", "staatsbosbeheer"); short ones are often
    # surnames or places ("Veldkamp", "Lindemeer") and stay unknown
    if len(parts) == 1 and len(low) >= 11:
        for i in range(4, len(low) - 3):
            head, tail = low[:i], low[i:]
            if (simplemma.is_known(tail, lang="nl") or tail in extra) and (
                    simplemma.is_known(head, lang="nl") or head in extra
                    or (head.endswith(("s", "e")) and simplemma.is_known(head[:-1], lang="nl"))):
                return True
    return False


_KEEP_PARTS = (_words(_COUNTRIES) | _words(_CONCEPTS) | _words(_MONTHS) | _words(_HOLIDAYS)) - _words(
    "gemeente thuiszorg mantelzorg rode heer here sint ik u jij je hij zij ze wij we jullie mijn uw dag "
    "mevrouw meneer dokter tante oom opa oma")


def _is_kept(surface: str) -> bool:
    """Whether a capitalised word or name is on a keep list (country, month, concept, role label)."""
    low = " ".join(surface.casefold().replace("’", "'").split())
    if low in _KEEP:
        return True
    parts = [p for p in re.split(r"[-\s]", low) if p]
    if parts and parts[0] in _KEEP and parts[0] not in _PARTICLE_WORDS:
        return True
    return any(len(p) > 2 and p in _KEEP_PARTS for p in parts)


def _is_initial(text: str, pos: int) -> bool:
    """Whether `pos` starts a sentence, a line, a quote or follows a marker."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“”‘’„«»(-–—":
        i -= 1
    return i < 0 or text[i] in ".!?:;…\n]"


def elfproef(digits: str) -> bool:
    """The Dutch 'elfproef' for a BSN (8 or 9 digits; an 8-digit number gets a leading zero)."""
    if not digits.isdigit() or len(digits) not in (8, 9):
        return False
    digits = digits.zfill(9)
    if int(digits) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


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


# --------------------------------------------------------------------------- gazetteer detectors

_Add = Callable[[float, int, int, str], None]
_PROPER = _data.lines("proper_names.txt")
_PLACES = _data.lines("places.txt")
_KEEP_NAMES = _data.lines("keep_names.txt")
_KEEP_NAMES_FOLD = _data.lines("keep_names.txt", fold=True)
_FILE_RE = re.compile(r"(?<![\w.-])[\w-]+(?:[._][\w-]+)*\.(?:m4a|mp3|mp4|wav|wma|ogg|flac|docx?|odt|pdf|txt|"
                      r"rtf|xlsx?|csv|jpe?g|png|heic|mov|avi|zip)\b", re.IGNORECASE)
_CODE_RE = re.compile(r"(?<![\w-])(?:[A-Z]{1,4}[-/]\d{2,}(?:[-/]\d+)+|[A-Z]{1,3}-?\d{4,}|"
                      r"[A-Z]{2}-\d{2,3}-[A-Z]{1,2}|\d{2}-[A-Z]{2,3}-\d{1,2}|[A-Z]{1,2}-\d{3}-[A-Z]{1,2}|"
                      r"\d{1,2}-[A-Z]{3}-\d{1,2}|[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|[A-Z]{2}-[A-Z]{2}-\d{2}|"
                      r"\d{2}-[A-Z]{2}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z])(?![\w-])")
_ROAD_RE = re.compile(r"(?<![\w-])(?:de\s+|over\s+de\s+|via\s+de\s+|op\s+de\s+)([AN]\d{1,3})(?![\w-])")
_HOUSE_NO_RE = re.compile(r"(?<![\w-])(?i:op|aan|huisnummer|nummer|nr\.?)\s+((?i:nummer|nr\.?)\s+)?(\d{1,4}[a-z]?)(?![\w-])")
_INST_WORDS = _words(
    "ziekenhuis gasthuis college lyceum gymnasium school basisschool scholengemeenschap academie hogeschool "
    "universiteit kliniek centrum medisch mc umc kerk gemeente broedergemeente moskee stichting vereniging "
    "zorg zorggroep thuiszorg wonen woningcorporatie voedselbank reclassering apotheek praktijk "
    "huisartsenpraktijk bibliotheek buurthuis wijkcentrum huis hospice revalidatiecentrum parochie "
    "sportvereniging voetbalvereniging bank verzekeringen welzijn groep instituut")
_INST_COMPOUND = ("kerk", "moskee", "ziekenhuis", "gasthuis", "huis", "hof", "heem", "stede", "zorg", "kliniek",
                  "college", "school", "centrum")
_CAP_RUN_RE = re.compile(
    rf"(?<![\w'’-])(?:(?:Het|De|'t|Sint|St\.)\s?-?\s?)?{_NAME}"
    rf"(?:\s(?:(?:van\s+de|van\s+het|van\s+den|van|voor|aan\s+de|op|de|het|en|der)\s)?(?:{_NAME}|[A-Z]{{2,5}}))*"
    rf"|(?<![\w'’-])[A-Z]{{2,5}}(?:\s{_NAME})+")
_ORG_RE = _data.phrase_pattern("organisations.txt")
_KEEP_RE = _data.phrase_pattern("keep_names.txt")
_HYPHEN_INST_RE = re.compile(rf"(?<![\w'’-]){_NAME}-(?:kerk|moskee|ziekenhuis|gasthuis|kliniek|school|college|"
                             rf"centrum|huis|hof|stichting|zorg)(?![\w-])")
_VOCATIVE_RE = re.compile(
    rf"(?:^|[.!?:]\s+|\n)(?i:dank\s+je(?:\s+wel)?|dank\s+u(?:\s+wel)?|dankjewel|bedankt|ja|nee|oké|ok|hoi|hallo|dag|"
    rf"goedemorgen|goedemiddag|goedenavond|welkom|sorry|tja|nou|kijk|hé|he|hè),?\s+({_NAME})(?=\s*[.!?,]\s)",
    re.MULTILINE)
_APPOSITION_RE = re.compile(
    rf"(?<![\w'’-])({_NAME}),\s+(?:(?:de|het)\s+[a-zà-ÿ]+\s+van\s|(?:mijn|onze|zijn|haar|hun)\s+[a-zà-ÿ]+[,.\s]"
    rf"|(?:de|het|mijn|onze|zijn|haar)\s+(?:\w+\s+)?(?:dochter|zoon|vader|moeder|man|vrouw|"
    rf"broer|zus|buurvrouw|buurman|buurjongen|vriend|vriendin|collega|coördinator|coordinator|begeleider|"
    rf"casemanager|tolk|huisarts|kleinzoon|kleindochter|partner|echtgenoot|echtgenote|oudste|jongste)\b)")
_PRESENT_RE = re.compile(r"(?im)^(?:aanwezig(?:en)?|deelnemers|afwezig|met)\s*:\s*([^\n]+)$")
# first names that are everyday words: their lower-case form is the word ("hoop", "roos", "wil")
_NAME_WORDS = _words("roos hoop bloem wil bas ben iris rosa frank rob mark storm fleur jade sterre lente zomer "
                     "hemel erna lies els mei juni april august christian sem guus do bo tim")
_FILE_WORDS = _words("final draft def definitief versie concept copy kopie audio video transcript transcriptie "
                     "notes notities verslag new nieuw old oud clean anon anoniem export scan opname recording "
                     "interview focusgroep gesprek deel part mp3 wav m4a docx txt pdf edit edited")
_DISCOURSE = _words("ja nee nou oké ok goed dus maar en of want toen dan ook daarna kijk zeker precies echt "
                    "inderdaad klopt natuurlijk tja sorry hoor")
_PRONOUNS = _words("je jij u ik we wij ze zij hij het jullie men er dat dit die")


def _extra_patterns(text: str, add: _Add) -> None:
    """File names, dossier and licence-plate codes, road numbers and house numbers."""
    for m in _FILE_RE.finditer(text):
        add(2, m.start(), m.end(), "NUMMER")
    for m in _CODE_RE.finditer(text):
        if re.search(r"\d", m.group()) and not re.fullmatch(r"[A-Z]\d{1,3}", m.group()):
            add(6, m.start(), m.end(), "NUMMER")
    for m in _ROAD_RE.finditer(text):
        add(7, m.start(1), m.end(1), "ADRES")
    for m in _HOUSE_NO_RE.finditer(text):
        word = m.group().split()[0].casefold()
        if word in ("op", "aan") and not m.group(1):
            continue
        add(7, m.start(2), m.end(2), "ADRES")


def _is_inst_compound(tok: str, initial: bool) -> bool:
    low = tok.casefold()
    for suf in _INST_COMPOUND:
        if low.endswith(suf) and len(low) >= len(suf) + 3:
            return not initial or not _is_word(tok) or "-" in tok
    return False


def _organisation_candidates(text: str, add: _Add) -> None:
    """Named organisations: the organisations list, runs of capitalised words holding an institution word
    ("Maasstad Ziekenhuis", "Huis van de Wijk Bospolder", "Gereformeerde Kerk Oud-Beijerland") and
    capitalised compounds with an institution ending ("Diakonessenhuis", "Mevlana-moskee")."""
    org_spans = [(m.start(), m.end()) for m in _ORG_RE.finditer(text)] if _ORG_RE else []
    for start, end in org_spans:
        add(9, start, end, "INSTELLING")
    for m in _HYPHEN_INST_RE.finditer(text):
        add(8.5, m.start(), m.end(), "INSTELLING")
    for m in _CAP_RUN_RE.finditer(text):
        words = m.group().split()
        start, end = m.start(), m.end()
        initial = _is_initial(text, start)
        if words[0] in ("Het", "De", "'t") and (initial or len(words) == 1):
            start += len(words[0]) + 1
            words = words[1:]
            initial = _is_initial(text, start)
        if not words:
            continue
        while len(words) > 1 and (words[0].islower() or (initial and _is_word(words[0])
                                                         and words[0].casefold() not in _INST_WORDS
                                                         and words[1].islower())):
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
            initial = False
        folded = [w.casefold().strip(".") for w in words]
        caps = [w for w in words if w[:1].isupper()]
        has_type = any(f in _INST_WORDS for f in folded)
        starts_org = any(s0 == start for s0, _ in org_spans)
        if len(caps) >= 2 and (has_type or starts_org) and not (
                len(caps) == 2 and initial and all(_is_word(w) for w in caps)):
            if all(_is_kept(w) for w in caps):
                continue
            add(8.5, m.start() if m.group().startswith(("Het ", "De ")) and not _is_initial(text, m.start())
                else start, end, "INSTELLING")
        elif len(words) == 1 and _is_inst_compound(words[0], initial) and words[0] not in _KEEP_NAMES \
                and (not _is_kept(words[0]) or "-" in words[0]):
            s0 = m.start() if m.start() != start and not _is_initial(text, m.start()) else start
            if words[0].casefold().endswith(_PLACE_SUFFIXES) and "-" not in words[0]:
                continue  # "Marskerk", "Ouderkerk": a place as often as a church; the word pass decides
            add(9, s0, end, "INSTELLING")


_PLACE_QUALIFIER_RE = re.compile(r"[- ](?:Noord|Zuid|Oost|West|Centrum|Centraal|Haven|Buiten|Stad|Dorp|"
                                 r"Noordwest|Noordoost|Zuidwest|Zuidoost)(?![\w-])")
_GAZ_WORD_RE = re.compile(r"(?:\s|-)?(?:'s-)?[^\W\d_][\w'’]*")


def _place_candidates(text: str, add: _Add) -> None:
    """Places from the gazetteer (also at a sentence start) and countries."""
    for m in _WORD_RE.finditer(text):
        start = m.start(1)
        if start > 0 and text[start - 1] == "-":
            continue
        best, pos = None, start
        for n in range(4):
            w = _GAZ_WORD_RE.match(text, pos)
            if not w or (n and not w.group().strip(" -")[:1].isupper() and w.group().strip() not in (
                    "aan", "den", "op", "de", "bij", "in", "van", "ter", "ten")):
                break
            pos = w.end()
            cand = text[start:pos]
            if cand in _PLACES:
                best = pos
        if best is None:
            continue
        surface = text[start:best]
        if surface in _KEEP_NAMES or surface.casefold() in _FIRST_NAMES:
            continue
        prev = re.search(r"([^\W\d_]+)[ \t]+(?:(?:van|de|der|den|ter|ten|van der|van den|van de)[ \t]+)?$",
                         text[max(0, start - 40):start])
        if prev and prev.group(1)[:1].isupper() and prev.group(1).casefold() in _FIRST_NAMES:
            continue  # "Hennie Zwanenburg": a surname that is also a place
        q = _PLACE_QUALIFIER_RE.match(text, best)
        if q:
            best = q.end()
        add(9.5, start, best, "PLAATS")


_LOWER_STREET_RE = re.compile(
    r"(?<![\w-])([a-zà-ÿ][a-zà-ÿ'-]{2,}(?:straat|laan|weg|plein|singel|gracht|kade|dreef|dijk|steeg))"
    r"(?:\s(\d{1,4}(?:\s?[a-z](?![\w])|-\d{1,3})?))?(?![\w-])")
_LOWER_TITLE_RE = re.compile(rf"(?<![\w.])(?i:{_TITLES}),?\s+([a-zà-ÿ][\w'’]+(?:-[a-zà-ÿ][\w'’]+)*)(?![\w-])")
_PLACE_PREP_RE = re.compile(r"(?i:\b(?:in|uit|naar|te|vanuit|richting|bij|rond)\s+(?:de\s+)?)$")
_ORG_LOWER = {e.casefold() for e in _data.lines("organisations.txt") if " " in e}
_ORG_LOWER_RE = (re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(e) for e in sorted(_ORG_LOWER, key=len, reverse=True))
                            + r")(?![\w'’-])") if _ORG_LOWER else None)
_MY_AGE_RE = re.compile(r"(?i:\bop\s+(?:mijn|haar|zijn|je|jouw|hun|onze|uw)\s+)"
                        r"((?:\d{1,3}(?:e|ste|de)|(?i:[a-zë]+(?:tiende|tigste|ste|de))))(?![\w-])")


def _lower_candidates(text: str, add: _Add) -> None:
    """Identifiers written in lower case, as some transcribers do: places ("in leiden"), streets
    ("op de kooilaan"), neighbourhoods ("in de merenwijk"), names after a title or relation word
    ("tante gerdien", "ik ben anne-marie de jong") and multi-word organisations ("albert heijn")."""
    for m in _LOWER_WORD_RE.finditer(text):
        tok = m.group(1)
        title = tok[:1].upper() + tok[1:]
        before = _PLACE_PREP_RE.search(text, max(0, m.start() - 20), m.start())
        after_prep = before and not before.group().casefold().endswith("de ")
        if title in _PLACES and (not _is_word(tok) or after_prep):
            add(11, m.start(), m.end(), "PLAATS")
        elif before and before.group().casefold().endswith("de ") and tok.endswith(_PLACE_SUFFIXES) \
                and not _is_word(tok) and len(tok) > 6:
            add(11, m.start(), m.end(), "PLAATS")
    for m in _LOWER_STREET_RE.finditer(text):
        ctx = _STREET_CONTEXT_RE.search(text, max(0, m.start() - 20), m.start())
        if (m.group(2) or ctx) and not _is_kept(m.group(1)) and (m.group(2) or not _common_word(m.group(1))):
            add(7, m.start(1), m.end(), "ADRES")
    for m in _LOWER_TITLE_RE.finditer(text):
        tok = m.group(1)
        parts = tok.split("-")
        if _is_kept(tok) or tok.casefold() in _DISCOURSE:
            continue
        if (all(p in _FIRST_NAMES for p in parts) and not _common_word(tok)) or not _is_word(tok):
            add(10, m.start(1), _extend_person(text, m.end(1), []), "PERSOON")
    for m in _ORG_LOWER_RE.finditer(text) if _ORG_LOWER_RE else ():
        add(9, m.start(), m.end(), "INSTELLING")
    for m in _MY_AGE_RE.finditer(text):
        add(8, m.start(1), m.end(1), "LEEFTIJD")


def _name_context_candidates(text: str, add: _Add) -> None:
    """Names that are also Dutch words, recognised by their context: vocatives ("Dank je, Bas."),
    appositions ("Hoop, de dochter van Ruud") and lists of those present ("Aanwezig: Ingrid, Hoop")."""
    for rx in (_VOCATIVE_RE, _APPOSITION_RE):
        for m in rx.finditer(text):
            name = m.group(1)
            if _is_kept(name) or name.casefold() in _ROLE_LABELS | _DISCOURSE:
                continue
            if rx is _APPOSITION_RE and _common_word(name) and name.casefold() not in _FIRST_NAMES \
                    and " van " not in m.group():
                continue  # "Eerlijk, mijn moeder ...": a word; "Hoop, de dochter van Ruud": a name
            add(10, m.start(1), m.end(1), "PERSOON")
    for m in _PRESENT_RE.finditer(text):
        base = m.start(1)
        for part in re.finditer(rf"(?<![\w'’-])({_NAME}(?:\s(?:{_PART}\s)?{_NAME})*)", m.group(1)):
            name = part.group(1)
            if not _is_kept(name) and name.casefold() not in _ROLE_LABELS:
                add(10, base + part.start(1), base + part.end(1), "PERSOON")


# --------------------------------------------------------------------------- the pseudonymiser

class Pseudonymiser:
    """Find identifiers and replace them with numbered placeholders, consistently across documents.

    One instance per project run: it remembers which original form got which placeholder. Pass the
    ``mapping`` of an earlier run (or use :meth:`load_mapping`) to continue its numbering.
    """

    def __init__(self, mapping: Mapping[str, Sequence[str]] | None = None, keep_countries: bool = False) -> None:
        self.keep_countries = keep_countries
        self.mapping: dict[str, list[str]] = {}
        self._keys: dict[str, str] = {}
        self._counters: Counter[str] = Counter()
        self._known_re: re.Pattern[str] | None = None
        self._known_dirty = True
        if mapping:
            self._load(mapping)

    # -- mapping ----------------------------------------------------------------

    def _load(self, mapping: Mapping[str, Any]) -> None:
        placeholders = mapping.get("placeholders", mapping) if isinstance(mapping, Mapping) else mapping
        for placeholder, forms in placeholders.items():
            m = re.fullmatch(r"\[([A-Z]+)-(\d+)\]", placeholder)
            if not m or m.group(1) not in KINDS or not isinstance(forms, (list, tuple)):
                raise StoreError(f"not a pseudonymisation mapping entry: {placeholder!r}",
                                 hint="use the mapping file written by this toolkit")
            kind, n = m.group(1), int(m.group(2))
            self._counters[kind] = max(self._counters[kind], n)
            self.mapping.setdefault(placeholder, [])
            for form in forms:
                self._remember(kind, str(form), placeholder)
        self._known_dirty = True

    def save_mapping(self, path: str | Path) -> None:
        """Write the mapping as JSON (atomically, mode 600) and warn where it is stored.

        The mapping re-identifies everyone: only its owner may read it, and it belongs apart from the texts.
        """
        data = {"format": "worth-pseudonymisation-mapping", "version": MAPPING_VERSION,
                "warning": "This file re-identifies people. Store it apart from the pseudonymised texts.",
                "placeholders": self.mapping}
        with atomic_write(path, private=True) as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=False)
            fh.write("\n")
        log.warning("The mapping in %s re-identifies every person in these texts (readable by you only); "
                    "store it apart from the pseudonymised files, e.g. on an encrypted drive.", Path(path).resolve())

    @classmethod
    def load_mapping(cls, path: str | Path) -> Pseudonymiser:
        """A pseudonymiser that continues the mapping in `path` (a new, empty one if it does not exist)."""
        path = Path(path)
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreError(f"cannot read the pseudonymisation mapping ({type(exc).__name__})", path=path,
                             hint="restore the mapping file from its backup or start a new one") from None
        if not isinstance(data, dict):
            raise StoreError("not a pseudonymisation mapping", path=path,
                             hint="use the mapping file written by this toolkit")
        try:
            return cls(data)
        except StoreError as exc:
            exc.path = str(path)
            raise

    def _remember(self, kind: str, surface: str, placeholder: str) -> None:
        forms = self.mapping.setdefault(placeholder, [])
        if surface not in forms:
            forms.append(surface)
            self._known_dirty = True
        self._keys.setdefault(_norm(kind, surface), placeholder)
        if kind == "PERSOON":
            sur = _surname(surface)
            if sur:
                self._keys.setdefault(_norm(kind, sur), placeholder)

    def placeholder(self, kind: str, surface: str) -> str:
        """The placeholder for `surface` (assigning the next number of `kind` when it is new)."""
        key = _norm(kind, surface)
        placeholder = self._keys.get(key)
        if placeholder is None and kind == "PERSOON":
            sur = _surname(surface)
            # "mevrouw De Wit" after "Anja de Wit" is the same person; "Marco Meijer" after "Roos Meijer"
            # is not: a full name with another first name gets its own placeholder
            if sur and surface.split()[0].casefold() in _PARTICLE_WORDS:
                placeholder = self._keys.get(_norm(kind, sur))
        if placeholder is None:
            self._counters[kind] += 1
            placeholder = f"[{kind}-{self._counters[kind]}]"
        self._remember(kind, surface, placeholder)
        return placeholder

    def _kind_of(self, surface: str) -> str | None:
        placeholder = self._keys.get(_norm("PERSOON", surface))
        return placeholder[1:].rsplit("-", 1)[0] if placeholder else None

    def _known_pattern(self) -> re.Pattern[str] | None:
        if self._known_dirty:
            forms: set[str] = set()
            for placeholder, originals in self.mapping.items():
                kind = placeholder[1:].rsplit("-", 1)[0]
                if kind not in ("PERSOON", "PLAATS", "INSTELLING"):
                    continue
                for form in originals:
                    forms.add(form)
                    if kind == "PERSOON" and _surname(form):
                        forms.add(_surname(form) or "")
            forms = {f for f in forms if len(f) >= 3 and f[0].isupper() and not f.endswith(".")}
            self._known_re = (re.compile(r"(?<![\w'’-])(?:" + "|".join(
                re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])")
                if forms else None)
            self._known_dirty = False
        return self._known_re

    # -- detection -------------------------------------------------------------

    def find(self, text: str) -> list[Entity]:
        """Identifiers in `text`: non-overlapping, sorted by offset; existing markers are never included."""
        cands: list[tuple[int, int, int, str]] = []  # (priority, start, end, kind)

        def add(prio: int, start: int, end: int, kind: str) -> None:
            if end > start:
                cands.append((prio, start, end, kind))

        for m in _MARKER_RE.finditer(text):
            add(0, m.start(), m.end(), "MARKER")
        for m in _EMAIL_RE.finditer(text):
            add(1, m.start(), m.end(), "EMAIL")
        for m in _IBAN_RE.finditer(text):
            if re.search(r"\d{6}", m.group().replace(" ", "")):
                add(2, m.start(), m.end(), "NUMMER")
        for m in _PHONE_RE.finditer(text):
            add(3, m.start(), m.end(), "TELEFOON")
        for m in _DATE_RE.finditer(text):
            add(4, m.start(), m.end(), "DATUM")
        for m in _BIRTH_RE.finditer(text):
            g = 1 if m.group(1) else 2
            add(4, m.start(g), m.end(g), "DATUM")
        for m in _YEAR_RE.finditer(text):
            add(4, m.start(1), m.end(1), "DATUM")
        _extra_patterns(text, add)
        for m in _POSTCODE_RE.finditer(text):
            add(5, m.start(), m.end(), "POSTCODE")
        for m in _LONGNUM_RE.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            add(6, m.start(), m.end(), "BSN" if elfproef(digits) else "NUMMER")
        for m in _STREET_RE.finditer(text):
            start, end = m.start(1), m.end()
            name = m.group(1)
            tokens = name.split()
            while len(tokens) > 1 and (tokens[0].casefold() in _STREET_STRIP
                                       or (tokens[0].casefold() in _KEEP)
                                       or (_is_word(tokens[0]) and _is_initial(text, start))):
                start += len(tokens[0]) + 1
                tokens = tokens[1:]
            last = tokens[-1]
            if m.group(2) is None and not _STRONG_STREET.search(last) and (
                    _is_initial(text, start) or len(tokens) > 1 or not last[:1].isupper() or last in _PLACES
                    or last.casefold().endswith(_PLACE_SUFFIXES)
                    or not _STREET_CONTEXT_RE.search(text, max(0, start - 20), start)):
                continue
            if _is_kept(last) or (m.group(2) is None and len(tokens) == 1 and last.casefold() in (
                    "straat", "weg", "laan", "plein", "dijk", "kade", "singel", "gracht")):
                continue
            add(7, start, end, "ADRES")
        for pat in _AGE_PATTERNS:
            for m in pat.finditer(text):
                if not _CHILD_COUNT_RE.search(text, max(0, m.start(1) - 40), m.start(1)):
                    add(8, m.start(1), m.end(1), "LEEFTIJD")
        for q in _AGE_QUESTION_RE.finditer(text):
            a = _AGE_ANSWER_RE.match(text, q.end())
            if a:
                add(8, a.start(1), a.end(1), "LEEFTIJD")
        for m in _KEEP_RE.finditer(text) if _KEEP_RE else ():
            add(9.8, m.start(), m.end(), "MARKER")
        _organisation_candidates(text, add)
        for m in _COUNTRY_RE.finditer(text):
            add(0.6, m.start(), m.end(), "MARKER") if self.keep_countries else add(9.5, m.start(), m.end(), "PLAATS")
        _place_candidates(text, add)
        _name_context_candidates(text, add)
        _lower_candidates(text, add)
        for m in _INST_RE.finditer(text):
            span = m.group(1)
            words = span.split()
            if _is_kept(words[-1]) and len(words) == 2:
                continue
            # a lower-case type word describes the name and stays ("buurthuis [INSTELLING-1]")
            start = m.start(1)
            if span[0].islower():
                start += len(words[0]) + 1
                if words[1] in ("de", "het", "'t"):
                    start += len(words[1]) + 1
            rest = text[start:m.end(1)]
            place = rest in _PLACES or (" " not in rest and rest.casefold().endswith(_PLACE_SUFFIXES)
                                        and not rest.casefold().endswith(_INST_SUFFIXES))
            add(9, start, m.end(1), "PLAATS" if span[0].islower() and place else "INSTELLING")
        for m in _TITLE_RE.finditer(text):
            self._person_cand(text, m.start(1), m.group(1), add, 10)
        for m in _INITIALS_RE.finditer(text):
            g = m.group()
            if g.replace(" ", "").upper() in ("N.B.", "P.S.", "O.K.", "T.V.", "B.V.", "N.V.", "E.O.", "A.U.B."):
                continue
            tokens = g.replace(".", ". ").split()
            last = tokens[-1]
            if not last.endswith(".") and sum(t.endswith(".") for t in tokens) == 1 \
                    and tokens[-2].endswith(".") and (_is_word(last) or last.isupper()):
                continue  # "meneer O. Helemaal": an initial, then a new sentence
            add(10, m.start(), m.end(), "PERSOON")
        for m in _PARTICLE_NAME_RE.finditer(text):  # "het over Van der Laan", "met De Groot"
            if not _is_initial(text, m.start()) and not _is_kept(m.group(1)):
                self._person_cand(text, m.start(), m.group(), add, 10)
        for m in _SPEAKER_RE.finditer(text):
            label = m.group(1)
            first = label.split()[0]
            if label.casefold() in _ROLE_LABELS or first.casefold() in _ROLE_LABELS:
                continue
            if first.casefold() in _FIRST_NAMES or not _is_word(first):
                add(10, m.start(1), m.end(1), "PERSOON")
        for m in _POSTCODE_PLACE_RE.finditer(text):
            if not _is_kept(m.group(1)):
                add(11, m.start(1), m.end(1), "PLAATS")
        for m in _PLACE_TRIGGER_RE.finditer(text):
            place, pstart = m.group(1), m.start(1)
            if place[:3] == "de " and " " in place:  # "in de Gorzen": the name after the article
                article = place.split()[0]
                place, pstart = place[len(article) + 1:], pstart + len(article) + 1
            tokens = place.split()
            # "in De Linde"-like spans: drop a trailing ordinary word ("in Zandhorst Dat" cannot occur
            # without a sentence end, but "naar Utrecht Centraal" keeps both)
            if not place[0].isupper() or _is_kept(place) or _is_kept(tokens[0]):
                continue
            if len(tokens) == 1 and place.isupper():
                continue
            if len(tokens) == 1 and _is_word(place) and place.casefold() not in _FIRST_NAMES:
                # "in Holland" is kept above; "in Bakker" unlikely; accept place words like "Zwolle"
                if place.casefold() in _words("de het een dat die deze dit"):
                    continue
            kind = "PLAATS"
            if place.casefold() in _FIRST_NAMES or self._kind_of(place) == "PERSOON":
                kind = "PERSOON"
            add(11, pstart, m.end(1), kind)
        accepted = self._resolve(cands)
        fallback = self._word_candidates(text, accepted)
        accepted = self._resolve(cands + fallback)
        fallback += self._consistency_candidates(text, accepted)
        accepted = self._resolve(cands + fallback)
        return [Entity(s, e, k, text[s:e]) for s, e, k in accepted if k != "MARKER"]

    def _word_candidates(self, text: str, accepted: list[tuple[int, int, str]]) -> list[tuple[float, int, int, str]]:
        """Capitalised words that are names: unknown to the Dutch lexicon, listed only with a capital,
        first names, or forms already mapped in this document or project."""
        occupied = [(s, e) for s, e, _ in accepted]
        doc_forms = {text[s:e]: k for s, e, k in accepted if k in ("PERSOON", "PLAATS", "INSTELLING")}
        out: list[tuple[float, int, int, str]] = []
        for m in _WORD_RE.finditer(text):
            tok = m.group(1)
            start, end = m.start(1), m.end(1)
            if len(tok) < 2 or tok.isupper() or _overlaps(occupied, start, end):
                continue
            base = re.split(r"['’]", tok)[0]
            if len(base) > 1 and base.isupper():  # "POH's", "SPV'er"
                continue
            if _is_kept(tok) or tok in _KEEP_NAMES or _kept_compound(tok):
                continue
            initial = _is_initial(text, start)
            word = _is_word(tok) and tok not in _PROPER
            known_kind = doc_forms.get(tok) or self._kind_of(tok)
            if known_kind:
                if initial and word and _verb_reading(text, end):
                    continue
                kind = known_kind
            elif tok.casefold() in _FIRST_NAMES:
                if initial and word and not _name_follows(text, end):
                    continue
                kind = "PERSOON"
            elif word:
                continue
            elif initial and tok.casefold() in _ROLE_LABELS:
                continue
            else:
                kind = self._guess_kind(tok, doc_forms)
            if kind == "PERSOON":
                end = _extend_person(text, end, occupied)
            out.append((12, start, end, kind))
        for m in _LOWER_WORD_RE.finditer(text):  # "jolanda", "kees": lower-case first names
            tok = m.group(1)
            if tok in _FIRST_NAMES and not _is_word(tok) and not _overlaps(occupied, m.start(), m.end()):
                out.append((12, m.start(), _extend_person(text, m.end(), occupied), "PERSOON"))
        return out

    def _consistency_candidates(self, text: str, accepted: list[tuple[int, int, str]]
                                ) -> list[tuple[float, int, int, str]]:
        """Every other mention of a name found in this document or mapped earlier: in any position, after
        a speaker label, in lower case (unless the name is also a Dutch word), with its surname."""
        occupied = [(s, e) for s, e, _ in accepted]
        forms: dict[str, str] = {}
        for s, e, k in accepted:
            if k not in ("PERSOON", "PLAATS", "INSTELLING"):
                continue
            surface = text[s:e]
            forms.setdefault(surface, k)
            if k == "PERSOON":
                sur = _surname(surface)
                if sur and " " in sur:
                    forms.setdefault(sur, k)
                for tok in re.split(r"[\s]+", surface):
                    if len(tok) >= 2 and not tok.endswith(".") and tok.casefold() not in _PARTICLE_WORDS:
                        forms.setdefault(tok, k)
        for placeholder, originals in self.mapping.items():
            kind = placeholder[1:].rsplit("-", 1)[0]
            if kind in ("PERSOON", "PLAATS", "INSTELLING"):
                for form in originals:
                    forms.setdefault(form, kind)
        variants: dict[str, str] = {}
        for form, kind in forms.items():
            if len(form) < 2 or _is_kept(form) or form in _KEEP_NAMES:
                continue
            variants.setdefault(form, kind)
            first = form.split()[0]
            if kind == "PERSOON" and first.casefold() in _PARTICLE_WORDS and " " in form:
                variants.setdefault(form[:1].swapcase() + form[1:], kind)  # "Van den Berg" / "van den Berg"
            low = form.casefold()
            if (low in _FIRST_NAMES and low not in _NAME_WORDS) or (not _common_word(form) and form in _PROPER):
                variants.setdefault(form.casefold(), kind)
                variants.setdefault(form.upper(), kind)
                variants.setdefault(form[:1].upper() + form[1:].casefold(), kind)
        if not variants:
            return []
        pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(
            re.escape(f) for f in sorted(variants, key=len, reverse=True)) + r")(?![\w]|-\w)")
        out: list[tuple[float, int, int, str]] = []
        for m in pattern.finditer(text):
            if _overlaps(occupied, m.start(), m.end()):
                continue
            tok = m.group()
            kind = variants[tok]
            first = tok.split()[0]
            if _is_initial(text, m.start()) and _is_word(first) and first not in _PROPER \
                    and _verb_reading(text, m.end()):
                continue
            end = _extend_person(text, m.end(), occupied) if kind == "PERSOON" else m.end()
            out.append((11, m.start(), end, kind))
        return out

    def _guess_kind(self, token: str, doc_forms: Mapping[str, str] | None = None) -> str:
        low = token.casefold()
        if any(low.endswith(s) and len(low) > len(s) + 2 for s in _PLACE_SUFFIXES):
            return "PLAATS"
        # inhabitants and adjectives of places: "Marskerker", "Westerkoogse", "Ravenbroeks"
        for suffix in ("ers", "er", "se", "s", "e"):
            if low.endswith(suffix) and len(low) > len(suffix) + 3:
                stem = token[: -len(suffix)]
                for cand in (stem, stem[:-1] + stem[-1] * 2 if stem[-1:] in "gk" else stem, stem + "e"):
                    k = (doc_forms or {}).get(cand) or self._kind_of(cand)
                    if k == "PLAATS" or any(cand.casefold().endswith(s) for s in _PLACE_SUFFIXES):
                        return "PLAATS"
        if any(low.endswith(s) and len(low) > len(s) + 2 for s in _INST_SUFFIXES):
            return "INSTELLING"
        return "PERSOON"

    def _person_cand(self, text: str, start: int, name: str,
                     add: Callable[[int, int, int, str], None], prio: int) -> None:
        name = re.split(r"[ \t]*\n", name)[0]  # a name does not run on to the next line
        tokens = name.split()
        # cut at the first capitalised word that is kept (a month, a country) or, after a surname, a
        # lexicon word; a capitalised word right after a first name is a surname ("Joke Hofstede")
        keep: list[str] = []
        for i, tok in enumerate(tokens):
            if _is_kept(tok) and tok.casefold() not in _PARTICLE_WORDS:
                break
            if len(tok) > 1 and tok.replace(".", "").isupper() and not tok.endswith("."):
                break  # an acronym ("verzorgende IG")
            if i > 0 and tok[0].isupper() and _is_word(tok) and tok.casefold() not in _FIRST_NAMES \
                    and tokens[i - 1].casefold() not in _PARTICLE_WORDS \
                    and not (i == 1 and tokens[0].casefold() in _FIRST_NAMES):
                break
            keep.append(tok)
        while keep and keep[-1].casefold() in _PARTICLE_WORDS:
            keep.pop()
        if len(keep) > 1 and keep[0].casefold() in _PARTICLE_WORDS and keep[1].casefold() in _FIRST_NAMES \
                and keep[0][0].islower():  # "dochter van Joop Jansen": "van" belongs to the sentence
            start += len(keep[0]) + 1
            name = name[len(keep[0]) + 1:]
            keep = keep[1:]
        if not keep:
            return
        if len(keep) == 1 and keep[0].casefold() in _PARTICLE_WORDS:
            return
        # the full name and, at lower priority, its shorter prefixes ("Kuipers van Zorggroep X" loses
        # against the institution, "Kuipers" then wins)
        for n in range(len(keep), 0, -1):
            if keep[n - 1].casefold() in _PARTICLE_WORDS:
                continue
            surface = " ".join(keep[:n])
            end = start + len(surface)
            if text[start:end] != surface:  # other whitespace inside the name: take it whole
                add(prio, start, start + len(name), "PERSOON")
                return
            if n == len(keep):
                d = _DOUBLE_RE.match(text, end)
                while d:  # a double surname: "Jansen-de Wit"
                    end = d.end()
                    d = _DOUBLE_RE.match(text, end)
            add(prio + (len(keep) - n) * 0.1, start, end, "PERSOON")

    @staticmethod
    def _resolve(cands: list[tuple[int, int, int, str]]) -> list[tuple[int, int, str]]:
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

    # -- replacement -----------------------------------------------------------

    def apply(self, text: str) -> tuple[str, list[Replacement]]:
        """Replace every identifier; return the new text and the replacements (old and new offsets)."""
        pieces: list[str] = []
        replacements: list[Replacement] = []
        pos = 0
        new_pos = 0
        for ent in self.find(text):
            placeholder = self.placeholder(ent.kind, ent.text)
            pieces.append(text[pos:ent.start])
            new_pos += ent.start - pos
            replacements.append(Replacement(ent.start, ent.end, new_pos, new_pos + len(placeholder),
                                            placeholder))
            pieces.append(placeholder)
            new_pos += len(placeholder)
            pos = ent.end
        pieces.append(text[pos:])
        return "".join(pieces), replacements

    def pseudonymise_name(self, name: str) -> str:
        """A file name or document id with its identifiers replaced, by the same mapping as the texts.

        ``interview_dennis_okt`` -> ``interview_PERSOON-3_okt``, ``riet-van-der-linden.docx`` ->
        ``PERSOON-1.docx``: parts separated by ``_``, ``-``, ``.`` or spaces are read as words; forms
        already in the mapping (from the text of this or an earlier document), first names, places,
        names from the word lists and dates are replaced by their placeholder without brackets.
        Call it after :meth:`apply` on the document's text, so the text's names are known.
        """
        path = PurePosixPath(name.replace("\\", "/"))
        stem, suffix = path.name, ""
        m = re.match(r"^(.*?)((?:\.[A-Za-z0-9]{1,5}){1,2})$", stem)
        if m and m.group(1) and not m.group(2)[1:].isdigit():
            stem, suffix = m.group(1), m.group(2)
        pieces = re.split(r"((?<!\d)(?:(?:19|20)\d\d[-_.](?:0?[1-9]|1[0-2])[-_.][0-3]?\d|[0-3]?\d[-_.](?:0?[1-9]|1[0-2])"
                          r"[-_.](?:19|20)\d\d)(?!\d))", stem)
        forms = self._mapped_forms()
        out = ""
        for n, piece in enumerate(pieces):
            if n % 2:
                out += self.placeholder("DATUM", piece)[1:-1]
                continue
            parts = re.split(r"([_\-.\s]+)", piece)
            done = _join_name_parts(parts, forms)
            out += "".join(p if i in done else self._name_part(p) for i, p in enumerate(parts))
        return str(path.with_name(out + suffix)) if path.parent != PurePosixPath(".") else out + suffix

    def _mapped_forms(self) -> dict[str, str]:
        """Mapped names (and, for people, each of their name words) in lower case -> placeholder."""
        forms: dict[str, str] = {}
        words: dict[str, str] = {}
        for placeholder, originals in self.mapping.items():
            kind = placeholder[1:].rsplit("-", 1)[0]
            if kind in ("PERSOON", "PLAATS", "INSTELLING", "ADRES"):
                for form in originals:
                    forms.setdefault(re.sub(r"[\s_.-]+", " ", form).casefold(), placeholder[1:-1])
                    for w in form.split() if kind == "PERSOON" else ():
                        if len(w) > 2 and w.casefold() not in _PARTICLE_WORDS and not w.endswith("."):
                            words.setdefault(w.casefold(), placeholder[1:-1])
        return {**words, **forms}

    def _name_part(self, part: str) -> str:
        """One word of a file name: its placeholder (without brackets) or the word itself."""
        if not part or re.fullmatch(r"[_\-.\s]+", part):
            return part
        low = part.casefold()
        key = self._keys.get(_norm("PERSOON", part))
        if key and key[1:].rsplit("-", 1)[0] in ("PERSOON", "PLAATS", "INSTELLING", "ADRES"):
            return key[1:-1]
        if re.fullmatch(r"(?:19|20)\d\d[01]\d[0-3]\d|[0-3]\d[01]\d(?:19|20)\d\d", part):
            return self.placeholder("DATUM", part)[1:-1]
        if part.isdigit() or re.search(r"\d", part) or len(part) < 3 or low in _KEEP:
            return part
        mapped = self._mapped_forms().get(low)
        if mapped:
            return mapped
        title = part[:1].upper() + part[1:].casefold()
        if title in _PLACES:
            return self.placeholder("PLAATS", title)[1:-1]
        if low in _FIRST_NAMES and not _common_word(low):
            return self.placeholder("PERSOON", title)[1:-1]
        if title in _KEEP_NAMES or low in _FILE_WORDS or _is_word(low) or len(part) < 4:
            return part
        # an unknown word in a file name ("marskerk", "ozturk"): a name of some kind
        return self.placeholder(self._guess_kind(title), title)[1:-1]

    def counts(self) -> dict[str, int]:
        """Number of distinct placeholders per kind."""
        out: Counter[str] = Counter(p[1:].rsplit("-", 1)[0] for p in self.mapping)
        return dict(out)



def _common_word(token: str) -> bool:
    """Whether `token` in lower case is a common Dutch word (simplemma's lexicon or a keep list)."""
    low = token.casefold()
    if low in _KEEP:
        return True
    import simplemma
    return all(simplemma.is_known(p, lang="nl") for p in low.split() if p not in _PARTICLE_WORDS)


def _verb_reading(text: str, end: int) -> bool:
    """Whether a sentence-initial word reads as a verb: a pronoun follows ("Wil je ...", "Hoop dat ...")."""
    m = re.match(r"\s+(\w+)", text[end:end + 20])
    return bool(m) and m.group(1).casefold() in _PRONOUNS


def _name_follows(text: str, end: int) -> bool:
    """Whether a verb-like continuation or a surname follows a sentence-initial first name."""
    m = re.match(r"(?:\s+(\w+))?", text[end:end + 30])
    nxt = m.group(1) if m and m.group(1) else ""
    if not nxt:
        return text[end:end + 1] in (".", ",", "?", "!", ":") or end >= len(text)
    if nxt[:1].isupper():  # a capitalised word right after it, on the same line: a surname
        return not _is_kept(nxt) and re.match(r"[ \t]", text[end:end + 1]) is not None
    if nxt.casefold() in _PARTICLE_WORDS and _TRAILER_RE.match(text, end):
        return True
    return nxt.casefold() in _words("is was heeft had komt kwam zegt zei belt belde gaat ging wil wilde kan kon "
                                     "moet moest zit zat woont woonde werkt werkte doet deed vindt vond weet wist "
                                     "helpt hielp brengt bracht en zelf ook heet")


def _kept_compound(tok: str) -> bool:
    """A capitalised compound headed by a kept brand or concept ("Excelbestand", "Facebookgroep")."""
    low = tok.casefold()
    for kept in ("excel", "word", "whatsapp", "facebook", "google", "youtube", "teams", "zoom", "wmo", "pgb"):
        if low.startswith(kept) and len(low) > len(kept) + 3 and _is_word(low[len(kept):]):
            return True
    return False

def _join_name_parts(parts: list[str], forms: Mapping[str, str]) -> set[int]:
    """Replace, in place, runs of two or more words of a file name that together form a mapped name
    ("riet-van-der-linden" when "Riet van der Linden" is in the mapping); return the indices done."""
    words = [i for i, p in enumerate(parts) if p and not re.fullmatch(r"[_\-.\s]+", p)]
    done: set[int] = set()
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 6), i + 1, -1):
            run = " ".join(parts[k] for k in words[i:j]).casefold()
            if run in forms:
                parts[words[i]] = forms[run]
                for k in range(words[i] + 1, words[j - 1] + 1):
                    parts[k] = ""
                done.update(range(words[i], words[j - 1] + 1))
                i = j
                break
        else:
            i += 1
    return done


def _extend_person(text: str, end: int, occupied: list[tuple[int, int]]) -> int:
    """Extend a name with the surname words after it on the same line: "Greet" + " Hoekstra", "Anja" +
    " de Wit", "Mirjam" + " Kok" (a capitalised word right after a name is part of it, even when it is
    also a Dutch word), "Bas de Wit" + "-Bakker", and in lower case "marieke" + " bosman"."""
    lower = text[end - 1:end].islower() and not text[max(0, end - 30):end].split()[-1][:1].isupper()
    while True:
        d = _DOUBLE_RE.match(text, end)
        if d and not _overlaps(occupied, d.start(), d.end()):
            end = d.end()
            continue
        t = (_LOWER_TRAILER_RE if lower else _TRAILER_RE).match(text, end)
        if not t or _overlaps(occupied, t.start(), t.end()):
            return end
        last = t.group().split()[-1]
        particle = t.group().split()[0].casefold() in _PARTICLE_WORDS
        if _is_kept(last) or last in _KEEP_NAMES or last.casefold() in _ROLE_LABELS \
                or (lower and _is_word(last) and not particle) or _PLACE_OR_ORG(last):
            return end
        end = t.end()


def _PLACE_OR_ORG(word: str) -> bool:
    return word in _PLACES


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(spans, (start, float("inf")))  # type: ignore[arg-type]
    if i > 0 and spans[i - 1][1] > start:
        return True
    return i < len(spans) and spans[i][0] < end


# --------------------------------------------------------------------------- offsets

def _map_offset(pos: int, replacements: Sequence[Replacement], olds: list[int], side: str) -> int:
    i = bisect.bisect_right(olds, pos) - 1  # last replacement starting at or before pos
    if i < 0:
        return pos
    r = replacements[i]
    if pos == r.old_start:
        return r.new_start
    if pos < r.old_end:  # inside a replaced identifier: snap outwards
        return r.new_start if side == "start" else r.new_end
    return pos - r.old_end + r.new_end


def remap_span(start: int, end: int, replacements: Sequence[Replacement]) -> tuple[int, int]:
    """Offsets of a span of the original text in the pseudonymised text.

    Text outside identifiers keeps its place; a boundary inside a replaced identifier snaps outwards
    to the placeholder's bounds, so a coding that covered part of a name covers its placeholder.
    """
    if start > end:
        raise ValueError(f"span start {start} after end {end}")
    reps = sorted(replacements)
    olds = [r.old_start for r in reps]
    return _map_offset(start, reps, olds, "start"), _map_offset(end, reps, olds, "end")


def remap(offset_pairs: Iterable[tuple[int, int]], replacements: Sequence[Replacement]
          ) -> list[tuple[int, int]]:
    """:func:`remap_span` for many spans of one document."""
    reps = sorted(replacements)
    olds = [r.old_start for r in reps]
    out = []
    for start, end in offset_pairs:
        if start > end:
            raise ValueError(f"span start {start} after end {end}")
        out.append((_map_offset(start, reps, olds, "start"), _map_offset(end, reps, olds, "end")))
    return out


def remap_codings(records: Iterable[Any], replacements_by_file: Mapping[str, Sequence[Replacement]]
                  ) -> list[Any]:
    """Re-map standoff codings (``Coding`` objects or dicts with ``start``/``end``) to pseudonymised text.

    A record is matched on its ``doc_id`` (or ``file``/``document``/``source``, also by file name
    and stem); records of documents without replacements are returned unchanged.
    """
    lookup: dict[str, Sequence[Replacement]] = {}
    for key, reps in replacements_by_file.items():
        for k in (str(key), Path(str(key)).name, Path(str(key)).stem):
            lookup.setdefault(k, sorted(reps))
    out = []
    for rec in records:
        is_dict = isinstance(rec, Mapping)
        get = rec.get if is_dict else (lambda k, _r=rec: getattr(_r, k, None))
        doc = next((get(k) for k in ("doc_id", "file", "document", "source") if get(k) not in (None, "")), None)
        reps = None
        if doc is not None:
            doc = str(doc)
            reps = lookup.get(doc) or lookup.get(Path(doc).name) or lookup.get(Path(doc).stem)
        if not reps:
            out.append(dict(rec) if is_dict else rec)
            continue
        start, end = remap_span(int(get("start")), int(get("end")), reps)
        if is_dict:
            new = dict(rec)
            new["start"], new["end"] = start, end
            out.append(new)
        else:
            out.append(dataclasses.replace(rec, start=start, end=end))
    return out


# --------------------------------------------------------------------------- files

@dataclass
class PseudonymiseSummary:
    """What :func:`pseudonymise_files` did."""

    documents: int = 0
    written: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)        # replaced occurrences per kind
    placeholders: dict[str, int] = field(default_factory=dict)  # distinct placeholders per kind (mapping)
    skipped: list[str] = field(default_factory=list)
    replacements: dict[str, list[Replacement]] = field(default_factory=dict)  # by original document id
    names: dict[str, str] = field(default_factory=dict)  # original document id -> pseudonymised id
    mapping_path: str = ""


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def pseudonymise_files(inputs: Iterable[str | Path], out_dir: str | Path, mapping_path: str | Path,
                       progress: Callable[[Path], Any] | None = None,
                       pseudonymiser: Pseudonymiser | None = None) -> PseudonymiseSummary:
    """Pseudonymise files and folders into `out_dir` as ``.txt`` with the same relative names.

    The mapping in `mapping_path` is reused and extended (created when absent) and written after all
    documents; it must not lie inside `out_dir`. Files that cannot be read are skipped and listed.
    """
    from .ingest import iter_input_files, read_inputs

    inputs = [Path(i) for i in inputs]
    out_dir = Path(out_dir)
    mapping_path = Path(mapping_path)
    if _is_within(mapping_path, out_dir):
        raise InputError("the mapping file would be written inside the output folder", path=mapping_path,
                         hint="store the mapping apart from the pseudonymised texts")
    for item in inputs:
        if item.exists() and item.is_dir() and _is_within(out_dir, item):
            raise InputError("the output folder lies inside an input folder", path=out_dir,
                             hint="choose an output folder outside the transcripts")
    pseudo = pseudonymiser or Pseudonymiser.load_mapping(mapping_path)
    rel_of: dict[str, Path] = {}
    for path, root in iter_input_files(i for i in inputs if i.exists()):
        rel = path.relative_to(root) if root is not None else Path(path.name)
        rel_of[str(path)] = rel
        rel_of[str(path.resolve())] = rel
    report = read_inputs(inputs, progress=progress)
    summary = PseudonymiseSummary(mapping_path=str(mapping_path))
    summary.skipped = [e.one_line() for e in report.skipped]
    per_source = Counter(p.document.source for p in report.parsed)
    used: set[Path] = set()
    counts: Counter[str] = Counter()
    input_files = {str(Path(k).resolve()) for k in rel_of}
    for parsed in report.parsed:
        doc = parsed.document
        rel = rel_of.get(doc.source) or rel_of.get(str(Path(doc.source).resolve())) or Path(doc.id)
        new_text, replacements = pseudo.apply(doc.text)  # first: the text's names name the file too
        if per_source[doc.source] > 1:
            rel = rel.parent / f"{doc.id}.txt"
        else:
            rel = rel.with_suffix(".txt")
        rel = Path(*[pseudo.pseudonymise_name(part) for part in rel.parts])
        if rel in used:
            rel = rel.parent / f"{doc.id}.txt"
        n = 2
        base = rel
        while rel in used:
            rel = base.with_name(f"{base.stem}_{n}.txt")
            n += 1
        used.add(rel)
        target = out_dir / rel
        if str(target.resolve()) in input_files:
            raise InputError("pseudonymising would overwrite an input file", path=target,
                             hint="choose another output folder")
        counts.update(r.placeholder[1:].rsplit("-", 1)[0] for r in replacements)
        with atomic_write(target) as fh:
            fh.write(new_text)
        summary.written.append(str(target))
        summary.replacements[doc.id] = replacements
        summary.names[doc.id] = pseudo.pseudonymise_name(doc.id)
        summary.documents += 1
        log.info("pseudonymised %s: %d replacements", doc.id, len(replacements))
    pseudo.save_mapping(mapping_path)
    summary.counts = dict(counts)
    summary.placeholders = pseudo.counts()
    return summary
