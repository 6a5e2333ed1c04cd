"""The detectors added for issue 16, each on a sentence written for this test."""
from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.io.pseudonymise import Pseudonymiser, pseudonymise_files

from .conftest import found


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
    ("Ik werk al drie jaar bij de Jumbo om de hoek.", "Jumbo"),
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


# -- shapes of fresh text (chat exports, signatures, web addresses), sentences written for these tests --

def test_chat_export_timestamps_are_dates_and_the_sender_a_name() -> None:
    text = ("[03-09-24 20:41:07] Ilona V.: ik ben er morgen niet\n"
            "[03-09-24 20:43:12] Ilona V.: wie brengt mam naar de fysio?")
    out = replaced(text)
    assert "03-09-24" not in out and "Ilona" not in out and " V." not in out
    assert out.count("[PERSOON-1]") == 2 and "[DATUM-1]" in out
    assert found("14-02-2025 08:05 - Gerdien Mulder: goedemorgen") == {
        "14-02-2025": "DATUM", "Gerdien Mulder": "PERSOON"}


def test_a_marker_without_a_date_stays() -> None:
    assert replaced("[lacht] Dat was het. [onverstaanbaar 00:14:32]") == \
        "[lacht] Dat was het. [onverstaanbaar 00:14:32]"


@pytest.mark.parametrize("url", [
    "https://www.buurtkringnoord.nl/contact?id=2231", "www.dekoffiepot-ommen.nl",
    "facebook.com/groups/rouwcafe.haaksbergen", "instagram.com/oma_truus_kookt"])
def test_web_addresses_that_can_name_someone(url: str) -> None:
    got = found(f"Kijk maar op {url}. Daar staat alles.")
    assert got == {url: "NUMMER"}


def test_bare_sites_of_everyone_and_abbreviations_stay() -> None:
    assert found("Ik zoek het op google.nl of via thuisarts.nl, o.a. over medicijnen, z.s.m. dus.") == {}


def test_social_media_handle_but_not_an_email_or_a_lone_at() -> None:
    got = found("Ze post als @tante_ria_62 op insta; mail naar r.smit@hetnet.nl, om 3 @ 4 uur.")
    assert got == {"@tante_ria_62": "NUMMER", "r.smit@hetnet.nl": "EMAIL"}  # handles are NUMMER (test set README)


@pytest.mark.parametrize("text,address", [
    ("Ze woont op de Vondellaan 14-II, al jaren.", "Vondellaan 14-II"),
    ("Adres: Kerkbuurt 12 II, Oostzaan.", "Kerkbuurt 12 II"),
    ("Hij woont aan de Molenweg 4-bis sinds de scheiding.", "Molenweg 4-bis"),
    ("Het pakket ging naar de Lindenstraat 8 hs.", "Lindenstraat 8 hs"),
    ("De sleutel ligt bij de buren op nummer 16a.", "16a"),
])
def test_house_numbers_with_additions(text: str, address: str) -> None:
    assert found(text).get(address) == "ADRES"


def test_a_neighbourhood_without_a_number_is_no_address() -> None:
    assert found("We wonen in de Kerkbuurt, dat is gezellig.") != {"Kerkbuurt": "ADRES"}
    assert found("Dat is in onze buurt 12 jaar zo geweest.") == {}


@pytest.mark.parametrize("text,place", [
    ("Na de scheiding ben ik verhuisd naar best, voor het werk.", "best"),
    ("Mijn zoon woont al jaren in hoorn.", "hoorn"),
    ("ze is toen naar leiden verhuisd", "leiden"),
    ("Ik woon in assen, al dertig jaar.", "assen"),
    ("Hij reed richting delft, denk ik.", "delft"),
])
def test_a_place_that_is_also_a_word_in_a_place_context(text: str, place: str) -> None:
    assert found(text) == {place: "PLAATS"}


@pytest.mark.parametrize("text", [
    "Hij doet zijn best.", "Het ging naar best vermogen.", "De hoorn van de telefoon lag ernaast.",
    "Mensen wonen in huizen van de corporatie.", "We wonen in huizen.", "Het licht sprong van groen naar geel.",
    "Ik heb in bergen gewandeld.", "Dat zit in echt.",
])
def test_the_same_words_without_a_place_context_stay(text: str) -> None:
    assert found(text) == {}


def test_a_word_place_found_once_does_not_take_the_word_elsewhere() -> None:
    out = replaced("Ik ben verhuisd naar best. Hij doet zijn best, echt waar.")
    assert out == "Ik ben verhuisd naar [PLAATS-1]. Hij doet zijn best, echt waar."


@pytest.mark.parametrize("text,org", [
    ("De nachtzorg van BuurtzorgPlus kwam pas na een uur.", "BuurtzorgPlus"),
    ("Ze werkt sinds kort bij ThuisBest.", "ThuisBest"),
    ("Het loket van WelzijnWest is dicht op vrijdag.", "WelzijnWest"),
    ("Hij zingt bij Mannenkoor De Zingende Zwanen.", "Mannenkoor De Zingende Zwanen"),
    ("Zij ging naar Onderzoeksbureau Kwalitatief in de stad.", "Onderzoeksbureau Kwalitatief"),
])
def test_organisation_names_in_camel_case_and_after_compound_type_words(text: str, org: str) -> None:
    assert found(text).get(org) == "INSTELLING"


def test_camel_case_brands_and_surnames_are_no_organisations() -> None:
    assert found("Ik stuur het via WhatsApp of LinkedIn, of bel via FaceTime.") == {}
    assert found("Dat boek van McGoldrick las ik vorig jaar.") != {"McGoldrick": "INSTELLING"}


