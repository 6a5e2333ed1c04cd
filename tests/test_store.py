from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from toolkit.errors import DuplicateDocument, InputError, StoreError
from toolkit.io.segment import segment_document
from toolkit.store import open_store
from toolkit.types import Coding, Document


def _doc(doc_id: str, text: str) -> tuple[Document, list]:
    import hashlib

    doc = Document(id=doc_id, text=text, source=f"{doc_id}.txt",
                   sha256=hashlib.sha256(text.encode()).hexdigest())
    return doc, segment_document(doc)


def test_documents_and_segments_round_trip(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite") as store:
        doc, segs = _doc("a", "I: Hoe gaat het?\nR: Goed hoor.\nI: Echt?\nR: Nee.\n")
        store.add_documents([(doc, segs)])
        assert store.documents() == [doc]
        assert store.segments("a") == segs
        assert store.summary()["codable_segments"] == 2


def test_schema_version_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    open_store(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StoreError, match="schema version 99"):
        open_store(path)


def test_foreign_sqlite_and_garbage_files_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE x (y)")
    db.close()
    with pytest.raises(StoreError, match="not a worth project"):
        open_store(other)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"dit is geen database" * 100)
    with pytest.raises(StoreError):
        open_store(junk)


def test_reading_an_empty_or_text_file_refuses_and_leaves_it_untouched(tmp_path: Path) -> None:
    empty = tmp_path / "leeg.sqlite"
    empty.write_bytes(b"")
    text = tmp_path / "notities.sqlite"
    text.write_text("Ja nee, dat moet ik nog even navragen bij de wijkverpleging.\n", encoding="utf-8")
    for path in (empty, text):
        before = path.read_bytes()
        with pytest.raises(StoreError, match="not a worth project file"):
            open_store(path, create=False)
        assert path.read_bytes() == before
        assert not list(tmp_path.glob("*-wal")) and not list(tmp_path.glob("*-shm"))


def test_export_of_an_empty_file_writes_nothing(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    empty = tmp_path / "z.sqlite"
    empty.write_bytes(b"")
    out = tmp_path / "z.xlsx"
    res = subprocess.run([sys.executable, "-m", "toolkit", "export", str(empty), "--out", str(out)],
                         capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, timeout=600)
    assert res.returncode == 2, res.stderr
    assert "z.sqlite: not a worth project file" in res.stderr
    assert empty.stat().st_size == 0 and not out.exists()


def test_conflicting_document_rolls_back_whole_batch(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite") as store:
        store.add_documents([_doc("a", "R: een\nR: twee\n")])
        with pytest.raises(DuplicateDocument):
            store.add_documents([_doc("b", "R: drie\nR: vier\n"), _doc("a", "R: anders\nR: ja\n")])
        assert [d.id for d in store.documents()] == ["a"]
        assert len(store.runs()) == 1


def test_human_codings_are_immutable_and_survive_machine_runs(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite") as store:
        doc, segs = _doc("a", "I: Vraag?\nR: Ik wil niemand lastigvallen.\nI: Nee?\nR: Nee.\n")
        store.add_documents([(doc, segs)])
        seg = segs[1]
        human = Coding(doc_id="a", start=seg.start, end=seg.end, code_id="theme.fear_of_burdening",
                       coder="anna", segment_id=seg.id)
        store.add_human_codings([human])
        machine = Coding(doc_id="a", start=seg.start, end=seg.end, code_id="theme.fear_of_burdening",
                         coder="model:default@1", segment_id=seg.id, score=0.91, model_version="1")
        run = store.add_machine_run([machine], params={}, pipeline="fallback", started_at="2025-01-01")
        assert store.coders() == ["anna", "model:default@1"]
        with pytest.raises(sqlite3.DatabaseError, match="never"):
            store.db.execute("DELETE FROM codings WHERE coder = 'anna'")
        with pytest.raises(sqlite3.DatabaseError, match="never"):
            store.db.execute("UPDATE codings SET code_id = 'x' WHERE coder = 'anna'")
        assert store.delete_run(run) == 1
        assert store.codings() == [human]
        with pytest.raises(InputError, match="model name"):
            store.add_human_codings([machine])
        with pytest.raises(InputError, match="outside document"):
            store.add_human_codings([Coding(doc_id="a", start=0, end=10_000, code_id="x", coder="anna")])
        with pytest.raises(InputError, match="unknown document"):
            store.add_human_codings([Coding(doc_id="zz", start=0, end=1, code_id="x", coder="anna")])


def _writer(path: str, worker: int, n: int) -> None:
    from toolkit.store import open_store

    with open_store(path) as store:
        for i in range(n):
            text = f"R: werker {worker} document {i}\nR: ja\n"
            store.add_documents([_doc(f"w{worker}_{i}", text)])


def test_two_processes_can_write_one_project(tmp_path: Path) -> None:
    path = str(tmp_path / "p.sqlite")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, 15)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with open_store(path) as store:
        assert store.summary()["documents"] == 30
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_checking_an_open_project_does_not_touch_its_file(tmp_path, monkeypatch) -> None:
    """is_project_file must not open() a file this process holds a SQLite connection to
    (closing that descriptor would drop SQLite's POSIX locks)."""
    from pathlib import Path

    from toolkit.store import is_project_file, open_store

    project = tmp_path / "p.sqlite"
    with open_store(project):
        opened: list[str] = []
        real_open = Path.open

        def spy(self, *args, **kwargs):
            opened.append(str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", spy)
        assert is_project_file(project)
        assert opened == []
        monkeypatch.undo()
    assert is_project_file(project)  # closed again: read by its header as before
    (tmp_path / "x.txt").write_text("geen project\n", encoding="utf-8")
    assert not is_project_file(tmp_path / "x.txt")
