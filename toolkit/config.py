"""Constants shared across the toolkit."""

from __future__ import annotations

SCHEMA_VERSION = 1
"""Version of the project store schema; bumped on incompatible changes."""

TEXT_FORMATS = {".txt": "txt", ".docx": "docx", ".odt": "odt", ".vtt": "vtt", ".srt": "srt",
                ".jsonl": "jsonl", ".csv": "csv"}
"""File extensions `worth ingest` reads, mapped to format names."""

MANIFEST_NAME = "manifest.csv"
SIDECAR_SUFFIX = ".meta.json"

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Files larger than this are refused before reading (a transcript is rarely over 1 MB)."""

MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
"""Upper bound on the unpacked size of a .docx/.odt/.qdpx (zip bomb guard)."""

INTERVIEWER_LABELS = frozenset({
    "i", "int", "interviewer", "interviewster", "interviewer 1", "interviewer 2", "onderzoeker",
    "onderzoekster", "gespreksleider", "gespreksleidster", "moderator", "v", "vraag", "q",
})
"""Speaker labels that mark the interviewer (case-insensitive); metadata `interviewer` adds more."""

RESPONDENT_LABELS = frozenset({"r", "resp", "respondent", "respondente", "geïnterviewde", "a", "antwoord"})

OBSERVATION_TYPES = frozenset({"observation", "observatie", "notes", "veldnotities", "fieldnotes"})
"""Document types (metadata `doc_type`) written as paragraphs; no warning when they have no labels."""
