"""The pseudonymiser: numbered placeholders, consistent across documents, and the mapping file."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from toolkit.files import atomic_write
from toolkit.errors import StoreError
from toolkit.io.pseudonymise.common import (
    Entity, KINDS, MAPPING_VERSION, Replacement, _NAME_KINDS, _norm, _surname)
from toolkit.io.pseudonymise.detect import Candidate, candidates, finish
from toolkit.io.pseudonymise.filenames import pseudonymise_name
from toolkit.io.pseudonymise.lexicon import _PARTICLE_WORDS

log = logging.getLogger(__name__)

class Pseudonymiser:
    """Find identifiers and replace them with numbered placeholders, consistently across documents.

    One instance per project run: it remembers which original form got which placeholder. Pass the
    ``mapping`` of an earlier run (or use :meth:`load_mapping`) to continue its numbering.
    """

    def __init__(self, mapping: Mapping[str, Sequence[str]] | None = None, keep_countries: bool = False) -> None:
        self.keep_countries = keep_countries
        self.mapping: dict[str, list[str]] = {}
        self._keys: dict[str, str] = {}
        self._counters: Counter[str] = Counter()
        if mapping:
            self._load(mapping)

    # -- mapping ----------------------------------------------------------------

    def _load(self, mapping: Mapping[str, Any]) -> None:
        placeholders = mapping.get("placeholders", mapping) if isinstance(mapping, Mapping) else mapping
        for placeholder, forms in placeholders.items():
            m = re.fullmatch(r"\[([A-Z]+)-(\d+)\]", placeholder)
            if not m or m.group(1) not in KINDS or not isinstance(forms, (list, tuple)):
                raise StoreError(f"not a pseudonymisation mapping entry: {placeholder!r}",
                                 hint="use the mapping file written by this toolkit")
            kind, n = m.group(1), int(m.group(2))
            self._counters[kind] = max(self._counters[kind], n)
            self.mapping.setdefault(placeholder, [])
            for form in forms:
                self._remember(kind, str(form), placeholder)

    def save_mapping(self, path: str | Path) -> None:
        """Write the mapping as JSON (atomically, mode 600) and warn where it is stored.

        The mapping re-identifies everyone: only its owner may read it, and it belongs apart from the texts.
        """
        data = {"format": "worth-pseudonymisation-mapping", "version": MAPPING_VERSION,
                "warning": "This file re-identifies people. Store it apart from the pseudonymised texts.",
                "placeholders": self.mapping}
        with atomic_write(path, private=True) as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=False)
            fh.write("\n")
        log.warning("The mapping in %s re-identifies every person in these texts (readable by you only); "
                    "store it apart from the pseudonymised files, e.g. on an encrypted drive.", Path(path).resolve())

    @classmethod
    def load_mapping(cls, path: str | Path) -> Pseudonymiser:
        """A pseudonymiser that continues the mapping in `path` (a new, empty one if it does not exist)."""
        path = Path(path)
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreError(f"cannot read the pseudonymisation mapping ({type(exc).__name__})", path=path,
                             hint="restore the mapping file from its backup or start a new one") from None
        if not isinstance(data, dict):
            raise StoreError("not a pseudonymisation mapping", path=path,
                             hint="use the mapping file written by this toolkit")
        try:
            return cls(data)
        except StoreError as exc:
            exc.path = str(path)
            raise

    def _remember(self, kind: str, surface: str, placeholder: str) -> None:
        forms = self.mapping.setdefault(placeholder, [])
        if surface not in forms:
            forms.append(surface)
        self._keys.setdefault(_norm(kind, surface), placeholder)
        if kind == "PERSOON":
            sur = _surname(surface)
            if sur:
                self._keys.setdefault(_norm(kind, sur), placeholder)

    def placeholder(self, kind: str, surface: str) -> str:
        """The placeholder for `surface` (assigning the next number of `kind` when it is new)."""
        key = _norm(kind, surface)
        placeholder = self._keys.get(key)
        if placeholder is None and kind == "PERSOON":
            sur = _surname(surface)
            # "mevrouw De Wit" after "Anja de Wit" is the same person; "Marco Meijer" after "Roos Meijer"
            # is not: a full name with another first name gets its own placeholder
            if sur and surface.split()[0].casefold() in _PARTICLE_WORDS:
                placeholder = self._keys.get(_norm(kind, sur))
        if placeholder is None:
            self._counters[kind] += 1
            placeholder = f"[{kind}-{self._counters[kind]}]"
        self._remember(kind, surface, placeholder)
        return placeholder

    def find(self, text: str, cands: Sequence[Candidate] | None = None) -> list[Entity]:
        """Identifiers in `text`: non-overlapping, sorted by offset; existing markers are never included.

        `cands`: the text's `detect.candidates` when they were found elsewhere (on a Dask worker)."""
        if cands is None:
            cands = candidates(text, self.keep_countries)
        return finish(text, cands, self._kind_of, self.mapping)

    def pseudonymise_name(self, name: str) -> str:
        """A file name or document id with its identifiers replaced by this mapping (see filenames.py)."""
        return pseudonymise_name(self, name)

    def known(self, surface: str) -> str | None:
        """The placeholder of a mapped name form (any case), or None."""
        placeholder = self._keys.get(_norm("PERSOON", surface))
        return placeholder if placeholder and placeholder[1:].rsplit("-", 1)[0] in _NAME_KINDS else None

    def _kind_of(self, surface: str) -> str | None:
        placeholder = self._keys.get(_norm("PERSOON", surface))
        return placeholder[1:].rsplit("-", 1)[0] if placeholder else None


    # -- replacement -----------------------------------------------------------

    def apply(self, text: str, cands: Sequence[Candidate] | None = None) -> tuple[str, list[Replacement]]:
        """Replace every identifier; return the new text and the replacements (old and new offsets).
        `cands` as in :meth:`find`."""
        pieces: list[str] = []
        replacements: list[Replacement] = []
        pos = 0
        new_pos = 0
        ents = self.find(text, cands)
        full_name = self._first_name_links(ents)
        for ent in ents:
            if ent.kind == "PERSOON" and ent.text in full_name:
                placeholder = self.placeholder("PERSOON", full_name[ent.text])
                self._remember("PERSOON", ent.text, placeholder)
            else:
                placeholder = self.placeholder(ent.kind, ent.text)
            pieces.append(text[pos:ent.start])
            new_pos += ent.start - pos
            replacements.append(Replacement(ent.start, ent.end, new_pos, new_pos + len(placeholder),
                                            placeholder))
            pieces.append(placeholder)
            new_pos += len(placeholder)
            pos = ent.end
        pieces.append(text[pos:])
        return "".join(pieces), replacements

    def _first_name_links(self, ents: Sequence[Entity]) -> dict[str, str]:
        """Bare first names of this document that belong to one full name in it ("Sandra" -> "Sandra de
        Jong"): they get that person's placeholder, wherever in the document either comes first. A first
        name shared by two full names here ("Els Dekker", "Els Bos"), or already mapped on its own in an
        earlier document, keeps its own placeholder."""
        owners: dict[str, set[str]] = {}
        for ent in ents:
            tokens = ent.text.split()
            if ent.kind == "PERSOON" and len(tokens) > 1 and len(tokens[0]) > 1 and not tokens[0].endswith(".") \
                    and tokens[0].casefold() not in _PARTICLE_WORDS:
                owners.setdefault(tokens[0].casefold(), set()).add(_norm("PERSOON", ent.text))
        links: dict[str, str] = {}
        for ent in ents:
            people = owners.get(ent.text.casefold()) if ent.kind == "PERSOON" and " " not in ent.text else None
            if people and len(people) == 1 and _norm("PERSOON", ent.text) not in self._keys:
                links[ent.text] = next(e.text for e in ents if e.kind == "PERSOON" and " " in e.text
                                       and _norm("PERSOON", e.text) in people)
        return links

    def counts(self) -> dict[str, int]:
        """Number of distinct placeholders per kind."""
        out: Counter[str] = Counter(p[1:].rsplit("-", 1)[0] for p in self.mapping)
        return dict(out)
