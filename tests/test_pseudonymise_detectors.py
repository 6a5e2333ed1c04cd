"""The detectors added for issue 16, each on a sentence written for this test."""
from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.io.pseudonymise import Pseudonymiser, pseudonymise_files


def found(text: str, **kw) -> dict[str, str]:
    return {e.text: e.kind for e in Pseudonymiser(**kw).find(text)}


def replaced(text: str) -> str:
    return Pseudonymiser().apply(text)[0]


def test_a_known_name_goes_everywhere_also_lower_case_and_after_a_label() -> None:
    text = ("I: Wie kookt er bij jullie?\nR: Mijn buurvrouw Gonnie. Gonnie kookt op maandag.\n"
            "R: En als gonnie ziek is, doe ik het zelf.")
    out = replaced(text)
    assert "onnie" not in out and out.count("[PERSOON-1]") == 3


def test_a_word_name_is_a_name_once_the_text_says_so() -> None:
    text = "Dat is Roos, mijn dochter. Roos belt elke dag. Er stonden rozen en een roos op tafel."
    out = replaced(text)
    assert out.startswith("Dat is [PERSOON-1], mijn dochter. [PERSOON-1] belt")
    assert "een roos op tafel" in out


def test_a_verb_at_the_start_is_not_the_name() -> None:
    text = "Vrijwilliger Wil zet koffie. Wil je ook een kopje?"
    out = replaced(text)
    assert out == "Vrijwilliger [PERSOON-1] zet koffie. Wil je ook een kopje?"


def test_surname_after_a_first_name_even_when_it_is_a_word() -> None:
    assert found("Gisteren sprak ik Wendy Visser en daarna Ties de Bruin-Kok.") == {
        "Wendy Visser": "PERSOON", "Ties de Bruin-Kok": "PERSOON"}


def test_lower_case_full_name() -> None:
    assert found("ja en toen kwam jolanda brinkman nog even langs")["jolanda brinkman"] == "PERSOON"


def test_people_with_one_surname_get_their_own_placeholders() -> None:
    p = Pseudonymiser()
    out, _ = p.apply("Els Dekker en Rik Dekker zijn geen familie.")
    assert out == "[PERSOON-1] en [PERSOON-2] zijn geen familie."


@pytest.mark.parametrize("text,surface", [
    ("We spreken af op 7 juli bij haar thuis.", "7 juli"),
    ("Het was woensdag 2 oktober, dat weet ik nog.", "woensdag 2 oktober"),
    ("In maart 2019 ging de fabriek dicht.", "maart 2019"),
    ("Ze woont hier sinds 1994 met haar man.", "1994"),
])
def test_dates_without_a_year_and_years(text: str, surface: str) -> None:
    assert found(text).get(surface) == "DATUM"


