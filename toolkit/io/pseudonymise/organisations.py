"""Detectors for organisations: the organisations list, names with an institution word, compounds."""

from __future__ import annotations

import re
from toolkit.io.pseudonymise.common import _Add, _NAME, _UP, _is_initial
from toolkit.io.pseudonymise.lexicon import (
    _FIRST_NAMES, _INST_SUFFIXES, _KEEP_NAMES, _PLACES, _PLACE_SUFFIXES, _WORD_PLACES, _common_word, _is_kept,
    _is_word, _trie_pattern, _words, data_lines, data_phrase_pattern)

_INST_TYPES = (r"zorggroep|stichting|thuiszorg|thuiszorgorganisatie|woonzorgcentrum|verpleeghuis|zorgcentrum|"
               r"verzorgingshuis|huisartsenpraktijk|huisartsenpost|gezondheidscentrum|apotheek|ziekenhuis|"
               r"kliniek|woningcorporatie|woonstichting|corporatie|basisschool|school|scholengemeenschap|"
               r"college|vereniging|buurthuis|wijkcentrum|dagbesteding|dagcentrum|kerk|parochie|moskee|"
               r"zorgboerderij|zorginstelling|instelling|praktijk|fysiotherapiepraktijk|fysiotherapie|"
               r"tandartspraktijk|kinderopvang|revalidatiecentrum|hospice|welzijnsorganisatie|welzijn|"
               r"woongroep|wooncomplex|seniorenflat|flat|bejaardenhuis|bejaardentehuis|zorgorganisatie|"
               r"zorgaanbieder|ggz-instelling|centrum|bibliotheek|sportvereniging|voetbalvereniging|"
               r"koor|fanfare|supermarkt|bedrijf|fabriek|kantoor|buurtteam|wijkteam|sociaal\s+team|bureau|"
               r"coöperatie|cooperatie|club|orkest|harmonie|wmo-loket|zorgloket|loket|locatie|dorpshuis|"
               r"ontmoetingscentrum|inloophuis|buurtkamer|dagopvang|logeerhuis|zorghotel|mondzorg|fysio|bakkerij|"
               r"slagerij|kapsalon|garage|café|cafe|restaurant|hotel|kwekerij|tuincentrum|uitvaartcentrum|"
               r"uitvaartonderneming|rijschool|dansschool|sportschool|zwembad|obs|cbs|pcbs|rkbs|ikc|kindcentrum|sbo|"
               r"mantelzorg|mantelzorgpunt|mantelzorgsteunpunt|steunpunt|vrijwilligerscentrale|jeugdteam|ouderenbond|"
               r"vv|sv|rkvv|ijsclub|ijsvereniging|muziekvereniging|toneelvereniging|zangvereniging|gymvereniging|"
               r"thuishulp|diaconie|ggd|ggz|ribw")

# one trie alternation (each branch fails on its first letter: the pattern is tried at every capitalised word)
_INST_TYPES = _trie_pattern([t for t in _INST_TYPES.split("|") if "\\" not in t]) + r"|sociaal\s+team"

# the type word alone or ending a capitalised compound ("Shantykoor", "Onderzoeksbureau"); a local branch of a
# national service named by its region ("MEE de Meierij", "Wmo-loket Meierijstad")
_INST_RE = re.compile(
    rf"(?<![\w-])((?:(?:[{_UP}][^\W\d_]+?)?(?i:{_INST_TYPES})|MEE)(?:\s+(?i:de|het|'t))?\s+"
    rf"{_NAME}(?:\s(?:(?:voor|van|aan|en|op|in|de|het|'t|den|der|ter|ten)\s)?{_NAME}){{0,3}})")

# a name with its type after it in lower case: "Lelie zorggroep", "Kwadrant welzijn" (not at a sentence start)
_TYPE_AFTER_RE = re.compile(rf"(?<![\w'’-])({_NAME})[ \t]+(?:zorggroep|zorgorganisatie|thuiszorg|welzijn|ggz|"
                            r"zorgcentrum|woonzorg|jeugdzorg|ouderenzorg|wijkverpleging)(?![\w-])")

