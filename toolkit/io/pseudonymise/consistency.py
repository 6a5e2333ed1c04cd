"""The second pass: capitalised words that are names, and every other mention of a name already found
in this document or mapped earlier (in any position, in lower case, with its surname)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from toolkit.io.pseudonymise.common import _LOWER_WORD_RE, _UP, _WORD_RE, _is_initial, _overlaps, _surname
from toolkit.io.pseudonymise.lexicon import (
    _words,
    _FIRST_NAMES, _INST_SUFFIXES, _KEEP_NAMES, _LOWER_NAMES, _NAME_WORDS, _PARTICLE_WORDS, _PLACE_SUFFIXES, _PROPER,
    _ROLE_LABELS, _WORD_PLACES, _common_word, _is_kept, _is_word, _kept_compound)
from toolkit.io.pseudonymise.names import _extend_person, _name_follows, _verb_reading

# first names that are also kept spoken words ("mien" = mijn, "mar" = maar): names only in a name context
_SPOKEN_NAMES = frozenset({"mien", "mar"})
_SPOKEN_NAME_RE = re.compile(r"[ \t]+(?:(?:komt|kwam|doet|deed|belt|belde|zegt|zei|zit|zat|woont|heeft|wil|wilde)\b|"
                             r"(?:van|bij)[ \t]+(?:hiernaast|hierachter|hiertegenover|hierboven|de\s+overkant)\b)"
                             r"|[ \t]*\((?i:mevr\.?|mw\.?|mevrouw|dhr\.?|meneer)[ \t]")

def guess_kind(token: str, doc_forms: Mapping[str, str] | None = None,
               kind_of: Callable[[str], str | None] = lambda s: None) -> str:
    """PLAATS, INSTELLING or PERSOON for an unknown capitalised word, by its ending."""
    low = token.casefold()
    if token in _WORD_PLACES or any(low.endswith(s) and len(low) > len(s) + 2 for s in _PLACE_SUFFIXES):
        return "PLAATS"
    # inhabitants and adjectives of places: "Marskerker", "Westerkoogse", "Ravenbroeks"
    for suffix in ("ers", "er", "se", "s", "e"):
        if low.endswith(suffix) and len(low) > len(suffix) + 3:
            stem = token[: -len(suffix)]
            for cand in (stem, stem[:-1] + stem[-1] * 2 if stem[-1:] in "gk" else stem, stem + "e"):
                k = (doc_forms or {}).get(cand) or kind_of(cand)
                if k == "PLAATS" or any(cand.casefold().endswith(s) for s in _PLACE_SUFFIXES):
                    return "PLAATS"
    if any(low.endswith(s) and len(low) > len(s) + 2 for s in _INST_SUFFIXES) \
            or any(low.startswith(s) and len(low) > len(s) + 2 for s in _INST_PREFIXES):
        return "INSTELLING"
    return "PERSOON"

# the rest of a line after a lower-case first name: one more word, perhaps after a particle ("petra brouwer")
_NAME_LINE_RE = re.compile(r"[ \t]+((?:(?:van der|van den|van de|van|de|ter|ten)[ \t]+)?[a-zà-ÿ][\w'’-]{2,})[ \t]*(?=\n|$)")

_PARTICLE_TRAILER_RE = re.compile(r"[ \t]+(?:van|de|van de|van der|van den|ter|ten)[ \t]+[A-Z]")

# an unknown word after these is an organisation rather than a person: "ze werkt bij Vitens", "op de wachtlijst
# bij GGNet", "de dagbesteding van Icare", "de casemanager van Omring"; or before: "bij Auping gewerkt"
_ORG_BEFORE_RE = re.compile(
    r"(?i:\b(?:(?:werk|werkt|werkte|werkten|werken|gewerkt|baan|bijbaan|bijbaantje|stage|dienst|wachtlijst|aangemeld|"
    r"ingeschreven|opgenomen|cliënt|client|patiënt|huurder|onder\s+behandeling|in\s+behandeling|in\s+zorg)"
    r"(?:\s+[a-zà-ÿ]+){0,3}?\s+(?:bij|via)|(?:dagbesteding|thuiszorg|wijkverpleging|wijkverpleegkundige|casemanager|"
    r"ergotherapeut|fysiotherapeut|begeleiding|behandelaar|woonbegeleider|alarmknop|alarmering|huismeester|"
    r"verhuurder|woningcorporatie|corporatie|zorgaanbieder|welzijnswerker|opbouwwerker|maatschappelijk\s+werker|"
    r"vrijwilliger|vrijwilligers)\s+(?:van|bij|via))\s+(?:de\s+|het\s+)?)$")
_ORG_AFTER_RE = re.compile(
    r"(?i:\s+(?:(?:heb|heeft|hebben|had|hadden)\s+(?:\w+\s+){0,3}?gewerkt|gewerkt|werkt|werkte|werkten|"
    r"in\s+dienst)\b|,\s+(?:de|het|een|onze|hun|haar|zijn)\s+(?:\w+\s+)?(?:woningcorporatie|corporatie|"
    r"zorgaanbieder|zorgorganisatie|thuiszorg\w*|welzijnsorganisatie|verhuurder|werkgever|stichting|instelling)\b)")


def _org_context(text: str, start: int, end: int) -> bool:
    """Whether the words around an unknown capitalised word make it an organisation."""
    after = _ORG_AFTER_RE.match(text, end)
    if after and after.group().startswith(","):
        return True  # "Elkien, de woningcorporatie"
    if after and re.search(r"\bbij\s+(?:de\s+|het\s+)?$", text[max(0, start - 20):start]):
        return True  # "zesendertig jaar bij Vitens gewerkt"
    return _ORG_BEFORE_RE.search(text[max(0, start - 60):start]) is not None


# prepositions, articles and conjunctions that are never a name on their own ("De", "In" of a surname come with a
# capital after them; pronouns and adverbs are left out: "Al", "Nu", "Ze" can be names)
_FUNCTION_WORDS = _words("in op aan bij met voor naar uit om over onder tussen tegen tijdens volgens sinds zonder "
                         "de het een en of maar want dus als toen dat deze dit hoe waar er")

# what follows a particle that opens a surname: "Van der Ploeg", "In 't Veld", "Op den Akker", "De Vries"
_SURNAME_REST_RE = re.compile(r"[ \t]+(?:(?:der|den|de|het|'t|la|le|van|ter|ten)[ \t]+)*[A-Z]")

_CAPITAL_BEFORE_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]*[ \t]+$")

_INST_PREFIXES = ("zorg", "thuis", "welzijn", "woon", "wonen", "buurtzorg")  # "Zorgsaam", "Welzijnwest"

_NOT_INSIDE = _words("als er dat dit die de het een en of maar want dus toen dan nou ja nee sorry oke oké goed "
                     "ochtends middags avonds nachts morgens zondags eerste tweede derde rijk raad orde "
                     "noord zuid oost west midden centrum")


_NO_PERSON_BEFORE = _words("het 't afdeling dienst sector cluster")


def _capital_inside(text: str, start: int, tok: str) -> bool:
    """A Dutch word written with a capital inside a sentence is a name there ("dat is Riek", "van
    Bloem"), unless it follows "'s" ("'s Ochtends"), a quote or a title-case run, or is a function word."""
    before = text[max(0, start - 3):start]
    if tok.casefold() in _NOT_INSIDE or before.endswith(("'s ", "’s ", "'t ", "’t ")) or before[-1:] in "\"'“‘(-/":
        return False
    prev = re.search(r"(\S+)\s+$", text[max(0, start - 40):start])
    if prev and prev.group(1).casefold() in _NO_PERSON_BEFORE and not re.match(
            rf"[ \t]+[{_UP}]", text[start + len(tok):start + len(tok) + 3]):
        return False  # "richting het Kanaal", "afdeling Klachtbehandeling" (not "op het Grote Noord")
    if _heading_line(text, start):
        return False  # "Werk en Zorg", "Wonen en Welzijn": a title-case heading
    return not (prev and prev.group(1)[:1].isupper() and _is_word(prev.group(1).strip(",;")))


_HEADING_SMALL = frozenset("en of van de het voor in op met bij aan over na als".split())


def _heading_line(text: str, pos: int) -> bool:
    """Whether `pos` lies on a short title-case line of Dutch words without sentence punctuation."""
    ls, le = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
    line = text[ls:le if le >= 0 else len(text)].strip()
    words = line.split()
    if not 2 <= len(words) <= 6 or line[-1:] in ".,;:!?" or not line[:1].isupper():
        return False
    return all(w in _HEADING_SMALL or (w[:1].isupper() and _is_word(w)) for w in words)


_ELIDED_IK_RE = re.compile(r"(?<![\w'’])['’]k[ \t]+$")


def word_candidates(text: str, accepted: list[tuple[int, int, str]],
                    kind_of: Callable[[str], str | None]) -> list[tuple[float, int, int, str]]:
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
        initial = _is_initial(text, start)
        if _is_kept(tok) or tok in _KEEP_NAMES or _kept_compound(tok):
            if not (tok.casefold() in _SPOKEN_NAMES and _SPOKEN_NAME_RE.match(text, end)):
                continue  # "Mien moeder" (dialect "mijn"), not "Mien van hiernaast belde", "Mar doet niet mee"
        if tok.casefold() in _FUNCTION_WORDS and not _SURNAME_REST_RE.match(text, end) \
                and not _CAPITAL_BEFORE_RE.search(text, max(0, start - 40), start):
            continue  # "Samenvatting – In het gesprek", "Vraag 3 In hoeverre" (not "Welzijn Op Maat": a name)
        word = _is_word(tok) and tok not in _PROPER
        if word and _ELIDED_IK_RE.search(text, max(0, start - 4), start):
            continue  # "'k Ben Wim": the verb after an elided "ik" (capitalised when it opens a sentence)
        known_kind = doc_forms.get(tok) or kind_of(tok)
        if known_kind:
            if initial and word and _verb_reading(text, end):
                continue
            kind = known_kind
        elif tok.casefold() in _FIRST_NAMES:
            if initial and word and not _name_follows(text, end):
                continue
            kind = "PERSOON"
        elif word and (initial or not _capital_inside(text, start, tok)):
            continue
        elif initial and tok.casefold() in _ROLE_LABELS:
            continue
        else:
            kind = guess_kind(tok, doc_forms, kind_of)
            if kind == "PERSOON" and _org_context(text, start, end):
                kind = "INSTELLING"  # "de dagbesteding van Icare", "werkte bij Auping", "Elkien, de corporatie"
            if kind == "PLAATS" and tok in _WORD_PLACES and _PARTICLE_TRAILER_RE.match(text, end):
                kind = "PERSOON"  # "Peer van Hoof": a first name before a surname, not the town
        if kind == "PERSOON":
            end = _extend_person(text, end, occupied)
        out.append((12, start, end, kind))
    for m in _LOWER_WORD_RE.finditer(text):  # "jolanda", "kees": lower-case first names
        tok = m.group(1)
        if tok in _FIRST_NAMES and (not _is_word(tok) or tok in _LOWER_NAMES or _name_pair(text, m.start(), m.end())) \
                and not _overlaps(occupied, m.start(), m.end()):
            end = _extend_person(text, m.end(), occupied)
            line = _NAME_LINE_RE.match(text, end) if end == m.end() else None
            if line and not text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip() \
                    and not _name_follows(text, end) and not _overlaps(occupied, end, line.end(1)):
                end = line.end(1)  # "petra brouwer" alone on a line: a chat or post's author
            out.append((12, m.start(), end, "PERSOON"))
    return out

_PAIR_AFTER_RE = re.compile(r"[ \t]+en[ \t]+([a-zà-ÿ]+)\b")
_PAIR_BEFORE_RE = re.compile(r"\b([a-zà-ÿ]+)[ \t]+en[ \t]+$")


def _name_pair(text: str, start: int, end: int) -> bool:
    """"met bram en lotte": a first name that is also a word, paired by "en" with a first name that is none."""
    after = _PAIR_AFTER_RE.match(text, end)
    before = _PAIR_BEFORE_RE.search(text, max(0, start - 30), start)
    return any(p and p.group(1) in _FIRST_NAMES and not _is_word(p.group(1)) for p in (after, before))


def consistency_candidates(text: str, accepted: list[tuple[int, int, str]], mapping: Mapping[str, Sequence[str]]
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
    for placeholder, originals in mapping.items():
        kind = placeholder[1:].rsplit("-", 1)[0]
        if kind in ("PERSOON", "PLAATS", "INSTELLING"):
            for form in originals:
                forms.setdefault(form, kind)
    variants: dict[str, str] = {}
    for form, kind in forms.items():
        if len(form) < 2 or _is_kept(form) or form in _KEEP_NAMES:
            continue
        if (form[:1].islower() and _common_word(form)) or form.casefold() in _PARTICLE_WORDS:
            continue  # "verhuisd naar best": not "hij doet zijn best"; a lone "Van" is no name to look for
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
