"""`worth train/evaluate --codings` and `worth topics` treat unreadable files as `ingest` and `code` do:
the good files are used, every skipped file is listed with its reason at the end, exit status 2; when
no file can be read nothing is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_cli import _folder_with_bad_files, worth

DEMO = ROOT / "corpora" / "demo"
GOOD = ["a01_weduwe_rollator_marskerk.txt", "b01_dochter_werkplek.txt", "c01_wmo_consulent_lindemeer.txt"]


def _codings(path: Path, names: list[str], rename: dict[str, str] | None = None) -> Path:
    lines = [json.loads(x) for x in (DEMO / "codings.jsonl").read_text(encoding="utf-8").splitlines() if x]
    keep = [{**c, "file": (rename or {}).get(c["file"], c["file"])} for c in lines
            if c["file"] in names and c["coder"] == "writer"]
    path.write_text("".join(json.dumps(c) + "\n" for c in keep), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """Three demo transcripts, three unreadable files and a damaged .docx whose codings are in the
    codings file (its transcript was a01's text); returns the folder, the codings and the bad names."""
    tmp = tmp_path_factory.mktemp("mixed")
    folder = tmp / "gesprekken"
    bad = _folder_with_bad_files(folder)
    for name in GOOD[1:]:
        shutil.copy(DEMO / "transcripts" / name, folder / name)
    (folder / "a01_weduwe.docx").write_bytes(b"PK\x03\x04rest")  # a damaged Word file
    codings = _codings(tmp / "codings.jsonl", GOOD, rename={GOOD[0]: "a01_weduwe.docx"})
    return folder, codings, sorted(bad + ["a01_weduwe.docx"])


def _listed_after(res, summary: str, bad: list[str]) -> list[str]:
    """The skipped files listed at the end, after the summary line; nothing warned about before."""
    assert res.returncode == 2, res.stderr
    assert "WARNING  skipped" not in res.stderr
    at = res.stderr.index(f"Skipped {len(bad)} file(s):")
    assert res.stderr.index(summary) < at
    tail = res.stderr[at:].splitlines()[1:]
    assert all(any(name in line for line in tail) for name in bad), tail
    return tail


def test_train_and_evaluate_use_the_good_files_and_list_the_skipped_ones(mixed, tmp_path: Path) -> None:
    folder, codings, bad = mixed
    model = tmp_path / "m"
    res = worth("train", str(folder), "--codings", str(codings), "--out", str(model))
    tail = _listed_after(res, "written to", bad)
    assert any("verslag.txt" in line and "PDF" in line for line in tail)
    assert "were left out" in res.stderr and "was skipped" in res.stderr  # its codings are left out, saying so
    manifest = json.loads((model / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["training"]["documents"] == 2
    assert sorted(Path(x.split(":")[0]).name for x in manifest["training"]["skipped_files"]) == bad

    out = tmp_path / "ev.json"
    res = worth("evaluate", str(folder), "--codings", str(codings), "--model", str(model), "--out", str(out))
    _listed_after(res, f"Wrote {out}", bad)
    assert len(json.loads(out.read_text(encoding="utf-8"))["data"]["skipped_files"]) == len(bad)


def test_train_and_evaluate_with_no_readable_file_write_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "gesprekken"
    bad = _folder_with_bad_files(folder)
    codings = _codings(tmp_path / "codings.jsonl", [])
    for args, out, done in ((["train", "--out"], tmp_path / "m", "Nothing trained"),
                            (["evaluate", "--out"], tmp_path / "ev.json", "Nothing evaluated")):
        res = worth(args[0], str(folder), "--codings", str(codings), args[1], str(out))
        assert res.returncode == 2, res.stderr
        assert f"{done}: no input file could be read; {out} was not written." in res.stderr
        tail = res.stderr[res.stderr.index("Skipped 3 file(s):"):]
        assert all(name in tail for name in bad)
        assert not out.exists()


def test_topics_models_the_good_files_and_lists_the_skipped_ones(mixed, tmp_path: Path) -> None:
    folder, _, bad = mixed
    out = tmp_path / "topics"
    res = worth("topics", str(folder), "--out", str(out), "--k", "2", "--passes", "2")
    _listed_after(res, "Wrote ", bad)
    result = json.loads((out / "topics.json").read_text(encoding="utf-8"))
    assert len(result["skipped_files"]) == len(bad)

    empty = tmp_path / "leeg"
    _folder_with_bad_files(empty)
    before = sorted(p.name for p in out.iterdir())
    res = worth("topics", str(empty), "--out", str(out), "--k", "2")
    assert res.returncode == 2 and "Nothing modelled" in res.stderr and "Skipped 3 file(s):" in res.stderr
    assert sorted(p.name for p in out.iterdir()) == before  # the earlier outputs are left as they were
    res = worth("topics", str(empty), "--out", str(tmp_path / "nieuw"), "--k", "2")
    assert res.returncode == 2 and not (tmp_path / "nieuw").exists()


def test_an_error_about_the_codings_names_the_codings_file_not_a_temporary_project(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    name = "b02_echtgenoot_parkinson.txt"  # coded twice in the demo
    shutil.copy(DEMO / "transcripts" / name, folder / name)
    lines = [json.loads(x) for x in (DEMO / "codings.jsonl").read_text(encoding="utf-8").splitlines() if x]
    mine = [c for c in lines if c["file"] == name]
    assert {c["coder"] for c in mine} == {"writer", "second"}
    codings = tmp_path / "gecodeerd.jsonl"
    codings.write_text("".join(json.dumps(c) + "\n" for c in mine), encoding="utf-8")
    res = worth("train", str(folder), "--codings", str(codings), "--out", str(tmp_path / "m"))
    assert res.returncode == 2
    assert f"{codings}: these codings have 2 human coders" in res.stderr and "worth-" not in res.stderr


def test_unreadable_unlabelled_transcripts_are_listed_too(mixed, tmp_path: Path) -> None:
    folder, codings, _ = mixed
    extra = tmp_path / "ongecodeerd"
    bad = _folder_with_bad_files(extra)
    shutil.copy(DEMO / "transcripts" / "a02_weduwnaar_beroerte_holtewijk.txt", extra / "a02.txt")
    good = tmp_path / "goed"
    good.mkdir()
    for name in GOOD[1:]:
        shutil.copy(folder / name, good / name)
    res = worth("train", str(good), "--codings", str(_codings(tmp_path / "c.jsonl", GOOD[1:])), "--topics", "18",
                "--unlabelled", str(extra), "--out", str(tmp_path / "m"))
    tail = _listed_after(res, "written to", bad)
    assert all(str(extra) in line for line in tail)
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["training"]["unlabelled_segments"] > 0 and len(manifest["training"]["skipped_files"]) == 3


def test_suggest_lists_the_skipped_files_too(mixed, tmp_path: Path) -> None:
    folder, _, bad = mixed
    res = worth("suggest", str(folder), "--n", "3")
    assert res.returncode == 2 and "Code these 3 segments next" in res.stdout
    assert "WARNING  skipped" not in res.stderr
    tail = res.stderr[res.stderr.index(f"Skipped {len(bad)} file(s):"):]
    assert all(name in tail for name in bad)
    empty = tmp_path / "leeg"
    _folder_with_bad_files(empty)
    res = worth("suggest", str(empty), "--out", str(tmp_path / "s.csv"))
    assert res.returncode == 2 and "Nothing suggested" in res.stderr and not (tmp_path / "s.csv").exists()
