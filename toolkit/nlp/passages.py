"""Long passages and their windows of sentences, analysed in one pass of the pipeline.

A window of a passage is a run of whole sentences (`text[start:end]`). Its terms and word tokens are
those `toolkit.nlp.analyse` gives for the window's own text; with a context-free pipeline (the
offline fallback: tokenizer, sentencizer, simplemma) they are read from the passage's analysis
instead of running the pipeline on every window again. That is exact when the window starts and ends
where the tokenizer splits anyway (whitespace or the passage's ends), masks transcriber marks the
same way as the passage, and cuts through no spoken multiword filler; any other window, and every
window with a pipeline whose lemmas depend on context (nl_core_news_*), is analysed on its own.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from unicodedata import is_normalized

from toolkit import nlp

__all__ = ["Window", "analyse_windows"]

Token = tuple[str, int, int]  # lemma, start, end

_CONTEXT_FREE = frozenset({"sentencizer", "worth_simplemma"})


@dataclass(frozen=True)
class Window:
    """Window `text` of passage `owner`, starting at `start` in it, with the terms `nlp.analyse([text])`
    gives for it. Its word tokens are `tokens` (offsets in `text`) when it was analysed alone, else
    the passage's tokens[a:b] for `span` (a, b), with offsets less `start`."""

    owner: int
    text: str
    start: int
    terms: list[str]
    tokens: list[Token] | None = None
    span: tuple[int, int] | None = None


def analyse_windows(texts: Sequence[str], size: int, long: Sequence[bool], *, batch_size: int = 256,
                    progress: Callable[[int], None] | None = None
                    ) -> tuple[list[list[str]], list[list[Token]], list[Window]]:
    """`nlp.analyse(texts)` (terms and word tokens), and every window of `size` sentences
    of each text flagged `long` that has more than `size` sentences, in order of text and start."""
    detail: list = []
    terms, toks = nlp._analyse(texts, batch_size, progress, detail)
    key = nlp.pipeline_info().key
    nlp._remember({nlp._key(t, key): found for t, found in zip(texts, terms)})  # as nlp.analyse does
    chosen = [i for i, flag in enumerate(long) if flag]
    pipeline = nlp.load_nlp()
    free = set(pipeline.pipe_names) <= _CONTEXT_FREE
    windows: list[Window] = []
    todo: list[int] = []  # windows to analyse on their own
    unmarked = [_unmarked(texts[i]) for i in chosen]  # sentences found with the marks blanked
    spans_of = nlp.sentence_spans_many([u or texts[i] for i, u in zip(chosen, unmarked)])
    for i, blanked, spans in zip(chosen, unmarked, spans_of):
        if len(spans) <= size:
            continue
        text = texts[i]
        masked = blanked if free and len(text) < pipeline.max_length else None
        masked = text if masked == text else masked
        starts = [t[1] for t in toks[i]]
        for a in range(len(spans) - size + 1):
            start, end = spans[a][0], spans[a + size - 1][1]
            found = None if masked is None else _from_passage(text, masked, start, end, toks[i], starts, *detail[i])
            if found is None:
                todo.append(len(windows))
                found = [], None
            windows.append(Window(i, text[start:end], start, found[0], span=found[1]))
    if todo:
        got = nlp._analyse([windows[j].text for j in todo], batch_size)
        for j, t, k in zip(todo, *got):
            w = windows[j]
            windows[j] = Window(w.owner, w.text, w.start, t, k)
    return terms, toks, windows


def _unmarked(text: str) -> str | None:
    """`text` with transcriber marks blanked (same length), so that no sentence, and no window, ends
    inside one ("[...]", "[onverstaanbaar?]"); None where blanking would change its length (NFC)."""
    masked = nlp._mask(text)
    return masked if len(masked) == len(text) else None


def _from_passage(text: str, masked: str, start: int, end: int, toks: list[Token], starts: list[int],
                  term_at: list[int], filler_runs: list[tuple[int, int]]
                  ) -> tuple[list[str], tuple[int, int]] | None:
    """Terms and token span (a, b) of the window [start, end) read from its passage's analysis, or None
    where that could differ from analysing the window's own text. `masked` is the passage as analysed."""
    if start and not masked[start - 1].isspace() or end < len(masked) and not masked[end].isspace():
        return None  # the tokenizer could split the window's first or last word differently
    if any(a < start < b or a < end < b for a, b in filler_runs):
        return None  # a multiword filler crosses the window's edge
    window = text[start:end]
    if (nlp._mask(window) if masked is not text else window if is_normalized("NFC", window) else None) \
            != masked[start:end]:
        return None  # a transcriber mark crosses the window's edge (or Unicode normalisation moved text)
    a, b = bisect_left(starts, start), bisect_left(starts, end)
    return [toks[k][0] for k in term_at[bisect_left(term_at, a):bisect_left(term_at, b)]], (a, b)
