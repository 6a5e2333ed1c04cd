"""Word lists: ordinary Dutch words, words that stay, first names, places, number words.

The lists in data/ are described (source, licence, how they were built) in data/README.md."""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources

# --------------------------------------------------------------------------- the data files


@lru_cache(maxsize=None)
def _read(name: str) -> tuple[str, ...]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return tuple(x.strip() for x in text.splitlines() if x.strip() and not x.lstrip().startswith("#"))


def data_lines(name: str, fold: bool = False) -> frozenset[str]:
    """The entries of the list data/`name` (casefolded when `fold`)."""
    return frozenset(e.casefold() for e in _read(name)) if fold else frozenset(_read(name))


@lru_cache(maxsize=None)
def data_phrase_pattern(name: str) -> re.Pattern[str] | None:
    """A case-sensitive pattern matching every entry of data/`name` as a whole word sequence."""
    entries = _read(name)
    if not entries:
        return None
    alt = "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True))
    return re.compile(r"(?<![\w'’-])(?:" + alt + r")(?![\w'’]|-\w)")


@lru_cache(maxsize=None)
def data_gz_lines(name: str) -> frozenset[str]:
    """The lines of the gzip-compressed list data/`name`."""
    return frozenset(gzip.decompress(resources.files(__package__).joinpath("data", name).read_bytes())
                     .decode("utf-8").split())


def _words(s: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in s.split())

_MONTHS = ("januari februari maart april mei juni juli augustus september oktober november december "
           "feb mrt apr jun jul aug sep sept okt nov dec")  # not "jan": a first name

_DAYS = ("maandag dinsdag woensdag donderdag vrijdag zaterdag zondag "
         # an English mail client's header: "Sent: Tuesday, November 19, 2024"
         "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun")

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
    "grieks turks marokkaans tunesisch egyptisch surinaams antilliaans arubaans curaçaos bonairiaans indonesisch indisch "
    "moluks pools roemeens bulgaars hongaars tsjechisch oostenrijks zwitsers deens zweeds noors fins "
    "russisch oekraïens syrisch iraaks iraans afghaans pakistaans indiaas hindoestaans chinees japans "
    "koreaans vietnamees thais filipijns somalisch eritrees ethiopisch ghanees nigeriaans kaapverdisch "
    "amerikaans canadees mexicaans braziliaans australisch israëlisch libanees koerdisch arabisch "
    "berbers europees afrikaans aziatisch joods islamitisch christelijk katholiek rooms-katholiek "
    "protestants hervormd gereformeerd moslim brabants limburgs twents gronings drents zeeuws achterhoeks "
    # languages and groups named in interviews with migrants ("spreekt Tigrinya", "Hindostaans")
    "hindostaans javaans sarnami tigrinya tigrinia amhaars dari farsi perzisch pashto urdu tamil oromo papiaments")

_PEOPLE = ("nederlander nederlanders turk turken marokkaan marokkanen surinamer surinamers antilliaan "
           "antillianen duitser duitsers belg belgen pool polen fransman fransen engelsman engelsen "
           "syriër syriërs somaliër somaliërs eritreeër eritreeërs indonesiër amerikaan amerikanen "
           "hindoestaan hindoestanen molukker molukkers europeaan europeanen afrikaan afrikanen "
           "aziaat chinezen koerd koerden arabier arabieren oekraïner oekraïners rus russen latijn latijns "
           "latijnse grieken italianen spanjaarden portugezen afghanen irakezen iraniërs eritreeërs ghanezen "
           "vietnamezen vlamingen brabanders limburgers friezen groningers zeeuwen hollanders amsterdammers "
           "rotterdammers utrechters hagenezen griek grieken irakese iraakse syrische brabantse friese limburgse zeeuwse "
           "groningse drentse twentse hollandse amsterdamse rotterdamse haagse utrechtse")

