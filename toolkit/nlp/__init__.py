"""Dutch NLP: the spaCy pipeline and the step from text to terms. spaCy stays inside this module.

`load_nlp()` takes the pipeline named by `WORTH_SPACY_MODEL` (package or folder), else prefers
`nl_core_news_lg`, then `md`, then `sm` when installed; these come from
spaCy's GitHub releases, not PyPI, so where they are absent it builds an offline fallback:
`spacy.blank("nl")` + sentencizer + a simplemma lemmatizer component. simplemma measured better
than spaCy's lookup tables on this kind of text (kinderen->kind, gevraagd->vragen, was->zijn).

Both paths fix a tokenizer bug of spaCy's Dutch exceptions: they list Dutch words such as "me.",
"al.", "dat." as abbreviations, so "Ik schaamde me. De ..." is one sentence. Exceptions whose stem
is a Dutch word known to the lemmatiser are dropped, except real abbreviations in `_KEEP_ABBREV`.

`terms(texts)` gives the lemmas a model sees: lowercase, without stop words, spoken fillers
(eh, nou, zeg maar, weet je ...), punctuation, numbers and transcriber marks ([lacht], [naam]).
Results are cached in memory and, when a cache is passed (the project store), on disk, keyed by
text and pipeline.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from toolkit.errors import InputError
from toolkit.nlp.fillers import _MULTIWORD_FILLERS, _drop_multiword_fillers, _filler_hashes, false_runs
from toolkit.nlp.sentencizer import sentence_bounds, sentencizer_alone, stripped
from toolkit.nlp.spacy_import import import_spacy

__all__ = [
    "PipelineInfo",
    "load_nlp",
    "pipeline_info",
    "terms",
    "lemmas",
    "has_vectors",
    "sentence_spans",
    "STOP_WORDS",
    "FILLERS",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

PREFERRED = ("nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm")

FILLERS = frozenset({
    "eh", "ehm", "ehh", "uh", "uhm", "uhh", "hm", "hmm", "hè", "he", "nou", "ja", "jaja", "nee",
    "neenee", "oké", "ok", "okay", "okee", "tja", "joh", "hoor", "mwah", "nah", "ach", "och",
    "zo", "toch", "enzo", "enzovoort", "dus", "gewoon", "eigenlijk", "echt", "even", "beetje", "hé",
})
"""Spoken fillers dropped from terms, beside spaCy's Dutch stop words."""


_KEEP_ABBREV = frozenset({"bijv.", "bv.", "enz.", "etc.", "ca.", "nr.", "nrs.", "pct.", "vgl.",
                          "prof.", "dhr.", "mevr.", "mw.", "dr.", "mr.", "ir.", "drs.", "st.", "blz.",
                          "m.b.t.", "i.v.m.", "o.a.", "z.g.a.n.", "t.a.v."})

_MARK_RE = re.compile(r"\[[^\[\]\n]{0,40}\]|\((?:lacht|zucht|stilte|huilt|pauze|onverstaanbaar)[^()\n]{0,30}\)",
                      re.I)


def _stop_words() -> frozenset[str]:
    import_spacy()
    from spacy.lang.nl.stop_words import STOP_WORDS as spacy_stop

    return frozenset(spacy_stop) | FILLERS


class _LazyStop:
    """STOP_WORDS without importing spaCy at module import (keeps `worth --help` fast)."""

    def __contains__(self, item: object) -> bool:
        return item in _stop()

    def __iter__(self):
        return iter(_stop())

    def __len__(self) -> int:
        return len(_stop())


@functools.cache
def _stop() -> frozenset[str]:
    return _stop_words()


STOP_WORDS = _LazyStop()


@dataclass(frozen=True)
class PipelineInfo:
    """Which pipeline is active; recorded in every model manifest and run."""

    name: str          # e.g. "nl_core_news_lg" or "fallback"
    version: str       # the pipeline package version, or spaCy + simplemma versions for the fallback
    description: str   # one human line

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"


