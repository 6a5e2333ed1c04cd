"""`ingest`: read transcripts (and QDA projects and standoff codings) into a project file, one
transaction per batch; also the helpers that turn inputs into a temporary project."""

from __future__ import annotations
import logging

import contextlib
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from toolkit.errors import InputError, NothingRead
from toolkit.io.text import ReadReport
from toolkit.io.readers import read_inputs, read_inputs_on
from toolkit.partitions import runner_for
from toolkit.io.segment import segment_document, sentence_windows
from toolkit.store import is_project_file, open_store
from toolkit.types import Document, Segment
from toolkit.exchange.standoff import check_codings

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


@dataclass
class IngestOutcome:
    run_id: str | None = None
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)
    segments: int = 0
    codings: int = 0
    machine_codings: int = 0
    replaced: list[str] = field(default_factory=list)
    reanchored: int = 0
    unanchored: int = 0
    unanchored_file: Path | None = None
    machine_removed: int = 0


def _segment_all(report: ReadReport, *, unit: str, window: int,
                 progress: Callable[[str], None] | None = None) -> list[tuple[Document, list[Segment]]]:
    out = []
    splitter = None
    for parsed in report.parsed:
        doc = parsed.document
        if progress:
            progress(doc.id)
        segments = parsed.segments if parsed.segments is not None else segment_document(
            doc, unit="paragraph" if unit == "paragraph" else "auto")
        if unit == "sentence":
            if splitter is None:
                from toolkit.nlp import sentence_spans as splitter
            segments = sentence_windows(segments, splitter, size=window)
        out.append((doc, segments))
    return out


def ingest(inputs: Sequence[str | Path], project: str | Path, *, manifest: str | Path | None = None,
           unit: str = "auto", window: int = 3, compute_terms: bool = True,
           codings: str | Path | None = None, codebook: str | Path | None = None,
           pseudonymise: str | Path | None = None, replace: bool = False,
           progress: Callable[[str, int, int], None] | None = None, scheduler=None) -> IngestOutcome:
    """Read transcripts into a project: one transaction for the whole batch.

    Bad files are skipped and reported; documents already in the project unchanged are left
    alone; the rest is stored with its segments as one ingest run. With `scheduler` (a
    toolkit.partitions spec such as "local:2", or an open Runner) files are read and lemmatised in
    partitions on Dask workers; only this process writes the project file, in the same transaction.
    With `replace`, a file whose document id is stored with other text replaces that document (its
    segments too) in one transaction, which adds the new documents too: human codings move to where
    their text is found exactly once, the others are listed in a new CSV beside the project
    (`unanchored_file`), and the document's machine codings are removed (run `code` again).
    `codings` are checked against the project as it will be before anything is written: a wrong line
    leaves the project as it was.
    """
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if codebook is not None:  # a bad codebook is refused before anything is read or stored
        from toolkit.coding.codebook_io import load_codebook

        load_codebook(codebook)
        if codings is None:
            log.warning("--codebook %s is not used: it checks the codings given with --codings "
                        "(a .qdpx brings its own codebook)", codebook)
    files_done = [0]

    def tick(_: object) -> None:
        files_done[0] += 1
        if progress:
            progress("read", files_done[0], 0)

    qdpx = [Path(i) for i in inputs if Path(i).suffix.lower() == ".qdpx"]
    if qdpx and pseudonymise is not None:  # its texts are imported whole: they would be stored as they are
        raise InputError("--pseudonymise does not reach the texts inside a .qdpx project", path=qdpx[0],
                         hint="ingest the .qdpx without --pseudonymise, then run `worth pseudonymise PROJECT "
                              "--out NEW.sqlite --mapping MAPPING` (human codings move along)")
    with runner_for(scheduler) as runner:
        files = [i for i in inputs if Path(i).suffix.lower() != ".qdpx"]
        report = (read_inputs(files, manifest=manifest, progress=tick) if runner is None
                  else read_inputs_on(runner, files, manifest=manifest, progress=tick))
        return _ingest_read(project, report, qdpx, inputs, manifest=manifest, unit=unit, window=window,
                            compute_terms=compute_terms, codings=codings, codebook=codebook,
                            pseudonymise=pseudonymise, started=started, progress=progress, runner=runner,
                            replace=replace)


