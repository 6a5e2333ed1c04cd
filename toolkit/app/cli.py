"""The `worth` command line: thin Typer commands over `toolkit.api`; logging is configured here only.

Exit status: 0 success, 2 bad input (one line naming the file and line), 1 internal error.
Heavy libraries (spaCy, pandas, scikit-learn) are imported inside commands so `worth --help`
answers at once.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import click
import typer

from .errors import InputError, WorthError

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


@app.callback()
def _main(
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
    from . import _io

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


def _check_unit(unit: str) -> str:
    if unit not in ("auto", "paragraph", "sentence"):
        raise InputError(f"unknown --unit {unit!r}", hint="use auto, paragraph or sentence")
    return unit


def _report_skipped(skipped: list[WorthError]) -> int:
    if not skipped:
        return 0
    err = _stderr()
    err.print(f"Skipped {len(skipped)} file(s):", markup=False)
    for exc in skipped:
        err.print(f"  {exc.one_line()}", markup=False)
    return 2


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
) -> int:
    """Read transcripts into a project file: documents, speaker turns with offsets, metadata.

    Folders are read recursively. Files that cannot be read are skipped and listed at the end
    (exit status 2); the good ones are stored. Ingesting the same files again changes nothing.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from . import api

    _check_unit(unit)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=_stderr(), transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                label = "Reading files" if stage == "read" else "Lemmatising segments"
                tasks[stage] = bar.add_task(label, total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        outcome = api.ingest(inputs, project, manifest=manifest, unit=unit, window=window,
                             progress=progress, codings=codings, codebook=codebook, pseudonymise=pseudonymise)
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
    return _report_skipped(outcome.skipped)


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
    from . import api

    _check_unit(unit)
    documents, segs, skipped = api.collect_segments(inputs, manifest=manifest, unit=unit, window=window)
    if codable_only:
        segs = [s for s in segs if s.codable]
    if not segs and not skipped:
        raise InputError("no segments found in the input", hint="check the paths")
    api.write_segments(api.segment_rows(documents, segs), out)
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

    from ._io import atomic_write
    from .codebook import load_codebook, to_html, to_markdown

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
    from .codebook import load_codebook, problems
    from .lexicon import check_indicators

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
    from .codebook import load_codebook, write_codebook

    _not_an_input(out, codebook)
    book = load_codebook(codebook)
    write_codebook(book, out)
    _stderr().print(f"Wrote {len(book.codes)} codes to {out}")
    return 0


ModelOpt = Annotated[Optional[Path], typer.Option(
    "--model", "-m", help="Model folder made by `worth train`; default: models/default.")]
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


@app.command()
def train(
    inputs: TrainInputs,
    out: Annotated[Path, typer.Option("--out", "-o", help="New model folder (never overwritten).")],
    codebook: CodebookOpt = None,
    base: Annotated[Optional[Path], typer.Option(
        "--base", help="Adapt this model (e.g. models/default) instead of starting from nothing.")] = None,
    coder: CoderOpt = None,
    split: SplitOpt = None,
    part: Annotated[str, typer.Option("--part", help="Which part(s) of --split to train on, e.g. train or train,dev.")] = "train",
    seed: Annotated[int, typer.Option("--seed", help="Random seed (results repeat exactly).")] = 0,
    min_positives: Annotated[int, typer.Option(
        "--min-positives", min=1, help="Codes with fewer positive segments fall back to their indicators.")] = 5,
    codings: CodingsOpt = None,
    topics: Annotated[int, typer.Option(
        "--topics", min=0, help="Add the proportions of K codebook-seeded topics as features (0: off; "
                                "measured to add nothing on the demo corpus).")] = 0,
    vectors: Annotated[bool, typer.Option(
        "--vectors", help="Add mean word vectors: the NLP pipeline's own (nl_core_news_md/lg) when it has "
                          "them, else learned with gensim from the training text and --unlabelled.")] = False,
    unlabelled: Annotated[Optional[list[Path]], typer.Option(
        "--unlabelled", help="Uncoded transcripts (files, folders, projects) that --vectors and --topics learn from.")] = None,
) -> int:
    """Learn a codebook from human-coded segments: one calibrated decision per code.

    Thresholds and calibration come from cross-validation grouped by document; the quality
    figures are stored in the model's metrics.json and printed.
    """
    from . import api
    from .evaluate import metrics_table

    with _progress_bar("Lemmatising segments") as bar:
        task = bar.add_task("", total=None)
        manifest = api.train(inputs, out, codebook=codebook, base=base, coder=coder, split=split, part=part,
                             seed=seed, min_positives=min_positives, codings=codings, topics=topics,
                             vectors=vectors, unlabelled=unlabelled or (),
                             progress=lambda k: bar.advance(task, k))
    from rich.console import Console

    m = manifest["metrics"]
    Console().print(metrics_table(m["cross_validation"], m["keyword_baseline"]))
    _stderr().print(f"Model {manifest['name']}@{manifest['version']} written to {out} "
                    f"({manifest['training']['segments']} segments, {manifest['training']['documents']} documents)")
    return 0


@app.command()
def code(
    inputs: Annotated[list[Path], typer.Argument(
        help="Transcript files or folders, a .jsonl of segments, or a project file.", show_default=False)],
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Where to write the codings: .jsonl, .csv, .xlsx, .parquet, .html (report) "
                            "or .qdpx (REFI-QDA project for ATLAS.ti, NVivo, MAXQDA).")] = None,
    model: ModelOpt = None,
    codebook: CodebookOpt = None,
    sep: SepOpt = ",",
) -> int:
    """Code transcripts with a trained model: a decision and a score for every code per segment.

    Interviewer turns are kept as context and not coded. A project file given as input also
    receives the codings as a machine run (coder model:NAME@VERSION); human codings stay untouched.
    """
    _set_sep(sep)
    from . import api

    if out is None and not any(api.is_project_file(i) for i in inputs):
        raise InputError("nowhere to put the codings", hint="give --out FILE.jsonl (or a project file as input)")
    _not_an_input(out, *inputs)
    with _progress_bar("Lemmatising segments") as bar:
        task = bar.add_task("", total=None)
        result = api.code(inputs, model=model, codebook=codebook, out=out,
                          progress=lambda k: bar.advance(task, k))
    n = int(sum(s.codable for s in result.segments))
    decided = int(result.decided.sum())
    _stderr().print(f"Coded {n} segments with {result.coder}: {decided} codes assigned"
                    + (f"; written to {out}" if out else ""))
    return 0


