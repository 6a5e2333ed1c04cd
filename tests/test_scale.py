"""Issue 17: --scheduler (Dask) gives the single process's results, and the faster code paths (array
lemmas, dictionary indicator matcher, tf-idf without scikit-learn) give the old results exactly."""

from __future__ import annotations

import faulthandler
import json
import random
import shutil
import sqlite3
import time
from pathlib import Path

import numpy as np
import pytest

from toolkit import nlp, workflows
from toolkit.coding.lexicon import Lexicon, tokens
from toolkit.coding.model import load_model
from toolkit.errors import InputError
from toolkit.partitions import Runner, Scheduler, open_runner, parse_scheduler, split

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo" / "transcripts"


# ------------------------------------------------------------------ partitions


def test_parse_scheduler() -> None:
    assert parse_scheduler(None) == Scheduler("process")
    assert parse_scheduler("local:3") == Scheduler("local", 3)
    assert parse_scheduler("local").workers >= 1
    assert parse_scheduler("tcp://10.0.0.5:8786") == Scheduler("remote", address="tcp://10.0.0.5:8786")
    for bad in ("local:0", "local:x", "dask", "tcp://host", "http://h:1"):
        with pytest.raises(InputError):
            parse_scheduler(bad)


def test_split_keeps_order_and_sizes() -> None:
    items = list(range(23))
    parts = split(items, 5)
    assert [x for p in parts for x in p] == items
    assert len(parts) == 5 and max(map(len, parts)) - min(map(len, parts)) <= 1
    assert split(items, 50) == [[x] for x in items]
    assert split([], 4) == []
    assert len(split(items, 8, min_size=10)) == 2


def test_in_process_runner_returns_in_order() -> None:
    seen: list[int] = []
    assert Runner().gather(_square_sum, [[1, 2], [3], [4, 5]], 10, done=seen.append) == [15, 19, 51]
    assert seen == [0, 1, 2]


def _square_sum(part: list[int], extra: int) -> int:
    return sum(x * x for x in part) + extra


def test_unreachable_scheduler_is_a_clear_error_in_time(monkeypatch) -> None:
    import toolkit.partitions as partitions

    monkeypatch.setattr(partitions, "CONNECT_TIMEOUT", 2)
    start = time.monotonic()
    with pytest.raises(InputError) as err:
        with open_runner("tcp://127.0.0.1:9"):
            pass
    assert time.monotonic() - start < 10
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in str(err.value)


def _bad_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(DEMO.glob("*.txt"))[:8]:
        shutil.copy(path, folder / path.name)
    first = sorted(DEMO.glob("*.txt"))[0]
    shutil.copy(first, folder / "zz_copy.txt")  # same text twice: skipped
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00 binary")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    return folder


def _table(project: Path, query: str) -> list[tuple]:
    with sqlite3.connect(project) as db:
        return db.execute(query).fetchall()


@pytest.mark.slow
def test_local_cluster_gives_the_single_process_results(tmp_path: Path) -> None:
    """Two Dask workers on 127.0.0.1: the same skipped files with the same reasons, the same documents,
    segments and terms in the project, and the same codings file byte for byte."""
    folder = _bad_corpus(tmp_path)
    faulthandler.dump_traceback_later(300, exit=True)  # a hung cluster fails the run instead of blocking it
    try:
        single = workflows.ingest([folder], tmp_path / "one.sqlite")
        workflows.code([folder], out=tmp_path / "one.jsonl")
        with open_runner("local:2") as runner:
            assert runner.workers == 2
            assert runner.scheduler == Scheduler("local", 2)
            dask = workflows.ingest([folder], tmp_path / "two.sqlite", scheduler=runner)
            workflows.code([folder], out=tmp_path / "two.jsonl", scheduler=runner)
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert [e.one_line() for e in dask.skipped] == [e.one_line() for e in single.skipped]
    assert len(single.skipped) == 4 and dask.added == single.added and dask.segments == single.segments
    for query in ("SELECT id, source, sha256, text, meta FROM documents ORDER BY id",
                  "SELECT * FROM segments ORDER BY id", "SELECT * FROM terms ORDER BY key"):
        assert _table(tmp_path / "two.sqlite", query) == _table(tmp_path / "one.sqlite", query)
    assert _table(tmp_path / "one.sqlite", "SELECT count(*) FROM terms")[0][0] > 100
    one, two = (tmp_path / "one.jsonl").read_bytes(), (tmp_path / "two.jsonl").read_bytes()
    assert one == two and len(one.splitlines()) > 500


