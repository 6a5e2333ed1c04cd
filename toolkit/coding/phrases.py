"""Phrases and seed words for the topic model: multi-word expressions and the codebook's indicators."""

from __future__ import annotations
import logging

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


from toolkit.coding.codebook import Codebook
from toolkit.errors import InputError

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


_JOINER = "_"


_SEP = "\x1f"             # joins phrase parts inside gensim only


_PHRASE_MIN_COUNT = 5      # a bigram must occur this often to become a phrase


_PHRASE_THRESHOLD = 0.5    # normalised PMI (-1..1); 0.5 keeps "sociaal_makelaar", not "heel_aardig"


@dataclass(frozen=True)
class PhraseJoiner:
    """Joins known multiword expressions in term lists, by greedy longest match from the left."""

    phrases: tuple[tuple[str, ...], ...] = ()
    _by_first: dict[str, list[tuple[str, ...]]] = field(default_factory=dict, init=False, compare=False,
                                                        repr=False)

    def __post_init__(self) -> None:
        for p in sorted(self.phrases, key=lambda p: (-len(p), p)):
            self._by_first.setdefault(p[0], []).append(p)

    @property
    def tokens(self) -> list[str]:
        """The phrase tokens this joiner produces ("formulier_invullen"), sorted."""
        return sorted(_JOINER.join(p) for p in self.phrases)

    def __call__(self, terms: Sequence[str]) -> list[str]:
        out: list[str] = []
        i, n = 0, len(terms)
        while i < n:
            for p in self._by_first.get(terms[i], ()):
                if tuple(terms[i:i + len(p)]) == p:
                    out.append(_JOINER.join(p))
                    i += len(p)
                    break
            else:
                out.append(terms[i])
                i += 1
        return out


def _detect_phrases(docs: Docs) -> set[tuple[str, ...]]:
    """Bigrams that gensim `Phrases` accepts (NPMI scoring); deterministic, order-independent."""
    from gensim.models.phrases import Phrases

    # lemmas may contain "_" themselves (simplemma: "opbouwen" -> "op_bouwen"), so gensim joins with
    # a character that never occurs in terms and the parts are split back exactly
    found = Phrases([list(d) for d in docs], min_count=_PHRASE_MIN_COUNT, threshold=_PHRASE_THRESHOLD,
                    scoring="npmi", delimiter=_SEP).export_phrases()
    return {tuple(token.split(_SEP)) for token in found if token.count(_SEP) == 1}


def _seed_phrases(docs: Docs, seeds: Iterable[str]) -> set[tuple[str, ...]]:
    """Runs of two or more terms that, joined with "_", spell a multiword seed."""
    wanted = {s for s in seeds if _JOINER in s.strip(_JOINER) and not s.endswith("*")}
    if not wanted:
        return set()
    longest = max(s.count(_JOINER) + 1 for s in wanted)
    found = set()
    for d in docs:
        for i in range(len(d)):
            for n in range(2, min(longest, len(d) - i) + 1):
                if _JOINER.join(d[i:i + n]) in wanted:
                    found.add(tuple(d[i:i + n]))
    return found


def _norm_seed(seed: str) -> str:
    return _JOINER.join(str(seed).strip().lower().split())


def seeds_from_codebook(book: Codebook, code_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Seed terms per code from the codebook's indicators, in the form `nlp.terms` gives.

    Indicators are lemmatised and stripped of stop words like the documents are, then joined with
    "_" ("formulier invullen" -> "formulier_invullen", "eigen kracht" -> "kracht", since "eigen" is
    a stop word). A phrase of three or more words that shrinks to one term ("ik sta er alleen voor"
    -> "staan") is left out: the one word left is not the indicator. "schaam*" gives the prefix
    seed "schaam*" and the lemma "schamen".
    """
    from toolkit import nlp

    ids = list(book.ids) if code_ids is None else list(code_ids)
    unknown = [c for c in ids if c not in book]
    if unknown:
        raise InputError(f"code(s) not in codebook {book.name!r}: {', '.join(unknown)}",
                         hint="codes are: " + ", ".join(book.ids))
    out: dict[str, list[str]] = {}
    for code_id in ids:
        indicators = list(book[code_id].indicators)
        texts = [ind.rstrip("*").strip() for ind in indicators]
        seeds: set[str] = set()
        skipped: list[str] = []
        for ind, text, found in zip(indicators, texts, nlp.terms(texts)):
            n_words = len(text.split())
            if ind.endswith("*") and n_words == 1:
                seeds.add(text.lower() + "*")
            if found and not (len(found) == 1 and n_words >= 3):
                seeds.add(_JOINER.join(found))
            elif not ind.endswith("*"):
                skipped.append(ind)
        if skipped:
            log.debug("%s: indicators left out as seeds (only stop words, or one common word left): %s",
                      code_id, "; ".join(skipped))
        out[code_id] = sorted(seeds)
    return out


Docs = Sequence[Sequence[str]]


