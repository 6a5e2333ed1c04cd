"""`--scheduler` for the heavy commands (ingest, code): where the partitions run (toolkit.partitions)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated, Any, Optional

import typer

from toolkit.app.common import _stderr

SchedulerOpt = Annotated[Optional[str], typer.Option(
    "--scheduler", help="Run in partitions on Dask: local or local:N (N worker processes on this machine, "
                        "on 127.0.0.1, started and closed by worth) or tcp://HOST:PORT (an existing Dask "
                        "scheduler; its workers need worth and the same spaCy pipeline). Default: this process.")]


@contextlib.contextmanager
def scheduler_runner(spec: str | None) -> Iterator[Any]:
    """The runner of --scheduler (None: this process), open while the command runs; says where the work
    runs and, when Dask serves one, the dashboard address. A bad value is refused before anything starts."""
    if spec is None:
        yield None
        return
    from toolkit.partitions import open_runner, parse_scheduler

    scheduler = parse_scheduler(spec)
    with open_runner(scheduler) as runner:
        _stderr().print(f"Dask {scheduler}: {runner.workers} worker(s)"
                        + (f"; dashboard {runner.dashboard}" if runner.dashboard else
                           "; no dashboard (install bokeh for one)"), markup=False, highlight=False)
        yield runner


_STAGES = {"read": "Reading files", "find": "Finding identifiers", "code": "Coding segments"}


@contextlib.contextmanager
def stage_bars() -> Iterator[Any]:
    """A progress(stage, done, total) callback drawing one bar per stage (total 0: not known yet);
    with --scheduler the bars move once per partition."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=_stderr(), transient=True) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield progress
