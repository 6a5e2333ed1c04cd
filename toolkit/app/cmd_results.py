"""`worth export`, `report`, `agree`, `pseudonymise`, `topics` and `info`: results and tools."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from toolkit.errors import InputError, NothingRead
from toolkit.app.scheduler import SchedulerOpt, scheduler_runner, stage_bars
from toolkit.app.common import CoderFilterOpt, ProjectArg, CodebookOpt, InputsArg, SepOpt, _check_out_suffix, _not_an_input, _report_nothing_read, _report_skipped, _set_sep, _stderr, app



@app.command()
def export(
    project: ProjectArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write: .xlsx, .csv or .parquet.")],
    coder: CoderFilterOpt = None,
    sep: SepOpt = ",",
) -> int:
    """Tables for analysis and review: one row per coding (text, offsets, metadata, coder, score),
    code-by-document matrix, code frequencies per role, setting and case, and code co-occurrence.

    .xlsx gives one workbook with a sheet per table; .csv and .parquet write the codings to OUT and
    the other tables beside it (OUT_STEM.code_by_document.csv, ...)."""
    _set_sep(sep)
    from toolkit.analysis.tables import write_tables
    from toolkit.store import open_store

    _not_an_input(out, project)
    with open_store(project, create=False) as store:
        files = write_tables(store, out, coders=_resolve_coders(store, coder))
    _stderr().print("Wrote " + ", ".join(str(f) for f in files))
    return 0


def _resolve_coders(store, coders: list[str] | None) -> list[str] | None:
    """`model:NAME` without a version is that model's latest run, as in `worth agree`."""
    if coders is None:
        return None
    resolved = [store.resolve_coder(c) for c in coders]
    for given, found in zip(coders, resolved):
        if given != found:
            _stderr().print(f"{given} is read as its latest run: {found}", markup=False)
    return resolved


@app.command()
def report(
    project: ProjectArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")],
    coder: CoderFilterOpt = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title of the report.")] = None,
) -> int:
    """One self-contained HTML file (works offline, loads nothing): codebook, code frequencies,
    co-occurrence, agreement between coders, and every transcript with coded spans highlighted."""
    from toolkit.analysis.report import write_report
    from toolkit.store import open_store

    _not_an_input(out, project)
    with open_store(project, create=False) as store:
        write_report(store, out, coders=_resolve_coders(store, coder), title=title)
    _stderr().print(f"Wrote {out}")
    return 0


@app.command()
def agree(
    project: Annotated[Path, typer.Argument(help="Project file with codings of two or more coders.",
                                            show_default=False)],
    coder: Annotated[list[str], typer.Option(
        "--coder", help="A coder to compare (repeat: two humans, human and model, several models).")],
    level: Annotated[str, typer.Option("--level", help="segment: per coded segment; character: per "
                                                       "character of coded spans.")] = "segment",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Also write the table (.csv or .jsonl).")] = None,
    seed: Annotated[int, typer.Option("--seed", min=0, max=2**32 - 1, help="Seed of the bootstrap intervals.")] = 0,
) -> int:
    """Agreement between coders per code and overall: percent agreement, Cohen's kappa (two
    coders), Fleiss' kappa and Krippendorff's alpha with 95% bootstrap intervals. Undefined values
    are shown as – with the reason."""
    from rich.console import Console

    from toolkit.analysis.agreement import character_agreement, segment_agreement
    from toolkit.store import open_store

    _check_out_suffix(out, "the agreement table", ".csv", ".jsonl")
    with open_store(project, create=False) as store:
        coder = _resolve_coders(store, coder)
        code_ids = []
        for book in store.codebooks():
            code_ids += [c["id"] for c in book["content"]["codes"] if c["id"] not in code_ids]
        code_ids += sorted({c.code_id for c in store.codings() if c.coder in coder} - set(code_ids))
        if level == "segment":
            rows = segment_agreement(store.segments(), store.codings(), code_ids, coder, seed=seed)
        elif level == "character":
            rows = character_agreement({d.id: len(d.text) for d in store.documents()}, store.codings(),
                                       code_ids, coder)
        else:
            raise InputError(f"unknown --level {level!r}", hint="use segment or character")

    table, notes = _agreement_table(rows, coder, level)
    console = Console()
    console.print(table)
    for line in notes:
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    if out is not None:
        from toolkit import workflows

        workflows.write_segments([{**{k: v for k, v in r.items() if not isinstance(v, dict)}, "meta": {}} for r in rows],
                           out)
    return 0


