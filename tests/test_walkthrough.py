"""Regression tests for what a researcher tripped over in a walkthrough of the README's commands:
each mistake ends in one line naming the file and what to do (exit 2), and leaves nothing behind."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.files import atomic_dir, atomic_write

from .test_cli import worth


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("args", [("segments",), ("code",)])
def test_out_that_is_a_folder_is_bad_input_not_an_internal_error(transcripts: Path, tmp_path: Path,
                                                                 args) -> None:
    out = tmp_path / "tabel.csv"
    out.mkdir()
    res = worth(*args, str(transcripts), "--out", str(out))
    assert res.returncode == 2, res.stderr
    assert "internal error" not in res.stderr and "tabel.csv" in res.stderr and "folder" in res.stderr
    assert list(out.iterdir()) == [] and _leftovers(tmp_path) == []


def test_out_below_a_file_names_that_file(transcripts: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "rapport"
    blocker.write_text("geen map\n", encoding="utf-8")
    res = worth("segments", str(transcripts), "--out", str(blocker / "segmenten.csv"))
    assert res.returncode == 2 and "internal error" not in res.stderr
    assert "is a file, not a folder" in res.stderr and "rapport" in res.stderr


def test_no_permission_to_write_says_so_and_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    def refuse(*args, **kwargs):  # as root chmod does not stop a write, so the refusal is simulated
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    with pytest.raises(InputError, match="no permission to write in") as err:
        with atomic_write(tmp_path / "uit.csv") as fh:
            fh.write("x")
    assert err.value.exit_code == 2 and err.value.path == str(tmp_path / "uit.csv")
    with pytest.raises(InputError, match="cannot write this folder"):
        with atomic_dir(tmp_path / "model"):
            pass
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_says_it_was_interrupted_and_exits_130(monkeypatch, capsys) -> None:
    from toolkit.app import cli
    from toolkit.coding import codebook_io

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(codebook_io, "load_codebook", interrupted)
    with pytest.raises(SystemExit) as done:
        cli.main(["codebook", "show"])
    assert done.value.code == 130
    assert "Interrupted (Ctrl-C)" in capsys.readouterr().err


def test_codings_in_a_csv_table_are_refused_with_the_jsonl_line_to_write(transcripts: Path, tmp_path: Path) -> None:
    table = tmp_path / "coderingen.csv"
    table.write_text("file,start,end,code,coder\nint_ir.txt,0,40,ow.domestic,anna\n", encoding="utf-8")
    project = tmp_path / "p.sqlite"
    res = worth("ingest", str(transcripts), "--codings", str(table), "-p", str(project))
    assert res.returncode == 2 and not project.exists()
    assert "coderingen.csv" in res.stderr and "not from a .csv table" in res.stderr
    assert '{"file": "int01.txt", "start": 120' in res.stderr and "not valid JSON" not in res.stderr


def test_a_coding_with_a_misnamed_field_says_which_fields_it_has(tmp_path: Path) -> None:
    from toolkit.exchange.standoff import read_standoff

    lines = tmp_path / "coderingen.jsonl"
    lines.write_text('{"file": "a.txt", "start": 0, "end": 5, "code": "ow.domestic", "coder": "anna"}\n'
                     '{"bestand": "a.txt", "start": 0, "end": 5, "code": "ow.domestic", "coder": "anna"}\n',
                     encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_standoff(lines)
    assert err.value.line == 2 and "lacks file (it has: bestand, start, end, code, coder)" in str(err.value)


def test_a_manifest_without_a_file_column_asks_for_one_not_for_a_text_column(transcripts: Path,
                                                                             tmp_path: Path) -> None:
    (transcripts / "manifest.csv").write_text("bestand;respondent_role\nint_ir.txt;mantelzorger\n",
                                              encoding="utf-8")
    res = worth("ingest", str(transcripts), "-p", str(tmp_path / "p.sqlite"))
    assert res.returncode == 2 and "manifest.csv:1: no 'file' column (columns are: bestand, respondent_role)" \
        in res.stderr
    assert "segment text" not in res.stderr and not (tmp_path / "p.sqlite").exists()


def test_a_folder_with_word_pdf_and_a_word_lock_file(transcripts: Path, tmp_path: Path) -> None:
    (transcripts / "oud_interview.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    (transcripts / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (transcripts / "~$t_ir.docx").write_bytes(b"\x05anna" + b"\0" * 40)  # Word's lock file of an open document
    (transcripts / "Thumbs.db").write_bytes(b"\0" * 32)
    res = worth("ingest", str(transcripts), "-p", str(tmp_path / "p.sqlite"))
    assert res.returncode == 2
    assert "oud_interview.doc: unsupported file type '.doc'. save it as .docx in Word" in res.stderr
    assert "scan.pdf: unsupported file type '.pdf'. worth does not read PDF" in res.stderr
    assert "~$" not in res.stderr and "Thumbs.db" not in res.stderr and "Skipped 2 file(s)" in res.stderr


CODE = "  - id: schaamte\n    name_nl: Schaamte\n    definition: De respondent schaamt zich voor de hulpvraag.\n"


@pytest.mark.parametrize("text, line, says", [
    ("name: mijn codes\ncodes:\n  - id: schaamte\n\tname_nl: Schaamte\n", 4,
     "(a tab in the indentation). YAML indents with spaces only"),
    ("name: mijn codes\ncodes:\n  - id: schaamte\n    name_nl: Schaamte\n   definition: Zich schamen.\n", 5,
     "(the indentation does not line up with the lines above)"),
    ("name: mijn codes\ncodes:\n  - id: schaamte\n    name_nl: Schaamte: over geld\n", 4,
     'a value that holds ": " needs quotes'),
])
def test_a_codebook_yaml_mistake_names_its_line_and_the_fix(tmp_path: Path, text, line, says) -> None:
    book = tmp_path / "codeboek.yaml"
    book.write_text(text, encoding="utf-8")
    res = worth("codebook", "check", str(book))
    assert res.returncode == 2 and f"codeboek.yaml:{line}: codebook is not valid YAML" in res.stderr
    assert says in res.stderr


def test_a_codebook_saved_by_notepad_as_ansi_is_read(tmp_path: Path) -> None:
    from toolkit.coding.codebook_io import load_codebook

    book = tmp_path / "codeboek.yaml"
    book.write_bytes(("name: mijn codes\ncodes:\n" + CODE.replace("zich", "zich één keer")).encode("cp1252"))
    assert "één" in load_codebook(book).codes[0].definition
    res = worth("codebook", "check", str(book))
    assert res.returncode == 0 and "no problems found" in res.stderr


def test_a_split_file_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    from toolkit.workflows.base_data import _split_docs

    split = tmp_path / "split.json"
    split.write_text('{"train": ["int01", "int02"], "test": ["int03"]}', encoding="utf-8-sig")
    assert _split_docs(split, "train") == {"int01", "int02"}
    split.write_bytes('{"test": ["één"]}'.encode("cp1252"))
    with pytest.raises(InputError, match="cannot read the split file"):
        _split_docs(split, "test")
    split.write_text('["int01", "int02"]', encoding="utf-8")
    with pytest.raises(InputError, match="not a JSON object of parts"):
        _split_docs(split, "test")


def test_suggest_with_nothing_left_prints_no_empty_table(monkeypatch, capsys) -> None:
    from toolkit import workflows
    from toolkit.app import cli

    monkeypatch.setattr(workflows, "suggest", lambda *args, **kwargs: [])
    with pytest.raises(SystemExit) as done:
        cli.main(["suggest", "project.sqlite"])
    assert done.value.code == 0 and "Code these 0 segments" not in capsys.readouterr().out


def test_every_command_help_ends_with_examples_that_parse() -> None:
    import shlex

    import typer
    from typer import _click as click  # typer carries its own copy of click

    from toolkit.app.cli import app
    from toolkit.app.examples import EXAMPLES

    root = typer.main.get_command(app)
    ctx = click.Context(root)
    commands = [(name, root.get_command(ctx, name)) for name in root.list_commands(ctx)]
    group = root.get_command(ctx, "codebook")
    commands += [(name, group.get_command(click.Context(group), name)) for name in group.list_commands(ctx)]
    leaves = {name for name, cmd in commands if not hasattr(cmd, "list_commands")}
    assert leaves == set(EXAMPLES), leaves ^ set(EXAMPLES)
    for name, cmd in commands:
        if name not in leaves:
            continue
        assert cmd.epilog and "Example" in cmd.epilog, name
        for line in EXAMPLES[name]:
            words = shlex.split(line)[1:]
            words = words[1:] if words[0] == "codebook" else words
            assert words[0] == name, line
            cmd.make_context(name, words[1:])  # raises on an option or argument the command does not take
    res = worth("export", "--help")
    assert "Examples:\n    worth export mijnproject.sqlite --out tabellen.xlsx\n" in res.stdout


def test_a_qdpx_ingested_again_counts_its_documents_as_already_present(transcripts: Path, tmp_path: Path) -> None:
    qdpx, project = tmp_path / "terug.qdpx", tmp_path / "p.sqlite"
    assert worth("code", str(transcripts), "--out", str(qdpx)).returncode in (0, 2)
    first = worth("ingest", str(qdpx), "-p", str(project))
    said = first.stdout + first.stderr
    added = int(said.split(f"Project {project}: ")[1].split(" document")[0])
    assert first.returncode == 0 and added > 0
    again = worth("ingest", str(qdpx), "-p", str(project))
    assert again.returncode == 0
    assert f"0 document(s) added with 0 segments, {added} already present" in again.stdout + again.stderr


@pytest.mark.parametrize("args, says", [
    (("export", "--project", "p.sqlite", "--out", "t.xlsx"),
     "`worth export` takes the project file as its first argument, without --project"),
    (("code", "-p", "p.sqlite"), "`worth code` takes the project file as its first argument"),
    (("info", "p.sqlite"), "`worth info` takes the project file with --project: worth info --project"),
    (("codebook", "show", "mijn.yaml"), "`worth codebook show` takes the codebook with -c"),
    (("code", "p.sqlite", "-q"), "-q belongs to worth itself: put it before the command, worth -q code ..."),
    (("codebook", "check", "-c", "mijn.yaml"), "`worth codebook check` takes the codebook file as its first argument"),
])
def test_project_given_the_way_the_other_commands_take_it_says_how(args, says) -> None:
    res = worth(*args)
    assert res.returncode == 2 and says in res.stderr, res.stderr


@pytest.mark.parametrize("args, says", [
    (("evaluate", "p.sqlite", "--out", "figuren.csv"), "figuren.csv: cannot write the figures (JSON) as '.csv'"),
    (("agree", "p.sqlite", "--coder", "a", "--coder", "b", "--out", "kappa.xlsx"),
     "kappa.xlsx: cannot write the agreement table as '.xlsx'. use an --out file ending in .csv or .jsonl"),
    (("suggest", "p.sqlite", "--out", "volgende.xlsx"), "volgende.xlsx: cannot write the suggestions as '.xlsx'"),
])
def test_an_out_extension_the_command_does_not_write_is_refused_before_any_work(tmp_path: Path, args,
                                                                               says) -> None:
    res = worth(*args, cwd=tmp_path)  # p.sqlite does not exist: the --out check comes first
    assert res.returncode == 2 and says in res.stderr, res.stderr
    assert list(tmp_path.iterdir()) == []


def test_ingest_without_project_says_where_the_new_project_file_is(transcripts: Path, tmp_path: Path) -> None:
    work = tmp_path / "werk"
    work.mkdir()
    first = worth("ingest", str(transcripts), cwd=work)
    assert (work / "worth.sqlite").is_file()
    assert f"New project file {work / 'worth.sqlite'} (the default name without --project)" in first.stderr
    again = worth("ingest", str(transcripts), cwd=work)  # said once, when the file is made
    assert "New project file" not in again.stderr


def test_a_password_protected_docx_is_named_as_such(transcripts: Path, tmp_path: Path) -> None:
    # Word stores an encrypted .docx as an OLE compound file, not a zip
    (transcripts / "beveiligd.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    res = worth("ingest", str(transcripts), "-p", str(tmp_path / "p.sqlite"))
    assert res.returncode == 2
    assert "beveiligd.docx: a password-protected (encrypted) document" in res.stderr
    assert "remove the password if it has one, and save it as .docx" in res.stderr


def test_segments_of_a_qdpx_writes_nothing_and_says_to_ingest_it(transcripts: Path, tmp_path: Path) -> None:
    qdpx, out = tmp_path / "project.qdpx", tmp_path / "segmenten.csv"
    worth("code", str(transcripts), "--out", str(qdpx))
    res = worth("segments", str(qdpx), "--out", str(out))
    assert res.returncode == 2 and not out.exists()
    assert "Nothing written: no input file could be read; " in res.stderr
    assert "project.qdpx: unsupported file type '.qdpx'. a REFI-QDA project is read by `worth ingest" in res.stderr


def test_a_file_named_twice_is_read_once_not_refused_as_its_own_copy(transcripts: Path, tmp_path: Path) -> None:
    one = next(p for p in sorted(transcripts.iterdir()) if p.suffix == ".txt")
    res = worth("ingest", str(transcripts), str(one), str(one), "-p", str(tmp_path / "p.sqlite"))
    assert "same text as" not in res.stderr and "Skipped" not in res.stderr, res.stderr
    assert res.returncode == 0


def test_version_is_one_line() -> None:
    import toolkit

    res = worth("--version")
    assert res.returncode == 0 and res.stdout == f"worth {toolkit.__version__}\n"


def test_export_and_report_read_model_name_as_its_latest_run_as_agree_does(transcripts: Path,
                                                                           tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    worth("ingest", str(transcripts), "-p", str(project))
    assert worth("code", str(project)).returncode == 0
    for args in (("export", str(project), "--out", str(tmp_path / "t.xlsx")),
                 ("report", str(project), "--out", str(tmp_path / "r.html"))):
        res = worth(*args, "--coder", "model:default")
        assert res.returncode == 0, res.stderr
        assert "model:default is read as its latest run: model:default@" in res.stderr
    import pandas as pd

    coders = set(pd.read_excel(tmp_path / "t.xlsx", sheet_name=0)["coder"])
    assert len(coders) == 1 and coders.pop().startswith("model:default@")


def test_a_missing_manifest_is_bad_input(transcripts: Path, tmp_path: Path) -> None:
    res = worth("ingest", str(transcripts), "-p", str(tmp_path / "p.sqlite"), "--manifest",
                str(tmp_path / "metadata.csv"))
    assert res.returncode == 2 and "metadata.csv: no such manifest file. check the --manifest path" in res.stderr
    assert not (tmp_path / "p.sqlite").exists()


def test_a_missing_bank_or_tune_file_is_bad_input(tmp_path: Path) -> None:
    from toolkit.coding.bank import load_excerpts  # what `train --bank` and `--tune` read with
    from toolkit.coding.codebook_io import load_codebook

    with pytest.raises(InputError, match="no such file") as err:
        load_excerpts([tmp_path / "geen.jsonl"], load_codebook())
    assert err.value.exit_code == 2 and err.value.path == str(tmp_path / "geen.jsonl")


def test_reading_a_missing_or_unreadable_file_is_bad_input(tmp_path: Path, monkeypatch) -> None:
    from toolkit.io.text import _read_bytes

    with pytest.raises(InputError, match="no such file"):
        _read_bytes(tmp_path / "geen.jsonl")
    with pytest.raises(InputError, match="a folder, not a file"):
        _read_bytes(tmp_path)
    locked = tmp_path / "op_slot.jsonl"
    locked.write_text("{}\n", encoding="utf-8")

    def refuse(self):  # as root a chmod does not stop a read, so the refusal is simulated
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError, match=r"cannot read this file \(Permission denied\)"):
        _read_bytes(locked)


def test_worths_own_table_in_the_input_folder_says_to_keep_outputs_outside(transcripts: Path,
                                                                          tmp_path: Path) -> None:
    assert worth("segments", str(transcripts), "--out", str(transcripts / "segmenten.csv")).returncode == 0
    res = worth("ingest", str(transcripts), "-p", str(tmp_path / "p.sqlite"))
    assert res.returncode == 2 and "segmenten.csv: document id" in res.stderr
    assert "keep outputs outside the input folder" in res.stderr


def test_review_of_a_missing_project_says_there_is_no_such_file(tmp_path: Path) -> None:
    res = worth("review", str(tmp_path / "geen.sqlite"), "--no-browser")
    assert res.returncode == 2 and "geen.sqlite: no such project file" in res.stderr
    assert not (tmp_path / "geen.sqlite").exists()


def test_code_on_a_project_says_the_codings_are_stored_there(transcripts: Path, tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    worth("ingest", str(transcripts), "-p", str(project))
    res = worth("code", str(project))
    assert res.returncode == 0 and f"codes assigned; stored in {project}\n" in res.stderr


def test_topics_out_named_like_a_file_asks_for_a_folder(transcripts: Path, tmp_path: Path) -> None:
    res = worth("topics", str(transcripts), "--k", "2", "--out", str(tmp_path / "topics.json"))
    assert res.returncode == 2 and "topics.json: --out is the folder the topic files go into" in res.stderr
    assert list(tmp_path.iterdir()) == [transcripts]


def test_a_turn_that_starts_with_an_equals_sign_stays_text_in_xlsx(tmp_path: Path) -> None:
    import json

    import openpyxl

    text = ("I: Hoe was het weekend?\n"
            "R: =) Heel gezellig, mijn dochter kwam langs met de kleinkinderen en ze bleef eten.\n")
    folder = tmp_path / "chat"
    folder.mkdir()
    (folder / "chat.txt").write_text(text, encoding="utf-8")
    turn = "=) Heel gezellig, mijn dochter kwam langs met de kleinkinderen en ze bleef eten."
    start = text.index(turn)
    codings = tmp_path / "codings.jsonl"
    codings.write_text(json.dumps({"file": "chat.txt", "start": start, "end": start + len(turn),
                                   "code": "ow.domestic", "coder": "anna"}) + "\n", encoding="utf-8")
    project, out = tmp_path / "p.sqlite", tmp_path / "tabellen.xlsx"
    assert worth("ingest", str(folder), "--codings", str(codings), "-p", str(project)).returncode == 0
    assert worth("export", str(project), "--out", str(out)).returncode == 0
    cells = [c for row in openpyxl.load_workbook(out)["codings"].iter_rows() for c in row if c.value == turn]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_read_only_project_is_named_as_such(transcripts: Path, tmp_path: Path, monkeypatch) -> None:
    import sqlite3

    from toolkit import store as store_module
    from toolkit.errors import StoreError
    from toolkit.workflows import ingest

    project = tmp_path / "p.sqlite"
    ingest([transcripts], project, compute_terms=False)
    connect = sqlite3.connect

    def read_only(path, *args, **kwargs):  # as root a chmod does not make a file read-only
        return connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(store_module.sqlite3, "connect", read_only)
    with store_module.open_store(project, create=False) as store:
        with pytest.raises(StoreError, match=r"cannot be written \(read-only\)") as err:
            with store.transaction() as db:
                db.execute("DELETE FROM runs WHERE id = 'geen'")
    assert err.value.exit_code == 2 and "p.sqlite-wal" in str(err.value)


def test_a_project_path_below_a_file_is_bad_input(transcripts: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "project.sqlite"
    blocker.write_text("geen map\n", encoding="utf-8")
    res = worth("ingest", str(transcripts), "-p", str(blocker / "p.sqlite"))
    assert res.returncode == 2 and "internal error" not in res.stderr
    assert f"cannot make the folder of the project file ({blocker} is a file, not a folder)" in res.stderr
    assert blocker.read_text(encoding="utf-8") == "geen map\n"


@pytest.mark.parametrize("args", [("train", "p.sqlite", "--out", "m"), ("topics", "p.sqlite", "--out", "t"),
                                  ("agree", "p.sqlite", "--coder", "a", "--coder", "b")])
def test_a_negative_seed_is_a_usage_error_not_a_crash(tmp_path: Path, args) -> None:
    res = worth(*args, "--seed", "-5", cwd=tmp_path)
    assert res.returncode == 2 and "Invalid value for '--seed'" in res.stderr, res.stderr


def test_a_binary_codebook_is_not_called_a_transcript(tmp_path: Path) -> None:
    book = tmp_path / "codeboek.yaml"
    book.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)  # e.g. a .docx renamed to .yaml
    res = worth("codebook", "check", str(book))
    assert res.returncode == 2 and "codeboek.yaml: file holds binary data, not text" in res.stderr
    assert "transcript" not in res.stderr and "save the codebook as text" in res.stderr