@app.command()
def evaluate(
    inputs: TrainInputs,
    model: Annotated[Optional[Path], typer.Option(
        "--model", "-m", help="Evaluate this model on the data (held out); without it: cross-validation.")] = None,
    codebook: CodebookOpt = None,
    coder: CoderOpt = None,
    split: SplitOpt = None,
    part: Annotated[str, typer.Option("--part", help="Which part of --split to evaluate on.")] = "test",
    base: Annotated[Optional[Path], typer.Option(
        "--base", help="Also draw the learning curve when adapting this model.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write all figures as JSON.")] = None,
    codings: CodingsOpt = None,
) -> int:
    """Per-code precision, recall, F1, ROC-AUC, calibration error and a learning curve, beside the
    keyword baseline from the codebook."""
    import json

    from rich.console import Console

    from . import api
    from ._io import atomic_write
    from .evaluate import metrics_table

    result = api.evaluate(inputs, model=model, codebook=codebook, coder=coder, split=split, part=part, base=base,
                          codings=codings)
    main_metrics = result.get("held_out") or result["cross_validation"]
    console = Console()
    console.print(metrics_table(main_metrics, result["keyword_baseline"]))
    for point in result.get("learning_curve", []):
        extra = f", with base {point['macro_f1_with_base']:.2f}" if "macro_f1_with_base" in point else ""
        console.print(f"learning curve: {point['segments']:4d} segments -> macro-F1 {point['macro_f1']:.2f}{extra}")
    if out is not None:
        with atomic_write(out) as fh:
            json.dump(result, fh, ensure_ascii=False, indent=1, sort_keys=True)
        _stderr().print(f"Wrote {out}")
    return 0