def test_an_age_between_commas_after_a_name() -> None:
    assert found("Eerste cliënt: mevrouw Bolhuis, 91, woont nog zelfstandig.") == {
        "Bolhuis": "PERSOON", "91": "LEEFTIJD"}
    assert found("Daarna kwam hoofdstuk Zorg, 12, met de tabellen.").get("12") is None


@pytest.mark.parametrize("phone", [
    "+31 6 4182 7730", "0031 6 2290 1457", "+31(0)6-12345678", "0031-20-5551234", "(020) 555 12 34",
    "(075) 631 28 44", "06 - 123 456 78", "030.274.11.80", "+32 470 12 34 56", "00212 6 12 34 56 78"])
def test_phone_number_shapes(phone: str) -> None:
    assert found(f"Bel haar op {phone}, liefst na tienen.") == {phone: "TELEFOON"}


@pytest.mark.parametrize("text,name", [
    ("R: ja ik heb het aan oksana gevraagd maar die wist het ook niet", "oksana"),
    ("Gisteren was Wiktoria er nog, ze helpt met douchen.", "Wiktoria"),
    ("De tolk, Dawit Haile, was er ook bij.", "Dawit Haile"),
    ("ja dewi en agus komen zaterdag", "agus"),
    ("Mijn broer Abdulrahman Haddad zorgt voor mijn vader.", "Abdulrahman Haddad"),
])
def test_first_names_of_non_dutch_origin(text: str, name: str) -> None:
    assert found(text).get(name) == "PERSOON"


@pytest.mark.parametrize("text,place", [
    ("Ik ben opgegroeid in den haag, mijn zus woont er nog.", "den haag"),
    ("Later zijn we naar bergen op zoom verhuisd.", "bergen op zoom"),
    ("Ze komt uit alphen aan den rijn.", "alphen aan den rijn"),
])
def test_lower_case_places_of_more_than_one_word(text: str, place: str) -> None:
    assert found(text) == {place: "PLAATS"}


def test_lower_case_phrases_that_are_also_place_names_stay() -> None:
    assert found("Hij kent iedereen in de wijk en speelt graag in het zand.") == {}


@pytest.mark.parametrize("text,surface,kind", [
    ("Mail naar jan.smit[at]ziggo.nl als het lukt.", "jan.smit[at]ziggo.nl", "EMAIL"),
    ("Of naar info (at) buurtkring (punt) nl.", "info (at) buurtkring (punt) nl", "EMAIL"),
    ("Mijn postcode is 1509gh, dat weet ik zeker.", "1509gh", "POSTCODE"),
    ("Dat was op twaalf juni, in de middag.", "twaalf juni", "DATUM"),
    ("Ze is op eenendertig december jarig.", "eenendertig december", "DATUM"),
    ("Joke (buurvrouw) zat er ook bij.", "Joke", "PERSOON"),
])
def test_more_written_shapes(text: str, surface: str, kind: str) -> None:
    assert found(text).get(surface) == kind


def test_units_after_a_number_and_counts_before_a_month_are_no_identifiers() -> None:
    assert found("Ze kreeg 1000mg paracetamol en liep 2000km in een jaar.") == {}
    assert found("Wij waren met z'n tweeën in mei op vakantie.") == {}


def test_a_lower_case_district_and_a_parent_of_a_few_children() -> None:
    assert found("ik woon in zwolle-zuid sinds een jaar") == {"zwolle-zuid": "PLAATS"}
    assert found("Ik ben Tessa, moeder van twee en mantelzorger.") == {"Tessa": "PERSOON"}
    assert found("Mijn moeder van 88 woont nog thuis.") == {"88": "LEEFTIJD"}
    assert found("Ons dochtertje van drie is ziek.") == {"drie": "LEEFTIJD"}


def test_chat_senders_in_any_case_but_not_kinship_words() -> None:
    text = ("[02-05-24 19:01:10] tjitske: ben er om 5 uur\n[02-05-24 19:02:44] oma joke: fijn!\n"
            "[02-05-24 19:03:01] Mama: ok\n02/05/2024, 19:04 - jantien vd berg: top")
    out = replaced(text)
    assert "tjitske" not in out and "joke" not in out and "jantien" not in out
    assert "oma [PERSOON-2]:" in out and "Mama: ok" in out


def test_a_lone_particle_is_never_looked_for_again() -> None:
    text = ("Zie Linders & Van Lieshout (2010). In de wijk werkt men samen.\n"
            "Van der Lans wijst daar terecht op. In 2012 kwam er meer.")
    out = replaced(text)
    assert "In de wijk werkt" in out and out.count("In ") == 2 and "\nVan der" in out


def test_a_town_that_is_also_a_first_name_before_a_surname_is_a_person() -> None:
    assert found("Het boek van Peer van Hoof gaat daarover.").get("Peer van Hoof") == "PERSOON"


def test_mail_headers_name_people_and_organisations() -> None:
    text = ("Van: Kees Brinkman <kees.brinkman@hetnet.nl>\nAan: Welzijnwest <info@welzijnwest.nl>\n"
            "Cc: onderzoeksteam\nOnderwerp: Zorg en welzijn in de wijk")
    got = found(text)
    assert got["Kees Brinkman"] == "PERSOON" and got["Welzijnwest"] == "INSTELLING"
    assert "onderzoeksteam" not in got and "Zorg" not in got


def test_single_word_care_organisations_are_organisations() -> None:
    assert found("Ze werkt bij Zorgsaam en haar man bij Thuisbest, allebei in de zorg.") == {
        "Zorgsaam": "INSTELLING", "Thuisbest": "INSTELLING"}


