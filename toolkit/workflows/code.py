"""Workflows behind the CLI commands; usable from notebooks as plain functions."""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import _io
from ._io import atomic_dir, atomic_write
from .errors import InputError
from .ingest import ReadReport, read_inputs
from .segment import segment_document, sentence_windows
from .store import is_project_file, open_store
from .types import Document, Segment

__all__ = ["IngestOutcome", "ingest", "read_standoff", "import_codings", "collect_segments", "write_segments", "is_project_file",
           "segment_rows"]

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
                from .nlp import sentence_spans as splitter
            segments = sentence_windows(segments, splitter, size=window)
        out.append((doc, segments))
    return out


def ingest(inputs: Sequence[str | Path], project: str | Path, *, manifest: str | Path | None = None,
           unit: str = "auto", window: int = 3, compute_terms: bool = True,
           codings: str | Path | None = None, codebook: str | Path | None = None,
           pseudonymise: str | Path | None = None,
           progress: Callable[[str, int, int], None] | None = None) -> IngestOutcome:
    """Read transcripts into a project: one transaction for the whole batch.

    Bad files are skipped and reported; documents already in the project unchanged are left
    alone; the rest is stored with its segments as one ingest run.
    """
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if codebook is not None:  # a bad codebook is refused before anything is read or stored
        from .codebook import load_codebook

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
    report = read_inputs([i for i in inputs if Path(i).suffix.lower() != ".qdpx"], manifest=manifest,
                         progress=tick)
    outcome = IngestOutcome(skipped=list(report.skipped))
    replacements = _pseudonymise_report(report, pseudonymise) if pseudonymise is not None else None
    created = not Path(project).exists()
    try:
        _ingest_into(project, outcome, report, qdpx, inputs, manifest=manifest, unit=unit, window=window,
                     compute_terms=compute_terms, codings=codings, codebook=codebook,
                     replacements=replacements, started=started, progress=progress)
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
        Path(str(project) + suffix).unlink(missing_ok=True)


def _ingest_into(project, outcome: IngestOutcome, report: ReadReport, qdpx: list[Path], inputs, *, manifest,
                 unit: str, window: int, compute_terms: bool, codings, codebook, replacements, started: str,
                 progress) -> None:
    """Store what `ingest` read into the project, in one transaction per part."""
    with open_store(project) as store:
        for path in qdpx:  # a QDA project comes whole: its texts, codebook and human codings
            from .refi import import_qdpx

            try:
                imported = import_qdpx(path, store)
            except InputError as exc:
                outcome.skipped.append(exc)
                continue
            outcome.added += list(imported.documents)
            outcome.segments += imported.segments
            outcome.codings += sum(imported.codings.values())
            outcome.machine_codings += sum(imported.machine_codings.values())
        fresh: list[tuple[Document, list[Segment]]] = []
        for doc, segments in _segment_all(report, unit=unit, window=window):
            state = store.has_document(doc)
            if state == "same":
                outcome.unchanged.append(doc.id)
            elif state == "conflict":
                outcome.skipped.append(InputError(
                    f"a different document with id {doc.id!r} is already in the project",
                    path=doc.source, hint="rename the file, or ingest into a new project"))
            elif state:
                outcome.skipped.append(InputError(
                    f"same text as {state[5:]!r}, which is already in the project",
                    path=doc.source, hint="remove the copy"))
            else:
                fresh.append((doc, segments))
        pipeline = None
        if compute_terms and fresh:
            from . import nlp

            pipeline = nlp.pipeline_info().key
            texts = [s.text for _, segs in fresh for s in segs if s.codable]
            done = [0]

            def term_tick(n: int) -> None:
                done[0] += n
                if progress:
                    progress("terms", done[0], len(texts))

            nlp.terms(texts, cache=store, progress=term_tick)
        if fresh:
            params = {"inputs": [str(i) for i in inputs], "unit": unit,
                      "manifest": str(manifest) if manifest else None}
            outcome.run_id = store.add_documents(fresh, params=params, pipeline=pipeline,
                                                 started_at=started)
            outcome.added = [d.id for d, _ in fresh]
            outcome.segments += sum(len(s) for _, s in fresh)
        if codings is not None:
            from .codebook import load_codebook

            book = load_codebook(codebook)
            store.add_codebook(book.name, book.version, book.content(), book.hash)
            outcome.codings = import_codings(store, codings, book, replacements=replacements)


def _pseudonymise_report(report: ReadReport, mapping: str | Path) -> dict[str, Any]:
    """Replace identifiers in every parsed document before anything is stored; save the mapping.

    Returns the replacements per document id, to re-map codings of the original text.
    """
    from dataclasses import replace as dc_replace

    from .ingest import Parsed, _sha
    from .pseudonymise import Pseudonymiser, remap_span

    ps = Pseudonymiser.load_mapping(mapping)
    by_doc: dict[str, Any] = {}
    for i, parsed in enumerate(report.parsed):
        doc = parsed.document
        text, reps = ps.apply(doc.text)
        by_doc[doc.id] = reps
        segments = None
        if parsed.segments is not None:
            segments = []
            for seg in parsed.segments:
                start, end = remap_span(seg.start, seg.end, reps)
                segments.append(dc_replace(seg, start=start, end=end, text=text[start:end]))
        report.parsed[i] = Parsed(dc_replace(doc, text=text, sha256=_sha(text)), segments, parsed.lines)
    ps.save_mapping(mapping)
    return by_doc


