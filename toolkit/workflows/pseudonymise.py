"""`pseudonymise`: transcripts into pseudonymised .txt files, or a project file into a new
pseudonymised project file (documents, segments, human codings and codebooks; the same mapping)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
from toolkit.io.pseudonymise import Pseudonymiser, PseudonymiseSummary, pseudonymise_files, remap_span, renamed_id
from toolkit.io.text import _sha
from toolkit.partitions import runner_for
from toolkit.store import is_project_file, open_store
from toolkit.types import Coding, Segment

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def pseudonymise(inputs: list[str | Path], out: str | Path, mapping: str | Path, *,
                 progress: Callable[[str, int, int], None] | None = None, scheduler=None) -> PseudonymiseSummary:
    """Files and folders -> .txt files in the folder `out`; one project file -> the new project `out`.

    With `scheduler` (a toolkit.partitions spec such as "local:2", or an open Runner) files are read and
    the candidate spans of every text found in partitions on Dask workers; the mapping is applied here,
    in document order, so every output is the same as in one process. `progress(stage, done, total)`:
    stage "read" per file read (total 0: unknown), "find" per document done.
    """
    inputs = [Path(i) for i in inputs]
    projects = [i for i in inputs if is_project_file(i)]
    if projects and len(inputs) > 1:
        raise InputError("give one project file, or transcripts, not both", path=projects[0],
                         hint="pseudonymise a project on its own: worth pseudonymise P.sqlite --out NEW.sqlite")
    counter = {"read": 0, "find": 0}

    def tick(stage: str, n: int = 1, total: int = 0) -> None:
        counter[stage] += n
        if progress is not None:
            progress(stage, counter[stage], total)

    with runner_for(scheduler) as runner:
        if not projects:
            return pseudonymise_files(inputs, out, mapping, progress=lambda _path: tick("read"), runner=runner,
                                      found=lambda n, total: tick("find", n, total))
        return pseudonymise_project(projects[0], out, mapping, runner=runner, found=tick)


def _check_out(project: Path, out: Path, mapping: Path) -> None:
    if out.suffix.lower() not in (".sqlite", ".db", ".worth"):
        raise InputError("a project is pseudonymised into a new project file", path=out,
                         hint="give --out NEW.sqlite")
    if out.exists():
        raise InputError("--out exists; a pseudonymised project is always written to a new file", path=out,
                         hint="choose a new file name (the original project stays as it is)")
    if mapping.resolve() in (project.resolve(), out.resolve()):
        raise InputError("--mapping must be its own JSON file", path=mapping, hint="e.g. --mapping sleutel.json")


def pseudonymise_project(project: str | Path, out: str | Path, mapping: str | Path, *, runner=None,
                         found: Callable[..., None] | None = None) -> PseudonymiseSummary:
    """Write a new project whose texts, segment texts and metadata strings are pseudonymised and whose
    human codings sit on the same words as before (offsets moved with the replacements).

    Machine codings are not carried over (their explanations quote words of the original text): run
    `worth code` on the new project. Review decisions and memos stay in the original project.
    The original project is not changed; a failure leaves no new file behind. With `runner` the
    candidate spans of the texts, metadata strings and speaker labels are found on Dask workers.
    """
    project, out, mapping = Path(project), Path(out), Path(mapping)
    _check_out(project, out, mapping)
    pseudo = Pseudonymiser.load_mapping(mapping)
    summary = PseudonymiseSummary(mapping_path=str(mapping))
    counts: Counter[str] = Counter()
    with open_store(project, create=False) as src:
        originals = src.documents()
        segments = {doc.id: src.segments(doc.id) for doc in originals}
        cands = _candidates(runner, originals, segments, pseudo.keep_countries, found)
        documents, reps_by_doc, new_ids = [], {}, {}
        for doc in originals:
            text, reps = pseudo.apply(doc.text, cands.get(doc.text))
            reps_by_doc[doc.id] = reps
            new_ids[doc.id] = _new_id(pseudo.pseudonymise_name(doc.id), new_ids)  # ids name people too
            counts.update(r.placeholder.strip("[]").rsplit("-", 1)[0] for r in reps)
            meta = {k: pseudo.apply(v, cands.get(v))[0] if isinstance(v, str) else v for k, v in doc.meta.items()}
            documents.append((doc.id, replace(doc, id=new_ids[doc.id], text=text, sha256=_sha(text), meta=meta,
                                              source=f"{new_ids[doc.id]}.txt")))
            if found is not None and runner is None:
                found("find", 1, len(originals))
        items = [(doc, _moved_segments(segments[old], doc, reps_by_doc[old], pseudo, old, cands))
                 for old, doc in documents]
        human = [_moved_coding(c, reps_by_doc[c.doc_id], new_ids[c.doc_id]) for c in src.codings()
                 if not c.coder.startswith("model:")]
        documents = [doc for _, doc in documents]
        summary.names = new_ids
        machine = len(src.codings()) - len(human)
        books = src.codebooks()
    try:
        with open_store(out) as dst:
            for book in books:
                dst.add_codebook(book["name"], book["version"], book["content"], book["hash"])
            dst.add_documents(items, params={"pseudonymised_from": project.name})
            if human:
                dst.add_human_codings(human, params={"pseudonymised_from": project.name})
    except BaseException:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(out) + suffix).unlink(missing_ok=True)
        raise
    pseudo.save_mapping(mapping)
    if machine:
        log.warning("%d machine codings were not carried over: run `worth code %s` to code the new project",
                    machine, out)
    summary.documents = len(documents)
    summary.written = [str(out)]
    summary.counts = dict(sorted(counts.items()))
    summary.replacements = reps_by_doc
    return summary


def _new_id(candidate: str, taken: dict[str, str]) -> str:
    while candidate in taken.values():  # two originals that pseudonymise alike keep apart
        candidate += "_2"
    return candidate


def _candidates(runner, documents: list[Any], segments: dict[str, list[Segment]], keep_countries: bool,
                found: Callable[..., None] | None) -> dict[str, Any]:
    """With a runner: the candidate spans of every text, metadata string and speaker label, keyed by
    the string (found on the workers); without: none (found here as each string is pseudonymised)."""
    if runner is None:
        return {}
    from toolkit.io.pseudonymise.partitioned import candidates_on

    groups = [[doc.text, *(v for v in doc.meta.values() if isinstance(v, str)),
               *(s.speaker for s in segments[doc.id] if s.speaker)] for doc in documents]
    step = (lambda n: found("find", n, len(documents))) if found is not None else None
    return candidates_on(runner, groups, keep_countries, step)


def _moved_segments(segments: list[Segment], doc: Any, reps: list[Any], pseudo: Pseudonymiser,
                    old_id: str, cands: dict[str, Any]) -> list[Segment]:
    out = []
    for s in segments:
        start, end = remap_span(s.start, s.end, reps)
        speaker = pseudo.apply(s.speaker, cands.get(s.speaker))[0] if s.speaker else s.speaker  # names too
        out.append(replace(s, id=renamed_id(s.id, old_id, doc.id), doc_id=doc.id, start=start, end=end,
                           text=doc.text[start:end], speaker=speaker))
    return out


def _moved_coding(c: Coding, reps: list[Any], new_doc: str) -> Coding:
    start, end = remap_span(c.start, c.end, reps)
    return Coding(doc_id=new_doc, start=start, end=end, code_id=c.code_id, coder=c.coder,
                  segment_id=renamed_id(c.segment_id, c.doc_id, new_doc))
