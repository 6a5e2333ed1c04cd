"""Plain records passed between modules (no spaCy, no pandas)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document", "Segment", "Coding", "is_machine_coder"]


@dataclass(frozen=True)
class Document:
    """A transcript or note. `text` is newline-normalised; all offsets index it."""

    id: str
    text: str
    source: str = ""          # path of the file it came from (relative where possible)
    format: str = "txt"       # txt, docx, odt, vtt, srt, jsonl, csv
    encoding: str = "utf-8"   # encoding the bytes were decoded with
    sha256: str = ""          # of `text`, for duplicate detection and integrity checks
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Segment:
    """A span of a document: a speaker turn, a paragraph or a sentence window.

    `text == document.text[start:end]` always holds.
    """

    id: str
    doc_id: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    role: str | None = None
    is_interviewer: bool = False
    kind: str = "turn"        # turn, paragraph, preamble, window, line (from jsonl/csv)

    @property
    def codable(self) -> bool:
        """Interviewer turns and preambles are context, not coded by default."""
        return not self.is_interviewer and self.kind != "preamble"


@dataclass(frozen=True)
class Coding:
    """One code applied to a span; humans and models produce the same record."""

    doc_id: str
    start: int
    end: int
    code_id: str
    coder: str
    segment_id: str | None = None
    score: float | None = None
    model_version: str | None = None
    explain: Any = None


def is_machine_coder(coder: str) -> bool:
    return coder.startswith("model:")
