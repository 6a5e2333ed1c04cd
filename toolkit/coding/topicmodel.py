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
import logging
import math
import numbers
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from toolkit.errors import InputError
from toolkit.coding.phrases import PhraseJoiner, _detect_phrases, _norm_seed, _seed_phrases
from toolkit.coding.phrases import Docs

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
_GAMMA_THRESHOLD = 1e-3    # E-step convergence, as gensim's default
_ARRAYS = ("lambda", "sstats", "alpha", "eta")


# --------------------------------------------------------------------------- phrases


# --------------------------------------------------------------------------- seeds


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
                             hint="build it with toolkit.coding.phrases.seeds_from_codebook(book)")
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
                log.info("seeds of %s not in the vocabulary (absent, or outside min_df=%s/max_df=%s): %s",
                         code, self.min_df, self.max_df, ", ".join(missing))
            if terms:
                seeded[code] = sorted(token2id[t] for t in terms)
            else:
                log.warning("code %s dropped from the topic model: none of its %d seeds is in the vocabulary",
                            code, len(code_seeds))
        missing = {c: r["missing"] for c, r in report.items() if r["missing"]}
        if missing:  # one line, not one per code: the whole list is in the seed report (manifest.json)
            log.warning("%d seed(s) of %d code(s) are not in the vocabulary of these texts (absent, or outside "
                        "min_df=%s/max_df=%s); each code's list is under seed_report in the model's manifest.json",
                        sum(map(len, missing.values())), len(missing), self.min_df, self.max_df)
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


