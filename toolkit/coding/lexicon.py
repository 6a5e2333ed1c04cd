"""Codebook indicators matched on lemmas, with false friends and negation.

An indicator is a Dutch word or phrase from the codebook ("tot last zijn", "vuile was",
"schaam*"). It is lemmatised with the active pipeline, so "ik was hun tot last" and "tot last
zijn" match. A trailing `*` matches any word that starts with the prefix, on the surface form or
the lemma ("schaam*" matches "schaamde" and "schaamte"). A hit inside an `ignore` phrase of the
same code (a false friend such as "thuiszorg" for the domestic order) does not count.

A hit is *negated* when "niet", "geen", "nooit", "niemand", "nergens" or "niets" stands in the
three words before it within the same clause ("ik wil geen hulp" is not the same signal as
"hulp"); it is *hedged* when "misschien", "eigenlijk", "wel eens", "soms" or "beetje" stands there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from toolkit.coding.codebook import Codebook
from toolkit.errors import InputError

__all__ = ["Hit", "Lexicon", "NEGATORS", "HEDGES", "tokens"]

NEGATORS = frozenset({"niet", "geen", "nooit", "niemand", "nergens", "niets", "niks"})
HEDGES = frozenset({"misschien", "eigenlijk", "soms", "beetje", "wellicht", "denken"})
_WINDOW = 3
_CLAUSE_BREAKS = frozenset({"maar", "want", "omdat", "en", "dus", "toen", "als"})

Token = tuple[str, str, int, int]  # lemma, lowercase surface, start, end
_NONE: list = []
_NONE_IDX: tuple[int, ...] = ()
_NO_WORD: tuple[list, dict] = ([], {})


def _rank(candidate: tuple[int, int, object]) -> tuple[int, int]:
    return candidate[0], candidate[1]


@dataclass(frozen=True)
class Hit:
    code_id: str
    indicator: str
    start: int
    end: int
    negated: bool = False
    hedged: bool = False


@dataclass(frozen=True)
class _Pattern:
    code_id: str
    indicator: str
    parts: tuple[tuple[str, bool], ...]  # (lemma or prefix, is_prefix)
    ignore: bool
    voiced_negated: bool = False  # the code's own indicators say it with a negator before it


def tokens(texts: Sequence[str]) -> list[list[Token]]:
    """Every word of each text as (lemma, lowercase form, start, end), stop words included."""
    from toolkit import nlp

    return with_forms(texts, nlp.lemmas(texts))


def with_forms(texts: Sequence[str], lemmas: Sequence[Sequence[tuple[str, int, int]]]) -> list[list[Token]]:
    """(lemma, start, end) tokens of each text with their lowercase surface form added."""
    return [[(lemma, text[s:e].lower(), s, e) for lemma, s, e in toks] for text, toks in zip(texts, lemmas)]


class Lexicon:
    """Compiled indicators of a codebook; `hits(texts)` finds them in segment texts."""

    def __init__(self, book: Codebook) -> None:
        self.book = book
        phrases: list[tuple[str, str, bool]] = []
        for code in book.codes:
            if not code.codable:
                continue
            phrases += [(code.id, ind, False) for ind in code.indicators]
            phrases += [(code.id, ind, True) for ind in code.ignore]
        stripped = [p.rstrip("*").strip() for _, p, _ in phrases]
        toks = tokens(stripped)
        self.patterns: list[_Pattern] = []
        self.unmatchable: list[tuple[str, str]] = []
        for (code_id, phrase, ignore), words in zip(phrases, toks):
            if not words or "*" in phrase.rstrip("*"):
                self.unmatchable.append((code_id, phrase))
                continue
            parts = [(t[0], False) for t in words]
            if phrase.endswith("*"):
                parts[-1] = (words[-1][1], True)
            self.patterns.append(_Pattern(code_id, phrase, tuple(parts), ignore))
        self.patterns = self._mark_voiced_negation(self.patterns)
        self._index()

    def _index(self) -> None:
        """Dictionaries of patterns for `_match`: by first word (one-word patterns and those whose second
        word is a prefix), by first two words, and prefix patterns by their prefix; with pattern numbers."""
        self._by_first: dict[str, list[tuple[int, _Pattern]]] = {}
        self._by_two: dict[str, dict[str, list[tuple[int, _Pattern]]]] = {}  # first word -> second -> patterns
        self._prefix_first: list[_Pattern] = []
        for j, p in enumerate(self.patterns):
            if p.parts[0][1]:
                self._prefix_first.append(p)
            elif len(p.parts) > 1 and not p.parts[1][1]:
                self._by_two.setdefault(p.parts[0][0], {}).setdefault(p.parts[1][0], []).append((j, p))
            else:
                self._by_first.setdefault(p.parts[0][0], []).append((j, p))
        self._by_prefix: dict[str, list[int]] = {}
        for j, p in enumerate(self._prefix_first):
            self._by_prefix.setdefault(p.parts[0][0], []).append(j)
        lengths = [len(k) for k in self._by_prefix] or [1]
        self._min_prefix, self._max_prefix = min(lengths), max(lengths)
        self._firsts = set(self._by_first) | set(self._by_two)
        self._by_word = {w: (self._by_first.get(w, _NONE), self._by_two.get(w, {})) for w in self._firsts}
        self._stems = {k[:self._min_prefix] for k in self._by_prefix}  # quick test before the prefix lookups

    @staticmethod
    def _mark_voiced_negation(patterns: list[_Pattern]) -> list[_Pattern]:
        """An indicator such as "belasten" whose code also lists "ik wil ze niet belasten" is voiced
        negated: "ik wil haar niet belasten" is the code itself, so a negator before it must not
        cancel the hit (it still does for other indicators: "ik schaam me" vs "niet dat ik me schaam")."""
        negated_tails: dict[str, list[tuple[str, ...]]] = {}
        for p in patterns:
            words = [w for w, _ in p.parts]
            for i, w in enumerate(words):
                if w in NEGATORS and not p.ignore:
                    negated_tails.setdefault(p.code_id, []).append(tuple(words[i + 1:]))
                    break

        def voiced(p: _Pattern) -> bool:
            words = tuple(w for w, _ in p.parts)
            return any(words == tail[k:k + len(words)] for tail in negated_tails.get(p.code_id, ())
                       for k in range(len(tail) - len(words) + 1)) and not (set(words) & NEGATORS)

        return [_Pattern(p.code_id, p.indicator, p.parts, p.ignore, voiced(p)) for p in patterns]

    @staticmethod
    def _part_matches(part: tuple[str, bool], tok: Token) -> bool:
        value, is_prefix = part
        if is_prefix:
            return tok[1].startswith(value) or tok[0].startswith(value)
        return tok[0] == value or tok[1] == value

    def _match(self, tokens: list[Token]) -> list[tuple[_Pattern, int, int]]:
        """(pattern, first token, end token) of every pattern matching at every position.

        Candidates come from dictionaries: patterns by their first word, longer ones by their first
        two words, prefix patterns by every prefix of the token, so a token costs a few lookups
        instead of a test of every indicator. They are tried in the order of a scan of all patterns
        (first word as lemma, then as form, then prefixes; codebook order within each)."""
        found = []
        n_tok = len(tokens)
        firsts, stems, cut = self._firsts, self._stems, self._min_prefix
        for i, tok in enumerate(tokens):
            if tok[0] not in firsts and tok[1] not in firsts and tok[0][:cut] not in stems \
                    and tok[1][:cut] not in stems:
                continue
            cands = self._candidates(tokens, i, tok)
            for _, _, p in cands:
                n = len(p.parts)
                if n == 1 or (i + n <= n_tok and all(self._part_matches(p.parts[k], tokens[i + k])
                                                     for k in range(1, n))):
                    found.append((p, i, i + n))
        return found

    def _candidates(self, tokens: list[Token], i: int, tok: Token) -> list[tuple[int, int, _Pattern]]:
        lemma, form = tok[0], tok[1]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        cands: list[tuple[int, int, _Pattern]] = []
        for group, first in enumerate((lemma,) if form == lemma else (lemma, form)):
            one, two = self._by_word.get(first, _NO_WORD)
            if one:
                cands += [(group, j, p) for j, p in one]
            if two and nxt is not None:
                for second in (nxt[0],) if nxt[1] == nxt[0] else (nxt[0], nxt[1]):
                    if second in two:
                        cands += [(group, j, p) for j, p in two[second]]
        cut = self._min_prefix
        if self._by_prefix and (lemma[:cut] in self._stems or form[:cut] in self._stems):
            cands += [(2, j, self._prefix_first[j]) for j in self._prefix_hits(lemma, form)]
        if len(cands) > 1:
            cands.sort(key=_rank)
        return cands

    def _prefix_hits(self, lemma: str, form: str) -> list[int]:
        """Indices of prefix patterns whose first part starts the lemma or the form, in order."""
        got: set[int] = set()
        for word in (lemma, form) if form != lemma else (lemma,):
            for k in range(self._min_prefix, min(len(word), self._max_prefix) + 1):
                got.update(self._by_prefix.get(word[:k], _NONE_IDX))
        return sorted(got)

    def matches(self, tokens: list[Token]) -> list[tuple[_Pattern, int, int]]:
        """Every (pattern, first token, end token) in `tokens`, for `hits_in_tokens`."""
        return self._match(tokens)

    def hits_in_tokens(self, tokens: list[Token], found: list[tuple[_Pattern, int, int]] | None = None, *,
                       lo: int = 0, shift: int = 0) -> list[Hit]:
        """Indicator hits in one text's tokens. For a part tokens[lo:b] of a longer text (a window of a
        passage) give the passage's `matches` that lie in it as `found`: negation and hedging look back
        no further than `lo`, and offsets count from `shift`, as if that part were matched on its own."""
        found = self._match(tokens) if found is None else found
        ignored = {(p.code_id, k) for p, a, b in found if p.ignore for k in range(a, b)}
        out: dict[tuple[str, int, int], Hit] = {}
        for p, a, b in found:
            if p.ignore or any((p.code_id, k) in ignored for k in range(a, b)):
                continue
            before = []
            for tok in reversed(tokens[max(lo, a - _WINDOW):a]):
                if tok[0] in _CLAUSE_BREAKS:
                    break
                before.append(tok[0])
            hit = Hit(p.code_id, p.indicator, tokens[a][2] - shift, tokens[b - 1][3] - shift,
                      negated=not p.voiced_negated and any(w in NEGATORS for w in before),
                      hedged=any(w in HEDGES for w in before))
            key = (p.code_id, hit.start, hit.end)
            if key not in out or len(hit.indicator) > len(out[key].indicator):
                out[key] = hit
        return sorted(out.values(), key=lambda h: (h.start, h.end, h.code_id))

    def hits(self, texts: Sequence[str]) -> list[list[Hit]]:
        """Indicator hits per text, sorted by position."""
        return [self.hits_in_tokens(toks) for toks in tokens(texts)]

    def check(self) -> list[tuple[str, str]]:
        """(code id, indicator) pairs that cannot match even their own text after lemmatisation."""
        bad = list(self.unmatchable)
        indicators = [p for p in self.patterns if not p.ignore]
        own = tokens([p.indicator.rstrip("*").strip() for p in indicators])
        for p, toks in zip(indicators, own):
            if not any(q is p for q, _, _ in self._match(toks)):
                bad.append((p.code_id, p.indicator))
        return bad


def check_indicators(book: Codebook) -> None:
    """Raise InputError naming the first indicator that can never match after lemmatisation."""
    bad = Lexicon(book).check()
    if bad:
        listed = "; ".join(f"{c}: {i!r}" for c, i in bad[:5])
        raise InputError(f"{len(bad)} indicator(s) never match after lemmatisation ({listed})",
                         path=book.source or None,
                         hint="write indicators as plain words or phrases; a * may only end a word")


def codes_with_hits(hits: Iterable[Hit], *, count_negated: bool = True) -> set[str]:
    return {h.code_id for h in hits if count_negated or not h.negated}
