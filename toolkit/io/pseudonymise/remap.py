"""Offsets of the original text in the pseudonymised text, for codings made on the original."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from toolkit.io.pseudonymise.common import Replacement

def _map_offset(pos: int, replacements: Sequence[Replacement], olds: list[int], side: str) -> int:
    i = bisect.bisect_right(olds, pos) - 1  # last replacement starting at or before pos
    if i < 0:
        return pos
    r = replacements[i]
    if pos == r.old_start:
        return r.new_start
    if pos < r.old_end:  # inside a replaced identifier: snap outwards
        return r.new_start if side == "start" else r.new_end
    return pos - r.old_end + r.new_end

def remap_span(start: int, end: int, replacements: Sequence[Replacement]) -> tuple[int, int]:
    """Offsets of a span of the original text in the pseudonymised text.

    Text outside identifiers keeps its place; a boundary inside a replaced identifier snaps outwards
    to the placeholder's bounds, so a coding that covered part of a name covers its placeholder.
    """
    if start > end:
        raise ValueError(f"span start {start} after end {end}")
    reps = sorted(replacements)
    olds = [r.old_start for r in reps]
    return _map_offset(start, reps, olds, "start"), _map_offset(end, reps, olds, "end")

def remap(offset_pairs: Iterable[tuple[int, int]], replacements: Sequence[Replacement]
          ) -> list[tuple[int, int]]:
    """:func:`remap_span` for many spans of one document."""
    reps = sorted(replacements)
    olds = [r.old_start for r in reps]
    out = []
    for start, end in offset_pairs:
        if start > end:
            raise ValueError(f"span start {start} after end {end}")
        out.append((_map_offset(start, reps, olds, "start"), _map_offset(end, reps, olds, "end")))
    return out

def remap_codings(records: Iterable[Any], replacements_by_file: Mapping[str, Sequence[Replacement]]
                  ) -> list[Any]:
    """Re-map standoff codings (``Coding`` objects or dicts with ``start``/``end``) to pseudonymised text.

    A record is matched on its ``doc_id`` (or ``file``/``document``/``source``, also by file name
    and stem); records of documents without replacements are returned unchanged.
    """
    lookup: dict[str, Sequence[Replacement]] = {}
    for key, reps in replacements_by_file.items():
        for k in (str(key), Path(str(key)).name, Path(str(key)).stem):
            lookup.setdefault(k, sorted(reps))
    out = []
    for rec in records:
        is_dict = isinstance(rec, Mapping)
        get = rec.get if is_dict else (lambda k, _r=rec: getattr(_r, k, None))
        doc = next((get(k) for k in ("doc_id", "file", "document", "source") if get(k) not in (None, "")), None)
        reps = None
        if doc is not None:
            doc = str(doc)
            reps = lookup.get(doc) or lookup.get(Path(doc).name) or lookup.get(Path(doc).stem)
        if not reps:
            out.append(dict(rec) if is_dict else rec)
            continue
        start, end = remap_span(int(get("start")), int(get("end")), reps)
        if is_dict:
            new = dict(rec)
            new["start"], new["end"] = start, end
            out.append(new)
        else:
            out.append(dataclasses.replace(rec, start=start, end=end))
    return out
