"""`worth ingest --replace`: a corrected transcript replaces its old version; human codings move along
or are listed in a CSV beside the project, machine codings are removed, all in one transaction."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

import toolkit as worth
from toolkit.errors import InputError
from toolkit.store import open_store

from .test_cli import worth as run

OLD = """I: Hoe regelt u de boodschappen tegenwoordig?
R: Nou, mijn dochter komt op zaterdag, die neemt dan alles mee. Maar ik vind het eigenlijk vervelend om het te vragen, ze heeft het zelf al zo druk met de kinderen.
I: En de buren?
R: De buurman heeft een keer aangeboden om mee te rijden naar de apotheek. Dat heb ik toen niet gedaan, ik wil niemand tot last zijn.
I: Heeft u contact gehad met het wijkteam?
R: Ja, die mevrouw van de gemeente is langs geweest. Die zei dat ik recht had op huishoudelijke hulp, dat wist ik helemaal niet.
"""
# the typist's corrections: a clause added in the first answer, "de gemeente" was "het wijkteam"
NEW = OLD.replace("met de kinderen.", "met de kinderen en haar werk.").replace(
    "die mevrouw van de gemeente", "die mevrouw van het wijkteam")
CODINGS = [("ik wil niemand tot last zijn", "theme.fear_of_burdening", "anna"),       # moves along
           ("Dat heb ik toen niet gedaan, ik wil niemand tot last zijn.", "theme.request_hesitancy", "bert"),
           ("ze heeft het zelf al zo druk met de kinderen.", "theme.fear_of_burdening", "anna"),  # changed
           ("die mevrouw van de gemeente is langs geweest", "ow.civic", "bert"),                 # changed
           ("mee", "ow.domestic", "bert")]                                                     # twice in NEW


def _project(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "oud").mkdir()
    (tmp_path / "oud" / "gesprek_07.txt").write_text(OLD, encoding="utf-8")
    lines = []
    for text, code, coder in CODINGS:
        at = OLD.index(text)
        lines.append(json.dumps({"file": "gesprek_07.txt", "start": at, "end": at + len(text), "code": code,
                                 "coder": coder}))
    (tmp_path / "codings.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = tmp_path / "p.sqlite"
    worth.ingest([tmp_path / "oud"], project, codings=tmp_path / "codings.jsonl", compute_terms=False)
    worth.code([project])  # a machine run on the old text
    (tmp_path / "nieuw").mkdir()
    (tmp_path / "nieuw" / "gesprek_07.txt").write_text(NEW, encoding="utf-8")
    return project, tmp_path / "nieuw" / "gesprek_07.txt"


def _state(project: Path):
    with open_store(project, create=False) as store:
        return ([(d.id, d.text) for d in store.documents()], store.segments(), store.codings(), store.runs())


def test_replace_moves_human_codings_lists_the_rest_and_drops_machine_codings(tmp_path: Path) -> None:
    project, fixed = _project(tmp_path)
    before = _state(project)
    assert any(c.coder.startswith("model:") for c in before[2])
    res = run("ingest", str(fixed), "--project", str(project))
    assert res.returncode == 2 and "already in the project" in res.stderr and "--replace" in res.stderr
    assert _state(project) == before

    res = run("ingest", str(fixed), "--project", str(project), "--replace")
    assert res.returncode == 0, res.stderr
    listed = sorted(tmp_path.glob("p.codings-not-reanchored-*.csv"))
    assert len(listed) == 1
    assert "2 human coding(s) moved along, 3 could not be placed" in res.stderr and listed[0].name in res.stderr
    assert "machine coding(s) of the old text were removed" in res.stderr and "worth code" in res.stderr
    with listed[0].open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted((r["text"], r["code"], r["coder"]) for r in rows) == sorted(c for c in CODINGS[2:])
    assert {r["reason"] for r in rows} == {"not found in the new text", "found 2 times in the new text"}
    assert all(r["file"].endswith("gesprek_07.txt") for r in rows)

    with open_store(project, create=False) as store:
        (doc,) = store.documents()
        assert doc.text.strip() == NEW.strip()
        assert all(doc.text[s.start:s.end] == s.text for s in store.segments())
        codings = store.codings()
        assert not any(c.coder.startswith("model:") for c in codings)
        moved = sorted((doc.text[c.start:c.end], c.code_id, c.coder) for c in codings)
        assert moved == sorted(CODINGS[:2])
        spans = {s.id: (s.start, s.end) for s in store.segments()}
        assert all(c.segment_id is None or spans[c.segment_id] == (c.start, c.end) for c in codings)
        with pytest.raises(sqlite3.DatabaseError, match="never deleted"):  # the guard is back
            store.db.execute("DELETE FROM codings WHERE coder = 'anna'")

    third = tmp_path / "derde" / "gesprek_07.txt"
    third.parent.mkdir()
    third.write_text(NEW.replace("Nou, mijn dochter", "Nou ja, mijn dochter"), encoding="utf-8")
    earlier = listed[0].read_bytes()
    res = run("ingest", str(third), "--project", str(project), "--replace")
    assert res.returncode == 0 and "2 human coding(s) moved along" in res.stderr
    assert "could not be placed" not in res.stderr
    assert listed[0].read_bytes() == earlier  # an earlier list is never overwritten


def test_a_failed_replacement_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    from toolkit.workflows import ingest_replace

    project, fixed = _project(tmp_path)
    before = _state(project)

    real = ingest_replace.replace_documents

    def failing_at_the_end(store, items, *, keep, **kw):  # the list is written, then the commit fails
        def keep_then_fail(rows):
            keep(rows)
            assert list(tmp_path.glob("*.csv.pending"))
            raise OSError("disk full")

        return real(store, items, keep=keep_then_fail, **kw)

    monkeypatch.setattr(ingest_replace, "replace_documents", failing_at_the_end)
    with pytest.raises(OSError, match="disk full"):
        worth.ingest([fixed], project, replace=True, compute_terms=False)
    assert _state(project) == before
    assert not list(tmp_path.glob("*.csv*"))
    with open_store(project, create=False) as store:
        with pytest.raises(sqlite3.DatabaseError, match="never modified"):
            store.db.execute("UPDATE codings SET start = start WHERE coder = 'anna'")


def test_a_document_with_review_decisions_is_not_replaced(tmp_path: Path) -> None:
    from toolkit.store.review import add_decision

    project, fixed = _project(tmp_path)
    with open_store(project, create=False) as store:
        seg = [s for s in store.segments() if s.codable][0]
        add_decision(store, segment_id=seg.id, code_id="ow.domestic", decision="code", coder="carla",
                     code_ids={"ow.domestic"})
    before = _state(project)
    outcome = worth.ingest([fixed], project, replace=True, compute_terms=False)
    assert not outcome.replaced and _state(project) == before
    (refused,) = outcome.skipped
    assert isinstance(refused, InputError) and "review decisions" in refused.message


def test_a_coding_merged_into_another_is_listed_not_lost(tmp_path: Path) -> None:
    # the typist had pasted a sentence twice; the coder coded both; the corrected text has it once
    said = "Ik durf het mijn kinderen gewoon niet te vragen, die hebben hun eigen leven."
    old = f"I: Vraagt u weleens hulp?\nR: Nee. {said} {said}\nI: Waarom niet?\nR: Dat voelt als zeuren.\n"
    new = old.replace(f"{said} {said}", said)
    (tmp_path / "oud").mkdir()
    (tmp_path / "oud" / "gesprek_12.txt").write_text(old, encoding="utf-8")
    first, second = old.index(said), old.index(said, old.index(said) + 1)
    lines = [json.dumps({"file": "gesprek_12.txt", "start": at, "end": at + len(said),
                         "code": "theme.request_hesitancy", "coder": "anna"}) for at in (first, second)]
    (tmp_path / "codings.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = tmp_path / "p.sqlite"
    worth.ingest([tmp_path / "oud"], project, codings=tmp_path / "codings.jsonl", compute_terms=False)
    (tmp_path / "nieuw").mkdir()
    (tmp_path / "nieuw" / "gesprek_12.txt").write_text(new, encoding="utf-8")

    outcome = worth.ingest([tmp_path / "nieuw"], project, replace=True, compute_terms=False)
    assert outcome.replaced == ["gesprek_12"]
    assert (outcome.reanchored, outcome.unanchored) == (1, 1)  # counted once, the other one listed
    with outcome.unanchored_file.open(encoding="utf-8-sig", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert (row["text"], row["old_start"], row["coder"]) == (said, str(second), "anna")
    assert Path(row["file"]).parent.name == "oud"  # the file the old offsets count in
    assert "same text, code and coder" in row["reason"]
    with open_store(project, create=False) as store:
        (moved,) = store.codings()
        assert (moved.start, moved.end) == (new.index(said), new.index(said) + len(said))


def test_a_document_with_segment_memos_is_not_replaced(tmp_path: Path) -> None:
    from toolkit.store.review import add_memo

    project, fixed = _project(tmp_path)
    with open_store(project, create=False) as store:
        seg = [s for s in store.segments() if s.codable][1]
        add_memo(store, target="segment", target_id=seg.id, text="Hier twijfel ik: is dit schaamte?",
                 coder="carla", code_ids=set())
    before = _state(project)
    outcome = worth.ingest([fixed], project, replace=True, compute_terms=False)
    assert not outcome.replaced and _state(project) == before
    (refused,) = outcome.skipped
    assert isinstance(refused, InputError) and "memo" in refused.message


def test_codings_of_a_changed_file_skipped_without_replace_are_left_out_with_the_right_reason(
        tmp_path: Path, caplog) -> None:
    import logging

    project, fixed = _project(tmp_path)
    at = NEW.index("haar werk")
    codings = tmp_path / "nieuwe_codings.jsonl"
    codings.write_text(json.dumps({"file": "gesprek_07.txt", "start": at, "end": at + 9, "code": "ow.industrial",
                                   "coder": "carla"}) + "\n", encoding="utf-8")
    before = _state(project)
    with caplog.at_level(logging.WARNING):
        outcome = worth.ingest([fixed], project, codings=codings, compute_terms=False,
                               codebook=Path(__file__).parents[1] / "corpora" / "codebooks" / "default.yaml")
    assert "already in the project" in outcome.skipped[0].message and outcome.codings == 0
    assert _state(project)[2] == before[2]  # not stored against the old text
    left_out = next(r.getMessage() for r in caplog.records if "left out" in r.getMessage())
    assert "could not be read" not in left_out and "skipped" in left_out


def test_a_document_cut_in_another_unit_is_not_replaced_silently_in_a_different_one(tmp_path: Path) -> None:
    (tmp_path / "oud").mkdir()
    (tmp_path / "oud" / "gesprek_07.txt").write_text(OLD, encoding="utf-8")
    project = tmp_path / "p.sqlite"
    worth.ingest([tmp_path / "oud"], project, unit="sentence", window=2, compute_terms=False)
    (tmp_path / "nieuw").mkdir()
    (tmp_path / "nieuw" / "gesprek_07.txt").write_text(NEW, encoding="utf-8")
    before = _state(project)
    outcome = worth.ingest([tmp_path / "nieuw"], project, replace=True, compute_terms=False)  # --unit auto
    assert not outcome.replaced and _state(project) == before
    (refused,) = outcome.skipped
    assert "--unit sentence" in refused.message + (refused.hint or "")
    outcome = worth.ingest([tmp_path / "nieuw"], project, replace=True, unit="sentence", window=2,
                           compute_terms=False)
    assert outcome.replaced == ["gesprek_07"]
    with open_store(project, create=False) as store:
        assert {s.kind for s in store.segments() if s.codable} == {"window"}
    outcome = worth.ingest([tmp_path / "oud"], project, replace=True, unit="sentence", window=3,
                           compute_terms=False)
    assert not outcome.replaced and "--unit sentence --window 2" in outcome.skipped[0].hint
