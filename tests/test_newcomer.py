"""Regression tests for bugs a newcomer hit (issue 16's list)."""
from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import pytest

from toolkit.errors import ModelError
from toolkit.io.pseudonymise import Pseudonymiser
from toolkit.io.segment import segment_document
from toolkit.types import Document

from .test_cli import worth

HEADERS = ("Spreker 1 [00:00:03]\nGoedemiddag meneer Verbeek, fijn dat ik even langs mocht komen.\n\n"
           "Spreker 2 [00:00:09]\nJa hoor, ga zitten. De koffie staat al klaar.\nIk zet hem even neer.\n\n"
           "Spreker 1 [00:00:21]\nHoe gaat het nu met lopen?\n\n"
           "Spreker 2 00:00:25\nNou, met de rollator gaat het wel, maar de trap is een probleem.\n")


def test_speaker_label_alone_on_its_line_starts_a_turn() -> None:
    segs = segment_document(Document(id="d", text=HEADERS, meta={}))
    assert [s.speaker for s in segs] == ["Spreker 1", "Spreker 2", "Spreker 1", "Spreker 2"]
    assert segs[1].text == "Ja hoor, ga zitten. De koffie staat al klaar.\nIk zet hem even neer."
    assert segs[3].text.startswith("Nou, met de rollator")
    for s in segs:  # offsets index the document text, and no label or timestamp is in a turn
        assert HEADERS[s.start:s.end] == s.text
        assert "[00:" not in s.text and "Spreker" not in s.text


def test_mapping_file_is_private_and_its_place_is_warned(tmp_path: Path, caplog) -> None:
    ps = Pseudonymiser()
    out, _ = ps.apply("Mevrouw Jolanda Smeets woont al jaren alleen.")
    assert "Smeets" not in out
    path = tmp_path / "mapping.json"
    with caplog.at_level(logging.WARNING):
        ps.save_mapping(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert str(path.resolve()) in caplog.text and "re-identifies" in caplog.text
    assert "Smeets" in json.dumps(json.loads(path.read_text(encoding="utf-8")))


def test_train_refuses_a_taken_out_before_reading_anything(tmp_path: Path) -> None:
    from toolkit.workflows.train import train

    out = tmp_path / "model"
    out.mkdir()
    (out / "iets.txt").write_text("al in gebruik\n", encoding="utf-8")
    with pytest.raises(ModelError, match="already exists"):  # not the missing input's error
        train([tmp_path / "bestaat-niet.jsonl"], out)


def test_train_cli_refuses_existing_out_with_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "model"
    out.mkdir()
    (out / "manifest.json").write_text("{}\n", encoding="utf-8")
    res = worth("train", str(tmp_path / "bestaat-niet.jsonl"), "--out", str(out))
    assert res.returncode == 2, res.stderr
    assert "already exists" in res.stderr


def test_failed_ingest_keeps_an_existing_project(tmp_path: Path) -> None:
    good = tmp_path / "goed.txt"
    good.write_text("I: Hoe gaat het?\nR: Het gaat wel, dank u.\nI: Woont u alleen?\nR: Ja, al twee jaar.\n",
                    encoding="utf-8")
    project = tmp_path / "p.sqlite"
    assert worth("ingest", str(good), "--project", str(project)).returncode == 0
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(b"PK\x03\x04rest")
    res = worth("ingest", str(bad), "--project", str(project))
    assert res.returncode == 2
    assert project.exists()  # only a project this run created is removed


def test_csv_for_dutch_excel_has_bom_and_takes_sep(tmp_path: Path) -> None:
    import csv

    src = tmp_path / "gesprek.txt"
    src.write_text("I: Hoe gaat het, mevrouw?\nR: Tja, ik red me wel; de buurvrouw komt soms.\n"
                   "I: En uw zoon?\nR: Die woont ver weg, in Groningen.\n", encoding="utf-8")
    for sep, want in ((";", ";"), ("tab", "\t")):
        out = tmp_path / f"seg-{len(want)}-{ord(want)}.csv"
        res = worth("segments", str(src), "--out", str(out), "--sep", sep)
        assert res.returncode == 0, res.stderr
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
        rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=want))
        assert rows[0][:3] == ["id", "doc_id", "start"]
        assert "Tja, ik red me wel; de buurvrouw komt soms." in [f for r in rows for f in r]  # quoted, not split
    res = worth("segments", str(src), "--out", str(tmp_path / "x.csv"), "--sep", "::")
    assert res.returncode == 2 and "--sep" in res.stderr


