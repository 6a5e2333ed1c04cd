"""Detector rules added in the third blind round (dev59-dev70): each sentence written for this test."""
from __future__ import annotations

import pytest

from toolkit.io.pseudonymise import Pseudonymiser

from .conftest import found



@pytest.mark.parametrize("text, span, kind", [
    # ages in words after a full name, in brackets, corrected, after "geworden", "in zijn ...ste"
    ("Nieuw is Gerrit Jan Blom, negenenzestig, sinds maandag.", "negenenzestig", "LEEFTIJD"),
    ("Dhr. Pronk (drieënzeventig) woont alleen.", "drieënzeventig", "LEEFTIJD"),
    ("Ik ben achtenveertig, eh, nee, negenenveertig.", "negenenveertig", "LEEFTIJD"),
    ("Het was zondag, 40 geworden!!", "40", "LEEFTIJD"),
    ("Op 3 december is Kofi 12 geworden.", "12", "LEEFTIJD"),
    ("Me moeder is d'r negentig geworden, in mei.", "negentig", "LEEFTIJD"),
    ("Hij is in zijn vijfenzestigste met pensioen gegaan.", "vijfenzestigste", "LEEFTIJD"),
    ("Marja Scholten (53, dochter) was er ook.", "53", "LEEFTIJD"),
    # dates and years in words
    ("Opgesteld op vijf december tweeduizendvierentwintig.", "vijf december tweeduizendvierentwintig", "DATUM"),
    ("Ik ben geboren in tweeënvijftig, in Den Helder.", "tweeënvijftig", "DATUM"),
    ("Ik ben van zesenveertig, dus reken maar uit.", "zesenveertig", "DATUM"),
    # numbers with spaces and their letter code
    ("Het dossiernummer staat op de brief, WMO 2024 0815 33, bewaar die.", "WMO 2024 0815 33", "NUMMER"),
    ("Klantnummer: 88 12 07", "88 12 07", "NUMMER"),
    # addresses: floors and house numbers with letters
    ("Ze woont aan de Populierenlaan 3-hoog in Waddinxveen.", "Populierenlaan 3-hoog", "ADRES"),
    ("Ze woont op 3-hoog, zonder lift.", "3-hoog", "ADRES"),
    ("Het huisnummer is 12bis, de bel doet het niet.", "12bis", "ADRES"),
    # names: initials before a surname that is also a place, Surinamese-Chinese and Arabic surnames, nicknames
    ("Opgesteld door: M. Aydın, SPV.", "M. Aydın", "PERSOON"),
    ("En de huisarts, dokter Tjon A Fat, neemt de tijd.", "Tjon A Fat", "PERSOON"),
    ("Samira el-Haddouchi-Bakkali belde namens de familie.", "Samira el-Haddouchi-Bakkali", "PERSOON"),
    ("Bij de Jumbo. Mien van hiernaast hoorde hem roepen.", "Mien", "PERSOON"),
    ("09.45 Mar komt met de taxi.", "Mar", "PERSOON"),
    ("Agnieszka: Ja, Aga mag ook.", "Aga", "PERSOON"),
    # organisations: lower-case list names, "'t", a region, a type after the name, a ward
    ("Hij kwam vanuit rivierduinen, afdeling ouderenpsychiatrie.", "rivierduinen", "INSTELLING"),
    ("Een flat van Woonpartners Midden-Holland.", "Woonpartners Midden-Holland", "INSTELLING"),
    ("Kun jij als POH-GGZ van Lelie zorggroep mee?", "Lelie zorggroep", "INSTELLING"),
    ("Ze ligt bij Rivierduinen, op de afdeling Kristal.", "Kristal", "INSTELLING"),
])
def test_round3_identifiers(text: str, span: str, kind: str) -> None:
    assert found(text).get(span) == kind, found(text)


def test_article_joins_the_organisation() -> None:
    text = "Observatienotities dagbesteding 't Anker, locatie Bergambacht"
    assert any(e.text == "'t Anker" for e in Pseudonymiser().find(text))


