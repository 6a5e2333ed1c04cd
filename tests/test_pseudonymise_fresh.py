"""Pseudonymisation on fresh sentences of the kinds that leaked outside the tuned cases: shops as landmarks
against shops as employers, notes opened by a clock time, care providers named by one word."""
from __future__ import annotations

import pytest

from toolkit.io.pseudonymise import Pseudonymiser

from .conftest import found



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


@pytest.mark.parametrize("text, org", [
    ("Mijn moeder gaat twee dagen naar de dagbesteding van Zorvita, aan de rand van het dorp.", "Zorvita"),
    ("Hij heeft eenendertig jaar bij Dromeco gewerkt voordat hij werd afgekeurd.", "Dromeco"),
    ("Sinds de zomer staat ze op de wachtlijst bij Psymens voor traumabehandeling.", "Psymens"),
    ("We huren van Elkanta, de woningcorporatie hier, al sinds de jaren tachtig.", "Elkanta"),
])
def test_an_unknown_name_in_an_organisation_context_is_an_organisation(text: str, org: str) -> None:
    assert found(text).get(org) == "INSTELLING"


def test_an_unknown_surname_after_a_relation_stays_a_person() -> None:
    assert found("De buurvrouw van Hendriksma kookt voor hem op dinsdag.") == {"Hendriksma": "PERSOON"}


@pytest.mark.parametrize("text, place", [
    ("De aanvraag loopt nu via de gemeente Dijk en Waard, want ze woont sinds kort in Heerhugowaard.",
     "Dijk en Waard"),
    ("Mijn schoonzus is vorig jaar verhuisd naar Súdwest-Fryslân.", "Súdwest-Fryslân"),
    ("Ze woont nog altijd in Meierijstad, vlak bij haar kinderen.", "Meierijstad"),
])
def test_merged_municipalities_are_places(text: str, place: str) -> None:
    assert found(text).get(place) == "PLAATS"


def test_a_lower_case_name_the_lexicon_knows_is_still_a_name_in_a_chat() -> None:
    out = Pseudonymiser().apply("12-03-24 19:02 - ilse: vraag het anders aan mohammed van hiernaast, die heeft een aanhanger")[0]
    assert "mohammed" not in out and "ilse" not in out and "aanhanger" in out


@pytest.mark.parametrize("text, number", [
    ("Haar huurdersnummer is 55120-7, dat staat op elke brief.", "55120-7"),
    ("Mijn leerlingnummer op school was 2209114.", "2209114"),
])
def test_numbers_after_their_name(text: str, number: str) -> None:
    assert number in found(text)


def test_a_day_in_words_before_this_month_is_a_date() -> None:
    assert found("Op de negentiende van deze maand komt de ergotherapeut kijken.") == {"negentiende": "DATUM"}
    assert found("Ze woont op de negentiende verdieping.") == {}


@pytest.mark.parametrize("text, org", [
    ("Mevrouw zit twee ochtenden bij locatie De Hazelaar, daar is de dagopvang.", "De Hazelaar"),
    ("Ze heeft als meisje op de Katholieke Huishoudschool gezeten.", "Katholieke Huishoudschool"),
    ("Zijn zoon heeft het overgenomen, nu heet het Bakkerij Wolters.", "Bakkerij Wolters"),
])
def test_organisations_named_by_their_type(text: str, org: str) -> None:
    assert found(text) == {org: "INSTELLING"}


@pytest.mark.parametrize("text, age", [
    ("Ik zorg voor mijn broer Wiebe, 73 jaar. Hij woont nog thuis.", "73"),
    ("Onze chauffeur, die al jaren rijdt, is vorige maand zelf 80 geworden.", "80"),
    ("Mevrouw Kooiman (volgens de buurvrouw pas 66) loopt achter een rollator.", "66"),
])
def test_ages_in_more_phrasings(text: str, age: str) -> None:
    assert found(text).get(age) == "LEEFTIJD"


