"""Replace documents in a project by corrected versions (`worth ingest --replace`), in one transaction.

New documents of the same command are added in that transaction too (their own ingest run), so a
command that replaces some documents and adds others lands whole or not at all.

A corrected transcript keeps its document id; its text and segments are replaced. Human codings must
not silently vanish: each human coding whose coded text occurs exactly once in the new text is moved
there (new offsets, same code and coder, same row); the others cannot be placed with certainty and
are handed to `keep` (which writes them to a file for the researcher) before they are removed. The
triggers that refuse UPDATE and DELETE of human codings are dropped and created again inside the same
transaction, so no other write can touch a human coding meanwhile and a crash restores them all.
Machine codings of a replaced document are stale and removed (their run goes when it has no codings
left); `worth code` makes new ones. A document with review decisions or segment memos (`worth review`)
is refused: they point at segments and offsets of the old text. So is one first cut into other units
(`--unit`, `--window` of its ingest run): a project does not silently mix turns and sentence windows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from toolkit.errors import InputError
from toolkit.store.documents import insert_documents
from toolkit.types import Document, Segment

__all__ = ["Replaced", "replace_documents"]

_TRIGGERS = ("human_codings_no_update", "human_codings_no_delete")


@dataclass
class Replaced:
    """What a replacement did: documents replaced, human codings moved or not, machine codings removed."""

    run_id: str | None = None
    added_run_id: str | None = None  # the ingest run of the new documents added alongside (`add`)
    documents: list[str] = field(default_factory=list)
    reanchored: int = 0
    unanchored: list[dict[str, Any]] = field(default_factory=list)
    machine_removed: int = 0
    refused: list[InputError] = field(default_factory=list)


def _occurrences(text: str, part: str) -> list[int]:
    """Every start of `part` in `text`, overlapping ones too."""
    found, at = [], text.find(part)
    while at != -1:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _other_unit(db, doc: Document, params: dict[str, Any]) -> InputError | None:
    """A document first cut into other units (`--unit`, `--window` of its ingest run) is not silently
    cut differently: one project keeps one kind of segment per document's history."""
    row = db.execute("SELECT r.params FROM documents d JOIN runs r ON r.id = d.run_id WHERE d.id = ?",
                     (doc.id,)).fetchone()
    was = json.loads(row[0]) if row else {}
    unit, window = was.get("unit"), was.get("window")  # older runs did not record the window
    if unit is None or params.get("unit") == unit and (unit != "sentence" or window in (None, params.get("window"))):
        return None
    given = f"--unit {unit}" + (f" --window {window}" if unit == "sentence" and window else "")
    return InputError(f"document {doc.id!r} was cut with {given}, not with --unit {params.get('unit')}: it is "
                      "not replaced", path=doc.source, hint=f"give {given} with --replace")


def _refusal(db, doc: Document, params: dict[str, Any]) -> InputError | None:
    other = db.execute("SELECT id FROM documents WHERE sha256 = ? AND id != ?", (doc.sha256, doc.id)).fetchone()
    if other:
        return InputError(f"same text as {other[0]!r}, which is already in the project", path=doc.source,
                          hint="remove the copy")
    if db.execute("SELECT 1 FROM decisions WHERE doc_id = ? LIMIT 1", (doc.id,)).fetchone():
        return InputError(f"document {doc.id!r} has review decisions (worth review), which point at its old "
                          "text: it is not replaced", path=doc.source,
                          hint="ingest the corrected file into a new project, or keep the old version")
    if db.execute("SELECT 1 FROM memos WHERE target = 'segment' AND target_id IN "
                  "(SELECT id FROM segments WHERE doc_id = ?) LIMIT 1", (doc.id,)).fetchone():
        return InputError(f"document {doc.id!r} has memos on its segments (worth review), which would point at "
                          "other text once its segments are replaced: it is not replaced", path=doc.source,
                          hint="ingest the corrected file into a new project, or keep the old version")
    return _other_unit(db, doc, params)


_COLUMNS = 'id, doc_id, segment_id, start, "end", code_id, coder, score, model_version, explain, run_id, created_at'