@pytest.mark.parametrize("text, word", [
    ("Mien moeder woonde in 't dorp.", "Mien"),  # dialect "mijn"
    ("Het zijn er uiteindelijk twaalf geworden, veel meer dan gepland.", "twaalf"),
    ("We werkten samen met de afdeling Klimaat en Energie.", "Klimaat"),  # a gemeente's department
    ("Hij lag op de afdeling Neurologie.", "Neurologie"),
    ("Muziekmiddag: liedjes van Johnny Jordaan en de Zangeres Zonder Naam.", "Jordaan"),
    ("Moeder spreekt alleen Tigrinya, de zoon vertaalt.", "Tigrinya"),
    ("25-11 10:05 — Belde: mw. Soekhoe, over de dagbesteding.", "Belde"),
    ("Hij zat in zijn 3e jaar van de opleiding.", "3e"),
])
def test_round3_words_stay(text: str, word: str) -> None:
    assert not any(word in e.text for e in Pseudonymiser().find(text)), found(text)


@pytest.mark.parametrize("text, span", [
    ("Ik ben, eh, vierenzeventig.", "vierenzeventig"),
    ("Hij is tachtig jaor, nog hartstikke fit.", "tachtig"),
    ("Met zijn zesentachtig jaar rijdt hij nog auto.", "zesentachtig"),
    ("Vader, 91, woont bij ons.", "91"),
])
def test_round3_spoken_ages(text: str, span: str) -> None:
    assert found(text).get(span) == "LEEFTIJD", found(text)


@pytest.mark.parametrize("text", ["Ik ben, eh, niet zo goed in formulieren.",
                                  "Met zijn twintig jaar ervaring weet hij het wel."])
def test_round3_no_spoken_age(text: str) -> None:
    assert "LEEFTIJD" not in found(text).values(), found(text)


@pytest.mark.parametrize("text, span", [
    ("Dat was in de zomer van '85.", "'85"),
    ("Hij kwam op eerste kerstdag 2022 thuis.", "2022"),
    ("Ik ben in tweeduizendachttien gestopt met werken.", "tweeduizendachttien"),
    ("Wij kwamen in negentienzesenvijftig naar Nederland.", "negentienzesenvijftig"),
])
def test_round3_years(text: str, span: str) -> None:
    assert found(text).get(span) == "DATUM", found(text)


def test_round3_counts_stay() -> None:
    assert found("Hij deed het in negentien minuten.") == {}
    assert "Vergunningen" not in found("Hij werkt bij de gemeente Rotterdam, afdeling Vergunningen.")


def test_round3_family_words_stay() -> None:
    assert found("Pake en beppe wonen in Drachten.") == {"Drachten": "PLAATS"}
    assert found("Bij de Fam. Kasanmoentalib thuis.") == {"Kasanmoentalib": "PERSOON"}


def test_round3_place_with_a_d_is_one_place() -> None:
    assert found("Ze komen uit Capelle a/d IJssel.") == {"Capelle a/d IJssel": "PLAATS"}
    assert "Zaaknr" not in found("Zaaknr. Z-2024-00123 bij de rechtbank.")


def test_round3_lower_case_name_after_family_word() -> None:
    assert found("zeg jij het tegen tante els?") == {"els": "PERSOON"}
    assert found("mijn zus roos komt morgen") == {"roos": "PERSOON"}
    assert found("mijn broer wil niet") == {}
    assert found("Soms denkt ze dat ik haar broer ben.") == {}


def test_round3_lower_case_name_pair() -> None:
    assert found("was op de koffie met bram en lotte") == {"bram": "PERSOON", "lotte": "PERSOON"}
    assert found("ik heb roos en bloemen gekocht") == {}


@pytest.mark.parametrize("text, span", [
    ("Ich bin zeuvenenzeuventig en woon in Kirchroa.", "zeuvenenzeuventig"),
    ("Ik kom oet Almelo, ik bin d'r twee-en-tachtig.", "twee-en-tachtig"),
    ("Hij is in Dokkum geboren, hij is fjouwerentachtich.", "fjouwerentachtich"),
    ("Ons moeder is vurrige week negenentachtig gewudde.", "negenentachtig"),
])
def test_round3_dialect_ages(text: str, span: str) -> None:
    assert found(text).get(span) == "LEEFTIJD", found(text)


