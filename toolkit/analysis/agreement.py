"""Inter-coder agreement for qualitative coding: Krippendorff's alpha, Cohen's and Fleiss' kappa,
percent agreement, bootstrap confidence intervals, and agreement of coders per code on segments and
on characters.

Conventions
-----------
- Reliability data are a coders x units array of floats with NaN where a coder gave no value.
- A statistic that is undefined for the data (nothing pairable, one single value used throughout so
  that chance agreement is perfect, ...) is NaN, never 0. The reason is available from the
  ``*_with_reason`` functions, which return an :class:`AgreementResult` ``(value, reason, n_units)``;
  the plain functions return the float.
- Krippendorff's alpha follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
  the coincidence matrix ``o_ck = sum_u (n_uc n_uk - [c == k] n_uc) / (m_u - 1)`` over units with
  ``m_u >= 2`` values, and ``alpha = 1 - (n - 1) sum o_ck d_ck / sum n_c n_k d_ck`` with the squared
  difference function ``d`` of the level of measurement (nominal, ordinal, interval, ratio).
- Cohen's kappa (1960) is for two coders on the units both coded; Fleiss' kappa (1971) takes a
  units x categories table of counts with the same number of ratings on every unit; percent
  agreement is the mean, over units with two or more values, of the share of agreeing coder pairs
  (for two coders: the share of units both coded on which they agree).

Segments and characters
-----------------------
:func:`segment_agreement` compares coders on segments (each segment a unit, per code 1/0 via
:func:`toolkit.coding.labels.labels_from_codings`); :func:`character_agreement` compares them on every
character of the documents they coded. A coder's value for a unit is missing (NaN) when the coder
never coded the unit's document: a document a coder touched counts as fully coded by that coder.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from toolkit.errors import InputError
from toolkit.coding.labels import labels_from_codings
from toolkit.types import Coding, Segment
from toolkit.analysis.reliability import BootstrapCI, _alpha_from_coincidences, _draws, _fleiss_table, _percentile_ci, _undefined, _unit_coincidences, _value_counts, alpha_with_reason, cohen_kappa_with_reason, fleiss_kappa_with_reason, percent_agreement_with_reason

__all__ = [
    "LEVELS",
    "AgreementResult",
    "AlphaResult",
    "BootstrapCI",
    "krippendorff_alpha",
    "alpha_with_reason",
    "cohen_kappa",
    "cohen_kappa_with_reason",
    "fleiss_kappa",
    "fleiss_kappa_with_reason",
    "percent_agreement",
    "percent_agreement_with_reason",
    "bootstrap_ci",
    "segment_agreement",
    "character_agreement",
]


"""Krippendorff's alpha with its reason: the same record as :class:`AgreementResult`."""


# --------------------------------------------------------------------------- Krippendorff's alpha


# --------------------------------------------------------------------------- kappas and percent


# --------------------------------------------------------------------------- bootstrap


def _alpha_ci(data: np.ndarray, level_of_measurement: str, n: int, seed: int, level: float) -> BootstrapCI:
    """Bootstrap interval of alpha resampling axis 1 of a coders x units (x codes) array.

    Same draws as :func:`bootstrap_ci` with the same seed, but from per-unit contributions to the
    coincidence matrix, so each replicate costs one weighted sum instead of a recount. With a third
    axis (codes) a unit is a cluster of binary units, resampled together.
    """
    coders, n_units = data.shape[0], data.shape[1]
    flat = data.reshape(coders, -1)
    values, counts = _value_counts(flat)
    estimate = alpha_with_reason(flat, level_of_measurement).value
    if n_units == 0 or len(values) == 0:
        return BootstrapCI(estimate, math.nan, math.nan, level, n, n, "no values to resample")
    v = len(values)
    per_unit = _unit_coincidences(counts).reshape(n_units, -1, v * v).sum(axis=1)
    paired = (counts.sum(axis=1) >= 2).reshape(n_units, -1).sum(axis=1)
    replicates = np.empty(n)
    for r, idx in enumerate(_draws(n_units, n, seed)):
        weights = np.bincount(idx, minlength=n_units).astype(float)
        o = (weights @ per_unit).reshape(v, v)
        replicates[r] = _alpha_from_coincidences(o, values, level_of_measurement,
                                                 int(weights @ paired)).value
    return _percentile_ci(estimate, replicates, n, level)


