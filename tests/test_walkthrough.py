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