def test_listed_organisations_in_lower_case_and_a_town_after_komt_uit() -> None:
    assert found("ze werkt bij careyn en haar moeder ligt in het isala") == {
        "careyn": "INSTELLING", "isala": "INSTELLING"}
    assert found("Mijn schoonzoon komt uit best, net als zijn vader.") == {"best": "PLAATS"}
    assert found("Die spullen komen uit landen, ver weg.") == {}


def test_two_organisations_joined_by_en_and_a_person_before_van_an_organisation() -> None:
    got = found("Volgende week langs bij De Zorgzaak en Stichting Welzijn Ouderen Assen.")
    assert set(got) == {"De Zorgzaak", "Stichting Welzijn Ouderen Assen"}  # "en" stays
    got = found("Ik bel morgen de huisarts, dokter Bulut van Huisartsenpraktijk De Worp.")
    assert got == {"Bulut": "PERSOON", "Huisartsenpraktijk De Worp": "INSTELLING"}
    assert found("Het Huis van de Wijk Bospolder is open.") == {"Huis van de Wijk Bospolder": "INSTELLING"}


def test_an_age_after_a_relation_and_a_day_with_a_slash_after_a_preposition() -> None:
    assert found("Mijn vader, 82, woont nog zelfstandig.") == {"82": "LEEFTIJD"}
    assert found("Mijn huis, 12, staat leeg.") == {}
    assert found("De afspraak staat op 15/3, om tien uur.") == {"15/3": "DATUM"}
    assert found("Neem 1/2 tablet per dag.") == {}


def test_a_lower_case_district_after_in_de() -> None:
    assert found("ze woont in kanaleneiland, ik in overvecht") == {"kanaleneiland": "PLAATS", "overvecht": "PLAATS"}
    assert found("ik kom uit berkane en woon nu in de schilderswijk") == {
        "berkane": "PLAATS", "schilderswijk": "PLAATS"}
    assert found("We wonen in de woonwijk achter de kerk, vlak bij de binnenstad.") == {}


@pytest.mark.parametrize("text,date", [
    ("De beslissing volgt uiterlijk dinsdag de 28e.", "dinsdag de 28e"),
    ("Oma wordt 90 op de 3e!", "3e"),
    ("Evaluatie rond 14-09.", "14-09"),
    ("12-03 (KB)\nEerste huisbezoek samen met de wijkverpleging.", "12-03"),
    ("wo 20/3 (KB)\nTelefonisch contact.", "wo 20/3"),
    ("Brief verstuurd op 23 mrt '23, nog geen antwoord.", "23 mrt '23"),
])
def test_dates_without_a_year_in_notes(text: str, date: str) -> None:
    assert found(text).get(date) == "DATUM"


@pytest.mark.parametrize("text", ["Hij komt zo 2-3 keer per week.", "We wonen op de 3e verdieping.",
                                  "Dat was de 2e keer dat ze viel.", "Uitslag: 3-1."])
def test_ranges_floors_and_scores_are_no_dates(text: str) -> None:
    assert "DATUM" not in found(text).values()


def test_ages_of_kin_and_a_guess_before_the_answer_in_a_chat() -> None:
    assert found("Ja, mem is 92 en woont nog zelfstandig.") == {"92": "LEEFTIJD"}
    chat = ("[10-01-24 19:30:01] Mirella: hoe oud was hij toen hij hier kwam? 9?\n"
            "[10-01-24 19:33:50] Yvonne: 11. Met de boot.")
    got = found(chat)
    assert got["9"] == "LEEFTIJD" and got["11"] == "LEEFTIJD"


def test_floors_streets_named_after_people_and_titles_without_a_dot() -> None:
    assert found("Gezin Kowal, Gagelstraat 4c, 3 hoog, Zwolle").get("Gagelstraat 4c, 3 hoog") == "ADRES"
    assert found("Hij woont op de Kerkstraat 12, 2e verdieping.") == {"Kerkstraat 12, 2e verdieping": "ADRES"}
    assert found("ik leg hem in de bus op de Frans Halslaan") == {"Frans Halslaan": "ADRES"}
    assert found("die casemanager, mw kasanwirjo of zo").get("kasanwirjo") == "PERSOON"


def test_more_note_and_chat_shapes() -> None:
    assert found("naar het woonoord in best. Daarna pas eindhoven") == {"best": "PLAATS", "eindhoven": "PLAATS"}
    assert found("Dossiernr. WT-ZWL-2023-0931 | verder niets") == {"WT-ZWL-2023-0931": "NUMMER"}
    assert found("[09-01-24 08:03:10] Mirella: <Media weggelaten>") == {"09-01-24": "DATUM", "Mirella": "PERSOON"}
    assert found("brieven van de woningcorporatie deltaWonen en van het CJIB") == {"deltaWonen": "INSTELLING"}
    assert found("Dossier wijkteam Zuid, journaal. De boeren praten in het Fries.") == {}
    assert found("Ik gebruik eHealth op mijn iPhone.") == {}


def test_signature_and_journal_shapes() -> None:
    assert found("Opgesteld door:\nR. (Ramon) Wessels, Wmo-consulent") == {"R. (Ramon) Wessels": "PERSOON"}
    assert found("Zwolle (Holtenbroek)") == {"Zwolle": "PLAATS", "Holtenbroek": "PLAATS"}
    assert found("Hij werkt bij de Dienst Verkeer en Parkeren van de gemeente.") == {
        "Dienst Verkeer en Parkeren": "INSTELLING"}
    assert found("Mantelzorgconsulent | DOCK Amsterdam Nieuw-West") == {"DOCK Amsterdam Nieuw-West": "INSTELLING"}
    assert found("ontmoetingsgroep in 't Bouwhuus, Haaksbergen.")["'t Bouwhuus"] == "PLAATS"
    assert found("Bezoekadres:\nNieuwe Achtergracht 166").get("Nieuwe Achtergracht 166") == "ADRES"


