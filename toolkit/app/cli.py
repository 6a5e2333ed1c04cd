"""The `worth` command line: thin Typer commands, grouped by what they work on; logging is configured
here only (in `common._main`).

Exit status: 0 success, 2 bad input (one line naming the file and line), 1 internal error.
Heavy libraries (spaCy, pandas, scikit-learn) are imported inside commands so `worth --help`
answers at once.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

import click
import typer

from toolkit.app import cmd_corpus
from toolkit.app import cmd_coding
from toolkit.app import cmd_results
from toolkit.app.common import _state, _stderr, app
from toolkit.app.examples import add_examples
from toolkit.app.review_cmd import review as _review
from toolkit.errors import WorthError

COMMANDS = (cmd_corpus, cmd_coding, cmd_results)  # importing them registers their commands, in this order
app.command("review")(_review)
add_examples(app)  # after every command is registered

# typer 0.29 carries its own copy of click: usage errors come from either
_CLICK_ERRORS = tuple({click.ClickException, getattr(getattr(typer, "_click", None), "exceptions", click.exceptions)
                       .ClickException})



INTERRUPTED = ("Interrupted (Ctrl-C). Files and project batches are written whole or not at all: "
               "what was not finished is not there; run the command again.")


GC_THRESHOLDS = (50_000, 20, 20)
"""Cycle-collector thresholds of the `worth` command (see `main`)."""


def _usage_hint(exc) -> str | None:
    """What to type instead, for the mix-up of `--project` (ingest, info) with the project as the first
    argument (code, export, report, ... ) that a researcher makes after `worth ingest ... --project P`."""
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "info_name", None)
    arguments = [p.name for p in getattr(getattr(ctx, "command", None), "params", ()) if p.param_type_name == "argument"]
    if getattr(exc, "option_name", None) in ("--project", "-p") and arguments[:1] in (["project"], ["inputs"]):
        return (f"`worth {command}` takes the project file as its first argument, without --project: "
                f"worth {command} PROJECT.sqlite ...")
    option = getattr(exc, "option_name", None)
    if option in ("-q", "--quiet", "-v", "--verbose", "--debug") and command:
        return f"{option} belongs to worth itself: put it before the command, worth {option} {command} ..."
    extra = "unexpected extra argument" in str(getattr(exc, "message", ""))
    if command == "info" and extra:
        return "`worth info` takes the project file with --project: worth info --project PROJECT.sqlite"
    if command == "show" and extra:
        return "`worth codebook show` takes the codebook with -c: worth codebook show -c CODEBOOK.yaml"
    if getattr(exc, "option_name", None) in ("--codebook", "-c") and command in ("check", "convert"):
        return (f"`worth codebook {command}` takes the codebook file as its first argument, without -c: "
                f"worth codebook {command} CODEBOOK.yaml ...")
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point: map errors to exit codes (0 ok, 2 bad input, 1 internal error)."""
    # Lemmatising and scoring make millions of small tuples that live until the command ends; with
    # Python's default thresholds the cycle collector scans them again and again (about 10% of
    # `worth code` on the demo corpus). Reference counting still frees everything else at once.
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        code = app(args=argv, prog_name="worth", standalone_mode=False)
        if code == 130:  # typer turns Ctrl-C into Exit(130) and, without standalone mode, returns it
            _stderr().print(INTERRUPTED, markup=False)
    except (click.exceptions.Exit, typer.Exit) as exc:
        code = exc.exit_code
    except _CLICK_ERRORS as exc:  # a typo in a command or option: usage and exit 2
        exc.show()
        hint = _usage_hint(exc)
        if hint:
            _stderr().print(hint, markup=False)
        code = 2
    except (click.exceptions.Abort, typer.Abort, KeyboardInterrupt):
        _stderr().print(INTERRUPTED, markup=False)
        code = 130
    except WorthError as exc:
        _stderr().print(f"worth: error: {exc.one_line()}", markup=False)
        code = exc.exit_code
    except Exception as exc:  # internal error: one line, traceback on --debug
        if _state["debug"]:
            raise
        _stderr().print(f"worth: internal error: {type(exc).__name__}: {exc} "
                        "(run again with --debug for the traceback and report it)", markup=False)
        code = 1
    sys.exit(code if isinstance(code, int) else 0)


def run() -> None:
    """The `worth` console script: `main`, then leave without tearing the interpreter down.

    At the end of a command Python would free every object one by one (the lemma tables, spaCy's
    vocabulary, the scores): about 0.2 s of `worth code` on the demo corpus. Exit handlers still run
    (logging, temporary folders, Dask) and the standard streams are flushed; the files a command
    writes are closed before it returns.
    """
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        if not isinstance(exc.code, (int, type(None))):
            print(exc.code, file=sys.stderr)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
