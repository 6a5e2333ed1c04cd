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
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from toolkit.store import open_store
from toolkit.store import review as rv

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


def build_app(project: str | Path, *, coder: str, token: str, hosts: set[str], codebook,
              machine_coder: str | None) -> Starlette:
    from toolkit.app.review import api, views

    state = Review(Path(project), coder, codebook, machine_coder)
    with open_store(project, create=False) as st:
        rv.ensure_review_tables(st)
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True)
    templates = Jinja2Templates(env=env)

    routes = [
        Route("/", views.documents(state, templates)),
        Route("/doc/{doc_id:path}", views.transcript(state, templates)),
        Route("/retrieve", views.retrieve(state, templates)),
        Route("/api/segments", api.segments),
        Route("/api/decisions", api.decisions, methods=["POST"]),
        Route("/api/undo", api.undo, methods=["POST"]),
        Route("/api/memos", api.memos, methods=["GET", "POST"]),
        Route("/api/queue", api.queue),
        Route("/api/retrain", api.retrain, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard, token=token, hosts=hosts)])
    app.state.review = state
    return app
