"""The project store: one SQLite file per project.

Tables: documents, segments, codebooks, codings (human and machine), runs, terms (NLP cache).
Every write is one transaction (`BEGIN IMMEDIATE`), so a crash leaves either all of a run or none
of it. The file runs in WAL mode with a busy timeout, so two `worth` processes can use one project:
readers never block, writers wait their turn. The schema version is in `PRAGMA user_version` and
checked on open.

Human codings are immutable here: triggers refuse UPDATE and DELETE of any coding whose coder is
not `model:...` (one exception, asked for with `ingest --replace`: `store.replace` moves them to a
corrected text, lifting the triggers inside that one transaction). Machine codings belong to a run and go with it; a new run of the same machine
coder replaces that coder's earlier codings of the documents it codes.
"""

from __future__ import annotations

import collections
import contextlib
import os
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from toolkit.config import SCHEMA_VERSION
from toolkit.errors import InputError, StoreError
from toolkit.types import Coding, Document, Segment, is_machine_coder

__all__ = ["Store", "open_store", "is_project_file"]

_SQLITE_MAGIC = b"SQLite format 3\x00"


_OPEN_HERE: collections.Counter[str] = collections.Counter()  # project files with a live connection here


def _key(path: Path) -> str:
    return os.path.realpath(path)


def is_project_file(path: str | Path) -> bool:
    """True when `path` is a SQLite file (a worth project), by its header, not its name."""
    path = Path(path)
    if _OPEN_HERE[_key(path)] > 0:
        # Never open() a file this process holds a connection to: closing any descriptor of it
        # drops the process's POSIX locks, which SQLite relies on (another process could then
        # checkpoint or delete the -wal under our feet).
        return True
    try:
        with path.open("rb") as fh:
            return path.is_file() and fh.read(16) == _SQLITE_MAGIC
    except OSError:
        return False

_SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    encoding TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    text TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',
    run_id TEXT,
    added_at TEXT NOT NULL
);
CREATE UNIQUE INDEX documents_sha ON documents(sha256);
CREATE TABLE segments (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    speaker TEXT,
    role TEXT,
    is_interviewer INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    CHECK (0 <= start AND start < "end")
);
CREATE INDEX segments_doc ON segments(doc_id, n);
CREATE TABLE codebooks (
    hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT,
    content TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    params TEXT NOT NULL DEFAULT '{}',
    pipeline TEXT,
    toolkit_version TEXT
);
CREATE TABLE codings (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    segment_id TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    code_id TEXT NOT NULL,
    coder TEXT NOT NULL,
    score REAL,
    model_version TEXT,
    explain TEXT,
    run_id TEXT REFERENCES runs(id),
    created_at TEXT NOT NULL,
    CHECK (0 <= start AND start < "end"),
    CHECK (coder NOT LIKE 'model:%' OR run_id IS NOT NULL)
);
CREATE INDEX codings_coder ON codings(coder, doc_id);
CREATE UNIQUE INDEX codings_human_unique ON codings(doc_id, start, "end", code_id, coder)
    WHERE coder NOT LIKE 'model:%';
CREATE INDEX codings_segment ON codings(segment_id);
CREATE TRIGGER human_codings_no_update BEFORE UPDATE ON codings
    WHEN OLD.coder NOT LIKE 'model:%'
    BEGIN SELECT RAISE(ABORT, 'human codings are never modified'); END;
CREATE TRIGGER human_codings_no_delete BEFORE DELETE ON codings
    WHEN OLD.coder NOT LIKE 'model:%'
    BEGIN SELECT RAISE(ABORT, 'human codings are never deleted by the toolkit'); END;
CREATE TABLE terms (
    key TEXT PRIMARY KEY,
    terms TEXT NOT NULL
);
"""


def _statements(script: str) -> Iterator[str]:
    """Split a schema script into statements (triggers hold semicolons inside BEGIN ... END)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            yield buf.strip()
            buf = ""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _toolkit_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("worth")
    except PackageNotFoundError:
        return "0+unknown"


def _read_only(path: Path, exc: sqlite3.OperationalError) -> Exception:
    """A project that cannot be written (a read-only file, folder or share) as one clear line; any other
    OperationalError is returned as it is."""
    if "readonly" not in str(exc) and "read-only" not in str(exc):
        return exc
    return StoreError("the project file cannot be written (read-only)", path=path,
                      hint=f"check that you may write it and its folder (SQLite writes {path.name}-wal beside "
                           "it), or work on a copy")


