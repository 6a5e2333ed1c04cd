"""The `worth review` command (registered on the CLI app with one line)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def review(
    project: Annotated[Path, typer.Argument(help="Project file (.sqlite) made by `worth ingest`.")],
    model: Annotated[Optional[Path], typer.Option(
        "--model", "-m", help="Model whose suggestions to review; the project is coded with it first when "
                              "needed. Default: the newest machine run in the project.")] = None,
    coder: Annotated[Optional[str], typer.Option(
        "--coder", help="Your name as coder: accepted suggestions become your codings.")] = None,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port; 0 picks a free one.")] = 0,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on. Default 127.0.0.1 (this computer only); anything else "
                       "is reachable from the network and prints a warning.")] = "127.0.0.1",
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a browser.")] = False,
) -> None:
    """Review machine codings in the browser: accept, reject, code spans, write memos, retrain.

    Prints the URL (with a session token) on the first line of stdout; stop with Ctrl-C.
    """
    from toolkit.app.review import serve

    serve(project, model=model, coder=coder, port=port, host=host, open_browser=not no_browser)