# a ward or unit by its name: "op de afdeling Kristal", ", afdeling Kristal", "paviljoen De Linde" (not "afdeling
# Neurologie", nor a department of the gemeente: "samen met de afdeling Klimaat")
_WARD_RE = re.compile(rf"(?:(?<![\w-])(?i:op|naar|van|in)[ \t]+(?:(?i:de)[ \t]+)?(?i:afdeling)|(?:^|[,(:][ \t]*)(?i:afdeling)"
                      rf"|(?<![\w-])(?i:unit|paviljoen|woongroep|woonunit))[ \t]+"
                      rf"((?:De[ \t]|Het[ \t]|'t[ \t])?{_NAME}(?:[ \t]{_NAME})?)")
_T_NAME_RE = re.compile(rf"(?<![\w-])(?:bij|via|vanuit|naar)[ \t]+(['’]t[ \t]({_NAME}))(?![\w'’-])")
_VIA_LOWER_RE = re.compile(r"(?<![\w-])(?i:via)[ \t]+([a-zà-ÿ][a-zà-ÿ]{3,})(?![\w@./-])")
_SPECIALTY_ENDS = ("logie", "atrie", "kunde", "chirurgie", "zorg", "hulp", "opname", "revalidatie", "interne")

_INST_WORDS = _words(
    "ziekenhuis gasthuis college lyceum gymnasium school basisschool scholengemeenschap academie hogeschool "
    "universiteit kliniek centrum medisch mc umc kerk gemeente broedergemeente moskee stichting vereniging "
    "zorg zorggroep thuiszorg wonen woningcorporatie voedselbank reclassering apotheek praktijk "
    "huisartsenpraktijk bibliotheek buurthuis wijkcentrum huis hospice revalidatiecentrum parochie "
    "sportvereniging voetbalvereniging bank verzekeringen welzijn groep instituut dienst diaconie thuishulp")

_INST_COMPOUND = ("kerk", "moskee", "ziekenhuis", "gasthuis", "huis", "hof", "heem", "stede", "zorg", "kliniek",
                  "college", "school", "centrum", "parochie", "synagoge", "koor", "gemeente")

_CAP_RUN_RE = re.compile(
    rf"(?<![\w'’-])(?:(?:Het|De|'t|Sint|St\.)\s?-?\s?)?{_NAME}"
    rf"(?:\s(?:(?:van\s+de|van\s+het|van\s+den|van|voor|aan\s+de|aan|op|de|het|en|der|a|à)\s)?(?:{_NAME}|[A-Z]{{2,5}}))*"
    rf"|(?<![\w'’-])[A-Z]{{2,5}}(?:\s{_NAME})+")

_ORG_RE = data_phrase_pattern("organisations.txt")

# a name with its legal form: "Bewindvoering Noorderkwartier B.V.", "Schildersbedrijf Hoekstra BV", "Jansen & Zn. VOF"
_LEGAL_FORM_RE = re.compile(rf"(?<![\w'’-])(?:{_NAME}|&|[A-Z]{{2,5}})(?:[ \t]+(?:{_NAME}|&|Zn\.|Zonen|[A-Z]{{2,5}}|van|de|den|der)){{0,4}}"
                            r"[ \t]+(?:B\.V\.|BV|N\.V\.|NV|V\.O\.F\.|VOF|C\.V\.|U\.A\.)(?![\w])")
_LEGAL_FORM_HINT_RE = re.compile(r"\b(?:B\.V\.|BV|N\.V\.|NV|V\.O\.F\.|VOF|C\.V\.|U\.A\.)(?!\w)")  # speed: most texts have none

_HYPHEN_INST_RE = re.compile(rf"(?<![\w'’-]){_NAME}-(?:kerk|moskee|ziekenhuis|gasthuis|kliniek|school|college|"
                             rf"centrum|huis|hof|stichting|zorg)(?![\w-])")

_ORG_LOWER = {e.casefold() for e in data_lines("organisations.txt") if " " in e}

_ORG_LOWER_RE = (re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(e) for e in sorted(_ORG_LOWER, key=len, reverse=True))
                            + r")(?![\w'’-])") if _ORG_LOWER else None)

