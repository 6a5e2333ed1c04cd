"""The JSON API of the review app (handlers read the session from `request.app.state.review`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from toolkit.errors import InputError, WorthError
from toolkit.store import review as rv
from toolkit.app.review import queries


def _error(exc: Exception, status: int = 400) -> JSONResponse:
    if isinstance(exc, rv.Conflict):
        status = 409
    msg = getattr(exc, "message", None) or str(exc)
    hint = getattr(exc, "hint", None)
    return JSONResponse({"error": msg, "hint": hint}, status_code=status)


async def segments(request: Request) -> Response:
    state = request.app.state.review
    q = request.query_params
    try:
        limit = int(q.get("limit", "100"))
        if not 1 <= limit <= 5000:
            raise ValueError
    except ValueError:
        return _error(InputError("limit must be a whole number from 1 to 5000"))
    status = q.get("status") or None
    if status not in (None, "suggested", "accepted", "rejected", "unreviewed"):
        return _error(InputError("status must be suggested, accepted, rejected or unreviewed"))
    code = q.get("code") or None
    if code is not None and code not in state.code_ids:
        return _error(InputError(f"unknown code {code!r}"))
    rows = queries.segments(state, doc=q.get("doc") or None, code=code, status=status, limit=limit)
    return JSONResponse({"segments": rows, "model_run": state.model_run()})


async def decisions(request: Request) -> Response:
    state = request.app.state.review
    try:
        body = await request.json()
    except ValueError:
        return _error(InputError("the request body must be JSON"))
    if not isinstance(body, dict):
        return _error(InputError("the request body must be a JSON object"))
    unknown = set(body) - {"segment_id", "code", "decision", "start", "end", "model_run"}
    if unknown:
        return _error(InputError(f"unknown fields: {', '.join(sorted(unknown))}"))
    try:
        with state.lock:
            saved = rv.add_decision(state.store(), segment_id=str(body.get("segment_id")),
                                    code_id=str(body.get("code")), decision=str(body.get("decision")),
                                    coder=state.coder, code_ids=state.code_ids,
                                    machine_coder=state.machine_coder, start=body.get("start"),
                                    end=body.get("end"), model_run=body.get("model_run"))
    except WorthError as exc:
        return _error(exc)
    return JSONResponse(saved, status_code=201)


async def undo(request: Request) -> Response:
    state = request.app.state.review
    with state.lock:
        undone = rv.undo_last(state.store(), state.coder)
    if undone is None:
        return JSONResponse({"error": "nothing to undo"}, status_code=404)
    return JSONResponse(undone)


async def memos(request: Request) -> Response:
    state = request.app.state.review
    if request.method == "GET":
        q = request.query_params
        return JSONResponse({"memos": rv.memos(state.store(), target=q.get("target") or None,
                                               target_id=q.get("target_id") or None)})
    try:
        body = await request.json()
        if not isinstance(body, dict):
            raise ValueError
    except ValueError:
        return _error(InputError("the request body must be a JSON object"))
    try:
        with state.lock:
            memo = rv.add_memo(state.store(), target=str(body.get("target")),
                               target_id=str(body.get("target_id")), text=body.get("text"),
                               coder=state.coder, code_ids=state.code_ids)
    except WorthError as exc:
        return _error(exc)
    return JSONResponse(memo, status_code=201)


async def queue(request: Request) -> Response:
    state = request.app.state.review
    try:
        limit = int(request.query_params.get("limit", "50"))
    except ValueError:
        return _error(InputError("limit must be a whole number"))
    return JSONResponse({"queue": queries.queue(state, limit=limit)})


async def retrain(request: Request) -> Response:
    from toolkit.app.review import retrain as training

    state = request.app.state.review
    if request.method == "POST":
        if not training.start(state):
            return JSONResponse({"error": "retraining is already running"}, status_code=409)
        return JSONResponse(state.retrain, status_code=202)
    return JSONResponse(state.retrain)