def _retry_locked(step, seconds: float = 30.0):
    """Run a set-up step again while SQLite says "database is locked" at once: two processes creating
    one new project can meet while one switches it to WAL, where SQLite refuses instead of waiting
    (it would deadlock) and the busy timeout does not apply."""
    import time

    deadline = time.monotonic() + seconds
    pause = 0.01
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


class Store:
    """A project file. Use `open_store(path)`; close with `.close()` or a `with` block."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path, self._create = Path(path), create
        if not create and not self.path.exists():
            raise StoreError("no such project file", path=self.path,
                             hint="create it with `worth ingest FILES --project PATH`")
        if self.path.exists() and self.path.is_dir():
            raise StoreError("project path is a folder", path=self.path,
                             hint="give a file name such as project.sqlite")
        if not create and not is_project_file(self.path):  # read, never written: an empty file stays empty
            why = "the file is empty" if self.path.stat().st_size == 0 else "file is not a database"
            raise StoreError(f"not a worth project file ({why})", path=self.path, hint="give another --project path")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file where a folder should be, no permission
            blocker = next((p for p in self.path.parents if p.exists()), None)
            why = f"{blocker} is a file, not a folder" if blocker and not blocker.is_dir() else exc.strerror or exc
            raise StoreError(f"cannot make the folder of the project file ({why})", path=self.path,
                             hint="give another --project path") from None
        try:
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._key = _key(self.path)
            _OPEN_HERE[self._key] += 1
            self.db.execute("PRAGMA busy_timeout = 60000")
            _retry_locked(lambda: self.db.execute("PRAGMA journal_mode = WAL"))
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA synchronous = NORMAL")
            _retry_locked(self._check_schema)
            from toolkit.store.review import ensure_review_tables

            ensure_review_tables(self)
        except BaseException as exc:
            if hasattr(self, "db"):
                self.close()
            if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc):
                raise _read_only(self.path, exc) from None
            if isinstance(exc, sqlite3.DatabaseError):
                raise StoreError(f"not a worth project file ({exc})", path=self.path,
                                 hint="give another --project path") from None
            raise

    # ------------------------------------------------------------------ schema

    def _check_schema(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            with self.transaction() as db:  # re-read under the write lock: another process may have won
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] or not self._create:
                        raise StoreError("this SQLite file is not a worth project", path=self.path,
                                         hint="give another --project path")
                    for statement in _statements(_SCHEMA):
                        db.execute(statement)
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    version = SCHEMA_VERSION
        if version != SCHEMA_VERSION:
            raise StoreError(f"project schema version {version}, this worth reads version "
                             f"{SCHEMA_VERSION}", path=self.path,
                             hint="use the worth version that made it, or export and re-import the project")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands or none of it."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _read_only(self.path, exc) from None
        try:
            yield self.db
        except sqlite3.OperationalError as exc:
            self.db.execute("ROLLBACK")
            raise _read_only(self.path, exc) from None
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()
        key = getattr(self, "_key", None)
        if key is not None and _OPEN_HERE[key] > 0:
            _OPEN_HERE[key] -= 1
            self._key = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ runs

    def _insert_run(self, kind: str, params: dict[str, Any], pipeline: str | None,
                    started_at: str) -> str:
        run_id = f"{kind}-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        self.db.execute("INSERT INTO runs VALUES (?,?,?,?,?,?,?)",
                        (run_id, kind, started_at, _now(), json.dumps(params, sort_keys=True),
                         pipeline, _toolkit_version()))
        return run_id

    def runs(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT id, kind, started_at, finished_at, params, pipeline, "
                               "toolkit_version FROM runs ORDER BY started_at, id").fetchall()
        keys = ("id", "kind", "started_at", "finished_at", "params", "pipeline", "toolkit_version")
        return [dict(zip(keys, r)) | {"params": json.loads(r[4])} for r in rows]

    # ------------------------------------------------------------------ documents

    def has_document(self, doc: Document) -> str | None:
        """'same' if this document is already stored unchanged, 'conflict' if its id holds other text."""
        row = self.db.execute("SELECT sha256 FROM documents WHERE id = ?", (doc.id,)).fetchone()
        if row:
            return "same" if row[0] == doc.sha256 else "conflict"
        other = self.db.execute("SELECT id FROM documents WHERE sha256 = ?", (doc.sha256,)).fetchone()
        return f"copy:{other[0]}" if other else None

    def add_documents(self, items: Sequence[tuple[Document, Sequence[Segment]]], *,
                      params: dict[str, Any] | None = None, pipeline: str | None = None,
                      started_at: str | None = None) -> str:
        """Store documents with their segments as one ingest run, in one transaction."""
        from toolkit.store.documents import insert_documents

        with self.transaction():
            run_id = self._insert_run("ingest", params or {}, pipeline, started_at or _now())
            insert_documents(self, items, run_id)
        return run_id

    def documents(self, ids: Iterable[str] | None = None) -> list[Document]:
        sql = "SELECT id, text, source, format, encoding, sha256, meta FROM documents"
        rows = self.db.execute(sql + " ORDER BY id").fetchall()
        wanted = set(ids) if ids is not None else None
        return [Document(id=r[0], text=r[1], source=r[2], format=r[3], encoding=r[4], sha256=r[5],
                         meta=json.loads(r[6])) for r in rows if wanted is None or r[0] in wanted]

    def segments(self, doc_id: str | None = None) -> list[Segment]:
        sql = ('SELECT id, doc_id, start, "end", text, speaker, role, is_interviewer, kind '
               "FROM segments")
        args: tuple = ()
        if doc_id is not None:
            sql += " WHERE doc_id = ?"
            args = (doc_id,)
        rows = self.db.execute(sql + " ORDER BY doc_id, n", args).fetchall()
        return [Segment(id=r[0], doc_id=r[1], start=r[2], end=r[3], text=r[4], speaker=r[5],
                        role=r[6], is_interviewer=bool(r[7]), kind=r[8]) for r in rows]

    # ------------------------------------------------------------------ codebooks

    def add_codebook(self, name: str, version: str | None, content: dict[str, Any], hash_: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO codebooks VALUES (?,?,?,?,?)",
                       (hash_, name, version, json.dumps(content, sort_keys=True, ensure_ascii=False),
                        _now()))

    def codebooks(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT hash, name, version, content, added_at FROM codebooks "
                               "ORDER BY added_at, hash").fetchall()
        return [{"hash": r[0], "name": r[1], "version": r[2], "content": json.loads(r[3]),
                 "added_at": r[4]} for r in rows]

    # ------------------------------------------------------------------ codings

    def _check_coding(self, c: Coding, text_len: dict[str, int]) -> None:
        if c.doc_id not in text_len:
            raise InputError(f"coding points to unknown document {c.doc_id!r}",
                             hint="ingest the document first")
        if not (0 <= c.start < c.end <= text_len[c.doc_id]):
            raise InputError(f"coding {c.code_id} at {c.start}-{c.end} lies outside document "
                             f"{c.doc_id!r} (length {text_len[c.doc_id]})",
                             hint="check that the codings belong to this version of the text")

    def _lengths(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT id, length(text) FROM documents"))

    def add_human_codings(self, codings: Sequence[Coding], *, params: dict[str, Any] | None = None
                          ) -> str:
        """Store codings made by people (coder names without 'model:'), as one import run.

        Codings already stored (same document, span, code and coder) are left as they are.
        """
        lengths = self._lengths()
        for c in codings:
            if is_machine_coder(c.coder):
                raise InputError(f"coder {c.coder!r} is a model name; human coders have plain names",
                                 hint="machine codings are written by `worth code`")
            self._check_coding(c, lengths)
        with self.transaction() as db:
            run_id = self._insert_run("import", params or {}, None, _now())
            self._insert_codings(db, codings, None)
        return run_id

    def add_machine_run(self, codings: Sequence[Coding], *, params: dict[str, Any],
                        pipeline: str | None, started_at: str, coder: str | None = None,
                        doc_ids: Iterable[str] | None = None) -> str:
        """Store one machine coding run whole: run row and all its codings in one transaction.

        The run replaces the earlier machine codings of its coder(s) for the documents it coded
        (`doc_ids`, default: the documents of `codings`), in the same transaction, so the project
        keeps one current set per machine coder. Other coders' codings are untouched. Earlier runs
        left without codings are dropped; their ids are kept in the new run's params ("replaces").
        """
        coders = {c.coder for c in codings} | ({coder} if coder is not None else set())
        for name in coders:
            if not is_machine_coder(name):
                raise ValueError(f"machine run with non-machine coder {name!r}")
        lengths = self._lengths()
        for c in codings:
            self._check_coding(c, lengths)
        docs = sorted(set(doc_ids) if doc_ids is not None else {c.doc_id for c in codings})
        with self.transaction() as db:
            replaced: set[str] = set()
            for name in sorted(coders):
                for i in range(0, len(docs), 500):
                    chunk = docs[i:i + 500]
                    where = (f"WHERE coder = ? AND coder LIKE 'model:%' "
                             f"AND doc_id IN ({','.join('?' * len(chunk))})")
                    replaced.update(r[0] for r in db.execute(
                        f"SELECT DISTINCT run_id FROM codings {where}", (name, *chunk)))
                    db.execute(f"DELETE FROM codings {where}", (name, *chunk))
            for old in replaced:
                if not db.execute("SELECT 1 FROM codings WHERE run_id = ? LIMIT 1", (old,)).fetchone():
                    db.execute("DELETE FROM runs WHERE id = ? AND kind = 'code'", (old,))
            if replaced:
                params = params | {"replaces": sorted(replaced)}
            run_id = self._insert_run("code", params, pipeline, started_at)
            self._insert_codings(db, codings, run_id)
        return run_id

    @staticmethod
    def _insert_codings(db: sqlite3.Connection, codings: Sequence[Coding], run_id: str | None) -> None:
        now = _now()
        db.executemany(
            'INSERT OR IGNORE INTO codings (doc_id, segment_id, start, "end", code_id, coder, score, '
            "model_version, explain, run_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(c.doc_id, c.segment_id, c.start, c.end, c.code_id, c.coder, c.score, c.model_version,
              None if c.explain is None else json.dumps(c.explain, ensure_ascii=False, sort_keys=True),
              run_id, now) for c in codings])

    def delete_run(self, run_id: str) -> int:
        """Remove a machine run and its codings (human codings are untouchable)."""
        with self.transaction() as db:
            n = db.execute("DELETE FROM codings WHERE run_id = ? AND coder LIKE 'model:%'",
                           (run_id,)).rowcount
            db.execute("DELETE FROM runs WHERE id = ? AND kind = 'code'", (run_id,))
        return n

    def codings(self, coder: str | None = None) -> list[Coding]:
        sql = ('SELECT doc_id, start, "end", code_id, coder, segment_id, score, model_version, explain '
               "FROM codings WHERE id NOT IN (SELECT coding_id FROM withdrawn_codings)")  # undone in review
        args: tuple = ()
        if coder is not None:
            sql += " AND coder = ?"
            args = (coder,)
        rows = self.db.execute(sql + ' ORDER BY doc_id, start, "end", code_id, coder', args).fetchall()
        return [Coding(doc_id=r[0], start=r[1], end=r[2], code_id=r[3], coder=r[4], segment_id=r[5],
                       score=r[6], model_version=r[7], explain=None if r[8] is None else json.loads(r[8]))
                for r in rows]

    def coders(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT coder FROM codings ORDER BY coder")]

    def resolve_coder(self, name: str) -> str:
        """A coder as stored: `model:NAME` without a version means that model's latest run."""
        if not name.startswith("model:") or "@" in name:
            return name
        row = self.db.execute(
            "SELECT c.coder FROM codings c JOIN runs r ON r.id = c.run_id WHERE c.coder LIKE ? ESCAPE '\\' "
            "ORDER BY r.started_at DESC, r.finished_at DESC, r.rowid DESC LIMIT 1",
            (name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "@%",)).fetchone()
        return row[0] if row else name

    # ------------------------------------------------------------------ terms cache

    def get_terms(self, keys: Sequence[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for i in range(0, len(keys), 500):
            chunk = list(keys[i:i + 500])
            q = f"SELECT key, terms FROM terms WHERE key IN ({','.join('?' * len(chunk))})"
            out.update((k, json.loads(v)) for k, v in self.db.execute(q, chunk))
        return out

    def put_terms(self, items: dict[str, list[str]]) -> None:
        if not items:
            return
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO terms VALUES (?, ?)",
                           [(k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()])

    # ------------------------------------------------------------------ summary

    def summary(self) -> dict[str, Any]:
        q = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "path": str(self.path),
            "schema_version": SCHEMA_VERSION,
            "documents": q("SELECT count(*) FROM documents"),
            "segments": q("SELECT count(*) FROM segments"),
            "codable_segments": q("SELECT count(*) FROM segments WHERE is_interviewer = 0 "
                                  "AND kind != 'preamble'"),
            "codebooks": q("SELECT count(*) FROM codebooks"),
            "codings": q("SELECT count(*) FROM codings"),
            "coders": self.coders(),
            "runs": q("SELECT count(*) FROM runs"),
        }


def open_store(path: str | Path, *, create: bool = True) -> Store:
    """Open (and with `create`, make) a project file; checks the schema version."""
    return Store(path, create=create)
