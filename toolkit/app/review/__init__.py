"""`worth review`: a local web app to accept, reject and add codes on a project file."""

from __future__ import annotations

import json
import logging
import secrets
import socket
import sys
import tempfile
from pathlib import Path

from toolkit.errors import InputError
from toolkit.store import is_project_file, open_store
from toolkit.store import review as rv

__all__ = ["serve", "session"]

log = logging.getLogger(__name__)
LOCAL = ("127.0.0.1", "localhost", "::1")


def _project_codebook(store):
    """The newest codebook stored in the project (the one its model runs used), else the default."""
    from toolkit.coding.codebook_io import load_codebook

    books = store.codebooks()
    if not books:
        return load_codebook(None)
    with tempfile.TemporaryDirectory(prefix="worth-") as tmp:
        path = Path(tmp) / "codebook.json"
        path.write_text(json.dumps(books[-1]["content"], ensure_ascii=False), encoding="utf-8")
        return load_codebook(path)


def session(project: str | Path, *, model: str | Path | None = None, coder: str | None = None):
    """Check the project and pick reviewer, codebook and machine coder; code the project with
    `model` first when that model has no run in it yet. Returns (coder, codebook, machine_coder)."""
    from toolkit.types import is_machine_coder

    project = Path(project)
    if not is_project_file(project):
        raise InputError("not a worth project file" if project.exists() else "no such project file", path=project,
                         hint="make one with `worth ingest FILES --project PATH`")
    with open_store(project, create=False) as store:
        rv.ensure_review_tables(store)
        runs = rv.machine_runs(store)
        humans = [c for c in store.coders() if not is_machine_coder(c)]
    coder = coder or (humans[0] if len(humans) == 1 else None)
    if not coder:
        raise InputError(f"say who reviews: --coder NAME (human coders here: {', '.join(humans) or 'none'})",
                         path=project)
    if is_machine_coder(coder):
        raise InputError(f"--coder {coder!r} is a model name; give a person's name", path=project)
    if model is not None:
        from toolkit.coding.model import load_model

        loaded = load_model(model)
        if not any(r["coder"] == loaded.coder for r in runs):
            from toolkit.workflows.code import code

            log.info("coding the project with %s first", loaded.coder)
            code([project], model=model)
        with open_store(project, create=False) as store:
            return coder, loaded.codebook, loaded.coder
    with open_store(project, create=False) as store:
        book = _project_codebook(store)
    if not runs:
        log.warning("the project has no machine codings: code it first (`worth code %s`) or pass --model; "
                    "you can still code by hand", project)
    return coder, book, runs[0]["coder"] if runs else None


def serve(project: str | Path, *, model: str | Path | None = None, coder: str | None = None,
          port: int = 0, host: str = "127.0.0.1", open_browser: bool = True) -> None:
    """Serve the review app until Ctrl-C. The first stdout line is the URL with the session token."""
    import uvicorn

    from toolkit.app.review.server import build_app

    coder, book, machine = session(project, model=model, coder=coder)
    if host not in LOCAL:
        log.warning("serving on %s: anyone who can reach this address and has the token can read and change "
                    "the project", host)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port} ({exc.strerror})",
                         hint="choose another --port, or leave it out for a free one") from None
    sock.listen(128)  # connections wait in the backlog from now on, so the printed address answers at once
    port = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    shown = f"[{host}]" if ":" in host else host
    hosts = {f"{shown}:{port}"} | ({f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"}
                                   if host in LOCAL else set())
    app = build_app(project, coder=coder, token=token, hosts=hosts, codebook=book, machine_coder=machine)
    url = f"http://{shown}:{port}/?token={token}"
    print(url, flush=True)
    print(f"Reviewer {coder}; suggestions of {machine or 'no model'}. Stop with Ctrl-C.", file=sys.stderr)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C after a graceful shutdown: that is a normal stop
        pass
    finally:
        sock.close()
    print("Review stopped; every decision is in the project file.", file=sys.stderr)
