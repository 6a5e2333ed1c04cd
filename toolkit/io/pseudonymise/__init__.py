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
from pathlib import Path
from typing import Any, NamedTuple

from toolkit.files import atomic_write
from toolkit.errors import InputError, StoreError

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
           "aziaat chinezen koerd koerden arabier arabieren")
_CONCEPTS = (
    "wmo wlz zvw jeugdwet participatiewet cak pgb zrm ggz ciz uwv svb aow anw wia wajong ww bijstand "
    "belastingdienst digid mijnoverheid voedselbank zonnebloem humanitas buurtzorg mee mezzo valys "
    "regiotaxi alzheimer zilveren kruis menzis cz vgz achmea onvz dsw ns ov ov-chipkaart "
    "albert heijn jumbo lidl aldi hema kruidvat etos action blokker ikea whatsapp facebook google "
    "youtube netflix zoom teams skype marktplaats instagram tiktok iphone ipad corona covid covid-19 "
    "god jezus christus allah here heer bijbel koran pinkstergemeente "
    "gemeente wijkteam sociaal team wmo-loket thuiszorg mantelzorg ggd rivm "
    "rode leger heils kruis ouderenbond kbo pcob anbo vvd pvda cda d66 sp gl groenlinks bbb pvv "
    "ik u jij je hij zij ze wij we jullie zij mijn uw "
    "interview interviewer interviewster respondent respondente geïnterviewde transcript cliënt client "
    "mantelzorger spreker deelnemer onderzoeker moderator gespreksleider vraag antwoord noot einde "
    "ok oké okay hallo hoi dag doei mevrouw meneer dokter tante oom opa oma "
    "tv radio internet email e-mail mail sms welzijn wsnp bbz ioaw awbz wsw poh spv wtcg "
    "excel word powerpoint outlook lego playmobil mercedes opel skoda volvo dacia toyota ford volkswagen "
    "renault peugeot fiat kia zalando bol.com coolblue wehkamp rabo rabobank ing abn amro sns asn "
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
_PARTICLES = ("van der", "van den", "van de", "van 't", "van het", "in 't", "in het", "op de", "op den",
              "uit de", "uit den", "van", "de", "der", "den", "ter", "ten", "te", "'t", "el", "al")
_PARTICLE_WORDS = _words("van de der den ter ten te 't het in op uit el al")

_KEEP = (_words(_MONTHS) | _words(_DAYS) | _words(_HOLIDAYS) | _words(_COUNTRIES)
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
           r"kleinkind|kleinzoon|stiefzoon|stiefdochter|heet|heette|heten|genaamd|noemde|noemen")
_TITLE_RE = re.compile(rf"(?<![\w.])(?i:{_TITLES})\s+({_PERSON})")
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
_DATE_RE = re.compile(
    rf"(?<![\w-])(?:(?:[0-2]?\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:1[89]|20)?\d\d"
    rf"|(?:[0-2]?\d|3[01])(?:e|ste|de)?\s+{_MONTH_ALT}\s+(?:1[89]|20)\d\d)(?![\w-])",
    re.IGNORECASE)
_BIRTH_RE = re.compile(
    rf"\b(?:geboren|jarig|geboortedatum|geb\.)(?:\s*:)?(?:\s+(?:op|in|de|is|was|ben))*\s+"
    rf"((?:[0-2]?\d|3[01])(?:e|ste|de)?\s+{_MONTH_ALT}(?:\s+(?:1[89]|20)\d\d)?|(?:19|20)\d\d)\b",
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
_STREET_STRIP = _words("in op aan naar uit bij nou ja nee en dan die dat van over via langs het de der den 't "
                       "ik we wij hij zij ze je mijn onze tot vanaf")
_SUBJ = (r"(?:[Ii]k|[Hh]ij|[Zz]ij|[Zz]e|[Dd]ie|[Uu]|[Jj]e|[Jj]ij|[Ww]e|[Ww]ij|[Mm]eneer|[Mm]evrouw|[Mm]an|[Vv]rouw|"
         rf"[Mm]oeder|[Vv]ader|[Zz]oon|[Dd]ochter|{_NAME})")
_AGE_PATTERNS = [
    # "84 jaar oud", "84-jarige", "op 84-jarige leeftijd"
    re.compile(rf"\b((?i:{_NUM2}(?:\s+jaar\s+oud|-?jarige?n?)))\b"),
    # "ik ben 84", "die is negenenzeventig", "ze werd 90 jaar", "Joke is eenenzestig"
    re.compile(rf"\b{_SUBJ}\s+(?i:ben|is|was|werd|word|wordt|worden|werden|waren|zijn)\s+"
               rf"(?i:(?:al|pas|bijna|net|ruim|nog\s+maar|nu|inmiddels|alweer|ook\s+al|ook)\s+)?((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?))"
               r"(?=\s*(?:[.,;:!?)…\"”]|$|\s(?i:en|maar|geworden|hoor|hè|he|nu|inmiddels|alweer|"
               r"dus|toen|geloof|denk|jong|oud)\b))", re.MULTILINE),
    # "op de leeftijd van 80", "leeftijd: 80"
    re.compile(rf"\b(?i:leeftijd(?:\s+van|:)?)\s+((?i:{_NUM2}(?:\s+jaar)?))\b"),
    # "een man van 67", "mevrouw van 92 jaar", "Joop van 88"
    re.compile(rf"\b(?i:man|vrouw|meneer|mevrouw|heer|dame|jongen|meisje|kind|zoon|dochter|moeder|vader|"
               rf"weduwe|weduwnaar|cliënt|client|mens|mensje|iemand|oudje|opa|oma|broer|zus|buurman|"
               rf"buurvrouw|tiener|puber|knul|baby|vent|kerel|meid|echtpaar|stel)\s+van\s+"
               rf"((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?))\b{_NOT_AGE}"),
    re.compile(rf"(?<![\w.]){_NAME}\s+van\s+((?i:{_NUM2}(?:\s+jaar(?:\s+oud)?)?))\b{_NOT_AGE}(?=\s*[,.;:!?)]|\s+[a-z])"),
    # "toen ik twaalf was", "tot hij 70 was"
    re.compile(rf"\b(?i:toen|tot|totdat|sinds|vanaf|als|voordat|nadat|sinds)\s+(?i:ik|hij|zij|ze|je|jij|we|wij|"
               rf"mijn\s+\w+)\s+((?i:{_NUM2}(?:\s+jaar)?))\s+(?i:was|werd|werden|waren|ben|is|word|wordt)\b"),
    # header "(weduwe, 84 jaar)" / "(buurvrouw, 67)"
    re.compile(r"\([^()\n]{1,60}?,\s*(\d{1,3}(?:\s+jaar)?)\s*[),]"),
]
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
_TRAILER_RE = re.compile(rf"\s(?:(?:{_PART})\s)?{_NAME}")


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
    if all(p in _KEEP or simplemma.is_known(p, lang="nl") for p in parts):
        return True
    # long compounds of two known words ("mantelzorgprijs", "staatsbosbeheer"); short ones are often
    # surnames or places ("Veldkamp", "Lindemeer") and stay unknown
    if len(parts) == 1 and len(low) >= 11:
        for i in range(4, len(low) - 3):
            head, tail = low[:i], low[i:]
            if simplemma.is_known(tail, lang="nl") and (
                    simplemma.is_known(head, lang="nl")
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


# --------------------------------------------------------------------------- the pseudonymiser

class Pseudonymiser:
    """Find identifiers and replace them with numbered placeholders, consistently across documents.

    One instance per project run: it remembers which original form got which placeholder. Pass the
    ``mapping`` of an earlier run (or use :meth:`load_mapping`) to continue its numbering.
    """

    def __init__(self, mapping: Mapping[str, Sequence[str]] | None = None) -> None:
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
            if sur:
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
            add(4, m.start(1), m.end(1), "DATUM")
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
            if m.group(2) is None and not _STRONG_STREET.search(last):
                continue
            if _is_kept(last) or (m.group(2) is None and len(tokens) == 1 and last.casefold() in (
                    "straat", "weg", "laan", "plein", "dijk", "kade", "singel", "gracht")):
                continue
            add(7, start, end, "ADRES")
        for pat in _AGE_PATTERNS:
            for m in pat.finditer(text):
                add(8, m.start(1), m.end(1), "LEEFTIJD")
        for m in _INST_RE.finditer(text):
            span = m.group(1)
            words = span.split()
            if _is_kept(words[-1]) and len(words) == 2:
                continue
            # trailing lexicon words like "Dat" are cut by requiring the rest to be capitalised
            add(9, m.start(1), m.end(1), "INSTELLING")
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
            place = m.group(1)
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
            add(11, m.start(1), m.end(1), kind)
        accepted = self._resolve(cands)
        # second pass: capitalised unknown words, first names, and forms already mapped
        occupied = [(s, e) for s, e, _ in accepted]
        fallback: list[tuple[int, int, int, str]] = []
        doc_forms = {text[s:e]: k for s, e, k in accepted if k in ("PERSOON", "PLAATS", "INSTELLING")}
        for m in _WORD_RE.finditer(text):
            tok = m.group(1)
            start, end = m.start(1), m.end(1)
            if len(tok) < 2 or tok.isupper() or _overlaps(occupied, start, end):
                continue
            base = re.split(r"['’]", tok)[0]
            if len(base) > 1 and base.isupper():  # "POH's", "SPV'er"
                continue
            low = tok.casefold()
            if low in _KEEP or any(p in _KEEP for p in low.split("-") if len(p) > 2 and p not in _PARTICLE_WORDS
                                   and p in _words(_CONCEPTS + " " + _COUNTRIES)):
                continue
            initial = _is_initial(text, start)
            known_kind = doc_forms.get(tok) or self._kind_of(tok)
            is_first = low in _FIRST_NAMES
            if known_kind:
                if initial and _is_word(tok):
                    continue
                kind = known_kind
            elif is_first:
                if initial and _is_word(tok):
                    continue
                kind = "PERSOON"
            elif _is_word(tok) or initial:
                continue
            else:
                kind = self._guess_kind(tok, doc_forms)
            if kind == "PERSOON":
                end = _extend_person(text, end, occupied)
            fallback.append((12, start, end, kind))
        for _, s0, e0, k in fallback:
            if k in ("PERSOON", "PLAATS", "INSTELLING"):
                doc_forms.setdefault(text[s0:e0], k)
        for form, k in list(doc_forms.items()):
            sur = _surname(form) if k == "PERSOON" else None
            if sur:
                doc_forms.setdefault(sur, k)
        known = self._known_pattern()
        patterns = [known] if known is not None else []
        if doc_forms:
            patterns.append(re.compile(r"(?<![\w'’-])(?:" + "|".join(
                re.escape(f) for f in sorted(doc_forms, key=len, reverse=True) if len(f) >= 3) + r")(?![\w-])")
                if any(len(f) >= 3 for f in doc_forms) else None)
        for pat in patterns:
            if pat is None:
                continue
            for m in pat.finditer(text):
                if _overlaps(occupied, m.start(), m.end()):
                    continue
                tok = m.group()
                if _is_initial(text, m.start()) and _is_word(tok.split()[0]):
                    continue
                kind = doc_forms.get(tok) or self._kind_of(tok) or "PERSOON"
                end = _extend_person(text, m.end(), occupied) if kind == "PERSOON" else m.end()
                fallback.append((11, m.start(), end, kind))
        accepted = self._resolve(cands + fallback)
        return [Entity(s, e, k, text[s:e]) for s, e, k in accepted if k != "MARKER"]

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
        tokens = name.split()
        # cut at the first capitalised word that is kept (a month, a country) or a lexicon word after
        # the first name word ("tante Riet Zaterdag" cannot happen, but "meneer Jansen Nee" can)
        keep: list[str] = []
        for i, tok in enumerate(tokens):
            if _is_kept(tok) and tok.casefold() not in _PARTICLE_WORDS:
                break
            if len(tok) > 1 and tok.replace(".", "").isupper() and not tok.endswith("."):
                break  # an acronym ("verzorgende IG")
            if i > 0 and tok[0].isupper() and _is_word(tok) and tok.casefold() not in _FIRST_NAMES \
                    and tokens[i - 1].casefold() not in _PARTICLE_WORDS:
                break
            keep.append(tok)
        while keep and keep[-1].casefold() in _PARTICLE_WORDS:
            keep.pop()
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

    def counts(self) -> dict[str, int]:
        """Number of distinct placeholders per kind."""
        out: Counter[str] = Counter(p[1:].rsplit("-", 1)[0] for p in self.mapping)
        return dict(out)


def _extend_person(text: str, end: int, occupied: list[tuple[int, int]]) -> int:
    """Extend a name with following surname words ("Greet" + " Hoekstra", "Anja" + " de Wit")."""
    t = _TRAILER_RE.match(text, end)
    while t and not _overlaps(occupied, t.start(), t.end()):
        words = t.group().split()
        last = words[-1]
        if _is_kept(last) or (_is_word(last) and last.casefold() not in _FIRST_NAMES
                              and words[0].casefold() not in _PARTICLE_WORDS):
            break
        end = t.end()
        t = _TRAILER_RE.match(text, end)
    return end


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
    replacements: dict[str, list[Replacement]] = field(default_factory=dict)  # by document id
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
    from toolkit.io.readers import iter_input_files, read_inputs

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
        if per_source[doc.source] > 1:
            rel = rel.parent / f"{doc.id}.txt"
        else:
            rel = rel.with_suffix(".txt")
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
        new_text, replacements = pseudo.apply(doc.text)
        counts.update(r.placeholder[1:].rsplit("-", 1)[0] for r in replacements)
        with atomic_write(target) as fh:
            fh.write(new_text)
        summary.written.append(str(target))
        summary.replacements[doc.id] = replacements
        summary.documents += 1
        log.info("pseudonymised %s: %d replacements", doc.id, len(replacements))
    pseudo.save_mapping(mapping_path)
    summary.counts = dict(counts)
    summary.placeholders = pseudo.counts()
    return summary
