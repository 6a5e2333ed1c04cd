from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from toolkit.io.readers import read_file, read_inputs
from toolkit.io.segment import segment_document, sentence_windows
from toolkit.types import Document

CASES = json.loads((Path(__file__).parent / "cases" / "turns.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_turn_cases(case: dict) -> None:
    doc = Document(id="d", text=case["text"])
    segs = [s for s in segment_document(doc) if s.kind == "turn"]
    assert [[s.speaker, s.is_interviewer, s.text] for s in segs] == case["turns"]
    for s in segs:
        assert doc.text[s.start:s.end] == s.text


def test_every_fixture_segment_slices_its_document(transcripts: Path) -> None:
    for parsed in read_inputs([transcripts]).parsed:
        doc = parsed.document
        segs = segment_document(doc)
        assert segs, doc.id
        for s in segs:
            assert doc.text[s.start:s.end] == s.text
            assert s.text == s.text.strip() and s.text
        starts = [s.start for s in segs]
        assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_speakers_roles_and_interviewer_from_metadata(transcripts: Path) -> None:
    docs = {p.document.id: p.document for p in read_inputs([transcripts]).parsed}
    segs = segment_document(docs["int_names"])
    assert segs[0].kind == "preamble" and not segs[0].codable
    marloes = [s for s in segs if s.speaker == "Marloes"]
    assert len(marloes) == 3 and all(s.role == "mantelzorger" and s.codable for s in marloes)
    assert all(s.is_interviewer and s.role == "interviewer" for s in segs if s.speaker == "Onderzoeker")
    ts = segment_document(docs["timestamps"])
    assert [s.speaker for s in ts] == ["Interviewer", "Respondent"] * 3
    assert ts[3].text.endswith("voor wie doen we dit eigenlijk?")
    assert {s.role for s in ts if not s.is_interviewer} == {"professional"}


def test_observation_notes_are_paragraphs_without_warning(transcripts: Path, caplog) -> None:
    docs = {p.document.id: p.document for p in read_inputs([transcripts]).parsed}
    with caplog.at_level(logging.WARNING):
        segs = segment_document(docs["observatie"])
    assert not caplog.records
    assert [s.kind for s in segs] == ["preamble", "paragraph", "paragraph", "paragraph"]
    assert segs[2].text.startswith("De consulent vroeg")


def test_unlabelled_transcript_falls_back_to_paragraphs_with_warning(transcripts: Path, caplog) -> None:
    doc = read_file(transcripts / "zonder_labels.txt")[0].document
    with caplog.at_level(logging.WARNING):
        segs = segment_document(doc)
    assert [s.kind for s in segs] == ["paragraph", "paragraph"]
    assert "no speaker labels" in caplog.text and "zonder_labels" in caplog.text


def test_interviewer_named_in_metadata() -> None:
    doc = Document(id="d", text="Anouk: Vertel eens.\nHenk: Tja.\nAnouk: En verder?\nHenk: Niks.\n",
                   meta={"interviewer": "Anouk", "respondent_role": "client"})
    segs = segment_document(doc)
    assert [(s.speaker, s.is_interviewer, s.role) for s in segs] == [
        ("Anouk", True, "interviewer"), ("Henk", False, "client")] * 2


def test_sentence_windows_keep_document_offsets() -> None:
    from toolkit.nlp import sentence_spans

    doc = Document(id="d", text="I: Vraag?\nR: Een. Twee. Drie. Vier. Ik schaamde me. Echt.\n")
    segs = segment_document(doc)
    windows = sentence_windows(segs, sentence_spans, size=2)
    assert windows[0].is_interviewer and windows[0].text == "Vraag?"
    assert [w.text for w in windows[1:]] == ["Een. Twee.", "Drie. Vier.", "Ik schaamde me. Echt."]
    for w in windows:
        assert doc.text[w.start:w.end] == w.text


def test_a_report_with_a_few_label_like_lines_is_read_as_paragraphs() -> None:
    paragraphs = [f"Dit is alinea {i} van het rapport over de Wmo in de gemeente. Zij gaat over beleid."
                  for i in range(40)]
    paragraphs[5] = "Bron: jaarverslag wijkteam, tabel 3."
    paragraphs[12] = "Bron: eigen enquête onder mantelzorgers."
    paragraphs[15] = "Jan: Kom je morgen?\nTom: Ja hoor.\nJan: Fijn.\nTom: Tot dan."
    doc = Document(id="rapport", text="\n\n".join(paragraphs))
    segs = segment_document(doc)
    assert all(s.kind == "paragraph" for s in segs) and len(segs) == 40
