"""Pseudonymisation on fresh sentences of the kinds that leaked outside the tuned cases: shops as landmarks
against shops as employers, notes opened by a clock time, care providers named by one word."""
from __future__ import annotations

import pytest

from toolkit.io.pseudonymise import Pseudonymiser


def found(text: str) -> dict[str, str]:
    return {e.text: e.kind for e in Pseudonymiser().find(text)}


@pytest.mark.parametrize("text, shop", [
    ("Mijn schoonvader loopt elke ochtend naar de Lidl voor een krantje.", "Lidl"),
    ("Het pakket lag bij de buren, want ik zat bij de Hema koffie te drinken.", "Hema"),
    ("Zijn scootmobiel stond weer eens voor de Kruidvat.", "Kruidvat"),
    ("Ze heeft de nieuwe waterkoker gewoon bij Bol.com besteld.", "Bol.com"),
])
def test_a_shop_as_a_landmark_stays(text: str, shop: str) -> None:
    out = Pseudonymiser().apply(text)[0]
    assert shop in out and "[" not in out


@pytest.mark.parametrize("text, shop", [
    ("Mijn kleinzoon is vakkenvuller bij de Aldi in het centrum.", "Aldi"),
    ("Ze heeft twintig jaar bij V&D gewerkt, op de parfumerie.", "V&D"),
    ("Hij is in dienst gekomen bij Albert Heijn toen hij zestien was.", "Albert Heijn"),
])
def test_a_shop_as_an_employer_is_an_organisation(text: str, shop: str) -> None:
    assert found(text).get(shop) == "INSTELLING"


def test_a_word_after_a_clock_time_opens_a_sentence() -> None:
    text = ("10.15 Koffie in de huiskamer. Mevrouw Sijbesma vertelt over haar tuin.\n"
            "10.40 Zeven bewoners zingen mee.\n11:05 Muziek en daarna een wandeling.")
    assert found(text) == {"Sijbesma": "PERSOON"}
