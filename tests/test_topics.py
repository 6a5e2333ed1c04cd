"""Tests of toolkit.coding.topicmodel: seeded and exploratory LDA, determinism, bad input, persistence."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from toolkit.coding.codebook_io import load_codebook
from toolkit.errors import InputError, ModelError
from toolkit.coding.phrases import PhraseJoiner, seeds_from_codebook
from toolkit.coding.topicmodel import TopicModel, sweep
from toolkit.coding.topicmodel_io import load_topic_model, save_topic_model

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo" / "transcripts"
SEEDED = ("ow.market", "ow.green", "theme.caregiver_burden")
FAST = {"passes": 3, "iterations": 50}


@pytest.fixture(scope="module")
def docs() -> list[list[str]]:
    """Terms of the codable segments of the demo transcripts (about 2300 segments)."""
    from toolkit import nlp
    from toolkit.io.readers import read_inputs
    from toolkit.io.segment import segment_document

    report = read_inputs([DEMO])
    segments = [s for p in report.parsed for s in segment_document(p.document) if s.codable]
    return nlp.terms([s.text for s in segments])


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[str]]:
    return seeds_from_codebook(load_codebook(), SEEDED)


@pytest.fixture(scope="module")
def seeded(docs, seeds) -> TopicModel:
    return TopicModel(n_topics=5, seed_codes=seeds, **FAST).fit(docs)


@pytest.fixture(scope="module")
def exploratory(docs) -> TopicModel:
    return TopicModel(n_topics=4, **FAST).fit(docs)


# --------------------------------------------------------------------------- seeds


def test_seeds_from_codebook_match_the_term_form():
    seeds = seeds_from_codebook(load_codebook())
    assert "formulier_invullen" in seeds["ow.industrial"]          # multiword indicator -> phrase token
    assert "kracht" in seeds["theme.self_reliance"]                # "eigen" is a stop word in nlp.terms
    assert {"schaam*", "schamen"} <= set(seeds["theme.shame"])     # prefix kept, and its lemma
    assert "staan" not in seeds["theme.caregiver_burden"]          # "ik sta er alleen voor" is not "staan"
    assert all(s == s.lower() and " " not in s for ss in seeds.values() for s in ss)
    assert all(ss == sorted(set(ss)) for ss in seeds.values())
    with pytest.raises(InputError, match="ow.nonsense"):
        seeds_from_codebook(load_codebook(), ["ow.nonsense"])


def test_seeded_topics_keep_their_seeds(seeded):
    assert seeded.topic_labels_ == [*SEEDED, "topic_3", "topic_4"]
    top = {label: {t for t, _ in terms} for label, terms in zip(seeded.topic_labels_, seeded.top_terms(20))}
    for code in SEEDED:
        report = seeded.seed_report_[code]
        assert report["terms"] and not report["dropped"]
        kept = [t for t in report["terms"] if t in top[code]]
        assert len(kept) >= len(report["terms"]) / 2, (code, kept, report["terms"])
    assert "betalen" in seeded.seed_report_["ow.market"]["found"]
    assert "respijtzorg" in top["theme.caregiver_burden"]


def test_missing_seeds_are_reported_and_empty_codes_dropped(docs, caplog):
    seeds = {"ow.market": ["betalen", "geld", "xyzzyplof"], "x.nothing": ["qqqq", "zzzz"], "x.prefix": ["schaam*"]}
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        model = TopicModel(n_topics=4, seed_codes=seeds, passes=1, iterations=20).fit(docs)
    assert model.topic_labels_ == ["ow.market", "x.prefix", "topic_2", "topic_3"]
    assert model.seed_report_["ow.market"] == {"found": ["betalen", "geld"], "missing": ["xyzzyplof"],
                                               "terms": ["betalen", "geld"], "dropped": False}
    assert model.seed_report_["x.nothing"]["dropped"] is True
    prefix_terms = model.seed_report_["x.prefix"]["terms"]
    assert prefix_terms and all(t.startswith("schaam") for t in prefix_terms)
    text = caplog.text
    assert "x.nothing" in text and "dropped" in text
    # one summary line at WARNING, not one per code; each missing seed still named at INFO
    assert "3 seed(s) of 2 code(s) are not in the vocabulary" in text and "xyzzyplof" not in text
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="toolkit"):
        TopicModel(n_topics=4, seed_codes=seeds, passes=1, iterations=20).fit(docs)
    assert "xyzzyplof" in caplog.text


# --------------------------------------------------------------------------- exploratory, transform


def test_exploratory_topics(exploratory, docs):
    assert exploratory.topic_labels_ == ["topic_0", "topic_1", "topic_2", "topic_3"]
    assert exploratory.seed_report_ == {}
    top = exploratory.top_terms(15)
    assert len(top) == 4 and all(len(t) == 15 for t in top)
    for terms in top:
        weights = [w for _, w in terms]
        assert weights == sorted(weights, reverse=True) and all(0 < w < 1 for w in weights)
    assert list(exploratory.get_feature_names_out()) == exploratory.topic_labels_
    records = exploratory.topic_records(5)
    assert records[0]["label"] == "topic_0" and records[0]["seed_code"] is None and len(records[0]["terms"]) == 5


def test_transform_rows_are_proportions(seeded, docs):
    theta = seeded.transform(docs)
    assert theta.shape == (len(docs), 5)
    assert np.all(theta >= 0)
    np.testing.assert_allclose(theta.sum(axis=1), 1.0, atol=1e-12)
    # each document on its own: a row does not depend on the batch or on earlier calls
    assert np.array_equal(seeded.transform(docs[:40]), theta[:40])
    assert np.array_equal(seeded.transform([[], ["onbekendwoord"]])[0], seeded.transform([[]])[0])
    # documents that use a code's seeds lean to its topic
    market = [i for i, d in enumerate(docs) if d.count("betalen") + d.count("geld") >= 2]
    assert market and theta[market, 0].mean() > theta[:, 0].mean()


def test_phrases_are_detected(exploratory, seeded, docs):
    vocab = set(exploratory.dictionary_.token2id)
    # "eigen kracht" / "tot last" cannot be phrases here: nlp.terms drops "eigen" and "tot" as stop words
    assert "eigen_kracht" not in vocab
    assert {"sociaal_makelaar", "huishoudelijk_hulp"} <= vocab
    assert "sociaal_makelaar" in exploratory.phraser_.tokens
    assert "dag_nacht" in seeded.dictionary_.token2id          # a multiword seed of caregiver_burden
    plain = TopicModel(n_topics=2, phrases=False, passes=1, iterations=10).fit(docs[:300])
    assert not plain.phraser_.phrases and set(plain.dictionary_.token2id) <= {t for d in docs[:300] for t in d}


def test_multiword_seeds_join_terms_that_contain_underscores(docs):
    # simplemma lemmatises separable verbs with "_" ("opbouwen" -> "op_bouwen"); a seed spelled
    # "netwerk_op_bouwen" must join the two terms ["netwerk", "op_bouwen"], not three parts
    docs = [*docs[:200], ["netwerk", "op_bouwen", "snel"], ["netwerk", "op_bouwen"], ["buur", "man"],
            ["buur", "man", "helpen"]]
    model = TopicModel(n_topics=2, seed_codes={"x.project": ["netwerk_op_bouwen", "buur_man"]},
                       passes=1, iterations=10).fit(docs)
    assert ("netwerk", "op_bouwen") in model.phraser_.phrases
    assert model.seed_report_["x.project"]["found"] == ["buur_man", "netwerk_op_bouwen"]


def test_phrase_joiner_takes_the_longest_match_from_the_left():
    join = PhraseJoiner((("a", "b"), ("a", "b", "c"), ("b", "c"), ("c", "d")))
    assert join(["a", "b", "c", "d", "b", "c", "a"]) == ["a_b_c", "d", "b_c", "a"]
    assert join([]) == [] and join(["x"]) == ["x"]
    assert join.tokens == ["a_b", "a_b_c", "b_c", "c_d"]


def test_coherence_and_sweep(exploratory, docs):
    scores = exploratory.coherence(docs)
    assert set(scores) == {"c_v", "u_mass", "c_npmi"} and all(np.isfinite(v) for v in scores.values())
    assert 0 < scores["c_v"] < 1 and scores["u_mass"] < 0
    per_topic = exploratory.topic_coherence(docs, "c_v", topn=5)
    assert list(per_topic) == exploratory.topic_labels_
    with pytest.raises(InputError, match="c_xyz"):
        exploratory.coherence(docs, ("c_xyz",))
    result = sweep(docs[:400], [2, 3], measures=("u_mass",), passes=1, iterations=20)
    assert [k for k, _ in result] == [2, 3] and all(set(c) == {"u_mass"} for _, c in result)


def test_estimator_contract(seeded, docs):
    fresh = TopicModel(n_topics=7, seed_weight=50.0)
    assert not hasattr(fresh, "lda_")
    assert clone(seeded).get_params() == seeded.get_params()
    with pytest.raises(NotFittedError):
        fresh.transform(docs[:2])


# --------------------------------------------------------------------------- determinism

_CHILD = textwrap.dedent("""
    import json, sys
    import numpy as np
    from toolkit.coding.topicmodel import TopicModel
    data = json.load(open(sys.argv[1], encoding="utf-8"))
    model = TopicModel(n_topics=5, seed_codes=data["seeds"], **data["params"]).fit(data["docs"])
    theta = model.transform(data["docs"])
    sys.stdout.write(json.dumps({"top": model.top_terms(20), "theta": np.round(theta, 12).tolist(),
                                 "phrases": model.phraser_.tokens}))
