"""`worth code --out DIR.parquet`: the codings as a partitioned Parquet dataset, for corpora that do not
belong in one SQLite file.

The folder holds part-00000.parquet, part-00001.parquet, ... with one row per segment and the columns of
the CSV coding output (id, doc_id, start, end, speaker, role, is_interviewer, text; the fields of the
input records for a .jsonl of segments), then `codes` (a list, as in the JSONL output), `score:CODE` per
code (rounded as in CSV and JSONL; empty for interviewer turns and headers), and `explain`, `not_coded`
(JSON text) and `skipped` as in the JSONL output. Read it whole with `pandas.read_parquet(DIR)`.

Partitions follow the document order, DOCS_PER_PART documents each, so the files do not depend on the
scheduler or the number of workers. Each partition is coded and written by the worker that holds it
(on a cluster the folder must be on a file system every worker reaches), into a temporary folder
beside the target; the driver renames that folder into place only when every partition is there, so
a failed or interrupted run leaves no dataset behind, and an existing target is refused.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from toolkit.coding.partitioned import combine_frames, document_partitions, result_frame, score_partition
from toolkit.coding.scoring import CodeResult, _check_dutch
from toolkit.errors import InputError
from toolkit.exchange.outputs import _result_rows
from toolkit.types import Segment

__all__ = ["DOCS_PER_PART", "check_target", "write_dataset"]

DOCS_PER_PART = 50  # documents per partition file
_RESERVED = ("codes", "scores", "explain", "not_coded", "skipped")
_SEGMENT_COLUMNS = (("id", "string"), ("doc_id", "string"), ("start", "int64"), ("end", "int64"),
                    ("speaker", "string"), ("role", "string"), ("is_interviewer", "bool"), ("text", "string"))


def check_target(out: str | Path) -> Path:
    """The target folder, refused when it exists (a dataset is always written to a new folder)."""
    out = Path(out)
    if out.exists() or out.is_symlink():
        raise InputError("--out exists; a Parquet dataset is always written to a new folder", path=out,
                         hint="choose a new name, or remove the old dataset first")
    if not out.parent.is_dir():
        raise InputError("the folder to write the Parquet dataset in does not exist", path=out.parent,
                         hint="create it first, or give another --out")
    return out


def _columns(extras: Sequence[dict[str, Any]], code_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(name, type) of every column; a type is an Arrow type name or "json" (JSON text). Fixed here, on
    the driver, so every partition file has the same schema."""
    import pyarrow as pa

    if not extras:
        base = list(_SEGMENT_COLUMNS)
    else:
        keys = [k for k in dict.fromkeys(k for rec in extras for k in rec) if k not in _RESERVED]
        keys += [] if "id" in keys else ["id"]
        base = []
        for key in keys:
            values = [rec.get(key) for rec in extras]
            kind = "json"
            if not any(isinstance(v, (dict, list, tuple)) for v in values):
                try:
                    found = pa.array(values).type
                    kind = "string" if pa.types.is_null(found) else str(found)
                except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
                    pass
            base.append((key, kind))
        base = [(k, "string") if k == "id" else (k, t) for k, t in base]
    return base + [("codes", "list<string>")] + [(f"score:{c}", "double") for c in code_ids] + \
        [("explain", "json"), ("not_coded", "json"), ("skipped", "string")]


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    if kind in ("json", "string"):
        return pa.string()
    if kind == "list<string>":
        return pa.list_(pa.string())
    return pa.type_for_alias(kind)


def _table(rows: list[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> Any:
    import pyarrow as pa

    data: dict[str, list[Any]] = {}
    for name, kind in columns:
        if name.startswith("score:"):
            data[name] = [r["scores"].get(name[6:]) for r in rows]
        elif kind == "json":
            data[name] = [None if r.get(name) is None else json.dumps(r[name], ensure_ascii=False) for r in rows]
        else:
            data[name] = [r.get(name) for r in rows]
    schema = pa.schema([(name, _arrow_type(kind)) for name, kind in columns])
    return pa.Table.from_pydict(data, schema=schema)


def write_part(item: tuple[int, list[Segment], list[dict[str, Any]]], model: Any, pipeline: str, folder: str,
               columns: list[tuple[str, str]]) -> Any:
    """On a worker: code one partition, write it as part-NNNNN.parquet into `folder` (a temporary name,
    then renamed), and return its result frame for the driver."""
    import pyarrow.parquet as pq

    index, segments, extras = item
    if not Path(folder).is_dir():
        raise InputError(f"the worker on {socket.gethostname()} cannot reach the folder of the Parquet dataset",
                         path=folder, hint="write --out DIR.parquet to a file system every Dask worker shares")
    result = score_partition(segments, model, pipeline)
    result.extras = list(extras)
    target = Path(folder) / f"part-{index:05d}.parquet"
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(_table(_result_rows(result), columns), partial)
        os.replace(partial, target)
    except OSError as exc:
        raise InputError(f"cannot write a partition of the Parquet dataset on {socket.gethostname()} "
                         f"({exc.strerror or type(exc).__name__})", path=target,
                         hint="check the free space; with a cluster, write --out DIR.parquet to a file system "
                              "every Dask worker shares") from None
    finally:
        partial.unlink(missing_ok=True)
    return result_frame(result)


def write_dataset(runner: Any, segments: Sequence[Segment], extras: Sequence[dict[str, Any]], model: Any,
                  out: str | Path, *, progress: Callable[[int], None] | None = None) -> CodeResult:
    """Code `segments` in partitions on `runner`, each partition written by its worker; the folder
    `out` appears only when every partition is written. Returns the whole result, as `code_segments`."""
    from toolkit import nlp

    out = check_target(out)
    _check_dutch([s.text for s in segments if s.codable])
    parts = document_partitions(segments, docs_per_part=DOCS_PER_PART)
    items, start = [], 0
    for i, part in enumerate(parts):
        items.append((i, part, list(extras[start:start + len(part)]) if extras else []))
        start += len(part)
    columns = _columns(extras, list(model.classifier.code_ids_))
    temp = out.with_name(f".{out.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    temp.mkdir()
    try:
        done = (lambda i: progress(sum(s.codable for s in parts[i]))) if progress is not None else None
        frames = runner.gather(write_part, items, runner.share(model), nlp.pipeline_info().key, str(temp),
                               columns, done=done)
        missing = [i for i in range(len(items)) if not (temp / f"part-{i:05d}.parquet").is_file()]
        if missing:
            raise InputError(f"{len(missing)} partition file(s) of the Parquet dataset did not arrive", path=out,
                             hint="write --out DIR.parquet to a file system every Dask worker shares")
        os.rename(temp, out)
    except BaseException:
        _remove(temp)
        raise
    return combine_frames(frames, segments, model)


def _remove(folder: Path) -> None:
    """Remove a temporary dataset folder (a worker still finishing a partition may add a file meanwhile)."""
    for attempt in range(10):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.1 * (attempt + 1))
