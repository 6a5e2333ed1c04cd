from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import toolkit as worth
from toolkit.coding.codebook_io import load_codebook
from toolkit.errors import InputError, ModelError
from toolkit.coding.model import load_model
from toolkit.store import open_store

from .conftest import ROOT

DEMO = ROOT / "corpora" / "demo"
SPLIT = json.loads((DEMO / "split.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    worth.ingest([DEMO / "transcripts"], project, codings=DEMO / "codings.jsonl")
    return project


@pytest.fixture(scope="module")
def small_model(tmp_path_factory, demo_project) -> Path:
    """A model trained on a quarter of the training documents (fast)."""
    docs = SPLIT["train"][::4]
    split = tmp_path_factory.mktemp("split") / "split.json"
    split.write_text(json.dumps({"train": docs}), encoding="utf-8")
    out = tmp_path_factory.mktemp("models") / "small"
    worth.train([demo_project], out, split=split, coder="writer")
    return out


def test_default_model_loads_and_matches_the_default_codebook() -> None:
    model = load_model()
    assert model.codebook.hash == load_codebook().hash
    assert model.classifier.code_ids_ == load_codebook().ids
    assert model.manifest["training"]["part"] == "train,dev"
    assert model.manifest["nlp_pipeline"]
    assert model.coder.startswith("model:default@")
    test_docs = set(SPLIT["test"])
    assert not test_docs & set(SPLIT["train"])


def test_default_model_beats_keyword_baseline_on_held_out_documents(demo_project) -> None:
    result = worth.evaluate([demo_project], model=ROOT / "models" / "default", coder="writer",
                          split=DEMO / "split.json", part="test")
    held, kw = result["held_out"], result["keyword_baseline"]
    assert result["data"]["documents"] == len(SPLIT["test"])
    assert held["macro_roc_auc"] > 0.8
    assert held["macro_f1"] > kw["macro_f1"] + 0.05
    assert held["macro_roc_auc"] > kw["macro_roc_auc"] + 0.1


def test_retraining_gives_identical_files(tmp_path: Path, demo_project, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763856000")
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"train": SPLIT["train"][:10]}), encoding="utf-8")
    for name in ("one", "two"):
        worth.train([demo_project], tmp_path / name, split=split, coder="writer", seed=3)
    for f in sorted((tmp_path / "one").iterdir()):
        other = (tmp_path / "two" / f.name).read_bytes()
        if f.name == "manifest.json":  # the folder name is the model name
            one, two = json.loads(f.read_bytes()), json.loads(other)
            assert one["version"] == two["version"]
            assert one["created_at"] == two["created_at"] == "2025-11-23T00:00:00+00:00"
            continue
        assert f.read_bytes() == other, f.name


def test_evaluating_on_training_documents_warns(small_model: Path, demo_project, tmp_path: Path, caplog) -> None:
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"seen": SPLIT["train"][::4][:3], "unseen": SPLIT["test"][:3]}), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        seen = worth.evaluate([demo_project], model=small_model, coder="writer", split=split, part="seen")
    assert seen["model"]["documents_seen_in_training"] == 3
    assert "3 of the 3 evaluated documents were in this model's training data" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        both = worth.evaluate([demo_project], model=small_model, coder="writer", split=split, part="seen,unseen")
        unseen = worth.evaluate([demo_project], model=small_model, coder="writer", split=split, part="unseen")
    assert both["data"]["documents"] == 6 and both["model"]["documents_seen_in_training"] == 3
    assert unseen["model"]["documents_seen_in_training"] == 0
    with pytest.raises(InputError, match="no part 'other'"):
        worth.evaluate([demo_project], model=small_model, coder="writer", split=split, part="seen,other")


def test_models_are_never_overwritten(small_model: Path, demo_project) -> None:
    with pytest.raises(ModelError, match="never overwritten"):
        worth.train([demo_project], small_model, coder="writer")


