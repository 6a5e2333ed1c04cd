"""HTML pages of the review app (server-rendered with autoescaping Jinja2 templates)."""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from toolkit.app.review import queries

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f"]


def _codes(state) -> list[dict[str, Any]]:
    out = []
    for i, c in enumerate(c for c in state.book.codes if c.codable):
        out.append({"n": i + 1, "id": c.id, "name": c.name_nl, "definition": c.definition,
                    "examples": list(c.examples)[:2], "colour": PALETTE[i % len(PALETTE)]})
    return out


def _context(state, request: Request, **extra) -> dict[str, Any]:
    return {"request": request, "token": request.query_params.get("token") or request.headers.get("x-worth-token"),
            "coder": state.coder, "machine_coder": state.machine_coder, "codes": _codes(state),
            "model_run": state.model_run(), **extra}


def _attr_filter(request: Request) -> tuple[str | None, str | None]:
    attr = request.query_params.get("attr") or ""
    if "=" in attr:
        key, value = attr.split("=", 1)
        return key, value
    return None, None


def documents(state, templates):
    async def page(request: Request) -> HTMLResponse:
        db = state.store().db
        key, value = _attr_filter(request)
        progress = {d: [0, 0] for (d,) in db.execute("SELECT id FROM documents")}
        for row in queries.segment_rows(state):
            for s in row["suggestions"]:
                progress[row["doc_id"]][1] += 1
                progress[row["doc_id"]][0] += s["decision"] is not None
        docs, attrs = [], {}
        for doc_id, meta in db.execute("SELECT id, meta FROM documents ORDER BY id"):
            meta = {k: v for k, v in json.loads(meta).items() if isinstance(v, (str, int, float))}
            for k, v in meta.items():
                attrs.setdefault(k, set()).add(str(v))
            if key is not None and str(meta.get(key)) != value:
                continue
            done, total = progress[doc_id]
            docs.append({"id": doc_id, "meta": meta, "done": done, "total": total})
        attrs = {k: sorted(v) for k, v in sorted(attrs.items()) if 1 < len(v) <= 30}
        return templates.TemplateResponse(request, "documents.html", _context(
            state, request, docs=docs, attrs=attrs, attr=request.query_params.get("attr") or ""))
    return page


def transcript(state, templates):
    async def page(request: Request) -> HTMLResponse:
        doc_id = request.path_params["doc_id"]
        row = state.store().db.execute("SELECT meta FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return HTMLResponse(f"Onbekend document: {doc_id!r}".replace("<", "&lt;"), status_code=404)
        turns = queries.segment_rows(state, doc_id)
        colours = {c["id"]: c["colour"] for c in _codes(state)}
        from toolkit.store import review as rv

        notes = rv.memos(state.store(), target="document", target_id=doc_id)
        return templates.TemplateResponse(request, "transcript.html", _context(
            state, request, doc_id=doc_id, meta=json.loads(row[0]), turns=turns, colours=colours, memos=notes))
    return page


def _kwic(text: str, lemma: str, width: int = 40) -> list[tuple[str, str, str]]:
    import simplemma

    out = []
    for m in re.finditer(r"\w+", text):
        if simplemma.lemmatize(m.group().lower(), lang="nl") == lemma:
            out.append((text[max(0, m.start() - width):m.start()], m.group(), text[m.end():m.end() + width]))
    return out


def retrieve(state, templates):
    async def page(request: Request) -> HTMLResponse:
        import simplemma

        q = request.query_params
        code, doc, coder = q.get("code") or None, q.get("doc") or None, q.get("coder") or None
        try:
            min_score = float(q.get("min_score") or 0)
        except ValueError:
            min_score = 0.0
        key, value = _attr_filter(request)
        metas = {d: json.loads(m) for d, m in state.store().db.execute("SELECT id, meta FROM documents")}
        word = (q.get("q") or "").strip().lower()
        lemma = simplemma.lemmatize(word, lang="nl") if word else None
        hits = []
        for row in queries.segment_rows(state, doc):
            if key is not None and str(metas[row["doc_id"]].get(key)) != value:
                continue
            human = [c for c in row["codings"] if (not code or c["code"] == code) and (not coder or c["coder"] == coder)]
            machine = [s for s in row["suggestions"] if (not code or s["code"] == code)
                       and (s["score"] or 0) >= min_score and (not coder or coder == state.machine_coder)]
            if code or coder:
                if not (human or machine):
                    continue
            kwic = _kwic(row["text"], lemma) if lemma else []
            if lemma and not kwic:
                continue
            if not (code or coder or lemma):
                continue
            hits.append(row | {"human": human, "machine": machine, "kwic": kwic})
        return templates.TemplateResponse(request, "retrieve.html", _context(
            state, request, hits=hits[:500], n=len(hits), q=q, lemma=lemma, docs=sorted(metas)))
    return page