# --------------------------------------------------------------------------- segments and characters

def _check_coders(coders: Sequence[str], codings: Sequence[Coding]) -> dict[str, list[Coding]]:
    coders = list(coders)
    if len(coders) < 2:
        raise InputError(f"agreement needs two or more coders, got {len(coders)}",
                         hint="name the coders to compare")
    if len(set(coders)) != len(coders):
        raise InputError("a coder is named twice", hint="name each coder once")
    by_coder: dict[str, list[Coding]] = {c: [] for c in coders}
    for c in codings:
        if c.coder in by_coder:
            by_coder[c.coder].append(c)
    idle = [c for c in coders if not by_coder[c]]
    if idle:
        present = sorted({c.coder for c in codings})
        raise InputError(f"coder {', '.join(map(repr, idle))} has no codings",
                         hint="coders with codings: " + (", ".join(present) or "none"))
    return by_coder


def _check_codes(code_ids: Sequence[str]) -> list[str]:
    codes = list(code_ids)
    if not codes:
        raise InputError("no codes to compare: no codebook and no codings by these coders",
                         hint="ingest the codings first (--codings, or a .qdpx), or pass the code ids")
    if len(set(codes)) != len(codes):
        raise InputError("a code id is listed twice", hint="list each code id once")
    return codes


def _join_reasons(reasons: dict[str, str | None]) -> str | None:
    parts = [f"{name}: {why}" for name, why in reasons.items() if why]
    return "; ".join(parts) or None


def _binary_row(data: np.ndarray, coders: Sequence[str]
                ) -> tuple[dict[str, Any], dict[str, float], dict[str, str | None]]:
    """Percent agreement, kappas and prevalence of a coders x units 0/1 array (NaN = missing)."""
    row: dict[str, Any] = {}
    prevalence: dict[str, float] = {}
    reasons: dict[str, str | None] = {}
    complete = int((~np.isnan(data).any(axis=0)).sum())
    row["n_complete"] = complete
    pa = percent_agreement_with_reason(data)
    row["percent_agreement"], reasons["percent_agreement"] = pa.value, pa.reason
    if len(coders) == 2:
        ck = cohen_kappa_with_reason(data[0], data[1])
        row["cohen_kappa"], reasons["cohen_kappa"] = ck.value, ck.reason
    else:
        row["cohen_kappa"] = math.nan
        reasons["cohen_kappa"] = f"needs exactly 2 coders ({len(coders)} given)"
    if complete:
        fk = fleiss_kappa_with_reason(_fleiss_table(data))
    else:
        fk = _undefined("no segment was coded by all coders")
    row["fleiss_kappa"], reasons["fleiss_kappa"] = fk.value, fk.reason
    for i, coder in enumerate(coders):
        mine = data[i][~np.isnan(data[i])]
        prevalence[f"prevalence[{coder}]"] = float(mine.mean()) if len(mine) else math.nan
    return row, prevalence, reasons