@app.command()
def suggest(
    inputs: Annotated[list[Path], typer.Argument(
        help="A project file or transcripts to choose from.", show_default=False)],
    model: ModelOpt = None,
    n: Annotated[int, typer.Option("--n", min=1, help="How many segments to suggest.")] = 20,
    per_doc: Annotated[int, typer.Option("--per-doc", min=1, help="At most this many per document.")] = 2,
    coder: CoderOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Also write the list (.jsonl or .csv).")] = None,
) -> int:
    """Which segments to code next for the biggest gain: uncertain and rare-code candidates,
    spread over documents that no human has coded yet."""
    from rich.console import Console
    from rich.table import Table

    from . import api

    picked = api.suggest(inputs, model=model, n=n, per_doc=per_doc, coder=coder)
    table = Table(title=f"Code these {len(picked)} segments next", show_lines=True)
    for col in ("#", "segment", "code?", "p / threshold", "text"):
        table.add_column(col, overflow="fold")
    for p in picked:
        table.add_row(str(p["rank"]), p["id"], p["code"], f"{p['probability']:.2f} / {p['threshold']:.2f}",
                      p["text"][:300])
    Console().print(table)
    if out is not None:
        api.write_segments([{**p, "meta": {}} for p in picked], out)
    return 0


@app.command()
def export(
    project: Annotated[Path, typer.Argument(help="Project file.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write: .xlsx, .csv or .parquet.")],
    coder: Annotated[Optional[list[str]], typer.Option(
        "--coder", help="Only these coders (repeat the option); default: all.")] = None,
    sep: SepOpt = ",",
) -> int:
    """Tables for analysis and review: one row per coding (text, offsets, metadata, coder, score),
    code-by-document matrix, code frequencies per role, setting and case, and code co-occurrence.

    .xlsx gives one workbook with a sheet per table; .csv and .parquet write the codings to OUT and
    the other tables beside it (OUT_STEM.code_by_document.csv, ...)."""
    _set_sep(sep)
    from .export import write_tables
    from .store import open_store

    _not_an_input(out, project)
    with open_store(project, create=False) as store:
        files = write_tables(store, out, coders=coder)
    _stderr().print("Wrote " + ", ".join(str(f) for f in files))
    return 0


@app.command()
def report(
    project: Annotated[Path, typer.Argument(help="Project file.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")],
    coder: Annotated[Optional[list[str]], typer.Option(
        "--coder", help="Only these coders (repeat the option); default: all.")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title of the report.")] = None,
) -> int:
    """One self-contained HTML file (works offline, loads nothing): codebook, code frequencies,
    co-occurrence, agreement between coders, and every transcript with coded spans highlighted."""
    from .report import write_report
    from .store import open_store

    _not_an_input(out, project)
    with open_store(project, create=False) as store:
        write_report(store, out, coders=coder, title=title)
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
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap intervals.")] = 0,
) -> int:
    """Agreement between coders per code and overall: percent agreement, Cohen's kappa (two
    coders), Fleiss' kappa and Krippendorff's alpha with 95% bootstrap intervals. Undefined values
    are shown as – with the reason."""
    import math

    from rich.console import Console
    from rich.table import Table

    from .agreement import character_agreement, segment_agreement
    from .store import open_store

    with open_store(project, create=False) as store:
        resolved = [store.resolve_coder(c) for c in coder]
        for given, found in zip(coder, resolved):
            if given != found:
                _stderr().print(f"{given} is read as its latest run: {found}", markup=False)
        coder = resolved
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

    def f(x) -> str:
        return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.2f}"

    table = Table(title=f"Agreement of {', '.join(coder)} ({level} level)")
    table.add_column("code", overflow="fold")
    for col in ("n", "% agr", "Cohen", "Fleiss", "alpha", "95% CI"):
        table.add_column(col, no_wrap=True, justify="right")
    for r in rows:
        ci = f"{f(r.get('alpha_ci_low'))}–{f(r.get('alpha_ci_high'))}" if "alpha_ci_low" in r else ""
        table.add_row(r["code"], str(r.get("n_units", "")), f(r.get("percent_agreement")), f(r.get("cohen_kappa")),
                      f(r.get("fleiss_kappa")), f(r.get("alpha")), ci,
                      style="bold" if r["code"] == "overall" else None)
    Console().print(table)
    reasons = sorted({r["reason"] for r in rows if r.get("reason")})
    for reason in reasons[:5]:
        _stderr().print(f"  note: {reason}", markup=False)
    if out is not None:
        from . import api

        api.write_segments([{**{k: v for k, v in r.items() if not isinstance(v, dict)}, "meta": {}} for r in rows],
                           out)
    return 0


