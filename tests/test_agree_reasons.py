"""`worth agree` explains every "–" in its table: a numbered note per reason, at both levels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.store import open_store
from toolkit.types import Coding, Document, Segment

from .test_cli import worth

TEXT = ("I: Hoe gaat het met de boodschappen?\n"
        "R: Mijn zoon doet ze, maar ik vraag het liever niet, hij heeft zijn handen vol aan de kleine.\n"
        "I: En als hij niet kan?\n"
        "R: Dan fiets ik zelf wel even naar de Jumbo, dat gaat nog prima als het droog is.\n")


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "p.sqlite"
    turns = [m.span(1) for m in re.finditer(r"^R: (.+)$", TEXT, flags=re.M)]
    with open_store(project) as store:
        doc = Document(id="d1", text=TEXT, sha256="x")
        segs = [Segment(id=f"d1:{n}", doc_id="d1", start=a, end=b, text=TEXT[a:b]) for n, (a, b) in enumerate(turns)]
        store.add_documents([(doc, segs)], params={}, pipeline=None, started_at="2026-01-01T00:00:00")
        (a1, b1), (a2, b2) = turns
        store.add_human_codings([  # both code request hesitancy, only anna self-reliance; nobody the third code
            Coding("d1", a1, b1, "theme.request_hesitancy", "anna", "d1:0"),
            Coding("d1", a1, b1, "theme.request_hesitancy", "bert", "d1:0"),
            Coding("d1", a2, b2, "theme.self_reliance", "anna", "d1:1")])
        store.add_codebook("mini", "1", {"codes": [{"id": "theme.request_hesitancy"}, {"id": "theme.self_reliance"},
                                                    {"id": "theme.loneliness"}]}, "h")
    return project


@pytest.mark.parametrize("level", ["segment", "character"])
def test_every_dash_has_a_numbered_reason(tmp_path: Path, level: str) -> None:
    res = worth("agree", str(_project(tmp_path)), "--coder", "anna", "--coder", "bert", "--level", level)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    (row,) = [x for x in lines if "theme.loneliness" in x]  # nobody used it: alpha is undefined
    assert "–" in row
    mark = re.search(r"\[(\d+)\]", row)
    assert mark, row
    note = " ".join(x for x in lines if x.startswith(mark.group(0)))
    assert "alpha:" in note and "expected disagreement is 0" in note
    for x in lines:  # no figure shown as – without its note
        if x.startswith("│") and "–" in [cell.strip() for cell in x.split("│")]:
            assert re.search(r"\[\d+\]", x), x
    if level == "character":
        assert "Cohen" not in lines[2] and "segment level only" in res.stdout