_CONCEPTS = (
    "wmo wlz zvw jeugdwet participatiewet cak pgb zrm ggz ciz uwv svb aow anw wia wajong ww bijstand "
    "digid mijnoverheid voedselbank zonnebloem mee mezzo valys "
    "regiotaxi alzheimer zilveren kruis menzis cz vgz achmea onvz dsw ov ov-chipkaart "
    "whatsapp facebook google "
    "youtube netflix zoom teams skype marktplaats instagram tiktok iphone ipad corona covid covid-19 "
    "linkedin facetime playstation paypal "
    "god jezus christus allah here heer bijbel koran pinkstergemeente "
    "gemeente wijkteam sociaal team wmo-loket thuiszorg mantelzorg ggd rivm "
    "rode leger heils kruis ouderenbond kbo pcob anbo vvd pvda cda d66 sp gl groenlinks bbb pvv "
    "ik u jij je hij zij ze wij we jullie zij mijn uw "
    "interview interviewer interviewster respondent respondente geïnterviewde transcript cliënt client "
    "mantelzorger spreker deelnemer onderzoeker moderator gespreksleider vraag antwoord noot einde "
    "haha hahaha hihi hm hmm hm-hm ehm eh uh uhm tja nou jawel joh hè pff pfff pfoe mwah oei ai au jee jeetje "
    "tjonge jemig jezus alhamdulillah inshallah insjallah mashallah masjallah wallah bismillah salaam "
    "valentijnsdag dhr mevr mw dr ds drs ir mr prof ing fam "
    # spoken and regional forms a transcript keeps as said
    "da da's nie mien ich bin altied veur nait huus mar wa ge gij hum ons oons gien gin hoes hebbe kump "
    "'t 'k m'n z'n d'r 'r "
    # function words of Limburg, Brabant, Groningen, Twente and Frisian speech, capitalised at a sentence start
    "jao dao hae dae hie oze ouch neet gein nao luuj haet höb mörges adjè mer wae veer uch "
    "efkes unne zun ut joa doar hai zai moi kinner nich hy sy wy myn "
    "ok oké okay hallo hoi dag doei mevrouw meneer dokter tante oom ome opa oma opoe pake beppe heit mem "
    "tv radio internet email e-mail mail sms welzijn wsnp bbz ioaw awbz wsw poh spv wtcg "
    "excel word powerpoint outlook lego playmobil mercedes opel skoda volvo dacia toyota ford volkswagen "
    "renault peugeot fiat kia leica canon nikon polaroid "
    "imam hoca hodja "
    # national bodies, councils and hospital units named as such, and medicines (no one's identifier)
    "kredietbank cliëntenraad clientenraad ontmoetingsruimte geheugenpoli chatexport "
    "eliquis xarelto marcoumar sintrom acenocoumarol ascal aricept exelon ebixa haldol seroquel risperdal "
    "oxazepam temazepam lorazepam diazepam movicolon metformine insuline pradaxa lixiana "
    "staatsbosbeheer natuurmonumenten zorgkaart parkinson korsakov alzheimer huntington crohn down "
    "asperger tourette rett tarifit papiaments papiamentu papiamento berbers arabisch engels fries frysk sranantongo "
    "kantonees mandarijn sarnami hindoestaans hindi urdu tigrinya somalisch dari farsi koerdisch tolkcontact "
    "bluey nijntje bsn handtekening paraaf "
    "dossiernr dossiernummer clientnummer cliëntnummer clientnr cliëntnr klantnummer klantnr huisnr registratienr "
    "zaaknr zaaknummer relatienr relatienummer patiëntnr patientnr polisnr lidnr")

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

_FIRST_NAMES = _FIRST_NAMES | data_lines("first_names.txt", fold=True)

_PARTICLE_WORDS = _words("van de der den ter ten te 't het in op uit el al")

_KEPT_REGIONS = _words("nederland holland europa azië azie afrika amerika oceanië zuid-amerika noord-amerika "
                        "midden-oosten scandinavië caraïben caribisch vs usa")