""")


def test_runs_repeat_exactly_across_processes(seeded, seeds, docs, tmp_path):
    data = tmp_path / "input.json"
    data.write_text(json.dumps({"docs": docs, "seeds": seeds, "params": FAST}), encoding="utf-8")
    outputs = []
    for hashseed in ("1", "987"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        run = subprocess.run([sys.executable, "-c", _CHILD, str(data)], capture_output=True, env=env,
                             timeout=120, check=True)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    here = json.dumps({"top": seeded.top_terms(20), "theta": np.round(seeded.transform(docs), 12).tolist(),
                       "phrases": seeded.phraser_.tokens}).encode()
    assert outputs[0] == here


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("case, match", [
    ("empty", "no documents"),
    ("more_topics_than_docs", "5 topics for only 3"),
    ("empty_vocabulary", "no terms left"),
    ("fewer_topics_than_codes", "smaller than the 3 seeded codes"),
    ("texts_not_terms", "not a list of terms"),
    ("bad_seed_weight", "seed_weight"),
])
def test_bad_input_raises_input_error(case, match, docs, seeds):
    make = {
        "empty": lambda: TopicModel(n_topics=2).fit([]),
        "more_topics_than_docs": lambda: TopicModel(n_topics=5).fit(docs[:3]),
        "empty_vocabulary": lambda: TopicModel(n_topics=2, min_df=10_000).fit(docs[:100]),
        "fewer_topics_than_codes": lambda: TopicModel(n_topics=2, seed_codes=seeds).fit(docs),
        "texts_not_terms": lambda: TopicModel(n_topics=2).fit(["ik schaam me", "geen hulp"]),
        "bad_seed_weight": lambda: TopicModel(n_topics=2, seed_weight=-1).fit(docs[:50]),
    }[case]
    with pytest.raises(InputError, match=match) as info:
        make()
    assert info.value.exit_code == 2
    if case != "texts_not_terms":
        assert info.value.hint


# --------------------------------------------------------------------------- persistence


@pytest.fixture
def saved(seeded, tmp_path) -> Path:
    folder = tmp_path / "topics"
    save_topic_model(seeded, folder, pipeline="test-pipeline")
    return folder


def test_save_load_round_trip(seeded, saved, docs):
    assert sorted(p.name for p in saved.iterdir()) == ["alpha.npy", "dictionary.json", "eta.npy", "lambda.npy",
                                                       "manifest.json", "phrases.json", "sstats.npy"]
    manifest = json.loads((saved / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["n_terms"] == len(seeded.dictionary_) and manifest["n_docs"] == len(docs)
    assert manifest["nlp_pipeline"] == "test-pipeline" and manifest["versions"]["gensim"]
    assert manifest["seed_report"] == seeded.seed_report_
    loaded = load_topic_model(saved)
    assert loaded.get_params() == seeded.get_params()
    assert loaded.topic_labels_ == seeded.topic_labels_
    assert loaded.top_terms(20) == seeded.top_terms(20)
    assert np.array_equal(loaded.transform(docs), seeded.transform(docs))
    assert loaded.coherence(docs[:500], ("u_mass",)) == seeded.coherence(docs[:500], ("u_mass",))
    with pytest.raises(ModelError, match="never overwritten"):
        save_topic_model(seeded, saved, pipeline="test-pipeline")


@pytest.mark.parametrize("damage", ["change_array", "change_dictionary", "remove_phrases", "extra_file"])
def test_damaged_model_folder_raises_model_error(saved, tmp_path, damage):
    folder = tmp_path / "copy"
    shutil.copytree(saved, folder)
    if damage == "change_array":
        data = bytearray((folder / "lambda.npy").read_bytes())
        data[-1] ^= 0x01
        (folder / "lambda.npy").write_bytes(bytes(data))
    elif damage == "change_dictionary":
        text = (folder / "dictionary.json").read_text(encoding="utf-8")
        (folder / "dictionary.json").write_text(text.replace('"betalen"', '"betaald"'), encoding="utf-8")
    elif damage == "remove_phrases":
        (folder / "phrases.json").unlink()
    else:
        (folder / "model.pkl").write_bytes(b"not ours")
    with pytest.raises(ModelError) as info:
        load_topic_model(folder)
    assert info.value.hint
    assert {"change_array": "lambda.npy", "change_dictionary": "dictionary.json", "remove_phrases": "phrases.json",
            "extra_file": "model.pkl"}[damage] in str(info.value)
