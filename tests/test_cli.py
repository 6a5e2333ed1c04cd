from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolkit.store import open_store

from .conftest import ROOT, make_docx

COMMANDS = ["ingest", "segments", "info"]


def worth(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)


def test_help_is_fast_and_every_command_has_help() -> None:
    start = time.perf_counter()
    res = worth("--help")
    elapsed = time.perf_counter() - start
    assert res.returncode == 0 and "ingest" in res.stdout
    assert elapsed < 3.0  # generous bound for a loaded CI machine; measured ~0.1 s locally
    for cmd in COMMANDS:
        res = worth(cmd, "--help")
        assert res.returncode == 0, cmd
        assert len(res.stdout.split("\n\n")[1].strip()) > 20, cmd  # a real description


def test_help_does_not_import_heavy_libraries() -> None:
    code = ("import sys; from toolkit.app import cli; "
            "print(sorted(m for m in ('spacy','pandas','sklearn','gensim','numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def test_ingest_mixed_folder_then_segments(transcripts: Path, tmp_path: Path) -> None:
    make_docx(transcripts / "word.docx", ["I: Wie helpt u?", "R: Mijn dochter, elke week.",
                                          "I: En verder?", "R: Niemand."])
    project = tmp_path / "p.sqlite"
    res = worth("ingest", str(transcripts), "--project", str(project))
    assert res.returncode == 0, res.stderr
    assert "6 document(s) added" in res.stderr
    assert "fallback" in res.stderr or "nl_core_news" in res.stderr  # the pipeline is named once
    assert res.stderr.count("Dutch NLP pipeline") == 1
    again = worth("ingest", str(transcripts), "--project", str(project))
    assert again.returncode == 0 and "6 already present" in again.stderr

    out = tmp_path / "segs.jsonl"
    res = worth("segments", str(project), "--out", str(out))
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with open_store(project) as store:
        texts = {d.id: d.text for d in store.documents()}
    assert {r["doc_id"] for r in rows} == set(texts)
    for r in rows:
        assert set(r) >= {"id", "doc_id", "start", "end", "speaker", "role", "is_interviewer", "text", "meta"}
        assert texts[r["doc_id"]][r["start"]:r["end"]] == r["text"]
    word = [r for r in rows if r["doc_id"] == "word"]
    assert [(r["speaker"], r["is_interviewer"]) for r in word] == [("I", True), ("R", False)] * 2

    csv_out = tmp_path / "segs.csv"
    assert worth("segments", str(transcripts), "--out", str(csv_out), "--codable-only").returncode == 0
    import csv

    with csv_out.open(encoding="utf-8-sig", newline="") as fh:
        csv_rows = list(csv.DictReader(fh))
    assert csv_rows and all(r["is_interviewer"] == "False" for r in csv_rows)
    assert "meta.municipality" in csv_rows[0]

    res = worth("info", "--project", str(project))
    assert res.returncode == 0 and "documents" in res.stdout and "NLP pipeline" in res.stdout


BAD = {
    "leeg.txt": b"",
    "binair.txt": bytes(range(256)) * 8,
    "audio.mp3": b"ID3\x03",
    "kapot.docx": b"PK\x03\x04rest",
    "kapot.odt": b"PK\x03\x04rest",
    "undecodable.txt": b"R: goed\nR: \x81\x8d\x90\n",
    "kapot.jsonl": b'{"text": "ok"}\n{"text": \n',
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_input_exits_2_naming_the_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(BAD[name])
    project = tmp_path / "p.sqlite"
    res = worth("ingest", str(path), "--project", str(project))
    assert res.returncode == 2, res.stderr
    assert name in res.stderr
    assert "Traceback" not in res.stderr
    assert not project.exists(), "a failed first ingest must leave no empty project file"
    assert "no project file was created" in res.stderr


def test_batch_goes_on_and_lists_skipped(transcripts: Path, tmp_path: Path) -> None:
    (transcripts / "kapot.docx").write_bytes(b"PK\x03\x04rest")
    (transcripts / "int_ir_kopie.txt").write_bytes((transcripts / "int_ir.txt").read_bytes())
    project = tmp_path / "p.sqlite"
    res = worth("ingest", str(transcripts), "--project", str(project))
    assert res.returncode == 2
    tail = res.stderr[res.stderr.index("Skipped 2 file(s)"):]
    assert "kapot.docx" in tail and "int_ir_kopie.txt" in tail
    with open_store(project) as store:
        assert store.summary()["documents"] == 5


def test_same_document_twice_across_runs(transcripts: Path, tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    assert worth("ingest", str(transcripts / "int_ir.txt"), "-p", str(project)).returncode == 0
    copy = tmp_path / "elders" / "int_ir.txt"
    copy.parent.mkdir()
    copy.write_text("I: Een ander gesprek.\nR: Met dezelfde bestandsnaam.\n", encoding="utf-8")
    res = worth("ingest", str(copy), "-p", str(project))
    assert res.returncode == 2 and "already in the project" in res.stderr and "int_ir.txt" in res.stderr


def test_bad_output_leaves_nothing(transcripts: Path, tmp_path: Path) -> None:
    out = tmp_path / "segs.xlsx"
    res = worth("segments", str(transcripts), "--out", str(out))
    assert res.returncode == 2 and "segs.xlsx" in res.stderr
    assert not out.exists() and not list(tmp_path.glob(".segs*"))


def test_missing_input_and_bad_project(tmp_path: Path) -> None:
    res = worth("ingest", str(tmp_path / "bestaat_niet"), "-p", str(tmp_path / "p.sqlite"))
    assert res.returncode == 2 and "bestaat_niet" in res.stderr
    junk = tmp_path / "junk.sqlite"
    junk.write_text("geen database", encoding="utf-8")
    res = worth("info", "--project", str(junk))
    assert res.returncode == 2 and "junk.sqlite" in res.stderr


@pytest.mark.slow
def test_50_mb_transcript_segments(tmp_path: Path) -> None:
    block = ("I: En hoe ging dat toen verder met uw moeder en de thuiszorg?\n"
             "R: Nou, eh, dat ging eigenlijk best wel goed, tot ze viel. Daarna werd alles anders, "
             "ik moest elke dag langs en mijn broer deed niks.\n")
    path = tmp_path / "groot.txt"
    with path.open("w", encoding="utf-8") as fh:
        for _ in range((50 * 1024 * 1024) // len(block.encode()) + 1):
            fh.write(block)
    out = tmp_path / "segs.jsonl"
    start = time.perf_counter()
    res = worth("segments", str(path), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert time.perf_counter() - start < 300
    with out.open(encoding="utf-8") as fh:
        first = json.loads(fh.readline())
    assert first["speaker"] == "I" and first["is_interviewer"] is True


@pytest.mark.parametrize("args, says", [(("coed", "x"), "No such command 'coed'. Did you mean 'code'?"),
                                        (("code",), "Missing argument"),
                                        (("suggest", ".", "--n", "0"), "Invalid value for '--n'")])
def test_typos_on_the_command_line_are_bad_input_not_internal_errors(args, says) -> None:
    res = worth(*args)
    assert res.returncode == 2, res.stderr
    assert says in res.stderr and "internal error" not in res.stderr


def test_out_naming_an_input_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "codeboek.yaml"
    shutil.copy(ROOT / "corpora" / "codebooks" / "default.yaml", src)
    before = src.read_bytes()
    res = worth("codebook", "convert", str(src), "--out", str(src))
    assert res.returncode == 2 and "would be overwritten" in res.stderr
    assert src.read_bytes() == before


def test_one_unreadable_file_in_a_folder_is_skipped_not_fatal(tmp_path: Path) -> None:
    folder = tmp_path / "interviews"
    folder.mkdir()
    (folder / "int01.txt").write_text("I: Hoe gaat het met de boodschappen?\nR: Mijn buurvrouw doet ze, "
                                      "maar ik vraag het eigenlijk liever niet, ze heeft het zelf al zo druk.\n",
                                      encoding="utf-8")
    (folder / "int02_leeg.txt").write_text("", encoding="utf-8")
    res = worth("code", str(folder), "--out", str(tmp_path / "c.jsonl"))
    assert res.returncode == 2, res.stderr  # the good file is coded, the skipped one listed (as ingest)
    assert "Skipped 1 file(s)" in res.stderr and "int02_leeg.txt" in res.stderr
    rows = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in rows} == {"int01"}
    (folder / "int01.txt").unlink()
    res = worth("code", str(folder), "--out", str(tmp_path / "d.jsonl"))
    assert res.returncode == 2 and "int02_leeg.txt" in res.stderr and not (tmp_path / "d.jsonl").exists()


@pytest.mark.parametrize("content, says", [
    (None, "no such project file. create it with `worth ingest"),
    (b"", "not a worth project file"),
    ("Nou kijk, de mantelzorg dat loopt gewoon door, ook in het weekend.\n".encode(), "not a worth project file"),
])
@pytest.mark.parametrize("out", [None, "c.csv"])
def test_code_on_a_false_project_file_says_what_export_says(tmp_path: Path, content, says, out) -> None:
    project = tmp_path / "nep.sqlite"
    if content is not None:
        project.write_bytes(content)
    res = worth("code", str(project), *(("--out", str(tmp_path / out)) if out else ()))
    assert res.returncode == 2, res.stderr
    assert f"nep.sqlite: {says}" in res.stderr and "unsupported file type" not in res.stderr
    exported = worth("export", str(project), "--out", str(tmp_path / "e.xlsx"))
    assert exported.stderr.splitlines()[-1] == res.stderr.splitlines()[-1]
    assert not (tmp_path / "c.csv").exists() and not (tmp_path / "e.xlsx").exists()
    assert (project.read_bytes() == content) if content is not None else not project.exists()


def _folder_with_bad_files(folder: Path) -> list[str]:
    """Three files that cannot be read: a PDF renamed to .txt, bytes in no encoding, an empty file."""
    folder.mkdir()
    (folder / "verslag.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n4 0 obj\n<< /Length 12 /Filter /FlateDecode >>\n"
                                            b"stream\nx\x9c\x00\x03\xfc\x00\x01\x00\x00\x00\x00\x01\nendstream\n")
    (folder / "opname.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "leeg.txt").write_bytes(b"")
    return ["leeg.txt", "opname.txt", "verslag.txt"]


def test_code_codes_the_good_files_and_lists_the_skipped_ones_at_the_end(tmp_path: Path) -> None:
    folder = tmp_path / "gesprekken"
    bad = _folder_with_bad_files(folder)
    (folder / "mevrouw_bakker.txt").write_text(
        "I: Vraagt u weleens hulp aan de buren?\nR: Nee, dat vind ik lastig hoor. Ik wil niemand tot last zijn, "
        "die hebben hun eigen zorgen ook al.\n", encoding="utf-8")
    for out in ("c.csv", "c.xlsx"):
        res = worth("code", str(folder), "--out", str(tmp_path / out))
        assert res.returncode == 2, res.stderr
        assert "WARNING" not in res.stderr
        summary = res.stderr.index("Coded ")
        tail = res.stderr[res.stderr.index("Skipped 3 file(s):"):]
        assert summary < res.stderr.index("Skipped 3 file(s):")
        assert all(name in tail for name in bad) and "mevrouw_bakker" not in tail
        assert (tmp_path / out).exists()
    rows = (tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()
    assert any(line.startswith("mevrouw_bakker:") for line in rows)


def test_code_with_only_bad_files_lists_every_one_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "gesprekken"
    bad = _folder_with_bad_files(folder)
    for out in ("d.jsonl", "d.xlsx"):
        res = worth("code", str(folder), "--out", str(tmp_path / out))
        assert res.returncode == 2, res.stderr
        tail = res.stderr[res.stderr.index("Skipped 3 file(s):"):]
        assert all(name in tail for name in bad)
        assert "Nothing coded" in res.stderr and not (tmp_path / out).exists()
