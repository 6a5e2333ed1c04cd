"""Standoff codings (`ingest --codings`).

On transcripts saved with Windows line ends (CRLF), offsets counted with CRLF as two characters are
converted when the coding gives its "text", checked when it does, and warned about when it does not; a
coding whose text is not at its offsets is refused with its line. One codings file for a whole study
can be used batch by batch: codings naming transcripts not given are left out with a warning."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

import toolkit as worth
from toolkit.errors import InputError
from toolkit.store import open_store

# written for this test: a short interview with Windows line ends
TURNS = [
    "I: Hoe gaat het nu met de boodschappen?",
    "R: Nou, mijn buurvrouw neemt ze mee als ze naar de Plus gaat.",
    "I: En als zij er niet is?",
    "R: Dan vraag ik het liever niemand, ik wil niemand tot last zijn.",
    "I: Dat begrijp ik. Heeft u wel eens aan de wijkverpleging gedacht?",
]
SHAME = "ik wil niemand tot last zijn"


def _write(tmp_path: Path, *, crlf: bool) -> tuple[Path, str]:
    folder = tmp_path / "interviews"
    folder.mkdir()
    raw = ("\r\n" if crlf else "\n").join(TURNS) + ("\r\n" if crlf else "\n")
    (folder / "int07.txt").write_bytes(raw.encode("utf-8"))
    return folder, raw


def _codings(tmp_path: Path, raw: str, *, with_text: bool, text: str = SHAME) -> Path:
    start = raw.index(SHAME)  # the offset a tool that counts CRLF as two characters writes
    line = {"file": "int07.txt", "start": start, "end": start + len(SHAME), "code": "theme.fear_of_burdening",
            "coder": "anna"}
    if with_text:
        line["text"] = text
    path = tmp_path / "codings.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _coded_words(project: Path) -> list[str]:
    with open_store(project, create=False) as store:
        texts = {d.id: d.text for d in store.documents()}
        return [texts[c.doc_id][c.start:c.end] for c in store.codings(coder="anna")]


def _ingest(tmp_path: Path, caplog, *, crlf: bool, with_text: bool) -> tuple[list[str], str]:
    """Ingest the interview with one coding of SHAME; the coded words stored and the warnings."""
    folder, raw = _write(tmp_path, crlf=crlf)
    project = tmp_path / "p.sqlite"
    with caplog.at_level(logging.WARNING):
        worth.ingest([folder], project, codings=_codings(tmp_path, raw, with_text=with_text))
    return _coded_words(project), caplog.text


def test_crlf_counted_offsets_with_their_text_are_converted_and_land_on_the_words(tmp_path: Path, caplog) -> None:
    words, log = _ingest(tmp_path, caplog, crlf=True, with_text=True)
    assert words == [SHAME]
    assert "counted each Windows line end (CRLF) as two characters" in log


def test_crlf_counted_offsets_without_text_are_taken_as_given_with_a_warning(tmp_path: Path, caplog) -> None:
    words, log = _ingest(tmp_path, caplog, crlf=True, with_text=False)
    assert words == ["wil niemand tot last zijn.\nI"]  # three line ends before it: three characters later
    assert "Windows line ends (CRLF: int07)" in log and 'as "text"' in log


def test_plain_line_ends_with_matching_text_say_nothing(tmp_path: Path, caplog) -> None:
    words, log = _ingest(tmp_path, caplog, crlf=False, with_text=True)
    assert words == [SHAME]
    assert "CRLF" not in log


@pytest.mark.parametrize("crlf", [False, True])
def test_a_coding_whose_text_is_elsewhere_is_refused_with_its_line_and_nothing_is_written(tmp_path: Path, crlf) -> None:
    folder, raw = _write(tmp_path, crlf=crlf)
    project = tmp_path / "p.sqlite"
    codings = _codings(tmp_path, raw, with_text=True, text="ik vraag het aan mijn zoon")
    with pytest.raises(InputError, match="not the coding's text 'ik vraag het aan mijn zoon'") as err:
        worth.ingest([folder], project, codings=codings)
    assert err.value.line == 1 and err.value.exit_code == 2
    assert not project.exists() or _coded_words(project) == []


def test_text_that_is_not_a_string_is_refused(tmp_path: Path) -> None:
    folder, raw = _write(tmp_path, crlf=False)
    path = tmp_path / "codings.jsonl"
    path.write_text(json.dumps({"file": "int07.txt", "start": 0, "end": 5, "code": "ow.domestic", "coder": "a",
                                "text": 12}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match='"text" must be'):
        worth.ingest([folder], tmp_path / "p.sqlite", codings=path)


def test_offsets_beyond_the_text_of_a_crlf_transcript_name_the_line_ends(tmp_path: Path) -> None:
    folder, raw = _write(tmp_path, crlf=True)
    path = tmp_path / "codings.jsonl"
    end = len(raw)  # the end of the last turn as a tool counting CRLF as two characters gives it
    path.write_text(json.dumps({"file": "int07.txt", "start": end - 20, "end": end, "code": "ow.domestic",
                                "coder": "anna"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="lie outside") as err:
        worth.ingest([folder], tmp_path / "p.sqlite", codings=path)
    assert "Windows line ends" in err.value.one_line() and err.value.line == 1


def _batch(folder: Path, name: str, turns: list[str]) -> str:
    folder.mkdir()
    text = "\n".join(turns) + "\n"
    (folder / name).write_text(text, encoding="utf-8")
    return text


def test_one_codings_file_for_a_study_is_ingested_batch_by_batch(tmp_path: Path, caplog) -> None:
    # two interviews written for this test, ingested a week apart with the study's one codings file
    first = _batch(tmp_path / "week1", "int01.txt", ["I: Wie helpt u?", "R: Mijn zoon, elke zaterdag.",
                                                      "R: Ik wil hem niet tot last zijn."])
    second = _batch(tmp_path / "week2", "int02.txt", ["I: Hoe is het contact met de buren?",
                                                       "R: We zien elkaar bijna nooit meer."])
    lines = [("int01.txt", first, "Mijn zoon, elke zaterdag.", "ow.domestic"),
             ("int01.txt", first, "Ik wil hem niet tot last zijn.", "theme.fear_of_burdening"),
             ("int02.txt", second, "We zien elkaar bijna nooit meer.", "theme.loneliness")]
    codings = tmp_path / "codings.jsonl"
    codings.write_text("".join(json.dumps({"file": f, "start": t.index(w), "end": t.index(w) + len(w), "code": c,
                                           "coder": "anna", "text": w}) + "\n" for f, t, w, c in lines),
                       encoding="utf-8")
    project = tmp_path / "p.sqlite"
    with caplog.at_level(logging.WARNING):
        worth.ingest([tmp_path / "week1"], project, codings=codings)
    assert sorted(_coded_words(project)) == ["Ik wil hem niet tot last zijn.", "Mijn zoon, elke zaterdag."]
    assert "1 coding(s) in codings.jsonl name 1 transcript(s) that are neither given nor in the project" in caplog.text
    assert "int02.txt (first at line 3)" in caplog.text
    worth.ingest([tmp_path / "week2"], project, codings=codings)
    worth.ingest([tmp_path / "week1", tmp_path / "week2"], project, codings=codings)  # again: nothing twice
    assert sorted(_coded_words(project)) == ["Ik wil hem niet tot last zijn.", "Mijn zoon, elke zaterdag.",
                                             "We zien elkaar bijna nooit meer."]


def test_codings_none_of_which_name_a_transcript_given_are_refused(tmp_path: Path) -> None:
    folder, raw = _write(tmp_path, crlf=False)
    path = tmp_path / "codings.jsonl"
    path.write_text(json.dumps({"file": "int7.txt", "start": 0, "end": 5, "code": "ow.domestic", "coder": "a"})
                    + "\n", encoding="utf-8")
    project = tmp_path / "p.sqlite"
    with pytest.raises(InputError, match="no coding in the file names a transcript given") as err:
        worth.ingest([folder], project, codings=path)
    assert err.value.line == 1 and "'int7.txt'" in str(err.value)
    assert not project.exists()