def segment_agreement(segments: Sequence[Segment], codings: Sequence[Coding], code_ids: Sequence[str],
                      coders: Sequence[str], *, n_boot: int = 1000, seed: int = 0, level: float = 0.95,
                      codable_only: bool = True) -> list[dict[str, Any]]:
    """Agreement of `coders` on segments, one row per code in `code_ids` order, then an "overall" row.

    Units are the segments (only codable ones, i.e. no interviewer turns or preambles, unless
    ``codable_only=False``). A coder's value for a segment is missing when the coder never coded the
    segment's document; otherwise it is 1 when one of the coder's codings of the code covers the
    segment (the rule of :func:`toolkit.coding.labels.labels_from_codings`) and 0 when not. Segments with
    values from fewer than two coders are left out.

    Each row holds:

    - ``code``; ``n_coders``; ``n_segments``: segments coded by two or more of the coders;
      ``n_units``: the units of the statistics (per code: ``n_segments``; overall:
      ``n_segments * len(code_ids)``); ``n_complete``: units coded by every coder;
    - ``percent_agreement`` (see :func:`percent_agreement`), ``cohen_kappa`` (exactly two coders,
      else NaN), ``fleiss_kappa`` (on the complete units only, as Fleiss' kappa allows no missing
      ratings), ``alpha`` (Krippendorff, nominal) with ``alpha_ci_low``/``alpha_ci_high``, a
      percentile bootstrap interval at `level` over `n_boot` resamples of segments (`seed` makes it
      reproducible), and ``alpha_ci_n_undefined`` replicates that were undefined;
    - ``prevalence[<coder>]``: share of the coder's segments (among ``n_segments``) with the code;
    - ``reason``: why values are NaN, as ``"statistic: reason; ..."``, or None when all are defined.

    The "overall" row treats every (segment, code) pair as a separate binary unit and pools them
    all; its bootstrap resamples segments, each with all its codes, since the codes of one segment
    are not independent. Prevalence there is the share of (segment, code) pairs coded.

    Raises InputError when fewer than two coders are given, a coder has no codings, or the coders
    share no coded segments.
    """
    codes = _check_codes(code_ids)
    by_coder = _check_coders(coders, codings)
    coders = list(coders)
    units = [s for s in segments if s.codable] if codable_only else list(segments)
    data = np.full((len(coders), len(units), len(codes)), math.nan)
    for i, coder in enumerate(coders):
        docs = {c.doc_id for c in by_coder[coder]}
        coded = np.array([s.doc_id in docs for s in units], dtype=bool)
        if coded.any():
            chosen = [s for s, ok in zip(units, coded) if ok]
            data[i, coded] = labels_from_codings(chosen, by_coder[coder], codes)
    shared = (~np.isnan(data[:, :, 0])).sum(axis=0) >= 2 if units else np.zeros(0, dtype=bool)
    if not shared.any():
        raise InputError(f"coders {', '.join(coders)} share no coded segments",
                         hint="agreement needs segments of documents that two or more of these coders coded; "
                              "check the coder names and which documents each coded")
    data = data[:, shared]
    n_segments = data.shape[1]

    rows: list[dict[str, Any]] = []
    for j, code in enumerate(codes + ["overall"]):
        block = data[:, :, j] if j < len(codes) else data
        flat = block.reshape(len(coders), -1)
        row: dict[str, Any] = {"code": code, "n_coders": len(coders), "n_segments": n_segments,
                               "n_units": flat.shape[1]}
        stats, prevalence, reasons = _binary_row(flat, coders)
        row.update(stats)
        alpha = alpha_with_reason(flat, "nominal")
        ci = _alpha_ci(block, "nominal", n_boot, seed, level)
        row["alpha"], reasons["alpha"] = alpha.value, alpha.reason
        row["alpha_ci_low"], row["alpha_ci_high"] = ci.low, ci.high
        row["alpha_ci_n_undefined"] = ci.n_undefined
        row.update(prevalence)
        if alpha.reason is None and ci.reason:
            reasons["alpha_ci"] = ci.reason
        row["reason"] = _join_reasons(reasons)
        rows.append(row)
    return rows


def _coverage(codings: Sequence[Coding], length: int, index: Mapping[str, int], doc_id: str) -> np.ndarray:
    """codes x characters bool: which characters one coder's codings of one document cover."""
    edges = np.zeros((len(index), length + 1), dtype=np.int32)
    rows, starts, ends = [], [], []
    for c in codings:
        if not (0 <= c.start <= c.end <= length):
            raise InputError(f"coding {c.start}-{c.end} of {c.code_id!r} by {c.coder!r} lies outside "
                             f"document {doc_id!r} of {length} characters",
                             hint="pass the lengths of the texts the codings were made on")
        j = index.get(c.code_id)
        if j is not None and c.end > c.start:
            rows.append(j)
            starts.append(c.start)
            ends.append(c.end)
    if rows:
        np.add.at(edges, (np.array(rows), np.array(starts)), 1)
        np.add.at(edges, (np.array(rows), np.array(ends)), -1)
    return np.cumsum(edges, axis=1)[:, :length] > 0


