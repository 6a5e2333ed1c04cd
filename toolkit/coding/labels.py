"""Coded segments for training and evaluation: from a project (one coder), JSONL or CSV.

- Project file: the codable segments of every document the coder coded at least once; a segment
  carries a code when one of the coder's codings covers at least half of the shorter of the two
  spans (codings from QDA programs need not follow turn boundaries). Other segments of those
  documents are negatives: a coded document is taken as fully coded. Turns decided in the review app
  are the exception: only their suggested codes were decided, so such data is `partial`.
- JSONL: one segment per line with `text` and `codes` (a list of code ids); `doc_id` groups lines
  into documents for cross-validation.
- CSV: a `text` column and either a `codes` column (ids separated by `;`) or one 0/1 column per
  code id; `doc_id` groups rows.
- In either, when no line names its document (coded excerpts), each line is its own group.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from toolkit.coding.codebook import Codebook
from toolkit.errors import InputError
from toolkit.types import Coding, Segment, is_machine_coder

__all__ = ["Labelled", "describe_groups", "load_labelled", "labels_from_codings"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


@dataclass
class Labelled:
    segments: list[Segment]
    Y: np.ndarray            # (n, k) bool, columns in codebook.ids order
    groups: list[str]        # document id per segment
    source: str
    coder: str | None = None
    questions: list[str] = field(default_factory=list)  # the interviewer's question before each segment, or ""
    partial: bool = False    # some rows come from review decisions: only the suggested codes were decided
    excerpts: set[str] = field(default_factory=set)  # groups that are one excerpt each (no doc_id)

    def group_counts(self) -> dict[str, int]:
        """The cross-validation groups: {"documents": n}, and {"excerpts": n} when lines named no document."""
        counts = {"documents": len(set(self.groups) - self.excerpts)}
        if self.excerpts:
            counts["excerpts"] = len(self.excerpts)
        return counts


def describe_groups(counts: dict[str, int]) -> str:
    """'12 documents', '40 excerpts without doc_id (each its own cross-validation group)', or both."""
    excerpts = counts.get("excerpts", 0)
    if not excerpts:
        return f"{counts['documents']} documents"
    said = f"{excerpts} excerpts without doc_id"
    return f"{counts['documents']} documents and {said}" if counts["documents"] else \
        f"{said} (each its own cross-validation group)"


def labels_from_codings(segments: Sequence[Segment], codings: Sequence[Coding], code_ids: Sequence[str]
                        ) -> np.ndarray:
    index = {c: j for j, c in enumerate(code_ids)}
    by_doc: dict[str, list[Coding]] = {}
    for c in codings:
        by_doc.setdefault(c.doc_id, []).append(c)
    Y = np.zeros((len(segments), len(code_ids)), dtype=bool)
    for i, s in enumerate(segments):
        for c in by_doc.get(s.doc_id, ()):
            j = index.get(c.code_id)
            if j is None:
                continue
            overlap = min(s.end, c.end) - max(s.start, c.start)
            if overlap > 0 and overlap >= 0.5 * min(s.end - s.start, c.end - c.start):
                Y[i, j] = True
    return Y


def _from_project(path: Path, book: Codebook, coder: str | None, docs: set[str] | None) -> Labelled:
    from toolkit.store import open_store

    from toolkit.store.review import reviewed

    with open_store(path, create=False) as store:
        humans = [c for c in store.coders() if not is_machine_coder(c)]
        if coder is None:
            if not humans:
                raise InputError("the project has no human codings to learn from", path=path,
                                 hint="add them with `worth ingest FILES --codings CODINGS.jsonl --project PATH`, "
                                      "import a REFI-QDA project (.qdpx), or code turns in `worth review`")
            if len(humans) != 1:
                raise InputError(f"the project has {len(humans)} human coders ({', '.join(humans)})",
                                 path=path, hint="choose one with --coder")
            coder = humans[0]
        codings = store.codings(coder)
        seen, _ = reviewed(store, coder)
        if not codings and not seen:
            raise InputError(f"coder {coder!r} has no codings in this project", path=path,
                             hint="coders here: " + (", ".join(store.coders()) or "none"))
        unknown = sorted({c.code_id for c in codings} - set(book.ids))
        if unknown:
            raise InputError(f"codings use code ids that the codebook lacks: {', '.join(unknown[:5])}",
                             path=path, hint="pass the codebook they were made with (--codebook FILE; a .yaml, .qdc or "
                                      "the .qdpx they came from)")
        by_review = {r for r in store.db.execute('SELECT doc_id, start, "end", code_id FROM codings WHERE coder = ? '
                                                  "AND id IN (SELECT coding_id FROM decisions)", (coder,))}
        # documents coded outside the review app count as fully coded; in review, only the turns the
        # reviewer decided on are labelled (accepted codes positive, rejected and the rest negative)
        whole_docs = {c.doc_id for c in codings if (c.doc_id, c.start, c.end, c.code_id) not in by_review}
        if docs is not None:
            whole_docs &= docs
        every = store.segments()
        segments = [s for s in every if s.codable and (s.doc_id in whole_docs or (
            s.id in seen and (docs is None or s.doc_id in docs)))]
    Y = labels_from_codings(segments, codings, book.ids)
    return Labelled(segments, Y, [s.doc_id for s in segments], str(path), coder, _questions(every, segments),
                    partial=any(s.doc_id not in whole_docs for s in segments))


def _questions(every: Sequence[Segment], chosen: Sequence[Segment]) -> list[str]:
    from toolkit.coding.features import question_context

    asked = question_context(every)
    return [asked.get(s.id, "") for s in chosen]


def _from_records(path: Path, book: Codebook) -> Labelled:
    from toolkit.io.readers import read_file
    from toolkit.io.records import DOC_COLUMNS, read_csv_records, read_jsonl_records

    fmt = path.suffix.lower()
    records, _ = read_jsonl_records(path) if fmt == ".jsonl" else read_csv_records(path)
    ids = book.ids
    labels: list[list[bool]] = []
    for lineno, rec in records:
        if fmt == ".jsonl":
            codes = rec.get("codes")
            if not isinstance(codes, list):
                raise InputError("segment has no list 'codes'", path=path, line=lineno,
                                 hint='write "codes": [] for a segment without codes')
        elif "codes" in rec:
            codes = [c.strip() for c in str(rec["codes"] or "").replace(",", ";").split(";") if c.strip()]
        else:
            codes = [c for c in ids if str(rec.get(c.lower(), "")).strip() in ("1", "1.0", "true", "ja", "x")]
            if not any(c.lower() in rec for c in ids):
                raise InputError("CSV has neither a 'codes' column nor columns named after code ids",
                                 path=path, line=1, hint="add a column 'codes' with ids separated by ';'")
        unknown = [c for c in codes if c not in book]
        if unknown:
            raise InputError(f"unknown code id {unknown[0]!r}", path=path, line=lineno,
                             hint=f"codes of {book.name!r} are {', '.join(ids[:4])}, ... (see worth codebook show)")
        labels.append([c in codes for c in ids])
    if any("scores" in rec or "explain" in rec for _, rec in records):
        log.warning("%s: these segments carry model scores (the output of `worth code`): their codes are a "
                    "model's decisions unless a person reviewed them, and training on them teaches a model "
                    "its own decisions", path)
    parsed = read_file(path)
    every = [s for p in parsed for s in p.segments]
    keep = [i for i, s in enumerate(every) if s.codable]
    segments = [every[i] for i in keep]
    Y = np.array([labels[i] for i in keep], dtype=bool).reshape(len(keep), len(ids))
    groups = [s.doc_id for s in segments]
    if not any(rec.get(c) not in (None, "") for _, rec in records for c in DOC_COLUMNS):
        # coded excerpts without a document: each line is its own group in cross-validation
        log.info("%s: no line names its document (doc_id): each line is its own group in cross-validation; "
                 "add doc_id when lines come from the same interview, so that they are held out together", path)
        groups = [s.id for s in segments]
        return Labelled(segments, Y, groups, str(path), questions=_questions(every, segments), excerpts=set(groups))
    return Labelled(segments, Y, groups, str(path), questions=_questions(every, segments))


def load_labelled(inputs: Sequence[str | Path], book: Codebook, *, coder: str | None = None,
                  docs: set[str] | None = None, read_qdpx=None) -> Labelled:
    """Coded segments from one or more sources, stacked.

    `read_qdpx(path, store)` reads a REFI-QDA project into a store (the exchange layer's
    `import_qdpx`, passed in by the workflow so that coding does not import exchange).
    """
    from toolkit.store import is_project_file

    parts = []
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise InputError("no such file", path=path, hint="check the path")
        if is_project_file(path):
            parts.append(_from_project(path, book, coder, docs))
        elif path.suffix.lower() in (".jsonl", ".csv"):
            parts.append(_from_records(path, book))
        elif path.suffix.lower() == ".qdpx" and read_qdpx is not None:
            import tempfile

            from toolkit.store import open_store

            with tempfile.TemporaryDirectory(prefix="worth-") as tmp:
                project = Path(tmp) / "qdpx.sqlite"
                with open_store(project) as store:
                    read_qdpx(path, store)
                try:
                    part = _from_project(project, book, coder, docs)
                except InputError as exc:  # name the user's file, not the temporary import
                    exc.path = str(path)
                    raise
                part.source = str(path)
                parts.append(part)
        else:
            raise InputError(f"cannot read coded segments from '{path.suffix}'", path=path,
                             hint="train from a project file, .jsonl segments with codes, or .csv")
    segments = [s for p in parts for s in p.segments]
    if not segments:
        raise InputError("no coded segments to learn from", path=str(inputs[0]) if inputs else None,
                         hint="code some segments first")
    Y = np.vstack([p.Y for p in parts])
    groups = [g for p in parts for g in p.groups]
    return Labelled(segments, Y, groups, ", ".join(p.source for p in parts), parts[0].coder,
                    [q for p in parts for q in p.questions], partial=any(p.partial for p in parts),
                    excerpts=set().union(*(p.excerpts for p in parts)))