@app.command()
def pseudonymise(
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the pseudonymised .txt files.")],
    mapping: Annotated[Path, typer.Option(
        "--mapping", help="JSON file with placeholder -> original forms; reused and extended, so the same "
                          "person keeps the same placeholder across a project. Store it apart from the texts.")],
) -> int:
    """Replace person names, initials, addresses, postcodes, phone numbers, e-mail addresses, dates,
    ages, BSN and other long numbers, institutions and places by consistent placeholders
    ([PERSOON-1], [PLAATS-2], ...). A safeguard, not a guarantee: read the output before sharing."""
    from .pseudonymise import pseudonymise_files

    summary = pseudonymise_files(inputs, out, mapping)
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
    seed: Annotated[int, typer.Option("--seed", help="Random seed (results repeat exactly).")] = 0,
    unit: Annotated[str, typer.Option("--unit", help="segment (speaker turn) or document.")] = "segment",
    coder: CoderOpt = None,
    codebook: CodebookOpt = None,
    passes: Annotated[int, typer.Option("--passes", min=1, help="Passes of LDA over the corpus.")] = 10,
    max_minutes: Annotated[float, typer.Option("--max-minutes", help="Refuse sweeps estimated to take longer.")] = 15.0,
    model: Annotated[Optional[Path], typer.Option(
        "--model", help="Apply a saved topic model (the model/ folder of an earlier run) to new transcripts.")] = None,
    sep: SepOpt = ",",
) -> int:
    """Topic models to explore before coding and to check the codebook against the data:
    exploratory or seeded from the codebook, with coherence, topic terms, representative segments,
    prevalence by respondent role, setting and municipality, and alignment with human codes."""
    _set_sep(sep)
    from . import api

    if k_range:
        try:
            start, stop, *step = (int(x) for x in k_range.split(":"))
        except ValueError:
            raise InputError(f"cannot read --k-range {k_range!r}", hint="write start:stop[:step], e.g. 5:30:5") from None
        ks = list(range(start, stop + 1, step[0] if step else 5))
    else:
        ks = None
    result = api.topics(inputs, out, k=k, k_range=ks, seeded=seeded, seed=seed, unit=unit, coder=coder,
                        codebook=codebook, passes=passes, max_minutes=max_minutes, model=model)
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
    return 0


@app.command()
def info(
    project: Annotated[Optional[Path], typer.Option(
        "--project", "-p", help="Project file to summarise.")] = None,
) -> int:
    """Show the active Dutch NLP pipeline, library versions and a project summary."""
    from importlib.metadata import PackageNotFoundError, version

    from rich.table import Table

    from . import nlp
    from .store import open_store

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


# typer 0.29 carries its own copy of click: usage errors come from either
_CLICK_ERRORS = tuple({click.ClickException, getattr(getattr(typer, "_click", None), "exceptions", click.exceptions)
                       .ClickException})


from .app.review_cmd import review as _review  # noqa: E402
app.command("review")(_review)


def main(argv: list[str] | None = None) -> None:
    """Entry point: map errors to exit codes (0 ok, 2 bad input, 1 internal error)."""
    try:
        code = app(args=argv, prog_name="worth", standalone_mode=False)
    except (click.exceptions.Exit, typer.Exit) as exc:
        code = exc.exit_code
    except _CLICK_ERRORS as exc:  # a typo in a command or option: usage and exit 2
        exc.show()
        code = 2
    except (click.exceptions.Abort, typer.Abort, KeyboardInterrupt):
        _stderr().print("Interrupted.")
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


if __name__ == "__main__":
    main()
