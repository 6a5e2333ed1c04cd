"""Identifiers in forms and tables: "Woonplaats: Tilburg", "Naam: ..." and the columns of a survey or
registration export whose header names them ("resp;leeftijd;woonplaats;antwoord" -> the age and place
cells of every row below it)."""

from __future__ import annotations

import re
from toolkit.io.pseudonymise.common import _Add
from toolkit.io.pseudonymise.lexicon import _FIRST_NAMES, _is_word

# header words (any case, a column or a form field) -> kind
_FIELD_KINDS = {
    "leeftijd": "LEEFTIJD", "lft": "LEEFTIJD", "lft.": "LEEFTIJD", "age": "LEEFTIJD", "woonplaats": "PLAATS", "plaats": "PLAATS", "gemeente": "PLAATS",
    "wijk": "PLAATS", "dorp": "PLAATS", "stad": "PLAATS", "naam": "PERSOON", "voornaam": "PERSOON",
    "achternaam": "PERSOON", "roepnaam": "PERSOON", "postcode": "POSTCODE", "e-mail": "EMAIL", "email": "EMAIL",
    "telefoon": "TELEFOON", "telefoonnummer": "TELEFOON", "tel": "TELEFOON", "mobiel": "TELEFOON",
    "geboortedatum": "DATUM", "geb.datum": "DATUM", "adres": "ADRES", "straat": "ADRES", "bsn": "BSN",
    # the four digits of a postcode area ("pc4;woonplaats" -> "6413;Heerlen")
    "pc4": "POSTCODE", "pc": "POSTCODE", "postcode4": "POSTCODE", "pc-4": "POSTCODE", "postcodegebied": "POSTCODE",
    # a respondent's or row's code names no one ("R0412"): kept, also when it looks like a case number
    "resp_id": "MARKER", "respid": "MARKER", "resp": "MARKER", "respondent": "MARKER", "respondentnummer": "MARKER",
    "resp.nr.": "MARKER", "respnr": "MARKER", "id": "MARKER", "rij": "MARKER", "deelnemer": "MARKER",
}
_FORM_RE = re.compile(r"(?im)(?:^|[|;][ \t]*)[ \t]*(?:[-*•][ \t]*)?(woonplaats|gemeente|voornaam|achternaam|roepnaam|"
                      r"naam|geboortedatum|leeftijd|adres)[ \t]*:[ \t]*([^\n;|]{1,60}?)[ \t]*(?=[|;]|$)")
_SEPARATORS = (";", "\t", "|", ",")
_AGE_CELL_RE = re.compile(r"(\d{1,3})[ \t]*(?i:jaar|jr\.?)")  # "44 jr": the age is the number
_CODE_CELL_RE = re.compile(r"[A-Za-z]{0,4}[-_.]?\d{1,6}")  # "R0412", "12", "TG-07"
_PC4_RE = re.compile(r"[1-9]\d{3}(?:[ ]?[A-Z]{2})?")  # a postcode cell holds a postcode (not "onbekend", "-")

# a respondent's or participant's code in the running text: "respondent R0412", "deelnemer D-07" (kept)
_RESPONDENT_CODE_RE = re.compile(r"(?i:\b(?:respondente?|resp\.?|deelnem(?:er|ster)|participant)[ \t]+(?:nr\.?[ \t]*)?)"
                                 r"([A-Z]{1,3}-?\d{1,5})(?![\w-])")


def _cells(line: str, sep: str) -> list[tuple[int, int]]:
    """The (start, end) of every cell of `line` split by `sep`, without the spaces around it."""
    out, pos = [], 0
    for part in line.split(sep):
        lead = len(part) - len(part.lstrip())
        out.append((pos + lead, pos + len(part.rstrip())))
        pos += len(part) + len(sep)
    return out


