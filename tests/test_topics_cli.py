from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit

from .conftest import ROOT

DEMO = ROOT / "corpora" / "demo"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    files = sorted((DEMO / "transcripts").glob("*.txt"))[::3]
    names = {f.name for f in files}
    folder = tmp_path_factory.mktemp("topics")
    codings = folder / "codings.jsonl"
    codings.write_text("".join(line + "\n" for line in (DEMO / "codings.jsonl").read_text(encoding="utf-8").splitlines()
                               if json.loads(line)["file"] in names), encoding="utf-8")
    path = folder / "p.sqlite"
    toolkit.ingest(files, path, codings=codings, compute_terms=False)
    return path


def worth(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", "-q", "topics", *args], capture_output=True,
                          text=True, timeout=600)


def test_topics_outputs_and_repeatability(project: Path, tmp_path: Path) -> None:
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        res = worth(str(project), "--k", "20", "--seeded", "--coder", "writer", "--passes", "3", "--out", str(out))
        assert res.returncode == 0, res.stderr
        outs.append(out)
    a, b = outs
    for f in ("topics.json", "unit_topics.csv", "document_topics.csv", "representative.csv", "prevalence.csv",
              "alignment.csv"):
        assert (a / f).read_bytes() == (b / f).read_bytes(), f
    result = json.loads((a / "topics.json").read_text(encoding="utf-8"))
    assert {"topics", "coherence"} <= set(result) and {"c_v", "u_mass", "c_npmi"} <= set(result["coherence"])
    for t in result["topics"]:
        assert {"id", "label", "seed_code", "terms"} <= set(t) and len(t["terms"]) == 20
    assert {t["seed_code"] for t in result["topics"]} >= {"ow.market", "theme.loneliness"}
    units = pd.read_csv(a / "unit_topics.csv")
    assert abs(units.iloc[:, 2:].sum(axis=1) - 1).max() < 1e-4
    prev = pd.read_csv(a / "prevalence.csv")
    assert {"respondent_role", "setting"} <= set(prev["field"])
    single = prev["documents"] == 1
    assert prev.loc[single, "ci_low"].isna().all()
    assert ((prev["ci_low"] <= prev["mean"]) & (prev["mean"] <= prev["ci_high"]))[~single].all()
    align = pd.read_csv(a / "alignment.csv")
    market = align[(align["topic"] == "ow.market") & (align["code"] == "ow.market")]["roc_auc"].item()
    assert market > 0.6  # the seeded topic goes with its own code
    assert (a / "alignment.png").stat().st_size > 10_000 and (a / "model" / "manifest.json").exists()


def test_topics_bad_input_writes_nothing(project: Path, tmp_path: Path) -> None:
    res = worth(str(project), "--unit", "document", "--k", "500", "--out", str(tmp_path / "x"))
    assert res.returncode == 2 and "topics" in res.stderr and not (tmp_path / "x").exists()
    res = worth(str(project), "--k-range", "5:200:5", "--max-minutes", "0.01", "--out", str(tmp_path / "y"))
    assert res.returncode == 2 and "minutes" in res.stderr and not (tmp_path / "y").exists()
    for bad, said in (("30:5:5", "holds no number of topics"), ("5:9000:4000", "only")):
        res = worth(str(project), "--k-range", bad, "--out", str(tmp_path / "w"))
        assert res.returncode == 2 and said in res.stderr and not (tmp_path / "w").exists(), res.stderr
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "mijn_notities.txt").write_text("niet weggooien", encoding="utf-8")
    res = worth(str(project), "--k", "5", "--out", str(tmp_path / "z"))
    assert res.returncode == 2 and (tmp_path / "z" / "mijn_notities.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_saved_topic_model_applies_to_new_transcripts(project: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    assert worth(str(project), "--k", "8", "--passes", "2", "--out", str(first)).returncode == 0
    new = tmp_path / "new"
    res = worth(str(ROOT / "tests" / "fixtures" / "transcripts"), "--model", str(first / "model"), "--out", str(new))
    assert res.returncode == 0, res.stderr
    a = json.loads((first / "topics.json").read_text(encoding="utf-8"))
    b = json.loads((new / "topics.json").read_text(encoding="utf-8"))
    assert a["topics"] == b["topics"] and b["applied_model"].endswith("model")
    units = pd.read_csv(new / "unit_topics.csv")
    assert "int_names" in set(units["doc_id"]) and not (new / "model").exists()
