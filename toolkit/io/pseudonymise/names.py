"""Detectors for names of people: after a title or relation word, initials, speaker labels, names
with a particle, vocatives, appositions, lists of those present, lower-case names after a title."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from toolkit.io.pseudonymise.common import (
    _Add, _DOUBLE_RE, _INITIALS, _LOWER_TRAILER_RE, _NAME, _PART, _PERSON, _TRAILER_RE, _UP, _is_initial,
    _overlaps)
from toolkit.io.pseudonymise.lexicon import (
    _DISCOURSE, _FIRST_NAMES, _KEEP_NAMES, _PARTICLE_WORDS, _PLACES, _PRONOUNS, _ROLE_LABELS,
    _common_word, _is_kept, _is_word, _words, data_phrase_pattern)

_TITLES = (r"mevrouw|mevr\.?|mw\.?|meneer|mijnheer|menheer|m'neer|dhr\.?|de heer|heer|dokter|dr\.|zuster|"
           r"broeder|pastoor|pater|dominee|ds\.|hoca|hodja|juf|juffrouw|meester|tante|oom|ome|opa|oma|opoe|"
           r"neef|nicht|buurman|buurvrouw|collega|wethouder|burgemeester|huisarts|zoon|dochter|"
           r"kleinzoon|kleindochter|schoonzoon|schoondochter|man|vrouw|broer|broertje|zus|zusje|"
           r"zwager|schoonzus|schoonmoeder|schoonvader|vader|moeder|echtgenoot|echtgenote|partner|"
           r"vriend|vriendin|vriendje|kind|hulp|thuishulp|begeleider|begeleidster|casemanager|"
           r"consulent|consulente|verpleegkundige|verzorgende|maatje|vrijwilliger|vrijwilligster|"
           r"kleinkind|kleinzoon|stiefzoon|stiefdochter|buurjongen|buurmeisje|coördinator|coordinator|tolk|"
           r"mentor|therapeut|psycholoog|wijkverpleegkundige|wijkagent|ouderenadviseur|schuldhulpverlener|"
           r"zoontje|dochtertje|kleinzoon|achterkleinzoon|ex|heet|heette|heten|genaamd|noemde|noemen|"
           r"naam\s+is|noemt\s+(?:haar|hem)|noemen\s+(?:haar|hem)|noem\s+me|noemde\s+(?:haar|hem)|noemden\s+(?:haar|hem)|"
           r"ik\s+ben|dit\s+is|dat\s+is|hier\s+is|met")

# the name on the same line or the next, not after a comma closing a line ("Geachte heer, mevrouw,\n\nHierbij")
_TITLE_RE = re.compile(rf"(?<![\w.])(?i:{_TITLES})(?:,?[ \t]+|[ \t]*\n[ \t]*)[\"'“‘„]?({_PERSON})")

_INITIALS_RE = re.compile(rf"(?<![\w.])(?:{_INITIALS}\s?(?:{_PART}\s)?{_NAME}|[{_UP}]\.(?:[{_UP}]\.)+)")

_HEADINGS = _words("aan van onderwerp betreft kenmerk cc bcc tel telefoon email mail adres sfeer conclusie actie acties afspraak "
                   "afspraken vervolg besluit besluiten agenda bijlage bijlagen verslag notulen tijd duur plaats "
                   "locatie datum aanwezig aanwezigen afwezig deelnemers doel toelichting samenvatting noot "
                   "opmerking vraag antwoord thema kader context observatie gespreksleider interviewer let "
                   "verzonden ontvangen belde belt gebeld teruggebeld huisbezoek telefonisch terugbelverzoek")
# role nouns as labels ("Wijkverpleegkundige:", "Consulent:", "Tolk:") by their endings
_ROLE_NOUN_RE = re.compile(r"(?i:(?:kundige|ige|er|ster|ent|ente|eur|euse|ant|ist|aar|ier|leider|leidster|werker|"
                           r"medewerker|arts|agent|tolk|coach|hulp|lid|voorzitter|man|vrouw|moeder|vader|zoon|"
                           r"dochter|zus|broer|oma|opa|kind|partner|buur|buurman|buurvrouw|cliënt|client)$)")
_ADDRESS_TITLES = _words("mevrouw mevr. mw. meneer mijnheer menheer m'neer dhr. heer dokter dr. zuster broeder "
                         "pastoor pater dominee ds. hoca hodja juf juffrouw meester familie fam.")
# a label at a line start, after a time or a chat export's date and time ("[12-03-24 09:14:22] Naima B.:",
# "12-03-2024 09:14 - Sandra de Jong:")
_SPEAKER_RE = re.compile(rf"^[ \t]*(?:\[?\(?(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}},?[ \t]+)?"
                         rf"\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[.,]\d+)?[\])]?[ \t]*(?:-[ \t]*)?)?"
                         rf"({_NAME}(?: (?:{_PART} )?{_NAME})?(?: [{_UP}]\.)?)[ \t]*:", re.MULTILINE)

# the sender of a chat export line, in any case: "[12-03-24 09:17:40] tjitske:", "12-03-2024 09:14 - oma joke:"
_CHAT_SENDER_RE = re.compile(r"^[ \t]*\[?\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},?[ \t]+\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]*"
                             r"(?:-[ \t]*)?([^\W\d_][\w'’.-]*(?: [\w'’.-]+){0,3}?)[ \t]*:", re.MULTILINE)

# the sender or addressee in an e-mail header: "Aan: Welzijnwest <info@...>", "Van: Kees Brinkman"
_MAIL_HEADER_RE = re.compile(rf"^(?:Van|Aan|Cc|CC|Bcc|From|To|Afzender)[ \t]*:[ \t]*([{_UP}][^<>\n@:;,(]{{1,60}}?)"
                             r"[ \t]*(?:\([a-zà-ÿ][^()\n]{0,40}\))?"  # "(intern begeleider)": a role, no name
                             r"[ \t]*(?:<[^>\n]*>)?[ \t]*$", re.MULTILINE)

_PARTICLE_NAME_RE = re.compile(rf"(?<![\w'’-])(?:Van der|Van den|Van de|Van 't|Van|De|Den|Ter|Ten)\s({_NAME})")

_VOCATIVE_RE = re.compile(
    rf"(?:^|[.!?:]\s+|\n)(?i:dank\s+je(?:\s+wel)?|dank\s+u(?:\s+wel)?|dankjewel|bedankt|ja|nee|oké|ok|hoi|hallo|dag|"
    rf"goedemorgen|goedemiddag|goedenavond|welkom|sorry|tja|nou|kijk|hé|he|hè),?\s+({_NAME})(?=\s*[.!?,]\s)",
    re.MULTILINE)

_APPOSITION_RE = re.compile(
    rf"(?<![\w'’-])({_NAME}),\s+(?:(?:de|het)\s+[a-zà-ÿ]+\s+van\s|(?:mijn|onze|zijn|haar|hun)\s+[a-zà-ÿ]+[,.\s]"
    rf"|(?:de|het|mijn|onze|zijn|haar)\s+(?:\w+\s+)?(?:dochter|zoon|vader|moeder|man|vrouw|"
    rf"broer|zus|buurvrouw|buurman|buurjongen|vriend|vriendin|collega|coördinator|coordinator|begeleider|"
    rf"casemanager|tolk|huisarts|kleinzoon|kleindochter|partner|echtgenoot|echtgenote|oudste|jongste)\b)")

_NICKNAME_RE = re.compile(rf"(?<![\w'’-])({_NAME})[ \t]+\((?i:mevr\.|mw\.|mevrouw|dhr\.|meneer|de\s+heer)[ \t]+"
                          rf"{_NAME}[ \t]+(?:{_PART}[ \t])?{_NAME}")
_CLOSING_RE = re.compile(r"(?im)^[ \t]*(?:met[ \t]+)?(?:(?:vriendelijke|hartelijke|lieve|warme)[ \t]+)?"
                         r"(?:groet(?:en|jes)?|gr\.?|mvg|m\.v\.g\.|liefs|kusjes|doei|hoogachtend|dank(?:[ \t]+je)?(?:[ \t]+wel)?)"
                         r"[ \t]*[,!.]?[ \t]*\n[ \t]*([^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,2})[ \t]*$")
_SIGN_KIN = frozenset("oma opa opoe tante oom ome mama papa mam pap ma pa juf meester zuster dokter".split())
_NOT_SIGNERS = frozenset("het de team namens wij we ik de afdeling gemeente fam. fam familie mevrouw meneer dhr. mw.".split())
_PRESENT_RE = re.compile(r"(?im)^(?:aanwezig(?:en)?|deelnemers|afwezig|met)\s*:\s*([^\n]+)$")

_LOWER_TITLE_RE = re.compile(rf"(?<![\w.])(?i:{_TITLES}),?\s+([a-zà-ÿ][\w'’]+(?:-[a-zà-ÿ][\w'’]+)*)(?![\w-])")

_KEEP_RE = data_phrase_pattern("keep_names.txt")

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
    for m in _NICKNAME_RE.finditer(text):  # "Mar (mevr. Maria Sluijter, 83)": a nickname explained by the full name
        if m.group(1).casefold() not in _ROLE_LABELS | _DISCOURSE:  # also a kept word ("mar", dialect "maar")
            add(10, m.start(1), m.end(1), "PERSOON")
    for m in _CLOSING_RE.finditer(text):  # "Groetjes,\nmarjo": the name under a closing greeting, any case
        words, start = m.group(1).split(), m.start(1)
        if len(words) > 1 and words[0].casefold() in _SIGN_KIN:  # "oma truus": the kinship word stays
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        if words[0].casefold() not in _NOT_SIGNERS and any(
                w.casefold() in _FIRST_NAMES or not _is_word(w) for w in words):
            add(10, start, m.end(1), "PERSOON")
    for m in _PRESENT_RE.finditer(text):
        base = m.start(1)
        for part in re.finditer(rf"(?<![\w'’-])({_NAME}(?:\s(?:{_PART}\s)?{_NAME})*)", m.group(1)):
            name = part.group(1)
            if not _is_kept(name) and name.casefold() not in _ROLE_LABELS:
                add(10, base + part.start(1), base + part.end(1), "PERSOON")

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
        t = _TRAILER_RE.match(text, end)
        if lower and not (t and t.group().split()[0].casefold() in _PARTICLE_WORDS):
            t = _LOWER_TRAILER_RE.match(text, end)  # "jolanda van Beek", else "marieke bosman"
        if not t or _overlaps(occupied, t.start(), t.end()):
            return end
        last = t.group().split()[-1]
        particle = len(t.group().split()) > 1
        if _is_kept(last) or last in _KEEP_NAMES or last.casefold() in _ROLE_LABELS \
                or last.casefold() in _PARTICLE_WORDS or _PLACE_OR_ORG(last):
            return end
        if lower and last.islower() and _is_word(last) and not (particle and last in _SURNAME_WORDS):
            return end  # "kees van de overkant": a particle joins a lower-case name before a surname only
        end = t.end()

# surnames after a particle that are also Dutch words, the most frequent ones in the Netherlands
# ("de vries", "van den berg"); any other lower-case word after a particle must be no Dutch word
_SURNAME_WORDS = _words("vries jong boer groot wit bruin graaf haan berg bergh dijk meer linden leeuwen heuvel "
                        "broek veen wal beek laan lange ruiter vliet wijk leeuw dam loon ploeg koning rijn kok bosch "
                        "bos brink kamp horst vos wolf zanden ven steen hoek molen poel velde velden water zee geest "
                        "klerk bakker visser smit jager mol haas kuiper kamp sande zand burg hout rooij rooy bruyn")


def _PLACE_OR_ORG(word: str) -> bool:
    return word in _PLACES

_NOT_VERBS = _words("niet nooit altijd juist toch echt snel zeker gewoon eigenlijk vandaag morgen gisteren "
                    "straks daarna ineens opeens meteen soms vaak verder trouwens boven beneden buiten binnen "
                    "achter heerlijk prachtig slecht goed eerst laatst mooiste beste ziekte")


_NEIGHBOUR_RE = re.compile(r"[ \t]+(?i:van|bij)[ \t]+(?i:hiernaast|hierachter|hiertegenover|hierboven|hieronder|"
                           r"de\s+overkant|de\s+buren|boven|beneden|nummer\s+\d)\b")


def _name_follows(text: str, end: int) -> bool:
    """Whether a verb-like continuation or a surname follows a sentence-initial first name."""
    if re.match(r"[ \t]*\((?:[a-zà-ÿ]+|\d{1,3})\)", text[end:end + 30]):
        return True  # "Joke (buurvrouw) en ...", "Joke (76)": a role or an age in brackets
    if re.match(r"[ \t]*\((?i:mevr\.?|mw\.?|dhr\.?|mevrouw|meneer)[ \t]", text[end:end + 12]):
        return True  # "Mar (mevr. Maria Sluijter, 83) zit": a nickname before the full name
    m = re.match(r"(?:\s+(\w+))?", text[end:end + 30])
    nxt = m.group(1) if m and m.group(1) else ""
    if not nxt:
        return text[end:end + 1] in (".", ",", "?", "!", ":") or end >= len(text)
    if nxt[:1].isupper():  # a capitalised word right after it, on the same line: a surname
        return not _is_kept(nxt) and re.match(r"[ \t]", text[end:end + 1]) is not None
    if nxt.casefold() in _PARTICLE_WORDS and _TRAILER_RE.match(text, end):
        return True
    if _NEIGHBOUR_RE.match(text, end):  # "Mien van hiernaast hoorde hem", "Gijs van hierachter"
        return True
    low = nxt.casefold()
    if low in _words("is was heeft had komt kwam zegt zei belt belde gaat ging wil wilde kan kon moet moest zit "
                     "zat woont woonde werkt werkte doet deed vindt vond weet wist helpt hielp brengt bracht en zelf "
                     "ook heet zal zou mag mocht ligt lag staat stond loopt liep houdt hield krijgt kreeg"):
        return True
    # a finite verb: "Roos kookt", "Koos fietste" (not adverbs such as "niet", "net", "toch")
    return len(low) > 3 and low.endswith(("t", "de", "te", "den", "ten")) and low not in _NOT_VERBS

def _verb_reading(text: str, end: int) -> bool:
    """Whether a sentence-initial word reads as a verb: a pronoun follows ("Wil je ...", "Hoop dat ...")."""
    m = re.match(r"\s+(\w+)", text[end:end + 20])
    return bool(m) and m.group(1).casefold() in _PRONOUNS

# after "van" a street or an organisation, not a surname: "van de Gerbrandystraat", "van Zorgpartners", "van ZorgSaam"
_NOT_SURNAME_AFTER_VAN_RE = re.compile(
    r"(?:(?:de|het|'t)\s)?[A-Z][\w'’-]*?(?:straat|laan|weg|plein|singel|gracht|kade|dreef|steeg|zorg|partners|groep|"
    r"wonen|welzijn|thuiszorg|centrum|kliniek|praktijk)(?![\w'’-])|[A-Z][a-z]+[A-Z][a-z]+")


def person_cand(text: str, start: int, name: str,
                 add: Callable[[int, int, int, str], None], prio: int) -> None:
    name = re.split(r"[ \t]*\n", name)[0]  # a name does not run on to the next line
    tokens = name.split()
    # cut at the first capitalised word that is kept (a month, a country) or, after a surname, a
    # lexicon word; a capitalised word right after a first name is a surname ("Joke Hofstede")
    keep: list[str] = []
    for i, tok in enumerate(tokens):
        if _is_kept(tok) and tok.casefold() not in _PARTICLE_WORDS and not (tok == "A" and 0 < i < len(tokens) - 1):
            break
        if tok == "van" and i > 0 and _NOT_SURNAME_AFTER_VAN_RE.match(" ".join(tokens[i + 1:])):
            break  # "mevrouw Ramkisoen van Zorgpartners", "meneer Brouwer van de Gerbrandystraat": who, then where
        if len(tok) > 1 and tok.replace(".", "").isupper() and not tok.endswith("."):
            break  # an acronym ("verzorgende IG")
        if i > 0 and tok[0].isupper() and _is_word(tok) and tok.casefold() not in _FIRST_NAMES \
                and tokens[i - 1].casefold() not in _PARTICLE_WORDS and tok != "A" and tokens[i - 1] != "A" \
                and not (i == 1 and tokens[0].casefold() in _FIRST_NAMES):
            break
        keep.append(tok)
    while keep and (keep[-1].casefold() in _PARTICLE_WORDS or keep[-1] == "A"):
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

# a title or family word before initials alone: "Mevr. K.", "dhr. P.", "mw. De B.", "meneer K. v.d. M." (the
# title stays, the initials are the person)
_TITLE_INITIALS_RE = re.compile(
    r"(?<![\w.])(?i:mevrouw|mevr\.?|mw\.?|meneer|mijnheer|menheer|dhr\.?|heer|dokter|dr\.|zuster|broeder|pastoor|"
    r"pater|dominee|ds\.|juf|juffrouw|meester|familie|fam\.|tante|oom|opa|oma|buurman|buurvrouw|collega|wethouder|"
    rf"huisarts)\s+((?:{_PART}\s)?[{_UP}]\.(?:\s?[{_UP}]\.){{0,3}}(?:\s(?:{_PART}|v\.d\.|vd)\s?[{_UP}]\.)?)(?!\w)")

_TITLE_SURNAME_RE = re.compile(rf"[ \t]({_NAME}(?:-(?:{_PART}[ \t])?{_NAME})*)(?![\w'’-])")

_NOT_SURNAMES = _PRONOUNS | _DISCOURSE | _NOT_VERBS | _words(
    "daar hier er nu wel eerst later misschien vanochtend vanmiddag vanavond wie wat waar hoe waarom")

_INITIALS_PAREN_RE = re.compile(rf"(?<![\w.]){_INITIALS}\s?\({_NAME}\)\s(?:{_PART}\s)?{_NAME}")


def _initials_candidates(text: str, add: _Add) -> None:
    """Initials with a surname ("J. de Boer", "R. (Ramon) Wessels") and bare initials ("A.B."), priority 10."""
    for m in _TITLE_INITIALS_RE.finditer(text):
        end = m.end(1)
        sur = _TITLE_SURNAME_RE.match(text, end)  # "mevrouw B. Visser kwam", not "meneer O. Helemaal niet"
        if sur and not _is_kept(sur.group(1)) and sur.group(1).casefold() not in _NOT_SURNAMES and (
                "-" in sur.group(1) or _name_follows(text, sur.end())
                or re.match(r"[ \t]+(?:dat|die|ook|nog|al)\b|[ \t]*(?:[,;)]|\n|$)", text[sur.end():])
                or not _common_word(sur.group(1))):  # "dr. E. Kamphuis" closing a list, "mw. J. Öztürk kwam"
            end = sur.end()
        add(10, m.start(1), end, "PERSOON")
    for m in _INITIALS_PAREN_RE.finditer(text):
        add(9.9, m.start(), _extend_person(text, m.end(), []), "PERSOON")
    for m in _INITIALS_RE.finditer(text):
        g = m.group()
        if g.replace(" ", "").upper() in ("N.B.", "P.S.", "O.K.", "T.V.", "B.V.", "N.V.", "E.O.", "A.U.B."):
            continue
        tokens = g.replace(".", ". ").split()
        last = tokens[-1]
        if not last.endswith(".") and sum(t.endswith(".") for t in tokens) == 1 \
                and tokens[-2].endswith(".") and (_is_word(last) or last.isupper()) \
                and not (last[1:].islower() and last.casefold() not in _NOT_SURNAMES and (last.casefold() in _SURNAME_WORDS
                                                 or re.match(r"[ \t]*(?:[,;)]|\n|$)", text[m.end():]))):
            continue  # "meneer O. Helemaal": an initial, then a new sentence (not "W. Dekker" ending a line)
        add(9.45 if last in _PLACES else 10, m.start(), m.end(), "PERSOON")  # "M. Aydın": a surname, no place

def _lower_name_candidates(text: str, add: _Add) -> None:
    """Lower-case names after a title or relation word ("tante gerdien", "ik ben anne-marie de jong")."""
    pos = 0
    while (m := _LOWER_TITLE_RE.search(text, pos)) is not None:
        tok = m.group(1)
        pos = m.end()
        parts = tok.split("-")
        if _is_kept(tok) or tok.casefold() in _DISCOURSE:
            pos = m.start(1)  # a title after a title: "casemanager, mw kasanwirjo"
            continue
        weak = re.match(r"(?i:met|ik\s+ben|dit\s+is|dat\s+is|hier\s+is|heet|heette)\b", m.group())
        kin = re.match(r"(?i:tante|oom|ome|opa|oma|opoe|juf|juffrouw|meester|zuster|broer|zus|neef|nicht)\b", m.group()) \
            and tok not in ("ben", "wil", "mag", "kan", "zal", "was", "heb")  # "dat ik haar broer ben."
        first = all(p in _FIRST_NAMES for p in parts) and (not _common_word(tok) or (  # "tante els?", "zus roos komt"
            bool(kin) and _name_follows(text, m.end(1)) and not re.match(r"[ \t]+[a-zà-ÿ]", text[m.end(1):m.end(1) + 2])
            or bool(kin) and re.match(r"[ \t]+(?:komt|kwam|zegt|zei|belt|belde|is|was|heeft|had)\b", text[m.end(1):])))
        if first or (not weak and not _is_word(tok)):  # "met valrisico", "ik ben nie": no names
            add(10, m.start(1), _extend_person(text, m.end(1), []), "PERSOON")

def _speaker_candidates(text: str, add: _Add) -> None:
    """Speaker labels that are names: a first name or a non-word ("Greet:"), or any label that opens
    two or more lines and is no role ("Hoop:", "Storm:" in a focus group; "Noot:" once is a heading)."""
    matches = [m for m in _SPEAKER_RE.finditer(text)]
    seen = Counter(m.group(1) for m in matches)
    for m in matches:
        label = m.group(1)
        first = label.split()[0]
        if label.casefold() in _ROLE_LABELS | _HEADINGS or first.casefold() in _ROLE_LABELS | _HEADINGS:
            continue
        if first.casefold() in _FIRST_NAMES or not _is_word(first) or (
                seen[label] >= 2 and not _is_kept(label) and not _ROLE_NOUN_RE.search(label)):
            add(10, m.start(1), m.end(1), "PERSOON")
    for m in _CHAT_SENDER_RE.finditer(text):  # "oma joke": the name after a kept word
        start, label = m.start(1), m.group(1)
        while " " in label and _is_kept(label.split()[0]):
            start += len(label.split()[0]) + 1
            label = label.split(" ", 1)[1]
        if " " not in label and _is_word(label) and label.casefold() not in _FIRST_NAMES:
            continue  # "Mama:", "Werk:": a word, no name
        if label.casefold() not in _ROLE_LABELS and not _is_kept(label):
            add(10, start, m.end(1), "PERSOON")


def _mail_header_candidates(text: str, add: _Add) -> None:
    """Who sends and receives an e-mail: a person, or an organisation when every word is a Dutch word
    ("Aan: Welzijnwest", "Aan: Onderzoeksbureau Kwalitatief")."""
    for m in _MAIL_HEADER_RE.finditer(text):
        value = m.group(1)
        if _is_kept(value) or value.casefold() in _ROLE_LABELS | _HEADINGS:
            continue
        kind = "INSTELLING" if all(_is_word(w) and w.casefold() not in _FIRST_NAMES for w in value.split()) \
            else "PERSOON"
        add(10, m.start(1), m.end(1), kind)


# a month that is a given name before a name ("Mei Ling Wong", "Wong, Mei Ling", "April Jansen"); not after a day
# number ("5 Mei Jansen" does not occur, "op 5 Mei" is a date)
_MONTH_NAME_RE = re.compile(rf"(?<![\w'’-])(?<!\d[ \t])(Mei|April|Juni|Juli)[ \t]+({_NAME})(?:[ \t]+({_NAME}))?(?![\w'’-])")


def _month_name_candidates(text: str, add: _Add) -> None:
    for m in _MONTH_NAME_RE.finditer(text):
        if m.group(2).casefold() in _FIRST_NAMES or not _is_word(m.group(2)):
            end = m.end(3) if m.group(3) and not _is_word(m.group(3)) else m.end(2)
            add(9.7, m.start(1), end, "PERSOON")


def name_candidates(text: str, add: _Add) -> None:
    """All first-pass person detectors (priority 10); kept names ("Bach", "Willem van Oranje") at 9.8."""
    for m in _KEEP_RE.finditer(text) if _KEEP_RE else ():
        add(9.8, m.start(), m.end(), "MARKER")
    for m in _TITLE_RE.finditer(text):
        name, start = m.group(1), m.start(1)
        title = text[m.start():start].strip(" ,").casefold()
        first = name.split()[0]
        if "\n" in text[m.start():start] and (text[m.end(1):m.end(1) + 1] == ":" or (
                _is_word(first) and first.casefold() not in _FIRST_NAMES)):
            continue  # "... klacht Wmo vader\nBetreft: ...": a title ending a line, then a heading or a word
        if name.startswith("van ") and title not in _ADDRESS_TITLES:  # "de vader van Mira": not a surname
            name, start = name[4:], start + 4
        # "dokter Van Rossum", "mevrouw De Bilt": a capitalised particle after a title makes a surname, also when
        # the rest is a place name (which would win at 9.5)
        person_cand(text, start, name, add, 9.45 if re.match(r"(?:Van|De|Den|Der|Ter|Ten|Op|In)\s", name) else 10)
    _initials_candidates(text, add)
    for m in _PARTICLE_NAME_RE.finditer(text):  # "het over Van der Laan", "met De Groot"
        alone = re.match(r"[ \t]*[.!?](?:\s|$)", text[m.end():m.end() + 3]) and not _is_word(m.group(1))
        if (alone or not _is_initial(text, m.start())) and not _is_kept(m.group(1)):  # "Toon: Van der Heijden."
            person_cand(text, m.start(), m.group(), add, 10)
    _speaker_candidates(text, add)
    _mail_header_candidates(text, add)
    _name_context_candidates(text, add)
    _lower_name_candidates(text, add)
    _month_name_candidates(text, add)