def read_standoff(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """Standoff codings: JSONL lines {"file", "start", "end", "code", "coder"} (line number, record)."""
    from .ingest import iter_json_lines

    path = Path(path)
    if not path.is_file():
        raise InputError("no such codings file", path=path, hint="check the --codings path")
    out = []
    for lineno, rec in iter_json_lines(path, what="coding"):
        missing = [k for k in ("file", "start", "end", "code", "coder") if k not in rec]
        if missing:
            raise InputError(f"coding lacks {', '.join(missing)}", path=path, line=lineno,
                             hint='write {"file": ..., "start": ..., "end": ..., "code": ..., "coder": ...}')
        if not (isinstance(rec["start"], int) and isinstance(rec["end"], int)):
            raise InputError("start and end must be whole numbers", path=path, line=lineno)
        out.append((lineno, rec))
    return out


def import_codings(store, path: str | Path, codebook, *, replacements: dict[str, Any] | None = None) -> int:
    """Add human standoff codings to a project after checking files, codes and offsets.

    Returns the number of codings read. Nothing is stored when any line is wrong.
    """
    from .types import Coding

    path = Path(path)
    docs = {Path(d.source).name: d for d in store.documents()}
    docs.update({d.id: d for d in store.documents()})
    segs_by_span = {(s.doc_id, s.start, s.end): s.id for s in store.segments()}
    codings = []
    for lineno, rec in read_standoff(path):
        doc = docs.get(str(rec["file"])) or docs.get(Path(str(rec["file"])).stem)
        if doc is None:
            raise InputError(f"coding refers to {rec['file']!r}, which is not in the project", path=path,
                             line=lineno, hint="ingest that transcript first")
        if rec["code"] not in codebook:
            raise InputError(f"unknown code id {rec['code']!r}", path=path, line=lineno,
                             hint=f"the codebook {codebook.name!r} has: {', '.join(codebook.ids[:6])}, ...")
        start, end = rec["start"], rec["end"]
        if replacements and replacements.get(doc.id):  # codings of the original text, now pseudonymised
            from .pseudonymise import remap_span

            start, end = remap_span(start, end, replacements[doc.id])
        if not 0 <= start < end <= len(doc.text):
            raise InputError(f"offsets {rec['start']}-{rec['end']} lie outside {doc.id!r} "
                             f"(length {len(doc.text)})", path=path, line=lineno,
                             hint="offsets count characters of the transcript after newline normalisation")
        codings.append(Coding(doc_id=doc.id, start=start, end=end, code_id=rec["code"],
                              coder=str(rec["coder"]), segment_id=segs_by_span.get((doc.id, start, end))))
    store.add_human_codings(codings, params={"codings": str(path), "codebook": codebook.hash})
    return len(codings)


def collect_segments(inputs: Sequence[str | Path], *, manifest: str | Path | None = None,
                     unit: str = "auto", window: int = 3
                     ) -> tuple[list[Document], list[Segment], list[InputError]]:
    """Documents and segments from files/folders and/or project files, in input order."""
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
        report = read_inputs(files, manifest=manifest)
        skipped = report.skipped
        for doc, segs in _segment_all(report, unit=unit, window=window):
            documents.append(doc)
            segments.extend(segs)
    return documents, segments, skipped


def _skip(skipped: Sequence[InputError], found: int) -> None:
    """Files that cannot be read are skipped with a warning each, as `worth ingest` does, so one empty
    transcript does not stop a folder of forty; when nothing could be read, the first reason is the error."""
    if skipped and not found:
        raise skipped[0]
    for exc in skipped:
        log.warning("skipped %s", exc.one_line())


def segment_rows(documents: Sequence[Document], segments: Sequence[Segment]) -> list[dict[str, Any]]:
    """Rows of the segment table (DESIGN.md contract 4), document metadata under `meta`."""
    meta = {d.id: d.meta for d in documents}
    return [{"id": s.id, "doc_id": s.doc_id, "start": s.start, "end": s.end, "speaker": s.speaker,
             "role": s.role, "is_interviewer": s.is_interviewer, "kind": s.kind, "text": s.text,
             "meta": meta.get(s.doc_id, {})} for s in segments]


def write_segments(rows: Sequence[dict[str, Any]], out: str | Path) -> None:
    """Write segment rows as .jsonl or .csv (chosen by the extension), atomically."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".jsonl":
        with atomic_write(out) as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif suffix == ".csv":
        meta_keys = sorted({k for r in rows for k in r["meta"]})
        base = [k for k in (rows[0] if rows else {"id": 0}) if k != "meta"] or \
            ["id", "doc_id", "start", "end", "speaker", "role", "is_interviewer", "kind", "text"]
        with _io.csv_write(out) as fh:
            writer = csv.writer(fh, delimiter=_io.CSV_SEP)
            writer.writerow(base + [f"meta.{k}" for k in meta_keys])
            for r in rows:
                writer.writerow([r[k] for k in base] + [r["meta"].get(k, "") for k in meta_keys])
    else:
        raise InputError(f"cannot write segments as '{suffix or '(no extension)'}'", path=out,
                         hint="use an --out file ending in .jsonl or .csv")


# --------------------------------------------------------------------------- classifiers


def _split_docs(split: str | Path | None, part: str | None) -> set[str] | None:
    if split is None:
        return None
    path = Path(split)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the split file ({exc})", path=path,
                         hint='a split is JSON: {"train": [doc ids], "dev": [...], "test": [...]}') from None
    docs: set[str] = set()
    for name in str(part).split(","):
        if name.strip() not in data:
            raise InputError(f"split has no part {name.strip()!r} (parts: {', '.join(data)})", path=path,
                             hint="choose --part " + " or ".join(data) + ", or several joined by commas")
        docs |= set(data[name.strip()])
    return docs


def _training_hash(segments: Sequence[Segment], Y) -> str:
    import hashlib

    h = hashlib.sha256()
    for s, y in sorted(zip(segments, Y.tolist()), key=lambda t: (t[0].doc_id, t[0].start, t[0].end)):
        h.update(json.dumps([s.doc_id, s.start, s.end, s.text, y], ensure_ascii=False).encode())
    return h.hexdigest()


def _document_digests(segments: Sequence[Segment]) -> list[str]:
    """Per document, a short digest of its segment texts: lets `evaluate` notice training documents
    among the evaluation data without keeping document ids or texts in the model."""
    import hashlib

    by_doc: dict[str, list[Segment]] = {}
    for s in segments:
        by_doc.setdefault(s.doc_id, []).append(s)
    return sorted(hashlib.sha256("\x00".join(s.text for s in sorted(segs, key=lambda s: s.start)).encode())
                  .hexdigest()[:16] for segs in by_doc.values())


@contextlib.contextmanager
def _coded_inputs(inputs: Sequence[str | Path], codings: str | Path | None,
                  codebook: str | Path | None) -> Iterator[list[Path]]:
    """Inputs as coded sources: transcripts + standoff codings become a temporary project."""
    if codings is None:
        yield [Path(i) for i in inputs]
        return
    with tempfile.TemporaryDirectory(prefix="worth-") as tmp:
        project = Path(tmp) / "coded.sqlite"
        outcome = ingest(inputs, project, codings=codings, codebook=codebook, compute_terms=False)
        _skip(outcome.skipped, len(outcome.added))
        yield [project]


def _codebook_for(inputs: Sequence[str | Path], codebook: str | Path | None, codings: str | Path | None):
    """--codebook when given; else the codebook inside the .qdpx inputs (the codes the researcher
    coded with in ATLAS.ti, NVivo or MAXQDA); else the default codebook."""
    from .codebook import load_codebook

    qdpx = [Path(i) for i in inputs if Path(i).suffix.lower() == ".qdpx"]
    if codebook is not None or codings is not None or not qdpx:
        return load_codebook(codebook)
    books = [load_codebook(p) for p in qdpx]

    def structure(book) -> list[tuple]:
        return sorted((c.id, c.name_nl, c.parent, c.codable) for c in book.codes)

    for path, book in zip(qdpx[1:], books[1:]):  # project names and descriptions may differ
        if structure(book) != structure(books[0]):
            differ = sorted(set(structure(book)) ^ set(structure(books[0])))[0]
            raise InputError(f"this project's codes differ from those of {qdpx[0].name} (first difference: code "
                             f"{differ[0]!r})", path=path,
                             hint=f"pass the one codebook to use with --codebook (e.g. --codebook {qdpx[0]})")
    log.info("codebook %r with %d codes, read from %s", books[0].name, len(books[0].ids), qdpx[0])
    return books[0]


def train(inputs: Sequence[str | Path], out: str | Path, *, codebook: str | Path | None = None,
          base: str | Path | None = None, coder: str | None = None, split: str | Path | None = None,
          part: str = "train", seed: int = 0, min_positives: int = 5, codings: str | Path | None = None,
          topics: int = 0, vectors: bool = False, unlabelled: Sequence[str | Path] = (),
          progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Train a code classifier from human codings and save it as a new model folder.

    `inputs` are coded sources (project, .jsonl, .csv), or transcripts when `codings` gives
    their standoff codings.
    """
    import numpy as np

    from . import nlp
    from .classifiers import CodeClassifier
    from .evaluate import code_metrics
    from .features import codebook_examples, keyword_scores, prepare
    from .labels import load_labelled
    from .model import check_new_model_dir, load_model, save_model

    check_new_model_dir(out)  # before any work: a taken --out is refused at once, not after training
    book = _codebook_for(inputs, codebook, codings)
    with _coded_inputs(inputs, codings, codebook) as sources:
        data = load_labelled(sources, book, coder=coder, docs=_split_docs(split, part))
    data.source = ", ".join(str(i) for i in inputs) + (f" + {codings}" if codings else "")
    if len(set(data.groups)) < 2:
        log.warning("all training segments come from one document: thresholds cannot be cross-validated")
    base_model = load_model(base) if base is not None else None
    rows = prepare([s.text for s in data.segments], book, progress=progress)
    # unsupervised blocks learn from the training text plus any unlabelled transcripts
    unlabelled_terms: list[list[str]] = []
    learn_vectors = vectors and not nlp.has_vectors()
    if unlabelled and not (topics or learn_vectors):
        log.warning("--unlabelled is not used: it feeds --topics and the word vectors learned with --vectors, "
                    "and %s", "the pipeline's own vectors are fixed" if vectors else "neither is on")
    elif unlabelled:
        _, extra, skipped = collect_segments(unlabelled)
        _skip(skipped, len(extra))
        unlabelled_terms = nlp.terms([s.text for s in extra if s.codable])
    corpus_terms = [list(r.terms) for r in rows] + unlabelled_terms
    topic_model = word_vectors = None
    if topics:
        from .topics import TopicModel, seeds_from_codebook

        topic_model = TopicModel(n_topics=topics, seed_codes=seeds_from_codebook(book), random_state=seed)
        topic_model.fit(corpus_terms)
    if vectors and not learn_vectors:
        from .features import PipelineVectors

        word_vectors = PipelineVectors.active()
        log.info("word vectors: those of the pipeline %s (%d dimensions)", word_vectors.pipeline, word_vectors.dim)
    elif vectors:
        from .features import WordVectors

        word_vectors = WordVectors.learn(corpus_terms, seed=seed)
        log.info("word vectors: learned with gensim from %d texts (the pipeline has none)", len(corpus_terms))
    examples = codebook_examples(book)
    clf = CodeClassifier(code_ids=book.ids, seed=seed, min_positives=min_positives, examples=examples,
                         base=base_model.classifier if base_model else None, topics=topic_model,
                         vectors=word_vectors)
    clf.fit(rows, data.Y, data.groups)
    oof = clf.oof_proba_
    decided = np.nan_to_num(oof, nan=0.0) >= clf.thresholds_
    metrics = {"cross_validation": code_metrics(data.Y, np.nan_to_num(oof, nan=0.0), decided, book.ids),
               "keyword_baseline": code_metrics(data.Y, keyword_scores(rows, book.ids),
                                                keyword_scores(rows, book.ids) > 0, book.ids, calibrated=False),
               "note": "cross-validated by document on the training data; thresholds chosen on the same "
                       "out-of-fold scores, so F1 here is slightly optimistic: evaluate on held-out "
                       "documents with `worth evaluate --model`"}
    training = {"source": data.source, "coder": data.coder, "split": str(split) if split else None,
                "part": part if split else None, "segments": len(data.segments),
                "documents": len(set(data.groups)), "data_sha256": _training_hash(data.segments, data.Y),
                "document_digests": _document_digests(data.segments),
                "base": str(base) if base else None,
                "unlabelled": [str(u) for u in unlabelled], "unlabelled_segments": len(unlabelled_terms),
                "codebook_examples": len(examples[0])}
    manifest = save_model(out, clf, book, training=training, metrics=metrics,
                          pipeline=nlp.pipeline_info().key, seed=seed)
    manifest["metrics"] = metrics
    return manifest


def _check_dutch(texts: Sequence[str]) -> None:
    import simplemma

    sample = " ".join(texts[:200])[:20000]
    if sample.strip() and simplemma.in_target_language(sample, lang="nl") < 0.4:
        log.warning("the input does not look like Dutch (most words are unknown to the Dutch lexicon): "
                    "scores will be unreliable")


@dataclass
class CodeResult:
    """Scores and decisions for segments; rows align with `segments`."""

    segments: list[Segment]
    code_ids: list[str]
    proba: Any                  # (n, k) array
    decided: Any                # (n, k) bool array
    explain: list[dict[str, Any]]
    coder: str
    model_version: str
    extras: list[dict[str, Any]] = field(default_factory=list)   # input JSONL fields per row
    documents: list[Document] = field(default_factory=list)
    not_coded: list[list[dict[str, Any]]] = field(default_factory=list)  # why no code, per uncoded row


def code_segments(segments: Sequence[Segment], model, *, progress=None) -> CodeResult:
    """Score codable segments with a loaded model; other segments get no scores."""
    import numpy as np

    from .features import prepare

    codable = [s for s in segments if s.codable]
    _check_dutch([s.text for s in codable])
    rows = prepare([s.text for s in codable], model.codebook, progress=progress)
    clf = model.classifier
    k = len(clf.code_ids_)
    proba = np.full((len(segments), k), np.nan)
    decided = np.zeros((len(segments), k), dtype=bool)
    explain: list[dict[str, Any]] = [{} for _ in segments]
    if rows:
        p = clf.predict_proba(rows)
        d = p >= clf.thresholds_
        ex = clf.explain(rows, d)
        pos = [i for i, s in enumerate(segments) if s.codable]
        proba[pos] = p
        decided[pos] = d
        for i, e in zip(pos, ex):
            explain[i] = e
        not_coded = _why_not_coded(clf, rows, p, d, pos, len(segments))
    else:
        not_coded = [[] for _ in segments]
    return CodeResult(list(segments), list(clf.code_ids_), proba, decided, explain, model.coder,
                      model.manifest["version"], not_coded=not_coded)


def _why_not_coded(clf, rows, p, d, pos: list[int], n: int, top: int = 2) -> list[list[dict[str, Any]]]:
    """For segments that got no code: the `top` codes closest to their threshold, with score,
    threshold and the terms that pushed them up (so a reviewer sees why they fell short)."""
    import numpy as np

    ratio = p / np.maximum(clf.thresholds_, 1e-9)
    near = np.zeros_like(d)
    uncoded = np.flatnonzero(~d.any(axis=1))
    for r in uncoded:
        near[r, np.argsort(-ratio[r], kind="stable")[:top]] = True
    ex = clf.explain(rows, near) if len(uncoded) else []
    out: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    for r in uncoded:
        out[pos[r]] = [{"code": clf.code_ids_[j], "score": round(float(p[r, j]), 4),
                        "threshold": round(float(clf.thresholds_[j]), 4),
                        "terms": ex[r].get(clf.code_ids_[j], [])}
                       for j in np.argsort(-ratio[r], kind="stable")[:top]]
    return out


def _result_rows(result: CodeResult) -> list[dict[str, Any]]:
    rows = []
    for i, s in enumerate(result.segments):
        row = dict(result.extras[i]) if result.extras else {}
        row.update({"id": s.id})
        if not result.extras:
            row.update({"doc_id": s.doc_id, "start": s.start, "end": s.end, "speaker": s.speaker,
                        "role": s.role, "is_interviewer": s.is_interviewer, "text": s.text})
        if s.codable:
            row["codes"] = [c for c, d in zip(result.code_ids, result.decided[i]) if d]
            row["scores"] = {c: round(float(p), 4) for c, p in zip(result.code_ids, result.proba[i])}
            row["explain"] = result.explain[i]
            if not row["codes"] and result.not_coded and result.not_coded[i]:
                row["not_coded"] = result.not_coded[i]
        else:
            row.update({"codes": [], "scores": {}, "skipped": "interviewer turn or header (context only)"})
        rows.append(row)
    return rows


def write_codings(result: CodeResult, out: str | Path) -> None:
    """Write coding results by extension: .jsonl (contract 1) or .csv (a column per code score)."""
    out = Path(out)
    suffix = out.suffix.lower()
    rows = _result_rows(result)
    if suffix == ".jsonl":
        with atomic_write(out) as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif suffix == ".csv":
        base = [k for k in rows[0] if k not in ("codes", "scores", "explain", "skipped", "not_coded")] \
            if rows else ["id"]
        with _io.csv_write(out) as fh:
            writer = csv.writer(fh, delimiter=_io.CSV_SEP)
            writer.writerow(base + ["codes"] + [f"score:{c}" for c in result.code_ids])
            for row in rows:
                writer.writerow([row.get(k) for k in base] + [";".join(row["codes"])]
                                + [row["scores"].get(c, "") for c in result.code_ids])
    else:
        raise InputError(f"cannot write codings as '{suffix or '(no extension)'}'", path=out,
                         hint="use an --out file ending in .jsonl, .csv, .xlsx, .parquet, .html or .qdpx")


def code(inputs: Sequence[str | Path], *, model: str | Path | None = None, codebook: str | Path | None = None,
         out: str | Path | None = None, store_results: bool = True, progress=None) -> CodeResult:
    """Code transcripts, JSONL segments or a project with a trained model (default: models/default).

    A project given as input also receives the codings as one machine run (human codings untouched).
    """
    from .codebook import load_codebook
    from .model import load_model

    suffix = Path(out).suffix.lower() if out is not None else None
    if suffix in _PROJECT_FORMATS:
        with _as_project(inputs) as project:
            result = code([project], model=model, codebook=codebook, store_results=True, progress=progress)
            with open_store(project, create=False) as store:
                _PROJECT_FORMATS[suffix](store, out)
        return result
    if out is not None and suffix not in (".jsonl", ".csv"):
        write_codings(CodeResult([], [], None, None, [], "", ""), out)  # raises the clear error
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    loaded = load_model(model, codebook=load_codebook(codebook) if codebook else None)
    inputs = [Path(i) for i in inputs]
    projects = [i for i in inputs if is_project_file(i)]
    extras: list[dict[str, Any]] = []
    if len(inputs) == 1 and inputs[0].suffix.lower() == ".jsonl" and not projects:
        from .ingest import read_file, read_jsonl_records

        records, _ = read_jsonl_records(inputs[0])
        parsed = read_file(inputs[0])
        documents = [p.document for p in parsed]
        by_line = {line: seg for p in parsed for line, seg in zip(p.lines, p.segments)}
        segments = [by_line[line] for line, _ in records]  # input order (contract 1)
        extras = [rec for _, rec in records]
    else:
        documents, segments, skipped = collect_segments(inputs)
        _skip(skipped, len(documents))
    if not segments:
        raise InputError("no segments to code", path=str(inputs[0]), hint="check the input")
    result = code_segments(segments, loaded, progress=progress)
    result.extras = extras
    result.documents = documents
    if out is not None:
        write_codings(result, out)
    if store_results and projects:
        _store_run(projects[0], result, loaded, started)
    return result


def _write_tables(store, out) -> None:
    from .export import write_tables

    write_tables(store, out)


def _write_report(store, out) -> None:
    from .report import write_report

    write_report(store, out)


def _write_qdpx(store, out) -> None:
    try:
        from .refi import export_qdpx
    except ImportError:
        raise InputError("writing .qdpx is not available in this version", path=out,
                         hint="write .jsonl, .csv, .xlsx or .html") from None
    export_qdpx(store, out)


_PROJECT_FORMATS = {".xlsx": _write_tables, ".parquet": _write_tables, ".html": _write_report,
                    ".qdpx": _write_qdpx}
"""Outputs of `code` that are made from a project (a temporary one for transcript inputs)."""


@contextlib.contextmanager
def _as_project(inputs: Sequence[str | Path]) -> Iterator[Path]:
    inputs = [Path(i) for i in inputs]
    if len(inputs) == 1 and is_project_file(inputs[0]):
        yield inputs[0]
        return
    with tempfile.TemporaryDirectory(prefix="worth-") as tmp:
        project = Path(tmp) / "coded.sqlite"
        outcome = ingest(inputs, project, compute_terms=False)
        _skip(outcome.skipped, len(outcome.added))
        yield project


def _store_run(project: Path, result: CodeResult, loaded, started: str) -> str:
    from . import nlp
    from .types import Coding

    codings = []
    for i, s in enumerate(result.segments):
        if not s.codable:
            continue
        for j, code_id in enumerate(result.code_ids):
            if result.decided[i, j]:
                codings.append(Coding(doc_id=s.doc_id, start=s.start, end=s.end, code_id=code_id,
                                      coder=result.coder, segment_id=s.id, score=float(result.proba[i, j]),
                                      model_version=result.model_version, explain=result.explain[i].get(code_id)))
    with open_store(project, create=False) as store:
        store.add_codebook(loaded.codebook.name, loaded.codebook.version, loaded.codebook.content(),
                           loaded.codebook.hash)
        return store.add_machine_run(codings, params={"model": str(loaded.path), "coder": result.coder},
                                     pipeline=nlp.pipeline_info().key, started_at=started,
                                     coder=result.coder, doc_ids={s.doc_id for s in result.segments})


def evaluate(inputs: Sequence[str | Path], *, model: str | Path | None = None,
             codebook: str | Path | None = None, coder: str | None = None, split: str | Path | None = None,
             part: str = "test", base: str | Path | None = None, curve: Sequence[int] = (50, 100, 200, 400),
             seed: int = 0, codings: str | Path | None = None) -> dict[str, Any]:
    """Quality of coding on human-coded data, next to the codebook's keyword baseline.

    With `model`: the model scores the data (held-out evaluation). Without: cross-validation by
    document on the data, plus a learning curve (with and without `base`).
    """
    import numpy as np

    from .classifiers import CodeClassifier
    from .evaluate import code_metrics, learning_curve
    from .features import codebook_examples, keyword_scores, prepare
    from .labels import load_labelled
    from .model import load_model

    loaded = load_model(model) if model is not None else None
    book = loaded.codebook if loaded and codebook is None else _codebook_for(inputs, codebook, codings)
    with _coded_inputs(inputs, codings, codebook) as sources:
        try:
            data = load_labelled(sources, book, coder=coder, docs=_split_docs(split, part))
        except InputError as exc:
            if loaded is not None and "codebook lacks" in exc.message:
                exc.hint = ("the model was trained for other codes; train one for these codings with "
                            "`worth train`, then evaluate that")
            raise
    data.source = ", ".join(str(i) for i in inputs) + (f" + {codings}" if codings else "")
    rows = prepare([s.text for s in data.segments], book)
    kw = keyword_scores(rows, book.ids)
    out: dict[str, Any] = {"data": {"source": data.source, "coder": data.coder, "segments": len(rows),
                                    "documents": len(set(data.groups)),
                                    "split": str(split) if split else None, "part": part if split else None},
                           "keyword_baseline": code_metrics(data.Y, kw, kw > 0, book.ids, calibrated=False)}
    if loaded is not None:
        if loaded.codebook.hash != book.hash:
            raise InputError("the model was trained for another codebook", path=str(model),
                             hint="evaluate with the model's own codebook (leave out --codebook)")
        seen = set(loaded.manifest.get("training", {}).get("document_digests", ()))
        overlap = sum(d in seen for d in _document_digests(data.segments))
        if overlap:
            log.warning("%d of the %d evaluated documents were in this model's training data: these figures "
                        "are not held-out (choose another --part or other documents)", overlap,
                        len(set(data.groups)))
        proba = loaded.classifier.predict_proba(rows)
        out["model"] = {"path": str(loaded.path), "version": loaded.manifest["version"],
                        "documents_seen_in_training": overlap}
        out["held_out"] = code_metrics(data.Y, proba, proba >= loaded.classifier.thresholds_, book.ids)
        return out
    if len(set(data.groups)) < 2:
        raise InputError(f"cross-validation by document needs at least 2 coded documents; these inputs have "
                         f"{len(set(data.groups))}", path=", ".join(str(i) for i in inputs),
                         hint="give more coded documents, or score these with a trained model: --model DIR")
    base_clf = load_model(base).classifier if base is not None else None
    examples = codebook_examples(book)
    clf = CodeClassifier(code_ids=book.ids, seed=seed, examples=examples).fit(rows, data.Y, data.groups)
    oof = np.nan_to_num(clf.oof_proba_, nan=0.0)
    out["cross_validation"] = code_metrics(data.Y, oof, oof >= clf.thresholds_, book.ids)
    out["learning_curve"] = learning_curve(
        rows, data.Y, data.groups, lambda: CodeClassifier(code_ids=book.ids, seed=seed, examples=examples),
        sizes=curve, seed=seed,
        base_factory=(lambda: CodeClassifier(code_ids=book.ids, seed=seed, base=base_clf, examples=examples))
        if base_clf else None)
    return out


MIN_SUGGEST_P = 0.05  # codes the model gives less than this are never proposed


def suggest(inputs: Sequence[str | Path], *, model: str | Path | None = None, n: int = 20, per_doc: int = 2,
            coder: str | None = None) -> list[dict[str, Any]]:
    """Segments to code next: where the model is least sure, weighted towards rare codes, spread
    over documents (at most `per_doc` per document). Segments a human already coded are left out.
    """
    import numpy as np

    from .model import load_model

    loaded = load_model(model)
    documents, segments, skipped = collect_segments(inputs)
    _skip(skipped, len(documents))
    done: set[tuple[str, int, int]] = set()
    for item in inputs:
        if is_project_file(item):
            with open_store(item, create=False) as store:
                humans = [c for c in store.coders() if not c.startswith("model:")]
                for c in store.codings():
                    if c.coder in (humans if coder is None else [coder]):
                        done.add(c.doc_id)
    todo = [s for s in segments if s.codable and s.doc_id not in done and len(s.text.split()) >= 4]
    if not todo:
        log.warning("nothing to suggest: %s", "every document is already coded by a human" if segments and done
                    else "no codable segment of four words or more")
        return []
    result = code_segments(todo, loaded)
    clf = loaded.classifier
    t = clf.thresholds_
    closeness = 1 - np.abs(result.proba - t) / np.maximum(t, 1 - t)          # 1 at the threshold
    support = np.asarray(clf.support_, float)
    rarity = 1 - support / max(support.max(), 1)                               # 0 for the commonest code
    score = np.where(result.proba >= MIN_SUGGEST_P, closeness * (1 + rarity), -np.inf)  # never a near-zero code
    best = score.argmax(axis=1)
    order = np.argsort(-score[np.arange(len(todo)), best], kind="stable")
    picked: list[dict[str, Any]] = []
    per: dict[str, int] = {}
    capped = 0
    for i in order:
        s = todo[i]
        if not np.isfinite(score[i, best[i]]):
            break  # the rest score every code near zero
        if per.get(s.doc_id, 0) >= per_doc:
            capped += 1
            continue
        per[s.doc_id] = per.get(s.doc_id, 0) + 1
        j = best[i]
        picked.append({"rank": len(picked) + 1, "id": s.id, "doc_id": s.doc_id, "start": s.start, "end": s.end,
                       "speaker": s.speaker, "code": clf.code_ids_[j],
                       "probability": round(float(result.proba[i, j]), 3), "threshold": round(float(t[j]), 3),
                       "why": "uncertain" + (", rare code" if rarity[j] > 0.5 else ""), "text": s.text})
        if len(picked) >= n:
            break
    if len(picked) < n and capped:
        log.warning("%d of the %d segments asked for: --per-doc %d allows at most %d per document over %d "
                    "document(s); raise --per-doc for more", len(picked), n, per_doc, per_doc, len(per))
    return picked


# --------------------------------------------------------------------------- topics


def topics(inputs: Sequence[str | Path], out: str | Path, *, k: int | None = 10, k_range: Sequence[int] | None = None,
           seeded: bool = False, seed: int = 0, unit: str = "segment", coder: str | None = None,
           codebook: str | Path | None = None, passes: int = 10, max_minutes: float = 15.0,
           model: str | Path | None = None) -> dict[str, Any]:
    """Fit a topic model (or apply the saved `model`) and write its outputs to the folder `out`
    (replaced whole, never half-written).

    Writes topics.json (DESIGN.md contract 6), unit_topics.csv, document_topics.csv,
    representative.csv, prevalence.csv (+ PNG per metadata field), alignment.csv against human
    codings when there are any (+ alignment.png), sweep.json for a range of k, and model/.
    """
    import time

    import numpy as np
    import pandas as pd

    from . import nlp
    from .codebook import load_codebook
    from .topics import TopicModel, save_topic_model, seeds_from_codebook

    if unit not in ("segment", "document"):
        raise InputError(f"unknown --unit {unit!r}", hint="use segment or document")
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "topics.json").exists())):
        raise InputError("output folder exists and is not a worth topics folder", path=out,
                         hint="give a new or empty --out folder")
    documents, segments, skipped = collect_segments(inputs)
    _skip(skipped, len(documents))
    segments = [s for s in segments if s.codable]
    book = load_codebook(codebook)
    meta = {d.id: d.meta for d in documents}
    if unit == "segment":
        units = [(s.id, s.doc_id, s.text) for s in segments]
    else:
        by_doc: dict[str, list[str]] = {}
        for s in segments:
            by_doc.setdefault(s.doc_id, []).append(s.text)
        units = [(d, d, "\n\n".join(t)) for d, t in by_doc.items()]
    if not units:
        raise InputError("no text to model", path=str(inputs[0]) if inputs else None, hint="check the input")
    docs = nlp.terms([u[2] for u in units])
    seeds = seeds_from_codebook(book) if seeded else None

    def make(n: int) -> TopicModel:
        return TopicModel(n_topics=n, seed_codes=seeds, random_state=seed, passes=passes)

    sweep_result = None
    if model is not None:
        from .topics import load_topic_model

        fitted_path = Path(model)
        fitted = load_topic_model(fitted_path)
        k_range, k = None, len(fitted.topic_labels_)
    if k_range:
        ks = sorted(set(int(x) for x in k_range))
        t0 = time.perf_counter()
        first = make(ks[0]).fit(docs)
        per_topic = (time.perf_counter() - t0) / ks[0]
        estimate = per_topic * sum(ks) * 1.5  # fits plus coherence
        if estimate > max_minutes * 60:
            raise InputError(f"a sweep over k = {ks[0]}..{ks[-1]} would take about {estimate / 60:.0f} minutes, "
                             f"over the limit of {max_minutes:g}", hint="use fewer or smaller k, or raise --max-minutes")
        sweep_result = [{"k": ks[0], **first.coherence(docs)}]
        for n in ks[1:]:
            sweep_result.append({"k": n, **make(n).fit(docs).coherence(docs)})
        k = max(sweep_result, key=lambda r: (r["c_v"], -r["k"]))["k"]
    applied = model is not None
    model = fitted if applied else make(int(k)).fit(docs)
    theta = model.transform(docs)
    labels = list(model.topic_labels_)
    with atomic_dir(out, replace=True) as tmp:
        coherence = model.coherence(docs)
        result = {"topics": model.topic_records(20), "coherence": coherence, "k": int(k), "unit": unit,
                  "seeded": seeded, "seed": seed, "n_units": len(units), "seed_report": model.seed_report_,
                  "nlp_pipeline": nlp.pipeline_info().key}
        if applied:
            result["applied_model"] = str(fitted_path)
        if sweep_result is not None:
            result["sweep"] = sweep_result
            (tmp / "sweep.json").write_text(json.dumps(sweep_result, indent=1), encoding="utf-8")
        (tmp / "topics.json").write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True),
                                         encoding="utf-8")
        table = pd.DataFrame(theta, columns=labels)
        table.insert(0, "doc_id", [u[1] for u in units])
        table.insert(0, "unit_id", [u[0] for u in units])
        table.round(6).to_csv(tmp / "unit_topics.csv", index=False, sep=_io.CSV_SEP, encoding=_io.CSV_ENCODING)
        doc_table = table.groupby("doc_id", sort=True)[labels].mean()
        doc_table.round(6).to_csv(tmp / "document_topics.csv", sep=_io.CSV_SEP, encoding=_io.CSV_ENCODING)
        rep = []
        for j, label in enumerate(labels):
            for rank, i in enumerate(np.argsort(-theta[:, j], kind="stable")[:5], 1):
                rep.append({"topic": label, "rank": rank, "proportion": round(float(theta[i, j]), 4),
                            "unit_id": units[i][0], "text": units[i][2][:600]})
        pd.DataFrame(rep).to_csv(tmp / "representative.csv", index=False, sep=_io.CSV_SEP, encoding=_io.CSV_ENCODING)
        _topic_prevalence(doc_table, meta, labels, tmp)
        _topic_alignment(inputs, units, theta, labels, book, coder, tmp, unit)
        if not applied:
            save_topic_model(model, tmp / "model", extra={"codebook": book.hash, "unit": unit})
    return result