@functools.cache
def _simplemma_lemma(word: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang="nl").lower()


def _lemma_component(doc: Any) -> Any:
    """Set simplemma lemmas on word tokens (punctuation and spaces keep none), one lookup per distinct
    lowercase form, written back as an array (no Token objects: they dominated the run time)."""
    import numpy as np
    from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LOWER

    if not len(doc):
        return doc
    arr = doc.to_array([LOWER, IS_PUNCT, IS_SPACE, LEMMA])
    strings = doc.vocab.strings
    uniq, inverse = np.unique(arr[:, 0], return_inverse=True)
    mapped = np.array([strings.add(_simplemma_lemma(strings[int(h)])) for h in uniq], dtype=np.uint64)
    lemma = np.where((arr[:, 1] == 0) & (arr[:, 2] == 0), mapped[inverse], arr[:, 3])
    doc.from_array([LEMMA], lemma.reshape(-1, 1).astype(np.uint64))
    return doc


def _bad_abbreviations(rules: dict[str, Any]) -> list[str]:
    """Tokenizer exceptions like "me." whose stem is a Dutch word (not a real abbreviation)."""
    import simplemma

    return [k for k in rules if k.endswith(".") and k.lower() not in _KEEP_ABBREV
            and len(k) > 2 and k[:-1].isalpha()
            and (k[:-1].lower() in _stop() or simplemma.is_known(k[:-1].lower(), lang="nl"))]


def _fix_abbreviations(nlp: Any) -> int:
    """Drop tokenizer exceptions like "me." whose stem is a Dutch word; return how many."""
    rules = dict(nlp.tokenizer.rules)
    bad = _bad_abbreviations(rules)
    for k in bad:
        del rules[k]
    nlp.tokenizer.rules = rules
    return len(bad)


def _blank_dutch() -> Any:
    """spacy.blank("nl") built without the bad exceptions: setting `tokenizer.rules` afterwards (as
    `_fix_abbreviations` must for an installed pipeline) validates all 4,670 special cases again."""
    from spacy.lang.nl import Dutch

    rules = Dutch.Defaults.tokenizer_exceptions
    bad = set(_bad_abbreviations(rules))

    class WorthDefaults(Dutch.Defaults):
        tokenizer_exceptions = {k: v for k, v in rules.items() if k not in bad}

    class WorthDutch(Dutch):
        Defaults = WorthDefaults

    return WorthDutch.from_config({})  # as spacy.blank("nl") does


_NLP: Any = None
_INFO: PipelineInfo | None = None


def _simplemma_cache() -> None:
    from toolkit.nlp.simplemma_cache import use_cached_dictionary

    use_cached_dictionary()


def _register_simplemma() -> None:
    from spacy.language import Language

    if "worth_simplemma" not in Language.factories:
        Language.component("worth_simplemma", func=_lemma_component)


