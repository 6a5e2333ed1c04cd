"""Pseudonymise files and folders into an output folder, with a mapping file kept apart."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from toolkit.files import atomic_write
from toolkit.errors import InputError
from toolkit.io.pseudonymise.common import Replacement
from toolkit.io.pseudonymise.replacer import Pseudonymiser

log = logging.getLogger(__name__)

@dataclass
class PseudonymiseSummary:
    """What :func:`pseudonymise_files` did."""

    documents: int = 0
    written: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)        # replaced occurrences per kind
    placeholders: dict[str, int] = field(default_factory=dict)  # distinct placeholders per kind (mapping)
    skipped: list[str] = field(default_factory=list)
    replacements: dict[str, list[Replacement]] = field(default_factory=dict)  # by original document id
    names: dict[str, str] = field(default_factory=dict)  # original document id -> pseudonymised id
    mapping_path: str = ""

def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False

def pseudonymise_files(inputs: Iterable[str | Path], out_dir: str | Path, mapping_path: str | Path,
                       progress: Callable[[Path], Any] | None = None,
                       pseudonymiser: Pseudonymiser | None = None, runner: Any = None,
                       found: Callable[[int, int], Any] | None = None) -> PseudonymiseSummary:
    """Pseudonymise files and folders into `out_dir` as ``.txt`` with the same relative names.

    The mapping in `mapping_path` is reused and extended (created when absent) and written after all
    documents; it must not lie inside `out_dir`. Files that cannot be read are skipped and listed.
    With `runner` (toolkit.partitions) the files are read and their candidate spans found in partitions
    on Dask workers; placeholders and files are made here in document order: the same output.
    `progress(path)` is called per file read, `found(n, total)` when n more of `total` documents are done.
    """
    from toolkit.io.readers import iter_input_files

    inputs = [Path(i) for i in inputs]
    out_dir = Path(out_dir)
    mapping_path = Path(mapping_path)
    if _is_within(mapping_path, out_dir):
        raise InputError("the mapping file would be written inside the output folder", path=mapping_path,
                         hint="store the mapping apart from the pseudonymised texts")
    for item in inputs:
        if item.exists() and item.is_dir() and _is_within(out_dir, item):
            raise InputError("the output folder lies inside an input folder", path=out_dir,
                             hint="choose an output folder outside the transcripts")
    pseudo = pseudonymiser or Pseudonymiser.load_mapping(mapping_path)
    rel_of: dict[str, Path] = {}
    for path, root in iter_input_files(i for i in inputs if i.exists()):
        rel = path.relative_to(root) if root is not None else Path(path.name)
        rel_of[str(path)] = rel
        rel_of[str(path.resolve())] = rel
    report, cands = _read(inputs, progress, runner, pseudo.keep_countries, found)
    summary = PseudonymiseSummary(mapping_path=str(mapping_path))
    summary.skipped = [e.one_line() for e in report.skipped]
    per_source = Counter(p.document.source for p in report.parsed)
    used: set[Path] = set()
    counts: Counter[str] = Counter()
    input_files = {str(Path(k).resolve()) for k in rel_of}
    for parsed in report.parsed:
        doc = parsed.document
        rel = rel_of.get(doc.source) or rel_of.get(str(Path(doc.source).resolve())) or Path(doc.id)
        # first the text: its names name the file too
        new_text, replacements = pseudo.apply(doc.text, cands.get(doc.text))
        if per_source[doc.source] > 1:
            rel = rel.parent / f"{doc.id}.txt"
        else:
            rel = rel.with_suffix(".txt")
        rel = Path(*[pseudo.pseudonymise_name(part) for part in rel.parts])
        if rel in used:
            rel = rel.parent / f"{doc.id}.txt"
        n = 2
        base = rel
        while rel in used:
            rel = base.with_name(f"{base.stem}_{n}.txt")
            n += 1
        used.add(rel)
        target = out_dir / rel
        if str(target.resolve()) in input_files:
            raise InputError("pseudonymising would overwrite an input file", path=target,
                             hint="choose another output folder")
        counts.update(r.placeholder[1:].rsplit("-", 1)[0] for r in replacements)
        with atomic_write(target) as fh:
            fh.write(new_text)
        summary.written.append(str(target))
        summary.replacements[doc.id] = replacements
        summary.names[doc.id] = pseudo.pseudonymise_name(doc.id)
        summary.documents += 1
        log.info("pseudonymised %s: %d replacements", doc.id, len(replacements))
        if found is not None and runner is None:
            found(1, len(report.parsed))
    pseudo.save_mapping(mapping_path)
    summary.counts = dict(counts)
    summary.placeholders = pseudo.counts()
    return summary


def _read(inputs: list[Path], progress: Callable[[Path], Any] | None, runner: Any, keep_countries: bool,
          found: Callable[[int, int], Any] | None) -> tuple[Any, dict[str, Any]]:
    """The read report and, with a runner, the candidate spans of every text (found on the workers)."""
    from toolkit.io.readers import read_inputs, read_inputs_on

    if runner is None:
        return read_inputs(inputs, progress=progress), {}
    from toolkit.io.pseudonymise.partitioned import candidates_on

    report = read_inputs_on(runner, inputs, progress=progress)
    step = (lambda n: found(n, len(report.parsed))) if found is not None else None
    return report, candidates_on(runner, [[p.document.text] for p in report.parsed], keep_countries, step)
