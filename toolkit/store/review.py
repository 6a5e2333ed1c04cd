"""Review decisions and memos in the project file.

The review tables are additive (`CREATE TABLE IF NOT EXISTS`): a project written by an older
`worth` gains them on first use and older versions ignore them, so the schema version stays.

- `decisions`: one row per click, never updated. `accept` and `code` make a human coding of the
  reviewer (its id in `coding_id`; the machine run the suggestion came from in `source_run`);
  `reject` is a stored negative (no coding); `undo` points at the decision it takes back.
- `withdrawn_codings`: human codings taken back by an undo. The triggers that refuse UPDATE and
  DELETE of human codings stay; an undone coding is listed here and left out by readers.
- `memos`: notes on a document, a segment or a code (append-only; the newest is shown).

Every write is one `BEGIN IMMEDIATE` transaction on a WAL file with a busy timeout, so a second
browser or a CLI command on the same project waits its turn and loses nothing.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from toolkit.errors import InputError
from toolkit.types import is_machine_coder

__all__ = ["REVIEW_SCHEMA", "ensure_review_tables", "machine_runs", "add_decision", "undo_last",
           "decisions", "add_memo", "memos", "negatives", "withdrawn_ids", "reviewed", "Conflict"]

REVIEW_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    segment_id TEXT NOT NULL REFERENCES segments(id),
    doc_id TEXT NOT NULL REFERENCES documents(id),
    code_id TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'code', 'undo')),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    coder TEXT NOT NULL CHECK (coder NOT LIKE 'model:%'),
    source_run TEXT,
    source_coder TEXT,
    score REAL,
    coding_id INTEGER REFERENCES codings(id),
    undoes INTEGER REFERENCES decisions(id),
    created_at TEXT NOT NULL,
    CHECK (0 <= start AND start < "end")
);
CREATE INDEX IF NOT EXISTS decisions_segment ON decisions(segment_id, code_id);
CREATE INDEX IF NOT EXISTS decisions_coder ON decisions(coder, id);
CREATE TABLE IF NOT EXISTS withdrawn_codings (
    coding_id INTEGER PRIMARY KEY REFERENCES codings(id),
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    withdrawn_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS memos (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL CHECK (target IN ('document', 'segment', 'code')),
    target_id TEXT NOT NULL,
    text TEXT NOT NULL,
    coder TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS memos_target ON memos(target, target_id, id);
"""

_DECISION_KEYS = ("id", "segment_id", "doc_id", "code_id", "decision", "start", "end", "coder",
                  "source_run", "source_coder", "score", "coding_id", "undoes", "created_at")


