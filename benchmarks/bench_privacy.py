"""Pseudonymisation recall and over-redaction per kind on the fresh privacy test set.

    python benchmarks/bench_privacy.py [tests/cases/privacy]

An identifier counts as caught when every letter and digit of it lies inside a detected span;
over-redaction is the share of ordinary words (outside every planted identifier) that a detected
span touches. The dev and held-out parts are printed apart (see tests/cases/privacy/README.md).
"""
from __future__ import annotations

import collections
import json
import re
import sys
import time
from pathlib import Path

from toolkit.io.pseudonymise import Pseudonymiser

CASES = Path(__file__).resolve().parents[1] / "tests" / "cases" / "privacy"


def measure(cases: Path) -> dict[str, dict]:
    res = {s: {"caught": collections.Counter(), "total": collections.Counter(), "words": 0, "over": [],
               "missed": []} for s in ("dev", "heldout")}
    for f in sorted(cases.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        gold = json.loads(f.with_suffix(".json").read_text(encoding="utf-8"))
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
                r["missed"].append((f.stem[:4], g["kind"], g["text"]))
        for m in re.finditer(r"\w+", text):
            if not any(planted[m.start():m.end()]):
                r["words"] += 1
                if any(covered[m.start():m.end()]):
                    r["over"].append(m.group())
    return res


def main() -> None:
    cases = Path(sys.argv[1]) if len(sys.argv) > 1 else CASES
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
        print("   over-redacted words:", ", ".join(r["over"]) or "none")
        print("   missed:", "; ".join(f"{d} {k} {t!r}" for d, k, t in r["missed"]) or "none")


if __name__ == "__main__":
    main()
