"""Detectors for e-mail addresses, IBANs, phone numbers, postcodes, BSNs and other numbers, codes
and file names."""

from __future__ import annotations

import re
from toolkit.io.pseudonymise.common import _Add
from toolkit.io.pseudonymise.lexicon import _FIRST_NAMES, _PLACES, _is_word

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+(?:@|\s?[\[(](?i:at)[\])]\s?)[\w-]+"
                       r"(?:(?:\.|\s?[\[(](?i:dot|punt)[\])]\s?)[\w-]+)+")

_IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d){10}\b|\b[a-z]{2}\d{2}[ ]?[a-z]{4}(?:[ ]?\d){10}\b|\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b")

_SEP = r"(?:[ \t]?[-–.][ \t]?|[ \t])?"  # between digit groups: "06 - 123 456 78", "030.274.11.80" (one line)
_PHONE_RE = re.compile(
    rf"(?<![\w+])(?:(?:\+|00)31{_SEP}(?:\(0\){_SEP})?[1-9](?:{_SEP}\d){{8}}"
    rf"|(?:\+|00)(?:32|49|33|44|90|212|597|599|297|48|380|963){_SEP}(?:\(0\){_SEP})?[1-9](?:{_SEP}\d){{6,10}}"
    rf"|\(0\d{{1,3}}\){_SEP}\d(?:{_SEP}\d){{5,7}}"
    rf"|0[1-9](?:{_SEP}\d){{8}}"
    rf"|0[89]00{_SEP}\d{{4}}(?:\d{{3}})?)(?![\w])")

_POSTCODE_RE = re.compile(r"\b[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}\b")

# a postcode in lower case: written as one word ("5644rb") anywhere, with a space ("7512 ab") only after
# "postcode" or before a known place ("7512 ab Enschede"); after a street and house number see addresses.py
_LOWER_POSTCODE_RE = re.compile(
    r"(?<![\w-])([1-9]\d{3}[ ]?(?!(?i:sa|sd|ss|km|kg|mg|ml|cm|mm|mb|gb|kb|pk|kw|cc|ha|st|uu|"
    r"in|te|op|en|af|al|na|om|of|ze|je|we|er|ik|is|de|zo|nu|ga|ja|tv|ex|bv|ca|pm|am|vs|nr|uw|hè|he)\b)"
    r"[a-zA-Z]{2})(?![\w-])")


# a handle named by its platform: "insta: lisa.bakker_", "TikTok: @opa.ger"
_PLATFORM_HANDLE_RE = re.compile(r"(?i:\b(?:insta(?:gram)?|tiktok|snap(?:chat)?|twitter|threads|facebook|fb)\s*:\s*)"
                                 r"(@?[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)(?![\w@])")

# a file or client number of letter groups and digit groups: "WT-ZWL-2023-0931", "GGZ/AB/12-3344"
_LETTER_CODE_RE = re.compile(r"(?<![\w-])(?:[A-Z]{1,5}[-/]){1,3}\d{2,}(?:[-/](?:\d+|[A-Z]{1,4}))*(?![\w-])")
# a code of three or more groups mixing letters and digits: "ZO-2B-24/117", "KL/3A/0441" (four digits or more)
_MIXED_CODE_RE = re.compile(r"(?<![\w/-])[A-Z][A-Z0-9]{0,5}(?:[-/][A-Z0-9]{1,6}){2,4}(?![\w/-])")
# a code opening with its year or digits: "2023-WMO-4471", "24/ZP/00871"; a ticket number "#45521"
_DIGIT_CODE_RE = re.compile(r"(?<![\w/-])(?:\d{2,4}[-/][A-Z]{2,5}(?:[-/][A-Z]{1,5})?[-/]\d{2,}|#\d{4,})(?![\w/-])")

# a number after its name: "cliëntnummer 448812", "kenmerk: 23/0915-b" (the name itself stays)
_NAMED_NUMBER_RE = re.compile(
    r"(?i:\b(?:(?:klant|cliënt|client|dossier|zaak|registratie|polis|pas|lid|lidmaatschaps|relatie|patiënt|patient|"
    r"personeels|verzekerden|debiteur|factuur|aanvraag|meld|ticket|order|contract|huurders|huurder|huurcontract|"
    r"huur|verzekerings|beschikkings|beschikking|indicatie|leerling|studenten|student|abonnements|werknemers|medewerkers|pasjes|"
    r"zorgverzekerings|machtigings|aansluit|klant\s*)\s?(?:nummer|nr\.?)|kenmerk|"
    r"referentie(?:nummer)?|ons\s+kenmerk|uw\s+kenmerk))\s*:?\s*(?:(?i:is|was|luidt)\s+)?"
    r"((?:[A-Z]{1,3}[ ])?\d{1,4}(?:[ ]\d{1,4}){1,4}(?![\w.,-]\d)|(?=[\w./-]*\d{3})[A-Za-z0-9][\w./-]*[A-Za-z0-9])(?![\w-])")  # "88 12 07", "K 2211 0934"

