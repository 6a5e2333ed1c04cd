"""Scale-out and speed of `worth code` (issue 17): one process, local:1 and local:2 on Dask.

Run:  nice -n 10 python benchmarks/bench_scale.py [--sizes 65,650] [--keep DIR]

Corpora of 65, 650 (and, with --sizes, 6,500 or 10,000) transcripts are made in a temporary folder by
copying the demo transcripts under new file names; each copy gets one transcriber line of its own
("[kopie 17]", masked before lemmatising) so that no two texts are identical (ingest drops copies).
Each measurement runs in a fresh Python process and prints one line:

  words/s      document words (whitespace-separated) coded per second, written to JSONL; `end-to-end`
               includes Python start-up, imports, model and pipeline load (and cluster start), `first
               call` the first coding call (loads included), `warm` a second call in the same process
               with everything loaded (terms computed again): the throughput a long corpus sees
  peak MB      largest resident set of the driver and, on Dask, of any worker
  cluster      seconds to start and to close a LocalCluster with N workers on 127.0.0.1
  efficiency   warm speed-up over one process divided by workers; with the serial fraction f from local:2
               (Amdahl: speed-up(n) = 1 / (f + (1 - f) / n)) the efficiency at 16 and 64 workers
  per CPU s    words per CPU second (process time of the driver plus, on Dask, of every worker): what
               one core does, whatever else runs on the machine; wall-clock figures are noisy on a
               shared machine
  bare spaCy   spacy.blank("nl") tokenisation of the same segment texts, words per CPU second

All configurations must write the same codings: the script compares their JSONL files byte for byte.
Timings on a shared machine are noisy; `uptime` is printed first.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo" / "transcripts"


def make_corpus(folder: Path, n: int) -> int:
    """`n` distinct transcripts from the demo ones; returns the number of words."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(DEMO.glob("*.txt"))
    words = 0
    for i in range(n):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8")
        if i >= len(sources):  # the first round is the demo corpus itself
            text = f"[kopie {i // len(sources)}]\n\n{text}"
        (folder / f"t{i:05d}_{src.stem}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(config: str, corpus: Path, out: Path) -> dict:
    """One measurement in this (fresh) process: the coding call with `config` (process or local:N)."""
    t0 = time.perf_counter()
    from toolkit import workflows
    from toolkit.partitions import open_runner

    result: dict = {"config": config}
    if config == "process":
        t1 = time.perf_counter()
        workflows.code([corpus], out=out)
        result["work"] = time.perf_counter() - t1
        t2, c2 = time.perf_counter(), time.process_time()  # again, loaded (terms are computed again)
        workflows.code([corpus], out=out)
        result["warm"] = time.perf_counter() - t2
        result["warm_cpu"] = time.process_time() - c2
        t3 = time.perf_counter()
        result["phases"] = _phases(corpus, out)
        result["phases_wall"] = time.perf_counter() - t3
        result["workers_peak_mb"] = 0.0
    else:
        t1 = time.perf_counter()
        with open_runner(config) as runner:
            result["cluster_start"] = time.perf_counter() - t1
            t2 = time.perf_counter()
            workflows.code([corpus], out=out, scheduler=runner)
            result["work"] = time.perf_counter() - t2
            t2, c2, w2 = time.perf_counter(), time.process_time(), runner.client.run(time.process_time)
            workflows.code([corpus], out=out, scheduler=runner)
            result["warm"] = time.perf_counter() - t2
            w3 = runner.client.run(time.process_time)
            result["warm_cpu"] = time.process_time() - c2 + sum(w3[k] - w2[k] for k in w3 if k in w2)
            peaks = runner.client.run(_peak_mb)
            result["workers_peak_mb"] = max(peaks.values())
            t3 = time.perf_counter()
        result["cluster_close"] = time.perf_counter() - t3
    result["in_process"] = time.perf_counter() - t0
    result["driver_peak_mb"] = _peak_mb()
    return result


def _phases(corpus: Path, out: Path) -> dict:
    """CPU seconds of the steps of one warm `code` run: read + segment, score, write."""
    from toolkit.coding.model import load_model
    from toolkit.coding.scoring import code_segments
    from toolkit.exchange.outputs import write_codings
    from toolkit.workflows import collect_segments

    model = load_model()
    t0 = time.process_time()
    documents, segments, _ = collect_segments([corpus])
    t1 = time.process_time()
    result = code_segments(segments, model)
    t2 = time.process_time()
    result.documents = documents
    write_codings(result, out)
    t3 = time.process_time()
    return {"read": t1 - t0, "score": t2 - t1, "write": t3 - t2}


def bare_spacy(corpus: Path) -> dict:
    """Words/s of spacy.blank("nl") tokenisation, and of worth's terms + lemmas, on the segment texts."""
    import spacy

    from toolkit import nlp, workflows

    _, segments, _ = workflows.collect_segments([corpus])
    texts = [s.text for s in segments]
    words = sum(len(t.split()) for t in texts)
    blank = spacy.blank("nl")
    t0 = time.process_time()
    for _ in blank.pipe(texts, batch_size=256):
        pass
    bare = time.process_time() - t0
    nlp.load_nlp()
    nlp.analyse(texts[:50], remember=False)  # warm: simplemma's dictionary
    t0 = time.process_time()
    nlp.analyse(texts, remember=False)
    ours = time.process_time() - t0
    return {"segment_words": words, "bare_spacy_wps": words / bare, "worth_terms_wps": words / ours}


def _child(args: list[str]) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1700000000"}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{args} failed:\n{done.stderr[-3000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["end_to_end"] = wall
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _amdahl(speedup: float, n: int) -> float:
    """Serial fraction f from a speed-up on n workers (clipped to [0, 1])."""
    f = (1 / speedup - 1 / n) / (1 - 1 / n)
    return min(1.0, max(0.0, f))


def measure(size: int, work: Path, configs: list[str]) -> None:
    corpus = work / f"corpus{size}"
    words = make_corpus(corpus, size)
    print(f"\n== {size} transcripts, {words:,} words ==")
    spacy_row = _child(["--bare", str(corpus)])
    print(f"per CPU second: bare spacy.blank('nl') tokenisation {spacy_row['bare_spacy_wps']:,.0f} words/s; worth "
          f"terms + lemmas (one pass) {spacy_row['worth_terms_wps']:,.0f} words/s "
          f"({spacy_row['bare_spacy_wps'] / spacy_row['worth_terms_wps']:.1f}x slower than bare)")
    rows, digests = {}, {}
    for config in configs:
        out = work / f"codings-{size}-{config.replace(':', '')}.jsonl"
        row = _child(["--one", config, str(corpus), str(out)])
        rows[config] = row
        digests[config] = _digest(out)
        extra = (f"; cluster start {row['cluster_start']:.1f} s, close {row['cluster_close']:.1f} s, "
                 f"worker peak {row['workers_peak_mb']:.0f} MB" if config != "process" else "")
        # the child ran the coding two (one process: three) times; end-to-end counts the first only
        cold = row["end_to_end"] - row["warm"] - row.get("cluster_close", 0.0) - row.get("phases_wall", 0.0)
        print(f"{config:8s} end-to-end {cold:6.1f} s = {words / cold:8,.0f} words/s | first call {row['work']:6.1f} s "
              f"| warm {row['warm']:6.1f} s = {words / row['warm']:8,.0f} words/s, {words / row['warm_cpu']:8,.0f} "
              f"per CPU s | driver peak {row['driver_peak_mb']:.0f} MB{extra}")
    if "process" in rows:
        row = rows["process"]
        ratio = spacy_row["bare_spacy_wps"] / (words / row["warm_cpu"])
        print(f"worth code (warm, one process) per CPU second is {ratio:.1f}x slower than bare spaCy tokenisation")
        phases = row["phases"]
        f = phases["write"] / sum(phases.values())
        print("one-process phases (CPU s): " + ", ".join(f"{k} {v:.2f}" for k, v in phases.items())
              + f"; the driver-only part (writing) is f = {f:.3f} of the work -> Amdahl efficiency at 16 workers "
                f"{1 / (f * 16 + (1 - f)):.2f}, at 64 {1 / (f * 64 + (1 - f)):.2f} (a lower bound on f: merging "
                "the partitions and the batch checks also run on the driver)")
    same = len(set(digests.values())) == 1
    print(f"codings identical across {', '.join(digests)}: {same} ({next(iter(digests.values()))})")
    if "process" in rows and "local:2" in rows:
        speedup = rows["process"]["warm"] / rows["local:2"]["warm"]
        f = _amdahl(speedup, 2)
        print(f"local:2 speed-up over one process {speedup:.2f}, efficiency {speedup / 2:.2f}; serial fraction "
              f"{f:.2f} -> efficiency at 16 workers {1 / (f * 16 + (1 - f)):.2f}, at 64 {1 / (f * 64 + (1 - f)):.2f}")
    if not same:
        raise SystemExit("the configurations wrote different codings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="65,650", help="comma-separated corpus sizes (transcripts)")
    parser.add_argument("--configs", default="process,local:1,local:2")
    parser.add_argument("--keep", type=Path, help="build the corpora and outputs here and keep them")
    parser.add_argument("--one", nargs=3, metavar=("CONFIG", "CORPUS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--bare", metavar="CORPUS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], Path(args.one[1]), Path(args.one[2]))))
        return 0
    if args.bare:
        print(json.dumps(bare_spacy(Path(args.bare))))
        return 0
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"cores: {os.cpu_count()}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="worth-scale-"))
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            measure(size, work, args.configs.split(","))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
