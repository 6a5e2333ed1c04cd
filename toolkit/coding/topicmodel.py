"""Topic models: gensim LDA as a scikit-learn estimator, optionally seeded from the codebook.

`TopicModel` fits on term lists (what `toolkit.nlp.terms` gives). Multiword expressions found in
the data (gensim `Phrases`, NPMI) and the multiword seeds are joined with "_" by greedy longest
match, so "formulier invullen" becomes one token "formulier_invullen".

Seeded mode (`seed_codes={code_id: [seed terms]}`, see `seeds_from_codebook`) gives one topic per
code: its row of the topic-word prior `eta` holds `seed_weight` (pseudo-counts) for the code's seeds
where every other entry holds the base prior 1/n_topics, so the topic stays anchored to them; the
remaining topics are free ("topic_k"). The weight is absolute, not a multiple of 1/n_topics: on the
demo corpus with 20 topics a seed prior of 100/20 = 5 kept 0-7 of a code's seeds in its top 20
terms, while 50, 100 and 200 kept all of them (at most 20 fit), with 19, 20 and 40 topics alike.
Seeds that are not in the vocabulary are reported in `seed_report_` and logged; a code without any
seed in the vocabulary is dropped. A seed ending in "*" matches every vocabulary term it begins.

Runs repeat exactly: single-threaded `LdaModel` with `random_state`, a vocabulary in sorted order,
no hash-ordered iteration, and `transform` uses a deterministic variational E-step (gensim's own
starts from random draws, so its document-topic output depends on call history).

`save_topic_model` / `load_topic_model` use JSON and `.npy` files only (never pickle):

    manifest.json      format, versions (gensim ...), NLP pipeline, params, n_docs, n_terms,
                       topic labels, seed report, provenance, sha256 of every other file
    dictionary.json    terms in id order with document and collection frequencies
    phrases.json       the joined phrases as lists of terms
    lambda.npy         topic-word posterior (= eta + sstats), float64, (n_topics, n_terms)
    sstats.npy eta.npy alpha.npy   the rest of the LDA state, so a loaded model is bit-identical

Loading refuses missing, changed or extra files (`ModelError`).
"""

from __future__ import annotations

import bisect
import json
import logging
import math
import numbers
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ._io import atomic_dir, created_at, load_array, sha256_file, verify_folder
from .codebook import Codebook
from .errors import InputError, ModelError

__all__ = [
    "TopicModel",
    "PhraseJoiner",
    "seeds_from_codebook",
    "sweep",
    "save_topic_model",
    "load_topic_model",
    "FORMAT_VERSION",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

FORMAT_VERSION = 1
_FORMAT = "worth-topic-model"
_JOINER = "_"
_SEP = "\x1f"             # joins phrase parts inside gensim only
_PHRASE_MIN_COUNT = 5      # a bigram must occur this often to become a phrase
_PHRASE_THRESHOLD = 0.5    # normalised PMI (-1..1); 0.5 keeps "sociaal_makelaar", not "heel_aardig"
_GAMMA_THRESHOLD = 1e-3    # E-step convergence, as gensim's default
_ARRAYS = ("lambda", "sstats", "alpha", "eta")
Docs = Sequence[Sequence[str]]


# --------------------------------------------------------------------------- phrases


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


# --------------------------------------------------------------------------- seeds


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
    from . import nlp

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


# --------------------------------------------------------------------------- validation


def _check_docs(docs: Any, what: str = "docs") -> list[list[str]]:
    hint = "pass one list of terms per document, e.g. toolkit.nlp.terms(texts)"
    if isinstance(docs, (str, bytes)) or not isinstance(docs, Iterable):
        raise InputError(f"{what} must be a list of term lists, not {type(docs).__name__}", hint=hint)
    out = []
    for i, doc in enumerate(docs):
        if isinstance(doc, (str, bytes)) or not isinstance(doc, Iterable):
            raise InputError(f"{what}[{i}] is {type(doc).__name__}, not a list of terms", hint=hint)
        doc = list(doc)
        if not all(isinstance(t, str) for t in doc):
            raise InputError(f"{what}[{i}] holds something other than strings", hint=hint)
        out.append(doc)
    return out


def _df_limit(value: Any, n_docs: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} must be a number, not {value!r}",
                         hint=f"give {name} as a document count (int) or a share of documents (0..1)")
    if isinstance(value, numbers.Integral):
        if value < 0:
            raise InputError(f"{name} must not be negative, got {value}")
        return int(value)
    if not 0.0 <= float(value) <= 1.0:
        raise InputError(f"{name} as a share of documents must lie in 0..1, got {value}",
                         hint="or give a whole number of documents")
    return int(math.ceil(float(value) * n_docs)) if name == "min_df" else int(math.floor(float(value) * n_docs))


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise InputError(f"{name} must be a whole number of at least 1, got {value!r}")
    return int(value)


