from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def transcripts(tmp_path: Path) -> Path:
    """A writable copy of the fixture transcripts (with manifest and sidecar)."""
    dest = tmp_path / "transcripts"
    shutil.copytree(FIXTURES / "transcripts", dest)
    return dest


def make_docx(path: Path, paragraphs: list[str], table: list[tuple[str, str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=0, cols=2)
        for speaker, text in table:
            cells = t.add_row().cells
            cells[0].text, cells[1].text = speaker, text
    document.save(str(path))
    return path


def make_odt(path: Path, paragraphs: list[str]) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for p in paragraphs:
        document.text.addElement(P(text=p))
    document.save(str(path))
    return path


@pytest.fixture(scope="session")
def review_project(tmp_path_factory) -> Path:
    """Three demo transcripts with their human codings, coded once by the default model; built once per
    test session, so tests copy it before they change it."""
    from tests.review_helpers import build_demo_project

    return build_demo_project(tmp_path_factory.mktemp("review-demo"))


def found(text: str, **kw) -> dict[str, str]:
    """What the pseudonymiser finds in `text`: {span text: kind} (the detector tests' shorthand)."""
    from toolkit.io.pseudonymise import Pseudonymiser

    return {e.text: e.kind for e in Pseudonymiser(**kw).find(text)}