def _copy(model: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "copy"
    shutil.copytree(model, dest)
    return dest


def test_tampered_model_files_are_refused(small_model: Path, tmp_path: Path) -> None:
    m = _copy(small_model, tmp_path)
    data = bytearray((m / "coef.npy").read_bytes())
    data[-1] ^= 0xFF
    (m / "coef.npy").write_bytes(bytes(data))
    with pytest.raises(ModelError, match="checksum"):
        load_model(m)


def test_model_folder_with_extra_pickle_or_missing_file_is_refused(small_model: Path, tmp_path: Path) -> None:
    m = _copy(small_model, tmp_path)
    (m / "evil.pkl").write_bytes(b"cos\nsystem\n(S'echo hacked'\ntR.")
    with pytest.raises(ModelError, match="unexpected file"):
        load_model(m)
    (m / "evil.pkl").unlink()
    (m / "thresholds.npy").unlink()
    with pytest.raises(ModelError, match="incomplete"):
        load_model(m)


def test_object_arrays_are_never_unpickled(small_model: Path, tmp_path: Path) -> None:
    m = _copy(small_model, tmp_path)
    np.save(m / "idf.npy", np.array([{"x": 1}], dtype=object), allow_pickle=True)
    manifest = json.loads((m / "manifest.json").read_text())
    import hashlib

    manifest["files"]["idf.npy"] = hashlib.sha256((m / "idf.npy").read_bytes()).hexdigest()
    (m / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="cannot be read safely"):
        load_model(m)


def test_other_format_version_and_other_codebook_are_refused(small_model: Path, tmp_path: Path) -> None:
    m = _copy(small_model, tmp_path)
    manifest = json.loads((m / "manifest.json").read_text())
    manifest["format_version"] = 99
    (m / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="format 99"):
        load_model(m)
    other = load_codebook(ROOT / "tests" / "fixtures" / "mini_codebook.yaml")
    with pytest.raises(ModelError, match="trained for codebook"):
        load_model(small_model, codebook=other)


def test_code_jsonl_contract(small_model: Path, tmp_path: Path) -> None:
    lines = [
        {"id": "x1", "text": "Ik wil mijn dochter echt niet tot last zijn, ze heeft haar eigen gezin.", "role": "client", "wave": 2},
        {"id": "x2", "text": "En hoe vaak komt uw dochter dan?", "role": "interviewer"},
        {"id": "x3", "text": "Dat formulier van de gemeente, die ZRM op de laptop, dat vond ik vreselijk.", "role": "client"},
        {"id": "x0", "text": "Ja.", "role": "client"},
    ]
    src = tmp_path / "segs.jsonl"
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    out = tmp_path / "coded.jsonl"
    worth.code([src], model=small_model, out=out)
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    ids = load_codebook().ids
    assert [r["id"] for r in rows] == ["x1", "x2", "x3", "x0"]
    assert rows[0]["wave"] == 2 and rows[0]["role"] == "client"
    for r in (rows[0], rows[2], rows[3]):
        assert set(r["scores"]) == set(ids)
        assert all(0.0 <= p <= 1.0 for p in r["scores"].values())
        assert set(r["codes"]) <= set(ids)
        assert set(r["explain"]) == set(r["codes"])
    assert rows[1]["codes"] == [] and rows[1]["scores"] == {} and "skipped" in rows[1]
    assert rows[0]["scores"]["theme.fear_of_burdening"] > rows[3]["scores"]["theme.fear_of_burdening"]
    assert rows[2]["scores"]["ow.industrial"] > rows[0]["scores"]["ow.industrial"]


def test_explanations_name_terms_and_indicators(small_model: Path) -> None:
    model = load_model(small_model)
    res = worth.code_segments(
        worth.collect_segments([ROOT / "tests" / "fixtures" / "transcripts" / "int_names.txt"])[1], model)
    decided = [(i, e) for i, e in enumerate(res.explain) if e]
    assert decided
    for i, expl in decided:
        for code, reasons in expl.items():
            assert reasons and all(w > 0 for _, w in reasons)


def test_code_project_adds_a_machine_run_and_keeps_human_codings(small_model: Path, demo_project, tmp_path) -> None:
    project = tmp_path / "p.sqlite"
    shutil.copy(demo_project, project)
    with open_store(project) as store:
        before = store.codings("writer")
    res = worth.code([project], model=small_model)
    with open_store(project) as store:
        assert store.codings("writer") == before
        machine = store.codings(res.coder)
        assert machine and all(c.score is not None and c.model_version for c in machine)
        assert res.coder.startswith("model:small@")
        runs = [r for r in store.runs() if r["kind"] == "code"]
        assert len(runs) == 1 and runs[0]["pipeline"]


def _coded_rows(documents: int) -> list[dict]:
    rows = []
    texts = ["Ik red me wel, ik wil niemand lastigvallen.", "De buurvrouw komt elke dag even koffie drinken.",
             "Het formulier en de ZRM kosten zoveel tijd.", "Wat kost die eigen bijdrage eigenlijk?",
             "Mijn dochter doet de boodschappen, dat is familie.", "We hebben een mooie moestuin in de wijk."]
    for d in range(documents):
        for i, t in enumerate(texts):
            codes = {0: ["theme.request_hesitancy"], 1: ["ow.domestic"], 2: ["ow.industrial"], 3: ["ow.market"],
                     4: ["ow.domestic"], 5: ["ow.green"] if d == 0 else []}[i]
            rows.append({"id": f"d{d}s{i}", "doc_id": f"doc{d}", "text": f"{t} ({d})", "codes": codes})
    return rows


def _train_on(rows: list[dict], folder: Path) -> dict:
    src = folder.with_suffix(".jsonl")
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return worth.train([src], folder)


SHAME = "Ik schaam me dood, ik durf het niemand te vertellen, zo gênant, ik voel me een loser."


def test_code_with_too_few_positives_falls_back_to_prior(tmp_path: Path, caplog) -> None:
    from toolkit.coding.features import prepare

    with caplog.at_level(logging.WARNING):
        manifest = _train_on(_coded_rows(8), tmp_path / "m")  # 48 segments
    modes = {c["id"]: c["mode"] for c in manifest["codes"]}
    assert modes["ow.domestic"] == "model" and modes["ow.green"] == "prior" and modes["theme.shame"] == "prior"
    assert "ow.green has 1 positive" in caplog.text
    model = load_model(tmp_path / "m")
    p = model.classifier.predict_proba(prepare(["We werken graag in de moestuin en de natuur."], model.codebook))
    assert p[0, model.classifier.code_ids_.index("ow.green")] >= 0.5
    # with fewer than 100 coded segments a code nobody used may just be rare: its indicators decide
    assert model.classifier.predict(prepare([SHAME], model.codebook))[0, model.classifier.code_ids_.index("theme.shame")]
    assert "are not assigned" not in caplog.text


def test_a_code_none_of_100_own_segments_has_is_not_assigned(tmp_path: Path, caplog) -> None:
    from toolkit.coding.features import prepare

    with caplog.at_level(logging.WARNING):
        manifest = _train_on(_coded_rows(17), tmp_path / "m")  # 102 segments
    unused = next(r.getMessage() for r in caplog.records if "are not assigned" in r.getMessage())
    assert "theme.shame" in unused and "ow.green" not in unused
    model = load_model(tmp_path / "m")
    ids = model.classifier.code_ids_
    shame = prepare([SHAME], model.codebook)
    j = ids.index("theme.shame")
    assert model.classifier.predict_proba(shame)[0, j] > 0.5  # the indicators still rank it
    assert not model.classifier.predict(shame)[0, j]  # however many indicators a text has
    assert next(c for c in manifest["codes"] if c["id"] == "theme.shame")["threshold"] > 1
    green = prepare(["We werken graag in de moestuin en de natuur."], model.codebook)
    assert model.classifier.predict(green)[0, ids.index("ow.green")]  # one positive: still assigned
    # "why not coded" names codes that could have been assigned, not one that never is ("0.9 of 1.0")
    from toolkit.coding.scoring import code_segments
    from toolkit.types import Segment

    said = "Ik schaam me dood, ik durf het niemand te vertellen, zo gênant, ik voel me een loser."
    result = code_segments([Segment(id="x:0001", doc_id="x", start=0, end=len(said), text=said)], model,
                           check_language=False)
    assert not result.decided.any() and result.not_coded[0]
    assert "theme.shame" not in {near["code"] for near in result.not_coded[0]}


def test_coded_excerpts_without_documents_are_each_a_group_in_cross_validation(tmp_path: Path) -> None:
    texts = ["Ik vraag liever niks, ze hebben het allemaal al zo druk.",
             "Die thuiszorg komt om zeven uur, dan moet ik klaar zitten.",
             "Mijn zoon woont om de hoek, die springt altijd bij.",
             "Het wijkteam zei dat ik eerst mijn eigen netwerk moest vragen.",
             "Een tientje per uur voor de hulp, dat gaat echt niet.",
             "Sinds mijn man er niet meer is, zeg ik soms dagen niks tegen niemand."]
    codes = [["theme.request_hesitancy"], ["ow.industrial"], ["ow.domestic"], ["theme.network_appeal"],
             ["ow.market"], ["theme.loneliness"]]
    rows = [{"id": f"e{n}{i}", "text": f"{t} ({n})", "codes": c}
            for n in range(6) for i, (t, c) in enumerate(zip(texts, codes))]
    src = tmp_path / "excerpts.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = worth.evaluate([src])  # refused before: "needs at least 2 coded documents; these inputs have 1"
    assert result["cross_validation"]["n_segments"] == 36
    with_doc = tmp_path / "one_doc.jsonl"
    with_doc.write_text("\n".join(json.dumps({**r, "doc_id": "interview"}) for r in rows), encoding="utf-8")
    with pytest.raises(InputError, match="at least 2 coded documents"):
        worth.evaluate([with_doc])


@pytest.mark.parametrize("content, message, line", [
    ('{"text": "a", "codes": ["ow.domestic"]}\n{"text": "b", "codes": ["ow.nonsense"]}\n', "unknown code id", 2),
    ('{"text": "a", "codes": "ow.domestic"}\n', "no list 'codes'", 1),
])
def test_bad_training_data(tmp_path: Path, content: str, message: str, line: int) -> None:
    src = tmp_path / "train.jsonl"
    src.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        worth.train([src], tmp_path / "m")
    assert err.value.line == line
    assert not (tmp_path / "m").exists()


def test_cli_train_errors_exit_2(tmp_path: Path) -> None:
    src = tmp_path / "leeg.jsonl"
    src.write_text("\n\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "toolkit", "train", str(src), "--out", str(tmp_path / "m")],
                         capture_output=True, text=True)
    assert res.returncode == 2 and "leeg.jsonl" in res.stderr
    res = subprocess.run([sys.executable, "-m", "toolkit", "code", str(src), "--model", str(tmp_path / "nope"),
                          "--out", str(tmp_path / "o.jsonl")], capture_output=True, text=True)
    assert res.returncode == 2 and "nope" in res.stderr and not (tmp_path / "o.jsonl").exists()


def test_non_dutch_input_warns(small_model: Path, caplog) -> None:
    from toolkit.types import Segment

    text = "The weather in London was terrible yesterday and the trains were late again."
    segs = [Segment(id=f"s{i}", doc_id="d", start=0, end=len(text), text=text) for i in range(3)]
    with caplog.at_level(logging.WARNING):
        worth.code_segments(segs, load_model(small_model))
    assert "does not look like Dutch" in caplog.text


def test_evaluate_cross_validation_learning_curve_and_baseline(tmp_path: Path, demo_project, small_model,
                                                              caplog) -> None:
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"train": SPLIT["train"][1::4][:8]}), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        res = worth.evaluate([demo_project], coder="writer", split=split, part="train", curve=(50, 200),
                             base=small_model)
    assert "by its scores only" not in caplog.text  # adapted with the base's training data, as `train` does
    cv = res["cross_validation"]
    assert set(cv["per_code"]) == set(load_codebook().ids)
    assert 0 <= cv["ece"] <= 1 and cv["macro_roc_auc"] > 0.6
    assert [p["segments"] for p in res["learning_curve"]] == [50, 200]
    assert all("macro_f1_with_base" in p for p in res["learning_curve"])
    assert res["keyword_baseline"]["macro_f1"] is not None
    # the same folds adapting the base: its own table, which differs from the one from scratch
    adapted = res["cross_validation_with_base"]
    assert adapted["base"] == str(small_model) and adapted["n_segments"] == cv["n_segments"]
    assert set(adapted["per_code"]) == set(cv["per_code"]) and adapted["macro_roc_auc"] > 0.6
    assert adapted["per_code"] != cv["per_code"]