# any other number named by a compound: "koppelnr. MW-ARN-0392", "lln.nr. 208817", "meldingsnummer 88134"
# (the value has three digits in a row; the things counted below are no one's number)
_COMPOUND_NUMBER_RE = re.compile(
    r"(?<![\w-])([A-Za-zà-ÿ][a-zà-ÿ]+[.-]?)(?i:nr\.?|nummer)[ \t]*:?[ \t]*(?:(?i:is|was|luidt)[ \t]+)?"
    r"((?=[\w./-]*\d{3})[A-Za-z0-9][\w./-]*[A-Za-z0-9])(?![\w-])")
_NOT_NAMED = frozenset("huis telefoon tel mobiel fax kamer volg rug lijn bus tafel pagina vraag item artikel hoofdstuk "
                       "versie serie model type post huisnummer stoel perron spoor bed gate tram trein liedje lied "
                       "psalm gezang opus bestel artikel".split())

# a case or file by its bare name: "Zaak 24/3391 bij Veilig Thuis", "op dossier WMO24-1188" (a code with a digit group)
_CASE_CODE_RE = re.compile(r"(?<![\w-])(?i:zaak|dossier)[ \t]+((?=[A-Z0-9]*\d)[A-Z0-9]{1,8}(?:[-/.][A-Z0-9]{1,8})+"
                           r"|\d{5,})(?![\w/-])")
# a handle with an underscore after its platform: "op Insta als oma_truus_bakt"
_UNDERSCORE_HANDLE_RE = re.compile(r"(?i:\b(?:insta(?:gram)?|tiktok|snapchat|snap|twitter|threads|facebook|account)\b)"
                                   r"[^\n.!?]{0,25}?(?<![\w@.])([a-z0-9][a-z0-9.]*_[a-z0-9_.]*[a-z0-9])(?![\w@-])")

# a user name with an underscore anywhere (a forum, a game, a chat): "lindaa_1981", "Zorgzaam_Zwolle", "papa_van_3";
# a digit or a capital in it (not a column name such as "resp_id"), no part of an address, file or e-mail
_SNAKE_HANDLE_RE = re.compile(r"(?<![\w@./:#-])([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)(?![\w@-]|\.\w)")

# an internal extension (TELEFOON, as the test set decides) and a room in a care home or hospital (ADRES):
# "toestel 283", "tst. 4410", "doorkiesnummer 2231"; "kamer 214" (a "kamernummer" stays, test_pseudonymise_round4.py)
_EXTENSION_RE = re.compile(r"\b(?i:toestel(?:nummer|nr\.?)?|tst\.|doorkies(?:nummer|nr\.?)?)[ \t]*:?[ \t]*(\d{2,5})(?![\w,.-]\d|[\w-])")
# a gemeente's short number: "14 050", "14 0186" (14 and the area code)
_MUNICIPAL_RE = re.compile(r"(14[ \t]?0\d{2,3})(?![\w.,/-]?\d|[\w/-])")  # the character before: in the loop
_ROOM_RE = re.compile(r"\bkamer[ \t]+(\d{1,4}[a-z]?)(?![\w,./-]\d|[\w/-])"
                      r"(?![ \t]+(?i:keer|maal|uur|minuten|dagen|weken|maanden|jaar|personen|mensen)\b)")

# a number given later in the sentence, after a colon: "mijn klantnummer weet ik uit mijn hoofd: 88 41 07"
_NUMBER_LATER_RE = re.compile(r"(?i:nummer|nr\.)(?![\w])[^\n.:]{3,50}:[ \t]*(\d{1,4}(?:[ ]\d{1,4}){1,4}|\d{5,})(?![\w,.-]\d|[\w-])")

