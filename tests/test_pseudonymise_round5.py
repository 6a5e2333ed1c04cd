"""Detector rules added in the fifth blind round (dev78-dev84): each sentence written for this test."""
from __future__ import annotations

import pytest

from .conftest import found


@pytest.mark.parametrize("text, span", [
    # an age first in a long bracket after a name (also with an address after it)
    ("Haar broer Jurre (52, syndroom van Down, woont in een groepswoning van Severinus) komt elk weekend.", "52"),
    ("Haar nicht Fenna Dijkstra (38, Kerklaan 5, Drachten) helpt ook.", "38"),
    # an age with "j." last in a bracket, after an adverb in a bracket ("zelf pas negentien", "zelf 58 j.")
    ("Aanwezig: dhr. Brouwer (vader van cliënt, 81 j.) en de consulent.", "81"),
    ("Haar kleinzoon Thijs (zelf pas negentien) kookt elke zondag.", "negentien"),
    ("Mw. L. (zelf 58 j.) werkt parttime in de thuiszorg.", "58"),
    # an age hoped for, a baby's months, a family's children between two ages, "leeftijd bij ..."
    ("Oom Piet, die in april 95 hoopt te worden, wil nog een feest.", "95"),
    ("Ze past op haar kleindochter, die pas 9 maanden is.", "9"),
    ("Ze hebben drie kinderen tussen de 6 en 14 jaar.", "6"),
    ("Ze hebben drie kinderen tussen de 6 en 14 jaar.", "14"),
    ("Leeftijd bij opname 87, weduwe.", "87"),
    # "(91!)", teenagers in a bracket, "toen <name> zeven was", "werd uiteindelijk 102", "en nu 79 is"
    ("Mijn buurvrouw (91!) fietst nog elke dag.", "91"),
    ("Wij hebben twee tieners (14 en 17) in huis.", "17"),
    ("Toen Fatima zeven was, verhuisden ze naar Utrecht.", "zeven"),
    ("Haar tante? Die werd later 102!", "102"),
    ("Hij helpt haar omdat ze weduwe werd en nu 79 is.", "79"),
    # a name and its age closing a sentence
    ("Aan tafel zat ook Ilse Vermeulen, zeventien.", "zeventien"),
    ("Contactpersoon: mevrouw Doornbos, 74", "74"),  # ... or a line
    # children with a comma before "van", a noun "van vijftien jaar" before a verb, "en zelf 39", "76 inmiddels"
    ("Ik heb twee zoons, van 11 en 14.", "11"),
    ("Een meisje van dertien jaar doet het huishouden.", "dertien"),
    ("Ik werk fulltime, heb drie kinderen en ben zelf 39.", "39"),
    ("Ik ben ook niet meer de jongste, 76 inmiddels.", "76"),
    # "de tachtigste verjaardag", a baby "van 8 maanden", "die 93 jaar werd", the eldest of a group and the youngest
    ("Op de negentigste verjaardag van oma waren we er allemaal.", "negentigste"),
    ("Ons dochtertje van 10 maanden gaat naar de opvang.", "10"),
    ("Oom Wim, die 93 jaar werd, is vorige week begraven.", "93"),
    ("De jongste van de twee is 8 en de oudste 13.", "8"),
    ("De jongste van de twee is 8 en de oudste 13.", "13"),
])
def test_round5_ages(text: str, span: str) -> None:
    assert found(text).get(span) == "LEEFTIJD", found(text)


@pytest.mark.parametrize("text, kept", [
    ("Het project is voor kinderen tussen 6 en 12 jaar.", "12"),  # a target group, no one's age
    ("Zie de bijlage (3, tabel 2) voor de cijfers.", "3"),
    ("Het zijn er later twaalf geworden, veel meer dan gepland.", "twaalf"),  # a count
    ("De Wmo (2015) regelt de ondersteuning.", "2015"),  # a law's year
    # a numbered heading's words, a language, an eponym
    ("Artikel 4 – Vergoeding", "Vergoeding"),
    ("Hoofdstuk 2 – Verhuizing naar Emmen", "Verhuizing"),
    ("Er was een tolk Mandarijn bij het gesprek.", "Mandarijn"),
    ("Haar dochter heeft het syndroom van Rett.", "Rett"),
])
def test_round5_keeps(text: str, kept: str) -> None:
    assert not any(kept in e or e in kept for e in found(text) if e.strip()), found(text)


@pytest.mark.parametrize("text, span, kind", [
    # a user name with an underscore (a forum, a chat), a capital or a digit in it
    ("Reactie van Mantelzorger_Gon op het vorige bericht.", "Mantelzorger_Gon", "NUMMER"),
    ("Dank je wel, opa_piet_44, dat herken ik.", "opa_piet_44", "NUMMER"),
    # an internal extension, a room in a care home, the street after "Adres:"
    ("Bel het secretariaat, toestel 4410, voor een afspraak.", "4410", "TELEFOON"),
    ("Voor een melding belt u 14 0591 op werkdagen.", "14 0591", "TELEFOON"),  # a gemeente's short number
    ("Mevrouw woont nu op de afdeling, kamer 17b, bij het raam.", "17b", "ADRES"),
    ("Adres: Boterbloem 9, 8251 KL Dronten", "Boterbloem 9", "ADRES"),
    # a month that is a given name before a surname
    ("Het verslag is gemaakt door April Hendriks van het team.", "April Hendriks", "PERSOON"),
    # a national body as one's employer, a name explained by its type in brackets, a branch named by its place
    ("Ik werk fulltime bij SVB als adviseur.", "SVB", "INSTELLING"),
    ("Haar zoon zit op De Blauwe Vogel (basisschool) in groep 5.", "De Blauwe Vogel", "INSTELLING"),
    ("Ze is al jaren actief voor Humanitas afdeling Dronten.", "Humanitas afdeling Dronten", "INSTELLING"),
    # a day of the month before a past verb
    ("Op de 14de kwam eindelijk de beschikking.", "14de", "DATUM"),
    # a birth year in brackets after a given name
    ("Ze hebben twee dochters, Ilona (1962) en Wendy (1965).", "1965", "DATUM"),
    # a street word before the street's name, a name and house number after "aan de" (not the organisation's)
    ("Hij woont aan de Parallelweg Zuid 17 in een flat.", "Parallelweg Zuid 17", "ADRES"),
    ("Hij woont bij Cordaan aan de Kogge 8 sinds vorig jaar.", "Kogge 8", "ADRES"),
    ("Wij wonen op Koppeldiep 12, boven de bakker.", "Koppeldiep 12", "ADRES"),  # "wonen" as the cue
])
def test_round5_rules(text: str, span: str, kind: str) -> None:
    assert found(text).get(span) == kind, found(text)


def test_national_body_as_such_stays() -> None:
    assert "SVB" not in found("Het loket verwijst naar de SVB voor het pgb.")