# single-word names from the list that are no Dutch word (or a compound no one writes as a noun: "rivierduinen",
# "buurtzorg"), also in lower case ("ze werkt bij careyn"); not the compounds that are everyday nouns
_ORG_COMMON_NOUNS = frozenset("shell woonbedrijf vluchtelingenwerk reclassering waternet".split())
# names the lexicon reads as a word form (a lemma of "rivierduin") that no one writes in lower case but for the name
_ORG_NO_WORDS = frozenset("rivierduinen achmea aafje omring".split())
_ORG_WORDS_LOWER = sorted({e.casefold() for e in data_lines("organisations.txt")
                           if " " not in e and not e.isupper() and len(e) >= 5 and re.fullmatch(r"[^\W\d_]+", e)
                           and (not _is_word(e) or e.casefold() in _ORG_NO_WORDS
                                or (not _common_word(e) and e.casefold() not in _ORG_COMMON_NOUNS))},
                          key=len, reverse=True)
_ORG_WORD_LOWER_RE = (re.compile(r"(?<![\w'’@./-])(?:" + "|".join(map(re.escape, _ORG_WORDS_LOWER)) + r")(?![\w'’-])")
                      if _ORG_WORDS_LOWER else None)

_ACRONYM_RE = re.compile(r"(?<![\w-])(?:(?i:bij|van|naar|in|op|met|voor|via|door|uit)\s+(?:(?:de|het)\s+)?)([A-Z]{2,5})"
                         r"(?![\w'’-])")
# national bodies, schemes, diagnoses and other acronyms that name no local organisation
_GENERIC_ACRONYMS = _words(
    "ggz ggd cak svb uwv duo cbr bkr bki ciz cjg rivm rdw kvk ind coa abp pggm anwb ehbo vn eu nato "
    "wmo wlz zvw pgb zrm awbz aow anw wia wajong ww bbz ioaw wsw wsnp ov ns ptt kpn it mt ict hr "
    "poh spv copd ms adhd add ptss cva nah ic seh ok mri ct ecg hiv aids dbc pdd ass opd vso vog "
    "his starr fact ibs tbc vut bi fz pz jz als copd ad hbo mbo vwo havo vmbo pabo mavo lts lbo mts hts uva vu tu "
    "nos rtl tv dvd cd pc sms app vvd pvda cda sp pvv bbb gl d66 cu sgp fnv cnv cjib cbs nza igj "
    "bsn pdf usb gps wc sos bso kdv psz vve lvb nt2 eoc rvs ivf ok bmi ggz sbo mee wmo avg cv")

# those of them that employ people ("werk bij UWV als arbeidsdeskundige" is an employer, as Defensie in dev03)
_BODIES = _words("ggd cak svb uwv duo cbr ciz rdw ind coa abp pggm anwb kpn ns nos rtl cjib cbs nza igj kvk rivm mee")

# words written in capitals for stress: "hoe het met MIJ gaat", "voor HEM", "bij ONS" (no acronyms)
_SHOUTED = _words("mij me mijn ik jij jou jouw hem haar ons onze hun zij wij niet wel nu ook nog echt alles niks "
                  "niemand iedereen wat dat dit die daar hier thuis zelf")


# a name written in CamelCase: "ZorgSaam", "BuurtzorgPlus", "WelzijnWest" (not "McDonald", "DeVries", "LinkedIn")
_CAMEL_RE = re.compile(r"(?<![\w'’@./-])(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+|[a-z]{3,})(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)+"
                       r"(?![\w'’-]|\.\w)")
_CAMEL_PERSON = ("Mc", "Mac", "De", "Van", "Vd", "Le", "La", "Di", "Da", "Du", "Del", "Von", "Ter", "Ten", "El", "Al",
                 "Ben", "Abu", "Bin", "Fitz", "St")


def _camel_candidates(text: str, add: _Add) -> None:
    for m in _CAMEL_RE.finditer(text):
        word = m.group()
        head = re.match(r"[A-ZÀ-ÖØ-Þa-z][a-zà-öø-ÿ]+", word).group()
        if head not in _CAMEL_PERSON and not _is_kept(word) and word not in _KEEP_NAMES:
            add(9, m.start(), m.end(), "INSTELLING")


