"""A respondent's turn is read with the interviewer's question right before it (issue 14, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import toolkit as worth
from toolkit.coding.codebook_io import load_codebook
from toolkit.coding.features import QUESTION, prepare, question_context
from toolkit.coding.labels import load_labelled
from toolkit.coding.model import load_model
from toolkit.coding.scoring import code_segments
from toolkit.types import Coding, Segment

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _seg(doc: str, i: int, text: str, interviewer: bool = False, kind: str = "turn") -> Segment:
    return Segment(f"{doc}-{i}", doc, 0, len(text), text, is_interviewer=interviewer, kind=kind)


def test_question_context_takes_the_interviewer_turn_right_before():
    segs = [_seg("a", 0, "Kop van het interview", kind="preamble"),
            _seg("a", 1, "Vraagt u weleens hulp aan de buren?", interviewer=True),
            _seg("a", 2, "Nee, liever niet."),
            _seg("a", 3, "Dat doe ik gewoon zelf."),          # a second turn answers no new question
            _seg("a", 4, "En uw dochter?", interviewer=True),
            _seg("b", 0, "Ja, die komt elke week."),           # another document: not its question
            _seg("b", 1, "Hoe was dat?", interviewer=True),
            _seg("b", 2, "Zwaar.")]
    assert question_context(segs) == {"a-2": "Vraagt u weleens hulp aan de buren?", "b-2": "Hoe was dat?"}


def test_prepare_adds_the_questions_content_lemmas_as_q_words():
    book = load_codebook()
    plain, asked = prepare(["Nee, liever niet.", "Nee, liever niet."], book,
                           questions=["", "Zou u uw buren om hulp willen vragen?"])
    q_words = [w for w in asked.words if w.startswith(QUESTION)]
    assert asked.words[:len(plain.words)] == plain.words
    assert {"q:hulp", "q:buur"} <= set(q_words) or {"q:hulp", "q:buren"} <= set(q_words)
    assert "q:u" not in q_words and "q:om" not in q_words        # function words of the question stay out
    assert not any(w.startswith(QUESTION) for w in plain.words)
    assert asked.terms == plain.terms and asked.hits == plain.hits  # only the classifier's words change
    assert prepare(["Nee, liever niet."], book, questions=[""]) == prepare(["Nee, liever niet."], book)


def test_training_data_from_a_project_carries_each_turns_question(tmp_path):
    book = load_codebook()
    project = tmp_path / "p.sqlite"
    worth.ingest([FIXTURES / "transcripts" / "int_ir.txt"], project)
    with worth.open_store(project) as store:
        segs = store.segments()
        first = next(s for s in segs if s.codable and s.kind == "turn")
        store.add_human_codings([Coding(first.doc_id, first.start, first.end, "theme.self_reliance", "anna")])
    data = load_labelled([project], book, coder="anna")
    assert len(data.questions) == len(data.segments)
    by_id = {s.id: q for s, q in zip(data.segments, data.questions)}
    before = segs[segs.index(first) - 1]
    assert before.is_interviewer and by_id[first.id] == before.text
    assert sum(bool(q) for q in data.questions) >= 2


def test_jsonl_training_lines_carry_the_interviewer_line_before(tmp_path):
    book = load_codebook()
    lines = [{"doc_id": "d1", "speaker": "I", "role": "interviewer", "text": "Vraagt u weleens om hulp?", "codes": []},
             {"doc_id": "d1", "speaker": "R", "text": "Nee, dat doe ik liever zelf.", "codes": ["theme.self_reliance"]},
             {"doc_id": "d1", "speaker": "R", "text": "Echt waar.", "codes": []}]
    path = tmp_path / "lines.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    data = load_labelled([path], book)
    assert [s.text for s in data.segments] == ["Nee, dat doe ik liever zelf.", "Echt waar."]  # the question is context
    assert data.questions == ["Vraagt u weleens om hulp?", ""]


def test_the_default_model_reads_a_short_answer_with_its_question():
    model = load_model()
    answer = "Nee hoor, dat hoeft niet. Het gaat nog wel."
    segs = [_seg("a", 0, "Zou u uw buren om hulp willen vragen als het niet meer gaat?", interviewer=True),
            _seg("a", 1, answer),
            _seg("b", 0, "Wilt u nog een kopje koffie?", interviewer=True),
            _seg("b", 1, answer)]
    result = code_segments(segs, model)
    j = result.code_ids.index("theme.self_reliance")
    assert result.proba[1, j] > result.proba[3, j] + 0.05
    pushed = [t for t, _ in result.explain[1].get("theme.self_reliance", [])]
    assert any(t.startswith(QUESTION) for t in pushed)           # the explanation says the question counted
    alone = code_segments([segs[1]], model)                      # without its question: the plain answer
    asked = code_segments([segs[1]], model, questions={"a-1": segs[0].text})
    assert asked.proba[0, j] == pytest.approx(result.proba[1, j])
    assert alone.proba[0, j] < asked.proba[0, j]