@pytest.mark.parametrize("text", [
    "Het is vandaag 12 graden geworden, dus we zaten buiten.",
    "Ze werkt daar nu, al twaalf jaar, en ze vindt het nog steeds leuk.",
])
def test_durations_and_measures_are_no_ages(text: str) -> None:
    assert found(text) == {}


def test_a_long_number_after_the_bare_word_number_but_not_a_house_number() -> None:
    assert found("We hebben een klacht ingediend, nummer 2024/00731, maar niks gehoord.") == {"2024/00731": "NUMMER"}
    assert "NUMMER" not in found("Ze woont op nummer 12 en haar zus op nummer 14.").values()


def test_a_journal_entry_head_opens_a_sentence() -> None:
    text = "14-03 (RB) Huisbezoek bij mevrouw Otten.\n21-03 (RB + JK) Overleg met de huisarts."
    assert {k for k, v in found(text).items() if v != "DATUM"} == {"Otten"}


@pytest.mark.parametrize("text", [
    "## Aanleiding\nIn januari belde de dochter van mevrouw.",
    "**Situatie**\nIn het gezin zijn drie kinderen.",
    "Samenvatting – In het gesprek vertelde mevrouw veel over vroeger.",
    "• In de ochtend komt de thuiszorg, 's avonds niemand.",
    "Vraag 3 In hoeverre helpt de buurt u?",
])
def test_a_capital_after_a_heading_or_bullet_is_no_name(text: str) -> None:
    assert found(text) == {}


def test_surnames_and_names_with_capitalised_small_words_still_go() -> None:
    spans = found("Gisteren belde mevrouw In 't Veld, en daarna iemand van Welzijn Op Maat.")
    assert spans == {"In 't Veld": "PERSOON", "Welzijn Op Maat": "INSTELLING"}


@pytest.mark.parametrize("text, age", [
    ("Hoe oud ik ben? Ik ben er achtenvijftig, maar ik voel me soms tachtig.", "achtenvijftig"),
    ("Op haar twaalfde ging ze al mee naar oma om te helpen.", "twaalfde"),
])
def test_spoken_ages(text: str, age: str) -> None:
    assert found(text).get(age) == "LEEFTIJD"


def test_no_age_in_an_ordinal_attempt() -> None:
    assert found("Pas bij mijn vijfde poging lukte het rijexamen.") == {}


@pytest.mark.parametrize("text, org", [
    ("Ze werkt drie avonden bij Thuiszorg West-Brabant als helpende.", "Thuiszorg West-Brabant"),
    ("De auto staat al een week bij Autobedrijf Van der Linde.", "Autobedrijf Van der Linde"),
])
def test_organisations_with_regions_and_surnames(text: str, org: str) -> None:
    assert found(text) == {org: "INSTELLING"}


def test_a_shop_compound_as_a_landmark_stays() -> None:
    assert found("Hij kijkt de hele dag naar de bouw van het nieuwe Jumbo-filiaal.") == {}


def test_a_doctor_with_initial_and_surname_at_the_end_of_a_list() -> None:
    assert found("Aanwezig: dochter, specialist ouderengeneeskunde mw. dr. E. Kamphuis\n") == {"E. Kamphuis": "PERSOON"}


@pytest.mark.parametrize("text, org", [
    ("Haar zoon zit in groep 7 van OBS De Wilgenhoek, daar is ze erg tevreden over.", "OBS De Wilgenhoek"),
    ("Op zaterdag voetbalt hij bij VV Nieuw-Buinen, in de E-jeugd.", "VV Nieuw-Buinen"),
    ("Ik stuur u de folder van Mantelzorg Oostergo, daar kunt u terecht.", "Mantelzorg Oostergo"),
])
def test_schools_clubs_and_care_named_by_region(text: str, org: str) -> None:
    assert found(text) == {org: "INSTELLING"}


def test_a_street_named_after_someone_with_van() -> None:
    assert found("Het overleg is in het dienstencentrum aan de Van Heemskerckstraat 12.").get(
        "Van Heemskerckstraat 12") == "ADRES"


