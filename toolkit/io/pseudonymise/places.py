"""Detectors for places: the gazetteer, countries, place names after "in", "uit", "naar", "te" ..."""

from __future__ import annotations

import re
from toolkit.io.pseudonymise.common import PLACE_OR_PERSON, _Add, _LOWER_WORD_RE, _NAME, _UP, _WORD_RE, _is_initial
from toolkit.io.pseudonymise.lexicon import (
    _COUNTRY_SET, _FIRST_NAMES, _KEEP_NAMES, _PLACES, _PLACE_SUFFIXES, _PROPER, _WORD_PLACES, _common_word, _is_kept,
    _is_word)

_COUNTRY_RE = re.compile(r"(?<![\w'’-])(?:" + "|".join(
    re.escape(c[:1].upper() + c[1:]) for c in sorted(_COUNTRY_SET, key=len, reverse=True)) + r")(?![\w'’-])")

_PLACE_TRIGGER_RE = re.compile(
    rf"(?<![\w-])(?i:in|uit|naar|te|vanuit|richting|nabij|omgeving|gemeente|regio|dorp|stad|stadje|"
    rf"wijk|buurt|woonplaats|wonend\s+te|geboren\s+in)\s+"
    rf"((?:'s-|'t\s|[Dd]e\s|[Dd]en\s|[Hh]et\s|[Ss]int[- ]|[Ss]t\.\s?)?{_NAME}"
    rf"(?:(?:\s|-)(?:aan\s+den|aan\s+de|aan\s+het|op\s+de|op|bij|in|onder|over|binnen|buiten|van|a/d)(?:\s|-){_NAME})?"
    rf"(?:\s{_NAME})?)")

_POSTCODE_PLACE_RE = re.compile(rf"\b[1-9]\d{{3}}[ ]?[A-Z]{{2}}[ ,]+((?:'s-)?{_NAME}(?:[ -]{_NAME})?)")

# a district after a place: "Almere Haven", "Rotterdam-Zuid", "Amersfoort-Vathorst"
_PLACE_QUALIFIER_RE = re.compile(r"[- ](?:Noord|Zuid|Oost|West|Centrum|Centraal|Haven|Buiten|Stad|Dorp|"
                                 r"Noordwest|Noordoost|Zuidwest|Zuidoost)(?![\w-])|-[A-Z][^\W\d_]{2,}(?![\w-])")

_GAZ_WORD_RE = re.compile(r"(?:\s|-)?(?:'s-)?[^\W\d_][\w'’]*")

_PLACE_PREP_RE = re.compile(r"(?i:\b(?:in|uit|naar|te|vanuit|richting|bij|rond)\s+(?:de\s+)?)$")

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
                    "aan", "den", "op", "de", "bij", "in", "van", "ter", "ten", "en")):
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
        if prev and prev.group(1).casefold() in _FIRST_NAMES and (
                prev.group(1)[:1].isupper() or not _is_word(prev.group(1))):
            continue  # "Hennie Zwanenburg", "jolanda van Beek": a surname that is also a place
        q = _PLACE_QUALIFIER_RE.match(text, best)
        if q:
            best = q.end()
        add(9.5, start, best, "PLAATS")

_PAREN_DISTRICT_RE = re.compile(rf"(?<![\w'’-])((?:'s-)?{_NAME}(?:[ -]{_NAME})?)[ \t]+\(({_NAME})\)")


def _trigger_candidates(text: str, add: _Add) -> None:
    """A capitalised name after "in", "uit", "naar", "te", "gemeente", ... (priority 11); the place after
    a postcode. A name that is not a first name gets the kind PLACE_OR_PERSON: a person when the mapping
    knows it as one, else a place (decided in detect.finish, the only step that reads the mapping)."""
    for m in _PAREN_DISTRICT_RE.finditer(text):  # "Zwolle (Holtenbroek)": a part of that place
        if m.group(1) in _PLACES and not _is_kept(m.group(2)):
            add(11, m.start(2), m.end(2), "PLAATS")
    for m in _POSTCODE_PLACE_RE.finditer(text):
        if not _is_kept(m.group(1)):
            add(11, m.start(1), m.end(1), "PLAATS")
    for m in _PLACE_TRIGGER_RE.finditer(text):
        place, pstart = m.group(1), m.start(1)
        if place[:3] == "de " and " " in place:  # "in de Gorzen": the name after the article
            article = place.split()[0]
            place, pstart = place[len(article) + 1:], pstart + len(article) + 1
        tokens = place.split()
        if not re.sub(r"^(?:'s-|'t\s)", "", place)[:1].isupper() or (_is_kept(place) if len(tokens) == 1 else _is_kept(tokens[-1])):
            continue
        if len(tokens) == 1 and (place.isupper() or place.casefold() in ("de", "het", "een", "dat", "die",
                                                                          "deze", "dit")):
            continue
        kind = "PERSOON" if place.casefold() in _FIRST_NAMES else PLACE_OR_PERSON
        add(11, pstart, m.end(1), kind)