def _ingest_read(project, report: ReadReport, qdpx: list[Path], inputs, *, manifest, unit, window, compute_terms,
                 codings, codebook, pseudonymise, started: str, progress, runner, replace=False) -> IngestOutcome:
    outcome = IngestOutcome(skipped=list(report.skipped))
    replacements, renamed = _pseudonymise_report(report, pseudonymise, runner) if pseudonymise is not None \
        else (None, None)
    created = not Path(project).exists()
    try:
        _ingest_into(project, outcome, report, qdpx, inputs, manifest=manifest, unit=unit, window=window,
                     compute_terms=compute_terms, codings=codings, codebook=codebook,
                     replacements=replacements, renamed=renamed, started=started, progress=progress,
                     runner=runner, replace=replace)
    except BaseException:
        if created:  # a failed first ingest leaves no empty project file behind
            _remove_project(Path(project))
        raise
    if created and not (outcome.added or outcome.codings or outcome.machine_codings):
        _remove_project(Path(project))
    return outcome


def _remove_project(project: Path) -> None:
    """Remove a project file this run created (with SQLite's side files)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(str(project) + suffix).unlink(missing_ok=True)
        except OSError:  # never there (its folder could not be made): nothing to remove
            pass


def _ingest_into(project, outcome: IngestOutcome, report: ReadReport, qdpx: list[Path], inputs, *, manifest,
                 unit: str, window: int, compute_terms: bool, codings, codebook, replacements, renamed,
                 started: str, progress, runner=None, replace: bool = False) -> None:
    """Store what `ingest` read into the project, in one transaction per part."""
    with open_store(project) as store:
        for path in qdpx:  # a QDA project comes whole: its texts, codebook and human codings
            from toolkit.exchange.qdpx_read import import_qdpx

            try:
                imported = import_qdpx(path, store)
            except InputError as exc:
                outcome.skipped.append(exc)
                continue
            outcome.added += list(imported.documents)
            outcome.unchanged += list(imported.existing_documents)
            outcome.segments += imported.segments
            outcome.codings += sum(imported.codings.values())
            outcome.machine_codings += sum(imported.machine_codings.values())
        fresh: list[tuple[Document, list[Segment]]] = []
        replacing: list[tuple[Document, list[Segment]]] = []
        for doc, segments in _segment_all(report, unit=unit, window=window):
            state = store.has_document(doc)
            if state == "same":
                outcome.unchanged.append(doc.id)
            elif state == "conflict" and replace:
                replacing.append((doc, segments))
            elif state == "conflict":
                outcome.skipped.append(InputError(
                    f"a different document with id {doc.id!r} is already in the project",
                    path=doc.source, hint="rename the file, ingest into a new project, or give --replace to "
                                          "replace the old version (human codings are moved along)"))
            elif state:
                outcome.skipped.append(InputError(
                    f"same text as {state[5:]!r}, which is already in the project",
                    path=doc.source, hint="remove the copy"))
            else:
                fresh.append((doc, segments))
        pipeline = None
        if compute_terms and (fresh or replacing):
            from toolkit import nlp

            pipeline = nlp.pipeline_info().key
            texts = [s.text for _, segs in fresh + replacing for s in segs if s.codable]
            done = [0]

            def term_tick(n: int) -> None:
                done[0] += n
                if progress:
                    progress("terms", done[0], len(texts))

            if runner is None:
                nlp.terms(texts, cache=store, progress=term_tick)
            else:  # lemmatised on the workers; only this process writes the project file
                from toolkit.nlp.partitioned import terms_on

                terms_on(runner, texts, cache=store, progress=term_tick)
        checked = None
        if codings is not None:  # checked against the project as it will be, before anything is written
            from toolkit.coding.codebook_io import load_codebook

            book = load_codebook(codebook)
            new = {d.id for d, _ in fresh + replacing}
            checked = check_codings(
                codings, book, [d for d in store.documents() if d.id not in new] + [d for d, _ in fresh + replacing],
                [s for s in store.segments() if s.doc_id not in new] + [s for _, segs in fresh + replacing for s in segs],
                replacements=replacements, renamed=renamed, unread=[e.path for e in outcome.skipped if e.path])
        params = {"inputs": [str(i) for i in inputs], "unit": unit, "window": window,
                  "manifest": str(manifest) if manifest else None}
        if replacing:  # with the new documents in the same transaction
            _replace(store, outcome, replacing, fresh, project=project, params=params, pipeline=pipeline,
                     started=started)
        elif fresh:
            outcome.run_id = store.add_documents(fresh, params=params, pipeline=pipeline,
                                                 started_at=started)
            outcome.added = [d.id for d, _ in fresh]
            outcome.segments += sum(len(s) for _, s in fresh)
        if checked is not None:
            store.add_codebook(book.name, book.version, book.content(), book.hash)
            store.add_human_codings(checked, params={"codings": str(codings), "codebook": book.hash})
            outcome.codings = len(checked)


def _replace(store, outcome: IngestOutcome, items, fresh, *, project, params, pipeline, started: str) -> None:
    """Replace `items` and add `fresh` in one transaction: a failure in either leaves the project as it was."""
    from toolkit.workflows.ingest_replace import replace_into

    done, csv_path = replace_into(store, items, project=project, params=params, pipeline=pipeline,
                                  started_at=started, add=fresh)
    outcome.skipped += done.refused
    outcome.replaced = done.documents
    outcome.reanchored, outcome.unanchored = done.reanchored, len(done.unanchored)
    outcome.unanchored_file, outcome.machine_removed = csv_path, done.machine_removed
    outcome.run_id = done.added_run_id or outcome.run_id or done.run_id
    if fresh:
        outcome.added = [d.id for d, _ in fresh]
        outcome.segments += sum(len(s) for _, s in fresh)


def _pseudonymise_report(report: ReadReport, mapping: str | Path, runner=None
                         ) -> tuple[dict[str, Any], dict[str, str]]:
    """Replace identifiers in every parsed document before anything is stored; save the mapping.

    The text, the segments, the metadata strings, the document id and the file name are pseudonymised
    with the same mapping. Returns the replacements per (new) document id, to re-map codings of the
    original text, and the new id per original id and file name, to find those codings' documents.
    With a runner the candidate spans of the texts are found on its workers (the same result).
    """
    from dataclasses import replace as dc_replace

    from toolkit.io.pseudonymise import Pseudonymiser, remap_span, renamed_id
    from toolkit.io.text import Parsed, _sha

    ps = Pseudonymiser.load_mapping(mapping)
    cands: dict[str, Any] = {}
    if runner is not None:
        from toolkit.io.pseudonymise.partitioned import candidates_on

        cands = candidates_on(runner, [[p.document.text, *(v for v in p.document.meta.values() if isinstance(v, str))]
                                       for p in report.parsed], ps.keep_countries)
    by_doc: dict[str, Any] = {}
    renamed: dict[str, str] = {}
    for i, parsed in enumerate(report.parsed):
        doc = parsed.document
        text, reps = ps.apply(doc.text, cands.get(doc.text))
        new_id = ps.pseudonymise_name(doc.id)
        while new_id in by_doc:  # two originals that pseudonymise alike keep apart
            new_id += "_2"
        by_doc[new_id] = reps
        for old in (doc.id, Path(doc.source).name, Path(doc.source).stem):
            renamed.setdefault(old, new_id)
        segments = None
        if parsed.segments is not None:
            segments = []
            for seg in parsed.segments:
                start, end = remap_span(seg.start, seg.end, reps)
                segments.append(dc_replace(seg, id=renamed_id(seg.id, doc.id, new_id), doc_id=new_id, start=start,
                                           end=end, text=text[start:end]))
        meta = {k: ps.apply(v, cands.get(v))[0] if isinstance(v, str) else v for k, v in doc.meta.items()}
        source = ps.pseudonymise_name(Path(doc.source).name) if doc.source else doc.source
        report.parsed[i] = Parsed(dc_replace(doc, id=new_id, text=text, sha256=_sha(text), meta=meta,
                                             source=source), segments, parsed.lines)
    ps.save_mapping(mapping)
    return by_doc, renamed


PROJECT_SUFFIXES = (".sqlite", ".sqlite3", ".db")
"""Inputs named like a project file are read as one, never as a transcript."""


def refuse_false_projects(inputs: Sequence[str | Path]) -> None:
    """An input named like a project file that is none (missing, empty, text) gets the error that
    `worth export` gives it ("no such project file", "not a worth project file"), not a reader's."""
    for item in map(Path, inputs):
        if item.suffix.lower() in PROJECT_SUFFIXES and not item.is_dir() and not is_project_file(item):
            open_store(item, create=False).close()  # raises StoreError naming the file


