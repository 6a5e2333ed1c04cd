"""Counts of the demo corpus and the thresholds it must meet (issue: codebook and demo corpus).

Run: python benchmarks/corpus_stats.py
Prints documents, segments, codings per code / role / setting / split, the share of segments
without a code and with two or more, the share of shame and request-hesitancy positives without
the words schaam*/vraag*, and agreement of the second coder with the writer. Exit status 1 when a
threshold is not met.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"


def corpus_table():
    from toolkit.coding.codebook_io import load_codebook
    from toolkit.io.readers import read_inputs
    from toolkit.io.segment import segment_document

    book = load_codebook()
    report = read_inputs([DEMO / "transcripts"])  # reads transcripts/manifest.csv
    assert not report.skipped, [e.one_line() for e in report.skipped]
    codings: dict[tuple[str, str, int, int], set[str]] = {}
    for line in (DEMO / "codings.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        codings.setdefault((r["coder"], Path(r["file"]).stem, r["start"], r["end"]), set()).add(r["code"])
    second_docs = {doc for coder, doc, _, _ in codings if coder == "second"}
    rows = []
    for p in report.parsed:
        for s in segment_document(p.document):
            if s.codable:
                rows.append({"doc": s.doc_id, "seg": s, "meta": p.document.meta,
                             "writer": codings.get(("writer", s.doc_id, s.start, s.end), set()),
                             # a document the second coder coded is coded whole: no record means no code
                             "second": codings.get(("second", s.doc_id, s.start, s.end), set())
                             if s.doc_id in second_docs else None})
    return book, report, rows, codings


def main() -> int:
    book, report, rows, codings = corpus_table()
    split = json.loads((DEMO / "split.json").read_text(encoding="utf-8"))
    part_of = {d: k for k, v in split.items() if isinstance(v, list) for d in v}
    n = len(rows)
    per_code = Counter(c for r in rows for c in r["writer"])
    none = sum(not r["writer"] for r in rows) / n
    multi = sum(len(r["writer"]) >= 2 for r in rows) / n
    doc_types = Counter(p.document.meta.get("doc_type") for p in report.parsed)
    print(f"documents: {len(report.parsed)} ({', '.join(f'{k}: {v}' for k, v in sorted(doc_types.items()))})")
    print(f"respondent segments coded by the writer: {n}; codings: {sum(per_code.values())}")
    print(f"without code: {none:.1%}   two or more codes: {multi:.1%}")
    print("\nper code (writer):")
    for c in book.ids:
        print(f"  {c:30s} {per_code[c]:4d}")
    for key in ("respondent_role", "setting"):
        print(f"\nsegments per {key}:")
        for v, k in sorted(Counter(r["meta"].get(key, "") for r in rows).items()):
            print(f"  {v:25s} {k:4d}")
    print("\nsegments per split part:")
    for v, k in sorted(Counter(part_of.get(r["doc"], "?") for r in rows).items()):
        print(f"  {v:8s} {k:4d} segments")
    lexical = {}
    for code, pat in (("theme.shame", r"\bschaam"), ("theme.request_hesitancy", r"\bvraag")):
        pos = [r for r in rows if code in r["writer"]]
        without = sum(not re.search(pat, r["seg"].text, re.I) for r in pos) / max(len(pos), 1)
        lexical[code] = without
        print(f"\n{code}: {without:.0%} of {len(pos)} positives without '{pat[2:]}*'")
    second = [r for r in rows if r["second"] is not None]
    if second:
        agree = sum(r["second"] == r["writer"] for r in second) / len(second)
        print(f"\nsecond coder: {len(second)} segments; identical code sets with the writer: {agree:.0%}")
        from sklearn.metrics import cohen_kappa_score

        print("Cohen's kappa writer vs second, per code (positives writer/second):")
        kappas = []
        for c in book.ids:
            a = [c in r["writer"] for r in second]
            b = [c in r["second"] for r in second]
            k = cohen_kappa_score(a, b) if (any(a) or any(b)) else float("nan")
            kappas.append(k)
            print(f"  {c:30s} {k:5.2f}  ({sum(a)}/{sum(b)})")
        print(f"  mean kappa over codes: {sum(kappas) / len(kappas):.2f}")
    checks = {
        "at least 60 transcripts": len(report.parsed) >= 60,
        "at least 2 focus groups": doc_types.get("focus_group", 0) >= 2,
        "at least 2000 coded respondent segments": n >= 2000,
        "every code at least 60 positives": min(per_code[c] for c in book.ids) >= 60,
        "at least 35% without code": none >= 0.35,
        "at least 15% with two or more codes": multi >= 0.15,
        "half of shame/request positives without schaam*/vraag*": min(lexical.values()) >= 0.5,
        "second coding of at least 300 segments": len(second) >= 300,
    }
    print()
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