def test_suggest_spreads_over_uncoded_documents(small_model: Path, transcripts: Path) -> None:
    picked = worth.suggest([transcripts], model=small_model, n=5, per_doc=1)
    assert 1 <= len(picked) <= 5
    assert len({p["doc_id"] for p in picked}) == len(picked)
    assert all(p["code"] in load_codebook().ids and 0 <= p["probability"] <= 1 for p in picked)


@pytest.mark.parametrize("suffix", [".xlsx", ".html"])
def test_code_output_follows_the_extension(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"gecodeerd{suffix}"
    worth.code([ROOT / "tests" / "fixtures" / "transcripts"], out=out)
    assert out.is_file() and out.stat().st_size > 1000
    if suffix == ".xlsx":
        import pandas as pd

        sheet = pd.read_excel(out, sheet_name="codings")
        assert set(sheet["coder"]) == {load_model().coder}
    else:
        assert "int_names" in out.read_text(encoding="utf-8")


def test_code_refuses_unknown_output_before_work(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write codings"):
        worth.code([ROOT / "tests" / "fixtures" / "transcripts"], out=tmp_path / "x.docx")
    assert not list(tmp_path.iterdir())


def test_qdpx_round_trip_through_the_cli(tmp_path: Path, demo_project) -> None:
    project = tmp_path / "p.sqlite"
    shutil.copy(demo_project, project)
    qdpx = tmp_path / "project.qdpx"
    cli = [sys.executable, "-m", "toolkit", "-q"]
    res = subprocess.run(cli + ["code", str(project), "--out", str(qdpx)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    fresh = tmp_path / "fresh.sqlite"
    res = subprocess.run(cli + ["ingest", str(qdpx), "-p", str(fresh)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    with open_store(project) as a, open_store(fresh) as b:
        assert {d.id: d.text for d in a.documents()} == {d.id: d.text for d in b.documents()}
        assert [(c.doc_id, c.start, c.end, c.code_id) for c in a.codings("writer")] == \
            [(c.doc_id, c.start, c.end, c.code_id) for c in b.codings("writer")]
        # machine codings come back as that model's run (with scores), never as a human coder's
        assert [c for c in b.coders() if c.startswith("model:")] == [c for c in a.coders() if c.startswith("model:")]
        assert sorted(c for c in b.coders() if not c.startswith("model:")) == \
            sorted(c for c in a.coders() if not c.startswith("model:"))
    res = subprocess.run(cli + ["train", str(qdpx), "--coder", "writer", "--split", str(DEMO / "split.json"),
                                  "--out", str(tmp_path / "m")], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    trained = load_model(tmp_path / "m")
    assert trained.manifest["training"]["segments"] == 1522
    assert trained.codebook.hash == load_codebook().hash  # the codebook travels whole through the .qdpx


def test_tampered_base_manifest_is_refused(tmp_path: Path, small_model: Path) -> None:
    src = tmp_path / "train.jsonl"
    rows = [{"id": f"s{i}", "doc_id": f"d{i % 4}", "text": t, "codes": c} for i, (t, c) in enumerate(
        [("Ik wil niemand tot last zijn.", ["theme.fear_of_burdening"]), ("Het formulier van de ZRM.", ["ow.industrial"]),
         ("Mijn dochter helpt.", ["ow.domestic"]), ("Wat kost dat?", ["ow.market"])] * 6)]
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    moved = tmp_path / "x" / "y" / "z" / "base"  # its training data is not found from here: adapted by scores,
    shutil.copytree(small_model, moved)         # so the base model is nested in the adapted one
    worth.train([src], tmp_path / "adapted", base=moved)
    manifest = json.loads((tmp_path / "adapted" / "base" / "manifest.json").read_text())
    manifest["codes"][0]["mode"] = "prior"
    (tmp_path / "adapted" / "base" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="checksum"):
        load_model(tmp_path / "adapted")


def test_topic_features_are_saved_and_reloaded(tmp_path: Path, demo_project) -> None:
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"train": SPLIT["train"][:8]}), encoding="utf-8")
    worth.train([demo_project], tmp_path / "m", split=split, coder="writer", topics=20)
    model = load_model(tmp_path / "m")
    assert model.classifier.topics is not None and len(model.classifier.topics.topic_labels_) == 20
    assert model.classifier.feature_names_out()[-1].startswith("topic:")
    from toolkit.coding.features import prepare

    rows = prepare(["Wat kost die eigen bijdrage eigenlijk per maand?"], model.codebook)
    p = model.classifier.predict_proba(rows)
    assert p.shape == (1, 18)
    (tmp_path / "m" / "topics" / "lambda.npy").write_bytes(b"\x93NUMPY kapot")
    with pytest.raises(ModelError):
        load_model(tmp_path / "m")


def test_word_vectors_from_unlabelled_text_are_saved_and_repeat_across_processes(tmp_path: Path, demo_project) -> None:
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"train": SPLIT["train"][:8]}), encoding="utf-8")
    unlabelled = DEMO / "transcripts" / SPLIT["dev"][0]
    outs = []
    for name, hashseed in (("a", "1"), ("b", "2")):
        cmd = [sys.executable, "-m", "toolkit", "-q", "train", str(demo_project), "--coder", "writer",
               "--split", str(split), "--vectors", "--unlabelled", f"{unlabelled}.txt", "--out", str(tmp_path / name)]
        res = subprocess.run(cmd, capture_output=True, text=True,
                             env={**__import__("os").environ, "PYTHONHASHSEED": hashseed, "SOURCE_DATE_EPOCH": "0"})
        assert res.returncode == 0, res.stderr
        outs.append(tmp_path / name)
    for f in ("vectors.npy", "vectors.json", "coef.npy", "thresholds.npy"):
        assert (outs[0] / f).read_bytes() == (outs[1] / f).read_bytes(), f
    model = load_model(outs[0])
    words = model.classifier.vectors.words
    assert len(words) > 300 and "gemeente" in words and list(words) == sorted(words)
    assert model.manifest["training"]["unlabelled_segments"] > 10
    from toolkit.coding.features import prepare

    assert model.classifier.predict_proba(prepare(["Ik wil niemand tot last zijn."], model.codebook)).shape == (1, 18)


def _use_pipeline(monkeypatch, folder: Path | None) -> None:
    """Make the next load_nlp() take `folder` (None: the default choice) instead of the cached one."""
    from toolkit import nlp

    if folder is None:
        monkeypatch.delenv("WORTH_SPACY_MODEL", raising=False)
    else:
        monkeypatch.setenv("WORTH_SPACY_MODEL", str(folder))
    monkeypatch.setattr(nlp, "_NLP", None)
    monkeypatch.setattr(nlp, "_INFO", None)


def test_vectors_of_an_installed_pipeline_are_used_and_required(tmp_path: Path, demo_project, monkeypatch,
                                                                caplog) -> None:
    """With a pipeline that has word vectors (as nl_core_news_lg does), --vectors uses them instead of
    learning its own; the model stores a reference, and loading it under another pipeline is refused."""
    import spacy

    from toolkit import nlp
    from toolkit.coding.features import PipelineVectors, prepare

    split = tmp_path / "split.json"
    split.write_text(json.dumps({"train": SPLIT["train"][:8]}), encoding="utf-8")
    texts = [s.text for s in open_store(demo_project).segments() if s.doc_id in SPLIT["train"][:8]]
    words = sorted({w for ts in nlp.terms(texts) for w in ts})
    pipe = spacy.blank("nl")
    pipe.meta["name"] = "vectors_test"
    rng = np.random.default_rng(0)
    for w in words:
        pipe.vocab.set_vector(w, rng.normal(size=8).astype("float32"))
    pipe.to_disk(tmp_path / "pipe")

    _use_pipeline(monkeypatch, tmp_path / "pipe")
    assert nlp.pipeline_info().name == "nl_vectors_test" and nlp.has_vectors()
    worth.train([demo_project], tmp_path / "m", split=split, coder="writer", vectors=True)
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vectors"] == {"source": "pipeline", "pipeline": nlp.pipeline_info().key, "dim": 8}
    assert manifest["nlp_pipeline"] == nlp.pipeline_info().key
    assert not (tmp_path / "m" / "vectors.npy").exists()
    model = load_model(tmp_path / "m")
    assert isinstance(model.classifier.vectors, PipelineVectors)
    rows = prepare(texts[:20], model.codebook)
    block = model.classifier.vectors.mean_matrix(rows).toarray()
    assert block.shape == (20, 8) and np.allclose(np.linalg.norm(block[block.any(axis=1)], axis=1), 1)
    assert np.abs(model.classifier.coef_[:, -8:]).sum() > 0  # the vector block carries weight
    with caplog.at_level(logging.WARNING):
        load_model()  # the default model was trained with the fallback pipeline
    assert "trained with the NLP pipeline fallback@" in caplog.text

    # same name and version, other vectors: another pipeline all the same
    for w in words:
        pipe.vocab.set_vector(w, rng.normal(size=8).astype("float32"))
    pipe.to_disk(tmp_path / "pipe2")
    _use_pipeline(monkeypatch, tmp_path / "pipe2")
    with pytest.raises(ModelError, match="but the active pipeline is nl_vectors_test@"):
        load_model(tmp_path / "m")

    _use_pipeline(monkeypatch, None)  # back to the offline fallback
    with pytest.raises(ModelError, match="word vectors of the spaCy pipeline nl_vectors_test") as err:
        load_model(tmp_path / "m")
    assert "WORTH_SPACY_MODEL" in err.value.hint
    fallback_terms = nlp.terms(texts[:5])
    nlp.load_nlp().to_disk(tmp_path / "pinned")  # worth's own pipeline, saved, loads again by folder
    _use_pipeline(monkeypatch, tmp_path / "pinned")
    assert nlp.terms(texts[:5]) == fallback_terms


def test_a_pipeline_that_cannot_be_loaded_is_named(monkeypatch, tmp_path: Path) -> None:
    from toolkit import nlp

    _use_pipeline(monkeypatch, tmp_path / "geen_pipeline")
    with pytest.raises(InputError, match="WORTH_SPACY_MODEL=.*geen_pipeline cannot be loaded") as err:
        nlp.load_nlp()
    assert "unset" in err.value.hint


def test_codebook_examples_are_trained_on_but_never_scored(demo_project) -> None:
    """The codebook's examples and inclusion criteria join every training fold; thresholds, calibration
    and support come from the coded segments only."""
    from toolkit.coding.classifiers import CodeClassifier
    from toolkit.coding.features import codebook_examples, prepare
    from toolkit.coding.labels import load_labelled

    book = load_codebook()
    ex_rows, ex_Y = codebook_examples(book)
    assert len(ex_rows) == sum(len(book[c].examples) + len(book[c].include) for c in book.ids)
    assert (ex_Y.sum(axis=1) == 1).all() and (ex_Y.sum(axis=0) >= 5).all()
    data = load_labelled([demo_project], book, coder="writer", docs=set(SPLIT["train"][:10]))
    rows = prepare([s.text for s in data.segments], book)
    with_ex = CodeClassifier(code_ids=book.ids, examples=(ex_rows, ex_Y)).fit(rows, data.Y, data.groups)
    bare = CodeClassifier(code_ids=book.ids).fit(rows, data.Y, data.groups)
    assert with_ex.oof_proba_.shape == bare.oof_proba_.shape == data.Y.shape
    assert (with_ex.support_ == data.Y.sum(axis=0)).all()
    assert len(with_ex.vectorizer_.vocabulary_) > len(bare.vectorizer_.vocabulary_)
    # an example now scores higher for its own code than under the model that never saw it
    own = ex_Y.argmax(axis=1)
    trained = np.isin(own, np.flatnonzero(with_ex.mode_ == "model"))
    p_with = with_ex.predict_proba(ex_rows)[np.arange(len(own)), own][trained]
    p_bare = bare.predict_proba(ex_rows)[np.arange(len(own)), own][trained]
    assert trained.sum() > 20 and p_with.mean() > p_bare.mean() + 0.1


def test_adapting_keeps_the_base_model_where_few_codings_cannot_beat_it(demo_project, tmp_path: Path) -> None:
    """With --base and about a hundred new codings, codes keep the base model's scores unless the
    re-learned decision clearly does better, so adapting does not fall below the base model."""
    from toolkit.coding.classifiers import CodeClassifier
    from toolkit.coding.evaluate import code_metrics
    from toolkit.coding.features import codebook_examples, prepare
    from toolkit.coding.labels import load_labelled

    base = load_model()
    book = base.codebook
    small = load_labelled([demo_project], book, coder="writer", docs=set(SPLIT["test"][:3]))
    rest = load_labelled([demo_project], book, coder="writer", docs=set(SPLIT["test"][3:]))
    rows = prepare([s.text for s in rest.segments], book)
    clf = CodeClassifier(code_ids=book.ids, base=base.classifier, examples=codebook_examples(book)).fit(
        prepare([s.text for s in small.segments], book), small.Y, small.groups)
    assert (clf.mode_ == "base").sum() >= len(book.ids) // 2
    assert not (clf.mode_ == "prior").any()  # too few positives: the base's decision, not keywords
    p, p0 = clf.predict_proba(rows), base.classifier.predict_proba(rows)
    for j in np.flatnonzero(clf.mode_ == "base"):
        assert np.allclose(p[:, j], p0[:, j]) and clf.thresholds_[j] == base.classifier.thresholds_[j]
    adapted = code_metrics(rest.Y, p, p >= clf.thresholds_, book.ids)["macro_f1"]
    alone = code_metrics(rest.Y, p0, p0 >= base.classifier.thresholds_, book.ids)["macro_f1"]
    assert adapted >= alone - 0.02
    # saved and loaded, the base-mode codes still come from the nested base model
    from toolkit.coding.model import save_model

    save_model(tmp_path / "m", clf, book, training={}, metrics={}, pipeline="test", seed=0)
    loaded = load_model(tmp_path / "m")
    assert list(loaded.classifier.mode_) == list(clf.mode_)
    assert np.allclose(loaded.classifier.predict_proba(rows), p)
    expl = loaded.classifier.explain(rows[:40], loaded.classifier.predict(rows[:40]))
    j = int(np.flatnonzero(clf.mode_ == "base")[0])
    assert any(e.get(book.ids[j]) for e in expl) or not loaded.classifier.predict(rows[:40])[:, j].any()


def test_wrong_model_paths_say_what_they_are(tmp_path: Path, demo_project) -> None:
    from toolkit.coding.topicmodel import TopicModel
    from toolkit.coding.topicmodel_io import save_topic_model

    tm = TopicModel(n_topics=2, random_state=0).fit([["hulp", "vragen", "buur"], ["mantelzorg", "moe", "hulp"]] * 5)
    save_topic_model(tm, tmp_path / "topics")
    cases = {tmp_path / "topics": "this is a topic model", DEMO / "transcripts": "not a model folder",
             demo_project: "a file, not a model folder", tmp_path / "nergens": "no such model folder"}
    for path, says in cases.items():
        with pytest.raises(ModelError, match=says):
            load_model(path)


def test_model_output_read_back_skips_headers_and_warns_before_training(tmp_path: Path, caplog) -> None:
    """`worth segments` then `worth code` on the JSONL leaves header lines uncoded, and training on the
    model's own output warns that those codes are a model's decisions."""
    src = tmp_path / "t"
    src.mkdir()
    for doc in SPLIT["train"][:3]:
        shutil.copy(DEMO / "transcripts" / f"{doc}.txt", src)
    subprocess.run([sys.executable, "-m", "toolkit", "-q", "segments", str(src), "--out", str(tmp_path / "seg.jsonl")],
                   check=True, capture_output=True)
    lines = [json.loads(x) for x in (tmp_path / "seg.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(x["kind"] == "preamble" for x in lines)
    result = worth.code([tmp_path / "seg.jsonl"], out=tmp_path / "coded.jsonl")
    coded = [json.loads(x) for x in (tmp_path / "coded.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(not x["codes"] for x, seg in zip(coded, lines) if seg["kind"] == "preamble")
    assert int(sum(s.codable for s in result.segments)) == sum(1 for x in lines
                                                                if x["kind"] != "preamble" and not x["is_interviewer"])
    with caplog.at_level(logging.WARNING):
        worth.train([tmp_path / "coded.jsonl"], tmp_path / "m")
    assert "carry model scores" in caplog.text


def test_a_code_the_base_never_assigns_is_not_kept_never_once_the_own_codings_use_it(tmp_path: Path) -> None:
    texts = ["Ik red me wel, ik wil niemand lastigvallen.", "De buurvrouw komt elke dag even koffie drinken.",
             "Het formulier en de ZRM kosten zoveel tijd.", "Wat kost die eigen bijdrage eigenlijk?",
             "Mijn dochter doet de boodschappen, dat is familie.", "We hebben een mooie moestuin in de wijk."]
    codes = [["theme.request_hesitancy"], ["ow.domestic"], ["ow.industrial"], ["ow.market"], ["ow.domestic"], []]

    def write(name: str, green_docs: set[int]) -> Path:
        rows = [{"id": f"d{d}s{i}", "doc_id": f"doc{d}", "text": f"{t} ({d})",
                 "codes": ["ow.green"] if i == 5 and d in green_docs else c}
                for d in range(17) for i, (t, c) in enumerate(zip(texts, codes))]
        path = tmp_path / name
        path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
        return path

    base = worth.train([write("base.jsonl", set())], tmp_path / "base")  # 102 segments: unused codes are off
    assert next(c for c in base["codes"] if c["id"] == "ow.green")["threshold"] > 1  # nobody used it: never
    # the review app's retrain: the reviewer now codes the garden turn twice, adapting by the base's scores
    adapted = worth.train([write("review.jsonl", {0, 3})], tmp_path / "adapted", base=tmp_path / "base",
                          base_mode="scores")
    green = next(c for c in adapted["codes"] if c["id"] == "ow.green")
    assert green["support"] == 2 and green["threshold"] <= 1, green  # now it can be assigned (by its indicators)
    model = load_model(tmp_path / "adapted")
    from toolkit.coding.features import prepare

    rows = prepare(["We werken graag in de moestuin en de natuur."], model.codebook)
    assert model.classifier.predict(rows)[0, model.classifier.code_ids_.index("ow.green")]


def test_learning_curve_passes_partial_codings_on() -> None:
    """On partial codings (review decisions) a code nobody decided stays assignable in every curve fit,
    so its indicator hits count against the curve; on full codings of 100+ segments it is switched off."""
    from toolkit.coding.classifiers import CodeClassifier
    from toolkit.coding.evaluate import learning_curve
    from toolkit.coding.features import prepare

    book = load_codebook()
    coded = _coded_rows(30) + [{"doc_id": f"doc{d}", "text": f"{SHAME} ({d})", "codes": []} for d in range(30)]
    rows = prepare([r["text"] for r in coded], book)
    Y = np.array([[c in r["codes"] for c in book.ids] for r in coded])
    groups = [r["doc_id"] for r in coded]

    def curve(p: bool) -> float:
        return learning_curve(rows, Y, groups, lambda: CodeClassifier(code_ids=book.ids), sizes=(120,),
                              partial=p)[0]["macro_f1"]

    # partial: theme.shame (no positive; its indicators fire on the shame turns) is given and scores 0
    assert curve(True) < curve(False)



def test_adapting_moves_thresholds_toward_the_own_codings() -> None:
    """With the base's data beside them, a code's threshold moves from the one chosen on all
    out-of-fold scores toward the one that suits the own codings, the more the more own positives the
    code has (here: own positives score 0.6-0.9 and own negatives up to 0.55, so 0.575 suits them)."""
    from toolkit.coding.classifiers import CodeClassifier
    from toolkit.coding.thresholds import OWN_SHRINK, best_threshold

    rng = np.random.default_rng(0)
    own_Y = np.zeros((60, 3), bool)
    own_Y[:24, 0] = True  # 24 own positives
    own_Y[:2, 1] = True  # 2 own positives
    oof = np.where(own_Y, rng.uniform(0.6, 0.9, own_Y.shape), rng.uniform(0.0, 0.55, own_Y.shape))
    clf = CodeClassifier(code_ids=["a", "b", "c"])
    clf.mode_ = np.array(["model", "model", "prior"])
    clf.oof_proba_ = np.vstack([oof, np.full((100, 3), 0.5)])  # the base's rows after the own ones
    clf.thresholds_ = np.array([0.2, 0.2, 0.2])  # chosen on all rows, where the base's dominate
    clf._own_thresholds(own_Y)
    t_own = [best_threshold(own_Y[:, j], oof[:, j]) for j in (0, 1)]
    assert 0.55 < t_own[0] < 0.6 and t_own[1] > 0.55
    a, b, c = clf.thresholds_
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    assert logit(a) == pytest.approx((24 * logit(t_own[0]) + OWN_SHRINK * logit(0.2)) / (24 + OWN_SHRINK))
    assert 0.2 < b < a < t_own[0]  # 2 own positives move it less than 24
    assert abs(a - t_own[0]) < abs(a - 0.2) and abs(b - 0.2) < abs(b - t_own[1])
    assert c == 0.2  # a code that is not learned keeps its threshold



def test_partial_codings_keep_the_thresholds_of_all_rows() -> None:
    """Full own codings with the base's data beside them move a threshold toward the own codings; a
    reviewer's partial decisions do not (there a code nobody decided counts as absent)."""
    from toolkit.coding.classifiers import CodeClassifier, best_threshold
    from toolkit.coding.features import prepare

    book = load_codebook()
    j = book.ids.index("ow.domestic")
    own_texts = ["Ik drink koffie bij het loket van de gemeente.", "Mijn zoon komt elke dag, dat doe je voor je moeder.",
                 "De koffie in de wachtkamer was koud.", "Bij ons in de straat kent iedereen elkaar nog."]
    base_texts = ["De buurvrouw komt elke dag koffie drinken, zo hoort dat.", "Het formulier kost veel tijd.",
                  "Mijn dochter zorgt voor me, dat is familie.", "Wat kost die eigen bijdrage eigenlijk?"]
    texts, labels, groups = [], [], []
    for d in range(12):  # the own coders: the bond is domestic, the street and the coffee now and then
        for i, t in enumerate(own_texts):
            texts.append(f"{t} ({d})"), groups.append(f"own{d}")
            labels.append(i == 1 or (i == 3 and d % 3 > 0) or (i == 2 and d % 4 == 0))
    for d in range(30):  # the base's writers: the form is domestic in half of the documents
        for i, t in enumerate(base_texts):
            texts.append(f"{t} [{d}]"), groups.append(f"base{d}")
            labels.append(i in (0, 2) or (i == 1 and d % 2 == 0))
    Y = np.zeros((len(texts), len(book.ids)), bool)
    Y[:, j] = labels
    Y[::7, book.ids.index("ow.industrial")] = True
    rows, own = prepare(texts, book), 12 * len(own_texts)

    def fitted(**kw):
        return CodeClassifier(code_ids=book.ids, n_splits=4).fit(rows, Y, groups, **kw)

    plain, adapted = fitted(), fitted(own=own)
    t_all, t_own = plain.thresholds_[j], best_threshold(Y[:own, j], adapted.oof_proba_[:own, j])
    assert abs(t_own - t_all) > 0.02
    assert min(t_all, t_own) < adapted.thresholds_[j] < max(t_all, t_own)
    assert fitted(own=own, partial=True).thresholds_[j] == t_all


def test_cli_train_points_to_base_default_for_the_shipped_codebook(tmp_path: Path) -> None:
    """Codings in the shipped codebook, trained or cross-validated from scratch: `worth train` and
    `worth evaluate` name `--base default`; with a model, or another codebook, they do not."""
    src = tmp_path / "eigen.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in _coded_rows(8)), encoding="utf-8")

    def run(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "toolkit", "train", str(src), "--out",
                               str(tmp_path / f"m{len(extra)}"), *extra], capture_output=True, text=True)

    res = run()
    assert res.returncode == 0, res.stderr
    assert "--base default" in " ".join(res.stderr.split())
    for extra, tip in (((), True), (("--model", str(tmp_path / "m0")), False)):  # and `worth evaluate`
        ev = subprocess.run([sys.executable, "-m", "toolkit", "evaluate", str(src), *extra],
                            capture_output=True, text=True)
        assert ev.returncode == 0, ev.stderr
        assert ("--base default" in " ".join(ev.stderr.split())) == tip
    other = ROOT / "tests" / "fixtures" / "mini_codebook.yaml"
    mini = [{**r, "codes": [c for c in r["codes"] if c in load_codebook(other).ids]} for r in _coded_rows(8)]
    src.write_text("\n".join(json.dumps(r) for r in mini), encoding="utf-8")
    res = run("--codebook", str(other))
    assert res.returncode == 0, res.stderr
    assert "--base" not in res.stderr