def collect_segments(inputs: Sequence[str | Path], *, manifest: str | Path | None = None,
                     unit: str = "auto", window: int = 3, runner=None
                     ) -> tuple[list[Document], list[Segment], list[InputError]]:
    """Documents and segments from files/folders and/or project files, in input order; with a
    `runner` (toolkit.partitions) the files are read in partitions on its workers."""
    documents: list[Document] = []
    segments: list[Segment] = []
    files = []
    for item in inputs:
        if is_project_file(item):
            with open_store(item, create=False) as store:
                documents.extend(store.documents())
                segments.extend(store.segments())
        else:
            files.append(item)
    skipped: list[InputError] = []
    if files:
        report = read_inputs(files, manifest=manifest) if runner is None else read_inputs_on(runner, files,
                                                                                            manifest=manifest)
        skipped = report.skipped
        for doc, segs in _segment_all(report, unit=unit, window=window):
            documents.append(doc)
            segments.extend(segs)
    return documents, segments, skipped


def _skip(skipped: Sequence[InputError], found: int, into: list[InputError] | None = None) -> None:
    """Files that cannot be read are skipped, as `worth ingest` does, so one empty transcript does not
    stop a folder of forty. With `into` they are added to that list, for the caller to list at the end
    (exit status 2, as `ingest` and `code`); without it each gets a warning. When nothing could be
    read: NothingRead, naming every file."""
    _nothing_read(skipped, found)
    if into is not None:
        into.extend(skipped)
        return
    for exc in skipped:
        log.warning("skipped %s", exc.one_line())