# a long code after the bare word "nummer" (a house number, "op nummer 12", stays with the address detectors)
_BARE_NUMBER_RE = re.compile(r"(?i:\bnummer)\s*:?\s*([A-Z]{0,4}\d[\d./-]*\d(?:[-/][A-Za-z]{1,3})?)(?![\w-])")

# a licence plate after its name, any side code: "kenteken 34-HK-PL", "kenteken: 1-ABC-234" (Belgian)
_PLATE_RE = re.compile(r"(?i:\bkenteken(?:nummer|plaat)?)\s*:?\s*(?:(?i:is|was|luidt)\s+)?"
                       r"((?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3})(?![\w-])")

# the letter code opening a number with spaces: "WMO 2024 0815 33", "RD 0049 1177", "WMO-ZP 2023 118 904"
_CODE_BEFORE_RE = re.compile(r"(?<![\w-])([A-Z]{2,5}(?:-[A-Z]{1,4})?)[ \t]$")
_NOT_CODES = frozenset({"BSN", "IBAN", "TEL", "FAX", "NR", "KVK", "BTW"})

_LONGNUM_RE = re.compile(r"(?<![\w.,/-])\d(?:[ .-]?\d){6,}(?![\w]|[.,-]\d)")

_FILE_RE = re.compile(r"(?<![\w.-])[\w-]+(?:[._][\w-]+)*\.(?:m4a|mp3|mp4|wav|wma|ogg|flac|docx?|odt|pdf|txt|"
                      r"rtf|xlsx?|csv|jpe?g|png|heic|mov|avi|zip)\b", re.IGNORECASE)

_CODE_RE = re.compile(r"(?<![\w-])(?:[A-Z]{1,4}(?:[-/][A-Z]{1,4})*[-/]\d{2,}(?:[-/]\d+)+|[A-Z]{1,3}-?\d{4,}|"
                      r"[A-Z]{2}-\d{2,3}-[A-Z]{1,2}|\d{2}-[A-Z]{2,3}-\d{1,2}|[A-Z]{1,2}-\d{3}-[A-Z]{1,2}|"
                      r"\d{1,2}-[A-Z]{3}-\d{1,2}|[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|[A-Z]{2}-[A-Z]{2}-\d{2}|"
                      r"\d{2}-[A-Z]{2}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z])(?![\w-])")

# web addresses: "https://...", "www.x.nl/...", "facebook.com/groups/...", "nl.linkedin.com/in/anna-de-vries"
# (trailing punctuation stays outside)
_URL_RE = re.compile(r"(?<![\w@/.-])(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]"
                     r"|(?<![\w@/.-])[a-z0-9][\w-]*(?:\.[\w-]+)*\.(?:nl|be|com|org|net|eu|nu|info|de|io|app|me)"
                     r"(?:/[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?])?(?![\w@-])", re.IGNORECASE)

_URL_HINT_RE = re.compile(r"://|www\.|\.(?i:nl|be|com|org|net|eu|nu|info|de|io|app|me)(?![\w@-])")

# a bare site that names no one: "google.nl", "www.facebook.com" (with a path it may name someone)
_GENERIC_SITES = frozenset("google facebook instagram youtube twitter x tiktok linkedin whatsapp wikipedia "
                           "marktplaats bol nu nos rijksoverheid overheid government digid mijnoverheid "
                           "thuisarts zorgkaartnederland".split())

# a social media handle: "@mantelzorgmetmarjan", "@j_devries" (not the middle of an e-mail address)
_HANDLE_RE = re.compile(r"(?<![\w@./])@[A-Za-z_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])(?![\w@-])")


def _generic_site(url: str) -> bool:
    bare = re.sub(r"(?i)^(?:https?://)?(?:www\.)?", "", url)
    return "/" not in bare.rstrip("/") and bare.split(".")[0].casefold() in _GENERIC_SITES


def elfproef(digits: str) -> bool:
    """The Dutch 'elfproef' for a BSN (8 or 9 digits; an 8-digit number gets a leading zero)."""
    if not digits.isdigit() or len(digits) not in (8, 9):
        return False
    digits = digits.zfill(9)
    if int(digits) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0

# a span of clock times ("12.30-13.45 uur", "van 9:15 - 10:30"): no number, no date (a mark at priority 3.5)
_TIME_RANGE_RE = re.compile(r"(?<![\w.,:/-])((?:[01]?\d|2[0-3])[.:][0-5]\d"
                            r"[ \t]*[-–][ \t]*(?:[01]?\d|2[0-3])[.:][0-5]\d)(?![\w.,:/-])(?P<uur>[ \t]*(?i:uur|u)\b)?")


