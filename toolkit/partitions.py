"""Run a function over partitions of documents: in this process, or on a Dask cluster.

`--scheduler` on the heavy commands chooses where:

    (absent)          this process, one partition after another (no Dask involved)
    local, local:N    a dask.distributed LocalCluster of N worker processes (default: the number of
                      cores) on 127.0.0.1, started and closed by worth
    tcp://HOST:PORT   an existing Dask scheduler (`dask scheduler` + `dask worker`, dask-jobqueue,
                      dask-kubernetes); refused with a clear error when it does not answer in 10 s

The function runs on the workers with its partition and the shared arguments; it must be a
module-level function (Dask pickles it by name) that loads what it needs once per worker process
(a module-level cache), and it returns a plain, picklable value (a pandas DataFrame, lists). Results
come back in partition order whatever the order the workers finish in, so the outputs do not depend
on the scheduler or the number of workers. A worker that dies is replaced and its partitions are
run again (`retries`). Nothing here writes files: the caller (the driver) does.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from toolkit.errors import InputError

__all__ = ["Scheduler", "Runner", "parse_scheduler", "split", "open_runner", "runner_for", "CONNECT_TIMEOUT"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

T = TypeVar("T")
CONNECT_TIMEOUT = 8  # seconds to wait for a scheduler: with start-up the error comes within 10 s
_RETRIES = 2          # a partition whose worker died is run again this many times
_SPEC_HINT = "give local, local:N (N worker processes on this machine) or tcp://HOST:PORT of a Dask scheduler"


@dataclass(frozen=True)
class Scheduler:
    """Where partitions run: `kind` is "process", "local" or "remote"."""

    kind: str
    workers: int = 1
    address: str | None = None

    def __str__(self) -> str:
        return {"process": "this process", "local": f"local:{self.workers}"}.get(self.kind, str(self.address))


def parse_scheduler(spec: str | None) -> Scheduler:
    """The `--scheduler` value as a Scheduler; a bad value is an InputError (exit 2)."""
    if spec is None or not spec.strip():
        return Scheduler("process")
    spec = spec.strip()
    if spec == "local":
        return Scheduler("local", max(1, os.cpu_count() or 1))
    found = re.fullmatch(r"local:(\d+)", spec)
    if found:
        workers = int(found.group(1))
        if not 1 <= workers <= 512:
            raise InputError(f"--scheduler {spec}: the number of workers must be 1 to 512", hint=_SPEC_HINT)
        return Scheduler("local", workers)
    if re.fullmatch(r"(tcp|tls)://[^\s/:]+:\d{1,5}", spec):
        return Scheduler("remote", address=spec)
    raise InputError(f"--scheduler {spec!r} is not understood", hint=_SPEC_HINT)


def split(items: Sequence[T], parts: int, *, min_size: int = 1) -> list[list[T]]:
    """`items` cut into at most `parts` consecutive, nearly equal partitions of at least `min_size`."""
    items = list(items)
    if not items:
        return []
    parts = max(1, min(parts, len(items) // max(1, min_size) or 1))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


class Runner:
    """Runs `func(partition, *args)` for each partition; `map` yields (index, result) as they finish."""

    scheduler: Scheduler = Scheduler("process")
    dashboard: str | None = None

    @property
    def workers(self) -> int:
        return 1

    def map(self, func: Callable[..., Any], partitions: Sequence[Any], *args: Any) -> Iterator[tuple[int, Any]]:
        for i, part in enumerate(partitions):
            yield i, func(part, *args)

    def share(self, value: Any) -> Any:
        """`value` as an argument every task receives: on Dask it is sent to each worker once."""
        return value

    def gather(self, func: Callable[..., Any], partitions: Sequence[Any], *args: Any,
               done: Callable[[int], None] | None = None) -> list[Any]:
        """`func(partition, *args)` for every partition, results in partition order; `done(i)` is
        called as partition i finishes. Wrap large arguments with `share`."""
        results: list[Any] = [None] * len(partitions)
        for i, result in self.map(func, partitions, *args):
            results[i] = result
            if done is not None:
                done(i)
        return results


class _DaskRunner(Runner):
    def __init__(self, client: Any, scheduler: Scheduler) -> None:
        self.client = client
        self.scheduler = scheduler
        link = getattr(client, "dashboard_link", None) if _has_dashboard() else None
        self.dashboard = str(link) if link else None

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))

    def share(self, value: Any) -> Any:
        return self.client.scatter(value, broadcast=True, hash=False)

    def map(self, func: Callable[..., Any], partitions: Sequence[Any], *args: Any) -> Iterator[tuple[int, Any]]:
        from dask.base import tokenize
        from dask.distributed import as_completed

        name = getattr(func, "__name__", "task")
        token = tokenize(name, os.getpid(), id(partitions))
        futures = {self.client.submit(func, part, *args, key=f"worth-{name}-{i}-{token}", retries=_RETRIES,
                                      pure=False): i for i, part in enumerate(partitions)}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            for future in futures:
                future.release()


def _has_dashboard() -> bool:
    try:
        import bokeh  # noqa: F401  (the Dask dashboard needs it)
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def open_runner(scheduler: Scheduler | str | None) -> Iterator[Runner]:
    """A Runner for the scheduler; a LocalCluster is started here and closed on exit."""
    if not isinstance(scheduler, Scheduler):
        scheduler = parse_scheduler(scheduler)
    if scheduler.kind == "process":
        yield Runner()
        return
    from dask.distributed import Client

    for name in ("distributed", "bokeh", "tornado"):  # their INFO lines would fill the progress display
        logging.getLogger(name).setLevel(logging.WARNING)
    if scheduler.kind == "local":
        from dask.distributed import LocalCluster

        # everything on 127.0.0.1 (scheduler, workers, dashboard on a free port): nothing is reachable from
        # outside this machine, and two runs at once do not collide
        with LocalCluster(n_workers=scheduler.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address="127.0.0.1:0", silence_logs=logging.WARNING) as cluster, \
                Client(cluster) as client:
            yield _DaskRunner(client, scheduler)
        return
    try:
        client = Client(scheduler.address, timeout=f"{CONNECT_TIMEOUT}s")
    except (OSError, TimeoutError) as exc:
        raise InputError(f"no Dask scheduler answers at {scheduler.address} within {CONNECT_TIMEOUT} s "
                         f"({type(exc).__name__})",
                         hint="start one with `dask scheduler` and `dask worker ADDRESS`, check the address and "
                              "the firewall, or leave out --scheduler to run in this process") from None
    with client:
        if not client.scheduler_info().get("workers"):
            log.warning("the Dask scheduler at %s has no workers yet: partitions wait until one joins",
                        scheduler.address)
        yield _DaskRunner(client, scheduler)


@contextlib.contextmanager
def runner_for(scheduler: Runner | Scheduler | str | None) -> Iterator[Runner | None]:
    """None for plain in-process code (today's path), a Runner as given, or one opened (and closed) here."""
    if scheduler is None or isinstance(scheduler, Runner):
        yield scheduler
        return
    with open_runner(scheduler) as runner:
        yield runner
