"""The review decision store: decisions, undo, memos, negatives; human codings stay protected."""

from __future__ import annotations

import shutil
import sqlite3
import threading

import pytest

from toolkit.errors import InputError
from toolkit.store import open_store
from toolkit.store import review as rv


@pytest.fixture
def store(review_project, tmp_path):
    path = tmp_path / "p.sqlite"
    shutil.copy(review_project, path)
    with open_store(path, create=False) as st:
        rv.ensure_review_tables(st)
        yield st


def _suggested(store):
    run = rv.machine_runs(store)[0]
    row = store.db.execute('SELECT segment_id, code_id, doc_id, start, "end" FROM codings WHERE coder = ? '
                           "ORDER BY id LIMIT 1", (run["coder"],)).fetchone()
    return run, row


def _ids(store):
    return {r[0] for r in store.db.execute("SELECT DISTINCT code_id FROM codings")} | {"theme.shame", "ow.civic"}


def test_accept_makes_a_human_coding_with_provenance(store):
    run, (seg, code, doc, start, end) = _suggested(store)
    d = rv.add_decision(store, segment_id=seg, code_id=code, decision="accept", coder="ans",
                        code_ids=_ids(store), machine_coder=run["coder"])
    assert (d["decision"], d["source_run"], d["coder"]) == ("accept", run["run_id"], "ans")
    row = store.db.execute('SELECT doc_id, start, "end", code_id, coder, explain FROM codings WHERE id = ?',
                           (d["coding_id"],)).fetchone()
    assert row[:5] == (doc, start, end, code, "ans")
    assert run["run_id"] in row[5]
    with pytest.raises(sqlite3.IntegrityError, match="never"):
        store.db.execute("DELETE FROM codings WHERE id = ?", (d["coding_id"],))


def test_reject_is_a_negative_not_a_coding(store):
    run, (seg, code, *_rest) = _suggested(store)
    before = store.db.execute("SELECT count(*) FROM codings").fetchone()[0]
    rv.add_decision(store, segment_id=seg, code_id=code, decision="reject", coder="ans",
                    code_ids=_ids(store), machine_coder=run["coder"])
    assert store.db.execute("SELECT count(*) FROM codings").fetchone()[0] == before
    assert rv.negatives(store, "ans") == [(seg, code)]


def test_changed_span_and_bad_spans(store):
    run, (seg, code, doc, start, end) = _suggested(store)
    other = "ow.civic" if code == "theme.shame" else "theme.shame"  # not the suggested code: a coding of its own
    d = rv.add_decision(store, segment_id=seg, code_id=other, decision="accept", coder="ans",
                        code_ids=_ids(store), machine_coder=run["coder"], start=start + 2, end=start + 9)
    assert (d["decision"], d["start"], d["end"]) == ("code", start + 2, start + 9)
    n = store.db.execute("SELECT count(*) FROM decisions").fetchone()[0]
    for kwargs, message in [({"start": start - 1, "end": start + 3}, "outside segment"),
                            ({"start": start + 3, "end": start + 3}, "outside segment"),
                            ({"start": start}, "both start and end")]:
        with pytest.raises(InputError, match=message):
            rv.add_decision(store, segment_id=seg, code_id="theme.shame", decision="accept", coder="ans",
                            code_ids=_ids(store), machine_coder=run["coder"], **kwargs)
    with pytest.raises(InputError, match="unknown segment"):
        rv.add_decision(store, segment_id="nope:1", code_id=code, decision="accept", coder="ans",
                        code_ids=_ids(store))
    with pytest.raises(InputError, match="unknown code"):
        rv.add_decision(store, segment_id=seg, code_id="ow.nope", decision="accept", coder="ans",
                        code_ids=_ids(store))
    with pytest.raises(InputError, match="human coder"):
        rv.add_decision(store, segment_id=seg, code_id=code, decision="accept", coder="model:x@1",
                        code_ids=_ids(store))
    assert store.db.execute("SELECT count(*) FROM decisions").fetchone()[0] == n  # nothing half-written


def test_stale_model_run_is_a_conflict(store):
    run, (seg, code, *_rest) = _suggested(store)
    with pytest.raises(rv.Conflict):
        rv.add_decision(store, segment_id=seg, code_id=code, decision="accept", coder="ans",
                        code_ids=_ids(store), machine_coder=run["coder"], model_run="code-old")


def test_undo_withdraws_and_reaccept_reinstates(store):
    run, (seg, code, *_rest) = _suggested(store)
    kw = dict(segment_id=seg, code_id=code, coder="ans", code_ids=_ids(store), machine_coder=run["coder"])
    first = rv.add_decision(store, decision="accept", **kw)
    undone = rv.undo_last(store, "ans")
    assert undone["undoes"] == first["id"]
    assert first["coding_id"] in rv.withdrawn_ids(store)
    assert rv.decisions(store, coder="ans") == []
    again = rv.add_decision(store, decision="accept", **kw)
    assert again["coding_id"] == first["coding_id"] and not rv.withdrawn_ids(store)
    assert rv.undo_last(store, "bob") is None


def test_memos(store):
    doc = store.db.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
    m = rv.add_memo(store, target="document", target_id=doc, text="Let op: <b>dubbel</b>", coder="ans",
                    code_ids=_ids(store))
    rv.add_memo(store, target="code", target_id="theme.shame", text="grens met angst", coder="ans",
                code_ids=_ids(store))
    assert [x["id"] for x in rv.memos(store, target="document")] == [m["id"]]
    with pytest.raises(InputError, match="unknown segment"):
        rv.add_memo(store, target="segment", target_id="x:1", text="t", coder="ans", code_ids=set())
    with pytest.raises(InputError, match="needs text"):
        rv.add_memo(store, target="document", target_id=doc, text="  ", coder="ans", code_ids=set())


def test_two_writers_at_once_lose_nothing(store):
    run = rv.machine_runs(store)[0]
    rows = store.db.execute("SELECT segment_id, code_id FROM codings WHERE coder = ? ORDER BY id LIMIT 20",
                            (run["coder"],)).fetchall()
    errors, ids = [], _ids(store)

    def review(name, part):
        try:
            with open_store(store.path, create=False) as own:
                for seg, code in part:
                    rv.add_decision(own, segment_id=seg, code_id=code, decision="reject", coder=name,
                                    code_ids=ids, machine_coder=run["coder"])
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=review, args=(n, rows)) for n in ("ans", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(rv.decisions(store, coder="ans")) == len(rv.decisions(store, coder="bob")) == len(rows)