def _topic_prevalence(doc_table, meta: dict[str, dict[str, Any]], labels: list[str], folder: Path) -> None:
    """Mean topic proportion per metadata value over documents, with a normal 95% interval
    (clipped to [0, 1]; none for a value with one document)."""
    import numpy as np
    import pandas as pd

    from .report import _pyplot

    rows = []
    for key in ("respondent_role", "setting", "municipality", "doc_type"):
        values = {d: str(meta.get(d, {}).get(key) or "") for d in doc_table.index}
        if len({v for v in values.values() if v}) < 2:
            continue
        for value in sorted({v for v in values.values() if v}):
            sub = doc_table.loc[[d for d, v in values.items() if v == value]]
            for label in labels:
                x = sub[label].to_numpy()
                se = x.std(ddof=1) / np.sqrt(len(x)) if len(x) > 1 else float("nan")
                rows.append({"field": key, "value": value, "topic": label, "documents": len(x),
                             "mean": round(float(x.mean()), 6),
                             "ci_low": round(float(np.clip(x.mean() - 1.96 * se, 0, 1)), 6),
                             "ci_high": round(float(np.clip(x.mean() + 1.96 * se, 0, 1)), 6)})
    table = pd.DataFrame(rows, columns=["field", "value", "topic", "documents", "mean", "ci_low", "ci_high"])
    table.to_csv(folder / "prevalence.csv", index=False, sep=_io.CSV_SEP, encoding=_io.CSV_ENCODING)
    plt = _pyplot()
    for key, sub in table.groupby("field", sort=True):
        fig, ax = plt.subplots(figsize=(9, 0.3 * len(labels) + 1.5))
        values = sorted(sub["value"].unique())
        height = 0.8 / len(values)
        for i, value in enumerate(values):
            part = sub[sub["value"] == value].set_index("topic").loc[labels]
            err = np.vstack([part["mean"] - part["ci_low"], part["ci_high"] - part["mean"]]).clip(min=0)
            ax.barh(np.arange(len(labels)) + i * height, part["mean"], height=height, xerr=np.nan_to_num(err),
                    label=value, capsize=2)
        ax.set_yticks(np.arange(len(labels)) + height * (len(values) - 1) / 2)
        ax.set_yticklabels(labels, fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel("gemiddeld aandeel van het topic per document (95%-interval)")
        ax.set_title(f"Topics naar {key}")
        ax.legend(fontsize=7, loc="lower right")
        fig.savefig(folder / f"prevalence_{key}.png", dpi=110, bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)


def _topic_alignment(inputs, units, theta, labels: list[str], book, coder: str | None, folder: Path,
                     unit: str) -> None:
    """How strongly each topic goes with each code of a human coder (segment units only).

    ROC-AUC of a topic's share for a code: 0.5 is no relation. Short turns ("Ja.") get nearly
    uniform shares, so generic topics tend to sit below 0.5 for every code; read the rows of seeded
    topics against their own code.
    """
    import pandas as pd
    from sklearn.metrics import roc_auc_score

    from .labels import labels_from_codings
    from .report import _pyplot

    projects = [Path(i) for i in inputs if is_project_file(i)]
    if unit != "segment" or not projects:
        return
    with open_store(projects[0], create=False) as store:
        humans = [c for c in store.coders() if not c.startswith("model:")]
        who = coder or (humans[0] if len(humans) == 1 else None)
        if who is None:
            if humans:
                log.warning("several human coders (%s): give --coder for the topic-code alignment", ", ".join(humans))
            return
        codings = store.codings(who)
        segs = {s.id: s for s in store.segments()}
    coded_docs = {c.doc_id for c in codings}
    idx = [i for i, u in enumerate(units) if u[1] in coded_docs and u[0] in segs]
    if not idx:
        return
    Y = labels_from_codings([segs[units[i][0]] for i in idx], codings, book.ids)
    T = theta[idx]
    rows = []
    for j, label in enumerate(labels):
        for c, code in enumerate(book.ids):
            y = Y[:, c]
            if y.all() or not y.any():
                continue
            rows.append({"topic": label, "code": code, "coder": who, "positives": int(y.sum()),
                         "mean_coded": round(float(T[y, j].mean()), 5), "mean_uncoded": round(float(T[~y, j].mean()), 5),
                         "roc_auc": round(float(roc_auc_score(y, T[:, j])), 4)})
    table = pd.DataFrame(rows)
    table.to_csv(folder / "alignment.csv", index=False, sep=_io.CSV_SEP, encoding=_io.CSV_ENCODING)
    if table.empty:
        return
    grid = table.pivot(index="topic", columns="code", values="roc_auc").reindex(
        index=labels, columns=[c for c in book.ids if c in set(table["code"])])
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(10, 0.3 * len(labels) + 2.5))
    im = ax.imshow(grid.to_numpy(), cmap="RdBu_r", vmin=0.2, vmax=0.8)
    ax.set_xticks(range(grid.shape[1]))
    ax.set_xticklabels(grid.columns, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(grid.shape[0]))
    ax.set_yticklabels(grid.index, fontsize=7)
    ax.set_title(f"Topic-code alignment (ROC-AUC of the topic share for the codes of {who})")
    fig.colorbar(im, ax=ax, label="ROC-AUC (0.5 = no relation)")
    fig.savefig(folder / "alignment.png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