def test_agree_reads_a_model_without_version_as_its_latest_run(tmp_path: Path) -> None:
    from toolkit.store import open_store
    from toolkit.types import Coding, Document, Segment

    text = "R: Ik vraag niet zo snel iets. R: Mijn dochter heeft het druk genoeg."
    project = tmp_path / "p.sqlite"
    with open_store(project) as store:
        doc = Document(id="d1", text=text, sha256="x")
        segs = [Segment(id="d1-1", doc_id="d1", start=3, end=32, text=text[3:32]),
                Segment(id="d1-2", doc_id="d1", start=36, end=len(text), text=text[36:])]
        store.add_documents([(doc, segs)], params={}, pipeline=None, started_at="2026-01-01T00:00:00")
        store.add_human_codings([Coding(doc_id="d1", start=3, end=32, code_id="theme.request_hesitancy",
                                        coder="anna", segment_id="d1-1")])
        for version, when in (("1.0", "2026-01-02T00:00:00"), ("2.0", "2026-01-03T00:00:00")):
            store.add_machine_run([Coding(doc_id="d1", start=3, end=32, code_id="theme.request_hesitancy",
                                          coder=f"model:default@{version}", segment_id="d1-1", score=0.9)],
                                  params={}, pipeline=None, started_at=when)
        assert store.resolve_coder("model:default") == "model:default@2.0"
        assert store.resolve_coder("model:default@1.0") == "model:default@1.0"
        assert store.resolve_coder("model:ander") == "model:ander"  # unknown: left for the usual error
    res = worth("agree", str(project), "--coder", "anna", "--coder", "model:default")
    assert res.returncode == 0, res.stderr
    assert "model:default@2.0" in res.stderr


def test_codebook_check_lists_every_problem_in_one_run(tmp_path: Path) -> None:
    book = tmp_path / "codeboek.yaml"
    book.write_text("""name: pilot
codes:
  - id: schaamte
    name_nl: Schaamte
    definition: Schaamte over de eigen situatie of hulpvraag.
  - id: schaamte
    name_nl: Schaamte twee
    definition: Dubbel id.
  - id: netwerk
    name_nl: Netwerk
    definition: ""
  - id: trots
    name_nl: Trots
    definition: Trots die hulp in de weg staat.
    parent: bestaat_niet
""", encoding="utf-8")
    res = worth("codebook", "check", str(book))
    assert res.returncode == 2, res.stderr
    assert "3 problem(s)" in res.stderr
    for says in ("duplicate code id 'schaamte'", "'netwerk' has an empty definition", "unknown parent"):
        assert says in res.stderr


def test_a_text_over_spacys_max_length_is_processed_in_pieces(monkeypatch) -> None:
    from toolkit import nlp

    line = ("ik wil mijn dochter niet tot last zijn want ze heeft het al zo druk met de kinderen en haar werk "
            "dus ik vraag het liever aan niemand ") * 30
    expected_terms = nlp.terms([line])[0]
    expected_lemmas = nlp.lemmas([line])[0]
    pipeline = nlp.load_nlp()
    monkeypatch.setattr(pipeline, "max_length", 500)  # the same as a file of millions of characters
    nlp._MEMORY.clear()
    assert nlp.terms([line, "kort"])[0] == expected_terms
    lemmas = nlp.lemmas([line])[0]
    assert lemmas == expected_lemmas
    assert [line[s:e] for _, s, e in lemmas][:3] == ["ik", "wil", "mijn"]


