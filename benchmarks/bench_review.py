"""Speed and value of `worth review` on the demo corpus.

Run: python benchmarks/bench_review.py [--rounds N]
Prints:
- page load of a transcript of about 200 turns (the demo transcripts joined into one document),
  server side over real HTTP (uvicorn on 127.0.0.1), median of 10;
- time per accept/reject round trip through POST /api/decisions (aim: under 100 ms), median of 60;
- retrain time (train from the reviewer's decisions + rescore the project), as the app runs it;
- quality gained per 50 reviewed segments: the start model is trained on the demo's 8 dev documents
  (models/default has already learned the train documents); a simulated reviewer follows the review
  queue on the train documents and accepts a suggestion exactly when the demo's human coder
  ('writer') gave that code to that turn, else rejects it; after every 50 decisions a model is
  trained on the decisions (base: the start model) and scored on the 14 test documents against
  'writer' (macro-F1).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
WORTH = str(Path(sys.executable).parent / "worth")


def worth(*args: str) -> None:
    subprocess.run([WORTH, "-q", *args], check=True, capture_output=True, text=True)


def start_server(project: Path, coder: str):
    import uvicorn

    from toolkit.app.review import session
    from toolkit.app.review.server import build_app

    coder, book, machine = session(project, coder=coder)
    config = uvicorn.Config(build_app(project, coder=coder, token="bench", hosts={"127.0.0.1:8765"},
                                      codebook=book, machine_coder=machine),
                            host="127.0.0.1", port=8765, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, httpx.Client(base_url="http://127.0.0.1:8765", headers={"X-Worth-Token": "bench"})


def bench_speed(tmp: Path) -> None:
    src = tmp / "long"
    src.mkdir()
    parts = sorted((DEMO / "transcripts").glob("a0*.txt"))[:3]
    (src / "lang_gesprek.txt").write_text("\n\n".join(p.read_text(encoding="utf-8") for p in parts),
                                          encoding="utf-8")
    project = tmp / "long.sqlite"
    worth("ingest", str(src), "--project", str(project))
    worth("code", str(project))
    server, thread, client = start_server(project, "bench")
    try:
        turns = len(client.get("/api/segments?doc=lang_gesprek&limit=5000").json()["segments"])
        loads = []
        for _ in range(10):
            t0 = time.perf_counter()
            r = client.get("/doc/lang_gesprek")
            loads.append(time.perf_counter() - t0)
            assert r.status_code == 200
        print(f"page load, transcript of {turns} turns ({len(r.content) // 1024} KiB): "
              f"median {statistics.median(loads) * 1000:.0f} ms")
        segs = client.get("/api/segments?status=unreviewed&limit=5000").json()["segments"]
        trips = []
        for i, s in enumerate(segs[:60]):
            body = {"segment_id": s["id"], "code": s["suggestions"][0]["code"],
                    "decision": "accept" if i % 2 else "reject"}
            t0 = time.perf_counter()
            r = client.post("/api/decisions", json=body)
            trips.append(time.perf_counter() - t0)
            assert r.status_code == 201, r.text
        print(f"accept/reject round trip over HTTP: median {statistics.median(trips) * 1000:.1f} ms, "
              f"max {max(trips) * 1000:.1f} ms ({len(trips)} decisions)")
        t0 = time.perf_counter()
        client.post("/api/retrain")
        while (state := client.get("/api/retrain").json())["state"] == "running":
            time.sleep(0.2)
        print(f"retrain from {state.get('segments')} reviewed turns + rescore {turns} turns: "
              f"{time.perf_counter() - t0:.1f} s ({state['state']})")
    finally:
        server.should_exit = True
        thread.join()


def _writer_labels(project: Path) -> dict[tuple[str, str], bool]:
    """(segment id, code) -> True when the demo's coder 'writer' gave that code to (most of) the turn."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(project)) as db:
        segs = db.execute('SELECT id, doc_id, start, "end" FROM segments').fetchall()
        by_doc: dict[str, list] = {}
        for doc, start, end, code in db.execute('SELECT doc_id, start, "end", code_id FROM codings '
                                                "WHERE coder = ?", ("writer",)):
            by_doc.setdefault(doc, []).append((start, end, code))
    out = {}
    for sid, doc, s0, s1 in segs:
        for c0, c1, code in by_doc.get(doc, ()):
            overlap = min(s1, c1) - max(s0, c0)
            if overlap > 0 and overlap >= 0.5 * min(s1 - s0, c1 - c0):
                out[(sid, code)] = True
    return out


def _macro_f1(project: Path, model: Path, split: Path, out: Path) -> float:
    worth("evaluate", str(project), "--model", str(model), "--coder", "writer", "--split", str(split),
          "--part", "test", "--out", str(out))
    return json.loads(out.read_text())["held_out"]["macro_f1"]


def bench_quality(tmp: Path, rounds: int) -> None:
    project = tmp / "demo.sqlite"
    worth("ingest", str(DEMO / "transcripts"), "--codings", str(DEMO / "codings.jsonl"), "--project", str(project))
    split = json.loads((DEMO / "split.json").read_text())
    base = tmp / "start"  # models/default already learned the train documents: start from less
    worth("train", str(project), "--coder", "writer", "--split", str(DEMO / "split.json"), "--part", "dev",
          "--out", str(base))
    worth("code", str(project), "--model", str(base))
    pool = set(split["train"])
    truth = _writer_labels(project)
    f1 = _macro_f1(project, base, DEMO / "split.json", tmp / "e0.json")
    print(f"quality on the demo test split ({len(split['test'])} documents), macro-F1 against 'writer'; "
          f"reviewing the {len(pool)} train documents:")
    print(f"  {0:4d} reviewed: {f1:.3f} (start: a model trained on the {len(split['dev'])} dev documents)")
    server, thread, client = start_server(project, "sim")
    try:
        queue = [q for q in client.get("/api/queue?limit=5000").json()["queue"] if q["doc_id"] in pool]
        done = 0
        for r in range(1, rounds + 1):
            for q in queue[done:done + 50]:
                ok = truth.get((q["segment_id"], q["code"]), False)
                resp = client.post("/api/decisions", json={"segment_id": q["segment_id"], "code": q["code"],
                                                           "decision": "accept" if ok else "reject"})
                assert resp.status_code == 201, resp.text
            done = min(done + 50, len(queue))
            model = tmp / f"sim-{r}"
            t0 = time.perf_counter()
            worth("train", str(project), "--coder", "sim", "--base", str(base), "--base-mode", "scores",  # as the app
                  "--out", str(model))
            t_train = time.perf_counter() - t0
            f1_r = _macro_f1(project, model, DEMO / "split.json", tmp / f"e{r}.json")
            acc = len(client.get("/api/segments?status=accepted&limit=5000").json()["segments"])
            print(f"  {done:4d} reviewed ({acc} accepted): {f1_r:.3f} ({f1_r - f1:+.3f}; train {t_train:.1f} s)")
    finally:
        server.should_exit = True
        thread.join()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=4, help="rounds of 50 simulated decisions")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="worth-bench-review-"))
    try:
        bench_speed(tmp)
        bench_quality(tmp, args.rounds)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
