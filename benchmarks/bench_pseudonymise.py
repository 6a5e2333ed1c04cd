"""Recall/precision of the pseudonymiser on the annotated fixture sentences, and its throughput.

Run: python benchmarks/bench_pseudonymise.py [FIXTURE_JSONL] [TRANSCRIPTS_DIR]

Matching is span-level with OVERLAP: a gold identifier counts as found when any detected entity
overlaps it (of any kind: for privacy what counts is that the words are replaced), and a detected
entity is correct when it overlaps any gold identifier. Per-kind recall is by gold kind, per-kind
precision by detected kind. The table also gives the number of exact matches (same start, end and
kind) and overall exact-match recall/precision.

Two modes: "project" runs one Pseudonymiser over all sentences in order (as over the documents of
one project, so a surname seen with a title is known later); "isolated" uses a fresh one per sentence.
Throughput: characters per second of `Pseudonymiser.apply` over the demo transcripts.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from toolkit.io.readers import read_inputs
from toolkit.io.pseudonymise import KINDS, Pseudonymiser

ROOT = Path(__file__).resolve().parents[1]


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(rows: list[dict], *, project: bool = True) -> dict:
    pseudo = Pseudonymiser()
    tp_gold: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    tp_pred: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    exact = 0
    misses: list[tuple[str, str]] = []
    false: list[tuple[str, str]] = []
    for row in rows:
        if not project:
            pseudo = Pseudonymiser()
        text = row["text"]
        pred = pseudo.find(text)
        pseudo.apply(text)  # registers the forms, as a project run would
        gold = [(g["start"], g["end"], g["kind"]) for g in row["entities"]]
        for s, e, k in gold:
            n_gold[k] += 1
            if any(p.start < e and s < p.end for p in pred):
                tp_gold[k] += 1
            else:
                misses.append((k, text[s:e]))
        for p in pred:
            n_pred[p.kind] += 1
            if any(p.start < e and s < p.end for s, e, _ in gold):
                tp_pred[p.kind] += 1
            else:
                false.append((p.kind, p.text))
            if (p.start, p.end, p.kind) in gold:
                exact += 1
    return {"tp_gold": tp_gold, "n_gold": n_gold, "tp_pred": tp_pred, "n_pred": n_pred, "exact": exact,
            "misses": misses, "false": false}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def report_fixture(fixture: Path) -> None:
    """Recall and precision per kind on one annotated fixture file."""
    rows = load(fixture)
    print(f"fixture: {fixture.name}: {len(rows)} sentences ({sum(1 for r in rows if not r['entities'])} "
          f"without identifiers), {sum(len(r['entities']) for r in rows)} gold identifiers")
    print("matching: span overlap, kind-agnostic (exact = same start, end and kind)")
    for mode in ("project", "isolated"):
        r = evaluate(rows, project=mode == "project")
        print(f"\n[{mode}]")
        print(f"{'kind':<11} {'gold':>5} {'recall':>7} {'pred':>5} {'precision':>9}")
        for k in KINDS:
            if r["n_gold"][k] or r["n_pred"][k]:
                print(f"{k:<11} {r['n_gold'][k]:>5} {ratio(r['tp_gold'][k], r['n_gold'][k]):>7} "
                      f"{r['n_pred'][k]:>5} {ratio(r['tp_pred'][k], r['n_pred'][k]):>9}")
        g, tg = sum(r["n_gold"].values()), sum(r["tp_gold"].values())
        p, tp = sum(r["n_pred"].values()), sum(r["tp_pred"].values())
        print(f"{'overall':<11} {g:>5} {ratio(tg, g):>7} {p:>5} {ratio(tp, p):>9}")
        print(f"exact matches: {r['exact']} (exact recall {ratio(r['exact'], g)}, "
              f"exact precision {ratio(r['exact'], p)})")
        if mode == "project":
            print("missed:", "; ".join(f"{k}:{t}" for k, t in r["misses"]) or "-")
            print("false positives:", "; ".join(f"{k}:{t}" for k, t in r["false"]) or "-")


def main() -> int:
    fixture = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "fixtures" / "pseudonymise" / "sentences.jsonl"
    demo = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "corpora" / "demo" / "transcripts"
    fixtures = [fixture] if len(sys.argv) > 1 else [fixture, fixture.with_name("heldout.jsonl")]
    for fixture in fixtures:
        report_fixture(fixture)
    if demo.is_dir():
        report = read_inputs([demo])
        texts = [p.document.text for p in report.parsed]
        chars = sum(map(len, texts))
        Pseudonymiser().apply(texts[0][:2000])  # warm the lexicon cache and imports
        pseudo = Pseudonymiser()
        t0 = time.perf_counter()
        n = sum(len(pseudo.apply(t)[1]) for t in texts)
        dt = time.perf_counter() - t0
        print(f"\nthroughput: {len(texts)} demo transcripts, {chars:,} chars in {dt:.2f} s = "
              f"{chars / dt:,.0f} chars/s; {n} replacements, "
              f"{sum(pseudo.counts().values())} distinct placeholders {dict(sorted(pseudo.counts().items()))}")
    else:
        print(f"\nthroughput: skipped, no demo transcripts at {demo}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
