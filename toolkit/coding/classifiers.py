"""Multi-label code classifier: one calibrated linear decision per code.

Features: tf-idf over lemma unigrams and bigrams, the codebook's indicator hits (plain, negated,
hedged) as a prior the model can weigh, when adapting a shipped model (`base`) that model's
scores for the codes both codebooks share, and optionally topic proportions (`topics`; measured to
add nothing on the demo corpus, so off by default). One logistic regression per code with balanced class
weights (codes are rare); out-of-fold scores from cross-validation grouped by document feed a
Platt calibration per code and a threshold per code that maximises F1 (when adapting with a base's
training data, moved toward the threshold that suits the study's own codings: coding/thresholds.py).
A code with fewer than `min_positives` positives is not learned: it falls back to its codebook prior
(indicator hits). A code with no positive at all in at least `UNUSED_AFTER` of the study's own coded segments is not
assigned (its threshold is `NEVER`; its scores still rank segments): the coders never used it on
fully coded segments, so every assignment on such data would be a false code (README, "Your own
codes").

All fitted state is plain arrays and a vocabulary (see `toolkit.coding.model` for saving), so a model
loads without executing code. Follows the scikit-learn estimator contract: `__init__` stores
parameters, learned state ends in `_`.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence

from typing import Any

import numpy as np
from scipy import sparse

from toolkit.coding.features import Prepared, lexicon_feature_names, lexicon_matrix, term_ngrams
from toolkit.coding.thresholds import NEVER, OWN_SHRINK, UNUSED_AFTER, best_threshold, never_assigned, toward_own
from toolkit.coding.thresholds import logit as _logit

# scikit-learn is imported where a model is fitted, not here: coding with a saved model does not need
# it (see toolkit.tfidf), and importing it costs about 1.5 s of start-up per process and Dask worker.

__all__ = ["CodeClassifier", "NEVER", "UNUSED_AFTER", "best_threshold", "never_assigned"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

# With --base, a code is re-learned only when that beats the base model's scores on the new codings
# by this much F1 (out-of-fold against threshold-tuned base scores; both are noisy on ~100 segments).
# Coding 3 of the demo test documents and scoring the other 11, four times: margin 0 gave 0.561 /
# 0.566 / 0.531 / 0.559, margin 0.1 gave 0.564 / 0.566 / 0.549 / 0.564, the base alone 0.564 / 0.566
# / 0.549 / 0.578; re-learning every code (before) gave 0.42.
_BASE_MARGIN = 0.1
_SEM_C = 1.0  # the semantic-only decision (blended in with `blend`): dense features, stronger penalty


_PRIOR_RATE = 0.7  # prior probability 1 - exp(-0.7 * hits): 0.50 at one hit, 0.75 at two


def _platt(s: np.ndarray, y: np.ndarray) -> list[float]:
    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression(C=100.0, solver="lbfgs").fit(s[:, None], y)
    return [float(platt.coef_[0, 0]), float(platt.intercept_[0])]


def _check_fitted(estimator: Any) -> None:
    if not hasattr(estimator, "coef_"):
        from sklearn.exceptions import NotFittedError

        raise NotFittedError(f"This {type(estimator).__name__} instance is not fitted yet; call 'fit' first.")


class CodeClassifier:
    """One decision per code from segment terms, indicator hits and (optionally) a base model.

    `get_params` / `set_params` follow scikit-learn (so `sklearn.base.clone` works) without inheriting
    its BaseEstimator, whose import is most of the start-up of `worth code`."""

    _PARAMS = ("code_ids", "C", "min_df", "max_features", "min_positives", "n_splits", "seed", "lexicon_weight",
               "base", "topics", "vectors", "topic_prior", "examples")

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self._PARAMS}
        if deep:
            for name, value in list(out.items()):
                if hasattr(value, "get_params") and not isinstance(value, type):
                    out.update((f"{name}__{k}", v) for k, v in value.get_params(deep=True).items())
        return out

    def set_params(self, **params: Any) -> CodeClassifier:
        for name, value in params.items():
            if name not in self._PARAMS:
                raise ValueError(f"invalid parameter {name!r} for {type(self).__name__}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code_ids={list(self.code_ids)!r}, C={self.C!r}, seed={self.seed!r})"

    # C=16: 5-fold grouped cross-validation on the demo train+dev parts gave macro-F1 0.568 / 0.587 /
    # 0.589 / 0.592 at C = 1 / 4 / 16 / 64 (benchmarks/bench_classifier.py, section 2b); 16 is the
    # smallest C within 0.005 of the best, and it was no worse than C=1 on 50-800 coded segments.
    def __init__(self, *, code_ids: Sequence[str] = (), C: float = 16.0, min_df: int = 2,
                 max_features: int = 20000, min_positives: int = 5, n_splits: int = 5, seed: int = 0,
                 lexicon_weight: float = 1.0, base: CodeClassifier | None = None, topics=None,
                 vectors=None, topic_prior: bool = False, examples=None, semantic=None,
                 blend: float = 0.0) -> None:
        self.code_ids = code_ids
        self.C = C
        self.min_df = min_df
        self.max_features = max_features
        self.min_positives = min_positives
        self.n_splits = n_splits
        self.seed = seed
        self.lexicon_weight = lexicon_weight
        self.base = base
        self.topics = topics  # a fitted toolkit.coding.topicmodel.TopicModel: its proportions become features
        self.vectors = vectors  # features.WordVectors or PipelineVectors: mean word vector per segment
        self.topic_prior = topic_prior  # also use seeded-topic shares in the prior (measured worse: off)
        self.examples = examples  # (rows, Y) always trained on: features.codebook_examples(book)
        self.semantic = semantic  # semantic.SemanticBlock (unfitted: anchors + embedder) or None
        self.blend = blend  # weight of the semantic-only score in the final score (0: off)

    # ------------------------------------------------------------------ features

    def _vectorizer(self, n_rows: int) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(analyzer=term_ngrams, sublinear_tf=True, dtype=np.float64,
                               min_df=min(self.min_df, max(1, n_rows // 10)), max_features=self.max_features)

    def _base_proba(self, rows: Sequence[Prepared]) -> np.ndarray | None:
        """The base model's probabilities in this model's code order (NaN for codes it lacks)."""
        if self.base is None:
            return None
        proba = self.base.predict_proba(rows)
        out = np.full((len(rows), len(self.code_ids)), np.nan)
        for j, c in enumerate(self.code_ids):
            if c in self.base.code_ids_:
                out[:, j] = proba[:, self.base.code_ids_.index(c)]
        return out

    def _base_block(self, base_proba: np.ndarray | None) -> sparse.csr_matrix | None:
        """Features from the base model: the logits of the codes it shares, in the base's code order."""
        if base_proba is None:
            return None
        cols = [list(self.code_ids).index(c) for c in self.base.code_ids_ if c in set(self.code_ids)]
        return sparse.csr_matrix(_logit(base_proba[:, cols]) / 4)

    def _design(self, vec: Any, rows: Sequence[Prepared], base_block, sem=None) -> sparse.csr_matrix:
        blocks = [vec.transform([r.words for r in rows]),
                  lexicon_matrix(rows, self.code_ids) * self.lexicon_weight]
        if base_block is not None:
            blocks.append(base_block)
        if self.topics is not None:
            blocks.append(sparse.csr_matrix(self.topics.transform([list(r.terms) for r in rows])))
        if self.vectors is not None:
            blocks.append(self.vectors.mean_matrix(rows))
        if sem is not None:
            blocks.append(sparse.csr_matrix(sem))
        return sparse.hstack(blocks, format="csr")

    @staticmethod
    def _fit_lr(X, y, C: float, seed: int) -> Any:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=2000,
                                random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return lr.fit(X, y)

    def _prior(self, rows: Sequence[Prepared], j: int) -> np.ndarray:
        """Codebook prior of code j from its indicator hits; with `topic_prior` and a topic model
        seeded with this code, the larger of that and the code's topic share. On the demo test split
        the topic share made the prior rank worse (macro ROC-AUC 0.642 -> 0.561), hence off."""
        lex = lexicon_matrix(rows, self.code_ids_)[:, 3 * j].toarray().ravel()
        prior = 1 - np.exp(-_PRIOR_RATE * np.expm1(lex))
        labels = list(getattr(self.topics, "topic_labels_", ()))
        if self.topic_prior and self.code_ids_[j] in labels:
            share = self.topics.transform([list(r.terms) for r in rows])[:, labels.index(self.code_ids_[j])]
            prior = np.maximum(prior, share)
        return prior

    # ------------------------------------------------------------------ fit

    def fit(self, rows: Sequence[Prepared], Y: np.ndarray, groups: Sequence[str], *,
            own: int | None = None, partial: bool = False) -> CodeClassifier:
        """rows: prepared segments; Y: (n, k) 0/1 matrix in `code_ids` order; groups: document ids.

        `examples` (rows, Y), the codebook's own examples, join the training part of every fold and
        the final fit but are never scored: calibration, thresholds and the count of positives per
        code come from the coded segments alone. `own`: the first `own` rows are the study's own
        codings and the rest a base model's training data (`worth train --base`); a code without a
        positive among the own rows is not assigned (default: every row is the study's own), unless
        `partial`: the own rows decide only some codes each (a reviewer's decisions on suggested codes),
        so a code without a positive may simply not have been asked about.
        """

        Y = np.asarray(Y).astype(bool)
        n, k = Y.shape
        if k != len(self.code_ids):
            raise ValueError("Y has a column per code id")
        extra_rows, extra_Y = self.examples if self.examples is not None else ((), np.zeros((0, k), bool))
        all_rows = list(rows) + list(extra_rows)
        all_Y = np.vstack([Y, np.asarray(extra_Y, bool).reshape(-1, k)])
        self.code_ids_ = list(self.code_ids)
        positives = Y.sum(axis=0)
        self.support_ = positives.astype(int)
        self.mode_ = np.array(["model" if p >= self.min_positives and n - p >= self.min_positives
                               else "prior" for p in positives])
        base_all = self._base_proba(all_rows)
        base_block = self._base_block(base_all)
        all_groups = np.r_[np.asarray(groups, dtype=object), [f"codebook-example:{i}" for i in range(len(extra_rows))]]
        V = self._embed(all_rows)
        raw_oof, sem_oof = self._oof_scores(all_rows, all_Y, all_groups, n, base_block, V)
        self._calibrate(rows, Y, raw_oof, sem_oof)
        if base_all is not None:
            self._keep_base_where_better(Y, base_all[:n])
        self._final_fit(all_rows, all_Y, all_groups, base_block, V)
        own_Y = Y[:own]
        self.own_pull_ = OWN_SHRINK if own is not None and own < n and not partial else None
        if self.own_pull_:
            self._own_thresholds(own_Y)
        # "base": partial codings keep the base's decision
        unused = ~own_Y.any(axis=0) & (self.mode_ != "base") & (len(own_Y) >= UNUSED_AFTER) & (not partial)
        self.thresholds_[unused] = NEVER
        self._warn_priors(positives, unused)
        return self

    def _own_thresholds(self, own_Y: np.ndarray) -> None:
        """Move each learned code's threshold toward the own codings' (`thresholds.toward_own`). Not
        for partial codings: there a code nobody decided counts as absent and would push it up."""
        for j in np.flatnonzero((self.mode_ == "model") & own_Y.any(axis=0)):
            oof = self.oof_proba_[:len(own_Y), j]
            if not np.isnan(oof).any():
                self.thresholds_[j] = toward_own(self.thresholds_[j], own_Y[:, j], oof)

    def _embed(self, rows: Sequence[Prepared]) -> np.ndarray | None:
        if self.semantic is None:
            return None
        from toolkit.coding.semantic import embed_rows

        return embed_rows(rows, self.semantic.embedder)

    def _oof_scores(self, all_rows, all_Y, all_groups, n: int, base_block, V):
        """Out-of-fold decision values per code (grouped by document), of the full design and, with
        a semantic block and `blend`, of the semantic features alone."""
        from sklearn.model_selection import GroupKFold

        k = all_Y.shape[1]
        extra = np.arange(n, len(all_rows))
        raw_oof = np.full((n, k), np.nan)
        sem_oof = np.full((n, k), np.nan) if V is not None and self.blend > 0 else None
        n_splits = min(self.n_splits, len(np.unique(all_groups[:n])))
        if n_splits < 2:
            return raw_oof, sem_oof
        for train, test in GroupKFold(n_splits=n_splits).split(np.zeros(n), groups=all_groups[:n]):
            train = np.r_[train, extra]
            vec = self._vectorizer(len(train)).fit([all_rows[i].words for i in train])
            F_tr = F_te = None
            if V is not None:
                blk = self.semantic.fitted(V[train], all_Y[train], all_groups[train])
                F_tr, F_te = blk.transform(V[train], all_groups[train]), blk.transform(V[test])
            X_tr = self._design(vec, [all_rows[i] for i in train], None if base_block is None else base_block[train], F_tr)
            X_te = self._design(vec, [all_rows[i] for i in test], None if base_block is None else base_block[test], F_te)
            for j in range(k):
                y = all_Y[train, j]
                if self.mode_[j] == "model" and 0 < y.sum() < len(y):
                    raw_oof[test, j] = self._fit_lr(X_tr, y, self.C, self.seed).decision_function(X_te)
                    if sem_oof is not None:
                        sem_oof[test, j] = self._fit_lr(F_tr, y, _SEM_C, self.seed).decision_function(F_te)
        return raw_oof, sem_oof

    def _calibrate(self, rows, Y: np.ndarray, raw_oof: np.ndarray, sem_oof: np.ndarray | None) -> None:
        """Platt calibration per code from out-of-fold scores (and of the semantic-only scores), the
        blend of both, and the F1-optimal threshold on the blended out-of-fold probabilities."""
        n, k = Y.shape
        self.calibration_ = np.tile([1.0, 0.0], (k, 1))
        self.sem_calibration_ = np.tile([1.0, 0.0], (k, 1))
        self.thresholds_ = np.full(k, 0.5)
        self.oof_proba_ = np.full((n, k), np.nan)
        for j in range(k):
            if self.mode_[j] == "prior":
                self.oof_proba_[:, j] = self._prior(rows, j)
                continue
            s = raw_oof[:, j]
            ok = ~np.isnan(s)
            if ok.sum() >= 2 and 0 < Y[ok, j].sum() < ok.sum():
                self.calibration_[j] = _platt(s[ok], Y[ok, j])
                logit = self.calibration_[j, 0] * s[ok] + self.calibration_[j, 1]
                if sem_oof is not None:
                    self.sem_calibration_[j] = _platt(sem_oof[ok, j], Y[ok, j])
                    sem_logit = self.sem_calibration_[j, 0] * sem_oof[ok, j] + self.sem_calibration_[j, 1]
                    logit = (1 - self.blend) * logit + self.blend * sem_logit
                p = 1 / (1 + np.exp(-logit))
                self.oof_proba_[ok, j] = p
                self.thresholds_[j] = best_threshold(Y[ok, j], p)

    def _final_fit(self, all_rows, all_Y, all_groups, base_block, V) -> None:
        k = all_Y.shape[1]
        self.vectorizer_ = self._vectorizer(len(all_rows)).fit([r.words for r in all_rows])
        F = None
        self.semantic_ = None
        if V is not None:
            self.semantic_ = self.semantic.fitted(V, all_Y, all_groups)
            F = self.semantic_.transform(V, all_groups)
        X = self._design(self.vectorizer_, all_rows, base_block, F)
        self.coef_ = np.zeros((k, X.shape[1]))
        self.intercept_ = np.zeros(k)
        self.sem_coef_ = np.zeros((k, 0 if F is None else F.shape[1]))
        self.sem_intercept_ = np.zeros(k)
        for j in range(k):
            if self.mode_[j] == "model":
                lr = self._fit_lr(X, all_Y[:, j], self.C, self.seed)
                self.coef_[j] = lr.coef_[0]
                self.intercept_[j] = lr.intercept_[0]
                if F is not None and self.blend > 0:
                    lr = self._fit_lr(F, all_Y[:, j], _SEM_C, self.seed)
                    self.sem_coef_[j], self.sem_intercept_[j] = lr.coef_[0], lr.intercept_[0]

    def _warn_priors(self, positives: np.ndarray, unused: np.ndarray) -> None:
        if unused.any():
            log.warning("%d code(s) have no positive segment in these codings and are not assigned: %s (code "
                        "segments with them to have them assigned)", unused.sum(),
                        ", ".join(np.asarray(self.code_ids_)[unused]))
        for j in np.flatnonzero((self.mode_ == "prior") & ~unused):
            if self.oof_proba_[:, j].any():
                log.warning("code %s has %d positive segment(s), fewer than %d: it falls back to its codebook "
                            "indicators (prior) instead of a trained decision", self.code_ids_[j],
                            positives[j], self.min_positives)
            else:
                log.warning("code %s has %d positive segment(s), fewer than %d, and its codebook indicators "
                            "match none of the training segments: it will hardly ever be assigned; code more "
                            "segments with it or give it indicators", self.code_ids_[j], positives[j],
                            self.min_positives)

    def _keep_base_where_better(self, Y: np.ndarray, base_p: np.ndarray) -> None:
        """Adapting must not do worse than the base model: a code the base model knows keeps the base's
        scores and threshold ("base" mode) when it has too few positives to train, or when the adapted
        model's out-of-fold F1 on the new codings does not beat the base's by `_BASE_MARGIN`. A code the
        base never assigns (threshold `NEVER`) is not kept once the new codings use it."""
        from sklearn.metrics import f1_score

        for j in range(len(self.code_ids_)):
            p = base_p[:, j]
            y = Y[:, j]
            if np.isnan(p).any():  # a code the base does not know
                continue
            base_j = self.base.code_ids_.index(self.code_ids_[j])
            if y.any() and never_assigned(self.base.thresholds_[base_j]):
                continue
            if self.mode_[j] == "prior":
                self.mode_[j], self.thresholds_[j], self.oof_proba_[:, j] = "base", self.base.thresholds_[base_j], p
                log.info("code %s has too few positives to train; it keeps the base model's decision",
                         self.code_ids_[j])
                continue
            ok = ~np.isnan(self.oof_proba_[:, j])
            if self.mode_[j] != "model" or not ok.any() or not y.any():
                continue
            own = f1_score(y[ok], self.oof_proba_[ok, j] >= self.thresholds_[j], zero_division=0.0)
            kept = f1_score(y, p >= best_threshold(y, p), zero_division=0.0)
            if kept + _BASE_MARGIN >= own:
                self.mode_[j], self.oof_proba_[:, j] = "base", p
                self.thresholds_[j] = self.base.thresholds_[self.base.code_ids_.index(self.code_ids_[j])]
                log.info("code %s keeps the base model's scores (F1 %.2f on the new codings, adapted %.2f)",
                         self.code_ids_[j], kept, own)

    # ------------------------------------------------------------------ predict

    def _semantic_features(self, rows: Sequence[Prepared]) -> np.ndarray | None:
        if getattr(self, "semantic_", None) is None:
            return None
        from toolkit.coding.semantic import embed_rows

        return self.semantic_.transform(embed_rows(rows, self.semantic_.embedder))

    def design(self, rows: Sequence[Prepared], sem: np.ndarray | None = None) -> sparse.csr_matrix:
        """The feature matrix of rows (what `decision_function`, `predict_proba` and `explain` read);
        computed once and passed to them as `X` when a caller needs more than one of them."""
        _check_fitted(self)
        if sem is None:
            sem = self._semantic_features(rows)
        return self._design(self.vectorizer_, rows, self._base_block(self._base_proba(rows)), sem)

    def decision_function(self, rows: Sequence[Prepared], base_proba: np.ndarray | None = None,
                          sem: np.ndarray | None = None, *, X: sparse.csr_matrix | None = None) -> np.ndarray:
        _check_fitted(self)
        if X is None:
            if base_proba is None:
                base_proba = self._base_proba(rows)
            if sem is None:
                sem = self._semantic_features(rows)
            X = self._design(self.vectorizer_, rows, self._base_block(base_proba), sem)
        return np.asarray(X @ self.coef_.T) + self.intercept_

    def blended_logits(self, rows: Sequence[Prepared], base_proba: np.ndarray | None = None,
                       blend: float | None = None, *, X: sparse.csr_matrix | None = None) -> np.ndarray:
        """Calibrated logits per (segment, code): the full design's, blended with the semantic-only
        decision's by `blend` (the model's own when None)."""
        blend = self.blend if blend is None else blend
        blended = getattr(self, "semantic_", None) is not None and blend > 0 and self.sem_coef_.size
        # with X given, the design already holds the embeddings: embed again only to blend
        sem = self._semantic_features(rows) if blended or X is None else None
        s = self.decision_function(rows, base_proba, sem, X=X)
        logit = s * self.calibration_[:, 0] + self.calibration_[:, 1]
        if blended:
            sem_s = sem @ self.sem_coef_.T + self.sem_intercept_
            logit = (1 - blend) * logit + blend * (sem_s * self.sem_calibration_[:, 0] + self.sem_calibration_[:, 1])
        return logit

    def predict_proba(self, rows: Sequence[Prepared], *, blend: float | None = None,
                      X: sparse.csr_matrix | None = None) -> np.ndarray:
        """Calibrated probability per (segment, code), columns in `code_ids_` order."""
        # with X given the design holds the base's scores already: score the base again only for
        # the codes that keep them ("base" mode)
        base_proba = self._base_proba(rows) if X is None or (self.mode_ == "base").any() else None
        p = 1 / (1 + np.exp(-self.blended_logits(rows, base_proba, blend, X=X)))
        for j in np.flatnonzero(self.mode_ == "prior"):
            p[:, j] = self._prior(rows, j)
        for j in np.flatnonzero(self.mode_ == "base"):
            p[:, j] = base_proba[:, j]
        return p

    def predict(self, rows: Sequence[Prepared]) -> np.ndarray:
        return self.predict_proba(rows) >= self.thresholds_

    # ------------------------------------------------------------------ explain

    def feature_names_out(self) -> list[str]:
        names = list(self.vectorizer_.get_feature_names_out()) + lexicon_feature_names(self.code_ids_)
        if self.base is not None:
            names += [f"base:{c}" for c in self.base.code_ids_ if c in set(self.code_ids_)]
        if self.topics is not None:
            names += [f"topic:{label}" for label in self.topics.topic_labels_]
        if self.vectors is not None:
            names += [f"vector:{i}" for i in range(self.vectors.dim)]
        if getattr(self, "semantic_", None) is not None:
            names += self.semantic_.feature_names(self.code_ids_)
        return names

    def explain(self, rows: Sequence[Prepared], decided: np.ndarray, *, top: int = 5,
                X: sparse.csr_matrix | None = None) -> list[dict[str, list[list]]]:
        """Per row, for each decided code: the features that pushed it up most, with weights.

        Reads the rows of the CSR feature matrix directly (contribution = value x coefficient over the
        row's non-zero columns, in column order), not through scipy row indexing per code."""
        X = self.design(rows) if X is None else X
        names = self._names()
        base_expl: list[dict[str, list[list]]] = [{} for _ in rows]
        if (self.mode_ == "base").any():
            wanted = np.zeros((len(rows), len(self.base.code_ids_)), dtype=bool)
            for j in np.flatnonzero(self.mode_ == "base"):
                wanted[:, self.base.code_ids_.index(self.code_ids_[j])] = decided[:, j]
            base_expl = self.base.explain(rows, wanted, top=top)
        out = []
        by_row: list[list[int]] = [[] for _ in range(X.shape[0])]
        for r, j in zip(*np.nonzero(decided)):  # row-major: codes in column order within a row
            by_row[r].append(j)
        for r in range(X.shape[0]):
            cols = X.indices[X.indptr[r]:X.indptr[r + 1]]
            values = X.data[X.indptr[r]:X.indptr[r + 1]]
            expl: dict[str, list[list]] = {}
            for j in by_row[r]:
                code_id = self.code_ids_[j]
                if self.mode_[j] == "base":
                    expl[code_id] = base_expl[r].get(code_id, [])
                elif self.mode_[j] == "prior":
                    expl[code_id] = [[f"indicator: {h.indicator}", 1.0] for h in rows[r].hits
                                     if h.code_id == code_id and not h.negated][:top]
                else:
                    contrib = values * self.coef_[j, cols]
                    best = np.argsort(-contrib, kind="stable")[:top]
                    expl[code_id] = [[names[cols[i]], round(float(contrib[i]), 3)] for i in best if contrib[i] > 0]
            out.append(expl)
        return out

    def _names(self) -> list[str]:
        names = getattr(self, "_names_cache", None)
        if names is None:
            names = self._names_cache = self.feature_names_out()
        return names
