"""`worth pseudonymise PROJECT.sqlite --out NEW.sqlite`: a project file in, a pseudonymised project
file out, with the human codings on the same words; the original stays as it was."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import toolkit as worth
from toolkit.errors import InputError
from toolkit.store import open_store
from toolkit.workflows.pseudonymise import pseudonymise

from .conftest import ROOT

DEMO = ROOT / "corpora" / "demo"
FILES = [DEMO / "transcripts" / "b05_moeder_autisme.txt", DEMO / "transcripts" / "a01_weduwe_rollator_marskerk.txt"]


@pytest.fixture(scope="module")
def coded(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pseudo-project")
    names = {f.name for f in FILES}
    rows = [json.loads(x) for x in (DEMO / "codings.jsonl").read_text(encoding="utf-8").splitlines()]
    codings = folder / "codings.jsonl"
    codings.write_text("".join(json.dumps(r) + "\n" for r in rows if r["file"] in names), encoding="utf-8")
    project = folder / "plain.sqlite"
    worth.ingest(FILES, project, codings=codings, compute_terms=False)
    worth.code([project])  # a machine run too: it is not carried over
    return project


def test_project_becomes_a_new_pseudonymised_project(coded: Path, tmp_path: Path) -> None:
    before = coded.read_bytes()
    out, mapping = tmp_path / "pseudo.sqlite", tmp_path / "apart" / "sleutel.json"
    res = subprocess.run([sys.executable, "-m", "toolkit", "pseudonymise", str(coded), "--out", str(out),
                          "--mapping", str(mapping)], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "worth code" in res.stderr  # says the machine codings were left behind
    assert coded.read_bytes() == before  # the original is untouched
    assert os.stat(mapping).st_mode & 0o077 == 0
    with open_store(coded) as a, open_store(out) as b:
        orig = {d.id: d.text for d in a.documents()}
        new = {d.id: d for d in b.documents()}
        assert len(orig) == len(new) and "b05_moeder_autisme" in new
        # document ids name places and people too: pseudonymised with the same mapping (issue 16)
        assert any(re.fullmatch(r"a01_weduwe_rollator_PLAATS-\d+", i) for i in new)
        assert not any("marskerk" in i.casefold() for i in new)
        assert "Marskerk" in orig["a01_weduwe_rollator_marskerk"]
        assert "Marskerk" not in "".join(d.text for d in new.values())
        assert all(d.source == f"{d.id}.txt" for d in new.values())  # no original file names
        for s in b.segments():  # segments still cut the new text
            assert new[s.doc_id].text[s.start:s.end] == s.text
        ha = [c for c in a.codings() if not c.coder.startswith("model:")]
        hb = b.codings()
        assert len(ha) == len(hb) > 0 and not any(c.coder.startswith("model:") for c in hb)
        for x, y in zip(ha, hb):
            assert (x.code_id, x.coder) == (y.code_id, y.coder)
            was, now = orig[x.doc_id][x.start:x.end], new[y.doc_id].text[y.start:y.end]
            assert was.split()[-1] == now.split()[-1] or "[" in now  # on the same words
    saved = json.loads(mapping.read_text(encoding="utf-8"))["placeholders"]
    assert any("Marskerk" in forms for forms in saved.values())


def test_new_project_can_be_coded(coded: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.sqlite"
    pseudonymise([coded], out, tmp_path / "m.json")
    result = worth.code([out])
    assert len(result.segments) > 0
    with open_store(out) as store:
        assert any(c.coder.startswith("model:") for c in store.codings())


def test_project_refusals_leave_nothing_behind(coded: Path, tmp_path: Path) -> None:
    taken = tmp_path / "taken.sqlite"
    taken.write_bytes(b"")
    with pytest.raises(InputError, match="new file"):
        pseudonymise([coded], taken, tmp_path / "m.json")
    with pytest.raises(InputError, match="new project file"):
        pseudonymise([coded], tmp_path / "folder", tmp_path / "m.json")
    with pytest.raises(InputError, match="one project"):
        pseudonymise([coded, FILES[0]], tmp_path / "x.sqlite", tmp_path / "m.json")
    assert not (tmp_path / "x.sqlite").exists() and not (tmp_path / "m.json").exists()


def test_ingest_refuses_to_pseudonymise_a_qdpx_it_would_store_unchanged(tmp_path: Path) -> None:
    """The texts of a .qdpx are imported whole; with --pseudonymise they used to reach the project with
    every name in them (exit 0, an empty mapping). Now: refused before anything is read or written."""
    import zipfile

    folder = ROOT / "tests" / "fixtures" / "qdpx" / "nvivo"
    qdpx = tmp_path / "p.qdpx"
    with zipfile.ZipFile(qdpx, "w") as zf:
        zf.writestr("project.qde", (folder / "project.qde").read_bytes())
        for f in sorted((folder / "Sources").iterdir()):
            zf.writestr(f"Sources/{f.name}", f.read_bytes())
    project, vault = tmp_path / "p.sqlite", tmp_path / "vault" / "mapping.json"
    with pytest.raises(InputError, match="qdpx") as exc:
        worth.ingest([qdpx], project, pseudonymise=vault, compute_terms=False)
    assert "worth pseudonymise" in exc.value.hint and exc.value.exit_code == 2
    assert not project.exists() and not vault.exists()
    worth.ingest([qdpx], project, compute_terms=False)  # without the option it is imported as before
    with open_store(project, create=False) as store:
        assert len(store.documents()) == 2