def _agreement_table(rows: list[dict], coder: list[str], level: str):
    """The agreement table and its footnotes: each "–" is explained by a numbered note ("why –" column)
    naming the statistic and the reason; at character level only the figures computed there are shown."""
    import math

    from rich.table import Table

    def f(x) -> str:
        return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.2f}"

    segment = level == "segment"
    reasons = list(dict.fromkeys(r["reason"] for r in rows if r.get("reason")))
    table = Table(title=f"Agreement of {', '.join(coder)} ({level} level)")
    table.add_column("code", overflow="fold")
    cols = ("n", "% agr", "Cohen", "Fleiss", "alpha", "95% CI") if segment else ("n", "% agr", "alpha")
    for col in cols + (("why –",) if reasons else ()):
        table.add_column(col, no_wrap=True, justify="right")
    for r in rows:
        figures = [str(r.get("n_units", "")), f(r.get("percent_agreement"))]
        if segment:
            low, high = f(r.get("alpha_ci_low")), f(r.get("alpha_ci_high"))
            figures += [f(r.get("cohen_kappa")), f(r.get("fleiss_kappa")), f(r.get("alpha")),
                        "–" if "–" in (low, high) else f"{low}–{high}"]
        else:
            figures.append(f(r.get("alpha")))
        why = [f"[{reasons.index(r['reason']) + 1}]"] if r.get("reason") else [""] if reasons else []
        table.add_row(r["code"], *figures, *why, style="bold" if r["code"] == "overall" else None)
    notes = [f"[{i}] {reason}" for i, reason in enumerate(reasons, 1)]
    if not segment:
        notes.append("Cohen's and Fleiss' kappa and bootstrap intervals are given at segment level only: "
                     "neighbouring characters are not independent units (--level segment).")
    return table, notes


@app.command()
def pseudonymise(
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the pseudonymised .txt files; for a project "
                                                           "file as input, a new project file (.sqlite).")],
    mapping: Annotated[Path, typer.Option(
        "--mapping", help="JSON file with placeholder -> original forms; reused and extended, so the same "
                          "person keeps the same placeholder across a project. Store it apart from the texts.")],
    scheduler: SchedulerOpt = None,
) -> int:
    """Replace person names, initials, addresses, postcodes, phone numbers, e-mail addresses, dates,
    ages, BSN and other long numbers, institutions and places by consistent placeholders
    ([PERSOON-1], [PLAATS-2], ...); file names and document ids too, with the same mapping
    (interview_jan.txt -> interview_PERSOON-1.txt). A project file gives a new project file with its human codings
    moved along (run `worth code` on it for machine codings). A safeguard, not a guarantee: read the
    output before sharing.

    With --scheduler the files are read and the texts searched in partitions on Dask workers; the
    placeholders are given by the worth process, in document order, so the files, the mapping and
    the new project are the same as in one process."""
    from toolkit.workflows.pseudonymise import pseudonymise as run

    with scheduler_runner(scheduler) as runner, stage_bars() as progress:
        summary = run(inputs, out, mapping, progress=progress, scheduler=runner)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(summary.counts.items())) or "nothing found"
    _stderr().print(f"Wrote {len(summary.written)} file(s) to {out}; replaced: {counts}. Mapping: {mapping}")
    for item in summary.skipped:
        _stderr().print(f"  skipped: {item}", markup=False)
    return 2 if summary.skipped else 0


