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
:func:`toolkit.labels.labels_from_codings`); :func:`character_agreement` compares them on every
character of the documents they coded. A coder's value for a unit is missing (NaN) when the coder
never coded the unit's document: a document a coder touched counts as fully coded by that coder.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import InputError
from .labels import labels_from_codings
from .types import Coding, Segment

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

LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class AgreementResult:
    """A statistic with the reason it is undefined (``value`` NaN) or ``reason`` None.

    ``n_units`` counts the units that entered the computation (for alpha and percent agreement the
    units with two or more values; for Cohen's kappa the units both coders coded; for Fleiss' kappa
    the rows of the table).
    """

    value: float
    reason: str | None = None
    n_units: int = 0

    @property
    def defined(self) -> bool:
        return not math.isnan(self.value)

    def __float__(self) -> float:
        return self.value


AlphaResult = AgreementResult
"""Krippendorff's alpha with its reason: the same record as :class:`AgreementResult`."""


@dataclass(frozen=True)
class BootstrapCI:
    """Percentile bootstrap interval of a statistic.

    ``n`` replicates were drawn; ``n_undefined`` of them were NaN and left out of the percentiles.
    ``low``/``high`` are NaN with a ``reason`` when no replicate was defined.
    """

    estimate: float
    low: float
    high: float
    level: float
    n: int
    n_undefined: int
    reason: str | None = None


def _undefined(reason: str, n_units: int = 0) -> AgreementResult:
    return AgreementResult(math.nan, reason, n_units)


def _as_reliability_data(reliability_data: Any) -> np.ndarray:
    data = np.array(reliability_data, dtype=float)
    if data.ndim != 2:
        raise ValueError(f"reliability data must be a coders x units array, got {data.ndim} dimension(s)")
    if np.isinf(data).any():
        raise ValueError("reliability data hold infinite values; use NaN for missing values")
    return data


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise InputError(f"unknown level of measurement {level!r}", hint="use one of " + ", ".join(LEVELS))


def _fmt(v: float) -> str:
    return f"{v:g}"


# --------------------------------------------------------------------------- Krippendorff's alpha