_TITLE_BEFORE_RE = re.compile(r"(?i:\b(?:mevrouw|mevr\.|mw\.|meneer|mijnheer|dhr\.|heer|familie|fam\.|dokter|"
                              r"dr\.|zuster|juf|meester)\s+(?:(?:van|de|der|den|ter|ten)\s+)*)$")


# a preposition opening a sentence before a name: "Via Stichting Mee kregen we ..." (not part of the name)
_LEADING_PREPS = frozenset("via bij naar met voor in op van door uit over na om tot sinds vanuit namens".split())

_SURNAME_PARTICLES = frozenset("van de der den het ter ten te op in 't la le du".split())

_CARE_PREFIXES = ("zorg", "thuiszorg", "welzijn", "wonen")


def _is_inst_compound(tok: str, initial: bool) -> bool:
    low = tok.casefold()
    for suf in _INST_COMPOUND:
        if low.endswith(suf) and len(low) >= len(suf) + 3:
            return not initial or not _is_word(tok) or "-" in tok
    return False

def _typed_word(word: str) -> bool:
    f = word.casefold().strip(".")
    return f in _INST_WORDS or (word[:1].isupper() and (f.endswith(_INST_COMPOUND) or f.startswith(_CARE_PREFIXES)))


def _sub_runs(m: re.Match[str]) -> list[tuple[int, int, str]]:
    """A run of capitalised words cut where it holds two names: at a line break ("Wmo | Gemeente Haaksbergen"),
    at "en" between two organisations ("De Zorgzaak | en | Stichting Welzijn Assen"), at "van" after a person
    ("Bulut | van | Huisartsenpraktijk De Worp", "mevrouw Wiersma | van | Amaryllis")."""
    text = m.string
    tokens = [(t.start() + m.start(), t.end() + m.start(), t.group()) for t in re.finditer(r"\S+", m.group())]
    lines: list[list[tuple[int, int, str]]] = [[]]
    for tok in tokens:
        if lines[-1] and "\n" in text[lines[-1][-1][1]:tok[0]]:
            lines.append([])
        lines[-1].append(tok)
    titled = _TITLE_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()) is not None
    out: list[tuple[int, int, str]] = []
    for n, line in enumerate(lines):
        parts = [line]
        for i, (_, _, w) in enumerate(line):
            left, right = line[:i], line[i + 1:]
            if not left or not right:
                continue
            if w == "en" and sum(x[2][:1].isupper() for x in right) >= 2 and any(_typed_word(x[2]) for x in right) \
                    and any(_typed_word(x[2]) for x in left):
                parts = [left, right]
                break
            person = titled and n == 0 and len(left) == 1  # "dokter Kamphuis van ...": a surname in -huis too
            if w in ("van", "voor", "bij") and (person or not any(_typed_word(x[2]) for x in left)) and (
                    _typed_word(right[0][2]) or person):
                parts = [right]
                break
        out += [(p[0][0], p[-1][1], text[p[0][0]:p[-1][1]]) for p in parts]
    return out


