"""Throughput of ingest + segment + terms on the seed books (unlabelled Dutch text).

Run: python benchmarks/bench_ingest.py [SEEDS_DIR]
Prints documents/s, segments/s, tokens/s of term extraction and peak memory. Skips when the seeds
are absent. Target for the fallback pipeline: at least 100,000 tokens/s on one core.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from toolkit import nlp
from toolkit.io.readers import read_inputs
from toolkit.io.segment import segment_document


def main() -> int:
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        print(f"skipped: no seeds at {seeds}")
        return 0
    t0 = time.perf_counter()
    report = read_inputs([seeds])
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    segments = [s for p in report.parsed for s in segment_document(p.document, unit="paragraph")]
    t_seg = time.perf_counter() - t0
    texts = [s.text for s in segments]
    pipe = nlp.load_nlp()  # loading is not part of the throughput
    n_tokens = sum(len(pipe.tokenizer(t)) for t in texts)
    nlp._MEMORY.clear()
    t0 = time.perf_counter()
    terms = nlp.terms(texts)
    t_terms = time.perf_counter() - t0
    chars = sum(len(p.document.text) for p in report.parsed)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pipeline: {nlp.pipeline_info().description}")
    print(f"documents: {len(report.parsed)} ({chars / 1e6:.2f} M characters), segments: {len(segments)}, "
          f"tokens: {n_tokens}, terms: {sum(map(len, terms))}")
    print(f"read+decode: {len(report.parsed) / t_read:,.1f} documents/s ({chars / 1e6 / t_read:.1f} M chars/s)")
    print(f"segment:     {len(segments) / t_seg:,.0f} segments/s")
    print(f"terms:       {n_tokens / t_terms:,.0f} tokens/s ({len(segments) / t_terms:,.0f} segments/s, "
          f"{t_terms:.2f} s)")
    print(f"peak memory: {peak:,.0f} MB (max RSS)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