def test_suggest_never_proposes_near_zero_codes_and_says_when_per_doc_caps(caplog) -> None:
    import toolkit as worth
    from toolkit.workflows.evaluate import MIN_SUGGEST_P

    from .conftest import FIXTURES

    with caplog.at_level(logging.WARNING):
        picked = worth.suggest([FIXTURES / "transcripts"], n=50, per_doc=1)
    assert picked, "the fixture transcripts have uncoded segments"
    assert all(p["probability"] >= MIN_SUGGEST_P for p in picked)
    assert len({p["doc_id"] for p in picked}) == len(picked)  # one per document
    assert "--per-doc 1 allows at most 1 per document" in caplog.text


def test_ingest_with_a_bad_or_unused_codebook_says_so(tmp_path: Path) -> None:
    src = tmp_path / "gesprek.txt"
    src.write_text("I: Hoe gaat het?\nR: Het gaat wel.\nI: Komt er iemand langs?\nR: Mijn buurman.\n",
                   encoding="utf-8")
    bad = tmp_path / "kapot.yaml"
    bad.write_text("codes:\n  - id: a\n    name_nl: A\n    definition: x\n  - id: a\n    name_nl: B\n"
                   "    definition: y\n", encoding="utf-8")
    res = worth("ingest", str(src), "--codebook", str(bad), "--project", str(tmp_path / "p.sqlite"))
    assert res.returncode == 2 and "kapot.yaml" in res.stderr and "duplicate code id" in res.stderr
    assert not (tmp_path / "p.sqlite").exists()
    good = Path(__file__).resolve().parents[1] / "corpora" / "codebooks" / "default.yaml"
    res = worth("ingest", str(src), "--codebook", str(good), "--project", str(tmp_path / "q.sqlite"))
    assert res.returncode == 0
    assert "is not used" in " ".join(res.stderr.split())


def test_every_coded_segment_explains_itself_also_without_a_code(tmp_path: Path) -> None:
    src = tmp_path / "segmenten.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "s1", "text": "Ik wil mijn dochter echt niet tot last zijn, ze heeft het al zo druk.", "role": "client"},
        {"id": "s2", "text": "De bus van half negen was weer eens te laat vanochtend.", "role": "client"},
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "uit.jsonl"
    res = worth("code", str(src), "--out", str(out))
    assert res.returncode == 0, res.stderr
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["s1"]["codes"] and set(rows["s1"]["explain"]) == set(rows["s1"]["codes"])
    assert "not_coded" not in rows["s1"]
    assert rows["s2"]["codes"] == []  # a late bus carries no code
    why = rows["s2"]["not_coded"]
    assert len(why) == 2 and all(w["score"] < w["threshold"] for w in why)
    assert why[0]["score"] / why[0]["threshold"] >= why[1]["score"] / why[1]["threshold"]
    assert why[0]["score"] == rows["s2"]["scores"][why[0]["code"]]
    res = worth("code", str(src), "--out", str(tmp_path / "uit.csv"))
    assert res.returncode == 0 and "not_coded" not in (tmp_path / "uit.csv").read_text(encoding="utf-8-sig")


def test_utf16_without_bom_is_read_and_a_broken_one_names_its_line() -> None:
    from toolkit.errors import DecodeError
    from toolkit.io.text import decode_bytes

    text = "I: Hoe gaat het met u?\nR: Tja, ’t gaat wel. Mijn zoon komt één keer per week.\n"
    for enc in ("utf-16-le", "utf-16-be"):
        assert decode_bytes(text.encode(enc), "x.txt") == (text, enc)
    broken = "I: Hoe gaat het?\nR: Goed.\nI: En verder?\n".encode("utf-16-le") + b"\x00\xd8" + "R: ja\n".encode("utf-16-le")
    with pytest.raises(DecodeError) as exc:
        decode_bytes(broken, "x.txt")
    assert exc.value.line == 4
    assert decode_bytes("gewoon tekst\n".encode("utf-8"), "y.txt") == ("gewoon tekst\n", "utf-8")