def _organisation_candidates(text: str, add: _Add) -> None:
    """Named organisations: the organisations list, runs of capitalised words holding an institution word
    ("Maasstad Ziekenhuis", "Huis van de Wijk Bospolder", "Gereformeerde Kerk Oud-Beijerland") and
    capitalised compounds with an institution ending ("Diakonessenhuis", "Mevlana-moskee")."""
    org_spans = [(m.start(), m.end()) for m in _ORG_RE.finditer(text)] if _ORG_RE else []
    for start, end in org_spans:
        add(9, start, end, "INSTELLING")
    for m in _HYPHEN_INST_RE.finditer(text):
        add(8.5, m.start(), m.end(), "INSTELLING")
    for m in _EXPLAINED_RE.finditer(text):
        if not _is_kept(m.group(1)):
            add(6.9, m.start(1), m.end(1), "INSTELLING")  # before the street detector (7): "De Watersteeg"
    for m in _LEGAL_FORM_RE.finditer(text) if _LEGAL_FORM_HINT_RE.search(text) else ():
        add(8.4, m.start(), m.end(), "INSTELLING")
    for rs, rend, group in (r for m in _CAP_RUN_RE.finditer(text) for r in _sub_runs(m)):
        words = group.split()
        start, end = rs, rend
        initial = _is_initial(text, start)
        if words[0] in ("Het", "De", "'t") and (initial or len(words) == 1):
            start += len(words[0]) + 1
            words = words[1:]
            initial = _is_initial(text, start)
        if not words:
            continue
        while len(words) > 1 and (words[0].islower() or (initial and words[0].casefold() in _LEADING_PREPS) or (
                initial and _is_word(words[0]) and words[0].casefold() not in _INST_WORDS and words[1].islower())):
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
            initial = False
        folded = [w.casefold().strip(".") for w in words]
        caps = [w for w in words if w[:1].isupper()]
        has_type = any(f in _INST_WORDS for f in folded) or len(caps) >= 2 and any(  # "Christelijke Huishoudschool"
            w[:1].isupper() and _is_inst_compound(w, False) and not w.casefold().endswith(("huis", "hof", "heem", "stede"))
            and (i or (len(words) == 2 and (not _is_word(words[1]) or words[1] in _PLACES)))  # "Mantelzorg Westfriesland"
            for i, w in enumerate(words)) or (  # "DOCK Amsterdam Nieuw-West": a local acronym
            words[0].isupper() and len(words[0]) > 1 and folded[0] not in _GENERIC_ACRONYMS
            and len(words) > 1 and words[1] in _PLACES and "\n" not in group)
        starts_org = any(s0 == start for s0, _ in org_spans) or (  # "bij De Kennemerhof": a home's name
            len(words) == 2 and words[0] in ("De", "Het", "'t") and _is_inst_compound(words[1], False)
            and re.search(r"(?i:\b(?:bij|naar|via|vanuit)\s+)$", text[max(0, start - 10):start]) is not None) or (  # "Jonge Mantelzorgers Zwolle": words, then a place
            len(words) >= 2 and words[-1] in _PLACES and not initial and all(
                w[:1].isupper() and _is_word(w) and w.casefold() not in _FIRST_NAMES | _SURNAME_PARTICLES
                and not _is_kept(w) for w in words[:-1])
            and not _TITLE_BEFORE_RE.search(text, max(0, start - 20), start))  # "dokter Van Rossum": a person
        if len(caps) >= 2 and (has_type or starts_org) and not (
                len(caps) == 2 and initial and all(_is_word(w) for w in caps)
                and not (folded[0] in _INST_WORDS and caps[-1] in _PLACES)):  # "Universiteit van Amsterdam"
            if all(_is_kept(w) for w in caps):
                continue
            add(8.5, rs if group.startswith(("Het ", "De ")) and not _is_initial(text, rs)
                else start, end, "INSTELLING")
        elif len(words) == 1 and _is_inst_compound(words[0], initial) and words[0] not in _KEEP_NAMES \
                and (not _is_kept(words[0]) or "-" in words[0]) \
                and not _TITLE_BEFORE_RE.search(text, max(0, start - 20), start) \
                and not _after_first_name_and_particle(text, start):  # "mevrouw Bolhuis", "Piet van Leeuwenhuis": a person
            s0 = rs if rs != start and not _is_initial(text, rs) else start
            if words[0].casefold().endswith(_PLACE_SUFFIXES) and "-" not in words[0]:
                continue  # "Marskerk", "Ouderkerk": a place as often as a church; the word pass decides
            add(9, s0, end, "INSTELLING")

_PARTICLE_BEFORE_RE = re.compile(r"(?<![\w'’-])([A-Z][a-zà-ÿ]+)[ \t]+(?:van|de|ter|ten|van[ \t]+de[rn]?)[ \t]+$")


def _after_first_name_and_particle(text: str, start: int) -> bool:
    m = _PARTICLE_BEFORE_RE.search(text, max(0, start - 30), start)
    return m is not None and m.group(1).casefold() in _FIRST_NAMES