@pytest.mark.parametrize("text,surface", [
    ("Mijn schoonzus is inmiddels ook al 59, die redt zich.", "59"),
    ("Tineke (81) woont nog zelfstandig.", "81"),
    ("I: En hoe oud bent u?\nR: 77. Maar ik voel me jonger.", "77"),
    ("Ik word 50 in november.", "50"),
])
def test_ages_in_several_phrasings(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


def test_numbers_that_are_no_ages_stay() -> None:
    for text in ("Ze is een moeder van drie en werkt fulltime.", "Hij is al in de zeventig.",
                 "Met zijn twaalf plekken is het een kleine aanbieder."):
        assert not any(k == "LEEFTIJD" for k in found(text).values()), text


@pytest.mark.parametrize("text,surface", [
    ("Hij ligt in het Rijnstate sinds vorige week.", "Rijnstate"),
    ("Ze werkt op de afdeling van het Catharina Ziekenhuis.", "Catharina Ziekenhuis"),
    ("Elke vrijdag gaan we naar de Fatih-moskee.", "Fatih-moskee"),
    ("De kinderen zitten op het Stedelijk Lyceum Zuid.", "Stedelijk Lyceum Zuid"),
    ("We kregen een pakket van Voedselbank Lelystad.", "Voedselbank Lelystad"),
    ("Ik doe boodschappen bij de Jumbo om de hoek.", "Jumbo"),
])
def test_organisations(text: str, surface: str) -> None:
    assert found(text).get(surface) == "INSTELLING"


def test_places_also_at_the_start_and_with_two_words() -> None:
    got = found("Den Haag vond ik te druk. Nu woon ik in Bergen op Zoom, vlak bij Roosendaal-Kalsdonk.")
    assert got == {"Den Haag": "PLAATS", "Bergen op Zoom": "PLAATS", "Roosendaal-Kalsdonk": "PLAATS"}


def test_countries_are_places_unless_kept() -> None:
    assert found("Mijn ouders komen uit Eritrea.") == {"Eritrea": "PLAATS"}
    assert found("Mijn ouders komen uit Eritrea.", keep_countries=True) == {}


def test_file_names_and_case_numbers() -> None:
    got = found("De opname staat in gesprek_ahmed_3mei.wav, dossier JZ-2023-0412.")
    assert got == {"gesprek_ahmed_3mei.wav": "NUMMER", "JZ-2023-0412": "NUMMER"}


def test_ordinary_words_and_cultural_names_stay() -> None:
    text = ("Daarvoor luisterde ik naar Beethoven en Bach. Haha. Zestien mensen kwamen, en het "
            "Excelbestand met de lijst stond klaar. Ik hoop dat het zo blijft. Focusgroep morgen.")
    assert found(text) == {}


# --------------------------------------------------------------------------- file names and document ids

def test_file_names_use_the_mapping_of_the_text() -> None:
    p = Pseudonymiser()
    text, _ = p.apply("R: Ik ben Hennie Zwanenburg, ik woon in Deventer.")
    assert text == "R: Ik ben [PERSOON-1], ik woon in [PLAATS-1]."
    assert p.pseudonymise_name("hennie-zwanenburg_deventer.docx") == "PERSOON-1_PLAATS-1.docx"
    assert p.pseudonymise_name("interview_hennie_2024-05-02") == "interview_PERSOON-1_DATUM-1"
    assert p.pseudonymise_name("transcript_final_v2") == "transcript_final_v2"


def test_pseudonymise_files_renames_outputs(tmp_path) -> None:
    src = tmp_path / "in"
    (src / "fam_bosch").mkdir(parents=True)
    (src / "fam_bosch" / "gesprek_wieteke.txt").write_text(
        "I: Wie bent u?\nR: Wieteke Bosch. Ik woon in Ommen.\n", encoding="utf-8")
    summary = pseudonymise_files([src], tmp_path / "out", tmp_path / "vault" / "map.json")
    written = [Path(w).relative_to(tmp_path / "out").as_posix() for w in summary.written]
    assert written == ["fam_PERSOON-1/gesprek_PERSOON-1.txt"]  # "Bosch" is Wieteke Bosch
    assert summary.names == {"gesprek_wieteke": "gesprek_PERSOON-1"}
    out = (tmp_path / "out" / written[0]).read_text(encoding="utf-8")
    assert "Wieteke" not in out and "Ommen" not in out


def test_repeated_speaker_labels_are_names_and_headings_or_roles_are_not() -> None:
    text = ("Noot: de opname start.\nGespreksleider: Wie begint?\nHoop: Ik woon hier al lang.\n"
            "Tolk: Zij zegt dat het goed gaat.\nHoop: Ja, dat klopt.\nTolk: Ze is tevreden.\n")
    assert found(text) == {"Hoop": "PERSOON"}


def test_ages_as_ordinals() -> None:
    assert found("Haar 80ste verjaardag vierden we in de tuin.") == {"80ste": "LEEFTIJD"}
    assert found("Op zijn zestiende ging hij van school.") == {"zestiende": "LEEFTIJD"}
    assert found("In haar eerste jaar hier was het zwaar.") == {}


def test_camel_case_file_names() -> None:
    p = Pseudonymiser()
    p.apply("Ik ben Riet Bakker uit Zeist.")
    assert p.pseudonymise_name("InterviewRietBakker.docx") == "InterviewPERSOON-1.docx"
    assert p.pseudonymise_name("transcriptFinal.txt") == "transcriptFinal.txt"


@pytest.mark.parametrize("text,surface,kind", [
    ("Sinds zijn 65e gaat het minder met hem.", "65e", "LEEFTIJD"),
    ("Ik ging met 63 met pensioen, eerder dan gepland.", "63", "LEEFTIJD"),
    ("Ik ben van '58, dus reken maar uit.", "'58", "DATUM"),
])
def test_more_age_and_year_phrasings(text: str, surface: str, kind: str) -> None:
    assert found(text) == {surface: kind}


def test_acronyms_of_local_organisations_but_not_of_national_schemes() -> None:
    assert found("Hij woont nu bij het RIBW, sinds de zomer.") == {"RIBW": "INSTELLING"}
    assert found("Ze kreeg een brief van het CAK en belde met de GGD.") == {}


def test_file_names_without_the_text() -> None:
    p = Pseudonymiser()  # nothing mapped yet: first names, places and names from the word lists
    assert p.pseudonymise_name("interview_ozturk_kanaleneiland.txt") == "interview_PERSOON-1_PLAATS-1.txt"
    assert p.pseudonymise_name("b09_mantelzorgprijs_wim") == "b09_mantelzorgprijs_PERSOON-2"
    for ordinary in ("g08_weduwnaar_buurtapp", "f10_balkontuin_vier_hoog", "a03_copd_derde_verdieping"):
        assert p.pseudonymise_name(ordinary) == ordinary


def test_speaker_labels_after_bare_timestamps() -> None:
    text = "00:00:01 Storm: Ik begin.\n00:00:05 Interviewer: Goed.\n00:00:09 Storm: En toen ging het mis.\n"
    assert replaced(text).count("[PERSOON-1]:") == 2 and "Interviewer:" in replaced(text)


def test_a_word_with_a_capital_inside_a_sentence_is_a_name() -> None:
    assert found("Gisteren kwam Bloem van de gemeente langs.") == {"Bloem": "PERSOON"}
    assert found("Dat doe ik 's Ochtends, voor het ontbijt.") == {}


def test_neighbourhood_with_an_adjective() -> None:
    assert found("Mijn oom woont in de Haagse Beemden, vlak bij het park.") == {"Haagse Beemden": "PLAATS"}


def test_a_nickname_in_quotes() -> None:
    assert found('Iedereen noemt haar "Mees", maar ze heet Mieke.') == {"Mees": "PERSOON", "Mieke": "PERSOON"}


def test_iso_date() -> None:
    assert found("Datum: 2025-01-14, bij haar thuis.") == {"2025-01-14": "DATUM"}


def test_age_after_a_month_and_a_first_name_that_is_also_a_place() -> None:
    got = found("Deelnemer 4: Veerle Pronk. Mijn schoonvader is in september 84 geworden.")
    assert got == {"Veerle Pronk": "PERSOON", "84": "LEEFTIJD"}


def test_a_word_first_name_before_a_finite_verb_at_the_start() -> None:
    assert found("Het was laat. Roos kookt vanavond voor ons.") == {"Roos": "PERSOON"}
    assert found("Wil je koffie? Mark het maar aan.") == {}


def test_odd_file_names_do_not_break() -> None:
    p = Pseudonymiser()
    for name in ("", ".", "..", ".txt", "/", "a/b/", "\x00", "---", "2024-01-01"):
        assert isinstance(p.pseudonymise_name(name), str)
    assert p.pseudonymise_name("2024-01-01") == "DATUM-1"


@pytest.mark.parametrize("text", [
    "Ik ben nie zo van de grote woorden.", "Meneer is verwezen in verband met valrisico.",
    "Hij verzorgt zijn vrouw met ALS.", "Da's toch anders dan vroeger.", "'t Is hier een mooi dorp.",
])
def test_spoken_and_regional_forms_stay(text: str) -> None:
    assert found(text) == {}


def test_an_age_said_of_anyone_is_no_identifier() -> None:
    assert found("Hij heeft recht op een jeugd, net als elk ander kind van zestien in deze gemeente.") == {}


# --------------------------------------------------------------------------- dates, ages, addresses, numbers
# shapes of the blind texts of 2026-12-04, each in a sentence written for this test

@pytest.mark.parametrize("text,surface", [
    ("Do 16-2 belde de huisarts terug over de uitslag.", "Do 16-2"),
    ("woensdag 8/11 langs geweest bij mevrouw", "woensdag 8/11"),
    ("De thuiszorg begint per 6/5 met twee bezoeken.", "6/5"),
    ("We zien elkaar weer rond 22-10, na de herfstvakantie.", "22-10"),
    ("07-06 (JvD)\nMevrouw was somber vandaag.", "07-06"),
    ("Het eerste gesprek was op 5 okt '22 in de bibliotheek.", "5 okt '22"),
    ("Mijn vader is geboren op 30 juli '49 in een boerderij.", "30 juli '49"),
    ("De herindicatie moet klaar zijn vóór donderdag de 9e.", "donderdag de 9e"),
    ("Ze is jarig op de 14e, dan gaan we uit eten.", "14e"),
    ("[03-02-25 18:05:44] Sandra: ben er over tien minuten", "03-02-25"),
    ("14/2/25, 09:31 - Ronald: Goedemorgen", "14/2/25"),
])
def test_short_dates_with_weekdays_cues_and_two_digit_years(text: str, surface: str) -> None:
    assert found(text).get(surface) == "DATUM"


@pytest.mark.parametrize("text", [
    "Het stond 2-1 bij de rust, toen ben ik naar huis gegaan.",
    "Ze komt 2-3 keer per week boodschappen doen.",
    "Sindsdien is het 24/7 zorgen, ook 's nachts.",
    "Ik slik 1/2 tablet per dag, meer niet.",
    "De bus gaat om 21:14 en de volgende pas om 22.14 uur.",
    "We lazen Psalm 23:1-4 bij de uitvaart.",
    "Hij woont op de 3e verdieping en is de 2e keer gevallen.",
    "Op de 1e plaats komt voor haar de familie.",
    "Ze werkt di t/m do, ma en vr is ze vrij.",
])
def test_numbers_that_look_like_short_dates_stay(text: str) -> None:
    assert not any(k == "DATUM" for k in found(text).values()), (text, found(text))


@pytest.mark.parametrize("text,surface", [
    ("Oom Gerrit? Heit is 87 en fietst nog elke dag.", "87"),
    ("Mijn pa wordt 76 op de 3e, dan komt de hele familie.", "76"),
    ("Dat was in de oorlog, toen was ik 6.", "6"),
    ("I: Hoe oud was uw man toen? 58?\nR: Nee, 61.", "58"),
    ("I: Hoe oud was uw man toen? 58?\nR: Nee, 61.", "61"),
    ("[2-5-24 09:12:40] Mieke: hoe oud is ze nu?\n[2-5-24 09:13:02] Joyce: 15. Bijna 16", "15"),
    ("Met zeventien ging ik als hulp in de huishouding werken.", "zeventien"),
    ("Op m'n achttiende ben ik het huis uit gegaan.", "achttiende"),
    ("Leeftijd:63 | Woonplaats: Almelo", "63"),
    ("R4 | man | 66 jr | wil niet opnieuw gebeld worden", "66"),
    ("Deelnemer 9 (72, Sint-Oedenrode) vertelt over haar zus.", "72"),
    ("Respondent 5 – vrouw, 49, twee kinderen", "49"),
])
def test_ages_in_kin_words_chat_answers_and_columns(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


@pytest.mark.parametrize("text", [
    "Met vier was het best gezellig aan tafel.",
    "Ik werk er nu 12 jaar, het is 3 keer zo druk geworden.",
    "Ze krijgt 500 mg per dag, dat is 25 euro per maand en 10% eigen bijdrage.",
    "Ik heb twee kinderen en drie kleinkinderen.",
    "Daar was ik 2 uur mee bezig, toen ben ik gestopt.",
])
def test_counts_and_amounts_are_no_ages(text: str) -> None:
    assert not any(k == "LEEFTIJD" for k in found(text).values()), (text, found(text))


@pytest.mark.parametrize("text,surface", [
    ("Ze woont nu op de Pastoor Vosstraat 9-bis, achter de kerk.", "Pastoor Vosstraat 9-bis"),
    ("Adres: Lindelaan 23b, 2 hoog, links van de lift", "Lindelaan 23b, 2 hoog"),
    ("Post graag naar Spoorsingel 140-3, daar woont zijn dochter.", "Spoorsingel 140-3"),
    ("Hij zit tijdelijk op Kanaalweg 7 II bij een vriend.", "Kanaalweg 7 II"),
    ("Oude Ebbingestraat 31\n9712 HB Groningen", "Oude Ebbingestraat 31"),
    ("Zijn broer woont aan de Jan Steenlaan, vlak bij het station.", "Jan Steenlaan"),
])
def test_street_names_with_prefixes_additions_and_floors(text: str, surface: str) -> None:
    assert found(text).get(surface) == "ADRES"


def test_a_title_before_a_name_is_no_street() -> None:
    assert found("Burgemeester Visser kwam kijken in de Kerkstraat.") == {"Visser": "PERSOON", "Kerkstraat": "ADRES"}


@pytest.mark.parametrize("text,surface,kind", [
    ("Bezorgen op Molenweg 18, 6871ck, de bel doet het niet.", "6871ck", "POSTCODE"),
    ("Nieuw adres doorgegeven, postcode 2315 kn, verder niets veranderd.", "2315 kn", "POSTCODE"),
    ("Haar adres: 8911 ae Leeuwarden", "8911 ae", "POSTCODE"),
    ("Zaaknummer JGZ-DVT-2022-1187 staat op de brief.", "JGZ-DVT-2022-1187", "NUMMER"),
    ("Je kunt haar volgen via @marloes_zorgt.2, ze post elke dag.", "@marloes_zorgt.2", "NUMMER"),
    ("Mijn profiel staat op nl.linkedin.com/in/r-de-graaf-85a1b2 als je wilt.", "nl.linkedin.com/in/r-de-graaf-85a1b2",
     "NUMMER"),
    ("Foto's staan op https://www.instagram.com/opa.henk.bakt/ sinds vorige week", "https://www.instagram.com/opa.henk.bakt/",
     "NUMMER"),
])
def test_lower_case_postcodes_codes_with_letters_handles_and_profiles(text: str, surface: str, kind: str) -> None:
    assert found(text).get(surface) == kind


@pytest.mark.parametrize("text", [
    "Ze reed 1200 km Duitsland door en nam 1000 mg per dag.",
    "Door COVID-19 mocht niemand op bezoek.",
    "Het spreekuur is @ 14:00 in de bieb, zie facebook.com of de website.",
    "Op 2/3 van de dagen gaat het goed; versie 4.2-1 van de app werkt niet.",
])
def test_units_versions_and_bare_sites_stay(text: str) -> None:
    assert not any(k in ("POSTCODE", "NUMMER", "DATUM") for k in found(text).values()), (text, found(text))


@pytest.mark.parametrize("text,surface", [
    ("Tussen 1984 en 1991 werkte ze in de wasserij.", "1991"),
    ("In 1969 en 1972 kregen we onze zoons.", "1972"),
    ("1958: naar de kweekschool\n1962 – eerste baan als onderwijzer", "1962"),
    ("We zijn in '81 naar dit dorp gekomen.", "'81"),
    ("Vanaf 3 febr. is ze weer thuis, en woe 7-2 komt de ergo.", "3 febr."),
    ("Vanaf 3 febr. is ze weer thuis, en woe 7-2 komt de ergo.", "woe 7-2"),
    ("[18:02, 27/03/2024] Fatma: Ik ben bij mama", "27/03/2024"),
    ("[opname 2, 19-10-2023, bij haar thuis]", "19-10-2023"),
])
def test_years_in_pairs_and_time_lines_and_dates_in_brackets(text: str, surface: str) -> None:
    assert found(text).get(surface) == "DATUM"


@pytest.mark.parametrize("text", [
    "2000 - 3000 euro per maand is voor ons veel geld.",
    "Hij is 1.95 lang en weegt 80 kilo.",
    "Het kost 12-15 euro per keer, en 21% btw.",
    "Kinderen van 4-12 jaar in groep 7-8 krijgen 24-uurs zorg.",
])
def test_amounts_lengths_and_ranges_stay(text: str) -> None:
    assert not any(k in ("DATUM", "LEEFTIJD") for k in found(text).values()), (text, found(text))


@pytest.mark.parametrize("text,surface", [
    ("Ons moeder is drieëntachtig en wil niet naar een verzorgingshuis.", "drieëntachtig"),
    ("De jongste is 11, die snapt er nog niet veel van.", "11"),
    ("Haar kleinzoon van 14 doet de boodschappen.", "14"),
    ("We hebben een dochtertje van 4 en een zoon van 8.", "4"),
])
def test_ages_of_family_members(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


@pytest.mark.parametrize("text", [
    "Een meisje van zestien hoort op school te zitten, niet achter het fornuis.",
    "Mijn zus van 3 hoog kijkt ook naar hem om.",
    "Zijn dochter van 2 kinderen is weer zwanger.",
])
def test_generic_people_and_counts_after_family_words_stay(text: str) -> None:
    assert not any(k == "LEEFTIJD" for k in found(text).values()), (text, found(text))


@pytest.mark.parametrize("text,surface,kind", [
    ("04-12 10:15 huisbezoek, mevrouw lag nog in bed.", "04-12", "DATUM"),
    ("Ze is opgenomen van 2-6 tot 9-6 in verband met een longontsteking.", "2-6", "DATUM"),
    ("Uw cliëntnummer is 583102, noem dat als u belt.", "583102", "NUMMER"),
    ("Ons kenmerk: 24/1187-c, graag vermelden.", "24/1187-c", "NUMMER"),
])
def test_journal_dates_with_times_ranges_and_named_numbers(text: str, surface: str, kind: str) -> None:
    assert found(text).get(surface) == kind


@pytest.mark.parametrize("text", [
    "Ze verhuisde van 2-3 hoog naar de begane grond.",
    "Het ging van 3-1 naar 3-3 in de laatste minuten.",
    "Zijn klantnummer weet hij niet meer, het pasnummer ook niet.",
])
def test_floors_scores_and_number_words_without_a_number_stay(text: str) -> None:
    assert not any(k in ("DATUM", "NUMMER") for k in found(text).values()), (text, found(text))


def test_the_age_column_of_a_survey_table() -> None:
    text = ("nr;leeftijd;woonplaats;toelichting\n"
            "4;67;Tiel;Mijn man heeft alzheimer, 3 jaar nu.\n"
            "5;onbekend;Culemborg;Geen\n"
            "6;44 jr;Buren;Ik zorg voor 2 kinderen\n\n"
            "Totaal 3 antwoorden; 12 mensen belden.")
    ages = [e.text for e in Pseudonymiser().find(text) if e.kind == "LEEFTIJD"]
    assert ages == ["67", "44"]


@pytest.mark.parametrize("text,surface,kind", [
    ("Zeventien was ik, en ik deed alles in huis.", "Zeventien", "LEEFTIJD"),
    ("Dit is Ruud, achtenvijftig jaar, sinds kort met pensioen.", "achtenvijftig", "LEEFTIJD"),
    ("Leeftijd: 60-69 (categorie uit het formulier)", "60-69", "LEEFTIJD"),
    ("Met Pasen 2018 zat de hele familie nog aan tafel.", "2018", "DATUM"),
    ("Dat was 1979, toen zijn we in dit huis komen wonen.", "1979", "DATUM"),
    ("Het was oorlog. 2014 vluchtten we naar Turkije.", "2014", "DATUM"),
    ("Zijn adres? Op nummer 23-bis, boven de bakker.", "23-bis", "ADRES"),
])
def test_inverted_ages_holiday_years_and_house_numbers_with_additions(text: str, surface: str, kind: str) -> None:
    assert found(text).get(surface) == kind


@pytest.mark.parametrize("text", [
    "Ik ben kok geweest, dertig jaar, en toen was het op.",
    "Het werd 2000 euro en 1500 mensen kwamen kijken.",
    "Twee was ik vergeten, de rest heb ik betaald.",
])
def test_durations_amounts_and_counts_stay(text: str) -> None:
    assert not any(k in ("DATUM", "LEEFTIJD") for k in found(text).values()), (text, found(text))


def test_fractions_and_years_before_a_word_are_no_dates_or_postcodes() -> None:
    got = found("Na 1/4 tablet voelde ze het al. Hij werd in 1889 te Leiden geboren, 1920 in Delft.")
    assert "1/4" not in got and not any(k == "POSTCODE" for k in got.values()), got
    assert found("Per 1/4 gaat ze naar de dagopvang.").get("1/4") == "DATUM"
    assert found("di 2/3 gebeld met de wijkverpleging").get("di 2/3") == "DATUM"


def test_spans_of_years_decimals_and_list_numbers() -> None:
    got = found("Ze was voorzitter (1998-2003) en daarna lid van 2004 – 2011.")
    assert got == {"1998-2003": "DATUM", "2004 – 2011": "DATUM"}
    assert found("Haar score was (gemiddeld 7,45) en (3) een vraag over zorg.") == {}
    assert found("Data:\n2019: 4 maart\n2020: 9 maart").get("4 maart") == "DATUM"


def test_years_of_service_are_no_ages() -> None:
    text = "Ik ben 25 jaar in de thuiszorg geweest en hij was 3 jaar op de wachtlijst. Nu ben ik 61 jaar."
    assert found(text) == {"61 jaar": "LEEFTIJD"}


@pytest.mark.parametrize("text,surface", [
    ("#7 — man — 64 — Kampen", "64"),
    ("R2 | v/52 | Hoorn | 'Te weinig hulp.'", "52"),
    ("R9: 38 jr, vrouw, Sneek", "38"),
])
def test_ages_next_to_a_gender_in_survey_rows(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


@pytest.mark.parametrize("text", [
    "Ja, drie jaar, ongeveer. Daarna werd het minder.",
    "Respondent: Vijf jaar, zegt hij, maar het is langer.",
    "Duur: 2 jaar | kosten: onbekend",
    "Er kwamen 12 vrouwen en 3 mannen; 4 | man",
])
def test_durations_after_labels_and_counts_in_tables_stay(text: str) -> None:
    assert not any(k == "LEEFTIJD" for k in found(text).values()), (text, found(text))


@pytest.mark.parametrize("text,surface,kind", [
    ("Woensdagavond 6 maart was de bijeenkomst in het buurthuis.", "Woensdagavond 6 maart", "DATUM"),
    ("Ze belde zondagmiddag de 17e nog, toen ging het goed.", "zondagmiddag de 17e", "DATUM"),
    ("De logeeropvang is van 8 tot 12 april geregeld.", "8", "DATUM"),
    ("Mijn schoonvader, die 91 is, wil alles zelf doen.", "91", "LEEFTIJD"),
    ("Omdat hij 88 is, rijdt hij geen auto meer.", "88", "LEEFTIJD"),
    ("Haar account, insta: fien.zorgt_2, staat open.", "fien.zorgt_2", "NUMMER"),
])
def test_weekday_parts_day_pairs_relative_ages_and_platform_handles(text: str, surface: str, kind: str) -> None:
    assert found(text).get(surface) == kind


@pytest.mark.parametrize("text", [
    "Zaterdag de 2e keer dat ze viel, zondag weer.",
    "Facebook: niet meer, dat heb ik opgezegd.",
    "Ik heb 2 of 3 maanden gewacht en die 2 is niet genoeg.",
])
def test_repeats_platform_words_and_counts_stay(text: str) -> None:
    assert not any(k in ("DATUM", "LEEFTIJD", "NUMMER") for k in found(text).values()), (text, found(text))


@pytest.mark.parametrize("text,surface", [
    ("Ze is op zeventien oktober verhuisd naar het hofje.", "zeventien oktober"),
    ("Vrijdag de negentiende hebben we de evaluatie.", "Vrijdag de negentiende"),
    ("De brief is van 14/10/'22, die lag nog in de la.", "14/10/'22"),
])
def test_days_in_words_and_apostrophe_years(text: str, surface: str) -> None:
    assert found(text).get(surface) == "DATUM"


def test_floors_and_ranks_in_words_stay() -> None:
    text = "Er woont een vrouw op de eerste, en voor de vijfde keer vroeg hij het. Zondag de tweede helft."
    assert not any(k == "DATUM" for k in found(text).values()), found(text)
