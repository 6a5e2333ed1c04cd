"""Detector rules added in the fourth blind round (dev71-dev77): each sentence written for this test."""
from __future__ import annotations

import pytest

from .conftest import found



@pytest.mark.parametrize("text, span, kind", [
    # numbers named by any compound ending in "nr." or "nummer", codes mixing letters and digits
    ("Leerling Bram de Wit, lln.nr. 311902, zit in 3C.", "311902", "NUMMER"),
    ("Koppeling bekend onder koppelnr. VM-DH-0871 sinds maart.", "VM-DH-0871", "NUMMER"),
    ("Het meldingsnummer: 2023/55190, zei de man van de storingsdienst.", "2023/55190", "NUMMER"),
    ("In het systeem staat ze als KL-4C-23/908.", "KL-4C-23/908", "NUMMER"),
    # a year of the 1900s in words after a day and month
    ("Mijn man is geboren op drie mei negentienachtendertig.", "drie mei negentienachtendertig", "DATUM"),
    # "op de ...de" after a letter or a call
    ("De brief van de gemeente kwam op de negentiende, veel te laat.", "negentiende", "DATUM"),
    # an age after a name and a bracket: "Jesse Kok (kl. 2A), 14 jaar,"
    ("Betreft: Jesse Kok (kl. 2A), 14 jaar, woont bij zijn vader.", "14", "LEEFTIJD"),
    ("Gesprek met de jonge mantelzorger (S), 16 jaar, op school.", "16", "LEEFTIJD"),
    # organisations: a home-help firm, a diaconate, a regional GGD
    ("De schoonmaak doet Thuishulp Rivierenland, om de week.", "Thuishulp Rivierenland", "INSTELLING"),
    ("Hij krijgt een bezoekje van de Protestantse Diaconie Assen.", "Protestantse Diaconie Assen", "INSTELLING"),
    ("De jeugdarts van GGD Twente heeft haar gezien.", "GGD Twente", "INSTELLING"),
    # names: a hyphenated Surinamese-Chinese surname, a name after a Turkish honorific
    ("Ik sprak met meneer Lie-A-Ling over de huur.", "Lie-A-Ling", "PERSOON"),
    ("Na het gebed kwam Hoca Yusuf even langs.", "Yusuf", "PERSOON"),
    # a person with a surname in -huis before "van" and an organisation
    ("Ik belde met dokter Westerhuis van Gezondheidscentrum De Brink.", "Westerhuis", "PERSOON"),
    ("Ik belde met dokter Westerhuis van Gezondheidscentrum De Brink.", "Gezondheidscentrum De Brink", "INSTELLING"),
    # ages: future, passed, between dashes, after "Name, is", a label, children in brackets, "90+", a remark
    ("Oom Gerrit zou in maart 88 worden, maar hij haalde het niet.", "88", "LEEFTIJD"),
    ("Opa is de 95 al gepasseerd.", "95", "LEEFTIJD"),
    ("Mijn schoonmoeder - 91 - doet alles nog zelf.", "91", "LEEFTIJD"),
    ("Onze buurvrouw, Sjaan, is 83 en zit veel alleen.", "83", "LEEFTIJD"),
    ("Oudste zoon: 19 jaar", "19", "LEEFTIJD"),
    ("Ze heeft drie kleinkinderen (4, 7 en 12) die vaak komen.", "12", "LEEFTIJD"),
    ("Mijn tante is 90+ en woont nog thuis.", "90", "LEEFTIJD"),
    ("Hij is 94 (!) en doet zijn eigen boodschappen.", "94", "LEEFTIJD"),
    ("Mw. (lft 73) kreeg de folder.", "73", "LEEFTIJD"),
    ("Op de foto's zie je dat we haar 95ste gevierd hebben in de zaal.", "95ste", "LEEFTIJD"),
    ("Mijn man, 77, en ik, 74, wonen nog samen.", "74", "LEEFTIJD"),
    ("Ze past op de tweeling van negen, twee middagen per week.", "negen", "LEEFTIJD"),
    # a home or centre named with "'t" after "bij", "naar"; a compass point after an organisation
    ("Overdag is hij bij 't Wespennest, een inloop.", "'t Wespennest", "INSTELLING"),
    ("Ze werkt als invalkracht bij Zorgkracht Noord.", "Zorgkracht Noord", "INSTELLING"),
    # numbers: a case by its bare name, a hyphenated compound, a letter before spaced digits, a handle with "_"
    ("Het loopt onder zaak 23/1187 bij de rechtbank.", "23/1187", "NUMMER"),
    ("Ik heb het gemaild op dossier JZ24-0931, maar niks gehoord.", "JZ24-0931", "NUMMER"),
    ("Wmo-nr. 2024/0577, graag vermelden.", "2024/0577", "NUMMER"),
    ("Zijn cliëntnummer: B 4410 2291.", "B 4410 2291", "NUMMER"),
    ("Mijn dochter zet alles op TikTok, als mama_zorgt_ook.", "mama_zorgt_ook", "NUMMER"),
    # dates: a day over 12 and a month in a sentence, a weekday before ", de 27e"
    ("Ik heb hem 21/10 nog gebeld, toen ging het goed.", "21/10", "DATUM"),
    ("Afgelopen dinsdag, de 19e, kwam de thuiszorg niet.", "dinsdag, de 19e", "DATUM"),
    ("Ze brengt hem naar De Gouden Appel, de kinderopvang bij de school.", "De Gouden Appel", "INSTELLING"),
    ("Ich bin dit jaor tachtig gewörre.", "tachtig", "LEEFTIJD"),
    ("Mijn vader is twee weken geleden 91 geworden.", "91", "LEEFTIJD"),
    # an organisation named by ordinary words and a small link
    ("Ze heeft een coach gekregen via Kracht in Huis, gratis.", "Kracht in Huis", "INSTELLING"),
    ("Mijn vader krijgt hulp van Hulp op Maat uit het dorp.", "Hulp op Maat", "INSTELLING"),
    # a date said with the month as a number
    ("Mijn moeder is jarig op de negende van de derde, dan komt iedereen.", "negende van de derde", "DATUM"),
    ("De intake is verzet naar zes-elf, zei de consulent. Nee, op zes-elf.", "zes-elf", "DATUM"),
    # an intake form with dot leaders, a list of ages, a group and an age in brackets
    ("Leeftijd ........................ 79", "79", "LEEFTIJD"),
    ("Leeftijd partner ........ 81 jaar", "81", "LEEFTIJD"),
    ("Leeftijden kinderen: 6, 11 en 14", "11", "LEEFTIJD"),
    ("Leerling: Bram (groep 6, 9 jaar) is vaak moe.", "9", "LEEFTIJD"),
    ("Hij zorgt sinds zijn achtste voor zijn zusje.", "achtste", "LEEFTIJD"),
    ("Hij volgt een taalcursus bij ROC Twente, twee ochtenden.", "ROC Twente", "INSTELLING"),
    # learner's Dutch and English in interviews with newcomers
    ("Mijn moeder heeft 83 jaar, zij is ziek.", "83", "LEEFTIJD"),
    ("Mijn zoon is 11 jaren en gaat naar school.", "11", "LEEFTIJD"),
    ("I: And your father? R: He is 74, he lives in Aleppo.", "74", "LEEFTIJD"),
    # places opening with "'s-" that the gazetteer lacks; streets named after someone with "Van de"
    ("Mijn zus woont in 's-Heer Hendrikskinderen, vlak bij Goes.", "'s-Heer Hendrikskinderen", "PLAATS"),
    ("Ze woont nu op de Van den Boschlaan in Wassenaar.", "Van den Boschlaan", "ADRES"),
    ("Kantoor: locatie Van de Veldestraat, tweede etage.", "Van de Veldestraat", "ADRES"),
])
def test_round4_rules(text: str, span: str, kind: str) -> None:
    assert found(text).get(span) == kind, found(text)