_TIME_CUE_RE = re.compile(r"(?i:\b(?:van|tussen|tijd:?|om))[ \t]*$")


def number_candidates(text: str, add: _Add) -> None:
    """E-mail (priority 1), web addresses and handles (1.5), IBAN and file names (2), phone numbers (3),
    postcodes (5), BSNs that pass the elfproef and other long numbers, case numbers and licence plates (6)."""
    for m in _EMAIL_RE.finditer(text):
        add(1, m.start(), m.end(), "EMAIL")
    for m in _TIME_RANGE_RE.finditer(text):
        if m.group("uur") or _TIME_CUE_RE.search(text[max(0, m.start() - 10):m.start()]):
            add(3.5, m.start(1), m.end(1), "MARKER")
    for m in _URL_RE.finditer(text) if _URL_HINT_RE.search(text) else ():
        if not _generic_site(m.group()):
            add(1.5, m.start(), m.end(), "NUMMER")
    for m in _IBAN_RE.finditer(text):
        if re.search(r"\d{6}", m.group().replace(" ", "")):
            add(2, m.start(), m.end(), "NUMMER")
    for m in _FILE_RE.finditer(text):
        add(2, m.start(), m.end(), "NUMMER")
    for m in _PHONE_RE.finditer(text):
        add(3, m.start(), m.end(), "TELEFOON")
    for m in _POSTCODE_RE.finditer(text):
        add(5, m.start(), m.end(), "POSTCODE")
    _handles_and_named_numbers(text, add)
    for m in _LONGNUM_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        kind = "BSN" if elfproef(digits) else "NUMMER"
        code = _CODE_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()) if kind == "NUMMER" else None
        if code and code.group(1) not in _NOT_CODES:  # "WMO 2024 0815 33", "RD 0049 1177": the code is part of it
            add(6, code.start(1), m.end(), kind)
        add(6, m.start(), m.end(), kind)
    for m in _CODE_RE.finditer(text):
        if re.search(r"\d", m.group()) and not re.fullmatch(r"[A-Z]\d{1,3}", m.group()):
            add(6, m.start(), m.end(), "NUMMER")


_POSTCODE_WORD_RE = re.compile(r"(?i:postcode)\s*:?\s*$")

_PLACE_AFTER_RE = re.compile(r"[ \t]*,?[ \t]*([^\W\d_][\w'’-]*(?:[ -][A-Z][\w'’-]*)*)")

_PLATFORMS = ("insta", "tiktok", "snap", "twitter", "threads", "facebook", "fb")

_NUMBER_NAMES = ("nummer", "nr", "kenmerk", "referentie")


_MENTION_SURNAME_RE = re.compile(r"[ \t]+((?:(?:van|de|der|den|ter|ten)[ \t]+){0,2}[^\W\d_][\w'’-]*)")


def _mention_end(text: str, start: int, end: int) -> int | None:
    """A mention of a display name, "@Petra" or "@joyce janssens": a first name (the end of the person, with
    the surname when it is no Dutch word or the pair is written so elsewhere in the text), else None."""
    name = text[start:end]
    if not name.isalpha() or name.casefold() not in _FIRST_NAMES:
        return None
    sur = _MENTION_SURNAME_RE.match(text, end)
    if sur:
        last = sur.group(1).split()[-1]
        pair = f"{name} {sur.group(1)}".casefold()
        if not _is_word(last) or text.casefold().count(pair) >= 2:
            return sur.end()
    return end


# an account name after its platform: "mijn tiktok is mantelzorgmama84", "zijn account heet jeroenzorgt"
_ACCOUNT_RE = re.compile(r"(?i:\b(?:tiktok|insta|instagram|snapchat|snap|twitter|facebook|account|gebruikersnaam|username)"
                         r"(?:-account|naam)?\s+(?:is|heet|was)\s+|\b(?:gebruikersnaam|username)\s*:\s*)@?([a-z0-9][a-z0-9_.]{3,29})\b")

# a passport or identity card number: letters and digits mixed, "NWR4K7P21", "IR8H13KX4"
_DOCUMENT_NO_RE = re.compile(r"(?<![\w-])(?=[A-Z0-9]{8,10}(?![\w-]))(?=(?:[A-Z]*\d){2})(?=(?:\d*[A-Z]){2})"
                             r"(?=[A-Z0-9]*\d[A-Z]+\d|[A-Z0-9]*[A-Z]\d+[A-Z])[A-Z0-9]{8,10}(?![\w-])")