class Conflict(InputError):
    """The page is out of date (the model or the suggestion changed): reload and decide again."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def ensure_review_tables(store) -> None:
    """Create the review tables when the project lacks them (one transaction)."""
    have = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if {"decisions", "withdrawn_codings", "memos"} <= have:
        return
    with store.transaction() as db:
        for statement in REVIEW_SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)


def machine_runs(store) -> list[dict[str, Any]]:
    """Machine coders with their current run (newest first): what the review shows as suggestions."""
    rows = store.db.execute(
        "SELECT c.coder, c.run_id, r.finished_at, count(*) FROM codings c JOIN runs r ON r.id = c.run_id "
        "WHERE c.coder LIKE 'model:%' GROUP BY c.coder, c.run_id ORDER BY r.finished_at DESC, c.run_id DESC"
    ).fetchall()
    return [{"coder": r[0], "run_id": r[1], "finished_at": r[2], "codings": r[3]} for r in rows]


def withdrawn_ids(store) -> set[int]:
    return {r[0] for r in store.db.execute("SELECT coding_id FROM withdrawn_codings")}


def _segment(db, segment_id: str) -> tuple[str, int, int]:
    row = db.execute('SELECT doc_id, start, "end" FROM segments WHERE id = ?', (segment_id,)).fetchone()
    if row is None:
        raise InputError(f"unknown segment {segment_id!r}", hint="reload the page: the segment list changed")
    return row


def add_decision(store, *, segment_id: str, code_id: str, decision: str, coder: str,
                 code_ids: set[str], machine_coder: str | None = None, start: int | None = None,
                 end: int | None = None, model_run: str | None = None) -> dict[str, Any]:
    """Store one review decision (and for accept/code, the reviewer's coding) in one transaction.

    `start`/`end` are document offsets of a changed span; they must lie inside the segment.
    `model_run`, when the page sends it, must still be the current run of `machine_coder`
    (otherwise `Conflict`: the model changed under the page).
    """
    if decision not in ("accept", "reject", "code"):
        raise InputError(f"decision must be accept, reject or code, not {decision!r}")
    if not coder or is_machine_coder(coder):
        raise InputError(f"reviewer name {coder!r} is not a human coder name", hint="pass --coder NAME")
    if code_id not in code_ids:
        raise InputError(f"unknown code {code_id!r}", hint="pick a code from the codebook")
    if (start is None) != (end is None):
        raise InputError("give both start and end, or neither")
    with store.transaction() as db:
        doc_id, s_start, s_end = _segment(db, segment_id)
        if start is None:
            start, end = s_start, s_end
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
            raise InputError("start and end must be whole numbers (document offsets)")
        if not (s_start <= start < end <= s_end):
            raise InputError(f"span {start}-{end} lies outside segment {segment_id} ({s_start}-{s_end})",
                             hint="select text inside one turn")
        suggestion = None
        if machine_coder is not None:
            suggestion = db.execute(
                "SELECT run_id, score FROM codings WHERE segment_id = ? AND code_id = ? AND coder = ? "
                "ORDER BY id DESC LIMIT 1", (segment_id, code_id, machine_coder)).fetchone()
            current = db.execute("SELECT run_id FROM codings WHERE coder = ? AND doc_id = ? LIMIT 1",
                                 (machine_coder, doc_id)).fetchone()
            if model_run is not None and current is not None and current[0] != model_run:
                raise Conflict("the model's suggestions changed since this page was loaded",
                               hint="reload the page and decide again")
        if decision == "reject" and suggestion is None:
            raise InputError(f"there is no machine suggestion {code_id} on segment {segment_id} to reject",
                             hint="reject only what the model suggested")
        if decision == "accept" and suggestion is None:
            decision = "code"
        coding_id = None
        if decision in ("accept", "code"):
            coding_id = _human_coding(db, doc_id, segment_id, start, end, code_id, coder,
                                      {"review": {"suggested_by": machine_coder if suggestion else None,
                                                  "run": suggestion[0] if suggestion else None,
                                                  "score": suggestion[1] if suggestion else None}})
        cur = db.execute(
            'INSERT INTO decisions (segment_id, doc_id, code_id, decision, start, "end", coder, source_run, '
            "source_coder, score, coding_id, undoes, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL,?)",
            (segment_id, doc_id, code_id, decision, start, end, coder,
             suggestion[0] if suggestion else None, machine_coder if suggestion else None,
             suggestion[1] if suggestion else None, coding_id, _now()))
        return _decision(db, cur.lastrowid)


def _human_coding(db, doc_id: str, segment_id: str, start: int, end: int, code_id: str, coder: str,
                  explain: dict[str, Any]) -> int:
    """The reviewer's coding: inserted, or (when an undo withdrew the same coding) reinstated."""
    row = db.execute('SELECT id FROM codings WHERE doc_id = ? AND start = ? AND "end" = ? AND code_id = ? '
                     "AND coder = ?", (doc_id, start, end, code_id, coder)).fetchone()
    if row is not None:
        db.execute("DELETE FROM withdrawn_codings WHERE coding_id = ?", (row[0],))
        return row[0]
    cur = db.execute('INSERT INTO codings (doc_id, segment_id, start, "end", code_id, coder, score, '
                     "model_version, explain, run_id, created_at) VALUES (?,?,?,?,?,?,NULL,NULL,?,NULL,?)",
                     (doc_id, segment_id, start, end, code_id, coder,
                      json.dumps(explain, sort_keys=True), _now()))
    return cur.lastrowid


def _decision(db, decision_id: int) -> dict[str, Any]:
    row = db.execute(f"SELECT {', '.join(chr(34) + k + chr(34) for k in _DECISION_KEYS)} FROM decisions "
                     "WHERE id = ?", (decision_id,)).fetchone()
    return dict(zip(_DECISION_KEYS, row))


def undo_last(store, coder: str) -> dict[str, Any] | None:
    """Take back the reviewer's newest decision that is not undone yet; None when there is none."""
    with store.transaction() as db:
        row = db.execute(
            "SELECT d.id FROM decisions d WHERE d.coder = ? AND d.decision != 'undo' AND NOT EXISTS "
            "(SELECT 1 FROM decisions u WHERE u.undoes = d.id) ORDER BY d.id DESC LIMIT 1", (coder,)).fetchone()
        if row is None:
            return None
        last = _decision(db, row[0])
        cur = db.execute(
            'INSERT INTO decisions (segment_id, doc_id, code_id, decision, start, "end", coder, source_run, '
            "source_coder, score, coding_id, undoes, created_at) VALUES (?,?,?,'undo',?,?,?,?,?,?,?,?,?)",
            (last["segment_id"], last["doc_id"], last["code_id"], last["start"], last["end"], coder,
             last["source_run"], last["source_coder"], last["score"], last["coding_id"], last["id"], _now()))
        if last["coding_id"] is not None:
            db.execute("INSERT OR IGNORE INTO withdrawn_codings VALUES (?,?,?)",
                       (last["coding_id"], cur.lastrowid, _now()))
        return _decision(db, cur.lastrowid)


def decisions(store, *, coder: str | None = None, live_only: bool = True) -> list[dict[str, Any]]:
    """Decisions in click order; `live_only` leaves out undo rows and what they took back."""
    sql = f"SELECT {', '.join(chr(34) + k + chr(34) for k in _DECISION_KEYS)} FROM decisions d"
    where, args = [], []
    if coder is not None:
        where.append("coder = ?")
        args.append(coder)
    if live_only:
        where.append("decision != 'undo' AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id)")
    if where:
        sql += " WHERE " + " AND ".join(where)
    return [dict(zip(_DECISION_KEYS, r)) for r in store.db.execute(sql + " ORDER BY id", args)]


def negatives(store, coder: str | None = None) -> list[tuple[str, str]]:
    """(segment_id, code_id) pairs the reviewer rejected and did not take back: training negatives."""
    return sorted({(d["segment_id"], d["code_id"]) for d in decisions(store, coder=coder)
                   if d["decision"] == "reject"})


def add_memo(store, *, target: str, target_id: str, text: str, coder: str,
             code_ids: set[str]) -> dict[str, Any]:
    if target not in ("document", "segment", "code"):
        raise InputError(f"memo target must be document, segment or code, not {target!r}")
    if not isinstance(text, str) or not text.strip():
        raise InputError("a memo needs text")
    if len(text) > 20000:
        raise InputError("a memo holds at most 20000 characters")
    with store.transaction() as db:
        if target == "code":
            ok = target_id in code_ids
        else:
            table = "documents" if target == "document" else "segments"
            ok = db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (target_id,)).fetchone() is not None
        if not ok:
            raise InputError(f"unknown {target} {target_id!r}")
        cur = db.execute("INSERT INTO memos (target, target_id, text, coder, created_at) VALUES (?,?,?,?,?)",
                         (target, target_id, text, coder, _now()))
        row = db.execute("SELECT id, target, target_id, text, coder, created_at FROM memos WHERE id = ?",
                         (cur.lastrowid,)).fetchone()
    return dict(zip(("id", "target", "target_id", "text", "coder", "created_at"), row))


def memos(store, *, target: str | None = None, target_id: str | None = None) -> list[dict[str, Any]]:
    sql, args = "SELECT id, target, target_id, text, coder, created_at FROM memos", []
    where = []
    if target is not None:
        where.append("target = ?")
        args.append(target)
    if target_id is not None:
        where.append("target_id = ?")
        args.append(target_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    return [dict(zip(("id", "target", "target_id", "text", "coder", "created_at"), r))
            for r in store.db.execute(sql + " ORDER BY id", args)]


def reviewed(store, coder: str) -> tuple[set[str], set[int]]:
    """What the reviewer decided in the review app: (segment ids with a live decision, ids of the
    codings those decisions made). Training on a reviewer's work uses those segments as its rows
    (rejections are their negatives), not whole documents: a review leaves most turns unseen."""
    live = decisions(store, coder=coder)
    made = {r[0] for r in store.db.execute("SELECT coding_id FROM decisions WHERE coder = ? AND coding_id "
                                           "IS NOT NULL", (coder,))}
    return {d["segment_id"] for d in live}, made
