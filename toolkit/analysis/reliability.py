"""Inter-coder reliability statistics: Krippendorff's alpha, Cohen's and Fleiss' kappa, percent
agreement, bootstrap intervals; each with the reason when it is undefined."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from toolkit.errors import InputError


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