@contextlib.contextmanager
def _coded_inputs(inputs: Sequence[str | Path], codings: str | Path | None, codebook: str | Path | None,
                  skipped: list[InputError] | None = None) -> Iterator[list[Path]]:
    """Inputs as coded sources: transcripts + standoff codings become a temporary project. Transcripts
    that cannot be read are added to `skipped` (warned about without it); none readable: NothingRead."""
    if codings is None:
        yield [Path(i) for i in inputs]
        return
    with tempfile.TemporaryDirectory(prefix="worth-") as tmp:
        project = Path(tmp) / "coded.sqlite"
        outcome = ingest(inputs, project, codings=codings, codebook=codebook, compute_terms=False)
        _skip(outcome.skipped, len(outcome.added), skipped)
        try:
            yield [project]
        except InputError as exc:  # an error about the temporary project is one about the codings given
            if exc.path == str(project):
                exc.path, exc.message = str(codings), exc.message.replace("the project has", "these codings have")
            raise


def _nothing_read(skipped: Sequence[InputError], found: int) -> None:
    """Files that cannot be read are skipped and listed by the caller (as `worth ingest` does); when
    none could be read, that is the error, naming every file."""
    if skipped and not found:
        raise NothingRead(skipped)


@contextlib.contextmanager
def _as_project(inputs: Sequence[str | Path], runner=None) -> Iterator[tuple[Path, list[InputError]]]:
    """The inputs as one project file (a temporary one for transcripts) and the files skipped."""
    inputs = [Path(i) for i in inputs]
    if len(inputs) == 1 and is_project_file(inputs[0]):
        yield inputs[0], []
        return
    with tempfile.TemporaryDirectory(prefix="worth-") as tmp:
        project = Path(tmp) / "coded.sqlite"
        outcome = ingest(inputs, project, compute_terms=False, scheduler=runner)
        _nothing_read(outcome.skipped, len(outcome.added))
        yield project, outcome.skipped


