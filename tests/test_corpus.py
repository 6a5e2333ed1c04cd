"""Integrity of the demo corpus: offsets, code ids, thresholds, and loading through normal ingestion."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

import toolkit as worth
from toolkit.coding.codebook_io import load_codebook
from toolkit.io.readers import read_inputs
from toolkit.io.segment import segment_document
from toolkit.store import open_store

from .conftest import ROOT

DEMO = ROOT / "corpora" / "demo"


@pytest.fixture(scope="module")
def corpus():
    report = read_inputs([DEMO / "transcripts"])
    assert not report.skipped
    docs = {Path(p.document.source).name: p.document for p in report.parsed}
    codings = [json.loads(line) for line in (DEMO / "codings.jsonl").read_text(encoding="utf-8").splitlines()]
    return docs, codings


def test_every_coding_slices_a_respondent_segment_with_a_known_code(corpus) -> None:
    docs, codings = corpus
    ids = set(load_codebook().ids)
    spans = {}
    for name, doc in docs.items():
        for s in segment_document(doc):
            spans[(name, s.start, s.end)] = s
    for c in codings:
        assert c["code"] in ids
        assert c["coder"] in ("writer", "second")
        seg = spans.get((c["file"], c["start"], c["end"]))
        assert seg is not None and seg.codable, c
        assert docs[c["file"]].text[c["start"]:c["end"]] == seg.text


def test_thresholds_of_the_issue_hold(corpus) -> None:
    docs, codings = corpus
    book = load_codebook()
    assert len(docs) >= 60
    doc_types = Counter(d.meta.get("doc_type") for d in docs.values())
    assert doc_types["focus_group"] >= 2 and doc_types["observation"] >= 1
    roles = {d.meta.get("respondent_role") for d in docs.values()}
    assert {"client", "mantelzorger", "professional", "volunteer", "policy"} <= roles
    writer: dict[tuple, set] = {}
    for c in codings:
        if c["coder"] == "writer":
            writer.setdefault((c["file"], c["start"], c["end"]), set()).add(c["code"])
    segs = [(name, s) for name, d in docs.items() for s in segment_document(d) if s.codable]
    assert len(segs) >= 2000
    labels = [writer.get((name, s.start, s.end), set()) for name, s in segs]
    per_code = Counter(code for codes in labels for code in codes)
    assert min(per_code[c] for c in book.ids) >= 60
    assert sum(not x for x in labels) / len(labels) >= 0.35
    assert sum(len(x) >= 2 for x in labels) / len(labels) >= 0.15
    for code, pattern in (("theme.shame", r"\bschaam"), ("theme.request_hesitancy", r"\bvraag")):
        texts = [s.text for (name, s), codes in zip(segs, labels) if code in codes]
        assert sum(not re.search(pattern, t, re.I) for t in texts) / len(texts) >= 0.5
    second_docs = {c["file"] for c in codings if c["coder"] == "second"}
    assert sum(1 for name, _ in segs if name in second_docs) >= 300


def test_split_is_by_document_and_complete(corpus) -> None:
    docs, _ = corpus
    split = json.loads((DEMO / "split.json").read_text(encoding="utf-8"))
    parts = [set(split[p]) for p in ("train", "dev", "test")]
    assert not (parts[0] & parts[1] or parts[0] & parts[2] or parts[1] & parts[2])
    assert set().union(*parts) == {Path(n).stem for n in docs}


def test_corpus_loads_into_a_project_with_its_gold_codings(tmp_path: Path, corpus) -> None:
    _, codings = corpus
    project = tmp_path / "demo.sqlite"
    outcome = worth.ingest([DEMO / "transcripts"], project, codings=DEMO / "codings.jsonl", compute_terms=False)
    assert not outcome.skipped and len(outcome.added) == 65 and outcome.codings == len(codings)
    with open_store(project) as store:
        assert set(store.coders()) == {"writer", "second"}
        assert all(c.segment_id for c in store.codings())  # every coding sits on a segment
