"""What every `worth` command shares: the Typer app, its options, logging set-up and small helpers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Optional

import typer

from toolkit.errors import InputError, WorthError

app = typer.Typer(
    name="worth",
    help="Dutch text mining for qualitative research: code social-domain transcripts with the "
         "orders of worth and help-seeking themes. Runs fully offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


log = logging.getLogger("worth")


DEFAULT_PROJECT = Path("worth.sqlite")


ProjectOpt = Annotated[Path, typer.Option("--project", "-p", help="Project file (SQLite) to use.")]


InputsArg = Annotated[list[Path], typer.Argument(
    help="Transcript files or folders (.txt .docx .odt .vtt .srt .jsonl .csv), or project files.",
    show_default=False)]


ManifestOpt = Annotated[Optional[Path], typer.Option(
    "--manifest", help="CSV with a 'file' column and metadata columns (role, setting, municipality, "
                       "date, interviewer, speaker_roles). A manifest.csv inside an input folder is "
                       "read automatically.")]


UnitOpt = Annotated[str, typer.Option(
    "--unit", help="auto: speaker turns, or paragraphs when a file has no speaker labels; "
                   "paragraph: always paragraphs; sentence: windows of --window sentences.")]


WindowOpt = Annotated[int, typer.Option("--window", min=1, help="Sentences per window with --unit sentence.")]


CodebookOpt = Annotated[Optional[Path], typer.Option(
    "--codebook", "-c", help="Codebook file (.yaml, .json, REFI-QDA .qdc, or a .qdpx project's codebook); "
                             "default: the shipped one (train and evaluate on .qdpx use the project's own).")]


_state = {"debug": False}


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _print_version(value: bool) -> None:
    if value:
        from toolkit import __version__

        print(f"worth {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print the version of worth and exit (`worth info` lists the libraries too).")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show progress details.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only warnings and errors.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    from rich.logging import RichHandler

    _state["debug"] = debug
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    handler = RichHandler(console=_stderr(), show_time=False, show_path=False, markup=False)
    logging.basicConfig(level=level, format="%(message)s", handlers=[handler], force=True)
    for noisy in ("gensim", "smart_open", "urllib3", "matplotlib", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


SepOpt = Annotated[str, typer.Option(
    "--sep", help="Separator in written CSV files: ',' (default) or ';' for Excel with Dutch settings; "
                  "'tab' for tabs. CSV files carry a UTF-8 byte-order mark so Excel shows accents.")]


def _set_sep(sep: str) -> None:
    from toolkit import files as _io

    value = {"tab": "\t", "\\t": "\t"}.get(sep, sep)
    if value not in (",", ";", "\t", "|"):
        raise InputError(f"--sep {sep!r} is not a CSV separator", hint="use ',', ';', 'tab' or '|'")
    _io.CSV_SEP = value


def _not_an_input(out: Path | None, *inputs: Path) -> None:
    """Refuse an --out that is one of the inputs: writing it would destroy what is being read."""
    if out is None:
        return
    for item in inputs:
        if item.exists() and out.exists() and out.resolve() == item.resolve():
            raise InputError("--out names an input file, which would be overwritten", path=out,
                             hint="write to another file")


def _check_out_suffix(out: Path | None, what: str, *suffixes: str) -> None:
    """Refuse an --out whose extension the command does not write, before any work is done."""
    if out is not None and out.suffix.lower() not in suffixes:
        raise InputError(f"cannot write {what} as '{out.suffix or '(no extension)'}'", path=out,
                         hint="use an --out file ending in " + " or ".join(suffixes))


def _check_unit(unit: str) -> str:
    if unit not in ("auto", "paragraph", "sentence"):
        raise InputError(f"unknown --unit {unit!r}", hint="use auto, paragraph or sentence")
    return unit


def _report_skipped(skipped: Sequence[WorthError | str]) -> int:
    """List the input files that were skipped, each with its reason (an error, or its one line as
    recorded in a manifest), after the summary; the exit status: 2 when any was skipped."""
    if not skipped:
        return 0
    err = _stderr()
    err.print(f"Skipped {len(skipped)} file(s):", markup=False)
    for exc in skipped:
        err.print(f"  {exc if isinstance(exc, str) else exc.one_line()}", markup=False)
    return 2


def _report_nothing_read(exc, done: str, out: Path | None) -> int:
    """When no input file could be read (NothingRead): say that nothing was made, list every file, exit 2."""
    _stderr().print(f"Nothing {done}: no input file could be read" + (f"; {out} was not written." if out else "."),
                    markup=False)
    return _report_skipped(exc.skipped)


ModelOpt = Annotated[Optional[Path], typer.Option(
    "--model", "-m", help="Model folder made by `worth train`, or `full` for the shipped models/full "
                          "(slower, better on real text; needs the embed extra); default: models/default.")]


CoderOpt = Annotated[Optional[str], typer.Option(
    "--coder", help="Whose codings to learn from when a project holds several human coders.")]


SplitOpt = Annotated[Optional[Path], typer.Option(
    "--split", help="JSON file listing document ids per part, e.g. corpora/demo/split.json.")]


TrainInputs = Annotated[list[Path], typer.Argument(
    help="Coded segments: a project file, .jsonl segments with 'codes', .csv, or transcripts with --codings.",
    show_default=False)]


CodingsOpt = Annotated[Optional[Path], typer.Option(
    "--codings", help="Standoff codings (JSONL: file, start, end, code, coder) for transcript inputs.")]


def _progress_bar(label: str):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=_stderr(), transient=True)

ProjectArg = Annotated[Path, typer.Argument(help="Project file.", show_default=False)]
CoderFilterOpt = Annotated[Optional[list[str]], typer.Option(
    "--coder", help="Only these coders (repeat the option; model:NAME is that model's latest run); "
                     "default: all.")]