def _table_candidates(text: str, add: _Add) -> None:
    lines, offsets, pos = text.split("\n"), [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    for i, header in enumerate(lines):
        sep = next((s for s in _SEPARATORS if header.count(s) >= 2), None)
        if sep is None:
            continue
        names = [header[s:e].strip(" \"'").casefold() for s, e in _cells(header, sep)]
        if any(len(n) > 30 or len(n.split()) > 3 for n in names):
            continue  # a sentence with commas, not a header row
        columns = {j: _FIELD_KINDS[n] for j, n in enumerate(names) if n in _FIELD_KINDS}
        if not columns:
            continue
        for s, e in _cells(header, sep):  # the header's own words ("Woonplaats") are no names
            add(0.5, offsets[i] + s, offsets[i] + e, "MARKER")
        for k in range(i + 1, len(lines)):
            row = lines[k]
            if row.count(sep) != header.count(sep):
                break  # the table ends where the rows stop matching the header
            for j, (s, e) in enumerate(_cells(row, sep)):
                value = row[s:e].strip("\"'")
                if j in columns and value and len(value) <= 60 \
                        and value.casefold() not in ("-", "n.v.t.", "nvt", "onbekend", "?"):
                    cell = _AGE_CELL_RE.fullmatch(value) if columns[j] == "LEEFTIJD" else None
                    e = s + cell.end(1) if cell else e
                    if (columns[j] != "POSTCODE" or _PC4_RE.fullmatch(value)) and (
                            columns[j] != "MARKER" or _CODE_CELL_RE.fullmatch(value)):  # a name in it is a name
                        add(5.5, offsets[k] + s, offsets[k] + e, columns[j])


def _header_rows(text: str, add: _Add) -> None:
    """The first row of a table between bars whose cells are single Dutch words ("| Wie | Wat | Wanneer |")
    is its header: labels, no names."""
    pos, prev = 0, ""
    for line in text.split("\n"):
        if line.count("|") >= 2 and "|" not in prev:
            cells = [(s, e) for s, e in _cells(line, "|") if e > s]
            words = [line[s:e] for s, e in cells]
            if len(words) >= 2 and all(" " not in w and _is_word(w) and w.casefold() not in _FIRST_NAMES
                                       for w in words):
                for s, e in cells:
                    add(0.5, pos + s, pos + e, "MARKER")
        pos, prev = pos + len(line) + 1, line


# a form with dot leaders: "Cliëntnummer ........... 20481", "Dagbesteding ....... De Bolder, Almelo"
_DOTTED_RE = re.compile(r"(?im)^[ \t]*(?:[-*•][ \t]*)?([^\W\d_][\w./ -]{1,40}?)[ \t]*(?:\.{3,}|…+)[ \t.…]*:?[ \t]*"
                        r"([^\n]{1,80}?)[ \t]*$")
_ORG_LABELS = frozenset("dagbesteding thuiszorg werkgever school zorgaanbieder woningcorporatie verhuurder "
                        "huisartsenpraktijk kerk moskee kinderopvang bso opvang wijkverpleging".split())


def _name_like(words: list[str]) -> bool:
    """"De Bolder", "Carint Reggeland", "Humanitas" (not "Geen", "Geen idee", "nee, nog niet")."""
    caps = all(w[:1].isupper() or w in ("de", "het", "van", "'t", "en", "voor") for w in words)
    return bool(words) and caps and (len(words) > 1 or not _is_word(words[0]))


def _dotted_fields(text: str, add: _Add) -> None:
    """Numbers, house numbers and organisations in a form's dotted fields (priority 5.5)."""
    for m in _DOTTED_RE.finditer(text):
        label, value = m.group(1).casefold().strip(" ."), m.group(2)
        first = re.match(r"[^,(]+", value)
        if not first:
            continue
        end = m.start(2) + len(first.group().rstrip())
        if label in ("huisnummer", "huisnr") and re.fullmatch(r"\d{1,4}[ -]?[a-zA-Z]?", first.group().strip()):
            add(5.5, m.start(2), end, "ADRES")
        elif re.search(r"(?:nummer|nr\.?)$", label) and not label.startswith(("telefoon", "tel", "mobiel", "huis")) \
                and re.search(r"\d{3}", value):
            add(5.5, m.start(2), end, "NUMMER")
        elif label.split()[-1] in _ORG_LABELS and _name_like(first.group().split()):
            add(5.5, m.start(2), end, "INSTELLING")


def field_candidates(text: str, add: _Add) -> None:
    """Form fields ("Woonplaats: Tilburg") and table columns named in a header row (priority 5.5)."""
    for m in _FORM_RE.finditer(text):
        add(0.5, m.start(1), m.end(1), "MARKER")  # the label itself ("Woonplaats") is no name
        kind, value = _FIELD_KINDS[m.group(1).casefold()], m.group(2)
        if kind == "ADRES":  # "Adres: Kwartel 17, 4005 DN Tiel": the street and number (postcode and place apart)
            street = re.match(r"[A-Z][\w'’. -]{1,40}?[ \t]\d{1,4}(?:[ -]?[a-zA-Z](?![\w'’])|[-/]\d{1,3}|[ -]?bis(?!\w))?(?=[ \t]*(?:,|$))", value)
            if street:
                add(7.5, m.start(2), m.start(2) + street.end(), "ADRES")  # after the street detectors (floors)
            continue
        words = value.split()
        if len(words) > 4 or (len(words) > 1 and not value[:1].isupper() and kind != "DATUM"):
            continue  # "gemeente: ik heb een voorkeur voor ...": a sentence, not a field
        if value.strip("-?. ").casefold() not in ("", "n.v.t", "nvt", "onbekend"):
            add(5.5, m.start(2), m.end(2), kind)
    for m in _RESPONDENT_CODE_RE.finditer(text):
        add(5.5, m.start(1), m.end(1), "MARKER")
    if "..." in text or "…" in text:
        _dotted_fields(text, add)
    if any(text.count(s) >= 2 for s in _SEPARATORS):
        _table_candidates(text, add)
    if text.count("|") >= 2:
        _header_rows(text, add)