_COUNTRY_SET = _words(_COUNTRIES) - _KEPT_REGIONS

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
    for t, tw in enumerate(_TENS, 2):  # spoken and dialect forms of 20-99: "tachtich", "zeuvenenzeuventig", "twee-en-tachtig"
        for tv in {tw, *_TEN_VARIANTS.get(tw, ())}:
            out.setdefault(tv, t * 10)
            for u, uw in enumerate(_UNITS, 1):
                for uv in (uw, *_UNIT_VARIANTS.get(uw, ())):
                    out.setdefault(f"{uv}en{tv}", t * 10 + u)
                    out.setdefault(f"{uv}-en-{tv}", t * 10 + u)
    out["honderd"] = 100
    for u, uw in enumerate(_UNITS + _TEENS[:1], 1):
        out[f"honderd{uw}"] = 100 + u
    return out

_UNIT_VARIANTS = {"vier": ("fjouwer", "veer"), "vijf": ("vief", "fiif"), "zeven": ("zeuven", "zeuve", "saun"),
                  "negen": ("neuge", "njoggen"), "drie": ("trije",), "acht": ("achten",)}
_TEN_VARIANTS = {"twintig": ("twintich",), "dertig": ("dertich",), "veertig": ("fjirtich", "veertich"),
                 "vijftig": ("vieftig", "fyftich", "vijftich"), "zestig": ("zestich", "sechtich", "sestig"),
                 "zeventig": ("zeuventig", "zeuventug", "santich", "zeventich"), "tachtig": ("tachtich", "tachteg"),
                 "negentig": ("negentich", "njoggentich", "neugentig")}

_NUMBER_WORDS = _number_words()

