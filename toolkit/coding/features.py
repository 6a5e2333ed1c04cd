"""From segments to model inputs: terms, codebook indicator hits, and their feature matrices.

`prepare(texts)` runs the Dutch NLP once per text and returns `Prepared` records (plain data).
`term_ngrams` is the analyzer of the tf-idf vectorizer over `Prepared.words`: every lemma, stop words
included, because help-seeking is voiced in function words ("ik wil niemand tot last zijn", "dat
kan ik zelf"). On the demo corpus this raised cross-validated macro-F1 from 0.544 to 0.568 at C=1,
and to 0.589 at C=16, where content lemmas alone reach 0.548 (benchmarks/bench_classifier.py, 2b).
`lexicon_matrix` turns indicator hits into per-code counts: plain, negated, hedged.

A respondent's turn is read with the interviewer's question right before it (`question_context`):
the question's content lemmas join the turn's words with the prefix `q:` ("q:hulp", "q:vragen"), so
that a short answer ("nee, dat doe ik liever niet") carries what it answers. Measured on the demo
test split (model on demo train+dev + bank, `benchmarks/bench_quality.py --quick`): macro-F1 0.594 ->
0.612, ROC-AUC 0.933 -> 0.936, paired bootstrap over the 14 test documents +0.018 (90% 0.006-0.029);
request hesitancy 0.33 -> 0.41, acceptance hesitancy 0.51 -> 0.57, self-reliance 0.56 -> 0.63.
Excerpts without a question score as before (both halves of the real excerpts level).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from toolkit.coding.codebook import Codebook
from toolkit.types import Segment
from toolkit.coding.lexicon import Hit, Lexicon, with_forms
from toolkit.nlp.embeddings import VectorTable

__all__ = ["Prepared", "prepare", "prepare_windows", "question_context", "QUESTION", "codebook_examples", "term_ngrams", "lexicon_matrix",
           "lexicon_feature_names", "WordVectors", "PipelineVectors", "keyword_scores"]


@dataclass(frozen=True)
class Prepared:
    """What the models need of one segment."""

    text: str
    terms: tuple[str, ...]  # content lemmas: no stop words, fillers or numbers (topics, word vectors)
    hits: tuple[Hit, ...]
    words: tuple[str, ...]  # every word's lemma in order (the classifier's tf-idf)


def term_ngrams(terms: Sequence[str]) -> list[str]:
    """Unigrams and adjacent bigrams of a term list (the tf-idf analyzer)."""
    terms = list(terms)
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


QUESTION = "q:"
"""Prefix of the words a turn takes from the interviewer's question before it."""


def question_context(segments: Sequence[Segment]) -> dict[str, str]:
    """Segment id -> the text of the interviewer turn right before it in the same document, for each
    codable segment that follows one (`segments` in document order, interviewer turns included)."""
    out: dict[str, str] = {}
    for before, seg in zip(segments, segments[1:]):
        if seg.codable and before.is_interviewer and before.doc_id == seg.doc_id:
            out[seg.id] = before.text
    return out


def prepare(texts: Sequence[str], book: Codebook, *, cache=None, lexicon: Lexicon | None = None,
            progress=None, questions: Sequence[str] | None = None) -> list[Prepared]:
    """Model inputs of `texts`; `questions` (one per text, "" for none) adds the question's words."""
    from toolkit import nlp

    lexicon = lexicon or Lexicon(book)
    terms, lemmas = nlp.analyse(texts, cache=cache, progress=progress)
    return _with_questions(_rows(texts, terms, with_forms(texts, lemmas), lexicon), questions)


def _with_questions(rows: list[Prepared], questions: Sequence[str] | None) -> list[Prepared]:
    """`rows` with the content lemmas of each one's question appended to its words as `q:` words."""
    from dataclasses import replace

    from toolkit import nlp

    asked = sorted({q for q in questions or () if q.strip()})
    if not asked:
        return rows
    words = {q: tuple(QUESTION + t for t in terms) for q, terms in zip(asked, nlp.terms(asked))}
    return [replace(r, words=r.words + words[q]) if q in words else r for r, q in zip(rows, questions)]


def prepare_windows(texts: Sequence[str], book: Codebook, size: int, long: Sequence[bool], *,
                    lexicon: Lexicon | None = None, progress=None, questions: Sequence[str] | None = None
                    ) -> tuple[list[Prepared], list[Prepared], list[int]]:
    """`prepare(texts, questions=questions)`, and `prepare` of every window of `size` sentences of the
    texts flagged `long` (those with more sentences), with the passage each window belongs to; one pass
    of the pipeline. A window read from its passage's tokens (`Window.span`) takes its indicator matches
    from there too; windows are read without the question (they are parts of an answer)."""
    from toolkit.nlp.passages import analyse_windows

    lexicon = lexicon or Lexicon(book)
    terms, lemmas, windows = analyse_windows(texts, size, long, progress=progress)
    forms = with_forms(texts, lemmas)
    matches = [lexicon.matches(f) for f in forms]
    rows = _rows(texts, terms, forms, lexicon, matches)
    alone = [w for w in windows if w.span is None]
    done = iter(_rows([w.text for w in alone], [w.terms for w in alone],
                      with_forms([w.text for w in alone], [w.tokens for w in alone]), lexicon))
    out: list[Prepared] = []
    for w in windows:
        if w.span is None:
            out.append(next(done))
            continue
        a, b = w.span
        found = [m for m in matches[w.owner] if a <= m[1] and m[2] <= b]
        hits = lexicon.hits_in_tokens(forms[w.owner], found, lo=a, shift=w.start) if found else ()
        out.append(Prepared(w.text, tuple(w.terms), tuple(hits), rows[w.owner].words[a:b]))
    return _with_questions(rows, questions), out, [w.owner for w in windows]


