"""File names and document ids, pseudonymised with the mapping of the texts."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any
from toolkit.io.pseudonymise.consistency import guess_kind
from toolkit.io.pseudonymise.lexicon import (
    _PLACE_SUFFIXES, _PROPER, _FILE_WORDS, _FIRST_NAMES, _KEEP, _KEEP_NAMES, _PARTICLE_WORDS, _PLACES,
    _is_word)

_CAMEL = "\ue000"  # a private-use character marks the word boundaries of camel case while splitting


def _join_name_parts(parts: list[str], forms: Mapping[str, str]) -> set[int]:
    """Replace, in place, runs of two or more words of a file name that together form a mapped name
    ("riet-van-der-linden" when "Riet van der Linden" is in the mapping); return the indices done."""
    words = [i for i, p in enumerate(parts) if p and not re.fullmatch(r"[_\-.\s\ue000]+", p)]
    done: set[int] = set()
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 6), i + 1, -1):
            run = " ".join(parts[k] for k in words[i:j]).casefold()
            if run in forms:
                parts[words[i]] = forms[run]
                for k in range(words[i] + 1, words[j - 1] + 1):
                    parts[k] = ""
                done.update(range(words[i], words[j - 1] + 1))
                i = j
                break
        else:
            i += 1
    return done

def pseudonymise_name(ps: Any, name: str) -> str:
    """A file name or document id with its identifiers replaced, by the same mapping as the texts.

    ``interview_dennis_okt`` -> ``interview_PERSOON-3_okt``, ``riet-van-der-linden.docx`` ->
    ``PERSOON-1.docx``: parts separated by ``_``, ``-``, ``.`` or spaces are read as words; forms
    already in the mapping (from the text of this or an earlier document), first names, places,
    names from the word lists and dates are replaced by their placeholder without brackets.
    Call it after ``ps.apply`` on the document's text, so the text's names are known.
    """
    path = PurePosixPath(name.replace("\\", "/"))
    if not path.name.strip(". ") or _CAMEL in name:
        return name
    stem, suffix = path.name, ""
    m = re.match(r"^(.*?)((?:\.[A-Za-z0-9]{1,5}){1,2})$", stem)
    if m and m.group(1) and not m.group(2)[1:].isdigit():
        stem, suffix = m.group(1), m.group(2)
    pieces = re.split(r"((?<!\d)(?:(?:19|20)\d\d[-_.](?:0?[1-9]|1[0-2])[-_.][0-3]?\d|[0-3]?\d[-_.](?:0?[1-9]|1[0-2])"
                      r"[-_.](?:19|20)\d\d)(?!\d))", stem)
    forms = _mapped_forms(ps.mapping)
    out = ""
    for n, piece in enumerate(pieces):
        if n % 2:
            out += ps.placeholder("DATUM", piece)[1:-1]
            continue
        piece = re.sub(r"(?<=[a-zà-ÿ])(?=[A-Z])", _CAMEL, piece)  # "InterviewRietBakker": camel case
        parts = re.split(r"([_\-.\s\ue000]+)", piece)
        done = _join_name_parts(parts, forms)
        out += "".join(p if i in done else _name_part(ps, p, forms) for i, p in enumerate(parts))
    out = out.replace(_CAMEL, "")
    return str(path.with_name(out + suffix)) if path.parent != PurePosixPath(".") else out + suffix


def _mapped_forms(mapping: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Mapped names (and, for people, each of their name words) in lower case -> placeholder."""
    forms: dict[str, str] = {}
    words: dict[str, str] = {}
    for placeholder, originals in mapping.items():
        kind = placeholder[1:].rsplit("-", 1)[0]
        if kind in ("PERSOON", "PLAATS", "INSTELLING", "ADRES"):
            for form in originals:
                forms.setdefault(re.sub(r"[\s_.-]+", " ", form).casefold(), placeholder[1:-1])
                for w in form.split() if kind == "PERSOON" else ():
                    if len(w) > 2 and w.casefold() not in _PARTICLE_WORDS and not w.endswith("."):
                        words.setdefault(w.casefold(), placeholder[1:-1])
    return {**words, **forms}

def _name_part(ps: Any, part: str, forms: Mapping[str, str]) -> str:
    """One word of a file name: its placeholder (without brackets) or the word itself."""
    if not part or re.fullmatch(r"[_\-.\s]+", part):
        return part
    low = part.casefold()
    key = ps.known(part)
    if key and key[1:].rsplit("-", 1)[0] in ("PERSOON", "PLAATS", "INSTELLING", "ADRES"):
        return key[1:-1]
    if re.fullmatch(r"(?:19|20)\d\d[01]\d[0-3]\d|[0-3]\d[01]\d(?:19|20)\d\d", part):
        return ps.placeholder("DATUM", part)[1:-1]
    if part.isdigit() or re.search(r"\d", part) or len(part) < 3 or low in _KEEP:
        return part
    mapped = forms.get(low)
    if mapped:
        return mapped
    title = part[:1].upper() + part[1:].casefold()
    if title in _PLACES:
        return ps.placeholder("PLAATS", title)[1:-1]
    if low in _FIRST_NAMES and low not in _FILE_WORDS:  # in a file name, "roos" and "bas" are names
        return ps.placeholder("PERSOON", title)[1:-1]
    if title in _KEEP_NAMES or low in _FILE_WORDS or len(part) < 5:
        return part
    if title in _PROPER:  # a name in OpenTaal's list: "kanaleneiland", "diakonessenhuis"
        return ps.placeholder(guess_kind(title), title)[1:-1]
    if _is_word(low):
        return part
    if low.endswith(_PLACE_SUFFIXES) and len(low) > 6:  # "marskerk", "holtewijk"
        return ps.placeholder("PLAATS", title)[1:-1]
    if _compound(low):  # "buurtapp", "balkontuin": two ordinary words
        return part
    # an unknown word in a file name ("marskerk", "ozturk"): a name of some kind
    return ps.placeholder(guess_kind(title), title)[1:-1]


def _compound(low: str) -> bool:
    """Whether a word of a file name is two known words ("buurtapp", "wmoraad", "balkontuin")."""
    for i in range(2, len(low) - 2):
        head, tail = low[:i], low[i:]
        if (_is_word(tail) or tail in _FILE_WORDS) and (_is_word(head) or (head[-1:] in "se" and _is_word(head[:-1]))):
            return True
    return False


def renamed_id(item_id: str | None, old_doc: str, new_doc: str) -> str | None:
    """A segment id of a renamed document: ``"interview_jan:0003"`` -> ``"interview_PERSOON-1:0003"``."""
    if item_id is None or old_doc == new_doc:
        return item_id
    if item_id == old_doc:
        return new_doc
    if item_id.startswith(old_doc) and item_id[len(old_doc):len(old_doc) + 1] in (":", "#", "/", "-", "_"):
        return new_doc + item_id[len(old_doc):]
    return item_id
