"""`worth ingest`, `segments` and `codebook`: reading transcripts and codebooks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from toolkit.errors import InputError
from toolkit.app.scheduler import SchedulerOpt, scheduler_runner
from toolkit.app.common import CodebookOpt, DEFAULT_PROJECT, InputsArg, ManifestOpt, ProjectOpt, SepOpt, UnitOpt, WindowOpt, _check_unit, _not_an_input, _report_nothing_read, _report_skipped, _set_sep, _stderr, app


@app.command()
def ingest(
    inputs: InputsArg,
    project: ProjectOpt = DEFAULT_PROJECT,
    manifest: ManifestOpt = None,
    unit: UnitOpt = "auto",
    window: WindowOpt = 3,
    codings: Annotated[Optional[Path], typer.Option(
        "--codings", help="Human codings to add: JSONL standoff lines {file, start, end, code, coder}.")] = None,
    codebook: CodebookOpt = None,
    pseudonymise: Annotated[Optional[Path], typer.Option(
        "--pseudonymise", help="Replace names, places, addresses, numbers, dates and ages by placeholders "
                               "before anything is stored; the mapping goes to this JSON file (keep it apart).")] = None,
    replace: Annotated[bool, typer.Option(
        "--replace", help="A file whose document is already in the project with other text (a corrected "
                          "transcript) replaces it: human codings move to where their text is found exactly "
                          "once, the others are listed in a new CSV beside the project; the document's "
                          "machine codings are removed (run `worth code` again).")] = False,
    scheduler: SchedulerOpt = None,
) -> int:
    """Read transcripts into a project file: documents, speaker turns with offsets, metadata.

    Folders are read recursively. Files that cannot be read are skipped and listed at the end
    (exit status 2); the good ones are stored. Ingesting the same files again changes nothing.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from toolkit import workflows

    _check_unit(unit)
    new_default = project == DEFAULT_PROJECT and not project.exists()
    with scheduler_runner(scheduler) as runner, Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=_stderr(), transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                label = "Reading files" if stage == "read" else "Lemmatising segments"
                tasks[stage] = bar.add_task(label, total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        outcome = workflows.ingest(inputs, project, manifest=manifest, unit=unit, window=window,
                             progress=progress, codings=codings, codebook=codebook, pseudonymise=pseudonymise,
                             replace=replace, scheduler=runner)
    out = _stderr()
    if not Path(project).exists():
        out.print(f"Nothing stored: no project file was created at {project}.", markup=False)
        return _report_skipped(outcome.skipped) or 2
    out.print(f"Project {project}: {len(outcome.added)} document(s) added with {outcome.segments} "
              f"segments, {len(outcome.unchanged)} already present"
              + (f" (run {outcome.run_id})" if outcome.run_id else "")
              + (f"; {outcome.codings} human codings read from {codings}" if codings else
                 f"; {outcome.codings} human and {outcome.machine_codings} machine codings read"
                 if outcome.codings or outcome.machine_codings else ""))
    if new_default:  # a forgotten --project would otherwise go unnoticed until the next command
        out.print(f"New project file {Path(project).resolve()} (the default name without --project); name it "
                  f"in the next commands: worth code {project} ...", markup=False)
    if outcome.replaced:
        _print_replaced(outcome, project)
    return _report_skipped(outcome.skipped)


def _print_replaced(outcome, project: Path) -> None:
    out = _stderr()
    out.print(f"Replaced {len(outcome.replaced)} document(s) by their new text: {', '.join(outcome.replaced)}; "
              f"{outcome.reanchored} human coding(s) moved along"
              + (f", {outcome.unanchored} could not be placed in the new text: listed in {outcome.unanchored_file}"
                 if outcome.unanchored else ""), markup=False)
    if outcome.machine_removed:
        out.print(f"{outcome.machine_removed} machine coding(s) of the old text were removed: run "
                  f"`worth code {project}` to code the new text.", markup=False)


@app.command()
def segments(
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file: .jsonl or .csv.")],
    manifest: ManifestOpt = None,
    unit: UnitOpt = "auto",
    window: WindowOpt = 3,
    codable_only: Annotated[bool, typer.Option(
        "--codable-only", help="Leave out interviewer turns and headers.")] = False,
    sep: SepOpt = ",",
) -> int:
    """Export the segment table: id, doc_id, start, end, speaker, role, is_interviewer, text, meta.

    INPUT may be transcript files, folders or project files. `text` is always exactly
    document_text[start:end].
    """
    _set_sep(sep)
    from toolkit import workflows

    _check_unit(unit)
    documents, segs, skipped = workflows.collect_segments(inputs, manifest=manifest, unit=unit, window=window)
    if codable_only:
        segs = [s for s in segs if s.codable]
    if not segs and not skipped:
        raise InputError("no segments found in the input", hint="check the paths")
    if not documents:  # as `code` does: every file listed, no empty table written
        from toolkit.errors import NothingRead

        return _report_nothing_read(NothingRead(skipped), "written", out)
    workflows.write_segments(workflows.segment_rows(documents, segs), out)
    _stderr().print(f"Wrote {len(segs)} segments of {len(documents)} document(s) to {out}")
    return _report_skipped(skipped)


codebook_app = typer.Typer(help="Show, check and convert codebooks (YAML, JSON, REFI-QDA .qdc).",
                           no_args_is_help=True)
app.add_typer(codebook_app, name="codebook")


@codebook_app.command("show")
def codebook_show(
    codebook: CodebookOpt = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text, markdown, html or json.")] = "text",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write to this file instead of the screen.")] = None,
) -> int:
    """Print a codebook for people (text, Markdown, HTML) or programs (JSON: a list of codes)."""
    import json

    from toolkit.files import atomic_write
    from toolkit.coding.codebook_io import load_codebook, to_html, to_markdown

    book = load_codebook(codebook)
    if format == "json":
        text = json.dumps([c.as_json() for c in book.codes], ensure_ascii=False, indent=2) + "\n"
    elif format == "markdown":
        text = to_markdown(book)
    elif format == "html":
        text = to_html(book)
    elif format == "text":
        if out is None:
            _print_codebook(book)
            return 0
        text = to_markdown(book)
    else:
        raise InputError(f"unknown --format {format!r}", hint="use text, markdown, html or json")
    if out is None:
        sys.stdout.write(text)
    else:
        with atomic_write(out) as fh:
            fh.write(text)
        _stderr().print(f"Wrote {out}")
    return 0


