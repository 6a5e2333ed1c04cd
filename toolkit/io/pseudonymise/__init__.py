"""Pseudonymise Dutch transcripts before anything is stored: rules and word lists, no network, no model.

What is detected and replaced by a numbered placeholder (the same original form gets the same
placeholder across every document of a project, also across runs when the mapping file is reused):

- ``[PERSOON-n]``: names after a form of address or a relation word ("mevrouw Jansen", "dhr. Bakker",
  "tante Riet", "mijn zoon Peter", "hij heet Mehmet"); only the name is replaced, the title stays
  ("mevrouw [PERSOON-1]"). Initials with a surname ("J. de Boer") and bare initials ("A.B.");
  speaker labels that are names ("Greet:" at the start of a line); first names from a built-in list;
  capitalised words inside a sentence that are not Dutch words (simplemma's lexicon) and not in the
  keep lists. A surname seen with a title or first name ("mevrouw Jansen") maps later bare uses
  ("Jansen") to the same placeholder.
- ``[PLAATS-n]``: capitalised names after "in", "uit", "naar", "te", "vanuit", "richting",
  "gemeente", "dorp", ...; unknown capitalised words with a typical Dutch place-name ending (-wijk,
  -horst, -kerk, -dam, ...); the place after a postcode. Places below country level (provinces
  included); countries, continents, nationalities and languages are kept.
- ``[ADRES-n]``: street names (-straat, -weg, -laan, -plein, -singel, -gracht, -kade, -dreef, -hof, ...)
  with or without a house number; ``[POSTCODE-n]``: "1234 AB".
- ``[TELEFOON-n]``: 06-12345678, 020 1234567, +31 6 12345678, (010) 123 45 67; ``[EMAIL-n]``.
- ``[DATUM-n]``: full dates (14-01-1941, 3 maart 1941) and birth dates/years after "geboren"/"jarig".
- ``[LEEFTIJD-n]``: ages in context: "84 jaar oud", "ik ben 84", "een man van 67", "84-jarige",
  "toen ik 12 was", "(weduwe, 84 jaar)". Durations ("al dertig jaar", "zes jaar geleden") and
  approximate ages ("een jaar of zestig", "in de tachtig") are deliberately kept: they are not exact
  identifiers and the analysis needs them.
- ``[BSN-n]``: 8/9-digit numbers that pass the elfproef; ``[NUMMER-n]``: IBANs and other numbers of
  seven or more digits (client, policy, file numbers).
- ``[INSTELLING-n]``: institutions named after a type word ("Zorggroep Noord", "Stichting Welzijn
  Zandhorst", "huisartsenpraktijk De Linde", "verpleeghuis Het Anker") and unknown capitalised words
  with an organisation ending (-zorg, -groep). National organisations and schemes used as concepts
  (Wmo, CAK, PGB, ZRM, GGZ, UWV, Buurtzorg, Zonnebloem, "de gemeente" as a word, ...) are kept.

Kept untouched: existing anonymisation markers in square brackets ("[naam]", "[plaats]", "[lacht]")
and placeholders written by this module, so a second run changes nothing; days, months, holidays.

Not detected (known gaps): names that are ordinary Dutch words and appear without a title or relation
word ("Roos", "Bakker" at the start of a sentence), lower-case names, misspelled or phonetically
transcribed names, nicknames, written-out dates ("drie maart negentienveertig"), house numbers
written as words, descriptive identifiers ("de enige Surinaamse bakker in het dorp", "de
burgemeester"), rare jobs or diseases, and any indirect identification from combined facts.

This is a safeguard, not a guarantee: read the output before sharing it. The mapping file (placeholder
-> original forms) re-identifies everyone: store it apart from the pseudonymised texts, outside the
project folder, where only the researcher can reach it. It is never written into the output.
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
