"""Re-running `worth code` on a project replaces that model's codings instead of adding a copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import toolkit as worth
from toolkit.analysis.tables import all_tables, codings_table, write_tables
from toolkit.store import Store, open_store
from toolkit.types import Coding, is_machine_coder

from .conftest import ROOT

DEMO = ROOT / "corpora" / "demo"
FILES = ["a01_weduwe_rollator_marskerk.txt", "a02_weduwnaar_beroerte_holtewijk.txt"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "transcripts"
    folder.mkdir()
    for name in FILES:
        shutil.copy(DEMO / "transcripts" / name, folder / name)
    lines = [line for line in (DEMO / "codings.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["file"] in FILES]
    (tmp_path / "codings.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp_path / "p.sqlite"
    outcome = worth.ingest([folder], path, codings=tmp_path / "codings.jsonl", compute_terms=False)
    assert len(outcome.added) == len(FILES) and outcome.codings == len(lines) > 0
    return path


def _machine(store: Store) -> list[Coding]:
    return [c for c in store.codings() if is_machine_coder(c.coder)]


def _human(store: Store) -> list[Coding]:
    return [c for c in store.codings() if not is_machine_coder(c.coder)]


def test_coding_twice_keeps_one_set_of_model_codings(project: Path, tmp_path: Path) -> None:
    with open_store(project) as store:
        human_before = _human(store)
    worth.code([project], out=tmp_path / "a.csv")
    with open_store(project) as store:
        first = _machine(store)
        table_first = codings_table(store)
        tables_first = all_tables(store)
    assert first, "the model should assign some codes"
    assert len({c.coder for c in first}) == 1

    worth.code([project], out=tmp_path / "b.jsonl")
    worth.code([project])
    with open_store(project) as store:
        again = _machine(store)
        assert len(again) == len(first)
        key = lambda c: (c.doc_id, c.start, c.end, c.code_id, c.coder)  # noqa: E731
        assert sorted(map(key, again)) == sorted(map(key, first))
        assert _human(store) == human_before
        assert len(codings_table(store)) == len(table_first) == len(human_before) + len(first)
        tables_again = all_tables(store)
        for name, table in tables_first.items():
            assert tables_again[name].equals(table), name
        # one current code run owns the codings; it names the runs it replaced
        runs = [r for r in store.runs() if r["kind"] == "code"]
        assert len(runs) == 1 and len(runs[0]["params"]["replaces"]) == 1


def test_export_row_count_is_stable_across_reruns(project: Path, tmp_path: Path) -> None:
    worth.code([project])
    with open_store(project) as store:
        write_tables(store, tmp_path / "one.csv")
    worth.code([project])
    with open_store(project) as store:
        write_tables(store, tmp_path / "two.csv")
    for first in sorted(tmp_path.glob("one*.csv")):
        second = tmp_path / first.name.replace("one", "two", 1)
        assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8"), first.name


def test_other_machine_coders_are_kept(project: Path) -> None:
    with open_store(project) as store:
        segs = [s for s in store.segments() if s.codable][:3]
        other = [Coding(s.doc_id, s.start, s.end, "theme.shame", "model:other@1", s.id, 0.75, "other@1")
                 for s in segs]
        store.add_machine_run(other, params={}, pipeline=None, started_at="2025-01-01T00:00:00+00:00")
    worth.code([project])
    worth.code([project])
    with open_store(project) as store:
        assert store.codings(coder="model:other@1") == sorted(
            other, key=lambda c: (c.doc_id, c.start, c.end, c.code_id, c.coder))
        coders = [c for c in store.coders() if is_machine_coder(c)]
        assert len(coders) == 2


def test_rerun_only_replaces_the_documents_it_codes(project: Path, tmp_path: Path) -> None:
    worth.code([project])
    with open_store(project) as store:
        first = _machine(store)
        coder = first[0].coder
        kept_doc = sorted({c.doc_id for c in first})[0]
        kept = [c for c in first if c.doc_id == kept_doc]
        others = [c for c in first if c.doc_id != kept_doc]
        assert kept and others
        # a new run of the same coder on the other document(s) only
        store.add_machine_run(others[:1], params={}, pipeline=None, started_at="2025-01-01T00:00:00+00:00",
                              coder=coder, doc_ids={c.doc_id for c in others})
        now = store.codings(coder=coder)
        assert [c for c in now if c.doc_id == kept_doc] == kept
        assert [c for c in now if c.doc_id != kept_doc] == others[:1]


def test_failed_rerun_leaves_the_old_set(project: Path, monkeypatch) -> None:
    worth.code([project])
    with open_store(project) as store:
        first = _machine(store)
        human = _human(store)

    def boom(*args, **kwargs):
        raise RuntimeError("crash while inserting")

    monkeypatch.setattr(Store, "_insert_codings", staticmethod(boom))
    with pytest.raises(RuntimeError, match="crash"):
        worth.code([project])
    monkeypatch.undo()
    with open_store(project) as store:
        assert _machine(store) == first
        assert _human(store) == human


def test_human_codings_cannot_be_replaced_by_a_machine_run(project: Path) -> None:
    with open_store(project) as store:
        human = _human(store)
        with pytest.raises(ValueError, match="non-machine"):
            store.add_machine_run([], params={}, pipeline=None, started_at="2025-01-01T00:00:00+00:00",
                                  coder=human[0].coder, doc_ids={c.doc_id for c in human})
        assert _human(store) == human