def test_a_role_in_brackets_in_a_mail_header_is_no_name() -> None:
    assert found("Van: Anouk Brouwers (wijkverpleegkundige) <a.brouwers@zorg.nl>\n").get("Anouk Brouwers") == "PERSOON"


def test_an_age_in_a_bracket_after_zelf() -> None:
    assert found("Vrijwilliger Bert (zelf 71, oud-buschauffeur) rijdt op dinsdag.").get("71") == "LEEFTIJD"


@pytest.mark.parametrize("text, org", [
    ("Mijn zus zit op het Thomas a Kempis College in de vierde klas.", "Thomas a Kempis College"),
    ("Via school kwam ik bij Jonge Mantelzorgers Deventer terecht.", "Jonge Mantelzorgers Deventer"),
    ("De schilder kwam van Schildersbedrijf Hoekstra B.V., een aardige man.", "Schildersbedrijf Hoekstra B.V."),
])
def test_more_organisation_shapes(text: str, org: str) -> None:
    assert found(text) == {org: "INSTELLING"}


def test_a_shop_in_the_answer_to_a_question_about_work_is_the_employer() -> None:
    text = "I: En werk je ook naast school?\nR: Ja, twee avonden bij de Lidl in het centrum."
    assert found(text) == {"Lidl": "INSTELLING"}


@pytest.mark.parametrize("text", [
    "Met de kleinkinderen zijn we een dag naar de Efteling geweest.",
    "Hij kijkt elke zondag naar Feyenoord, dan mag je hem niet storen.",
])
def test_attractions_and_clubs_as_such_stay(text: str) -> None:
    assert found(text) == {}


def test_an_abbreviated_title_opens_a_street_and_u_bent_gives_an_age() -> None:
    assert found("Burg. Visserstraat 4 hs\n").get("Burg. Visserstraat 4 hs") == "ADRES"
    assert found("Gezien uw leeftijd (u bent 61) heeft u nog geen recht op AOW.").get("61") == "LEEFTIJD"


def test_a_care_provider_in_lower_case_in_a_chat() -> None:
    assert found("ok top, buurtzorg komt morgen om 8 uur voor de kousen") == {"buurtzorg": "INSTELLING"}


def test_a_childrens_hospital_by_its_short_name() -> None:
    assert found("Toen lag ze drie weken in het WKZ, dat was zwaar.") == {"WKZ": "INSTELLING"}


@pytest.mark.parametrize("text, age", [
    ("De buurman is zesentachtig en maait nog zelf het gras.", "zesentachtig"),
    ("I: Hoe oud is uw man? Drieënzeventig.\nR: Ja.", "Drieënzeventig"),
])
def test_ages_of_people_named_by_a_role(text: str, age: str) -> None:
    assert found(text).get(age) == "LEEFTIJD"


def test_a_weight_after_van_is_no_age() -> None:
    assert "LEEFTIJD" not in found("Een vrouw van 60 kilo tilt dat niet zomaar.").values()


@pytest.mark.parametrize("text, number", [
    ("De auto met kenteken 7-KZN-43 staat al weken op de stoep.", "7-KZN-43"),
    ("Zijn Belgische auto, kenteken 1-ABC-234, is weggesleept.", "1-ABC-234"),
    ("Graag overmaken op nl91abna0417164300 onder vermelding van de naam.", "nl91abna0417164300"),
    ("Het dossier bij Veilig Thuis heeft nummer VT2024-11873.", "VT2024-11873"),
    ("Zie registratie nr 11-4477 in het systeem.", "11-4477"),
])
def test_more_number_shapes(text: str, number: str) -> None:
    assert found(text).get(number) in ("NUMMER", "BSN")


def test_the_first_day_of_a_night_is_a_date_too() -> None:
    assert found("In de nacht van 3 op 4 mei is hij thuis overleden.") == {"3": "DATUM", "4 mei": "DATUM"}


def test_a_doctor_named_like_a_place_stays_a_person() -> None:
    assert found("In cc: dokter Van Rossum, Huisartsenpraktijk Zwaag-Noord.\n").get("Van Rossum") == "PERSOON"