def test_survey_columns_and_form_fields() -> None:
    text = ("resp;leeftijd;woonplaats;antwoord\nR01;34;Tilburg;Ik zorg voor mijn moeder, dat is zwaar.\n"
            "R02; 71 ;oisterwijk;Mijn man heeft Parkinson.\nR03;n.v.t.;Goirle;Geen antwoord\n\n"
            "Naam: Jolanda\nWoonplaats: best\n")
    got = found(text)
    for value, kind in (("34", "LEEFTIJD"), ("71", "LEEFTIJD"), ("Tilburg", "PLAATS"), ("oisterwijk", "PLAATS"),
                        ("Goirle", "PLAATS"), ("Jolanda", "PERSOON"), ("best", "PLAATS")):
        assert got.get(value) == kind, value
    assert "n.v.t." not in got and "R01" not in got


def test_sentences_with_commas_and_colons_are_no_tables_or_fields() -> None:
    text = ("Naam, leeftijd, woonplaats en beroep vroegen we altijd.\nDat ging goed, zei ze, echt.\n"
            "gemeente: ik heb een voorkeur voor klein theater")
    assert found(text) == {}


def test_an_organisation_run_stops_at_a_line_break() -> None:
    got = found("Verslag keukentafelgesprek Wmo\nGemeente Haaksbergen, team Noord")
    assert got == {"Haaksbergen": "PLAATS"}  # round 4: the gemeente keeps its word, the place goes (as dev26 annotates)


def test_staff_initials_after_a_journal_date_stay() -> None:
    assert found("23 mrt '23 (KB + MvdL)\nBrieven doorgenomen.") == {"23 mrt '23": "DATUM"}


def test_the_age_of_ones_own_kin_before_a_verb_but_not_of_anyone() -> None:
    assert found("Mijn broertje van acht snapt het nog niet.") == {"acht": "LEEFTIJD"}
    assert found("Een jongen van zestien hoort niet elke ochtend zijn moeder te wassen.") == {}
    assert found("Mijn buurman Joop van 88 rijdt nog auto.") == {"Joop": "PERSOON", "88": "LEEFTIJD"}


def test_survey_lines_with_age_and_place_in_brackets_and_fields_between_bars() -> None:
    assert found("Respondent 7 (45 jaar, Hengelo): Ik vind het zwaar.") == {"45": "LEEFTIJD", "Hengelo": "PLAATS"}
    assert found("Antwoord 4 (man, 80+, Tubbergen): niks.") == {"80+": "LEEFTIJD", "Tubbergen": "PLAATS"}
    got = found("Leeftijd: 45-54 | Woonplaats: Losser | Rol: mantelzorger")
    assert got["45-54"] == "LEEFTIJD" and got["Losser"] == "PLAATS" and "Woonplaats" not in got

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
    assert found(text) == {"61": "LEEFTIJD"}


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


@pytest.mark.parametrize("text, surface", [
    ("Vanochtend heeft Mevr. T. de thermosfles weer laten vallen.", "T."),
    ("Volgens dhr. W. moet de lift eerst gerepareerd worden.", "W."),
    ("Ik heb mw. Van L. beloofd dat ik donderdag terugbel.", "Van L."),
    ("Daarna kwam meneer A.J. binnen met zijn rollator", "A.J."),
    ("De huisarts van mevrouw S. wil een nieuwe afspraak.", "S."),
    ("Op de gang vertelde dhr. J. Kuiper dat zijn vrouw verhuist.", "J. Kuiper"),
    ("Ik heb mevr. E. Visser-de Lange gebeld, zij komt.", "E. Visser-de Lange"),
])
def test_a_title_with_initials_only_is_a_person_and_the_title_stays(text: str, surface: str) -> None:
    assert found(text) == {surface: "PERSOON"}
    title = text.split(surface)[0].split()[-1]
    assert title + " [PERSOON-1]" in replaced(text)


def test_a_title_before_a_capital_letter_that_is_no_initial_stays() -> None:
    assert found("Ik zei tegen mevrouw: A is voor appel en B is voor boom.") == {}
    assert found("Groetjes aan meneer V. Dat doe ik graag.") == {"V.": "PERSOON"}


@pytest.mark.parametrize("text, surface", [
    ("Hoorn vond ik altijd een gezellige stad, met die haven.", "Hoorn"),
    ("Woerden is niet zo groot, maar alles is dichtbij.", "Woerden"),
    ("Nee hoor. Delft lag toen nog helemaal onder de sneeuw.", "Delft"),
    ("R: Weert ken ik alleen van de carnavalsoptocht.", "Weert"),
    ("Kampen ligt aan de IJssel, dus we fietsten er vaak heen.", "Kampen"),
])
def test_a_town_that_is_also_a_word_opening_a_sentence_as_its_subject(text: str, surface: str) -> None:
    assert found(text).get(surface) == "PLAATS"


@pytest.mark.parametrize("text", [
    "Best is het niet gegaan met de verhuizing.",  # an adverb before the verb, the subject after it
    "Geel is haar lievelingskleur, dat weet iedereen.",
    "Huizen vond ik daar veel te duur.",  # a plural before "vond ik": the houses
    "Echt is dat niet waar, hoor.",
    "Vorst is slecht voor de rozen.",  # a village too small to outweigh the word
])
def test_words_that_are_also_towns_opening_a_sentence_stay(text: str) -> None:
    assert found(text) == {}


