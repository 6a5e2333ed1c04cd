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

_MULTIWORD_FILLERS = (("zeg", "maar"), ("weet", "je", "wel"), ("weet", "je"), ("en", "zo"),
                      ("of", "zo"), ("of", "zoiets"), ("ja", "nee"), ("nee", "ja"))

_KEEP_ABBREV = frozenset({"bijv.", "bv.", "enz.", "etc.", "ca.", "nr.", "nrs.", "pct.", "vgl.",
                          "prof.", "dhr.", "mevr.", "mw.", "dr.", "mr.", "ir.", "drs.", "st.", "blz.",
                          "m.b.t.", "i.v.m.", "o.a.", "z.g.a.n.", "t.a.v."})

_MARK_RE = re.compile(r"\[[^\[\]\n]{0,40}\]|\((?:lacht|zucht|stilte|huilt|pauze|onverstaanbaar)[^()\n]{0,30}\)",
                      re.I)


def _stop_words() -> frozenset[str]:
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
    for tok in doc:
        if not (tok.is_punct or tok.is_space):
            tok.lemma_ = _simplemma_lemma(tok.lower_)
    return doc


def _fix_abbreviations(nlp: Any) -> int:
    """Drop tokenizer exceptions like "me." whose stem is a Dutch word; return how many."""
    import simplemma

    rules = dict(nlp.tokenizer.rules)
    bad = [k for k in rules if k.endswith(".") and k.lower() not in _KEEP_ABBREV
           and len(k) > 2 and k[:-1].isalpha()
           and (k[:-1].lower() in _stop() or simplemma.is_known(k[:-1].lower(), lang="nl"))]
    for k in bad:
        del rules[k]
    nlp.tokenizer.rules = rules
    return len(bad)


_NLP: Any = None
_INFO: PipelineInfo | None = None


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
    import spacy

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
        nlp = spacy.blank("nl")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("worth_simplemma")
        simplemma_version = getattr(simplemma, "__version__", "2")
        _INFO = PipelineInfo("fallback", f"spacy-{spacy.__version__}+simplemma-{simplemma_version}",
                             "offline fallback: spaCy blank Dutch + sentencizer + simplemma lemmas "
                             "(nl_core_news_lg/md/sm not installed)")
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


def _drop_multiword_fillers(words: list[str]) -> list[bool]:
    keep = [True] * len(words)
    i = 0
    while i < len(words):
        for pattern in _MULTIWORD_FILLERS:
            if tuple(words[i:i + len(pattern)]) == pattern:
                for j in range(i, i + len(pattern)):
                    keep[j] = False
                i += len(pattern) - 1
                break
        i += 1
    return keep


def _doc_terms(doc: Any, stop: frozenset[str]) -> list[str]:
    words = [t.lower_ for t in doc]
    keep = _drop_multiword_fillers(words)
    out = []
    for tok, k in zip(doc, keep):
        if not k or tok.is_punct or tok.is_space or tok.like_num:
            continue
        lemma = (tok.lemma_ or tok.lower_).lower()
        if len(lemma) < 2 or lemma in stop or tok.lower_ in stop or not any(c.isalpha() for c in lemma):
            continue
        out.append(lemma)
    return out


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
    nlp = load_nlp()
    info = pipeline_info()
    keys = [_key(t, info.key) for t in texts]
    found: dict[str, list[str]] = {k: _MEMORY[k] for k in keys if k in _MEMORY}
    missing = [k for k in dict.fromkeys(keys) if k not in found]
    if cache is not None and missing:
        found.update(cache.get_terms(missing))
        missing = [k for k in missing if k not in found]
    if missing:
        todo = {k: t for k, t in zip(keys, texts) if k in set(missing)}
        stop = _stop()
        new: dict[str, list[str]] = {}
        for key, doc in zip(todo, _pipe(nlp, (_mask(t) for t in todo.values()), batch_size=batch_size)):
            new[key] = _doc_terms(doc, stop)
            if progress is not None:
                progress(1)
        found.update(new)
        if cache is not None:
            cache.put_terms(new)
    if len(_MEMORY) > _MEMORY_MAX:
        _MEMORY.clear()
    _MEMORY.update(found)
    return [list(found[k]) for k in keys]


def lemmas(texts: Iterable[str]) -> list[list[tuple[str, int, int]]]:
    """All word tokens with lemma and offsets, stop words included (for indicator matching)."""
    nlp = load_nlp()
    out = []
    for doc in _pipe(nlp, (_mask(t) for t in texts)):
        out.append([((t.lemma_ or t.lower_).lower(), t.idx, t.idx + len(t.text))
                    for t in doc if not (t.is_punct or t.is_space)])
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, stripped of surrounding whitespace."""
    doc = next(_pipe(load_nlp(), [text]))
    spans = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans
