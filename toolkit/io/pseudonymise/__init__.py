"""Pseudonymise Dutch transcripts before anything is stored: rules and word lists, no network, no model.

What is detected and replaced by a numbered placeholder (the same original form gets the same
placeholder across every document of a project, also across runs when the mapping file is reused):

- ``[PERSOON-n]``: names after a form of address or a relation word ("mevrouw Jansen", "tante Riet",
  "mijn zoon Peter", "hij heet Mehmet", "ik ben Joke Hofstede"; the title stays); initials; speaker
  labels that are names; initials after a title ("Mevr. K.", "mw. De B.": the title stays); first names from the list; capitalised words that are not Dutch words or
  that OpenTaal lists only with a capital; names that are also words when the text says so ("Dank je,
  Bas.", "Hoop, de dochter van Ruud", "Aanwezig: Ingrid, Hoop"); the surname after a first name even
  when it is a word ("Mirjam Kok"), double surnames ("Jansen-de Wit"); lower-case names after a title
  ("tante gerdien") and lower-case first names that are no Dutch word ("jolanda"). Once a name is
  found in a document, every other mention goes too: at a sentence start, after a speaker label, in
  lower case (unless the name is an everyday word: "hoop", "roos"). People with one surname and other
  first names get their own placeholders ("Roos Meijer", "Marco Meijer").
- ``[PLAATS-n]``: the gazetteer (GeoNames places of the Netherlands, Belgium and Suriname and large
  cities elsewhere; "Den Haag", "Bergen op Zoom"), also at a sentence start and in lower case after "in",
  "naar" ("in den haag"); towns that are also words after "verhuisd naar", "woont in" ("naar best") or, with 20,000 inhabitants or more,
  opening a sentence as its subject ("Hoorn ligt ...", "Weert vond ik ...", not "Best is het niet"); countries (unless
  ``keep_countries``); names after "in", "uit", "naar", "te", "gemeente", "in de" ...; unknown words
  with a place-name ending; districts ("Rotterdam-Zuid"). Nationalities and languages are kept.
- ``[ADRES-n]``: streets with or without a house number (also "in de Ganzenmarkt", "op de kooilaan"),
  "op nummer 12", roads ("de A29"); ``[POSTCODE-n]``: "1234 AB".
- ``[TELEFOON-n]`` (also +31, 0031, (020), foreign numbers), ``[EMAIL-n]`` (also "jan[at]ziggo.nl");
  web addresses that can name someone become ``[NUMMER-n]``, social media handles ``[PERSOON-n]``.
- ``[DATUM-n]``: dates with or without a year ("14-01-1941", "3 maart", "vrijdag 9 juni", "mei 2021"),
  birth dates, years after "sinds", "in", "geboren" ...
- ``[LEEFTIJD-n]``: "84 jaar oud", "ik ben zelf 58", "Mees is ook al 49", "een man van 67", "Kees (76)",
  "op haar 17e", the number answering "hoe oud ben je?". Durations ("al dertig jaar"), approximate
  ages ("in de tachtig") and numbers of children ("een moeder van drie") are kept; so is the unit after
  the number ("[LEEFTIJD-1] jaar oud").
- ``[BSN-n]``: numbers that pass the elfproef; ``[NUMMER-n]``: IBANs, long numbers, case numbers
  ("P-2024-0117", "koppelnr. MW-ARN-0392", "zaak 23/1187"), licence plates, file names mentioned in the text
  ("interview_jan.m4a"). In a survey export the columns named leeftijd, woonplaats, pc4 ... are replaced and a
  respondent code column (``resp_id``) is kept.
- ``[INSTELLING-n]``: the organisations list (banks, care providers, hospitals, housing corporations,
  transport, employers; shops, attractions and clubs only as someone's employer, ``data/shops.txt``: "bij de
  Jumbo" as a landmark stays), unknown names in an organisation context ("de dagbesteding van Icare"), names
  with an institution word ("Maasstad Ziekenhuis", "Stichting De
  Boei", "Huis van de Wijk Bospolder"), compounds ("Diakonessenhuis", "Mevlana-moskee"). National
  schemes used as concepts (Wmo, CAK, PGB, UWV, GGD, "de gemeente", "Centrum voor Jeugd en Gezin") are kept;
  a public service named by its place keeps its name and loses the place ("Sociaal Team [PLAATS-1]").

File names and document ids are pseudonymised with the same mapping (:meth:`Pseudonymiser.pseudonymise_name`):
``interview_dennis_okt`` -> ``interview_PERSOON-3_okt``.

Kept untouched: markers in square brackets ("[naam]", "[lacht]") and placeholders written by this
module, so a second run changes nothing; days, months, holidays; respondent and participant codes ("R12",
"respondent nummer 9"); parts of hyphenated words ("verwach- tingen", "Zorg- en welzijnsloket"); clock times
("12.30-13.45 uur"); dialect function words ("Jao", "Dao", "Hae"); names in ``data/keep_names.txt``
(Bach, Willem van Oranje, Sinterklaas, ...). The word lists, their sources and licences: data/README.md.

Not detected (known gaps): misspelled or phonetically transcribed names, names that are everyday words
with no context that shows they are names ("Bloem van de gemeente belde"), places that are also words
without a place context ("Best vond ik een fijn dorp"), unknown acronyms of local organisations, dates
written out other than "twaalf juni", descriptive identifiers ("de enige Surinaamse bakker in het
dorp"), and indirect identification from combined facts.

This is a safeguard, not a guarantee: read the output before sharing it. The mapping file (placeholder
-> original forms) re-identifies everyone: store it apart from the pseudonymised texts, outside the
project folder, where only the researcher can reach it. It is never written into the output.

Modules: ``numbers``, ``dates``, ``ages``, ``fields`` (form fields, survey columns), ``addresses``, ``organisations``, ``places``,
``names`` (first-pass detectors), ``consistency`` (the name passes), ``detect`` (runs them, resolves
overlaps by priority; the text-only step apart from the mapping step), ``partitioned`` (the text-only
step on Dask workers), ``replacer`` (placeholders and the mapping), ``filenames``, ``remap``
(offsets), ``files`` (files and folders), ``lexicon`` and ``common`` (shared lists and patterns).
"""

from __future__ import annotations

from toolkit.io.pseudonymise.common import KINDS, Entity, Replacement
from toolkit.io.pseudonymise.filenames import renamed_id
from toolkit.io.pseudonymise.files import PseudonymiseSummary, pseudonymise_files
from toolkit.io.pseudonymise.numbers import elfproef
from toolkit.io.pseudonymise.remap import remap, remap_codings, remap_span
from toolkit.io.pseudonymise.replacer import Pseudonymiser

__all__ = [
    "KINDS",
    "Entity",
    "Replacement",
    "Pseudonymiser",
    "PseudonymiseSummary",
    "elfproef",
    "remap_span",
    "remap",
    "remap_codings",
    "pseudonymise_files",
    "renamed_id",
]