def character_agreement(doc_lengths: Mapping[str, int], codings: Sequence[Coding], code_ids: Sequence[str],
                        coders: Sequence[str]) -> list[dict[str, Any]]:
    """Krippendorff's alpha (nominal) per code with every character as a unit, then an "overall" row.

    Units are the characters of the documents in `doc_lengths` that two or more of `coders` coded
    (a coder coded a document when it has at least one coding there, of any code); a character is 1
    for a coder when one of the coder's codings of the code covers it, 0 when not. Every character
    counts, exactly: no sampling. Alpha for binary data depends only on how many coders gave 1 to a
    unit out of how many coded it, so the coincidence matrix is built from a histogram of those
    counts per document (coverage from cumulative sums of coding boundaries), which takes well under
    a second for documents of 50,000 characters. No bootstrap interval is given: neighbouring
    characters are far from independent units.

    Rows hold ``code``, ``n_docs``, ``n_units`` (characters), ``percent_agreement`` (per character,
    share of agreeing coder pairs), ``alpha``, ``prevalence[<coder>]`` (share of the coder's
    characters with the code) and ``reason`` (None when defined). The "overall" row pools the
    (character, code) pairs of all codes as separate binary units.

    Raises InputError when fewer than two coders are given, a coder has no codings, the coders
    share no coded document, or a coding lies outside its document.
    """
    codes = _check_codes(code_ids)
    by_coder = _check_coders(coders, codings)
    coders = list(coders)
    index = {c: j for j, c in enumerate(codes)}
    per_doc: dict[tuple[str, str], list[Coding]] = {}
    for coder in coders:
        for c in by_coder[coder]:
            per_doc.setdefault((coder, c.doc_id), []).append(c)

    k_codes = len(codes)
    o = np.zeros((k_codes, 2, 2))            # coincidences per code, values (0, 1)
    agree = np.zeros(k_codes)                # sum over characters of the share of agreeing pairs
    covered = np.zeros((len(coders), k_codes))
    coded_chars = np.zeros(len(coders))
    n_docs = n_chars = 0
    for doc_id, length in doc_lengths.items():
        length = int(length)
        present = [i for i, coder in enumerate(coders) if (coder, doc_id) in per_doc]
        m = len(present)
        if m < 2 or length <= 0:
            continue
        n_docs += 1
        n_chars += length
        ones = np.zeros((k_codes, length), dtype=np.int32)
        for i in present:
            cov = _coverage(per_doc[(coders[i], doc_id)], length, index, doc_id)
            ones += cov
            covered[i] += cov.sum(axis=1)
            coded_chars[i] += length
        k = np.arange(m + 1, dtype=float)
        hist = np.stack([np.bincount(row, minlength=m + 1) for row in ones]).astype(float)
        o[:, 1, 1] += hist @ (k * (k - 1)) / (m - 1)
        o[:, 0, 0] += hist @ ((m - k) * (m - k - 1)) / (m - 1)
        o[:, 0, 1] += hist @ (k * (m - k)) / (m - 1)
        agree += hist @ ((k * (k - 1) + (m - k) * (m - k - 1)) / (m * (m - 1)))
    if n_docs == 0:
        raise InputError(f"coders {', '.join(coders)} share no coded documents",
                         hint="character agreement needs documents that two or more of these coders coded; "
                              "check the coder names and the document ids in doc_lengths")
    o[:, 1, 0] = o[:, 0, 1]
    values = np.array([0.0, 1.0])

    rows: list[dict[str, Any]] = []
    for j, code in enumerate(codes + ["overall"]):
        last = j == k_codes
        oj = o.sum(axis=0) if last else o[j]
        units = n_chars * (k_codes if last else 1)
        alpha = _alpha_from_coincidences(oj, values, "nominal", units)
        row: dict[str, Any] = {"code": code, "n_coders": len(coders), "n_docs": n_docs, "n_units": units,
                               "percent_agreement": float((agree.sum() if last else agree[j]) / units),
                               "alpha": alpha.value}
        for i, coder in enumerate(coders):
            cov = covered[i].sum() / k_codes if last else covered[i, j]
            row[f"prevalence[{coder}]"] = float(cov / coded_chars[i]) if coded_chars[i] else math.nan
        row["reason"] = _join_reasons({"alpha": alpha.reason})
        rows.append(row)
    return rows