def _value_counts(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sorted values used in `data` and the units x values table of how many coders gave each."""
    mask = ~np.isnan(data)
    observed = data[mask]
    values = np.unique(observed)
    n_units, n_values = data.shape[1], len(values)
    if n_values == 0:
        return values, np.zeros((n_units, 0))
    _, unit_idx = np.nonzero(mask)            # same (row-major) order as data[mask]
    value_idx = np.searchsorted(values, observed)
    counts = np.bincount(unit_idx * n_values + value_idx, minlength=n_units * n_values)
    return values, counts.reshape(n_units, n_values).astype(float)


def _unit_coincidences(counts: np.ndarray) -> np.ndarray:
    """Per-unit contributions to the coincidence matrix, units x values x values (0 for m_u < 2)."""
    m = counts.sum(axis=1)
    weight = np.zeros_like(m)
    np.divide(1.0, m - 1, out=weight, where=m >= 2)
    outer = counts[:, :, None] * counts[:, None, :]
    idx = np.arange(counts.shape[1])
    outer[:, idx, idx] -= counts
    return outer * weight[:, None, None]


def _coincidences(counts: np.ndarray) -> np.ndarray:
    m = counts.sum(axis=1)
    keep = m >= 2
    c = counts[keep]
    w = c / (m[keep] - 1)[:, None]
    return w.T @ c - np.diag(w.sum(axis=0))


def _delta(values: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    """Squared difference function of Krippendorff (2011) for the level of measurement."""
    if level == "nominal":
        return 1.0 - np.eye(len(values))
    if level == "interval":
        return np.subtract.outer(values, values) ** 2
    if level == "ratio":
        diff = np.subtract.outer(values, values)
        total = np.add.outer(values, values)
        out = np.zeros_like(diff)
        np.divide(diff, total, out=out, where=total != 0)
        return out**2
    # ordinal: (sum of n_g for g from c to k  -  (n_c + n_k) / 2) ** 2
    idx = np.arange(len(values))
    lo, hi = np.minimum.outer(idx, idx), np.maximum.outer(idx, idx)
    cum = np.concatenate([[0.0], np.cumsum(n_c)])
    between = cum[hi + 1] - cum[lo]
    return (between - (n_c[:, None] + n_c[None, :]) / 2) ** 2


def _alpha_from_coincidences(o: np.ndarray, values: np.ndarray, level: str, n_units: int) -> AgreementResult:
    n_c = o.sum(axis=1)
    n = float(n_c.sum())
    if n <= 0:
        return _undefined("no unit has values from two or more coders: nothing to compare", n_units)
    used = n_c > 1e-12
    if used.sum() < 2:
        only = values[used][0] if used.any() else math.nan
        return _undefined(f"every pairable value is {_fmt(only)}: expected disagreement is 0, "
                          "so agreement cannot be told from chance", n_units)
    delta = _delta(values, n_c, level)
    observed = float((o * delta).sum())
    expected = float((np.outer(n_c, n_c) * delta).sum()) / (n - 1)
    if expected <= 0:
        return _undefined("expected disagreement is 0: agreement cannot be told from chance", n_units)
    return AgreementResult(1.0 - observed / expected, None, n_units)


def alpha_with_reason(reliability_data: Any, level: str = "nominal") -> AgreementResult:
    """Krippendorff's alpha with the reason it is undefined; see :func:`krippendorff_alpha`."""
    _check_level(level)
    data = _as_reliability_data(reliability_data)
    if data.shape[0] < 2:
        return _undefined(f"only {data.shape[0]} coder: agreement needs two or more")
    values, counts = _value_counts(data)
    n_units = int((counts.sum(axis=1) >= 2).sum())
    if n_units == 0:
        return _undefined("no unit has values from two or more coders: nothing to compare")
    return _alpha_from_coincidences(_coincidences(counts), values, level, n_units)


def krippendorff_alpha(reliability_data: Any, level: str = "nominal") -> float:
    """Krippendorff's alpha of a coders x units array (NaN = missing value).

    Any number of coders; units with fewer than two values are dropped. `level` is "nominal"
    (default), "ordinal", "interval" or "ratio". Returns NaN when alpha is undefined (nothing
    pairable, or one single value used throughout); :func:`alpha_with_reason` says why.
    """
    return alpha_with_reason(reliability_data, level).value


# --------------------------------------------------------------------------- kappas and percent

def cohen_kappa_with_reason(a: Any, b: Any) -> AgreementResult:
    """Cohen's kappa of two coders (nominal) with the reason it is undefined; see :func:`cohen_kappa`."""
    x, y = np.asarray(a, dtype=float).ravel(), np.asarray(b, dtype=float).ravel()
    if x.shape != y.shape:
        raise ValueError(f"the two coders' values differ in length ({len(x)} and {len(y)})")
    both = ~np.isnan(x) & ~np.isnan(y)
    x, y = x[both], y[both]
    n = len(x)
    if n == 0:
        return _undefined("the two coders share no coded units")
    values = np.unique(np.concatenate([x, y]))
    v = len(values)
    table = np.bincount(np.searchsorted(values, x) * v + np.searchsorted(values, y),
                        minlength=v * v).reshape(v, v) / n
    p_observed = float(np.trace(table))
    p_chance = float(table.sum(axis=1) @ table.sum(axis=0))
    if 1.0 - p_chance <= 1e-12:
        return _undefined(f"both coders gave every unit the same value ({_fmt(values[0])}): "
                          "chance agreement is 1", n)
    return AgreementResult((p_observed - p_chance) / (1.0 - p_chance), None, n)


def cohen_kappa(a: Any, b: Any) -> float:
    """Cohen's kappa of two coders' nominal values on the same units (NaN = missing).

    Units where either coder has no value are skipped. NaN when undefined (no shared units, or
    both coders used one and the same value throughout).
    """
    return cohen_kappa_with_reason(a, b).value


def fleiss_kappa_with_reason(table: Any) -> AgreementResult:
    """Fleiss' kappa with the reason it is undefined; see :func:`fleiss_kappa`."""
    t = np.array(table, dtype=float)
    if t.ndim != 2:
        raise ValueError("Fleiss' kappa takes a units x categories table of counts")
    if np.isnan(t).any() or (t < 0).any():
        raise ValueError("the table of Fleiss' kappa holds counts: no NaN or negative values")
    t = t[t.sum(axis=1) > 0]
    if len(t) == 0:
        return _undefined("no unit has ratings")
    per_unit = t.sum(axis=1)
    raters = per_unit[0]
    if not np.all(per_unit == raters):
        raise ValueError("Fleiss' kappa needs the same number of ratings on every unit; "
                         "use krippendorff_alpha for data with missing ratings")
    n_units = len(t)
    if raters < 2:
        return _undefined("every unit has one rating: agreement needs two or more", n_units)
    p_unit = ((t * t).sum(axis=1) - raters) / (raters * (raters - 1))
    p_bar = float(p_unit.mean())
    p_cat = t.sum(axis=0) / (n_units * raters)
    p_chance = float((p_cat * p_cat).sum())
    if 1.0 - p_chance <= 1e-12:
        return _undefined("all ratings fall in one category: chance agreement is 1", n_units)
    return AgreementResult((p_bar - p_chance) / (1.0 - p_chance), None, n_units)


def fleiss_kappa(table: Any) -> float:
    """Fleiss' kappa (1971) of a units x categories table of counts of ratings.

    Every unit (row) must have the same number of ratings (rows without ratings are dropped).
    NaN when undefined (all ratings in one category, or one rating per unit).
    """
    return fleiss_kappa_with_reason(table).value


def percent_agreement_with_reason(reliability_data: Any) -> AgreementResult:
    """Percent agreement with the reason it is undefined; see :func:`percent_agreement`."""
    data = _as_reliability_data(reliability_data)
    if data.shape[0] < 2:
        return _undefined(f"only {data.shape[0]} coder: agreement needs two or more")
    _, counts = _value_counts(data)
    m = counts.sum(axis=1)
    keep = m >= 2
    if not keep.any():
        return _undefined("no unit has values from two or more coders: nothing to compare")
    c, m = counts[keep], m[keep]
    per_unit = (c * (c - 1)).sum(axis=1) / (m * (m - 1))
    return AgreementResult(float(per_unit.mean()), None, int(keep.sum()))


def percent_agreement(reliability_data: Any) -> float:
    """Share of agreeing coder pairs per unit, averaged over the units with two or more values.

    `reliability_data` is coders x units (NaN = missing). For two coders this is the share of units
    both coded on which they gave the same value. A proportion in [0, 1]; NaN when no unit has two
    values.
    """
    return percent_agreement_with_reason(reliability_data).value


def _fleiss_table(data: np.ndarray) -> np.ndarray:
    """Units x categories counts of the units every coder coded (complete units only)."""
    complete = ~np.isnan(data).any(axis=0)
    _, counts = _value_counts(data[:, complete])
    return counts


# --------------------------------------------------------------------------- bootstrap

def _draws(n_units: int, n: int, seed: int) -> Iterator[np.ndarray]:
    """The resampled unit indices of each replicate (the same stream for every bootstrap here)."""
    rng = np.random.default_rng(seed)
    for _ in range(n):
        yield rng.integers(0, n_units, size=n_units)


def _percentile_ci(estimate: float, replicates: np.ndarray, n: int, level: float) -> BootstrapCI:
    defined = replicates[~np.isnan(replicates)]
    n_undefined = int(n - len(defined))
    if len(defined) == 0:
        return BootstrapCI(estimate, math.nan, math.nan, level, n, n_undefined,
                           f"all {n} bootstrap replicates are undefined")
    low, high = np.quantile(defined, [(1 - level) / 2, (1 + level) / 2])
    return BootstrapCI(estimate, float(low), float(high), level, n, n_undefined)


def _check_bootstrap_args(n: int, level: float) -> None:
    if n < 1:
        raise ValueError("the bootstrap needs at least one replicate (n >= 1)")
    if not 0 < level < 1:
        raise ValueError("the confidence level must lie between 0 and 1, e.g. 0.95")


def bootstrap_ci(statistic: Callable[[np.ndarray], float], data: Any, n: int = 1000, seed: int = 0,
                 level: float = 0.95, *, axis: int = 1) -> BootstrapCI:
    """Percentile bootstrap interval of ``statistic(data)``, resampling units with replacement.

    Units lie along `axis` (default 1: the columns of a coders x units array; use ``axis=0`` for the
    rows of a units x categories table). The same `seed` gives the same interval. Replicates where
    the statistic is NaN are left out of the percentiles and counted in ``n_undefined``.
    """
    _check_bootstrap_args(n, level)
    arr = np.asarray(data, dtype=float)
    estimate = float(statistic(arr))
    n_units = arr.shape[axis]
    if n_units == 0:
        return BootstrapCI(estimate, math.nan, math.nan, level, n, n, "no units to resample")
    replicates = np.array([float(statistic(np.take(arr, idx, axis=axis))) for idx in _draws(n_units, n, seed)])
    return _percentile_ci(estimate, replicates, n, level)


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
        raise InputError("no codes to compare", hint="pass the code ids of the codebook")
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
    segment (the rule of :func:`toolkit.labels.labels_from_codings`) and 0 when not. Segments with
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