@pytest.mark.parametrize("text, surface", [
    ("Ik had het er met tante hennie van de overkant over.", "hennie"),
    ("Mijn buurvrouw jolien van het hoekhuis bracht soep.", "jolien"),
    ("Opa gerrit ter plaatse vroeg wat er aan de hand was.", "gerrit"),
    ("Zeg maar tegen oom kees van de bakkerij dat het morgen wordt.", "kees"),
])
def test_a_lower_case_name_does_not_take_ordinary_words_after_a_particle(text: str, surface: str) -> None:
    assert found(text) == {surface: "PERSOON"}


@pytest.mark.parametrize("text, surface", [
    ("Ik had het er met tante hennie de jong over.", "hennie de jong"),
    ("Volgens jolanda van Beek moet het anders.", "jolanda van Beek"),
    ("Mijn buurvrouw jolien van der meulen bracht soep.", "jolien van der meulen"),
])
def test_a_lower_case_name_keeps_its_surname_after_a_particle(text: str, surface: str) -> None:
    assert found(text) == {surface: "PERSOON"}


def test_a_first_name_that_is_a_noun_stays_a_noun_in_lower_case() -> None:
    text = "Ernst belde over de aanvraag. Hij begreep de ernst van de situatie wel."
    assert replaced(text) == "[PERSOON-1] belde over de aanvraag. Hij begreep de ernst van de situatie wel."


@pytest.mark.parametrize("text", [
    "De gemeente wil meer samenhang tussen Zorg- en welzijnsloketten in de wijk.",
    "Jeugd- en jongerenwerk zit tegenwoordig in hetzelfde gebouw.",
    "Ze had grote verwach- tingen van de nieuwe woning.",
    "Het ging over de moge-\nlijkheden voor dagbesteding.",
    "We kregen eerst een huis- of telefoonnummer en verder niets.",
])
def test_fragments_of_hyphenated_words_are_no_names(text: str) -> None:
    assert found(text) == {}


def test_an_organisation_keeps_the_first_part_of_a_shared_compound() -> None:
    text = "Sinds maart werk ik bij de Stichting Zorg- en Welzijnsgroep Noordkwartier in Alkmaar."
    out = found(text)
    assert out.get("Stichting Zorg- en Welzijnsgroep") == "INSTELLING" and out.get("Alkmaar") == "PLAATS"


@pytest.mark.parametrize("text", [
    "Respondent nummer 9 had het over de lange wachtlijst.",
    "Dat zei deelnemer nr. 4 ook al in de eerste ronde.",
    "Bij vraag nummer 6 moest ze even nadenken.",
    "Ik neem altijd buslijn nummer 14 naar de markt.",
    "R12 en P3 waren het daarover eens, net als respondent 7.",
])
def test_numbers_of_respondents_questions_and_lines_are_no_addresses(text: str) -> None:
    assert found(text) == {}


def test_a_house_number_after_nummer_is_still_an_address() -> None:
    assert found("Ze woont sinds de zomer op nummer 23, naast de bakker.") == {"23": "ADRES"}
    assert found("En nummer 8 staat al een jaar leeg.") == {"8": "ADRES"}


def test_the_number_word_trie_matches_as_the_plain_alternation() -> None:
    import re

    from toolkit.io.pseudonymise.lexicon import _NUM, _NUMBER_WORDS
    plain = re.compile(r"(?:\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")")
    trie = re.compile(_NUM)
    text = ("Ze werd vijfenzestigjarige, hij is achtentachtig en een half, honderdtwee kaarsjes, "
            "tweeëntwintig of tweeentwintig, dertien-veertien, zeventigste, 84-jarige, achttien.")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert all(trie.fullmatch(w) for w in _NUMBER_WORDS)