def _handles_and_named_numbers(text: str, add: _Add) -> None:
    """Postcodes in lower case (priority 5), handles (1.5), numbers after their name and
    codes of letter and digit groups (6). Each pattern runs only when its tell-tale is in the text."""
    low = text.casefold()
    for m in _LOWER_POSTCODE_RE.finditer(text):
        place = _PLACE_AFTER_RE.match(text, m.end(1), m.end(1) + 40)
        if " " not in m.group(1) or _POSTCODE_WORD_RE.search(text, max(0, m.start() - 12), m.start()) \
                or (place and place.group(1) in _PLACES):
            add(5, m.start(1), m.end(1), "POSTCODE")
    for m in (_HANDLE_RE.finditer(text) if "@" in text else ()):  # handles are NUMMER (the test set decides)
        end = _mention_end(text, m.start() + 1, m.end())
        if end:
            add(1.5, m.start() + 1, end, "PERSOON")
        else:
            add(1.5, m.start(), m.end(), "NUMMER")
    for m in (_PLATFORM_HANDLE_RE.finditer(text) if any(p in low for p in _PLATFORMS) else ()):
        if len(m.group(1).lstrip("@")) >= 3 and re.search(r"^@|[._\d]", m.group(1)):  # not "Facebook: niet meer"
            add(1.5, m.start(1), m.end(1), "NUMMER")
    for m in (_NAMED_NUMBER_RE.finditer(text) if any(n in low for n in _NUMBER_NAMES) else ()):
        add(6, m.start(1), m.end(1), "NUMMER")
    for m in _ACCOUNT_RE.finditer(text):
        if re.search(r"[\d_.]", m.group(1)) or not _is_word(m.group(1)):
            add(1.5, m.start(1), m.end(1), "NUMMER")
    for m in _DOCUMENT_NO_RE.finditer(text):
        add(6, m.start(), m.end(), "NUMMER")
    for m in (_PLATE_RE.finditer(text) if "kenteken" in low else ()):
        add(6, m.start(1), m.end(1), "NUMMER")
    for m in (_SNAKE_HANDLE_RE.finditer(text) if "_" in text else ()):
        if len(m.group(1)) >= 5 and re.search(r"[\dA-Z]", m.group(1)):
            add(1.5, m.start(1), m.end(1), "NUMMER")
    ext = any(w in low for w in ("toestel", "tst.", "doorkies"))
    for rx, kind in ((_EXTENSION_RE if ext else None, "TELEFOON"), (_ROOM_RE, "ADRES"), (_MUNICIPAL_RE, "TELEFOON")):
        for m in rx.finditer(text) if rx else ():
            if rx is not _MUNICIPAL_RE or not re.match(r"[\w.,/-]", text[m.start() - 1:m.start()]):
                add(6, m.start(1), m.end(1), kind)
    for rx in (_CASE_CODE_RE, _UNDERSCORE_HANDLE_RE):
        for m in rx.finditer(text):
            add(6 if rx is _CASE_CODE_RE else 1.5, m.start(1), m.end(1), "NUMMER")
    for m in (_COMPOUND_NUMBER_RE.finditer(text) if "nr" in low or "nummer" in low else ()):
        if m.group(1).rstrip(".-").casefold() not in _NOT_NAMED:
            add(6, m.start(2), m.end(2), "NUMMER")
    for m in (_NUMBER_LATER_RE.finditer(text) if "n" in low else ()):
        add(6, m.start(1), m.end(1), "NUMMER")
    for m in (_BARE_NUMBER_RE.finditer(text) if "nummer" in low else ()):  # "een klacht, nummer 2023/11845"
        if sum(c.isdigit() for c in m.group(1)) >= 5:
            add(6, m.start(1), m.end(1), "NUMMER")
    for m in _DIGIT_CODE_RE.finditer(text):
        add(6, m.start(), m.end(), "NUMMER")
    for m in _MIXED_CODE_RE.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 4:
            add(6, m.start(), m.end(), "NUMMER")
    for m in _LETTER_CODE_RE.finditer(text):
        groups = re.findall(r"\d+", m.group())
        if len(groups) >= 2 or sum(map(len, groups)) >= 5:  # not "COVID-19"
            add(6, m.start(), m.end(), "NUMMER")