def _typed_candidates(text: str, add: _Add) -> None:
    """A name after an institution type word or a compound of one: "Zorggroep Noorderlicht", "Shantykoor De
    Zeebonken", "buurthuis De Klimop" (a lower-case type word describes the name and stays), "wijkteam
    Beekveld" (a place, then)."""
    for m in _INST_RE.finditer(text):
        start = m.start(1)
        span = m.group(1).split("\n")[0]  # a name ends at a line break ("Wmo-loket Meierijstad\nAfwezig: ...")
        words = span.split()
        if len(words) < 2 or (len(words) == 2 and words[1] in ("de", "het", "'t")):
            continue
        if _is_kept(words[-1]) and len(words) == 2:
            continue
        if span[0].islower() and len(words) == 2 and words[1].casefold() in _FIRST_NAMES:
            continue  # "mijn thuishulp Ria", "de fysio Anja": a person (names.py)
        if span[0].islower():
            start += len(words[0]) + 1
            if words[1] in ("de", "het", "'t"):
                start += len(words[1]) + 1
        end = m.start(1) + len(span.rstrip())
        rest = text[start:end]
        if rest in ("Noord", "Zuid", "Oost", "West", "Centrum", "Midden") and re.match(r"(?i:wijkteam|buurtteam|sociaal)",
                                                                                 span):
            continue  # "wijkteam Zuid": a team named by its part of town only ("apotheek Centrum" is a name)
        place = rest in _PLACES or rest in _WORD_PLACES or (" " not in rest and rest.casefold().endswith(_PLACE_SUFFIXES)
                                    and not rest.casefold().endswith(_INST_SUFFIXES))
        add(9, start, end, "PLAATS" if span[0].islower() and place else "INSTELLING")

_SHOP_RE = re.compile(data_phrase_pattern("shops.txt").pattern.replace(r"(?![\w'’]|-\w)", r"(?![\w'’])"))
_SHOP_COMPOUND_RE = re.compile(r"-(?i:filiaal|winkel|supermarkt|vestiging|tas|tasje|pakket|bon|bonnetje|folder|"
                               r"parkeerplaats)\b")
# words that make a shop someone's employer (or school for an internship) rather than a landmark
_EMPLOYER_CUE_RE = re.compile(
    r"(?i:\b(?:werk\w*|gewerkt|baan\w*|bijbaan\w*|bijbaantje|dienst|stage\w*|stagiair\w*|vakkenvul\w*|caissi[eè]re|"
    r"kassamedewerk\w*|filiaalmanager|filiaalleider|bedrijfsleider|teamleider|afdelingsmanager|chef|collega\w*|ontslag\w*|ontslagen|"
    r"solliciteer\w*|gesolliciteerd|personeel\w*|contract|nachtdienst\w*|magazijn\w*)\b)")


# after the shop only the past or a job says employer: "bij V&D gewerkt", "bij de Hema werkte ze" (not "dat werkt")
_EMPLOYER_AFTER_RE = re.compile(r"(?i:\b(?:gewerkt|werkte|werkten|in\s+dienst|ontslagen|vakkenvuller|caissi[eè]re|"
                                r"kassamedewerker|filiaalmanager|bedrijfsleider|bijbaan\w*|stage\w*)\b)")


# a name explained by its type: "De Watersteeg, dat is een verpleeghuis", "Het Anker, een woonzorgcentrum",
# "De Kleine Wereld (basisschool)"
_EXPLAINED_RE = re.compile(
    rf"(?<![\w'’-])((?:(?:De|Het|'t)\s)?{_NAME}(?:\s{_NAME})?)(?:,\s+(?:(?:dat|die|het)\s+is\s+)?(?:een|de|het)\s+"
    r"(?:[a-zà-ÿ]+\s+)?|[ \t]\((?:een[ \t]+)?)(?i:verpleeghuis|verzorgingshuis|zorgcentrum|woonzorgcentrum|basisschool|school|dagbesteding|"
    r"kinderdagverblijf|kinderopvang|peuterspeelzaal|bso|"
    r"kerk|moskee|stichting|organisatie|zorgorganisatie|vereniging|ziekenhuis|kliniek|woningcorporatie|corporatie|"
    r"club|bedrijf|zorgboerderij|hospice|buurthuis|wijkcentrum|opvang|instelling)\b")