def _print_codebook(book) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{book.name} {book.version} ({len(book.ids)} codes)", show_lines=True)
    for col in ("id", "naam", "definitie", "indicatoren (begin)"):
        table.add_column(col, overflow="fold")
    for c in book.codes:
        table.add_row(f"[{c.colour or 'default'}]■[/] {c.id}" if c.colour else c.id,
                      f"{c.name_nl}\n{c.name_en}", c.definition, ", ".join(c.indicators[:8]))
    Console().print(table)


@codebook_app.command("check")
def codebook_check(
    codebook: Annotated[Path, typer.Argument(help="Codebook file to check.")],
) -> int:
    """Validate a codebook: ids, parents, names, definitions, and indicators that can never match."""
    from toolkit.coding.codebook_io import load_codebook
    from toolkit.coding.codebook import problems
    from toolkit.coding.lexicon import check_indicators

    book = load_codebook(codebook, check=False)
    found = problems(book)
    if found:  # every problem in one run, so a codebook is mended in one go
        err = _stderr()
        err.print(f"{codebook}: {len(found)} problem(s):", markup=False)
        for exc in found:
            err.print(f"  {exc.one_line()}", markup=False)
        return 2
    check_indicators(book)
    n_ind = sum(len(c.indicators) for c in book.codes)
    _stderr().print(f"{codebook}: {len(book.ids)} codes, {n_ind} indicators; no problems found")
    return 0


@codebook_app.command("convert")
def codebook_convert(
    codebook: Annotated[Path, typer.Argument(help="Codebook to read (.yaml, .json, .qdc).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write: .yaml, .json or .qdc.")],
) -> int:
    """Convert between worth YAML/JSON and REFI-QDA .qdc (ATLAS.ti, NVivo, MAXQDA, QualCoder)."""
    from toolkit.coding.codebook_io import load_codebook, write_codebook

    _not_an_input(out, codebook)
    book = load_codebook(codebook)
    write_codebook(book, out)
    _stderr().print(f"Wrote {len(book.codes)} codes to {out}")
    return 0


