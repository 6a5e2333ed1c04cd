"""Pseudonymisation recall per kind and over-redaction on the fresh privacy test set and the demo corpus.

    python benchmarks/bench_privacy.py [tests/cases/privacy] [corpora/demo/transcripts] [--show-heldout]

An identifier counts as caught when every letter and digit of it lies inside a detected span;
over-redaction is the share of ordinary words (outside every planted identifier) that a detected
span touches. The dev and held-out parts are printed apart (see tests/cases/privacy/README.md).
On the demo corpus (no planted identifiers) a replaced word counts as over-redaction unless it is
listed in tests/cases/privacy/demo_identifiers.txt (reviewed by hand); replaced numbers are not counted.
Each document gets a fresh Pseudonymiser, as a new project would.
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import time
from pathlib import Path

from toolkit.io.pseudonymise import Pseudonymiser

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "privacy"
DEMO = ROOT / "corpora" / "demo" / "transcripts"
_NUMBER_KINDS = {"DATUM", "LEEFTIJD", "TELEFOON", "EMAIL", "POSTCODE", "BSN", "NUMMER"}


def measure(cases: Path = CASES) -> dict[str, dict]:
    """Recall per kind and over-redaction per split ("dev", "heldout") of the annotated test set."""
    res = {s: {"caught": collections.Counter(), "total": collections.Counter(), "words": 0, "over": [],
               "missed": []} for s in ("dev", "heldout")}
    for f in sorted(cases.glob("*.txt")):
        gold_file = f.with_suffix(".json")
        if not gold_file.exists():
            continue
        text = f.read_text(encoding="utf-8")
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        r = res[gold["split"]]
        covered, planted = [False] * len(text), [False] * len(text)
        for e in Pseudonymiser().find(text):
            covered[e.start:e.end] = [True] * (e.end - e.start)
        for g in gold["entities"]:
            planted[g["start"]:g["end"]] = [True] * (g["end"] - g["start"])
            ok = all(covered[i] for i in range(g["start"], g["end"]) if text[i].isalnum())
            r["total"][g["kind"]] += 1
            r["caught"][g["kind"]] += ok
            if not ok:
                r["missed"].append((f.stem[:5], g["kind"], g["text"]))
        for m in re.finditer(r"\w+", text):
            if not any(planted[m.start():m.end()]):
                r["words"] += 1
                if any(covered[m.start():m.end()]):
                    r["over"].append(m.group())
    return res


def demo_identifiers(cases: Path = CASES) -> frozenset[str]:
    lines = (cases / "demo_identifiers.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


def measure_demo(demo: Path = DEMO, cases: Path = CASES) -> dict:
    """Words of the demo corpus and the ordinary ones among them that were replaced."""
    allowed = demo_identifiers(cases)
    words, over = 0, []
    for f in sorted(demo.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        words += len(re.findall(r"\w+", text))
        for e in Pseudonymiser().find(text):
            if e.kind in _NUMBER_KINDS:
                continue
            over += [w for w in re.findall(r"\w+", e.text) if w not in allowed]
    return {"words": words, "over": over}


def recall(r: dict) -> float:
    return sum(r["caught"].values()) / max(sum(r["total"].values()), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", nargs="?", type=Path, default=CASES, help="folder of annotated cases")
    ap.add_argument("demo", nargs="?", type=Path, default=DEMO, help="folder of demo transcripts")
    ap.add_argument("--show-heldout", action="store_true",
                    help="also print the held-out part's missed identifiers and over-redacted words "
                         "(whoever changes the detectors must not read them)")
    args = ap.parse_args()
    cases, demo = args.cases, args.demo
    t0 = time.perf_counter()
    res = measure(cases)
    print(f"{cases}: measured in {time.perf_counter() - t0:.2f} s")
    for part, r in res.items():
        total, caught = sum(r["total"].values()), sum(r["caught"].values())
        if not total:
            continue
        print(f"== {part}: recall {caught}/{total} = {caught / total:.3f}; over-redaction "
              f"{len(r['over'])}/{r['words']} = {len(r['over']) / max(r['words'], 1):.4f}")
        for kind in sorted(r["total"]):
            print(f"   {kind:11s} {r['caught'][kind]:3d}/{r['total'][kind]:3d} = "
                  f"{r['caught'][kind] / r['total'][kind]:.2f}")
        if part == "heldout" and not args.show_heldout:
            print("   (missed identifiers and over-redacted words not shown: --show-heldout)")
            continue
        print("   over-redacted words:", ", ".join(r["over"]) or "none")
        print("   missed:", "; ".join(f"{d} {k} {t!r}" for d, k, t in r["missed"]) or "none")
    if demo.is_dir():
        t0 = time.perf_counter()
        d = measure_demo(demo)  # the demo's reviewed identifier list is the shipped one, whatever the cases folder
        print(f"== demo corpus {demo}: over-redaction {len(d['over'])}/{d['words']} = "
              f"{len(d['over']) / max(d['words'], 1):.4f} ({time.perf_counter() - t0:.1f} s)")
        counts = collections.Counter(d["over"])
        print("   over-redacted words:", ", ".join(f"{w} x{n}" for w, n in counts.most_common()) or "none")


if __name__ == "__main__":
    main()