def _asked_about_work(text: str, line_start: int) -> bool:
    """Whether the line before the answer holding a shop asks about work ("Werk je ook?" - "Ja, bij de Jumbo")."""
    if text.rfind("\n", 0, line_start) < 0 and line_start == 0:
        return False
    start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    line = text[start:line_start].strip()
    return line.endswith("?") and _EMPLOYER_CUE_RE.search(line) is not None


def _shop_candidates(text: str, add: _Add) -> None:
    """Shops and chains: an employer ("ik werk bij de Jumbo", "vakkenvuller bij Albert Heijn", "bij V&D werkte")
    is an organisation; a shop as such ("naar de Hema", "naast de Lidl") names no one and is kept (a marker at
    priority 8.4 keeps the name and place passes off it)."""
    for m in _SHOP_RE.finditer(text) if _SHOP_RE else ():
        if text[m.end():m.end() + 1] == "-" and not _SHOP_COMPOUND_RE.match(text, m.end()):
            continue  # "Hema-rookworst": a product; "Jumbo-filiaal", "AH-tasje": the shop
        if m.group() == "Plus" and not re.match(r"\s+[A-Z]", text[m.end():]) and _is_initial(text, m.start()):
            continue  # "Plus, ..." opening a sentence: the word
        s0 = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        ends = [i for i in (text.find(c, m.end()) for c in ".!?\n") if i >= 0]
        e0 = min(ends) if ends else len(text)
        before, after = text[max(s0, m.start() - 60):m.start()], text[m.end():min(e0, m.end() + 30)]
        employer = _EMPLOYER_CUE_RE.search(before) or _EMPLOYER_AFTER_RE.search(after) or _asked_about_work(text, s0)
        add(9 if employer else 8.4, m.start(), m.end(), "INSTELLING" if employer else "MARKER")


# a public service named by its gemeente or part of town: only the place names someone ("Gemeente Zuidplas" (not
# "Hervormde Gemeente Nunspeet", a church), "Sociaal Team Deventer",
# "Steunpunt Mantelzorg Veenendaal"; a Wmo-loket stays whole, see test_pseudonymise_detectors.py); the national
# "Centrum voor Jeugd en Gezin" is kept
_SERVICE_RE = re.compile(
    r"(?<![\w-])(?P<head>(?:Gemeente|Sociaal[ \t]+(?:Wijk)?[Tt]eam|Sociale[ \t]+Wijkteams?|Wijkteams?|Buurtteams?|Jeugdteam|"
    r"Gezinsteam|Jeugd-[ \t]+en[ \t]+Gezinsteam|"
    r"Gebiedsteam|Steunpunt(?:[ \t]+Mantelzorg)?|Mantelzorg(?:steun)?punt|Mantelzorgcafé|Vrijwilligerscentrale|"
    r"Centrum[ \t]+voor[ \t]+Jeugd[ \t]+en[ \t]+Gezin)(?:[ \t]+(?:van|in|gemeente))?)"
    rf"(?:[ \t]+(?P<place>{_NAME}(?:[ \t]{_NAME})?))?")


# an organisation named by ordinary words and a small link after "bij", "van", "via": "bij Raad op Maat",
# "van Zin in Zorg", "bij Thuis in de Wijk", "Hart voor Zorg" (not places, first names, days or holidays; not
# "bij Onderzoek en Statistiek", a department)
_WORDS_NAME_RE = re.compile(r"(?<![\w-])(?i:bij|van|via|naar|vanuit)[ \t]+(?:(?:de|het)[ \t]+)?"
                            rf"(({_NAME})[ \t]+(?:voor|in|op|aan|in[ \t]+de|op[ \t]+de)[ \t]+({_NAME}))(?![\w'’-])")