def test_survey_columns_postcode_area_and_respondent_code() -> None:
    text = ("resp_id;leeftijd;pc4;woonplaats;antwoord\n"
            "R1001;61;7411;Deventer;\"Meer hulp op zaterdag\"\n"
            "R1002;-;onbekend;Olst;\"Niks\"\n")
    got = found(text)
    assert got.get("7411") == "POSTCODE" and got.get("61") == "LEEFTIJD" and got.get("Deventer") == "PLAATS"
    assert "R1001" not in got and "R1002" not in got and "onbekend" not in got
    assert "R0088" not in found("Volgens respondent R0088 duurde het wachten te lang.")


@pytest.mark.parametrize("text, place, kept", [
    ("Bel het Sociaal Team Deventer maar, die weten het.", "Deventer", "Sociaal Team"),
    ("Ze verwees me naar het Steunpunt Mantelzorg Veenendaal.", "Veenendaal", "Steunpunt Mantelzorg"),
    ("Groet, Kees\nSociaal Wijkteam Schalkwijk | ma-do", "Schalkwijk", "Sociaal Wijkteam"),
])
def test_public_service_keeps_its_name_and_hides_the_place(text: str, place: str, kept: str) -> None:
    got = found(text)
    assert got.get(place) == "PLAATS" and not any(kept in e for e in got), got