def _load_installed(name: str) -> tuple[Any, PipelineInfo]:
    """A spaCy pipeline by package name or folder, without parser and NER; a sentencizer and, when it
    has no lemmatizer of its own, simplemma lemmas are added."""
    import spacy

    _register_simplemma()  # a folder saved from worth's own pipeline names this component
    nlp = spacy.load(name, exclude=["parser", "ner"])
    if nlp.lang != "nl":
        log.warning("the spaCy pipeline %s is for language %r, not Dutch: lemmas and indicators will not match "
                    "Dutch text", name, nlp.lang)
    if not {"sentencizer", "senter"} & set(nlp.pipe_names):
        nlp.add_pipe("sentencizer", first=True)
    extra = ""
    if not any("lemmatizer" in p or p == "worth_simplemma" for p in nlp.pipe_names):
        nlp.add_pipe("worth_simplemma")
        extra = " + simplemma lemmas"
    meta_name = str(nlp.meta.get("name") or Path(name).name)
    full = meta_name if meta_name.startswith(f"{nlp.lang}_") else f"{nlp.lang}_{meta_name}"
    version = str(nlp.meta.get("version", "?"))
    vectors = nlp.vocab.vectors
    if Path(name).exists():  # a folder: its name and version need not tell it apart from another folder
        blob = nlp.config.to_str() + f"{vectors.name}{vectors.shape}{vectors.n_keys}"
        data = vectors.data[: min(vectors.shape[0], 1000)] if vectors.shape[0] else None
        blob += hashlib.sha256(data.tobytes() if data is not None else b"").hexdigest()
        version += "+" + hashlib.sha256(blob.encode()).hexdigest()[:10]
    n_vectors = max(vectors.n_keys, vectors.shape[0])
    return nlp, PipelineInfo(full, version, f"spaCy {full} {version} ({', '.join(nlp.pipe_names)}{extra}"
                                            f"{f'; {n_vectors:,} word vectors' if n_vectors else ''})")


def load_nlp() -> Any:
    """The active spaCy pipeline (built once per process); logs once which one it is.

    `WORTH_SPACY_MODEL` (a package name or a pipeline folder) chooses one; otherwise the first of
    nl_core_news_lg/md/sm that is installed, else the offline fallback.
    """
    global _NLP, _INFO
    if _NLP is not None:
        return _NLP
    spacy = import_spacy()

    _simplemma_cache()  # simplemma's Dutch table decoded once per installation, not per process
    nlp = None
    chosen = os.environ.get("WORTH_SPACY_MODEL", "").strip()
    if chosen:
        try:
            nlp, _INFO = _load_installed(chosen)
        except (OSError, ValueError, ImportError) as exc:
            reason = next((x.strip() for x in str(exc).splitlines() if x.strip()), type(exc).__name__)
            raise InputError(f"WORTH_SPACY_MODEL={chosen} cannot be loaded ({reason[:200]})",
                             hint="name an installed spaCy package or a pipeline folder, or unset "
                                  "WORTH_SPACY_MODEL to use the default") from None
    else:
        name = next((n for n in PREFERRED if spacy.util.is_package(n)), None)
        if name is not None:
            nlp, _INFO = _load_installed(name)
    if nlp is None:
        import simplemma

        _register_simplemma()
        nlp = _blank_dutch()
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("worth_simplemma")
        simplemma_version = getattr(simplemma, "__version__", "2")
        _INFO = PipelineInfo("fallback", f"spacy-{spacy.__version__}+simplemma-{simplemma_version}",
                             "offline fallback: spaCy blank Dutch + sentencizer + simplemma lemmas "
                             "(nl_core_news_lg/md/sm not installed)")
    else:
        _fix_abbreviations(nlp)
    log.info("Dutch NLP pipeline: %s", _INFO.description)
    _NLP = nlp
    return nlp


def has_vectors() -> bool:
    """Whether the active pipeline has word vectors (nl_core_news_md/lg do; the fallback has none)."""
    return load_nlp().vocab.vectors.shape[0] > 0


def pipeline_info() -> PipelineInfo:
    load_nlp()
    assert _INFO is not None
    return _INFO


def _mask(text: str) -> str:
    """Blank out transcriber marks ([lacht], [naam], (zucht)) keeping offsets; NFC for matching."""
    return unicodedata.normalize("NFC", _MARK_RE.sub(lambda m: " " * len(m.group()), text))


_STRINGS: dict[int, str] = {}
_LEMMAS: dict[tuple[int, int, bool], tuple[str, bool]] = {}


def _string(strings: Any, key: int) -> str:
    found = _STRINGS.get(key)
    if found is None:
        found = _STRINGS[key] = strings[key] if key else ""
    return found


