"""The review web app (Starlette + Jinja2): pages and the JSON API over one project file.

Security: every request needs the session token (header `X-Worth-Token` or `?token=`), a Host
header naming the served address, and (when sent) an Origin of that same address; otherwise 403.
Jinja2 autoescaping is on for every template, so transcript text is always escaped.
"""

from __future__ import annotations

import hmac
import threading
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ...errors import InputError, WorthError
from ...store import open_store
from ...store import review as rv

HERE = Path(__file__).resolve().parent
# The report's policy (default-src 'none') plus the app's own script, styles and API calls.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


class Guard:
    """ASGI middleware: token, Host and Origin checks, and security headers on every response."""

    def __init__(self, app, token: str, hosts: set[str]) -> None:
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        host = request.headers.get("host", "")
        origin = request.headers.get("origin")
        given = request.headers.get("x-worth-token") or request.query_params.get("token") or ""
        reason = None
        if host not in self.hosts:
            reason = f"Host {host!r} is not this server"
        elif origin is not None and origin.removeprefix("http://") not in self.hosts:
            reason = f"Origin {origin!r} is not this server"
        elif not hmac.compare_digest(given.encode(), self.token.encode()):
            reason = "missing or wrong token: open the URL worth review printed"
        if reason:
            return await PlainTextResponse(reason, status_code=403)(scope, receive, send)

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"), (b"cache-control", b"no-store")]
                message = message | {"headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Review:
    """State of one review session: project path, reviewer, codebook, machine coder."""

    def __init__(self, project: Path, coder: str, codebook, machine_coder: str | None) -> None:
        self.project, self.coder, self.book, self.machine_coder = project.resolve(), coder, codebook, machine_coder
        self.code_ids = set(codebook.ids)
        self.lock = threading.Lock()
        self.retrain: dict[str, Any] = {"state": "idle"}
        self.local = threading.local()

    def store(self):
        """One connection per server thread (SQLite connections are not shared across threads)."""
        st = getattr(self.local, "store", None)
        if st is None:
            st = self.local.store = open_store(self.project, create=False)
        return st

    def model_run(self) -> str | None:
        if self.machine_coder is None:
            return None
        row = self.store().db.execute("SELECT run_id FROM codings WHERE coder = ? ORDER BY id DESC LIMIT 1",
                                      (self.machine_coder,)).fetchone()
        return row[0] if row else None


def _error(exc: Exception, status: int = 400) -> JSONResponse:
    if isinstance(exc, rv.Conflict):
        status = 409
    msg = getattr(exc, "message", None) or str(exc)
    hint = getattr(exc, "hint", None)
    return JSONResponse({"error": msg, "hint": hint}, status_code=status)


def build_app(project: str | Path, *, coder: str, token: str, hosts: set[str], codebook,
              machine_coder: str | None) -> Starlette:
    from . import queries, views

    state = Review(Path(project), coder, codebook, machine_coder)
    with open_store(project, create=False) as st:
        rv.ensure_review_tables(st)
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True)
    templates = Jinja2Templates(env=env)

    async def api_segments(request: Request) -> Response:
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

    async def api_decisions(request: Request) -> Response:
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

    async def api_undo(request: Request) -> Response:
        with state.lock:
            undone = rv.undo_last(state.store(), state.coder)
        if undone is None:
            return JSONResponse({"error": "nothing to undo"}, status_code=404)
        return JSONResponse(undone)

    async def api_memos(request: Request) -> Response:
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

    async def api_queue(request: Request) -> Response:
        return JSONResponse({"queue": queries.queue(state, limit=int(request.query_params.get("limit", "50")))})

    async def api_retrain(request: Request) -> Response:
        from . import retrain

        if request.method == "POST":
            if not retrain.start(state):
                return JSONResponse({"error": "retraining is already running"}, status_code=409)
            return JSONResponse(state.retrain, status_code=202)
        return JSONResponse(state.retrain)

    routes = [
        Route("/", views.documents(state, templates)),
        Route("/doc/{doc_id:path}", views.transcript(state, templates)),
        Route("/retrieve", views.retrieve(state, templates)),
        Route("/api/segments", api_segments),
        Route("/api/decisions", api_decisions, methods=["POST"]),
        Route("/api/undo", api_undo, methods=["POST"]),
        Route("/api/memos", api_memos, methods=["GET", "POST"]),
        Route("/api/queue", api_queue),
        Route("/api/retrain", api_retrain, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard, token=token, hosts=hosts)])
    app.state.review = state
    return app