def _word_name_candidates(text: str, add: _Add) -> None:
    for m in _WORDS_NAME_RE.finditer(text):
        words = (m.group(2), m.group(3))
        if all(_is_word(w) and w.casefold() not in _FIRST_NAMES and w not in _PLACES and w not in _WORD_PLACES
               and not _is_kept(w) and w not in ("Noord", "Oost", "Zuid", "West", "Midden") for w in words):
            add(8.45, m.start(1), m.end(1), "INSTELLING")


def _service_candidates(text: str, add: _Add) -> None:
    """A public service and its place (priority 8.3, before the runs of capitalised words)."""
    for m in _SERVICE_RE.finditer(text):
        place = m.group("place")
        before = re.search(r"(\S+)[ \t]+$", text[max(0, m.start() - 30):m.start()])
        if m.group("head").startswith("Gemeente") and before and before.group(1)[:1].isupper() \
                and before.group(1).isalpha():
            continue  # "Hervormde Gemeente Nunspeet": a church
        if place and place not in _PLACES and place not in _WORD_PLACES and place.split()[0] in _PLACES:
            place = place.split()[0]  # "Sociaal Team Deventer Noord"? the place, the rest the runs decide
        # an unknown name after the head may be the organisation's own ("Sociaal Team Oostzaan" is annotated whole in
        # dev17, "Steunpunt Mantelzorg" alone in dev42): those stay to the other detectors
        if place in _PLACES or place in _WORD_PLACES:
            add(8.3, m.start("head"), m.end("head"), "MARKER")
            add(8.3, m.start("place"), m.start("place") + len(place), "PLAATS")
        elif m.group("head").startswith("Centrum") or (not place and m.group("head").endswith("teams")):
            add(8.3, m.start("head"), m.end("head"), "MARKER")


def organisation_candidates(text: str, add: _Add) -> None:
    """All organisation detectors (priorities 8.4-9)."""
    _shop_candidates(text, add)
    _service_candidates(text, add)
    _word_name_candidates(text, add)
    _organisation_candidates(text, add)
    _typed_candidates(text, add)
    _camel_candidates(text, add)
    for rx in (_ORG_LOWER_RE, _ORG_WORD_LOWER_RE):
        for m in rx.finditer(text) if rx else ():
            add(9, m.start(), m.end(), "INSTELLING")
    for m in _VIA_LOWER_RE.finditer(text):  # "via saxenburgh?": a lower-case name that is no word, after "via"
        if not _is_word(m.group(1)) and m.group(1) not in _FIRST_NAMES:
            add(9, m.start(1), m.end(1), "INSTELLING")
    for m in _T_NAME_RE.finditer(text):  # "bij 't Kruispunt": a centre's or home's name, unless a place
        name = m.group(2)
        if name not in _PLACES and name not in _WORD_PLACES and m.group(1) not in _PLACES and not _is_kept(name) \
                and name.casefold() not in ("is", "was", "gaat", "komt", "kan", "moet", "wordt", "zit", "ligt", "staat"):
            add(9, m.start(1), m.end(1), "INSTELLING")
    for m in _WARD_RE.finditer(text):
        words = m.group(1).split()
        if not any(_is_kept(w) or w.casefold().endswith(_SPECIALTY_ENDS) for w in words) \
                and "gemeente" not in text[max(0, m.start() - 60):m.start()].casefold():  # a gemeente's department
            add(9, m.start(1), m.end(1), "INSTELLING")
    for m in _TYPE_AFTER_RE.finditer(text):
        if not _is_initial(text, m.start()) and not _is_kept(m.group(1)) and m.group(1).casefold() not in _INST_WORDS:
            add(9, m.start(), m.end(), "INSTELLING")
    for m in _ACRONYM_RE.finditer(text):  # "bij de TCA", "van het RIBW": a local organisation
        if m.group(1).casefold() not in _GENERIC_ACRONYMS and m.group(1).casefold() not in _SHOUTED:
            add(9, m.start(1), m.end(1), "INSTELLING")
        elif m.group(1).casefold() in _BODIES and _EMPLOYER_CUE_RE.search(  # "ik werk 36 uur bij UWV": an employer
                text, max(0, m.start() - 50, text.rfind("\n", 0, m.start()) + 1), m.start()):
            add(9, m.start(1), m.end(1), "INSTELLING")
