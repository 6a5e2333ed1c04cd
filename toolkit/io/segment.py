"""Split documents into segments with exact character offsets.

Interviews and focus groups become speaker turns: a turn starts at a line that begins with a
speaker label and a colon (`I:`, `R:`, `Interviewer:`, `Greet:`, `Mevrouw Bakker:`), optionally
after a timestamp (`[00:01:23] I:`, `00:01:23 Naam:`), and runs to the next such line. A label
counts when it is a known role word (config.INTERVIEWER_LABELS / RESPONDENT_LABELS), is named in
the metadata (`interviewer`, `speaker_roles`), follows a timestamp, or begins at least two lines
of the document; so
"Toen zei ze: ..." in running text does not start a turn. Text before the first turn is a
preamble (header), kept for context and not coded.

A document is read as turns only when labelled lines start at least 30% of its blank-line
separated blocks: a report or book with a few "Bron:" lines or a quoted dialogue is not a transcript.

Transcription software often names its speakers only by number ("Spreker 1", "Spreker 2"). When a
document has exactly two such numbered speakers, no interviewer label and no `interviewer` or
`speaker_roles` in its metadata (which always decide), the speaker whose turns are mostly questions
is taken as the interviewer: at least half of their turns end in "?" and at least twice the other's
share, with at least two turns each (`numbered_interviewer`). Otherwise both stay respondents.

Documents without labels (observation notes) become paragraphs split at blank lines; a first
paragraph of one short line without final punctuation is taken as the header. For documents that
are not marked as observation notes this fallback logs a warning.

Sentence windows (`sentence_windows`) cut turns or paragraphs into runs of N sentences; the
sentence splitter is passed in, so this module needs no NLP.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence

from toolkit.config import INTERVIEWER_LABELS, OBSERVATION_TYPES, RESPONDENT_LABELS
from toolkit.io.readers import parse_speaker_roles
from toolkit.types import Document, Segment

__all__ = ["segment_document", "sentence_windows", "find_turns", "numbered_interviewer"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

_TS = r"(?:\[\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\s*\]|\(\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\s*\)|\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)"
_LABEL = r"(?:\[[^\W\d_][^\]\n]{0,29}\]|[^\W\d_][\w .'’()/&\-]{0,39}?)"  # also [naam], [PERSOON-1]
_LINE_RE = re.compile(
    rf"^[ \t]*(?:(?P<ts>{_TS})[ \t]*(?:[-–][ \t]*)?)?(?:(?P<label>{_LABEL})[ \t]*:(?=[ \t]|$)[ \t]*)?",
    re.M)
# a label with its timestamp alone on a line, the words on the next lines, as transcription
# software writes it: "Spreker 1 [00:00:03]" / "Interviewer 00:01:12"
_HEADER_RE = re.compile(rf"^[ \t]*(?P<label>{_LABEL})[ \t]+(?P<ts>{_TS})[ \t]*:?[ \t]*(?:\r?\n|$)", re.M)
_BLANK_SPLIT_RE = re.compile(r"\n[ \t]*\n")
_MAX_LABEL_WORDS = 5
_MIN_TURN_SHARE = 0.3  # labelled lines must start at least this share of blank-line blocks
# speakers named only by a number, as transcription software writes them ("Spreker 1", "Speaker 2")
_NUMBERED_RE = re.compile(r"^(?:spreker|speaker|spk|spr|persoon|person|stem|voice|sprecher)\s*\d{1,2}$")
_QUESTION_END_RE = re.compile(r"\?[\"'”’)\s]*$")


def _norm(label: str) -> str:
    return " ".join(label.casefold().split())


def find_turns(text: str, *, known_labels: set[str] = frozenset()) -> list[tuple[int, int, str | None]]:
    """(line start, content start, label or None) for each line that starts a turn."""
    candidates: list[tuple[int, int, str | None, int | None]] = []
    counts: Counter[str] = Counter()
    for m in _LINE_RE.finditer(text):
        label = m.group("label")
        if label is not None and len(label.split()) > _MAX_LABEL_WORDS:
            label = None
        if label is None and m.group("ts") is None:
            continue
        if label is not None:
            counts[_norm(label)] += 1
        ts_end = m.end("ts") if m.group("ts") is not None else None
        candidates.append((m.start(), m.end(), label, ts_end))
    for m in _HEADER_RE.finditer(text):
        label = m.group("label")
        if len(label.split()) <= _MAX_LABEL_WORDS:
            counts[_norm(label)] += 1
            candidates.append((m.start(), m.end(), label, m.end("ts")))
    candidates.sort(key=lambda c: c[0])
    after_timestamp = {_norm(lab) for _, _, lab, ts in candidates if lab is not None and ts is not None}
    accepted = {lab for lab, n in counts.items()
                if n >= 2 or lab in INTERVIEWER_LABELS or lab in RESPONDENT_LABELS or lab in known_labels
                or lab in after_timestamp}
    turns: list[tuple[int, int, str | None]] = []
    for line_start, content_start, label, ts_end in candidates:
        if label is not None and _norm(label) in accepted:
            turns.append((line_start, content_start, label.strip()))
        elif ts_end is not None:  # a timestamp whose label (if any) is ordinary text
            turns.append((line_start, ts_end, None))
    return turns


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_header(block: str) -> bool:
    block = block.strip()
    return "\n" not in block and len(block) <= 200 and not re.search(r"[.!?…:\"”]$", block)


def segment_document(doc: Document, *, unit: str = "auto") -> list[Segment]:
    """Segments of `doc`: speaker turns when it has labels, else paragraphs.

    unit: "auto" (turns, falling back to paragraphs), or "paragraph" (always paragraphs).
    """
    if unit not in ("auto", "paragraph"):
        raise ValueError(f"unknown unit {unit!r}")
    meta = doc.meta or {}
    roles = parse_speaker_roles(meta.get("speaker_roles"))
    interviewers = {_norm(x) for x in str(meta.get("interviewer") or "").split(";") if x.strip()}
    is_observation = str(meta.get("doc_type", "")).casefold() in OBSERVATION_TYPES
    turns = [] if (unit == "paragraph" or is_observation) else find_turns(
        doc.text, known_labels=set(roles) | interviewers)
    blocks = len([b for b in _BLANK_SPLIT_RE.split(doc.text) if b.strip()])
    if turns and len(turns) < _MIN_TURN_SHARE * blocks:
        # a few label-like lines ("Bron:", a quoted dialogue) in a long text: not a transcript
        log.info("%s: only %d of %d paragraphs start with a speaker label; read as paragraphs",
                 doc.source or doc.id, len(turns), blocks)
        turns = []
    if turns:
        return _turn_segments(doc, turns, roles, interviewers)
    if unit == "auto" and not is_observation:
        log.warning("%s: no speaker labels found (such as 'I:' / 'R:'); segmented into paragraphs",
                    doc.source or doc.id)
    return _paragraph_segments(doc)


def _make(doc: Document, n: int, start: int, end: int, **kw) -> Segment:
    return Segment(id=f"{doc.id}:{n:04d}", doc_id=doc.id, start=start, end=end,
                   text=doc.text[start:end], **kw)


def numbered_interviewer(turns: Sequence[tuple[str | None, str]]) -> tuple[str, str] | None:
    """The interviewer among exactly two numbered speakers ("Spreker 1", "Spreker 2"), from (label, text)
    per turn: the one at least half of whose turns end in "?", at least twice the other's share, each
    with two turns or more. Returns (normalised label, why) or None when it is not clear."""
    by_label: dict[str, list[bool]] = {}
    for label, text in turns:
        if label is not None:
            by_label.setdefault(_norm(label), []).append(bool(_QUESTION_END_RE.search(text)))
    if len(by_label) != 2 or not all(_NUMBERED_RE.match(k) for k in by_label):
        return None
    if min(len(v) for v in by_label.values()) < 2:
        return None
    (a, qa), (b, qb) = sorted(by_label.items(), key=lambda kv: -sum(kv[1]) / len(kv[1]))
    share_a, share_b = sum(qa) / len(qa), sum(qb) / len(qb)
    if share_a < 0.5 or share_a < 2 * share_b:
        return None
    return a, (f"{sum(qa)} of its {len(qa)} turns end in a question mark, against {sum(qb)} of {len(qb)} "
               f"for {b!r}")


def _turn_segments(doc: Document, turns: list[tuple[int, int, str | None]], roles: dict[str, str],
                   interviewers: set[str]) -> list[Segment]:
    text = doc.text
    if not interviewers and not roles and not any(label and _norm(label) in INTERVIEWER_LABELS for *_, label in turns):
        interviewers = _guess_interviewer(doc, turns)
    default_role = (doc.meta or {}).get("respondent_role") or "respondent"
    out: list[Segment] = []
    pre_start, pre_end = _strip_span(text, 0, turns[0][0])
    if pre_end > pre_start:
        out.append(_make(doc, len(out) + 1, pre_start, pre_end, kind="preamble"))
    for i, (_, content_start, label) in enumerate(turns):
        nxt = turns[i + 1][0] if i + 1 < len(turns) else len(text)
        start, end = _strip_span(text, content_start, nxt)
        if end <= start:
            continue
        key = _norm(label) if label else None
        is_int = key is not None and (key in INTERVIEWER_LABELS or key in interviewers)
        role = roles.get(key) if key else None
        if role is None:
            role = "interviewer" if is_int else (default_role if key is not None else None)
        out.append(_make(doc, len(out) + 1, start, end, speaker=label, role=role,
                         is_interviewer=is_int, kind="turn"))
    return out


def _guess_interviewer(doc: Document, turns: list[tuple[int, int, str | None]]) -> set[str]:
    """{label} of the interviewer among two numbered speakers (see `numbered_interviewer`), or none."""
    spans = [(label, doc.text[start:turns[i + 1][0] if i + 1 < len(turns) else len(doc.text)])
             for i, (_, start, label) in enumerate(turns)]
    found = numbered_interviewer(spans)
    if found is None:
        return set()
    log.info("%s: %r is read as the interviewer: %s (name the interviewer in the metadata, column "
             "'interviewer', to decide otherwise)", doc.source or doc.id, found[0], found[1])
    return {found[0]}


def _paragraph_segments(doc: Document) -> list[Segment]:
    text = doc.text
    role = (doc.meta or {}).get("respondent_role") or None
    out: list[Segment] = []
    pos = 0
    bounds = [m.span() for m in _BLANK_SPLIT_RE.finditer(text)] + [(len(text), len(text))]
    for gap_start, gap_end in bounds:
        start, end = _strip_span(text, pos, gap_start)
        pos = gap_end
        if end <= start:
            continue
        kind = "preamble" if not out and _is_header(text[start:end]) and len(bounds) > 1 else "paragraph"
        out.append(_make(doc, len(out) + 1, start, end, role=None if kind == "preamble" else role,
                         kind=kind))
    return out


def sentence_windows(segments: Sequence[Segment], splitter: Callable[[str], list[tuple[int, int]]],
                     *, size: int = 3) -> list[Segment]:
    """Cut codable segments into windows of `size` sentences (offsets stay document offsets).

    `splitter(text)` returns (start, end) of each sentence in `text`. Non-codable segments
    (interviewer turns, preambles) are kept whole for context.
    """
    if size < 1:
        raise ValueError("size must be at least 1")
    out: list[Segment] = []
    for seg in segments:
        if not seg.codable:
            out.append(seg)
            continue
        sents = splitter(seg.text) or [(0, len(seg.text))]
        for k in range(0, len(sents), size):
            group = sents[k:k + size]
            start, end = seg.start + group[0][0], seg.start + group[-1][1]
            out.append(Segment(id=f"{seg.id}.{k // size + 1}", doc_id=seg.doc_id, start=start, end=end,
                               text=seg.text[group[0][0]:group[-1][1]], speaker=seg.speaker,
                               role=seg.role, is_interviewer=seg.is_interviewer, kind="window"))
    return out
