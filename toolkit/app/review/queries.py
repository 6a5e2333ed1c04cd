"""Read-side queries of the review app: segments with suggestions, codings and status; the queue."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any


def _suggestions(db, machine_coder: str | None, seg_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    if machine_coder is None:
        return out
    for i in range(0, len(seg_ids), 500):
        chunk = seg_ids[i:i + 500]
        for sid, code, score, explain in db.execute(
                f"SELECT segment_id, code_id, score, explain FROM codings WHERE coder = ? AND segment_id IN "
                f"({','.join('?' * len(chunk))}) ORDER BY segment_id, score DESC, code_id", (machine_coder, *chunk)):
            out.setdefault(sid, []).append({"code": code, "score": None if score is None else round(score, 3),
                                            "explain": None if explain is None else json.loads(explain)})
    return out


def _human(db, seg_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for i in range(0, len(seg_ids), 500):
        chunk = seg_ids[i:i + 500]
        for sid, code, coder, start, end in db.execute(
                f'SELECT c.segment_id, c.code_id, c.coder, c.start, c."end" FROM codings c '
                f"WHERE c.coder NOT LIKE 'model:%' AND c.segment_id IN ({','.join('?' * len(chunk))}) "
                f"AND c.id NOT IN (SELECT coding_id FROM withdrawn_codings) ORDER BY c.start, c.code_id",
                chunk):
            out.setdefault(sid, []).append({"code": code, "coder": coder, "start": start, "end": end})
    return out


def _live_decisions(db, coder: str, seg_ids: list[str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for i in range(0, len(seg_ids), 500):
        chunk = seg_ids[i:i + 500]
        for sid, code, decision in db.execute(
                f"SELECT segment_id, code_id, decision FROM decisions d WHERE coder = ? AND decision != 'undo' "
                f"AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id) "
                f"AND segment_id IN ({','.join('?' * len(chunk))}) ORDER BY id", (coder, *chunk)):
            out.setdefault(sid, {})[code] = decision
    return out


def segment_rows(state, doc: str | None = None) -> list[dict[str, Any]]:
    """Every segment (of one document) with suggestions, human codings and this reviewer's decisions."""
    db = state.store().db
    sql = 'SELECT id, doc_id, start, "end", text, speaker, role, is_interviewer, kind FROM segments'
    rows = db.execute(sql + (" WHERE doc_id = ?" if doc else "") + " ORDER BY doc_id, n",
                      (doc,) if doc else ()).fetchall()
    ids = [r[0] for r in rows]
    sugg, human, dec = _suggestions(db, state.machine_coder, ids), _human(db, ids), _live_decisions(db, state.coder, ids)
    out = []
    for r in rows:
        d = dec.get(r[0], {})
        s = [x | {"decision": d.get(x["code"])} for x in sugg.get(r[0], [])]
        out.append({"id": r[0], "doc_id": r[1], "start": r[2], "end": r[3], "text": r[4], "speaker": r[5],
                    "role": r[6], "codable": not r[7] and r[8] != "preamble", "suggestions": s,
                    "codings": human.get(r[0], []), "decisions": d})
    return out


def status_of(row: dict[str, Any]) -> set[str]:
    st = set()
    if row["suggestions"]:
        st.add("suggested")
    values = set(row["decisions"].values())
    if values & {"accept", "code"}:
        st.add("accepted")
    if "reject" in values:
        st.add("rejected")
    if row["suggestions"] and any(s["decision"] is None for s in row["suggestions"]):
        st.add("unreviewed")
    return st


def segments(state, *, doc: str | None, code: str | None, status: str | None, limit: int) -> list[dict[str, Any]]:
    out = []
    for row in segment_rows(state, doc):
        if code and not any(s["code"] == code for s in row["suggestions"]) and \
                not any(c["code"] == code for c in row["codings"]):
            continue
        if status and status not in status_of(row):
            continue
        out.append({k: row[k] for k in ("id", "doc_id", "start", "end", "text", "suggestions", "codings")})
        if len(out) >= limit:
            break
    return out


def queue(state, *, limit: int = 50) -> list[dict[str, Any]]:
    """Unreviewed suggestions by expected gain: scores near 0.5 first, rare codes weighted up,
    taken round-robin over documents so the queue spreads over them."""
    rows = segment_rows(state)
    freq = Counter(s["code"] for r in rows for s in r["suggestions"])
    most = max(freq.values(), default=1)
    items = []
    for r in rows:
        for s in r["suggestions"]:
            if s["decision"] is None and s["score"] is not None:
                gain = (1 - abs(s["score"] - 0.5) * 2) * (1 + (1 - freq[s["code"]] / most))
                items.append((-gain, r["doc_id"], r["id"], s["code"], s["score"]))
    items.sort()
    rank: Counter = Counter()
    ranked = []
    for it in items:                       # round-robin over documents: each one's best first
        ranked.append((rank[it[1]], it))
        rank[it[1]] += 1
    ranked.sort(key=lambda t: (t[0], t[1]))
    return [{"gain": round(-g, 3), "doc_id": d, "segment_id": sid, "code": c, "score": sc}
            for _, (g, d, sid, c, sc) in ranked[:limit]]