# --------------------------------------------------------------------------- the estimator


class TopicModel(BaseEstimator, TransformerMixin):
    """LDA topics over term lists; seeded from codebook codes or exploratory.

    Learned: `dictionary_` (gensim Dictionary, ids in sorted term order), `phraser_`
    (`PhraseJoiner`), `lda_` (gensim `LdaModel`), `topic_labels_` (code id or "topic_k" per topic),
    `seed_report_` ({code: {"found", "missing", "terms", "dropped"}}) and `n_docs_`.
    """

    def __init__(self, *, n_topics: int = 10, seed_codes: Mapping[str, Sequence[str]] | None = None,
                 seed_weight: float = 100.0, passes: int = 10, iterations: int = 100,
                 min_df: int | float = 2, max_df: int | float = 0.5, phrases: bool = True,
                 random_state: int | None = 0) -> None:
        self.n_topics = n_topics
        self.seed_codes = seed_codes
        self.seed_weight = seed_weight
        self.passes = passes
        self.iterations = iterations
        self.min_df = min_df
        self.max_df = max_df
        self.phrases = phrases
        self.random_state = random_state

    # ---------------------------------------------------------------- fitting

    def _seeds(self) -> dict[str, list[str]]:
        if self.seed_codes is None:
            return {}
        if not isinstance(self.seed_codes, Mapping):
            raise InputError("seed_codes must map code ids to lists of seed terms",
                             hint="build it with toolkit.topics.seeds_from_codebook(book)")
        seeds: dict[str, list[str]] = {}
        for code, terms in self.seed_codes.items():
            if isinstance(terms, str) or not isinstance(terms, Iterable):
                raise InputError(f"seeds of {code!r} must be a list of terms, not {type(terms).__name__}")
            seeds[str(code)] = sorted({_norm_seed(t) for t in terms if _norm_seed(t).rstrip("*")})
        return seeds

    def _validate(self, n_docs: int, n_seeded: int) -> None:
        k = _positive_int(self.n_topics, "n_topics")
        _positive_int(self.passes, "passes")
        _positive_int(self.iterations, "iterations")
        if isinstance(self.seed_weight, bool) or not isinstance(self.seed_weight, numbers.Real) \
                or not self.seed_weight > 0 or not math.isfinite(self.seed_weight):
            raise InputError(f"seed_weight must be a positive number, got {self.seed_weight!r}",
                             hint="50-200 anchors seeds reliably")
        if self.random_state is not None and (isinstance(self.random_state, bool)
                                              or not isinstance(self.random_state, numbers.Integral)):
            raise InputError(f"random_state must be a whole number or None, got {self.random_state!r}",
                             hint="a fixed number makes runs repeat exactly")
        if n_docs == 0:
            raise InputError("no documents to fit a topic model on",
                             hint="pass at least as many documents as topics")
        if k > n_docs:
            raise InputError(f"{k} topics for only {n_docs} document(s)",
                             hint="ask for fewer topics (--k on the command line, n_topics in Python) or give more documents")
        if k < n_seeded:
            raise InputError(f"n_topics={k} is smaller than the {n_seeded} seeded codes",
                             hint=f"use n_topics >= {n_seeded}, or seed fewer codes")

    def fit(self, docs: Docs, y: Any = None) -> TopicModel:
        """Learn phrases, vocabulary and topics from term lists (one list per document)."""
        from gensim.corpora import Dictionary
        from gensim.models import LdaModel
        from threadpoolctl import threadpool_limits

        docs = _check_docs(docs)
        seeds = self._seeds()
        self._validate(len(docs), len(seeds))
        k = int(self.n_topics)
        n = len(docs)

        phrases: set[tuple[str, ...]] = set()
        if self.phrases:
            phrases = _detect_phrases(docs) | _seed_phrases(docs, (s for ss in seeds.values() for s in ss))
        joiner = PhraseJoiner(tuple(sorted(phrases)))
        joined = [joiner(d) for d in docs]

        dfs: Counter[str] = Counter()
        cfs: Counter[str] = Counter()
        for d in joined:
            cfs.update(d)
            dfs.update(set(d))
        lo, hi = _df_limit(self.min_df, n, "min_df"), _df_limit(self.max_df, n, "max_df")
        vocab = sorted(t for t, df in dfs.items() if lo <= df <= hi)
        if not vocab:
            raise InputError(f"no terms left after filtering: none occurs in at least {lo} and at most {hi} "
                             f"of the {n} documents (min_df={self.min_df}, max_df={self.max_df})",
                             hint="lower min_df or raise max_df, or give more (or longer) documents")
        dictionary = Dictionary()
        dictionary.token2id = {t: i for i, t in enumerate(vocab)}
        dictionary.dfs = {i: dfs[t] for i, t in enumerate(vocab)}
        dictionary.cfs = {i: cfs[t] for i, t in enumerate(vocab)}
        dictionary.num_docs = n
        corpus = [dictionary.doc2bow(d) for d in joined]
        dictionary.num_pos = sum(c for bow in corpus for _, c in bow)
        dictionary.num_nnz = sum(len(bow) for bow in corpus)

        report, seeded = self._seed_report(seeds, vocab, dictionary.token2id)
        labels = list(seeded) + [f"topic_{i}" for i in range(len(seeded), k)]
        base = 1.0 / k
        eta = np.full((k, len(vocab)), base, dtype=np.float64)
        for row, ids in enumerate(seeded.values()):
            eta[row, ids] = float(self.seed_weight)

        with threadpool_limits(limits=1):
            lda = LdaModel(corpus=corpus, id2word=dictionary, num_topics=k, alpha="symmetric", eta=eta,
                           passes=int(self.passes), iterations=int(self.iterations),
                           gamma_threshold=_GAMMA_THRESHOLD, eval_every=None, update_every=1,
                           random_state=self.random_state, dtype=np.float64)
        self.dictionary_ = dictionary
        self.phraser_ = joiner
        self.lda_ = lda
        self.topic_labels_ = labels
        self.seed_report_ = report
        self.n_docs_ = n
        log.info("topic model: %d documents, %d terms (%d phrases), %d seeded + %d free topics",
                 n, len(vocab), len(joiner.phrases), len(seeded), k - len(seeded))
        return self

    def _seed_report(self, seeds: dict[str, list[str]], vocab: list[str], token2id: dict[str, int]
                     ) -> tuple[dict[str, dict[str, Any]], dict[str, list[int]]]:
        report: dict[str, dict[str, Any]] = {}
        seeded: dict[str, list[int]] = {}
        for code, code_seeds in seeds.items():
            found, missing, terms = [], [], set()
            for s in code_seeds:
                if s.endswith("*"):
                    prefix = s.rstrip("*")
                    i = bisect.bisect_left(vocab, prefix)
                    hits = []
                    while i < len(vocab) and vocab[i].startswith(prefix):
                        hits.append(vocab[i])
                        i += 1
                else:
                    hits = [s] if s in token2id else []
                (found if hits else missing).append(s)
                terms.update(hits)
            report[code] = {"found": found, "missing": missing, "terms": sorted(terms), "dropped": not terms}
            if missing:
                log.warning("seeds of %s not in the vocabulary (absent, or outside min_df=%s/max_df=%s): %s",
                            code, self.min_df, self.max_df, ", ".join(missing))
            if terms:
                seeded[code] = sorted(token2id[t] for t in terms)
            else:
                log.warning("code %s dropped from the topic model: none of its %d seeds is in the vocabulary",
                            code, len(code_seeds))
        return report, seeded

    # ---------------------------------------------------------------- using

    def _bows(self, docs: Docs) -> list[list[tuple[int, int]]]:
        return [self.dictionary_.doc2bow(self.phraser_(d)) for d in _check_docs(docs)]

    def transform(self, docs: Docs) -> np.ndarray:
        """Topic proportions, shape (n_docs, n_topics); each row sums to 1.

        Each document is inferred on its own from a fixed start, so a row does not depend on the
        other documents or on earlier calls. An empty document gets the prior proportions.
        """
        from gensim.matutils import dirichlet_expectation
        from threadpoolctl import threadpool_limits

        check_is_fitted(self, "lda_")
        bows = self._bows(docs)
        alpha = np.asarray(self.lda_.alpha, dtype=np.float64)
        exp_elog_beta = np.asarray(self.lda_.expElogbeta, dtype=np.float64)
        k = alpha.shape[0]
        eps = np.finfo(np.float64).eps
        out = np.empty((len(bows), k), dtype=np.float64)
        with threadpool_limits(limits=1):
            for d, bow in enumerate(bows):
                gamma = alpha.copy()
                if bow:
                    ids = np.fromiter((i for i, _ in bow), dtype=np.intp, count=len(bow))
                    cts = np.fromiter((c for _, c in bow), dtype=np.float64, count=len(bow))
                    beta_d = exp_elog_beta[:, ids]
                    gamma = alpha + cts.sum() / k
                    exp_theta = np.exp(dirichlet_expectation(gamma))
                    phinorm = exp_theta @ beta_d + eps
                    for _ in range(int(self.iterations)):
                        last = gamma
                        gamma = alpha + exp_theta * ((cts / phinorm) @ beta_d.T)
                        exp_theta = np.exp(dirichlet_expectation(gamma))
                        phinorm = exp_theta @ beta_d + eps
                        if np.mean(np.abs(gamma - last)) < _GAMMA_THRESHOLD:
                            break
                out[d] = gamma / gamma.sum()
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Column names of `transform`: the topic labels."""
        check_is_fitted(self, "lda_")
        return np.asarray(self.topic_labels_, dtype=object)

    def top_terms(self, k: int = 20) -> list[list[tuple[str, float]]]:
        """The k most probable terms of each topic with their probability; ties in term order."""
        check_is_fitted(self, "lda_")
        k = _positive_int(k, "k")
        topics = self.lda_.get_topics()
        vocab = self._vocab()
        out = []
        for row in topics:
            order = np.argsort(-row, kind="stable")[:k]  # ids are in sorted term order
            out.append([(vocab[i], float(row[i])) for i in order])
        return out

    def topic_records(self, k: int = 20) -> list[dict[str, Any]]:
        """One record per topic: id, label, seed_code (or None) and terms [[term, weight], ...]."""
        seeded = {c for c, r in self.seed_report_.items() if not r["dropped"]}
        return [{"id": i, "label": label, "seed_code": label if label in seeded else None,
                 "terms": [[t, w] for t, w in terms]}
                for i, (label, terms) in enumerate(zip(self.topic_labels_, self.top_terms(k)))]

    def _vocab(self) -> list[str]:
        return [t for t, _ in sorted(self.dictionary_.token2id.items(), key=lambda x: x[1])]

    def _topic_lists(self, topn: int) -> list[list[str]]:
        return [[t for t, _ in terms] for terms in self.top_terms(topn)]

    def _coherence_model(self, docs: Docs, measure: str, topn: int) -> Any:
        from gensim.models.coherencemodel import CoherenceModel

        texts = [self.phraser_(d) for d in _check_docs(docs)]
        if not texts:
            raise InputError("no documents to measure coherence on", hint="pass the fitted documents")
        return CoherenceModel(topics=self._topic_lists(topn), texts=texts, dictionary=self.dictionary_,
                              coherence=measure, topn=topn, processes=1)

    def coherence(self, docs: Docs, measures: Sequence[str] = ("c_v", "u_mass", "c_npmi"),
                  topn: int = 10) -> dict[str, float]:
        """Mean topic coherence per measure (gensim `CoherenceModel`, one process) on `docs`."""
        check_is_fitted(self, "lda_")
        topn = _positive_int(topn, "topn")
        return {m: float(self._coherence_model(docs, m, topn).get_coherence()) for m in _measures(measures)}

    def topic_coherence(self, docs: Docs, measure: str = "c_v", topn: int = 10) -> dict[str, float]:
        """Coherence of each topic by label, for one measure."""
        check_is_fitted(self, "lda_")
        (measure,) = _measures((measure,))
        values = self._coherence_model(docs, measure, _positive_int(topn, "topn")).get_coherence_per_topic()
        return {label: float(v) for label, v in zip(self.topic_labels_, values)}


_MEASURES = ("c_v", "u_mass", "c_uci", "c_npmi")


def _measures(measures: Sequence[str]) -> list[str]:
    if isinstance(measures, str):
        measures = (measures,)
    bad = [m for m in measures if m not in _MEASURES]
    if bad or not measures:
        raise InputError(f"unknown coherence measure(s): {', '.join(map(str, bad)) or 'none given'}",
                         hint="measures are: " + ", ".join(_MEASURES))
    return list(measures)


def sweep(docs: Docs, ks: Iterable[int], *, measures: Sequence[str] = ("c_v", "u_mass", "c_npmi"),
          topn: int = 10, **params: Any) -> list[tuple[int, dict[str, float]]]:
    """Fit one model per number of topics in `ks`; return [(k, coherence)] to choose k by."""
    docs = _check_docs(docs)
    ks = list(ks)
    if not ks:
        raise InputError("no numbers of topics to try", hint="pass ks such as range(5, 31, 5)")
    if "n_topics" in params:
        raise InputError("give the numbers of topics as ks, not n_topics")
    out = []
    for k in ks:
        k = _positive_int(k, "each number of topics in ks")
        model = TopicModel(n_topics=k, **params).fit(docs)
        out.append((k, model.coherence(docs, measures, topn)))
        log.info("sweep: k=%d %s", k, out[-1][1])
    return out


# --------------------------------------------------------------------------- persistence


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("worth", "gensim", "numpy", "scipy", "scikit-learn"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _jsonable(value: Any) -> Any:
    """Parameters as plain JSON values (numpy numbers and tuples included)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_jsonable(v) for v in value]
    raise ModelError(f"parameter value {value!r} cannot be saved", hint="use numbers, text and lists")


