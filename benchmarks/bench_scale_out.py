"""`worth pseudonymise --scheduler` and `worth code --out DIR.parquet` (issue 17): one process and Dask.

Run:  nice -n 10 python benchmarks/bench_scale_out.py [--sizes 65,650] [--configs process,local:1,local:2]

The corpora are those of bench_scale.py (distinct copies of the demo transcripts). Each measurement runs
in a fresh Python process and prints one line:

  pseudonymise  seconds of the call (files mode, a new mapping; cluster start not included), words/s,
                CPU seconds of the driver and of all workers, driver peak MB; then the split of the
                one-process work into the part that runs on workers (candidate spans, a pure function
                of the text) and the part that stays on the driver (the mapping step, placeholders,
                writing), the serial fraction that gives, and Amdahl's efficiency at 16 and 64 workers
  code          seconds of `workflows.code` writing .jsonl and then DIR.parquet, after a first call that
                loads the model and every worker's pipeline; driver peak MB, size of the dataset

Every configuration must write the same files: the script compares the pseudonymised folders, the
mapping files and the Parquet partition files byte for byte and stops when they differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import ROOT, _peak_mb, make_corpus  # noqa: E402


def _tree_digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for p in files:
            h.update(str(p.relative_to(path) if path.is_dir() else p.name).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _cpu(runner) -> float:
    return sum(runner.client.run(time.process_time).values()) if runner is not None else 0.0


def run_one(task: str, config: str, corpus: Path, out: Path) -> dict:
    """One measurement in this (fresh) process."""
    from toolkit import workflows
    from toolkit.partitions import open_runner, parse_scheduler

    result: dict = {"task": task, "config": config}
    scheduler = parse_scheduler(None if config == "process" else config)
    if task == "code":
        from toolkit.coding.model import load_model

        load_model()  # loaded once: measured is the coding and writing
    with open_runner(scheduler) as runner:
        dask = runner if config != "process" else None
        c0, w0, t0 = time.process_time(), _cpu(dask), time.perf_counter()
        if task == "pseudonymise":
            from toolkit.workflows.pseudonymise import pseudonymise

            pseudonymise([corpus], out / "files", out / "mapping.json", scheduler=dask)
        else:
            workflows.code([corpus], out=out / "warm-up.jsonl", scheduler=dask)  # every worker loads its pipeline
            c0, w0, t0 = time.process_time(), _cpu(dask), time.perf_counter()
            workflows.code([corpus], out=out / "c.jsonl", scheduler=dask)
            result["jsonl"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            workflows.code([corpus], out=out / "c.parquet", scheduler=dask)
        result["seconds"] = time.perf_counter() - t0
        result["driver_cpu"] = time.process_time() - c0
        result["workers_cpu"] = _cpu(dask) - w0
        result["workers_peak_mb"] = max(runner.client.run(_peak_mb).values()) if dask is not None else 0.0
    if task == "pseudonymise" and config == "process":
        result["split"] = _split(corpus)
    result["driver_peak_mb"] = _peak_mb()
    return result


def _split(corpus: Path) -> dict:
    """CPU seconds of the two parts of one-process pseudonymisation: candidates (workers) and the rest."""
    from toolkit.io.pseudonymise import Pseudonymiser
    from toolkit.io.pseudonymise.detect import candidates
    from toolkit.io.readers import read_inputs

    texts = [p.document.text for p in read_inputs([corpus]).parsed]
    t0 = time.process_time()
    found = [candidates(t) for t in texts]
    t1 = time.process_time()
    pseudo = Pseudonymiser()
    for text, cands in zip(texts, found):
        pseudo.apply(text, cands)
    t2 = time.process_time()
    return {"workers": t1 - t0, "driver": t2 - t1}


def _child(args: list[str]) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(size: int, work: Path, configs: list[str]) -> None:
    corpus = work / f"corpus{size}"
    words = make_corpus(corpus, size)
    print(f"\n== {size} transcripts, {words:,} words ==")
    digests: dict[str, set[str]] = {"pseudonymise": set(), "parquet": set()}
    for config in configs:
        out = work / f"out-{size}-{config.replace(':', '')}"
        out.mkdir()
        row = _child(["--one", "pseudonymise", config, str(corpus), str(out)])
        digests["pseudonymise"].add(_tree_digest(out / "files", out / "mapping.json"))
        print(f"pseudonymise {config:8s} {row['seconds']:6.1f} s = {words / row['seconds']:7,.0f} words/s | CPU s "
              f"driver {row['driver_cpu']:5.1f}, workers {row['workers_cpu']:5.1f} | driver peak "
              f"{row['driver_peak_mb']:.0f} MB" + (f", worker peak {row['workers_peak_mb']:.0f} MB"
                                                   if row["workers_peak_mb"] else ""))
        if "split" in row:
            part = row["split"]
            f = part["driver"] / (part["driver"] + part["workers"])
            print(f"  one process: candidates {part['workers']:.1f} CPU s (on workers with --scheduler), mapping "
                  f"step + placeholders {part['driver']:.1f} CPU s (driver): serial fraction >= {f:.2f} -> "
                  f"efficiency at 16 workers <= {1 / (f * 16 + (1 - f)):.2f}, at 64 <= {1 / (f * 64 + (1 - f)):.2f}")
        row = _child(["--one", "code", config, str(corpus), str(out)])
        digests["parquet"].add(_tree_digest(out / "c.parquet"))
        size_mb = sum(p.stat().st_size for p in (out / "c.parquet").iterdir()) / 2**20
        parts = len(list((out / "c.parquet").iterdir()))
        print(f"code         {config:8s} .jsonl {row['jsonl']:6.1f} s | DIR.parquet {row['seconds']:6.1f} s = "
              f"{words / row['seconds']:7,.0f} words/s, {parts} partition file(s), {size_mb:.1f} MB | driver peak "
              f"{row['driver_peak_mb']:.0f} MB" + (f", worker peak {row['workers_peak_mb']:.0f} MB"
                                                   if row["workers_peak_mb"] else ""))
    for name, found in digests.items():
        print(f"{name} outputs identical across {', '.join(configs)}: {len(found) == 1} ({min(found)})")
        if len(found) != 1:
            raise SystemExit(f"the configurations wrote different {name} outputs")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="65,650", help="comma-separated corpus sizes (transcripts)")
    parser.add_argument("--configs", default="process,local:1,local:2")
    parser.add_argument("--one", nargs=4, metavar=("TASK", "CONFIG", "CORPUS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], args.one[1], Path(args.one[2]), Path(args.one[3]))))
        return 0
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"cores: {os.cpu_count()}")
    work = Path(tempfile.mkdtemp(prefix="worth-scale-out-"))
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            measure(size, work, args.configs.split(","))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