def _move_human_codings(db, doc: Document, old: tuple[str, str], segments: Sequence[Segment], out: Replaced) -> None:
    """Re-anchor the human codings of one document in its new text (each row keeps its id, coder, code
    and time); the rest go to `out.unanchored`, named by the old file, which their old offsets count
    in. Taken out and put back, so no moved coding ever meets another one's old place in the unique index."""
    old_text, old_source = old
    by_span = {(s.start, s.end): s.id for s in segments}
    rows = db.execute(f"SELECT {_COLUMNS} FROM codings WHERE doc_id = ? AND coder NOT LIKE 'model:%' "
                      'ORDER BY start, "end", code_id, coder, id', (doc.id,)).fetchall()
    db.execute("DELETE FROM codings WHERE doc_id = ? AND coder NOT LIKE 'model:%'", (doc.id,))
    taken: set[tuple[int, int, str, str]] = set()
    for row in rows:
        start, end, code, coder = row[3], row[4], row[5], row[6]
        quoted = old_text[start:end]
        found = _occurrences(doc.text, quoted)
        key = (found[0], found[0] + len(quoted), code, coder) if len(found) == 1 else None
        if key is None or key in taken:  # in taken: a text coded twice (same code and coder) is there once now
            out.unanchored.append({"file": old_source, "doc_id": doc.id, "code": code, "coder": coder,
                                   "old_start": start, "old_end": end, "text": quoted,
                                   "reason": "same text, code and coder as another coding moved there"
                                   if key else f"found {len(found)} times in the new text" if found
                                   else "not found in the new text"})
            continue
        out.reanchored += 1
        taken.add(key)
        db.execute(f"INSERT INTO codings ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                   (row[0], row[1], by_span.get(key[:2]), key[0], key[1], *row[5:]))


def _remove_machine_codings(db, doc_id: str) -> int:
    runs = [r[0] for r in db.execute("SELECT DISTINCT run_id FROM codings WHERE doc_id = ? AND coder LIKE 'model:%'",
                                     (doc_id,))]
    n = db.execute("DELETE FROM codings WHERE doc_id = ? AND coder LIKE 'model:%'", (doc_id,)).rowcount
    for run in runs:
        if not db.execute("SELECT 1 FROM codings WHERE run_id = ? LIMIT 1", (run,)).fetchone():
            db.execute("DELETE FROM runs WHERE id = ? AND kind = 'code'", (run,))
    return n


def replace_documents(store, items: Sequence[tuple[Document, Sequence[Segment]]], *, params: dict[str, Any],
                      pipeline: str | None, started_at: str,
                      keep: Callable[[list[dict[str, Any]]], None] | None = None,
                      add: Sequence[tuple[Document, Sequence[Segment]]] = ()) -> Replaced:
    """Replace the stored documents with these ids by these texts and segments, and add the new
    documents `add` (as `Store.add_documents` would, in an ingest run of their own), in one transaction.

    `keep` receives the human codings that could not be re-anchored (file, doc_id, code, coder, old
    offsets, text, reason) inside the transaction, before anything is committed; when it raises,
    nothing changes. Documents that cannot be replaced are in `refused` (the rest go ahead).
    """
    out = Replaced()
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with store.transaction() as db:
        schema = {name: sql for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)", _TRIGGERS)}
        for name in schema:
            db.execute(f"DROP TRIGGER {name}")
        out.run_id = store._insert_run("ingest", params | {"replace": True}, pipeline, started_at)
        for doc, segments in items:
            old = db.execute("SELECT text, source FROM documents WHERE id = ?", (doc.id,)).fetchone()
            refused = _refusal(db, doc, params) if old else InputError(f"no document {doc.id!r} to replace", path=doc.source)
            if refused is not None:
                out.refused.append(refused)
                continue
            out.machine_removed += _remove_machine_codings(db, doc.id)
            db.execute("DELETE FROM segments WHERE doc_id = ?", (doc.id,))
            db.execute("UPDATE documents SET source = ?, format = ?, encoding = ?, sha256 = ?, text = ?, meta = ?, "
                       "run_id = ?, added_at = ? WHERE id = ?",
                       (doc.source, doc.format, doc.encoding, doc.sha256, doc.text,
                        json.dumps(doc.meta, sort_keys=True, ensure_ascii=False), out.run_id, now, doc.id))
            db.executemany('INSERT INTO segments VALUES (?,?,?,?,?,?,?,?,?,?)',
                           [(s.id, s.doc_id, n, s.start, s.end, s.speaker, s.role, int(s.is_interviewer),
                             s.kind, s.text) for n, s in enumerate(segments, 1)])
            _move_human_codings(db, doc, old, segments, out)
            out.documents.append(doc.id)
        for sql in schema.values():  # the guard of human codings is back before the commit
            db.execute(sql)
        if not out.documents:
            db.execute("DELETE FROM runs WHERE id = ?", (out.run_id,))
            out.run_id = None
        if add:
            out.added_run_id = store._insert_run("ingest", params, pipeline, started_at)
            insert_documents(store, add, out.added_run_id)
        if out.unanchored and keep is not None:
            keep(out.unanchored)
    return out