def _lower_place_candidates(text: str, add: _Add) -> None:
    """Places in lower case: "in leiden" is not found, "naar zwolle" and "in de merenwijk" are."""
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

# a place context strong enough for a place that is also a word: "verhuisd naar best", "ik woon al jaren in
# hoorn", "geboren te made", "bij ons in ede"
_STRONG_PLACE_RE = re.compile(
    r"(?i:\b(woon|woont|woonde|woonden|wonen|wonend|gewoond|geboren|opgegroeid|getogen|verhuisd|verhuizen|"
    r"verhuist|verhuisde|verhuisden|vertrokken|gevlucht|teruggegaan|werk|werkt|werkte|gewerkt|kom|komt|kwam|"
    r"kwamen|komen|afkomstig|bij\s+(?:ons|mij|"
    r"hen|jullie))(?:\s+[^\W\d_]+){0,3}?\s+(?:in|naar|uit|te|vanuit)\s+)$")
_PLURAL_VERBS = frozenset(("wonen", "woonden", "wonend", "verhuizen", "verhuisden", "vertrokken", "werkten",
                           "komen", "kwamen"))
_AFTER_PREP_RE = re.compile(r"(?i:\b(?:in|uit|naar|te|vanuit|richting)\s+)([a-zà-ÿ][\w'’]+)(?![\w-])")
_WEAK_PLACE_RE = re.compile(r"(?i:\b(?:in|uit|naar|vanuit|richting)\s+)$")
# what may follow a place: the end of a clause, or a conjunction or verb that closes the phrase
_PLACE_END_RE = re.compile(r"\s*(?:[.,;:!?)…]|$)|\s+(?i:en|of|maar|dus|want|toen|bij|vandaan|gewoond|gewerkt|"
                           r"geweest|gekomen|verhuisd|gebleven|geboren|opgegroeid)\b")


def _adjective_or_plural(word: str, prep: str = "naar") -> bool:
    """Whether a lower-case word reads as an inflected plural ("huizen", "bergen") or, after "naar" or
    "richting", an adjective ("van groen naar geel": "gele" exists; "in best." is the town)."""
    import simplemma
    if word.endswith("en") and simplemma.lemmatize(word, lang="nl") != word:
        return True
    if prep not in ("naar", "richting"):
        return False
    collapsed = word[:-3] + word[-2:] if len(word) > 3 and word[-3] == word[-2] and word[-2] in "aeou" else word
    return any(_is_word(w) for w in (word + "e", word + "er", collapsed + "e"))


def _word_place_candidates(text: str, add: _Add) -> None:
    """Places that are also words, in lower case, where the context makes them places: after "verhuisd
    naar", "woont in", "geboren te" ...; after a bare "in", "uit", "naar" only a town of 20,000 or more that
    is no plural or adjective ("in hoorn.", not "in bergen", "naar geel"). The phrase must end there."""
    for m in _AFTER_PREP_RE.finditer(text):
        tok = m.group(1)
        pop = _WORD_PLACES.get(tok[:1].upper() + tok[1:])
        if pop is None or not _PLACE_END_RE.match(text, m.end()):
            continue
        lo = max(0, m.start(1) - 60)
        strong = _STRONG_PLACE_RE.search(text, lo, m.start(1))
        if strong and strong.group(1).casefold() in _PLURAL_VERBS and _adjective_or_plural(tok):
            continue  # "mensen wonen in huizen": houses, not the town
        weak = _WEAK_PLACE_RE.search(text, lo, m.start(1))
        if strong or (pop >= 20_000 and weak and not _adjective_or_plural(tok, weak.group().split()[0].casefold())):
            add(11, m.start(1), m.end(1), "PLAATS")


_WORD_PLACE_RE = re.compile(r"(?<![\w'’-])(?:" + "|".join(sorted(_WORD_PLACES, key=len, reverse=True)) + r")(?![\w'’-])")
_SUBJECT_PRONOUNS = r"(?:het|'t|dat|dit|er|ik|je|jij|hij|zij|ze|we|wij|u|men|die|ie)\b"
# a town as the subject ("Hoorn is ...", "Assen ligt ...") or the object before the verb ("Hoorn vond ik ...");
# "Best is het niet", "Echt is dat zo": an adverb, the subject follows the verb
_TOWN_CLAUSE_RE = re.compile(rf"[ \t]+(?:(?:is|was|ligt|lag|heeft|had|wordt|werd|blijft|bleef|telt|staat|stond)"
                             rf"(?![\w'’-])(?![ \t]+{_SUBJECT_PRONOUNS})|(?P<obj>(?:vond|vind|ken|kende|kenden|mis|"
                             rf"miste|zag|zie|noem|noemde|bezocht|verliet)[ \t]+(?:ik|we|wij|ze|zij|hij|je|jij|u)\b))")