def _rows(texts: Sequence[str], terms, forms, lexicon: Lexicon, matches=None) -> list[Prepared]:
    matches = matches or [None] * len(texts)
    return [Prepared(t, tuple(te), tuple(lexicon.hits_in_tokens(w, m)), tuple(tok[0] for tok in w))
            for t, te, w, m in zip(texts, terms, forms, matches)]


def codebook_examples(book: Codebook) -> tuple[list[Prepared], np.ndarray]:
    """The codebook's examples and inclusion criteria of each codable code as extra training rows,
    positive for that code only.

    On the demo corpus they raised test macro-F1 when few segments are coded (50/100/200/400
    segments: 0.35/0.36/0.35/0.45 without, 0.38/0.38/0.42/0.46 with; benchmarks/bench_classifier.py,
    section 2) and left it level on all 1,807: the codebook acts as a prior where codings are scarce.
    """
    texts: list[str] = []
    labels: list[int] = []
    for j, code_id in enumerate(book.ids):
        for text in (*book[code_id].examples, *book[code_id].include):
            texts.append(text)
            labels.append(j)
    Y = np.zeros((len(texts), len(book.ids)), dtype=bool)
    Y[np.arange(len(texts)), labels] = True
    return prepare(texts, book), Y


def lexicon_feature_names(code_ids: Sequence[str]) -> list[str]:
    return [f"{kind}:{c}" for c in code_ids for kind in ("indicator", "negated", "hedged")]


def lexicon_matrix(rows: Sequence[Prepared], code_ids: Sequence[str]) -> sparse.csr_matrix:
    """Per code: log(1 + plain hits), log(1 + negated hits), log(1 + hedged hits)."""
    index = {c: i for i, c in enumerate(code_ids)}
    data = np.zeros((len(rows), 3 * len(code_ids)), dtype=np.float64)
    for r, row in enumerate(rows):
        for h in row.hits:
            i = index.get(h.code_id)
            if i is None:
                continue
            col = 3 * i + (1 if h.negated else 2 if h.hedged else 0)
            data[r, col] += 1
    return sparse.csr_matrix(np.log1p(data))


def keyword_scores(rows: Sequence[Prepared], code_ids: Sequence[str]) -> np.ndarray:
    """The keyword-lexicon baseline: number of non-negated indicator hits per code."""
    index = {c: i for i, c in enumerate(code_ids)}
    out = np.zeros((len(rows), len(code_ids)))
    for r, row in enumerate(rows):
        for h in row.hits:
            if h.code_id in index and not h.negated:
                out[r, index[h.code_id]] += 1
    return out


def stable_hash(text: str) -> int:
    """A hash that does not change between Python processes (gensim's default is salted)."""
    import zlib

    return zlib.crc32(text.encode("utf-8"))


@dataclass(frozen=True, eq=False)
class WordVectors(VectorTable):
    """Word vectors learned with gensim Word2Vec from lemma lists; plain arrays, saved without pickle."""

    @classmethod
    def learn(cls, term_lists: Sequence[Sequence[str]], *, seed: int = 0, dim: int = 100) -> WordVectors:
        from gensim.models import Word2Vec

        model = Word2Vec([list(t) for t in term_lists], vector_size=dim, window=5, min_count=2, sg=1, epochs=10,
                         workers=1, seed=seed, hashfxn=stable_hash)
        words = tuple(sorted(model.wv.key_to_index))
        return cls(words, np.asarray([model.wv[w] for w in words], dtype=np.float32).reshape(len(words), dim))

    def lookup(self, words: Sequence[str]) -> np.ndarray:
        return self.matrix[[self._index[w] for w in words if w in self._index]]

    def mean_matrix(self, rows: Sequence[Prepared]) -> sparse.csr_matrix:
        return _mean_vectors(self, rows)


@dataclass(frozen=True)
class PipelineVectors:
    """The word vectors of the active spaCy pipeline (nl_core_news_md/lg), looked up by lemma.

    A model stores only which pipeline they came from (`pipeline`, its key), so it needs that
    pipeline when it is loaded: the table holds hundreds of thousands of words that new text may use.
    """

    pipeline: str
    dim: int

    @classmethod
    def active(cls) -> PipelineVectors:
        from toolkit import nlp

        return cls(nlp.pipeline_info().key, int(nlp.load_nlp().vocab.vectors.shape[1]))

    def mean_matrix(self, rows: Sequence[Prepared]) -> sparse.csr_matrix:
        return _mean_vectors(self, rows)

    def lookup(self, words: Sequence[str]) -> np.ndarray:
        from toolkit import nlp

        vocab = nlp.load_nlp().vocab
        found = [vocab.get_vector(w) for w in words if vocab.has_vector(w)]
        return np.asarray(found, dtype=np.float32).reshape(len(found), self.dim)


def _mean_vectors(vectors: WordVectors | PipelineVectors, rows: Sequence[Prepared]) -> sparse.csr_matrix:
    """Per row: the unit-length mean of its terms' vectors (zeros when none is known)."""
    out = np.zeros((len(rows), vectors.dim))
    for r, row in enumerate(rows):
        found = vectors.lookup(row.terms)
        if len(found):
            v = found.mean(axis=0)
            out[r] = v / (np.linalg.norm(v) or 1.0)
    return sparse.csr_matrix(out)