@app.command()
def topics(
    inputs: Annotated[list[Path], typer.Argument(
        help="Transcript files or folders, or a project file (then the topic-code alignment is made too).",
        show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the outputs (replaced whole).")],
    k: Annotated[int, typer.Option("--k", min=1, help="Number of topics.")] = 10,
    k_range: Annotated[Optional[str], typer.Option(
        "--k-range", help="Sweep, e.g. 5:30:5 (start:stop:step); the k with the best c_v coherence is kept.")] = None,
    seeded: Annotated[bool, typer.Option("--seeded", help="One topic per code, anchored on its indicators.")] = False,
    seed: Annotated[int, typer.Option("--seed", min=0, max=2**32 - 1, help="Random seed (results repeat exactly).")] = 0,
    unit: Annotated[str, typer.Option("--unit", help="segment (speaker turn) or document.")] = "segment",
    coder: Annotated[Optional[str], typer.Option(
        "--coder", help="Whose human codings the topics are compared with, when a project holds several.")] = None,
    codebook: CodebookOpt = None,
    passes: Annotated[int, typer.Option("--passes", min=1, help="Passes of LDA over the corpus.")] = 10,
    max_minutes: Annotated[float, typer.Option("--max-minutes", help="Refuse sweeps estimated to take longer.")] = 15.0,
    model: Annotated[Optional[Path], typer.Option(
        "--model", help="Apply a saved topic model (the model/ folder of an earlier run) to new transcripts.")] = None,
    sep: SepOpt = ",",
    scheduler: SchedulerOpt = None,
) -> int:
    """Topic models to explore before coding and to check the codebook against the data:
    exploratory or seeded from the codebook, with coherence, topic terms, representative segments,
    prevalence by respondent role, setting and municipality, and alignment with human codes."""
    _set_sep(sep)
    from toolkit import workflows

    if k_range:
        try:
            start, stop, *step = (int(x) for x in k_range.split(":"))
        except ValueError:
            raise InputError(f"cannot read --k-range {k_range!r}", hint="write start:stop[:step], e.g. 5:30:5") from None
        by = step[0] if step else 5
        ks = list(range(start, stop + 1, by)) if by > 0 else []
        if not ks or ks[0] < 1:
            raise InputError(f"--k-range {k_range} holds no number of topics to fit",
                             hint="write start:stop[:step] with 1 <= start <= stop and step > 0, e.g. 5:30:5")
    else:
        ks = None
    try:
        with scheduler_runner(scheduler) as runner:
            result = workflows.topics(inputs, out, k=k, k_range=ks, seeded=seeded, seed=seed, unit=unit, coder=coder,
                                      codebook=codebook, passes=passes, max_minutes=max_minutes, model=model,
                                      scheduler=runner)
    except NothingRead as exc:  # every file listed, as `worth ingest` and `code` do
        return _report_nothing_read(exc, "modelled", out)
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{result['k']} topics over {result['n_units']} {unit}s "
                        f"(c_v {result['coherence']['c_v']:.3f}, u_mass {result['coherence']['u_mass']:.2f})")
    table.add_column("topic")
    table.add_column("top terms", overflow="fold")
    for t in result["topics"]:
        table.add_row(t["label"], ", ".join(term for term, _ in t["terms"][:10]))
    Console().print(table)
    _stderr().print(f"Wrote {out}/topics.json and tables, plots and model beside it")
    return _report_skipped(result.get("skipped_files", []))


@app.command()
def info(
    project: Annotated[Optional[Path], typer.Option(
        "--project", "-p", help="Project file to summarise.")] = None,
) -> int:
    """Show the active Dutch NLP pipeline, library versions and a project summary."""
    from importlib.metadata import PackageNotFoundError, version

    from rich.table import Table

    from toolkit import nlp
    from toolkit.store import open_store

    table = Table(title="worth", show_header=False)
    info_ = nlp.pipeline_info()
    table.add_row("NLP pipeline", info_.description)
    table.add_row("Python", sys.version.split()[0])
    for pkg in ("worth", "spacy", "simplemma", "scikit-learn", "gensim", "pandas", "numpy", "skops"):
        try:
            table.add_row(pkg, version(pkg))
        except PackageNotFoundError:
            table.add_row(pkg, "not installed")
    if project is not None:
        with open_store(project, create=False) as store:
            for key, value in store.summary().items():
                table.add_row(f"project {key}", ", ".join(value) if isinstance(value, list) else str(value))
    from rich.console import Console

    Console().print(table)
    return 0


