"""Recall and over-redaction floors of the pseudonymiser on the fresh privacy test set (issue 16).

The numbers come from benchmarks/bench_privacy.py, which prints them per kind. The dev part is what the
detectors were developed on; the held-out part is only measured there (its floor here is lower).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_privacy", ROOT / "benchmarks" / "bench_privacy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def results(bench):
    return bench.measure()


def test_test_set_is_complete(results) -> None:
    # dev01-dev13, dev16-dev20 (shapes that leaked), then dev26-dev30 and dev31-dev35 (each written blind),
    # then dev36-dev58 (written for the pseudonymisation round, not blind), then dev59-dev70 (third blind round)
    assert sum(results["dev"]["total"].values()) == (217 + 186 + 263 + 283 + 900 + 403
                                                     + 383  # dev71-dev77 (fourth blind round)
                                                     + 427)  # dev78-dev84 (fifth blind round)
    # ho09-ho15, then ho21-ho25, ho26-ho30, ho31-ho35 and ho36-ho41 (each written blind)
    assert sum(results["heldout"]["total"].values()) == 133 + 166 + 280 + 152 + 368 \
        + 432  # ho42-ho47 (fifth blind round)


def test_recall_on_dev_part(bench, results) -> None:
    r = results["dev"]
    assert bench.recall(r) >= 0.99, (bench.recall(r), r["missed"])  # 0.998 after the fifth round
    for kind, total in r["total"].items():  # no kind may be left behind
        assert r["caught"][kind] / total >= 0.85, (kind, r["missed"])


def test_recall_on_heldout_part(bench, results) -> None:
    assert bench.recall(results["heldout"]) >= 0.90, results["heldout"]["missed"]


def test_over_redaction_on_test_set(results) -> None:
    # The blind held-out texts (ho21-ho30) keep respondent codes (R0112), public figures, brands,
    # papers and form headings as ordinary words; the detectors replace some of them (2.1% of the
    # words of ho26-ho30, 1.6% of the held-out part). Harmless for privacy but lost for the reader,
    # hence a floor; ordinary lower-case words are held to a much lower one.
    for part, floor in (("dev", 0.01), ("heldout", 0.02)):
        r = results[part]
        assert len(r["over"]) / r["words"] < floor, (part, r["over"])
        # lower-case words touched are mostly at the edge of a date, an age or an address ("zaterdag",
        # "jaar", "aan de"): 0.2% of the held-out part's words, all in ho26-ho30 (none in ho09-ho25)
        lower = [w for w in r["over"] if w.isalpha() and w.islower()]
        assert len(lower) / r["words"] < 0.003, (part, lower)


@pytest.mark.slow
def test_over_redaction_on_demo_corpus(bench) -> None:
    d = bench.measure_demo()
    assert d["words"] > 100_000
    assert len(d["over"]) / d["words"] < 0.01, d["over"]
    for word in ("Bach", "Omaha", "Excelbestand"):
        assert word not in d["over"]
