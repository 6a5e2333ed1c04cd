"""`worth ingest --replace` lands whole or not at all: replaced and new documents in one transaction, and
the CSV of codings not re-anchored under its name only once the change is committed."""

from __future__ import annotations

import csv
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import toolkit as worth
from toolkit.store import open_store

from .test_ingest_replace import _project, _state

# a new interview, added by the same command that replaces gesprek_07
EXTRA = """I: Wie helpt u als het even niet gaat?
R: Meestal mijn neef, die woont twee straten verderop. Hij zegt dat hij het graag doet, maar ik voel me toch bezwaard.
I: En de thuiszorg?
R: Die komt drie keer in de week voor het douchen. Verder red ik me wel, met de rollator kom ik tot aan de bakker.
"""


def _with_extra(fixed: Path) -> Path:
    (fixed.parent / "gesprek_08.txt").write_text(EXTRA, encoding="utf-8")
    return fixed.parent


def test_replacing_and_adding_in_one_command_is_one_transaction(tmp_path: Path) -> None:
    project, fixed = _project(tmp_path)
    folder = _with_extra(fixed)
    before = _state(project)
    with open_store(project, create=False) as store:  # the disk fills up while the new interview is stored
        store.db.execute("CREATE TRIGGER full BEFORE INSERT ON segments WHEN NEW.doc_id = 'gesprek_08' "
                         "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    with pytest.raises(sqlite3.DatabaseError, match="disk is full"):
        worth.ingest([folder], project, replace=True, compute_terms=False)
    assert _state(project) == before  # the replacement of gesprek_07 went back too
    assert not list(tmp_path.glob("*.csv*"))
    with open_store(project, create=False) as store:
        store.db.execute("DROP TRIGGER full")
    outcome = worth.ingest([folder], project, replace=True, compute_terms=False)
    assert outcome.replaced == ["gesprek_07"] and outcome.added == ["gesprek_08"]
    with open_store(project, create=False) as store:
        assert sorted(d.id for d in store.documents()) == ["gesprek_07", "gesprek_08"]
        assert any(r["id"] == outcome.run_id and r["params"].get("replace") is None for r in store.runs())
        assert any(r["params"].get("replace") for r in store.runs())


_KILLED = """
import os, sys
from toolkit.workflows import ingest_replace
real = ingest_replace.replace_documents

def killed(store, items, *, keep, **kw):  # the list is written, then the process dies before the commit
    def keep_then_die(rows):
        keep(rows)
        os._exit(9)
    return real(store, items, keep=keep_then_die, **kw)

ingest_replace.replace_documents = killed
import toolkit as worth
worth.ingest([sys.argv[1]], sys.argv[2], replace=True, compute_terms=False)
"""


def test_a_process_killed_before_the_commit_leaves_no_list_of_codings_the_project_still_holds(
        tmp_path: Path) -> None:
    project, fixed = _project(tmp_path)
    before = _state(project)
    proc = subprocess.run([sys.executable, "-c", _KILLED, str(fixed), str(project)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert proc.returncode == 9, proc.stderr
    assert _state(project) == before
    assert not list(tmp_path.glob("p.codings-not-reanchored-*.csv"))  # only a .pending file, as documented
    assert [p.suffix for p in tmp_path.glob("p.codings-not-reanchored-*")] == [".pending"]


def test_when_the_list_cannot_be_moved_after_the_commit_it_stays_pending_and_is_named(
        tmp_path: Path, monkeypatch, caplog) -> None:
    project, fixed = _project(tmp_path)
    real = os.replace

    def refuse_pending(src, dst, *args, **kw):
        if str(src).endswith(".pending"):
            raise PermissionError(13, "Permission denied")
        return real(src, dst, *args, **kw)

    monkeypatch.setattr(os, "replace", refuse_pending)
    with caplog.at_level(logging.WARNING):
        outcome = worth.ingest([fixed], project, replace=True, compute_terms=False)
    assert outcome.replaced == ["gesprek_07"] and outcome.unanchored == 3
    assert outcome.unanchored_file.name.endswith(".csv.pending") and outcome.unanchored_file.exists()
    with outcome.unanchored_file.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 3  # nothing lost: the removed codings are listed
    assert str(outcome.unanchored_file) in caplog.text and "Permission denied" in caplog.text
