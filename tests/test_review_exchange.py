"""After a review: QDPX round trip keeps reviewer and machine codings apart with true counts, and
training on the reviewer uses the reviewed turns (rejections as negatives)."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest

from tests.review_helpers import WORTH, build_demo_project
from toolkit.store import open_store
from toolkit.store import review as rv


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """The demo project after a short review by 'ans': 4 accepts, 2 rejects, 1 undone accept."""
    folder = tmp_path_factory.mktemp("review-exchange")
    project = build_demo_project(folder)
    with open_store(project, create=False) as st:
        run = rv.machine_runs(st)[0]
        rows = st.db.execute("SELECT segment_id, code_id FROM codings WHERE coder = ? ORDER BY id LIMIT 7",
                             (run["coder"],)).fetchall()
        ids = {r[1] for r in rows}
        for i, (seg, code) in enumerate(rows):
            rv.add_decision(st, segment_id=seg, code_id=code, decision="reject" if i in (1, 3) else "accept",
                            coder="ans", code_ids=ids, machine_coder=run["coder"])
        rv.undo_last(st, "ans")
        machine = run["coder"], run["codings"]
    return project, machine, rows


def _export(project, out):
    from toolkit.exchange.qdpx_write import export_qdpx

    with open_store(project, create=False) as st:
        export_qdpx(st, out)


def test_qdpx_round_trip_counts_reviewer_and_machine(reviewed, tmp_path):
    project, (machine, n_machine), _ = reviewed
    _export(project, tmp_path / "r.qdpx")
    again = tmp_path / "again.sqlite"
    proc = subprocess.run([WORTH, "ingest", str(tmp_path / "r.qdpx"), "--project", str(again)],
                          capture_output=True, text=True, check=True)
    with sqlite3.connect(project) as db:
        n_segments = db.execute("SELECT count(*) FROM segments").fetchone()[0]
        n_writer = db.execute("SELECT count(*) FROM codings WHERE coder = 'writer'").fetchone()[0]
    assert f"3 document(s) added with {n_segments} segments" in proc.stderr
    assert f"{n_writer + 4} human and {n_machine} machine codings read" in proc.stderr
    with sqlite3.connect(again) as db:
        counts = dict(db.execute("SELECT coder, count(*) FROM codings GROUP BY coder"))
        scored = db.execute("SELECT count(*) FROM codings WHERE coder = ? AND score > 0", (machine,)).fetchone()[0]
    assert counts == {"ans": 4, "writer": n_writer, machine: n_machine}
    assert scored == n_machine


def test_training_on_the_reviewer_uses_reviewed_turns(reviewed):
    from toolkit.coding.codebook_io import load_codebook
    from toolkit.coding.labels import load_labelled

    project, _, rows = reviewed
    book = load_codebook(None)
    data = load_labelled([project], book, coder="ans")
    live = rows[:6]                                   # the 7th accept was undone
    assert sorted(s.id for s in data.segments) == sorted({seg for seg, _ in live})
    label = {s.id: data.Y[i] for i, s in enumerate(data.segments)}
    for i, (seg, code) in enumerate(live):
        assert bool(label[seg][book.ids.index(code)]) is (i not in (1, 3)), (i, seg, code)
