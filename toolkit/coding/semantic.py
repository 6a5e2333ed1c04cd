"""The semantic feature block: what a segment means, not which words it uses.

Per segment, from its embedding (`toolkit.nlp.embeddings`, the static Dutch table by default):
- the embedding itself (dim columns);
- a zero-shot prior: its cosine similarity to each code's definition, to the closest of its
  inclusion criteria and to the closest of its examples (3 columns per code), standardised on the
  training rows;
- a nearest-neighbour score per code: the similarity-weighted share of the `n_neighbours` closest
  training segments and codebook examples that carry the code. Training rows never see neighbours
  from their own document (or themselves), so the score means the same at training and coding time.

All state is arrays (`state()` / `from_state()`), saved as `.npy` in the model folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["SemanticBlock", "code_anchors", "embed_rows", "embedding_cache"]

_MEMO: dict[tuple[str, str], np.ndarray] = {}
_MEMO_MAX = 200_000
_ACTIVE: list = []  # the project's embedding cache while `embedding_cache` is open


@contextlib.contextmanager
def embedding_cache(cache) -> Iterator[None]:
    """Within the block, embeddings are read from and written to `cache`
    (a `toolkit.store.embeddings.EmbeddingCache` on the project file)."""
    _ACTIVE.append(cache)
    try:
        yield
    finally:
        _ACTIVE.pop()


def embed_rows(rows: Sequence, embedder, cache=None) -> np.ndarray:
    """(len(rows), dim) unit vectors; static tables read `row.terms` (all lemmas when it has none),
    the full model reads `row.text`. Vectors are remembered per process and, with `cache` (an
    `EmbeddingCache` on the project file, or the one opened with `embedding_cache`), stored in the
    project file keyed by text and embedder id."""
    cache = cache if cache is not None else (_ACTIVE[-1] if _ACTIVE else None)
    by_text = {r.text: r for r in rows}
    found = {t: _MEMO[(embedder.id, t)] for t in by_text if (embedder.id, t) in _MEMO}
    stored = cache.get(embedder.id, list(by_text)) if cache is not None else {}
    found.update(stored)
    todo = [by_text[t] for t in by_text if t not in found]
    if todo:
        if hasattr(embedder, "embed_texts"):
            V = embedder.embed_texts([r.text for r in todo])
        else:
            V = embedder.embed([r.terms or r.words for r in todo])
        found.update({r.text: v for r, v in zip(todo, V)})
    if cache is not None:
        cache.put(embedder.id, {t: found[t] for t in by_text if t not in stored})
    if len(_MEMO) > _MEMO_MAX:
        _MEMO.clear()
    _MEMO.update({(embedder.id, t): v for t, v in found.items()})
    out = np.zeros((len(rows), embedder.dim), dtype=np.float32)
    for i, r in enumerate(rows):
        out[i] = found[r.text]
    return out


def code_anchors(book, code_ids: Sequence[str], prepare_texts, embedder) -> tuple[np.ndarray, np.ndarray]:
    """Embedded definitions, inclusion criteria and examples: (vectors, [code index, kind]) with
    kind 0 = definition, 1 = inclusion criterion, 2 = example."""
    texts: list[str] = []
    meta: list[tuple[int, int]] = []
    for j, cid in enumerate(code_ids):
        code = book[cid]
        for kind, items in enumerate(((code.definition,), code.include, code.examples)):
            for t in items:
                if t and t.strip():
                    texts.append(t)
                    meta.append((j, kind))
    rows = prepare_texts(texts)
    return embed_rows(rows, embedder), np.asarray(meta, dtype=np.int64).reshape(-1, 2)


def _group_ids(groups: Sequence, index: dict, grow: bool = True) -> tuple[dict, np.ndarray]:
    """Groups as integers (unknown ones -1 when not `grow`), for fast same-document masks."""
    out = np.empty(len(groups), dtype=np.int64)
    for i, g in enumerate(groups):
        if g not in index and grow:
            index[g] = len(index)
        out[i] = index.get(g, -1)
    return index, out


@dataclass
class SemanticBlock:
    """Fitted semantic features for one codebook (see the module docstring)."""

    anchors: np.ndarray        # (a, dim) unit vectors
    anchor_meta: np.ndarray    # (a, 2) code index, kind
    n_codes: int
    n_neighbours: int = 15
    # column weights (the classifier's penalty is shared by all blocks): with the demo corpus and the
    # bank, 0.3 / 0.1 / 0.5 ranked the real excerpts best of the few tried (1 / 0.25 / 2 was worse)
    embed_weight: float = 0.3
    zero_shot_weight: float = 0.1
    neighbour_weight: float = 0.5
    memory: np.ndarray | None = None      # (m, dim) training segments and codebook examples
    memory_Y: np.ndarray | None = None    # (m, k) 0/1
    zs_mean: np.ndarray | None = None     # (3k,) standardisation of the zero-shot columns
    zs_scale: np.ndarray | None = None
    embedder: object = field(default=None, repr=False, compare=False)  # resolved by id, never saved
    memory_groups: tuple | None = field(default=None, repr=False)  # training only

    def zero_shot(self, V: np.ndarray) -> np.ndarray:
        """(n, 3k) raw cosine: per code the definition, the closest criterion, the closest example."""
        S = V @ self.anchors.T
        out = np.zeros((len(V), 3 * self.n_codes), dtype=np.float64)
        for (j, kind) in {tuple(m) for m in self.anchor_meta.tolist()}:
            cols = np.flatnonzero((self.anchor_meta[:, 0] == j) & (self.anchor_meta[:, 1] == kind))
            out[:, 3 * j + kind] = S[:, cols].max(axis=1)
        return out

    def fitted(self, V: np.ndarray, Y: np.ndarray, groups: Sequence | None = None) -> SemanticBlock:
        """A copy fitted on (V, Y); `groups` lets `transform` leave out a row's own document."""
        return dataclasses.replace(self).fit(V, Y, groups)

    def fit(self, V: np.ndarray, Y: np.ndarray, groups: Sequence | None = None) -> SemanticBlock:
        self.memory_groups = None if groups is None else _group_ids(groups, {})
        self.memory = np.asarray(V, dtype=np.float32)
        self.memory_Y = np.asarray(Y, dtype=np.float32)
        Z = self.zero_shot(V)
        self.zs_mean = Z.mean(axis=0)
        self.zs_scale = np.where(Z.std(axis=0) > 1e-9, Z.std(axis=0), 1.0)
        return self

    def neighbours(self, V: np.ndarray, groups: Sequence | None = None) -> np.ndarray:
        """(n, k) similarity-weighted share of the closest memory rows carrying each code; with
        `groups` (training rows), memory rows of the row's own group are left out."""
        S = V @ self.memory.T
        if groups is not None and self.memory_groups is not None:
            index, ids = self.memory_groups
            S = np.where(_group_ids(groups, index, grow=False)[1][:, None] == ids[None, :], -np.inf, S)
        k = min(self.n_neighbours, S.shape[1])
        top = np.argpartition(-S, k - 1, axis=1)[:, :k]
        sims = np.take_along_axis(S, top, axis=1)
        w = np.where(np.isfinite(sims), np.exp(10.0 * np.nan_to_num(sims, neginf=-10.0)), 0.0)
        w = w / np.maximum(w.sum(axis=1, keepdims=True), 1e-12)
        return np.einsum("nk,nkc->nc", w, self.memory_Y[top])

    def transform(self, V: np.ndarray, groups: Sequence | None = None) -> np.ndarray:
        Z = (self.zero_shot(V) - self.zs_mean) / self.zs_scale
        N = self.neighbours(V, groups)
        return np.hstack([V * self.embed_weight, Z * self.zero_shot_weight, N * self.neighbour_weight])

    PARAMS = ("n_codes", "n_neighbours", "embed_weight", "zero_shot_weight", "neighbour_weight")
    ARRAYS = ("anchors", "anchor_meta", "memory", "memory_Y", "zs_mean", "zs_scale")

    def state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """(parameters, arrays) to save; the embedder is saved as its id only."""
        params = {p: getattr(self, p) for p in self.PARAMS}
        params["embedder"] = self.embedder.id
        return params, {a: getattr(self, a) for a in self.ARRAYS}

    @classmethod
    def from_state(cls, params: dict, arrays: dict[str, np.ndarray], embedder) -> SemanticBlock:
        kw = {p: params[p] for p in cls.PARAMS}
        return cls(**{a: arrays[a] for a in cls.ARRAYS}, **kw, embedder=embedder)

    def feature_names(self, code_ids: Sequence[str]) -> list[str]:
        dim = self.anchors.shape[1]
        return ([f"embedding:{i}" for i in range(dim)]
                + [f"{kind}:{c}" for c in code_ids for kind in ("definition", "criterion", "example")]
                + [f"neighbours:{c}" for c in code_ids])