def _initial_word_places(text: str, add: _Add) -> None:
    """A town of 20,000 or more that is also a word, opening a sentence as a subject or fronted object:
    "Hoorn vond ik gezellig", "Woerden is niet groot"; not an adjective ("Best is het niet", "Geel is
    mooi") nor, before "vond ik", a plural ("Huizen vond ik duur")."""
    for m in _WORD_PLACE_RE.finditer(text):
        tok = m.group()
        if _WORD_PLACES[tok] < 20_000 or tok.casefold() in _FIRST_NAMES or not _is_initial(text, m.start()):
            continue
        clause = _TOWN_CLAUSE_RE.match(text, m.end())
        if not clause:
            continue
        low = tok.casefold()
        collapsed = low[:-3] + low[-2:] if len(low) > 3 and low[-3] == low[-2] and low[-2] in "aeou" else low
        if _is_word(low + "e") or _is_word(collapsed + "e"):
            continue  # an adjective: "beste", "gele"
        if clause.group("obj") and _adjective_or_plural(low, "in"):
            continue
        add(11, m.start(), m.end(), PLACE_OR_PERSON)


_LOWER_RUN_RE = re.compile(r"(?i:\b(?:in|uit|naar|te|vanuit|richting|bij|rond)\s+)((?:[a-zà-ÿ][\w'’-]*)"
                           r"(?:\s[a-zà-ÿ][\w'’-]*){1,3})")
_PLACE_LINKS = frozenset(("op", "aan", "den", "de", "bij", "in", "van", "ter", "ten", "a/d"))


_LOWER_DISTRICT_RE = re.compile(r"-(?:noord|zuid|oost|west|centrum|centraal|stad)(?![\w-])")


_AFTER_ARTICLE_RE = re.compile(r"(?i:\b(?:(?:in|uit|naar|bij|richting|vanuit)\s+(?:de|het)|in|uit|naar|richting|"
                               r"vanuit)\s+)([a-zà-ÿ][\w'’-]+)(?![\w-])")


def _lower_district_names(text: str, add: _Add) -> None:
    """A district in lower case after "in", "in de", "uit de" ...: a word OpenTaal writes only with a capital
    ("in de schilderswijk", "uit de bijlmer", "in kanaleneiland"); "in de woonwijk" stays."""
    for m in _AFTER_ARTICLE_RE.finditer(text):
        w = m.group(1)
        if w[:1].upper() + w[1:] in _PROPER and not _common_word(w) and w not in _FIRST_NAMES:
            add(11, m.start(1), m.end(1), "PLAATS")


def _lower_multiword_places(text: str, add: _Add) -> None:
    """Places of more than one word written in lower case after "in", "naar" ...: "in den haag", "naar
    bergen op zoom", "uit alphen aan den rijn" (the longest run the gazetteer knows)."""
    for m in _LOWER_RUN_RE.finditer(text):
        words = m.group(1).split()
        if words[0] in ("de", "het", "'t", "een"):  # "in de wijk", "in het zand": no place names
            continue
        for n in range(len(words), 1, -1):
            title = " ".join(w if i and w in _PLACE_LINKS else ("IJ" + w[2:] if w.startswith("ij") else
                             w[:1].upper() + w[1:]) for i, w in enumerate(words[:n]))
            if title in _PLACES:
                add(11, m.start(1), m.start(1) + len(" ".join(words[:n])), "PLAATS")
                break
    for m in _LOWER_DISTRICT_RE.finditer(text):  # "zwolle-zuid", "amsterdam-noord"
        w = re.search(r"(?<![\w'’-])[a-zà-ÿ][\w'’]+$", text[max(0, m.start() - 40):m.start()])
        if w and w.group()[:1].upper() + w.group()[1:] in _PLACES:
            add(11, m.start() - len(w.group()), m.end(), "PLAATS")


# a name opening with "'s-" is a place, also when the gazetteer lacks it ("'s-Heer Arendskerke", "'s-Gravendeel")
_S_PLACE_RE = re.compile(rf"(?<![\w'’])['’]s-{_NAME}(?:[ \t](?=[{_UP}])(?P<rest>{_NAME}))?")


def _s_places(text: str, add: _Add) -> None:
    for m in _S_PLACE_RE.finditer(text):
        rest = m.group("rest")
        whole = rest and (not _common_word(rest) or rest in _PLACES)  # "'s-Heer Arendskerke", not "'s-Hertogenbosch Ik"
        add(9.6, m.start(), m.end() if whole else m.start("rest") - 1 if rest else m.end(), "PLAATS")


def place_candidates(text: str, add: _Add, keep_countries: bool) -> None:
    """All place detectors; countries are places unless `keep_countries` (then they are kept)."""
    for m in _COUNTRY_RE.finditer(text):
        if keep_countries:
            add(0.6, m.start(), m.end(), "MARKER")
        else:
            add(9.5, m.start(), m.end(), "PLAATS")
    _place_candidates(text, add)
    _trigger_candidates(text, add)
    _lower_place_candidates(text, add)
    _word_place_candidates(text, add)
    _initial_word_places(text, add)
    _lower_multiword_places(text, add)
    _lower_district_names(text, add)
    if "s-" in text:
        _s_places(text, add)