def _dump(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")


def save_topic_model(model: TopicModel, folder: str | Path, *, pipeline: str | None = None,
                     extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Write a fitted model to a new folder (JSON + .npy, no pickle); returns the manifest.

    `pipeline` is the NLP pipeline key the terms came from (default: the active one); `extra`
    (e.g. codebook hash, data hash) is stored under "provenance". Existing folders are refused.
    """
    check_is_fitted(model, "lda_")
    out = Path(folder)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ModelError("model folder already exists; models are never overwritten", path=out,
                         hint="choose a new folder")
    if pipeline is None:
        from . import nlp

        pipeline = nlp.pipeline_info().key
    lda = model.lda_
    vocab = model._vocab()
    d = model.dictionary_
    arrays = {"lambda": lda.state.get_lambda(), "sstats": lda.state.sstats, "alpha": lda.alpha,
              "eta": lda.state.eta}
    with atomic_dir(out) as tmp:
        for name, arr in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr, dtype=np.float64), allow_pickle=False)
        _dump(tmp / "dictionary.json", {"tokens": vocab, "dfs": [d.dfs[i] for i in range(len(vocab))],
                                        "cfs": [d.cfs[i] for i in range(len(vocab))], "num_docs": d.num_docs,
                                        "num_pos": d.num_pos, "num_nnz": d.num_nnz})
        _dump(tmp / "phrases.json", {"joiner": _JOINER, "phrases": [list(p) for p in model.phraser_.phrases]})
        files = sorted(p.name for p in tmp.iterdir() if p.is_file())
        manifest = {
            "format": _FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at(),
            "versions": _versions(),
            "nlp_pipeline": pipeline,
            "params": _jsonable(model.get_params()),
            "n_docs": model.n_docs_,
            "n_terms": len(vocab),
            "n_phrases": len(model.phraser_.phrases),
            "n_topics": len(model.topic_labels_),
            "topic_labels": list(model.topic_labels_),
            "seed_report": model.seed_report_,
            "provenance": _jsonable(dict(extra or {})),
            "files": {name: sha256_file(tmp / name) for name in files},
        }
        _dump(tmp / "manifest.json", manifest)
    return manifest


def _read_json(folder: Path, name: str) -> Any:
    try:
        return json.loads((folder / name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"topic model folder is incomplete: {name} is missing", path=folder,
                         hint="copy the whole folder, or fit the model again") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{name} is damaged ({exc})", path=folder,
                         hint="copy the folder again, or fit the model again") from None


def load_topic_model(folder: str | Path) -> TopicModel:
    """Read a folder written by `save_topic_model`, checking checksums, versions and shapes."""
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    folder = Path(folder)
    if not folder.is_dir():
        raise ModelError("no such topic model folder", path=folder,
                         hint="give a folder written by save_topic_model / `worth topics`")
    manifest = _read_json(folder, "manifest.json")
    if manifest.get("format") != _FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"not a worth topic model of format {FORMAT_VERSION} "
                         f"(found {manifest.get('format')!r} {manifest.get('format_version')!r})",
                         path=folder, hint="fit the model again with this version of worth")
    verify_folder(folder, manifest.get("files") or {}, what="topic model", redo="fit the model again",
                  required=["dictionary.json", "phrases.json", *(f"{a}.npy" for a in _ARRAYS)])
    saved_gensim = manifest.get("versions", {}).get("gensim")
    current = _versions()["gensim"]
    if saved_gensim != current:
        log.warning("%s: topic model written with gensim %s, loading with gensim %s", folder, saved_gensim, current)

    arrays = {name: load_array(folder / f"{name}.npy", redo="fit the model again") for name in _ARRAYS}
    dct = _read_json(folder, "dictionary.json")
    ph = _read_json(folder, "phrases.json")
    try:
        vocab = [str(t) for t in dct["tokens"]]
        phrases = tuple(tuple(str(w) for w in p) for p in ph["phrases"])
        labels = [str(x) for x in manifest["topic_labels"]]
        params = dict(manifest["params"])
        model = TopicModel(**params)
    except (KeyError, TypeError) as exc:
        raise ModelError(f"topic model files lack a field or hold a wrong one ({exc})", path=folder,
                         hint="fit the model again") from None
    k, v = len(labels), len(vocab)
    if (arrays["lambda"].shape != (k, v) or arrays["sstats"].shape != (k, v) or arrays["eta"].shape != (k, v)
            or arrays["alpha"].shape != (k,) or len(dct["dfs"]) != v or k != manifest.get("n_topics")
            or v != manifest.get("n_terms")):
        raise ModelError("topic model arrays do not fit its vocabulary and topics", path=folder,
                         hint="fit the model again")
    if not np.array_equal(arrays["eta"] + arrays["sstats"], arrays["lambda"]):
        raise ModelError("lambda.npy is not eta + sstats", path=folder, hint="fit the model again")

    dictionary = Dictionary()
    dictionary.token2id = {t: i for i, t in enumerate(vocab)}
    dictionary.dfs = {i: int(x) for i, x in enumerate(dct["dfs"])}
    dictionary.cfs = {i: int(x) for i, x in enumerate(dct["cfs"])}
    dictionary.num_docs, dictionary.num_pos, dictionary.num_nnz = (int(dct["num_docs"]), int(dct["num_pos"]),
                                                                   int(dct["num_nnz"]))
    lda = LdaModel(corpus=None, id2word=dictionary, num_topics=k, alpha=arrays["alpha"], eta=arrays["eta"],
                   passes=int(model.passes), iterations=int(model.iterations), gamma_threshold=_GAMMA_THRESHOLD,
                   eval_every=None, random_state=model.random_state, dtype=np.float64)
    lda.state.sstats = arrays["sstats"].copy()
    lda.state.numdocs = int(manifest.get("n_docs", 0))
    lda.sync_state()
    model.dictionary_ = dictionary
    model.phraser_ = PhraseJoiner(phrases)
    model.lda_ = lda
    model.topic_labels_ = labels
    model.seed_report_ = manifest.get("seed_report") or {}
    model.n_docs_ = int(manifest.get("n_docs", 0))
    return model
