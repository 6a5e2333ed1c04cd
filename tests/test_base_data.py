"""`--base`: adapting trains on the new codings together with the base model's own training data,
found again from its manifest and verified; when it cannot be found, the base's scores are used."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

import toolkit as worth
from toolkit.coding.evaluate import code_metrics
from toolkit.coding.features import prepare
from toolkit.coding.labels import load_labelled
from toolkit.coding.model import load_model
from toolkit.errors import InputError

from .conftest import ROOT

DEMO = ROOT / "corpora" / "demo"
SPLIT = json.loads((DEMO / "split.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """A demo project and a base model trained on a quarter of the training documents."""
    tmp = tmp_path_factory.mktemp("adapt")
    project = tmp / "demo.sqlite"
    worth.ingest([DEMO / "transcripts"], project, codings=DEMO / "codings.jsonl")
    split = tmp / "split.json"
    split.write_text(json.dumps({"base": SPLIT["train"][::4], "new": SPLIT["test"][:4],
                                 "held": SPLIT["test"][4:]}), encoding="utf-8")
    base = tmp / "models" / "base"
    worth.train([project], base, split=split, part="base", coder="writer")
    return tmp, project, split, base


def test_the_manifest_records_the_training_data_relative_to_the_model(setup) -> None:
    tmp, project, split, base = setup
    data = load_model(base).manifest["training"]["data"]
    assert data["inputs"] == ["../../demo.sqlite"] and data["split"] == "../../split.json"
    assert data["part"] == "base" and data["coder"] == "writer" and data["bank"] == []


def test_adapting_trains_on_the_base_data_and_does_not_fall_below_the_base(setup, caplog) -> None:
    tmp, project, split, base = setup
    with caplog.at_level(logging.INFO):
        worth.train([project], tmp / "models" / "adapted", split=split, part="new", coder="writer", base=base)
    adapted, base_model = load_model(tmp / "models" / "adapted"), load_model(base)
    training = adapted.manifest["training"]
    assert training["base_mode"] == "data"
    assert training["base_segments"] == base_model.manifest["training"]["segments"]
    assert training["own_threshold_pull"] == 10.0  # thresholds moved toward the new codings
    assert adapted.manifest["base"] is None  # nothing of the base is nested: one plain model
    assert "join the new codings" in caplog.text
    # on documents neither model saw, the adapted model ranks at least as well as the base alone
    held = load_labelled([project], adapted.codebook, coder="writer", docs=set(SPLIT["test"][4:]))
    rows = prepare([s.text for s in held.segments], adapted.codebook)
    auc = {name: code_metrics(held.Y, p := m.classifier.predict_proba(rows), p >= m.classifier.thresholds_,
                              adapted.codebook.ids)["macro_roc_auc"]
           for name, m in (("adapted", adapted), ("base", base_model))}
    assert auc["adapted"] >= auc["base"] - 0.01, auc


def test_a_base_whose_data_is_gone_is_adapted_by_its_scores(setup, caplog) -> None:
    tmp, project, split, base = setup
    moved = tmp / "else" / "where" / "base"
    shutil.copytree(base, moved)  # the relative paths now point nowhere
    with caplog.at_level(logging.WARNING):
        worth.train([project], tmp / "models" / "by-scores", split=split, part="new", coder="writer", base=moved)
    m = load_model(tmp / "models" / "by-scores")
    assert m.manifest["training"]["own_threshold_pull"] is None
    assert m.manifest["training"]["base_mode"] == "scores" and m.manifest["base"] == "base"
    assert "by its scores only" in caplog.text and "is not there" in caplog.text


def test_base_mode_scores_on_request(setup, caplog) -> None:
    tmp, project, split, base = setup
    with caplog.at_level(logging.WARNING):
        worth.train([project], tmp / "models" / "asked", split=split, part="new", coder="writer", base=base,
                    base_mode="scores")
    m = load_model(tmp / "models" / "asked")
    assert m.manifest["training"]["base_mode"] == "scores" and m.manifest["base"] == "base"
    assert "by its scores only" not in caplog.text  # asked for, so no warning
    with pytest.raises(InputError, match="base-mode"):
        worth.train([project], tmp / "models" / "bad", split=split, part="new", coder="writer", base=base,
                    base_mode="both")


def test_a_base_whose_data_changed_is_not_rehearsed(setup, caplog, tmp_path: Path) -> None:
    tmp, project, split, base = setup
    other = tmp_path / "models" / "b2"
    copy = tmp_path / "demo.sqlite"
    shutil.copy(project, copy)
    sp = tmp_path / "split.json"
    sp.write_text(split.read_text(encoding="utf-8"), encoding="utf-8")
    worth.train([copy], other, split=sp, part="base", coder="writer")
    # the split now names other documents: the base's coded segments are no longer what it learnt from
    sp.write_text(json.dumps({**json.loads(split.read_text(encoding="utf-8")), "base": SPLIT["train"][1::4]}),
                  encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        worth.train([copy], tmp_path / "models" / "a2", split=sp, part="new", coder="writer", base=other)
    assert load_model(tmp_path / "models" / "a2").manifest["training"]["base_mode"] == "scores"
    assert "have changed since it was trained" in caplog.text
    assert np.isfinite(load_model(tmp_path / "models" / "a2").classifier.thresholds_).all()