@pytest.mark.parametrize("text, surface", [
    ("Mw. is 91 jaar en woont nog zelfstandig boven de drogist.", "91"),
    ("Dhr. is negenenzeventig en rijdt nog auto.", "negenenzeventig"),
    ("Mevr. was 66 toen haar man overleed.", "66"),
    ("R: Jao, ich bin 82, mer nog good bie de tied.", "82"),
])
def test_ages_after_an_abbreviated_title_or_a_dialect_ich(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


@pytest.mark.parametrize("text, surface", [
    ("| Annelies | huisbezoek plannen | 14-5 |\n", "14-5"),
    ("- toestemmingsformulier, getekend 3/9 door haar zoon", "3/9"),
    ("Ze lag in het ziekenhuis van 14-05 t/m 20-05-2024 met een longontsteking.", "14-05"),
])
def test_day_and_month_in_a_table_cell_after_getekend_and_opening_a_range(text: str, surface: str) -> None:
    assert found(text).get(surface) == "DATUM"


def test_a_letter_opening_and_a_table_header_are_no_names() -> None:
    assert found("Geachte heer, mevrouw,\n\nGraag wil ik bezwaar maken tegen het besluit.") == {}
    text = "| Wie | Wat | Wanneer |\n| Sanne | folder sturen | vrijdag |\n"
    assert found(text) == {"Sanne": "PERSOON"}


@pytest.mark.parametrize("text", [
    "R: Jao, dat weet ich neet. Hae kump mörges pas.",
    "Dao höb ich gein zin in, zeet ze dan.",
    "Joa, doar was hai wel. Moi!",
])
def test_dialect_function_words_at_a_sentence_start_are_no_names(text: str) -> None:
    assert found(text) == {}


@pytest.mark.parametrize("text, surface", [
    ("De cliëntondersteuner van MEE de Veluwe belt haar volgende week terug.", "MEE de Veluwe"),
    ("Ik heb een afspraak met de consulent van het Wmo-loket Oldambt.", "Wmo-loket Oldambt"),
])
def test_a_local_branch_of_a_national_service_is_an_organisation(text: str, surface: str) -> None:
    assert found(text).get(surface) == "INSTELLING"


def test_an_organisation_name_ends_at_a_line_break() -> None:
    text = "Aanwezig namens het Wmo-loket Oldambt\nAfwezig met bericht: niemand"
    assert found(text) == {"Wmo-loket Oldambt": "INSTELLING"}
    assert "INSTELLING" not in found("Ga je mee de Markt op morgen?").values()


def test_a_lower_case_full_name_alone_on_a_line_is_a_posts_author() -> None:
    text = "Reacties\n\n  marloes dekker\n  Ik heb hem ook gezien bij de bushalte.\n\n  ingrid gaat\n  ok"
    out = found(text)
    assert out.get("marloes dekker") == "PERSOON" and "ingrid gaat" not in out


@pytest.mark.parametrize("text", [
    "Overleg op dinsdagmiddag, 14.15-15.30 uur, in de kantine.",
    "Het spreekuur is van 9:00 - 11:30 in het buurthuis.",
])
def test_a_span_of_clock_times_is_no_number_or_date(text: str) -> None:
    assert not any(k in ("NUMMER", "DATUM") for k in found(text).values())


def test_a_street_does_not_take_the_line_above_it() -> None:
    text = "Mw. J. Vermeulen-de Graaf\nKoningin Julianastraat 12\n7511 AB Enschede"
    out = found(text)
    assert out.get("Koningin Julianastraat 12") == "ADRES" and out.get("J. Vermeulen-de Graaf") == "PERSOON"


@pytest.mark.parametrize("text, surface", [
    ("Elke woensdag helpt ze bij de koffie van de Sint-Martinusparochie.", "Sint-Martinusparochie"),
    ("Hij is koster geweest in de Lambertusparochie.", "Lambertusparochie"),
])
def test_a_named_parish_is_an_organisation(text: str, surface: str) -> None:
    assert found(text).get(surface) == "INSTELLING"


@pytest.mark.parametrize("text", [
    "Betreft: uw aanvraag voor huishoudelijke hulp",
    "We fietsten langs het Kanaal tot aan de sluis.",
    "Mijn klacht is doorgestuurd naar de afdeling Schuldhulpverlening.",
])
def test_letter_headings_departments_and_landmarks_after_het_are_no_persons(text: str) -> None:
    assert "PERSOON" not in found(text).values()


def test_a_capitalised_name_run_after_het_is_still_found() -> None:
    assert found("Hij had een bakkerij op het Lange Vonder in Zwolle.").get("Lange Vonder") is not None


@pytest.mark.parametrize("text,surface", [
    ("Mijn oom is vorige week 70 geworden, we hebben taart gegeten.", "70"),
    ("Oma wordt op zaterdag honderd, de burgemeester komt langs.", "honderd"),
    ("Hae woont nog in zien eige hoes en hae is zevenentachtig.", "zevenentachtig"),
    ("Mien vader? Hae is in mei zesentachtig gewore.", "zesentachtig"),
    ("Ze vertelde dat ze al 88 was toen ze haar rijbewijs inleverde.", "88"),
    ("De wijkagent schreef op dat de man verward is en 79 is en geen jas aanhad.", "79"),
    ("Tweeënnegentig en nog altijd zelf koken, dat vind ik knap.", "Tweeënnegentig"),
    ('Ze zuchtte: "Negenenvijftig en gescheiden, wie wil me nog?"', "Negenenvijftig"),
    ("Onze buurman is 90 jaar jong en fietst elke dag naar de markt.", "90"),
])
def test_ages_without_jaar_or_with_a_time_word_between(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


@pytest.mark.parametrize("text", [
    "Het zijn er uiteindelijk twaalf geworden, veel meer dan gepland.",
    "Drie en nog eens drie stoelen, dat past nooit in de kamer.",
    "Twintig en alleen maar vrouwen in de groep, dat vond hij lastig.",
    "Ik zei dat het er te veel waren en 40 is echt te veel voor één middag.",
    "Hij was vorige week 3 dagen ziek en toen nog eens 2 dagen vrij.",
    "Vijftien en zestien zijn de huisnummers van de twee winkels.",
])
def test_counts_near_age_words_stay(text: str) -> None:
    assert "LEEFTIJD" not in found(text).values(), text


@pytest.mark.parametrize("text,surface", [
    ("Ze woont nog op zichzelf en 91 is ze ook al.", "91"),
    ("Achtenzestig jaar is hij nu, en nog steeds aan het werk.", "Achtenzestig"),
    ("Mijn man is nou 74 en hij wil nog alles zelf doen.", "74"),
    ("Hij is 14 april 80 geworden.", "80"),
    ("Mijn kleinkinderen zijn 6 en 9, dus het is druk in huis.", "9"),
])
def test_ages_after_a_conjunction_an_adverb_or_as_a_pair(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


@pytest.mark.parametrize("text", [
    "Mijn zoon is 8 en 3 maanden, hij loopt al.",
    "De bus was 20 en 25 minuten te laat, twee keer achter elkaar.",
    "En 12 was het aantal mensen dat kwam opdagen.",
])
def test_pairs_and_conjunctions_that_are_no_second_age(text: str) -> None:
    ages = [s for s, k in found(text).items() if k == "LEEFTIJD"]
    assert ages in ([], ["8"]), (text, ages)


@pytest.mark.parametrize("text,surface", [
    ("Hij is geboren in 1952, dus 72 nu, maar hij voelt zich veel ouder.", "72"),
    ("Komend weekend viert ze haar 95ste met de hele familie.", "95ste"),
    ("Met haar 92 jaar is ze nog scherper dan ik.", "92"),
    ("Deelnemer 4 (81, weduwe) woont sinds kort in een aanleunwoning.", "81"),
])
def test_ages_from_a_birth_year_a_party_or_a_header(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


@pytest.mark.parametrize("text", [
    "Het huis is van 1930, dus bijna 95, en het lekt overal.",
    "Met zijn 20 jaar ervaring kent hij elke straat in de wijk.",
    "We vieren ons 25ste jubileum als vereniging.",
    "Het kostte 40 euro, dus 20 per persoon.",
])
def test_ages_of_things_and_amounts_stay(text: str) -> None:
    assert "LEEFTIJD" not in found(text).values(), text


@pytest.mark.parametrize("text,surface", [
    ("Kom mer langs op vriedig 3 mieërt, dan is iedereen d'r.", "vriedig 3 mieërt"),
    ("Op tongersdei 14 novimber komt de wykferpleging foar it earst.", "tongersdei 14 novimber"),
    ("Zotterdag 8 febrewoari is t feest bie mien zuster.", "Zotterdag 8 febrewoari"),
])
def test_dates_in_dialect(text: str, surface: str) -> None:
    assert found(text).get(surface) == "DATUM"


def test_a_dialect_weekday_alone_is_no_date() -> None:
    assert "DATUM" not in found("Op vriedig geit ze altied nao de mert.").values()


@pytest.mark.parametrize("text,surface", [
    ("Mijn zus is vijftig geworden op de achttiende, we hebben het groots gevierd.", "achttiende"),
    ("De afspraak bij de longarts is nu op de vierde, om half tien.", "vierde"),
    ("Ze moet in maart nog terugkomen, uiterlijk de dertigste.", "dertigste"),
])
def test_a_day_in_words_with_a_dated_event_before_it(text: str, surface: str) -> None:
    assert found(text).get(surface) == "DATUM"


@pytest.mark.parametrize("text", [
    "Na de verbouwing woont ze op de derde verdieping, met een lift.",
    "Hij eindigde op de twaalfde plaats, maar hij was blij.",
    "Op de eerste dag van de opname was ze heel onrustig.",
    "Tijdens de operatie stonden ze op de tweede rij te wachten.",
])
def test_an_ordinal_that_is_no_day_stays(text: str) -> None:
    assert "DATUM" not in found(text).values(), text


@pytest.mark.parametrize("text,surface", [
    ("@joyce janssens wat lief dat je dit deelt", "joyce janssens"),
    ("karin de bruin\nDat herken ik zo. @karin de bruin hou vol!", "karin de bruin"),
    ("Mooi gezegd @Kees, dank je.", "Kees"),
])
def test_a_mention_of_a_display_name_is_a_person(text: str, surface: str) -> None:
    assert found(text).get(surface) == "PERSOON"


def test_a_mention_stops_before_an_ordinary_word() -> None:
    out = found("@petra ik blijf bij hem, komt goed")
    assert out.get("petra") == "PERSOON" and not any("ik" in s.split() for s in out)
    assert found("Volg ons op @zorgcafe_noord voor nieuws").get("@zorgcafe_noord") == "NUMMER"


@pytest.mark.parametrize("text,surface", [
    ("Ze woont nu op Brink 14, Deventer, vlak bij de Waag.", "Brink 14"),
    ("Zijn werkplaats zat in Weert (Molenakker 9), achter de kerk.", "Molenakker 9"),
    ("Het pand aan het water (Havenkop 3) in Zwolle is verkocht. We zaten eerst in Zwolle (Havenkop 3).", "Havenkop 3"),
    ("Stuur de post maar naar Nieuwe Uitleg 22 in Den Haag.", "Nieuwe Uitleg 22"),
])
def test_a_street_without_a_street_word_beside_a_place(text: str, surface: str) -> None:
    assert found(text).get(surface) == "ADRES"


@pytest.mark.parametrize("text", [
    "Ze zat in Groep 7 in Zwolle toen ze verhuisden.",
    "In Mei 2020, Utrecht was toen nog in lockdown.",
    "Het werd Hoofdstuk 4, Arnhem en omgeving.",
])
def test_counted_things_beside_a_place_are_no_street(text: str) -> None:
    assert "ADRES" not in found(text).values(), text


@pytest.mark.parametrize("text,surface", [
    ("Ik ben 58, mijn vrouw 61, en we werken allebei nog.", "61"),
    ("Opa is 93 en oma 90, ze wonen nog samen in het huisje.", "90"),
    ("De oudste was toen 15, de jongste 11.", "11"),
    ("Onze zoon is 3, de baby 1 en ik word er gek van.", "1"),
    ("Mijn jongste kleindochter is 19 en ze studeert in Leiden.", "19"),
    ("We zijn allebei 72, we kennen elkaar van de lagere school.", "72"),
    ("Ik was toen veertien of vijftien, precies weet ik het niet.", "vijftien"),
    ("Ik ben van 1956, dus 68, en ik fiets nog elke dag.", "68"),
    ("Mijn kleinkinderen zijn 5, 8 en 12.", "12"),
])
def test_ages_left_after_a_first_age(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


@pytest.mark.parametrize("text", [
    "Ik ben 58, mijn werk 36 uur per week, dat is genoeg.",
    "Hij is 40, de kamer 12 vierkante meter en de huur 700 euro.",
    "Ik was toen een of twee keer bij de huisarts.",
])
def test_amounts_after_an_age_are_no_ages(text: str) -> None:
    ages = [s for s, k in found(text).items() if k == "LEEFTIJD"]
    assert ages in ([], ["58"], ["40"]), (text, ages)


@pytest.mark.parametrize("text,surface", [
    ("Morgen wordt mijn schoonvader 85, dan komt de hele familie.", "85"),
    ("Mijn buurvrouw, inmiddels 97, doet nog zelf haar boodschappen.", "97"),
    ("Ze werd in 2021 negentig, midden in de lockdown.", "negentig"),
    ("Hij is achtentachtig. Achtentachtig! En hij klimt nog op de ladder.", "Achtentachtig"),
])
def test_ages_after_a_noun_subject_an_apposition_a_year_or_said_again(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


@pytest.mark.parametrize("text", [
    "Dan is mijn huisnummer 12, dat weet u toch.",
    "Ze is zesentachtig. Twintig! Zoveel kleinkinderen heeft ze.",
])
def test_numbers_near_those_ages_stay(text: str) -> None:
    ages = [s for s, k in found(text).items() if k == "LEEFTIJD"]
    assert ages in ([], ["zesentachtig"]), (text, ages)


@pytest.mark.parametrize("text,surface", [
    ("Dhr. 81 jr, woont sinds kort alleen na het overlijden van zijn vrouw.", "81"),
    ("Bewoonster, 93jr, heeft vanochtend het ontbijt overgeslagen.", "93"),
    ("Mw. is 78 jr en gebruikt een rollator.", "78"),
    ("Aanmelding: geb. 1946 (78), verwezen door de huisarts.", "78"),
    ("Leeftijd deelnemer: 52", "52"),
    ("Mijn schoonmoeder werd dit voorjaar 95.", "95"),
])
def test_ages_in_care_notes_and_with_jr(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


@pytest.mark.parametrize("text", [
    "Ik heb mijn man 3 jaar geleden verloren aan kanker.",
    "Meneer 12 jaar in dienst bij de gemeente, zegt hij.",
    "Mevrouw heeft 2 jr op de wachtlijst gestaan.",
])
def test_durations_in_notes_are_no_ages(text: str) -> None:
    assert "LEEFTIJD" not in found(text).values(), text


def test_the_unit_after_an_age_stays_in_the_text() -> None:
    out = Pseudonymiser().apply("Mijn tante is 86 jaar oud en woont nog in haar eigen huis.")[0]
    assert "86" not in out and "jaar oud en woont" in out


@pytest.mark.parametrize("text,surface", [
    ("I: Mag ik vragen hoe oud u bent.\nR: 69.", "69"),
    ("I: En hoe oud bent u nu?\n\nR: Uhm... 74.", "74"),
    ("I: Hoe oud is uw man?\nR: Ja, die is 80 inmiddels.", "80"),
    ("I: Hoe oud was u toen? Negen, ja. Ik weet het nog goed.", "Negen"),
])
def test_answers_to_the_age_question_in_more_forms(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


def test_a_count_after_the_age_question_stays() -> None:
    assert "LEEFTIJD" not in found("I: Hoe oud is het huis eigenlijk.\nR: 12 kamers, drie verdiepingen.").values()


@pytest.mark.parametrize("text,surface", [
    ("Ja, 'k ben 81, dan mag ik wel eens klagen.", "81"),
    ("Hy is 77 en hy fytst noch alle dagen.", "77"),
    ("Ik wor volgend jaor 90, zegt ze.", "90"),
])
def test_ages_with_spoken_and_dialect_subjects(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


def test_the_sea_is_no_person() -> None:
    assert "LEEFTIJD" not in found("De zee is 12 graden, te koud om te zwemmen.").values()


@pytest.mark.parametrize("text,surface", [
    ("Respondent 4 (66) vertelt over de zorg voor haar broer.", "66"),
    ("R12 (71): Ik heb dat nooit zo gevoeld.", "71"),
    ("Buurman Hennie (83 jr) komt elke ochtend even kijken.", "83"),
    ("Ze is geboren in 1947, nu 77, en woont nog op de boerderij.", "77"),
])
def test_ages_in_brackets_after_a_code_and_after_a_birth_year(text: str, surface: str) -> None:
    assert found(text).get(surface) == "LEEFTIJD"


def test_a_count_after_a_birth_year_stays() -> None:
    text = "Ze is geboren in 1947 en heeft nu 12 kleinkinderen; vraag 3 (2) ging daarover."
    assert "LEEFTIJD" not in found(text).values()


def test_a_house_number_with_zwart_or_rood() -> None:
    out = found("Ze woont op de Lange Nieuwstraat 31 rood, boven de bakker.")
    assert out.get("Lange Nieuwstraat 31 rood") == "ADRES"
    assert found("De Kerkstraat 4 is rood geverfd.").get("Kerkstraat 4") == "ADRES"


def test_an_age_word_said_much_later_as_an_answer_is_no_echo() -> None:
    text = ("R: Ik had een cliënt van drieëntwintig, die kwam de deur niet meer uit. " + "We praten verder. " * 20
            + "\nI: Hoeveel uur per week werkt u?\nR: Drieëntwintig. Verdeeld over drie dagen.")
    ages = [e for e in Pseudonymiser().find(text) if e.kind == "LEEFTIJD"]
    assert len(ages) == 1 and ages[0].start < 60
