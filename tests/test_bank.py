"""The written training bank (corpora/bank/): valid records, codes of the default codebook, and no
text taken from the books or the development excerpts (which must never train a shipped model)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from toolkit.coding.codebook_io import load_codebook

from .conftest import ROOT

BANK = sorted((ROOT / "corpora" / "bank").glob("*.jsonl"))
SHARED = ROOT.parent / "shared"
RUN = 8  # words in a row that may not be shared with the books or the development excerpts


def _records() -> list[tuple[Path, int, dict]]:
    return [(path, n, json.loads(line)) for path in BANK
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip()]


def _runs(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def test_bank_records_are_valid_and_cover_every_code() -> None:
    assert BANK, "corpora/bank/*.jsonl is missing"
    ids = set(load_codebook().ids)
    seen_ids, seen_texts, positives = set(), set(), Counter()
    for path, n, rec in _records():
        where = f"{path.name}:{n}"
        assert {"id", "text", "codes", "register", "role", "hard_negative_for"} <= set(rec), where
        assert rec["id"] not in seen_ids, f"{where}: duplicate id"
        text = " ".join(rec["text"].split()).lower()
        assert text not in seen_texts, f"{where}: duplicate text"
        seen_ids.add(rec["id"])
        seen_texts.add(text)
        assert set(rec["codes"]) <= ids and set(rec["hard_negative_for"]) <= ids, where
        assert not set(rec["codes"]) & set(rec["hard_negative_for"]), where
        positives.update(rec["codes"])
    assert min(positives[c] for c in ids) >= 80, positives.most_common()[-3:]
    assert len(seen_ids) >= 1500


@pytest.mark.skipif(not (SHARED / "dev-excerpts.jsonl").exists(), reason="../shared is not beside the repo")
def test_bank_shares_no_text_with_the_books_or_the_development_excerpts() -> None:
    reference: set[str] = set()
    for seed in (SHARED / "seeds").glob("*.txt"):
        reference |= _runs(seed.read_text(encoding="utf-8"))
    for line in (SHARED / "dev-excerpts.jsonl").read_text(encoding="utf-8").splitlines():
        reference |= _runs(json.loads(line)["text"])
    shared = [(path.name, rec["id"], sorted(_runs(rec["text"]) & reference)[0])
              for path, _, rec in _records() if _runs(rec["text"]) & reference]
    assert not shared, f"{len(shared)} excerpts share {RUN} words in a row with ../shared: {shared[:3]}"