def _lemma_of(strings: Any, lemma: int, lower: int, stop: frozenset[str], skipped: bool) -> tuple[str, bool]:
    """(lemma_ or lower_).lower() of a token, and whether it may be a term (stop words, length, letters).
    With `skipped` (the simplemma component did not run, see `_analyse`) the lemma is simplemma's."""
    found = _LEMMAS.get((lemma, lower, skipped))
    if found is None:
        word = _string(strings, lower)
        given = _simplemma_lemma(word) if skipped else _string(strings, lemma)
        text = (given or word).lower()
        ok = len(text) >= 2 and text not in stop and word not in stop and any(c.isalpha() for c in text)
        found = _LEMMAS[(lemma, lower, skipped)] = (text, ok)
    return found


def _analyse_doc(doc: Any, stop: frozenset[str], skipped: bool = False, detail: list | None = None
                  ) -> tuple[list[str], list[tuple[str, int, int]]]:
    """Terms, and every word token as (lemma, start, end), from one Doc read as arrays. With `detail`,
    (index in the tokens of each term, (start, end) of each run of dropped filler words) goes there."""
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LIKE_NUM, LOWER

    if not len(doc):
        if detail is not None:
            detail.append(([], []))
        return [], []
    strings = doc.vocab.strings
    rows = doc.to_array([LOWER, LEMMA, IS_PUNCT, IS_SPACE, LIKE_NUM, IDX, LENGTH]).tolist()
    keep = _drop_multiword_fillers([r[0] for r in rows], *_filler_hashes())
    out_terms: list[str] = []
    toks: list[tuple[str, int, int]] = []
    at: list[int] = []
    memo = _LEMMAS
    for (lower, lemma, punct, space, num, idx, length), k in zip(rows, keep):
        if punct or space:
            continue
        text, ok = memo.get((lemma, lower, skipped)) or _lemma_of(strings, lemma, lower, stop, skipped)
        if ok and k and not num:
            out_terms.append(text)
            at.append(len(toks))
        toks.append((text, idx, idx + length))
    if detail is not None:
        runs = [] if all(keep) else [(rows[i][5], rows[j - 1][5] + rows[j - 1][6]) for i, j in false_runs(keep)]
        detail.append((at, runs))
    return out_terms, toks


class TermCache(Protocol):
    """Storage for terms by key (the project store implements it)."""

    def get_terms(self, keys: Sequence[str]) -> dict[str, list[str]]: ...

    def put_terms(self, items: dict[str, list[str]]) -> None: ...


_MEMORY: dict[str, list[str]] = {}
_MEMORY_MAX = 200_000


def _key(text: str, pipeline: str) -> str:
    return hashlib.sha1(f"{pipeline}\x00{text}".encode()).hexdigest()