def test_a_home_named_with_a_capital_article_is_no_street() -> None:
    assert found("Ze wil hem aanmelden bij De Kennemerhof voor dagbesteding.") == {"De Kennemerhof": "INSTELLING"}


def test_the_year_someone_believes_it_is_and_the_age_of_the_youngest() -> None:
    assert found("Pa denkt dat het 1962 is en dat hij naar zijn werk moet.") == {"1962": "DATUM"}
    assert found("Mijn zus is de jongste, 59, en woont alleen.").get("59") == "LEEFTIJD"
    assert "DATUM" not in found("Ze zei dat het 2000 euro kost.").values()


@pytest.mark.parametrize("text", [
    "Ons kenmerk: klacht Wmo vader\nBetreft: de aanvraag hulp bij het huishouden\n",
    "Verslag gesprek met moeder\nIn het gesprek kwam de dagbesteding aan bod.\n",
])
def test_a_line_ending_in_a_relation_word_then_a_heading_or_sentence(text: str) -> None:
    assert found(text) == {}


def test_a_name_on_the_line_after_a_title_still_goes() -> None:
    assert found("Met vriendelijke groet,\nmevrouw\nJolanda Brink\n").get("Jolanda Brink") == "PERSOON"


def test_form_fields_and_a_church_choir() -> None:
    got = found("BSN:        318472600\nContactpersoon: buurman dhr. Kuipers, huisnr. 6\n")
    assert got == {"318472600": "BSN", "Kuipers": "PERSOON", "6": "ADRES"}
    assert found("Ze zong dertig jaar in het Protestants Kerkkoor Almelo.") == {
        "Protestants Kerkkoor Almelo": "INSTELLING"}


def test_languages_and_origins_of_the_caribbean_stay() -> None:
    assert found("Mijn moeder is Curaçaose en spreekt vooral Papiamentu.") == {}


@pytest.mark.parametrize("text, number", [
    ("Mijn tiktok is mantelzorgmama84, daar deel ik alles.", "mantelzorgmama84"),
    ("Zijn account heet jeroenzorgt op Instagram.", "jeroenzorgt"),
    ("Het paspoort NWR4K7P21 was verlopen toen ze wilde reizen.", "NWR4K7P21"),
])
def test_accounts_and_document_numbers(text: str, number: str) -> None:
    assert found(text).get(number) == "NUMMER"


def test_an_account_that_is_a_word_is_no_handle() -> None:
    assert found("Mijn account is geblokkeerd sinds gisteren.") == {}


def test_a_title_case_heading_of_words_is_no_name() -> None:
    text = "Werk en Zorg\nWie werkt, ervaart vooral tijdsdruk. Zorg voor een ouder kost tijd.\n"
    assert found(text) == {}


def test_it_works_after_a_shop_is_no_employer() -> None:
    assert found("Bij de Lidl hangen nu posters; dat werkt volgens de deelnemers goed.") == {}


def test_a_name_explained_by_its_type_and_a_surname_said_alone() -> None:
    got = found("Mijn vrouw zit in De Watersteeg, dat is een verpleeghuis in het dorp.")
    assert got == {"De Watersteeg": "INSTELLING"}
    assert found("G: Hoe heet uw vrouw van achter?\nToon: Van der Heijden.\n").get("Van der Heijden") == "PERSOON"
    assert found("Van de week was het druk.") == {}


def test_a_regional_language_stays() -> None:
    assert found("Het gesprek ging in plat Brabants, soms in het Twents.") == {}


@pytest.mark.parametrize("text, org", [
    ("De wijkverpleging van Icare komt twee keer per dag.", "Icare"),
    ("Via Stichting Mee kregen we hulp met de formulieren.", "Stichting Mee"),
    ("Een vrijwilliger van De Zonnebloem gaat met haar wandelen.", "De Zonnebloem"),
])
def test_care_and_volunteer_organisations_named_by_users(text: str, org: str) -> None:
    assert found(text).get(org) == "INSTELLING"
