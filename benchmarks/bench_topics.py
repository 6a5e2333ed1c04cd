"""Topic model measurements on the seed books (unlabelled Dutch text on Wmo and informal care).

Run: python benchmarks/bench_topics.py [SEEDS_DIR]
Prints
1. the corpus: paragraphs, terms, time of term extraction;
2. for 20 topics seeded from the default codebook (its 18 codes + 2 free) and 20 exploratory
   topics: fit time, peak memory (each fit in its own process: resource.getrusage after the fit,
   and before it, i.e. imports + corpus; plus the fit's own peak allocation by tracemalloc, taken
   in the second run, which is not timed) and coherence (c_v, u_mass, c_npmi);
3. for each seeded topic: how many of its seeds are in the vocabulary and how many of those stay in
   its top 20 terms;
4. determinism: each fit runs twice in separate processes with different PYTHONHASHSEED; top
   terms, topic proportions and coherence are compared byte for byte.
Skips cleanly when the seed books are absent.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

N_TOPICS = 20


def child(mode: str, data_path: str, out_path: str, trace: str) -> int:
    """One measured fit in its own process; with trace="1" tracemalloc records the fit's peak
    allocation (it slows the fit down several times, so the timed run does not trace)."""
    import numpy as np

    from toolkit.coding.topicmodel import TopicModel

    data = json.loads(Path(data_path).read_text(encoding="utf-8"))
    docs = data["docs"]
    base_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seeds = data["seeds"] if mode == "seeded" else None
    if trace == "1":
        tracemalloc.start()
    t0 = time.perf_counter()
    model = TopicModel(n_topics=N_TOPICS, seed_codes=seeds, random_state=0).fit(docs)
    fit_s = time.perf_counter() - t0
    alloc_mb = tracemalloc.get_traced_memory()[1] / 2**20 if trace == "1" else None
    tracemalloc.stop()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    theta = model.transform(docs)
    transform_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    coherence = model.coherence(docs)
    coherence_s = time.perf_counter() - t0
    top = model.top_terms(20)
    result = {
        "fit_s": fit_s, "transform_s": transform_s, "coherence_s": coherence_s,
        "base_mb": base_mb, "peak_mb": peak_mb, "alloc_mb": alloc_mb,
        "n_terms": len(model.dictionary_), "n_phrases": len(model.phraser_.phrases),
        "phrases": model.phraser_.tokens,
        "labels": model.topic_labels_, "seed_report": model.seed_report_, "coherence": coherence,
        "top_terms": top,
        "top_terms_sha256": hashlib.sha256(json.dumps(top).encode()).hexdigest(),
        "transform_sha256": hashlib.sha256(np.ascontiguousarray(theta).tobytes()).hexdigest(),
        "coherence_repr": json.dumps(coherence),
        "max_row_error": float(np.abs(theta.sum(axis=1) - 1).max()),
    }
    Path(out_path).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


def run_child(mode: str, data: Path, out: Path, hashseed: str, trace: bool) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    subprocess.run([sys.executable, __file__, "--child", mode, str(data), str(out), "1" if trace else "0"],
                   check=True, env=env)
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    seeds_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds_dir.is_dir() or not any(seeds_dir.iterdir()):
        print(f"skipped: no seed books at {seeds_dir}")
        return 0
    import gensim

    from toolkit import nlp
    from toolkit.coding.codebook_io import load_codebook
    from toolkit.io.readers import read_inputs
    from toolkit.io.segment import segment_document
    from toolkit.coding.phrases import seeds_from_codebook

    t0 = time.perf_counter()
    report = read_inputs([seeds_dir])
    segments = [s for p in report.parsed for s in segment_document(p.document, unit="paragraph") if s.codable]
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = nlp.terms([s.text for s in segments])
    t_terms = time.perf_counter() - t0
    book = load_codebook()
    seeds = seeds_from_codebook(book)
    n_tokens = sum(map(len, docs))
    print(f"pipeline: {nlp.pipeline_info().description}; gensim {gensim.__version__}")
    print(f"1. corpus: {len(report.parsed)} books, {len(segments)} paragraphs, {n_tokens} terms "
          f"(read+segment {t_read:.1f} s, terms {t_terms:.1f} s)")

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "docs.json"
        data.write_text(json.dumps({"docs": docs, "seeds": seeds}, ensure_ascii=False), encoding="utf-8")
        runs = {}
        for mode in ("seeded", "exploratory"):
            runs[mode] = (run_child(mode, data, Path(tmp) / f"{mode}1.json", "1", trace=False),
                          run_child(mode, data, Path(tmp) / f"{mode}2.json", "2", trace=True))

    print(f"\n2. fit of {N_TOPICS} topics (passes=10, iterations=100, min_df=2, max_df=0.5, phrases on)")
    print(f"   {'mode':12s} {'terms':>6s} {'phrases':>7s} {'fit s':>6s} {'transform s':>11s} {'peak MB':>8s} "
          f"{'(before)':>8s} {'fit alloc MB':>12s} {'c_v':>6s} {'u_mass':>7s} {'c_npmi':>7s} {'coh. s':>6s}")
    for mode, (a, traced) in runs.items():
        c = a["coherence"]
        print(f"   {mode:12s} {a['n_terms']:6d} {a['n_phrases']:7d} {a['fit_s']:6.1f} {a['transform_s']:11.1f} "
              f"{a['peak_mb']:8.0f} {a['base_mb']:8.0f} {traced['alloc_mb']:12.1f} {c['c_v']:6.3f} {c['u_mass']:7.2f} "
              f"{c['c_npmi']:7.3f} {a['coherence_s']:6.1f}")
    print("   phrases found (first 25): " + ", ".join(runs["seeded"][0]["phrases"][:25]))

    a = runs["seeded"][0]
    print("\n3. seeded topics: seeds in the vocabulary, and how many of them stay in the topic's top 20")
    kept_total = found_total = 0
    for label, terms in zip(a["labels"], a["top_terms"]):
        r = a["seed_report"].get(label)
        top = [t for t, _ in terms]
        if r is None:
            print(f"   {label:28s} (free)  top: {', '.join(top[:8])}")
            continue
        kept = [t for t in r["terms"] if t in top]
        kept_total, found_total = kept_total + len(kept), found_total + len(r["terms"])
        print(f"   {label:28s} {len(kept):2d}/{len(r['terms']):2d} in top 20 ({len(r['missing'])} seeds missing)"
              f"  top: {', '.join(top[:8])}")
    dropped = [c for c, r in a["seed_report"].items() if r["dropped"]]
    print(f"   overall {kept_total}/{found_total} seed terms in their topic's top 20; "
          f"codes dropped (no seed in vocabulary): {', '.join(dropped) or 'none'}")

    print("\n4. determinism: two runs in separate processes (PYTHONHASHSEED 1 and 2)")
    for mode, (r1, r2) in runs.items():
        same = {k: r1[k] == r2[k] for k in ("top_terms_sha256", "transform_sha256", "coherence_repr", "phrases")}
        print(f"   {mode:12s} top terms {'identical' if same['top_terms_sha256'] else 'DIFFERENT'}, "
              f"topic proportions {'identical' if same['transform_sha256'] else 'DIFFERENT'}, "
              f"coherence {'identical' if same['coherence_repr'] else 'DIFFERENT'}, "
              f"phrases {'identical' if same['phrases'] else 'DIFFERENT'} "
              f"(rows sum to 1 within {r1['max_row_error']:.1e})")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        sys.exit(child(*sys.argv[2:]))
    sys.exit(main())