def _pipe(nlp: Any, texts: Iterable[str], **kw: Any) -> Iterator[Any]:
    """nlp.pipe in order; a text over the pipeline's max_length (one huge line) goes in pieces cut
    at whitespace and joined back into one Doc with the same text and offsets."""
    texts = list(texts)
    limit = nlp.max_length
    short = nlp.pipe((t for t in texts if len(t) < limit), **kw)
    for text in texts:
        yield next(short) if len(text) < limit else _long_doc(nlp, text, limit // 2)


def _long_doc(nlp: Any, text: str, step: int) -> Any:
    from spacy.tokens import Doc

    pieces, i = [], 0
    while i < len(text):
        j = min(len(text), i + step)
        if j < len(text):
            cut = max(text.rfind(" ", i, j), text.rfind("\n", i, j))
            j = cut + 1 if cut > i else j
        pieces.append(text[i:j])
        i = j
    return Doc.from_docs(list(nlp.pipe(pieces)), ensure_whitespace=False)


def terms(texts: Sequence[str], *, cache: TermCache | None = None, batch_size: int = 256,
          progress: Callable[[int], None] | None = None) -> list[list[str]]:
    """Terms (lemmas, lowercase, stop words and fillers out) for each text, in order."""
    keys, found, missing = cached_terms(texts, cache)
    todo = {k: t for k, t in zip(keys, texts) if k in set(missing)}
    new = dict(zip(todo, _analyse(list(todo.values()), batch_size, progress)[0]))
    return store_terms(keys, found, new, cache)


def cached_terms(texts: Sequence[str], cache: TermCache | None
                 ) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """The cache key of each text, the terms found in memory or `cache`, and the keys still to do."""
    info = pipeline_info()
    keys = [_key(t, info.key) for t in texts]
    found: dict[str, list[str]] = {k: _MEMORY[k] for k in keys if k in _MEMORY}
    if cache is not None and found:  # remembered from other work in this process: the project keeps them too
        stored = cache.get_terms(list(found))
        cache.put_terms({k: v for k, v in found.items() if k not in stored})
    missing = [k for k in dict.fromkeys(keys) if k not in found]
    if cache is not None and missing:
        found.update(cache.get_terms(missing))
        missing = [k for k in missing if k not in found]
    return keys, found, missing


def store_terms(keys: list[str], found: dict[str, list[str]], new: dict[str, list[str]],
                cache: TermCache | None) -> list[list[str]]:
    """Put newly computed terms in `cache` and memory; the terms of every key, in order."""
    found.update(new)
    if cache is not None and new:
        cache.put_terms(new)
    _remember(found)
    return [list(found[k]) for k in keys]


def _remember(found: dict[str, list[str]]) -> None:
    if len(_MEMORY) > _MEMORY_MAX:
        _MEMORY.clear()
    _MEMORY.update(found)


def _analyse(texts: Sequence[str], batch_size: int = 256, progress: Callable[[int], None] | None = None,
             detail: list | None = None) -> tuple[list[list[str]], list[list[tuple[str, int, int]]]]:
    nlp = load_nlp()
    stop = _stop()
    all_terms, all_toks = [], []
    # sentences are not needed here, and simplemma lemmas are looked up once per word in _lemma_of
    skip = [p for p in ("sentencizer", "worth_simplemma") if p in nlp.pipe_names]
    for doc in _pipe(nlp, (_mask(t) for t in texts), batch_size=batch_size, disable=skip):
        found, toks = _analyse_doc(doc, stop, "worth_simplemma" in skip, detail)
        all_terms.append(found)
        all_toks.append(toks)
        if progress is not None:
            progress(1)
    return all_terms, all_toks


def analyse(texts: Sequence[str], *, cache: TermCache | None = None, batch_size: int = 256,
            progress: Callable[[int], None] | None = None, remember: bool = True
            ) -> tuple[list[list[str]], list[list[tuple[str, int, int]]]]:
    """`terms(texts)` and `lemmas(texts)` from one pass of the pipeline; the terms go to `cache` and,
    with `remember`, to this process's memory."""
    found, toks = _analyse(texts, batch_size, progress)
    if cache is not None or remember:
        keys = [_key(t, pipeline_info().key) for t in texts]
        new = dict(zip(keys, found))
        if cache is not None:
            cache.put_terms(new)
        if remember:
            _remember(new)
    return [list(t) for t in found], toks


def lemmas(texts: Iterable[str]) -> list[list[tuple[str, int, int]]]:
    """All word tokens with lemma and offsets, stop words included (for indicator matching)."""
    return _analyse(list(texts))[1]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, stripped of surrounding whitespace."""
    return sentence_spans_many([text])[0]


def sentence_spans_many(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
    """`sentence_spans` of many texts in one pass of the pipeline."""
    nlp = load_nlp()
    punct = sentencizer_alone(nlp)
    skip = list(nlp.pipe_names) if punct else [p for p in ("worth_simplemma",) if p in nlp.pipe_names]
    return [stripped(text, sentence_bounds(doc, punct) if punct else [(s.start_char, s.end_char) for s in doc.sents])
            for text, doc in zip(texts, _pipe(nlp, texts, disable=skip))]
