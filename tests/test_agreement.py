"""Inter-coder agreement: published worked examples, reference implementations, undefined cases,
segment- and character-level agreement on hand-made codings."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from toolkit.analysis.reliability import (LEVELS, AgreementResult, alpha_with_reason, bootstrap_ci, cohen_kappa, cohen_kappa_with_reason, fleiss_kappa, fleiss_kappa_with_reason, krippendorff_alpha, percent_agreement, percent_agreement_with_reason)
from toolkit.analysis.agreement import character_agreement, segment_agreement
from toolkit.errors import InputError
from toolkit.types import Coding, Segment

NAN = math.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C:
# 4 observers x 12 units, values 1..5, missing values.
KRIPPENDORFF_C = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
])

# Same paper, example A: binary data, two observers, no missing data.
KRIPPENDORFF_A = np.array([
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
], dtype=float)

# Fleiss (1971) as reproduced in Wikipedia's worked example: 10 subjects, 14 raters, 5 categories.
FLEISS = np.array([
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
])


# ----------------------------------------------------------------------------- published examples

def test_krippendorff_worked_example_nominal():
    assert round(krippendorff_alpha(KRIPPENDORFF_C), 3) == 0.743
    assert krippendorff_alpha(KRIPPENDORFF_C, "nominal") == pytest.approx(0.7434210526, abs=1e-9)
    result = alpha_with_reason(KRIPPENDORFF_C)
    assert result.reason is None and result.defined
    assert result.n_units == 11          # unit 12 has one value only and is dropped


def test_krippendorff_worked_example_other_levels():
    # The same paper reports ordinal 0.815, interval 0.849 and ratio 0.797 for example C.
    expected = {"ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
    for level, value in expected.items():
        assert round(krippendorff_alpha(KRIPPENDORFF_C, level), 3) == value


def test_krippendorff_binary_two_coders():
    # o00 = 10, o01 = o10 = 4, o11 = 2: alpha = 1 - 19 * 4 / (14 * 6) = 0.095
    assert round(krippendorff_alpha(KRIPPENDORFF_A), 3) == 0.095
    assert krippendorff_alpha(KRIPPENDORFF_A) == pytest.approx(1 - 19 * 4 / 84, abs=1e-12)


def test_fleiss_wikipedia_example():
    assert round(fleiss_kappa(FLEISS), 3) == 0.210
    assert fleiss_kappa_with_reason(FLEISS).n_units == 10


# ----------------------------------------------------------------------------- reference implementations

def _random_reliability(rng: np.random.Generator) -> np.ndarray:
    while True:
        coders, units = rng.integers(2, 7), rng.integers(3, 40)
        data = rng.integers(1, rng.integers(2, 7) + 1, size=(coders, units)).astype(float)
        data[rng.random(data.shape) < rng.uniform(0, 0.5)] = NAN
        pairable = (~np.isnan(data)).sum(axis=0) >= 2
        if len(np.unique(data[:, pairable][~np.isnan(data[:, pairable])])) >= 2:
            return data


def test_alpha_matches_krippendorff_package():
    krippendorff = pytest.importorskip("krippendorff")
    rng = np.random.default_rng(2011)
    for trial in range(50):
        data = _random_reliability(rng)
        ours = krippendorff_alpha(data, "nominal")
        theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert ours == pytest.approx(theirs, abs=1e-9), trial
        if trial < 15:
            for level in ("ordinal", "interval", "ratio"):
                assert krippendorff_alpha(data, level) == pytest.approx(
                    krippendorff.alpha(reliability_data=data, level_of_measurement=level), abs=1e-9)


def test_cohen_kappa_matches_sklearn():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(1960)
    for _ in range(30):
        n = rng.integers(10, 80)
        a = rng.integers(0, 4, size=n).astype(float)
        b = np.where(rng.random(n) < 0.6, a, rng.integers(0, 4, size=n)).astype(float)
        a[rng.random(n) < 0.2] = NAN
        b[rng.random(n) < 0.2] = NAN
        both = ~np.isnan(a) & ~np.isnan(b)
        result = cohen_kappa_with_reason(a, b)
        assert result.value == pytest.approx(cohen_kappa_score(a[both], b[both]), abs=1e-9)
        assert result.n_units == both.sum()


def test_fleiss_and_alpha_agree_on_complete_data():
    # Without missing data, 1 - alpha = (1 - Fleiss' kappa) * (n - 1) / n with n = units * coders.
    rng = np.random.default_rng(1971)
    for _ in range(20):
        coders, units = rng.integers(2, 6), rng.integers(5, 30)
        data = rng.integers(0, 3, size=(coders, units)).astype(float)
        table = np.stack([(data == v).sum(axis=0) for v in range(3)], axis=1)
        n = coders * units
        assert 1 - krippendorff_alpha(data) == pytest.approx((1 - fleiss_kappa(table)) * (n - 1) / n, abs=1e-12)


def test_percent_agreement():
    a = np.array([1, 2, 3, 1, NAN, 2])
    b = np.array([1, 2, 1, NAN, 3, 3])
    assert percent_agreement(np.vstack([a, b])) == pytest.approx(2 / 4)
    # three coders: per unit the share of agreeing pairs (1, 1/3, 1 for the pair on unit 3)
    data = np.array([[1, 1, 2], [1, 2, 2], [1, 1, NAN]])
    assert percent_agreement(data) == pytest.approx((1 + 1 / 3 + 1) / 3)


# ----------------------------------------------------------------------------- undefined cases

def test_single_value_throughout_is_nan_with_reason():
    data = np.array([[2, 2, 2, NAN], [2, 2, NAN, 2], [2, NAN, 2, 2]])
    result = alpha_with_reason(data)
    assert math.isnan(result.value) and math.isnan(krippendorff_alpha(data))
    assert "expected disagreement is 0" in result.reason
    kappa = cohen_kappa_with_reason([1, 1, 1], [1, 1, 1])
    assert math.isnan(kappa.value) and "chance agreement is 1" in kappa.reason
    fleiss = fleiss_kappa_with_reason([[3, 0], [3, 0]])
    assert math.isnan(fleiss.value) and "one category" in fleiss.reason
    assert percent_agreement(data) == 1.0       # defined: they do agree


def test_one_coder_is_nan_with_reason():
    result = alpha_with_reason([[1, 2, 3, 1]])
    assert math.isnan(result.value) and "only 1 coder" in result.reason
    pa = percent_agreement_with_reason([[1, 2, 3]])
    assert math.isnan(pa.value) and pa.reason
    fleiss = fleiss_kappa_with_reason([[1, 0], [0, 1]])
    assert math.isnan(fleiss.value) and "one rating" in fleiss.reason


def test_no_overlap_is_nan_with_reason():
    data = [[1, 2, NAN, NAN], [NAN, NAN, 1, 2]]
    result = alpha_with_reason(data)
    assert math.isnan(result.value) and "nothing to compare" in result.reason
    kappa = cohen_kappa_with_reason(*data)
    assert math.isnan(kappa.value) and "share no coded units" in kappa.reason
    assert math.isnan(cohen_kappa(*data))
    pa = percent_agreement_with_reason(data)
    assert math.isnan(pa.value) and "nothing to compare" in pa.reason


def test_bad_arguments():
    with pytest.raises(InputError):
        krippendorff_alpha(KRIPPENDORFF_C, "cardinal")
    with pytest.raises(ValueError):
        krippendorff_alpha([1, 2, 3])
    with pytest.raises(ValueError):
        cohen_kappa([1, 2], [1, 2, 3])
    with pytest.raises(ValueError):
        fleiss_kappa([[2, 1], [1, 1]])      # unequal numbers of ratings
    assert float(AgreementResult(0.5)) == 0.5
    assert set(LEVELS) == {"nominal", "ordinal", "interval", "ratio"}


# ----------------------------------------------------------------------------- bootstrap

def test_bootstrap_is_deterministic_and_contains_estimate():
    first = bootstrap_ci(krippendorff_alpha, KRIPPENDORFF_C, n=500, seed=7)
    again = bootstrap_ci(krippendorff_alpha, KRIPPENDORFF_C, n=500, seed=7)
    other = bootstrap_ci(krippendorff_alpha, KRIPPENDORFF_C, n=500, seed=8)
    assert first == again
    assert (first.low, first.high) != (other.low, other.high)
    assert first.estimate == pytest.approx(0.7434210526)
    assert first.low < first.estimate < first.high <= 1.0
    assert first.n == 500 and first.n_undefined == 0 and first.reason is None

    rng = np.random.default_rng(3)
    a = rng.integers(0, 3, size=200).astype(float)
    b = np.where(rng.random(200) < 0.8, a, rng.integers(0, 3, size=200))
    ci = bootstrap_ci(lambda d: cohen_kappa(d[0], d[1]), np.vstack([a, b]), n=300, seed=0, level=0.9)
    assert ci.low < ci.estimate < ci.high and ci.high - ci.low < 0.3
    table_ci = bootstrap_ci(fleiss_kappa, FLEISS, n=300, seed=0, axis=0)
    assert table_ci.low < table_ci.estimate < table_ci.high


def test_bootstrap_counts_undefined_replicates():
    data = np.array([[1, 0, 0, 0, 0], [1, 0, 0, 0, 0]], dtype=float)
    ci = bootstrap_ci(krippendorff_alpha, data, n=400, seed=1)
    # a replicate without the first unit holds only zeros: (4/5)^5 = 33% of them are undefined
    assert 80 < ci.n_undefined < 200
    assert ci.low == ci.high == 1.0
    none = bootstrap_ci(krippendorff_alpha, np.zeros((2, 4)), n=50)
    assert math.isnan(none.low) and math.isnan(none.estimate) and none.n_undefined == 50
    assert "undefined" in none.reason


# ----------------------------------------------------------------------------- segments

def _seg(sid: str, doc: str, start: int, end: int, **kw) -> Segment:
    return Segment(sid, doc, start, end, "x" * (end - start), **kw)


SEGMENTS = [
    _seg("s1", "d1", 0, 10),
    _seg("s2", "d1", 10, 20),
    _seg("i1", "d1", 20, 30, is_interviewer=True),
    _seg("s3", "d2", 0, 10),
    _seg("s4", "d2", 10, 20),
    _seg("s5", "d3", 0, 10),
]

CODINGS = [
    Coding("d1", 0, 10, "x", "A"),
    Coding("d1", 8, 20, "x", "A"),    # covers s2; 2 characters of s1 are less than half of it
    Coding("d2", 0, 10, "y", "A"),
    Coding("d3", 0, 10, "x", "A"),    # d3: only A coded it, so s5 is left out
    Coding("d1", 0, 10, "x", "B"),
    Coding("d1", 20, 30, "x", "B"),   # an interviewer turn: not a unit
    Coding("d2", 0, 10, "y", "B"),
    Coding("d1", 0, 20, "x", "C"),    # C coded d1 only: s1 and s2
    Coding("d3", 0, 10, "y", "E"),    # E coded only d3, which B never coded
]

# Per-unit values on s1..s4 (NaN = the coder did not code the document):
#   x: A 1 1 0 0   B 1 0 0 0   C 1 1 . .
#   y: A 0 0 1 0   B 0 0 1 0   C 0 0 . .
#   z: nobody


def _rows(coders, **kw):
    rows = segment_agreement(SEGMENTS, CODINGS, ["x", "y", "z"], coders, **kw)
    return {r["code"]: r for r in rows}, rows


def test_segment_agreement_two_coders():
    by_code, rows = _rows(["A", "B"], n_boot=200)
    assert [r["code"] for r in rows] == ["x", "y", "z", "overall"]
    x = by_code["x"]
    assert x["n_units"] == x["n_segments"] == x["n_complete"] == 4 and x["n_coders"] == 2
    assert x["percent_agreement"] == pytest.approx(3 / 4)
    # p_o = 3/4, p_e = 1/2 * 1/4 + 1/2 * 3/4 = 1/2
    assert x["cohen_kappa"] == pytest.approx(0.5)
    # P = 3/4, P_e = (3/8)^2 + (5/8)^2 = 34/64
    assert x["fleiss_kappa"] == pytest.approx(7 / 15)
    # o11 = 2, o01 = o10 = 1, o00 = 4: n1 = 3, n0 = 5, alpha = 1 - 7 * 1 / 15
    assert x["alpha"] == pytest.approx(8 / 15)
    assert x["prevalence[A]"] == 0.5 and x["prevalence[B]"] == 0.25
    assert x["reason"] is None
    assert x["alpha_ci_low"] <= x["alpha"] <= x["alpha_ci_high"]

    y = by_code["y"]
    assert y["alpha"] == y["cohen_kappa"] == y["fleiss_kappa"] == y["percent_agreement"] == 1.0

    z = by_code["z"]
    assert z["percent_agreement"] == 1.0
    for key in ("alpha", "cohen_kappa", "fleiss_kappa", "alpha_ci_low", "alpha_ci_high"):
        assert math.isnan(z[key])
    assert "alpha: every pairable value is 0" in z["reason"] and "cohen_kappa:" in z["reason"]

    overall = by_code["overall"]
    # 12 binary units (segment, code): one disagreement (s2, x), two shared 1s, nine shared 0s
    assert overall["n_units"] == 12 and overall["n_segments"] == 4
    assert overall["percent_agreement"] == pytest.approx(11 / 12)
    assert overall["alpha"] == pytest.approx(1 - 23 / 95)          # n1 = 5, n0 = 19, o01 = 1
    assert overall["cohen_kappa"] == pytest.approx(0.75)           # p_o = 11/12, p_e = 2/3
    assert overall["fleiss_kappa"] == pytest.approx(142 / 190)
    assert overall["prevalence[A]"] == pytest.approx(3 / 12)
    assert overall["prevalence[B]"] == pytest.approx(2 / 12)
    assert overall["reason"] is None


def test_segment_agreement_three_coders():
    by_code, _ = _rows(["A", "B", "C"], n_boot=200)
    x = by_code["x"]
    assert x["n_units"] == 4 and x["n_complete"] == 2 and x["n_coders"] == 3
    # units s1 (1,1,1), s2 (1,0,1), s3 (0,0), s4 (0,0): o11 = 3 + 1, o01 = 1, o00 = 2 + 2
    assert x["alpha"] == pytest.approx(1 - 9 / 25)
    assert x["percent_agreement"] == pytest.approx((1 + 1 / 3 + 1 + 1) / 4)
    # complete units s1, s2: table [[0, 3], [1, 2]], P = 2/3, P_e = 26/36
    assert x["fleiss_kappa"] == pytest.approx(-0.2)
    assert math.isnan(x["cohen_kappa"]) and "needs exactly 2 coders (3 given)" in x["reason"]
    assert (x["prevalence[A]"], x["prevalence[B]"], x["prevalence[C]"]) == (0.5, 0.25, 1.0)

    y = by_code["y"]
    assert y["alpha"] == 1.0 and y["percent_agreement"] == 1.0
    assert math.isnan(y["fleiss_kappa"]) and "fleiss_kappa: all ratings fall in one category" in y["reason"]


def test_segment_agreement_bootstrap_matches_generic_bootstrap():
    by_code, _ = _rows(["A", "B"], n_boot=300, seed=5)
    x = np.array([[1, 1, 0, 0], [1, 0, 0, 0]], dtype=float)
    ci = bootstrap_ci(krippendorff_alpha, x, n=300, seed=5)
    assert by_code["x"]["alpha_ci_low"] == pytest.approx(ci.low, abs=1e-12)
    assert by_code["x"]["alpha_ci_high"] == pytest.approx(ci.high, abs=1e-12)
    assert by_code["x"]["alpha_ci_n_undefined"] == ci.n_undefined
    # overall: segments are resampled with all their codes
    y = np.array([[0, 0, 1, 0], [0, 0, 1, 0]], dtype=float)
    stacked = np.stack([x, y, np.zeros_like(x)], axis=2)           # coders x segments x codes
    ci = bootstrap_ci(lambda d: krippendorff_alpha(d.reshape(d.shape[0], -1)), stacked, n=300, seed=5)
    assert by_code["overall"]["alpha_ci_low"] == pytest.approx(ci.low, abs=1e-12)
    assert by_code["overall"]["alpha_ci_high"] == pytest.approx(ci.high, abs=1e-12)
    again, _ = _rows(["A", "B"], n_boot=300, seed=5)
    assert again["overall"]["alpha_ci_low"] == by_code["overall"]["alpha_ci_low"]


def test_segment_agreement_errors():
    with pytest.raises(InputError, match="share no coded segments") as err:
        segment_agreement(SEGMENTS, CODINGS, ["x", "y"], ["B", "E"])
    assert err.value.hint
    with pytest.raises(InputError, match="'Z' has no codings"):
        segment_agreement(SEGMENTS, CODINGS, ["x"], ["A", "Z"])
    with pytest.raises(InputError, match="two or more coders"):
        segment_agreement(SEGMENTS, CODINGS, ["x"], ["A"])


# ----------------------------------------------------------------------------- characters

def _naive_character_alpha(doc_lengths, codings, code, coders):
    columns = []
    for doc, length in doc_lengths.items():
        block = np.full((len(coders), length), NAN)
        for i, coder in enumerate(coders):
            mine = [c for c in codings if c.coder == coder and c.doc_id == doc]
            if mine:
                block[i] = 0
                for c in mine:
                    if c.code_id == code:
                        block[i, c.start:c.end] = 1
        columns.append(block)
    return krippendorff_alpha(np.hstack(columns))


def _random_codings(rng, doc_lengths, coders, codes, per_doc=4):
    codings = []
    for doc, length in doc_lengths.items():
        for coder in coders:
            if rng.random() < 0.2:
                continue                      # this coder did not code this document
            for _ in range(per_doc):
                start = int(rng.integers(0, length - 1))
                end = int(min(length, start + rng.integers(1, max(2, length // 3))))
                codings.append(Coding(doc, start, end, str(rng.choice(codes)), coder))
    return codings


def test_character_agreement_matches_naive_units():
    rng = np.random.default_rng(42)
    doc_lengths = {"a": 120, "b": 75, "c": 200, "d": 30}
    codes = ["p", "q", "r"]
    for coders in (["A", "B"], ["A", "B", "C"]):
        codings = _random_codings(rng, doc_lengths, coders, codes)
        rows = character_agreement(doc_lengths, codings, codes, coders)
        assert [r["code"] for r in rows] == codes + ["overall"]
        for row in rows[:-1]:
            expected = _naive_character_alpha(doc_lengths, codings, row["code"], coders)
            assert row["alpha"] == pytest.approx(expected, abs=1e-12, nan_ok=True)


def test_character_agreement_hand_example():
    # doc of 10 characters; A codes x on 0-6, B on 2-8: units 0..9 -> A 1111110000, B 0011111100
    codings = [Coding("d", 0, 6, "x", "A"), Coding("d", 2, 8, "x", "B"), Coding("e", 0, 3, "x", "A")]
    rows = character_agreement({"d": 10, "e": 5}, codings, ["x", "y"], ["A", "B"])
    x, y, overall = rows
    assert x["n_docs"] == 1 and x["n_units"] == 10
    assert x["percent_agreement"] == pytest.approx(0.6)
    # o11 = 8, o00 = 4, o01 = o10 = 4: n1 = 12, n0 = 8, alpha = 1 - 19 * 4 / 96
    assert x["alpha"] == pytest.approx(1 - 19 * 4 / 96)
    assert x["prevalence[A]"] == pytest.approx(0.6) and x["prevalence[B]"] == pytest.approx(0.6)
    assert math.isnan(y["alpha"]) and "every pairable value is 0" in y["reason"]
    assert overall["n_units"] == 20 and overall["percent_agreement"] == pytest.approx(0.8)
    # pooled: o11 = 8, o00 = 4 + 20, o01 = 4: n1 = 12, n0 = 28
    assert overall["alpha"] == pytest.approx(1 - 39 * 4 / (12 * 28))


def test_character_agreement_long_documents_are_fast():
    rng = np.random.default_rng(0)
    doc_lengths = {f"doc{i}": 50_000 for i in range(4)}
    codes = [f"c{j}" for j in range(12)]
    codings = _random_codings(rng, doc_lengths, ["A", "B", "C"], codes, per_doc=60)
    started = time.perf_counter()
    rows = character_agreement(doc_lengths, codings, codes, ["A", "B", "C"])
    assert time.perf_counter() - started < 2.0
    assert len(rows) == len(codes) + 1 and rows[-1]["n_units"] == rows[0]["n_units"] * len(codes)
    assert all(-1 <= r["alpha"] <= 1 for r in rows if not math.isnan(r["alpha"]))


def test_character_agreement_errors():
    codings = [Coding("d", 0, 5, "x", "A"), Coding("e", 0, 5, "x", "B")]
    with pytest.raises(InputError, match="share no coded documents"):
        character_agreement({"d": 10, "e": 10}, codings, ["x"], ["A", "B"])
    with pytest.raises(InputError, match="outside"):
        character_agreement({"d": 3}, [Coding("d", 0, 5, "x", "A"), Coding("d", 0, 2, "x", "B")], ["x"], ["A", "B"])


def test_cli_agree_on_the_demo_double_coding(tmp_path) -> None:
    import csv
    import subprocess
    import sys

    import toolkit as worth

    from .conftest import ROOT

    demo = ROOT / "corpora" / "demo"
    project = tmp_path / "p.sqlite"
    worth.ingest([demo / "transcripts"], project, codings=demo / "codings.jsonl", compute_terms=False)
    out = tmp_path / "agree.csv"
    res = subprocess.run([sys.executable, "-m", "toolkit", "agree", str(project), "--coder", "writer",
                          "--coder", "second", "--out", str(out)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    rows = {r["code"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert rows["overall"]["n_segments"] == "417"
    assert 0.5 < float(rows["overall"]["alpha"]) <= 1
    assert float(rows["overall"]["alpha_ci_low"]) <= float(rows["overall"]["alpha"]) <= float(rows["overall"]["alpha_ci_high"])
    res = subprocess.run([sys.executable, "-m", "toolkit", "agree", str(project), "--coder", "writer",
                          "--coder", "nobody"], capture_output=True, text=True)
    assert res.returncode == 2 and "nobody" in res.stderr