@pytest.mark.parametrize("text, kept", [
    ("Ik heb het gevraagd bij het Centrum voor Jeugd en Gezin.", "Centrum voor Jeugd en Gezin"),
    ("Ik wil dat iemand vraagt hoe het met MIJ gaat.", "MIJ"),
    ("D2: 'k Ben blij dat ik kom.", "Ben"),
    ("Hij fotografeerde met een oude Leica van zijn oom.", "Leica"),
    ("Het zou morgen 30 graden worden, zei het weer.", "30"),
    ("Een moeder van vier zorgt voor alles.", "vier"),
    ("Jij werkt hier bij Onderzoek en Statistiek, toch?", "en"),
    ("Ik kwam bij Petra in Zwolle op bezoek.", " in "),
    ("Ze woont op de derde van de vierde verdieping.", "derde"),
    ("Het gemiddelde (moyenne 5,77) was laag, (groep 7, 10 kinderen).", "10"),
    ("Het stond op twee-een bij de rust.", "twee-een"),
    ("Ze slikt Xarelto en Oxazepam, en ze staat bij de Geheugenpoli op de lijst.", "Xarelto"),
    ("Notulen Cliëntenraad, 3 december, Ontmoetingsruimte", "Cliëntenraad"),
    ("Sinds dit jaar komt er ook iemand van de Sociale Wijkteams langs.", "Wijkteams"),
    ("Het heeft 2 jaar, toen ging het mis. Dat heeft 30 jaar geduurd.", "2"),
    ("Ik heb 20 jaar gewerkt bij de fabriek.", "20"),
    ("Mijn advocaat gaat in hoger beroep bij de Centrale Raad van Beroep.", "Centrale Raad"),
    ("Het contract loopt nog 2 jaar. Duur: 3 jaar", "3"),
    ("Wij zijn 24/7 bereikbaar, en de verhouding is 20/1 en dat is veel.", "24/7"),
    ("Dat is een zaak 12 van de orde.", "12"),
    ("Ik heb drie kinderen (twee jongens) en we zijn 12 jaar getrouwd.", "12"),
    ("Ze ligt op kamernummer 214, bij het raam.", "214"),
    ("Het COVID-19-vaccin kreeg ze in de sporthal.", "COVID-19-vaccin"),
    ("Ik kreeg de brief, ik woon op de derde verdieping.", "derde"),
    ("Hij was koster in de kerk in Wolphaartsdijk, dertig jaar, tot zijn pensioen.", "dertig"),
])
def test_round4_keeps(text: str, kept: str) -> None:
    assert not any(kept in e or e in kept for e in found(text) if e.strip()), found(text)


def test_home_help_by_first_name_is_a_person() -> None:
    assert found("Mijn thuishulp Truus komt op dinsdag.") == {"Truus": "PERSOON"}
    assert found("D3: 'k Ben Wim Hoogstede, uit Kruiningen.").get("Wim Hoogstede") == "PERSOON"


def test_a_house_number_said_again_in_the_next_turn() -> None:
    text = "I: U woont toch aan de Lindelaan 27?\nR: Ja, 27, al veertig jaar."
    assert [k for t, k in found(text).items() if t == "27"] == ["ADRES"]
    other = "I: U woont toch aan de Lindelaan 7?\nR: Ja.\nI: Hoeveel kleinkinderen?\nR: 7, en één op komst."
    assert "7" not in found(other)


def test_a_nickname_explained_by_the_full_name() -> None:
    got = found("10.15 Binnenkomst. Toos (mevr. Antonia Verweij, 88) wil koffie.")
    assert got.get("Toos") == "PERSOON" and got.get("Antonia Verweij") == "PERSOON"


def test_a_house_number_said_again_in_a_chat_export() -> None:
    text = ("[12-10-24, 19:02] Ineke: is het Molenweg 14b of 14?\n"
            "[12-10-24, 19:05] Ruud: 14b. de bel doet het niet")
    assert [k for t, k in found(text).items() if t == "14b"] == ["ADRES"]


