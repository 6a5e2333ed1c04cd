"""Speed of `worth code` on one core against bare spaCy tokenisation of the same text (issue 17, part 5).

Run:  nice -n 10 python benchmarks/bench_speed.py [--runs 5] [--corpus corpora/demo/transcripts]
                                                  [--compare DIR]   (another checkout, e.g. before a change)

Every measurement runs in a fresh Python process, `--runs` times, interleaved; medians are printed.
Words are whitespace-separated words of the transcript files (what a reader counts).

  end to end   `worth code CORPUS --model models/default --out X.jsonl`: Python start-up, imports, model
               and pipeline load, reading, scoring, writing; wall seconds and CPU seconds (user + sys of
               that process: what one core does, whatever else runs on the machine)
  after load   the same coding call in a process that has loaded the model and the pipeline: the first
               call (spaCy meets every word for the first time) and a second one (all warm), CPU seconds
  bare spaCy   a process that imports spaCy, builds spacy.blank("nl") and tokenises the same files'
               texts: end to end, and the tokenising alone (CPU seconds), on a fresh pipeline
  peak MB      largest resident set of the `worth code` process

`--compare DIR` also runs the end-to-end command from the checkout in DIR (with this Python and its
packages) and checks that both write the same codings byte for byte. Timings on a shared machine are
noisy; `uptime` is printed first.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], cwd: Path, pythonpath: Path | None = None) -> dict:
    """Run a child process; its wall seconds and last output line."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1700000000"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    t0 = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode:
        raise SystemExit(f"{args} failed:\n{done.stderr[-3000:]}")
    return {"wall": wall, "out": done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""}


def _timed(args: list[str], cwd: Path, pythonpath: Path | None = None) -> dict:
    """`_run` with the child's own CPU seconds and peak memory (from a small wrapper that execs it)."""
    wrapper = ("import os, resource, subprocess, sys, json; r = subprocess.run(sys.argv[1:]); "
               "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(json.dumps({'rc': r.returncode, 'cpu': u.ru_utime + u.ru_stime, 'mb': u.ru_maxrss / 1024}))")
    done = _run([sys.executable, "-c", wrapper, *args], cwd, pythonpath)
    got = json.loads(done["out"])
    if got["rc"]:
        raise SystemExit(f"{args} failed (exit {got['rc']})")
    return {"wall": done["wall"], "cpu": got["cpu"], "mb": got["mb"]}


def after_load(corpus: Path, out: Path) -> dict:
    """In this process: load model and pipeline, then time two coding calls (CPU seconds), with the
    cycle-collector thresholds of the `worth` command."""
    import gc

    from toolkit import nlp, workflows
    from toolkit.app.cli import GC_THRESHOLDS
    from toolkit.coding.model import load_model

    gc.set_threshold(*GC_THRESHOLDS)
    t0 = time.process_time()
    load_model()
    nlp.load_nlp()
    load = time.process_time() - t0
    t1 = time.process_time()
    workflows.code([corpus], out=out)
    first = time.process_time() - t1
    t2 = time.process_time()
    workflows.code([corpus], out=out)
    return {"load": load, "first": first, "warm": time.process_time() - t2}


def bare(corpus: Path) -> dict:
    """In this process: import spaCy, build spacy.blank("nl") and tokenise the corpus files' texts."""
    t0 = time.process_time()
    import spacy

    blank = spacy.blank("nl")
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
    t1 = time.process_time()
    for _ in blank.pipe(texts, batch_size=256):
        pass
    return {"load": t1 - t0, "tokenise": time.process_time() - t1}


def _median(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measurement (median printed)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "demo" / "transcripts")
    parser.add_argument("--compare", type=Path, help="a checkout of worth to run the same end-to-end command from")
    parser.add_argument("--after-load", nargs=2, metavar=("CORPUS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--bare", metavar="CORPUS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.after_load:
        print(json.dumps(after_load(Path(args.after_load[0]), Path(args.after_load[1]))))
        return 0
    if args.bare:
        print(json.dumps(bare(Path(args.bare))))
        return 0
    corpus = args.corpus.resolve()
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in sorted(corpus.rglob("*.txt")))
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"cores: {os.cpu_count()}; corpus {corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus}: "
          f"{words:,} words; {args.runs} runs each, medians")
    work = Path(tempfile.mkdtemp(prefix="worth-speed-"))
    try:
        _measure(args, corpus, words, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _measure(args: argparse.Namespace, corpus: Path, words: int, work: Path) -> None:
    script = "import toolkit.app.cli as c; getattr(c, 'run', c.main)()"  # the console script (older: main)
    worth = [sys.executable, "-c", script, "-q", "code", str(corpus), "--model", str(ROOT / "models" / "default"),
             "--out"]
    rows: dict[str, list[dict]] = {"worth": [], "before": [], "bare": [], "bare_in": [], "loaded": []}
    for _ in range(args.runs):
        rows["worth"].append(_timed([*worth, str(work / "now.jsonl")], ROOT))
        if args.compare:
            rows["before"].append(_timed([*worth, str(work / "before.jsonl")], args.compare.resolve(),
                                         args.compare.resolve()))
        rows["bare"].append(_timed([sys.executable, __file__, "--bare", str(corpus)], ROOT))
        rows["bare_in"].append(json.loads(_run([sys.executable, __file__, "--bare", str(corpus)], ROOT)["out"]))
        rows["loaded"].append(json.loads(_run([sys.executable, __file__, "--after-load", str(corpus),
                                               str(work / "loaded.jsonl")], ROOT)["out"]))
    w, b = rows["worth"], rows["bare"]
    print(f"worth code, end to end:   {_median(w, 'wall'):5.2f} s wall, {_median(w, 'cpu'):5.2f} CPU s = "
          f"{words / _median(w, 'cpu'):8,.0f} words per CPU s ({words / _median(w, 'wall'):,.0f} per wall s); "
          f"peak {max(r['mb'] for r in w):.0f} MB")
    if args.compare:
        c = rows["before"]
        print(f"  --compare {args.compare}: {_median(c, 'wall'):5.2f} s wall, {_median(c, 'cpu'):5.2f} CPU s = "
              f"{words / _median(c, 'cpu'):8,.0f} words per CPU s; peak {max(r['mb'] for r in c):.0f} MB; "
              f"same codings: {(work / 'now.jsonl').read_bytes() == (work / 'before.jsonl').read_bytes()}")
    lo = rows["loaded"]
    print(f"worth code, after load:   load {_median(lo, 'load'):.2f} CPU s; first call {_median(lo, 'first'):.2f} "
          f"CPU s = {words / _median(lo, 'first'):8,.0f} words/s; warm {_median(lo, 'warm'):.2f} CPU s = "
          f"{words / _median(lo, 'warm'):8,.0f} words/s")
    bi = rows["bare_in"]
    print(f"bare spacy.blank('nl'):   end to end {_median(b, 'cpu'):.2f} CPU s = {words / _median(b, 'cpu'):8,.0f} "
          f"words/s; tokenising alone {_median(bi, 'tokenise'):.2f} CPU s = {words / _median(bi, 'tokenise'):8,.0f} "
          f"words/s (import + blank {_median(bi, 'load'):.2f} s)")
    print(f"worth / bare spaCy:       end to end {_median(w, 'cpu') / _median(b, 'cpu'):.1f}x; first call after "
          f"load / tokenising {_median(lo, 'first') / _median(bi, 'tokenise'):.1f}x; warm / tokenising "
          f"{_median(lo, 'warm') / _median(bi, 'tokenise'):.1f}x")


if __name__ == "__main__":
    sys.exit(main())
