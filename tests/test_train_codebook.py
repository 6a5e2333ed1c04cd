"""`worth train` and `worth evaluate` on a project read the codebook the project was ingested with."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

import toolkit as worth
from toolkit.errors import InputError

from .conftest import FIXTURES, ROOT

DEMO = ROOT / "corpora" / "demo"
MINI = FIXTURES / "mini_codebook.yaml"


def _demo_part(tmp_path: Path, n: int) -> tuple[Path, list[dict]]:
    """The first n demo transcripts copied to tmp_path/t, and their demo codings."""
    folder = tmp_path / "t"
    folder.mkdir()
    files = sorted((DEMO / "transcripts").glob("*.txt"))[:n]
    for f in files:
        shutil.copy(f, folder / f.name)
    names = {f.name for f in files}
    lines = [json.loads(line) for line in (DEMO / "codings.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return folder, [c for c in lines if c["file"] in names]


def _ingest(tmp_path: Path, folder: Path, codings: list[dict], **kw) -> Path:
    path = tmp_path / "codings.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in codings), encoding="utf-8")
    project = tmp_path / "p.sqlite"
    worth.ingest([folder], project, codings=path, **kw)
    return project


def _project_with_own_codebook(tmp_path: Path) -> Path:
    """Six demo transcripts whose request-hesitancy codings are recoded as the mini codebook's `hulp`."""
    folder, lines = _demo_part(tmp_path, 6)
    mine = [dict(c, code="hulp") for c in lines if c["code"] == "theme.request_hesitancy"]
    assert len(mine) >= 5
    return _ingest(tmp_path, folder, mine, codebook=MINI)


def test_training_a_project_uses_the_codebook_it_was_ingested_with(tmp_path: Path) -> None:
    project = _project_with_own_codebook(tmp_path)
    worth.code([project])  # a run of the default model stores the default codebook in the project too
    manifest = worth.train([project], tmp_path / "m", coder="writer")
    assert manifest["codebook"]["name"] == "mini" and [c["id"] for c in manifest["codes"]] == ["hulp"]
    report = worth.evaluate([project], coder="writer", curve=())
    assert list(report["cross_validation"]["per_code"]) == ["hulp"]


def test_a_project_coded_with_the_default_codebook_trains_with_it(tmp_path: Path, caplog) -> None:
    project = _ingest(tmp_path, *_demo_part(tmp_path, 3))
    manifest = worth.train([project], tmp_path / "m", coder="writer")
    assert manifest["codebook"]["name"] == "worth-default" and len(manifest["codes"]) == 18
    # evaluate's learning curve fits many small models: each thin code is warned about once, not per fit
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        report = worth.evaluate([project], coder="writer", curve=(20, 40))
    assert report["learning_curve"]
    warned = [r.getMessage().split()[1] for r in caplog.records if "falls back" in r.getMessage()
              or "hardly ever" in r.getMessage()]
    assert warned and len(warned) == len(set(warned))


def test_training_a_project_without_human_codings_says_how_to_add_them(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    shutil.copy(sorted((DEMO / "transcripts").glob("*.txt"))[0], folder / "een.txt")
    project = tmp_path / "p.sqlite"
    worth.ingest([folder], project)
    with pytest.raises(InputError, match="no human codings to learn from") as err:
        worth.train([project], tmp_path / "m")
    assert "--codings" in err.value.hint and not (tmp_path / "m").exists()