# ------------------------------------------------------------------ speed paths give the old results


def _reference_terms(texts: list[str]) -> tuple[list[list[str]], list[list[tuple[str, int, int]]]]:
    """Terms and lemmas as worth computed them before issue 17: Token objects, one at a time."""
    pipe = nlp.load_nlp()
    stop = nlp._stop()
    out_terms, out_lemmas = [], []
    for doc in pipe.pipe([nlp._mask(t) for t in texts]):
        words = [t.lower_ for t in doc]
        keep = _reference_fillers(words)
        found = []
        for tok, k in zip(doc, keep):
            if not k or tok.is_punct or tok.is_space or tok.like_num:
                continue
            lemma = (tok.lemma_ or tok.lower_).lower()
            if len(lemma) < 2 or lemma in stop or tok.lower_ in stop or not any(c.isalpha() for c in lemma):
                continue
            found.append(lemma)
        out_terms.append(found)
        out_lemmas.append([((t.lemma_ or t.lower_).lower(), t.idx, t.idx + len(t.text))
                           for t in doc if not (t.is_punct or t.is_space)])
    return out_terms, out_lemmas


def _reference_fillers(words: list[str]) -> list[bool]:
    keep = [True] * len(words)
    i = 0
    while i < len(words):
        for pattern in nlp._MULTIWORD_FILLERS:
            if tuple(words[i:i + len(pattern)]) == pattern:
                for j in range(i, i + len(pattern)):
                    keep[j] = False
                i += len(pattern) - 1
                break
        i += 1
    return keep


def _demo_texts(n: int = 400) -> list[str]:
    _, segments, _ = workflows.collect_segments([DEMO])
    return [s.text for s in segments if s.codable][:n]


def test_terms_and_lemmas_match_the_token_by_token_reference() -> None:
    texts = _demo_texts() + ["zeg maar weet je wel en zo", "Ja nee, ik ben 83 [lacht] en eh... 12,5 euro!", ""]
    ref_terms, ref_lemmas = _reference_terms(texts)
    nlp._MEMORY.clear()
    assert nlp.terms(texts) == ref_terms
    assert nlp.lemmas(texts) == ref_lemmas
    terms, lemmas = nlp.analyse(texts)
    assert terms == ref_terms and lemmas == ref_lemmas
    assert any("zeg" in t for t in ref_terms) is False


def _reference_match(lexicon: Lexicon, toks) -> list:
    """The scan of every pattern at every position that the dictionary matcher replaced."""
    found = []
    for i in range(len(toks)):
        for p in _reference_candidates(lexicon, toks[i]):
            n = len(p.parts)
            if i + n <= len(toks) and all(Lexicon._part_matches(part, toks[i + k]) for k, part in enumerate(p.parts)):
                found.append((p, i, i + n))
    return found


def _reference_candidates(lexicon: Lexicon, tok) -> list:
    by_first: dict[str, list] = {}
    for p in lexicon.patterns:
        if not p.parts[0][1]:
            by_first.setdefault(p.parts[0][0], []).append(p)
    prefix = [p for p in lexicon.patterns if p.parts[0][1]]
    return by_first.get(tok[0], []) + (by_first.get(tok[1], []) if tok[1] != tok[0] else []) + prefix


def test_indicator_matcher_finds_what_the_full_scan_finds() -> None:
    lexicon = Lexicon(load_model().codebook)
    texts = _demo_texts(300)
    vocabulary = sorted({w for p in lexicon.patterns for w, _ in p.parts} | {"schaamde", "bezuinigingen", "de"})
    rng = random.Random(7)
    shuffled = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 40))) for _ in range(300)]
    total = 0
    for toks in tokens(texts + shuffled):
        got = lexicon._match(toks)
        assert [(p.indicator, p.code_id, a, b) for p, a, b in got] == \
            [(p.indicator, p.code_id, a, b) for p, a, b in _reference_match(lexicon, toks)]
        total += len(got)
    assert total > 500  # the shuffled indicator words make many (also overlapping) matches