@pytest.mark.parametrize("text, address", [
    ("Ze woont op de Grote Markt 3a, boven de slager.", "Grote Markt 3a"),
    ("Adres: Kerkewijk 118, 3904 JK Veenendaal", "Kerkewijk 118"),
    ("Mijn moeder woont op de Oude Haven 14 in Zierikzee.", "Oude Haven 14"),
    ("Mijn zus woont in Oosterhout, Zandheuvel 31, naast de school.", "Zandheuvel 31"),
])
def test_a_house_number_after_a_street_found_without_it(text: str, address: str) -> None:
    assert found(text).get(address) == "ADRES", found(text)


@pytest.mark.parametrize("text, kept", [
    ("We liepen over de Grote Markt 3 keer heen en weer.", "3"),
    ("Aan Petra 3 boeken gegeven, de rest naar de kringloop.", "3"),
    ("Ik heb op Texel 2 weken gewoond.", "2"),
])
def test_a_count_after_a_name_is_no_house_number(text: str, kept: str) -> None:
    assert kept not in " ".join(found(text)), found(text)


@pytest.mark.parametrize("text, name", [
    ("Groetjes,\nmarjo", "marjo"),
    ("Liefs,\noma truus", "truus"),
    ("gr\nkees de boer", "kees de boer"),
])
def test_the_signer_under_a_closing_greeting(text: str, name: str) -> None:
    assert found(text).get(name) == "PERSOON", found(text)


def test_closing_lines_that_name_no_one_and_english_mail_dates() -> None:
    assert found("Met vriendelijke groet,\nHet wijkteam") == {}
    assert found("Dank je wel!\nIk kom morgen") == {}
    assert found("Sent: Tuesday, November 19, 2024 2:02 PM") == {"Tuesday, November 19, 2024": "DATUM"}


def test_an_intake_form_with_dot_leaders() -> None:
    text = ("Cliëntnummer ........... 30562\n"
            "Huisnummer ........ 21b\n"
            "Dagbesteding ........... De Kapberg, Almelo\n"
            "Thuiszorg ..... Geen\n"
            "Werkgever ....... n.v.t.\n")
    got = found(text)
    assert got.get("30562") == "NUMMER" and got.get("21b") == "ADRES" and got.get("De Kapberg") == "INSTELLING"
    assert "Geen" not in got and "n.v.t." not in got and "Cliëntnummer" not in got


def test_a_gemeente_by_its_place_and_a_phone_number_ending_a_line() -> None:
    assert found("Verslag, Gemeente Hardenberg, team Wmo") == {"Hardenberg": "PLAATS"}
    assert found("De Hervormde Gemeente Nunspeet helpt.") == {"Hervormde Gemeente Nunspeet": "INSTELLING"}
    got = found("Zoon: +297 582 4410.\n03-12 09:15 Gebeld met de huisarts.")
    assert got.get("+297 582 4410") == "TELEFOON" and got.get("03-12") == "DATUM"


@pytest.mark.parametrize("text, person, other", [
    ("Navragen bij de casemanager, mevrouw Ramkisoen van Zorgpartners.", "Ramkisoen", "Zorgpartners"),
    ("Volgens de buren is dat meneer Brouwer van de Gerbrandystraat 30.", "Brouwer", "Gerbrandystraat 30"),
])
def test_who_then_where_after_van(text: str, person: str, other: str) -> None:
    got = found(text)
    assert got.get(person) == "PERSOON" and other in got, got


def test_a_surname_in_huis_after_a_first_name_and_particle() -> None:
    assert found("Ik sprak Piet van Leeuwenhuis bij de bakker.") == {"Piet van Leeuwenhuis": "PERSOON"}


def test_dates_of_time_stamps_and_space_aligned_tables() -> None:
    assert found("Ingevuld: 2024-12-03T09:14:22") == {"2024-12-03": "DATUM"}
    table = "Datum        Actie        Door\n03-12        gebeld       AB\n05-12        huisbezoek   AB"
    got = found(table)
    assert got.get("03-12") == "DATUM" and got.get("05-12") == "DATUM"


def test_an_initial_and_a_surname_that_is_a_word_closing_a_letter() -> None:
    assert found("Hoogachtend,\nW. Dekker") == {"W. Dekker": "PERSOON"}
    assert found("Met vriendelijke groet,\nK. Visser, wijkconsulent").get("K. Visser") == "PERSOON"
    assert "B. Ja" not in found("Vraag 3 B. Ja")
    assert "B. Daar" not in found("Naar meneer en mevrouw B. Daar, dat huis met de helling.")
