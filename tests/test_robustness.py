"""Crash safety (SIGKILL at random moments) and proof that the main commands never use the network."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import toolkit as worth
from toolkit.store import open_store

from .conftest import ROOT

DEMO = ROOT / "corpora" / "demo"

NO_NETWORK = """
import socket, sys
def guard(event, args):
    if event.startswith("socket.") and event not in ("socket.__new__", "socket.gethostname"):
        raise RuntimeError(f"network use blocked: {event} {args!r}")
sys.addaudithook(guard)
from toolkit.app.cli import main
sys.argv[0] = "worth"
main()
"""


def worth_offline(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", NO_NETWORK, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600, env={**os.environ, "COLUMNS": "160"})


def test_main_commands_run_with_sockets_blocked(tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    steps = [
        ["ingest", str(DEMO / "transcripts"), "--codings", str(DEMO / "codings.jsonl"), "-p", str(project)],
        ["segments", str(project), "--out", str(tmp_path / "segs.csv")],
        ["codebook", "show", "-f", "html", "-o", str(tmp_path / "cb.html")],
        ["code", str(project), "--out", str(tmp_path / "coded.jsonl")],
        ["train", str(project), "--coder", "writer", "--split", str(DEMO / "split.json"), "--out",
         str(tmp_path / "m")],
        ["evaluate", str(project), "--coder", "writer", "--split", str(DEMO / "split.json"), "--model",
         str(tmp_path / "m")],
        ["suggest", str(DEMO / "transcripts" / "a01_weduwe_rollator_marskerk.txt"), "--n", "3"],
        ["info", "-p", str(project)],
    ]
    # the guard itself works: a connection attempt is refused
    probe = subprocess.run([sys.executable, "-c", NO_NETWORK.replace("from toolkit.app.cli import main", "import socket; socket.create_connection(('127.0.0.1', 9))")],
                           capture_output=True, text=True)
    assert probe.returncode != 0 and "network use blocked" in probe.stderr
    for step in steps:
        res = worth_offline(*step, cwd=tmp_path)
        assert res.returncode == 0, (step, res.stderr[-2000:])
        assert "network use blocked" not in res.stderr


def _consistent(project: Path, human_before: int) -> None:
    db = sqlite3.connect(project)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM codings WHERE coder NOT LIKE 'model:%'").fetchone()[0] == human_before
        # every machine coding belongs to a recorded run; every document to a recorded ingest run
        assert db.execute("SELECT count(*) FROM codings c LEFT JOIN runs r ON c.run_id = r.id "
                          "WHERE c.coder LIKE 'model:%' AND r.id IS NULL").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM documents d LEFT JOIN runs r ON d.run_id = r.id "
                          "WHERE r.id IS NULL").fetchone()[0] == 0
        # a run is whole: each code run has codings for every document it coded or none at all
        for (run_id,) in db.execute("SELECT id FROM runs WHERE kind = 'code'"):
            n = db.execute("SELECT count(DISTINCT doc_id) FROM codings WHERE run_id = ?", (run_id,)).fetchone()[0]
            assert n == db.execute("SELECT count(*) FROM documents").fetchone()[0]
        # every stored document has all its segments
        for doc_id, n in db.execute("SELECT doc_id, count(*) FROM segments GROUP BY doc_id"):
            assert n == db.execute("SELECT max(n) FROM segments WHERE doc_id = ?", (doc_id,)).fetchone()[0]
    finally:
        db.close()


def _kill_at_random(cmd: list[str], rng: random.Random, lo: float, hi: float) -> None:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(lo, hi))
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(60)


@pytest.mark.slow
def test_sigkill_during_code_and_ingest_leaves_a_consistent_store(tmp_path: Path) -> None:
    rng = random.Random(7)
    base = tmp_path / "base.sqlite"
    worth.ingest([DEMO / "transcripts"], base, codings=DEMO / "codings.jsonl", compute_terms=False)
    with open_store(base) as store:
        human = len(store.codings())
    cli = [sys.executable, "-m", "toolkit", "-q"]
    project = tmp_path / "p.sqlite"
    shutil.copy(base, project)
    for _ in range(6):
        _kill_at_random(cli + ["code", str(project)], rng, 0.5, 8.0)
        _consistent(project, human)
    res = subprocess.run(cli + ["code", str(project)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    _consistent(project, human)
    with open_store(project) as store:
        assert [r for r in store.runs() if r["kind"] == "code"]

    fresh = tmp_path / "fresh.sqlite"
    for _ in range(5):
        _kill_at_random(cli + ["ingest", str(DEMO / "transcripts"), "-p", str(fresh)], rng, 0.3, 5.0)
        if fresh.exists():
            _consistent(fresh, 0)
            with open_store(fresh) as store:
                assert store.summary()["documents"] in (0, 65)
    res = subprocess.run(cli + ["ingest", str(DEMO / "transcripts"), "-p", str(fresh)], capture_output=True,
                         text=True)
    assert res.returncode == 0, res.stderr
    with open_store(fresh) as store:
        assert store.summary()["documents"] == 65


def test_two_runs_give_byte_identical_outputs(tmp_path: Path) -> None:
    """segments, code, export and report repeat exactly (train: see test_classifiers)."""
    files = sorted((DEMO / "transcripts").glob("c0*.txt"))[:3]
    outputs = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir()
        project = folder / "p.sqlite"
        shutil.copytree(DEMO / "transcripts", folder / "t", ignore=lambda d, names: [
            n for n in names if n.endswith(".txt") and n not in {f.name for f in files}])
        worth.ingest([folder / "t"], project, compute_terms=False)
        worth.write_segments(worth.segment_rows(*worth.collect_segments([project])[:2]), folder / "segs.jsonl")
        worth.code([project], out=folder / "coded.jsonl")
        from toolkit.analysis.tables import write_tables
        from toolkit.analysis.report import write_report

        with open_store(project) as store:
            write_tables(store, folder / "tables.csv")
            write_report(store, folder / "report.html")
        outputs.append(folder)
    names = sorted(p.name for p in outputs[0].iterdir() if p.is_file() and p.suffix != ".sqlite"
                   and not p.name.endswith(("-wal", "-shm")))
    assert {"segs.jsonl", "coded.jsonl", "tables.csv", "report.html"} <= set(names)
    for name in names:
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name