def test_round3_decision_number_is_one_number() -> None:
    assert found("Beschikking nr. 2024/WMO/00871, verzonden 1 okt.")["2024/WMO/00871"] == "NUMMER"


def test_round3_ages_of_children_and_after_a_title() -> None:
    assert found("Ik heb twee kinderen van 14 en 16.") == {"14": "LEEFTIJD", "16": "LEEFTIJD"}
    assert found("Dhr. (79) woont met zijn vrouw (77) in een rijtjeshuis.") == {"79": "LEEFTIJD", "77": "LEEFTIJD"}
    assert found("Zie punt (3) hierboven.") == {}


def test_round3_second_age_after_papa_and_ma() -> None:
    assert found("mama is 67 en papa 70") == {"67": "LEEFTIJD", "70": "LEEFTIJD"}
    assert found("Pa is 80 en ma 78.") == {"80": "LEEFTIJD", "78": "LEEFTIJD"}


def test_round3_plural_subjects_and_respectively() -> None:
    assert found("De kinderen zijn 12 en 9.") == {"12": "LEEFTIJD", "9": "LEEFTIJD"}
    assert found("Zij zijn respectievelijk 45 en 47.") == {"45": "LEEFTIJD", "47": "LEEFTIJD"}
    assert found("De heer, 84 jaar, is weduwnaar.") == {"84": "LEEFTIJD"}
    assert found("De kinderen zijn 3 jaar samen naar school gegaan.") == {}


def test_round3_organisations_with_ampersand_and_carer_support() -> None:
    assert found("Ze zit bij Wonen & Welzijn aan de overkant.") == {"Wonen & Welzijn": "INSTELLING"}
    assert "Gouda" in " ".join(found("Ik ben mantelzorgconsulent bij Mantelzorg Gouda."))
    assert found("Ik doe de mantelzorg voor mijn moeder.") == {}


@pytest.mark.parametrize("text, span", [
    ("Het nummer van de beschikking staat bovenaan: 2023-WMO-4471.", "2023-WMO-4471"),
    ("Beschikking 24/ZP/00871 ontvangen.", "24/ZP/00871"),
    ("Het ticketnummer bij de helpdesk is #45521.", "#45521"),
])
def test_round3_codes_opening_with_digits(text: str, span: str) -> None:
    assert found(text).get(span) == "NUMMER", found(text)


def test_round3_lower_case_name_after_via() -> None:
    assert found("Hij moet een alarm. Via saxenburgh?") == {"saxenburgh": "INSTELLING"}
    assert found("Ik heb het via whatsapp gestuurd.") == {}


def test_round3_house_number_reply() -> None:
    text = "[03-09-24, 08:30] Gerda: is het toch Hoofdstraat 6a? of 6?\n[03-09-24, 08:32] Wim: 6a.\nI: Hoeveel kinderen?\nR: 3.\n"
    kinds = {e.text: e.kind for e in Pseudonymiser().find(text)}
    assert kinds.get("6a") == "ADRES" and "3" not in kinds, kinds


def test_round3_national_charity_in_lower_case() -> None:
    assert found("Of die van het rode kruis. Ik vraag het wel.") == {"rode kruis": "INSTELLING"}


def test_round3_number_later_in_the_sentence() -> None:
    assert found("Mijn klantnummer weet ik uit mijn hoofd: 88 41 07.") == {"88 41 07": "NUMMER"}
    assert found("Welk nummer had u ook alweer: 12 of 14?") == {}


def test_round3_age_after_a_name_and_apposition() -> None:
    assert found("Kacper, mijn oudste, is vijftien en doet de boodschappen.").get("vijftien") == "LEEFTIJD"


def test_round3_age_after_title_and_initial() -> None:
    assert found("Mevrouw K. (92): ik wil thuis blijven.").get("92") == "LEEFTIJD"
    assert found("Zie bijlage B. (3) voor het schema.") == {}