def test_tfidf_without_sklearn_is_bit_identical() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from toolkit.coding.features import term_ngrams
    from toolkit.coding.tfidf import FittedTfidf

    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(300)]
    docs = [[words[i] for i in rng.integers(0, 300, rng.integers(0, 120))] for _ in range(400)] + [[]]
    fitted = TfidfVectorizer(analyzer=term_ngrams, sublinear_tf=True, dtype=np.float64, min_df=2).fit(docs)
    own = FittedTfidf(fitted.vocabulary_, fitted.idf_, term_ngrams)
    a, b = fitted.transform(docs), own.transform(docs)
    assert a.data.tobytes() == b.data.tobytes()
    assert (a.indices == b.indices).all() and (a.indptr == b.indptr).all()
    assert list(own.get_feature_names_out()) == list(fitted.get_feature_names_out())


def test_coding_does_not_import_sklearn(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = ("import sys; from toolkit import workflows; "
              f"workflows.code([{str(sorted(DEMO.glob('*.txt'))[0])!r}], out={str(tmp_path / 'c.jsonl')!r}); "
              "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn')))")
    out = subprocess.run([sys.executable, "-c", "import json; " + script], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
    assert (tmp_path / "c.jsonl").read_text(encoding="utf-8").count("\n") > 10


@pytest.mark.slow
def test_a_killed_worker_is_replaced_and_its_partition_run_again(tmp_path: Path) -> None:
    marker = tmp_path / "killed"

    def crash_once(part: list[int], marker_path: str) -> int:
        import os
        import pathlib

        if not pathlib.Path(marker_path).exists():
            pathlib.Path(marker_path).write_text("the first task killed its worker")
            os._exit(1)  # the worker process dies mid-task, as when killed by the system
        return sum(part)

    faulthandler.dump_traceback_later(180, exit=True)
    try:
        with open_runner("local:1") as runner:
            assert runner.gather(crash_once, [[1, 2], [3], [4, 5]], str(marker)) == [3, 3, 9]
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert marker.exists()


def test_simplemma_table_is_cached_and_gives_the_same_lemmas(tmp_path: Path) -> None:
    import subprocess
    import sys

    words = ["kinderen", "gevraagd", "was", "schaamde", "thuiszorg", "mantelzorgers", "qwxz", "Huizen"]
    script = ("import json, sys, simplemma; from toolkit.nlp.simplemma_cache import use_cached_dictionary; "
              "used = use_cached_dictionary() if sys.argv[1] == 'cache' else False; "
              f"print(json.dumps([used, [simplemma.lemmatize(w, lang='nl') for w in {words!r}], "
              f"[simplemma.is_known(w, lang='nl') for w in {words!r}]]))")
    env = {**__import__("os").environ, "WORTH_CACHE_DIR": str(tmp_path / "cache")}
    runs = [json.loads(subprocess.run([sys.executable, "-c", script, mode], capture_output=True, text=True,
                                      check=True, env=env, cwd=ROOT).stdout)
            for mode in ("plain", "cache", "cache")]
    assert [r[0] for r in runs] == [False, True, True]
    assert runs[0][1:] == runs[1][1:] == runs[2][1:]  # the same lemmas without, writing and reading the cache
    assert runs[0][1][0] == "kind"
    assert len(list((tmp_path / "cache").glob("simplemma-*-nl-*.marshal"))) == 1


def test_terms_remembered_in_this_process_still_reach_the_project(tmp_path: Path) -> None:
    """A project's terms table does not depend on what the process lemmatised before."""
    from toolkit.store import open_store

    texts = ["Mijn buurvrouw komt elke dag even langs met de krant.", "Ik wil niemand tot last zijn."]
    nlp.terms(texts)  # remembered in memory, no project involved
    with open_store(tmp_path / "p.sqlite") as store:
        got = nlp.terms(texts, cache=store)
        keys = [nlp._key(t, nlp.pipeline_info().key) for t in texts]
        assert store.get_terms(keys) == dict(zip(keys, got))
