"""Two speakers named only by number ("Spreker 1", "Spreker 2"): the one who mostly asks is the
interviewer, unless the metadata says who is; when it is not clear, nobody is."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from toolkit.io.readers import read_inputs
from toolkit.io.segment import segment_document
from toolkit.types import Document

from .conftest import FIXTURES
from .test_cli import worth

VTT = FIXTURES / "vtt" / "gesprek_sprekers.vtt"


def _turns(path: Path) -> list[tuple[str, bool, str]]:
    (parsed,) = read_inputs([path]).parsed  # with its sidecar metadata
    return [(s.speaker, s.is_interviewer, s.role) for s in segment_document(parsed.document) if s.kind == "turn"]


def test_the_speaker_who_asks_is_the_interviewer(caplog) -> None:
    with caplog.at_level(logging.INFO, logger="toolkit.io.segment"):
        turns = _turns(VTT)
    assert turns == [("Spreker 1", True, "interviewer"), ("Spreker 2", False, "respondent")] * 5
    assert "'spreker 1' is read as the interviewer: 5 of its 5 turns end in a question mark" in caplog.text


def test_the_metadata_decides_when_it_names_the_interviewer(tmp_path: Path) -> None:
    vtt = tmp_path / VTT.name
    shutil.copy(VTT, vtt)
    (tmp_path / f"{VTT.name}.meta.json").write_text(json.dumps({"interviewer": "Spreker 2"}), encoding="utf-8")
    assert {t[0] for t in _turns(vtt) if t[1]} == {"Spreker 2"}


def test_no_guess_when_both_ask_or_the_speakers_have_names() -> None:
    both = ("Spreker 1: Zullen we beginnen?\nSpreker 2: Moet ik hier gaan zitten?\n"
            "Spreker 1: Ja, prima. Hoe lang woont u hier al?\nSpreker 2: Sinds de zomer van negentien. Wilt u koffie?\n")
    assert not any(s.is_interviewer for s in segment_document(Document(id="d", text=both)))
    one_sided = ("Spreker 1: Hoe gaat het met u?\nSpreker 2: Wel goed hoor, dank u.\n"
                 "Spreker 1: En met uw knie?\nSpreker 2: Die wil nog niet zo.\n")
    assert [s.is_interviewer for s in segment_document(Document(id="d", text=one_sided))] == [True, False] * 2
    named = one_sided.replace("Spreker 1", "Els").replace("Spreker 2", "Henk")
    assert not any(s.is_interviewer for s in segment_document(Document(id="d", text=named)))
    three = one_sided + "Spreker 3: Mag ik ook iets zeggen?\nSpreker 3: Ik ben zijn dochter.\n"
    assert not any(s.is_interviewer for s in segment_document(Document(id="d", text=three)))


def test_the_interviewer_of_a_subtitle_file_is_not_coded(tmp_path: Path) -> None:
    out = tmp_path / "segs.jsonl"
    res = worth("segments", str(VTT), "--codable-only", "--out", str(out))
    assert res.returncode == 0, res.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5 and {r["speaker"] for r in rows} == {"Spreker 2"}