def _trie_pattern(words: list[str]) -> str:
    """One alternation of `words` as a trie ("twee|twaalf" -> "tw(?:ee|aalf)"): the same matches in the same
    order of preference as the longest-first alternation (of words that are prefixes of one another, the
    longer is tried first; others never match at one place), but each branch fails on its first letter."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        alt = "|".join(branches)
        if "" in node:  # the word may end here: after every longer continuation
            return f"(?:{alt})?" if branches else ""
        return alt if len(branches) == 1 else f"(?:{alt})"

    return "(?:" + walk(tree) + ")"


_NUM = r"(?:\d{1,3}|" + _trie_pattern(list(_NUMBER_WORDS)) + r")"

_NUM2 = r"(?!een\b|één\b)" + _NUM  # without "een": "van een ..." is an article, not an age

_NOT_AGE = (r"(?!\s+(?:geleden|kilo|kg|gram|cm|centimeter|meter|km|kilometer|euro|procent|minuten|uur|dagen|"
            r"weken|maanden|keer|man|mensen|personen|jaar\s+of|of|en\s+een\s+half|tot)\b)(?!\s+" + _NUM + r"\b)")

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
    extra = data_gz_lines("extra_words.txt.gz")
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

# a part of a province or region: "West-Brabant", "Zuid-Holland", "Oost-Groningen", "Zeeuws-Vlaanderen"
_REGION_RE = re.compile(r"(?:Noord|Zuid|Oost|West|Midden|Noordoost|Noordwest|Zuidoost|Zuidwest|Zeeuws|Midden-West)-"
                        r"(?:Brabant|Holland|Limburg|Friesland|Groningen|Drenthe|Overijssel|Gelderland|Utrecht|Zeeland|"
                        r"Flevoland|Veluwe|Twente|Achterhoek|Betuwe|Vlaanderen|Fryslân|Kennemerland)")


def _is_kept(surface: str) -> bool:
    """Whether a capitalised word or name is on a keep list (country, month, concept, role label)."""
    low = " ".join(surface.casefold().replace("’", "'").split())
    if low in _KEEP:
        return True
    parts = [p for p in re.split(r"[-\s]", low) if p]
    if _REGION_RE.fullmatch(surface):
        return False  # "West-Brabant", "Zuid-Holland": a region (the compass word alone is kept)
    if parts and parts[0] in _KEEP and parts[0] not in _PARTICLE_WORDS:
        return True
    return any(len(p) > 2 and p in _KEEP_PARTS for p in parts)

def _common_word(token: str) -> bool:
    """Whether `token` in lower case is a common Dutch word (simplemma's lexicon or a keep list)."""
    low = token.casefold()
    if low in _KEEP:
        return True
    import simplemma
    return all(simplemma.is_known(p, lang="nl") for p in low.split() if p not in _PARTICLE_WORDS)

def _kept_compound(tok: str) -> bool:
    """A capitalised compound headed by a kept brand or concept ("Excelbestand", "Facebookgroep")."""
    low = tok.casefold()
    for kept in ("excel", "word", "whatsapp", "facebook", "google", "youtube", "teams", "zoom", "wmo", "pgb"):
        if low.startswith(kept) and len(low) > len(kept) + 3 and _is_word(low[len(kept):]):
            return True
    return False

_PROPER = data_lines("proper_names.txt")

_PLACES = data_lines("places.txt")

_KEEP_NAMES = data_lines("keep_names.txt")

# places that are also Dutch words ("Best", "Hoorn", "Leiden") -> inhabitants; found by context only
_WORD_PLACES = {name: int(pop) for name, pop in (line.rsplit(" ", 1) for line in _read("word_places.txt"))}

# municipalities that are no populated place ("Dijk en Waard", "Meierijstad"); those that are words ("Buren",
# "Sluis") count as places only in a place context, like the word places (population unknown: the minimum)
for _m in _read("municipalities.txt"):
    if " " not in _m and _is_word(_m):
        _WORD_PLACES.setdefault(_m, 5_000)
    else:
        _PLACES = _PLACES | {_m}

# first names that the lexicon knows although they are no everyday word: in lower case still a name ("mohammed",
# "karin", "peter" in a chat)
_LOWER_NAMES = _words("aad aagje aaltje abraham albert alexander arie aron astrid bobby daan demi douwe ellen geert "
                      "geertje grietje hendrik jantje jasmijn johannes joop karel karin kim klaas koen "
                      "maarten marina mieke miep mohammed peter robert tim wim")

# first names that are everyday words: their lower-case form is the word ("hoop", "roos", "wil")
_NAME_WORDS = _words("roos hoop bloem wil bas ben iris rosa frank rob mark storm fleur jade sterre lente zomer "
                     "hemel erna lies els mei juni april august christian sem guus do bo tim max door jet "
                     "ernst merel mees amber jasmijn ton dik lieve")

_FILE_WORDS = _words("final draft def definitief versie concept copy kopie audio video transcript transcriptie "
                     "notes notities verslag new nieuw old oud clean anon anoniem export scan opname recording "
                     "interview focusgroep gesprek deel part mp3 wav m4a docx txt pdf edit edited")

_DISCOURSE = _words("ja nee nou oké ok goed dus maar en of want toen dan ook daarna kijk zeker precies echt "
                    "inderdaad klopt natuurlijk tja sorry hoor")

_PRONOUNS = _words("je jij u ik we wij ze zij hij het jullie men er dat dit die")

_PLACE_SUFFIXES = ("eiland", "bos", "park", "buurt", "polder", "veld", "dorp", "dam", "wijk", "kerk", "horst", "hoven", "veen", "broek", "meer", "koog", "burg",
                   "stad", "zijl", "rade", "hout", "loo", "ingen", "haven", "drecht", "woude", "wolde",
                   "berg", "bergen", "beek", "sum", "werd", "ward", "dijk", "zand", "hem", "kamp", "lo",
                   "mond", "sluis", "schans", "oord", "voort", "vliet", "wierum", "hoek", "heide",
                   "rijp", "ven", "weerd", "zande")

_INST_SUFFIXES = ("zorg", "groep", "stichting", "huis", "centrum", "stede", "heem", "borg", "state",
                  "school", "college", "kliniek", "praktijk")
