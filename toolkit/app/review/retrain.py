"""The review app's "retrain" action: a new model version from the reviewer's codings, trained in a
background thread (each step a `worth` command in its own process), then used to rescore the
project; per-code F1/AUC before and after.

Before: the current model scoring the reviewer's coded segments (it did not learn from them).
After: the new model's out-of-fold scores on the same segments (cross-validation grouped by document).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from toolkit.store import open_store

log = logging.getLogger(__name__)


def _current_model_dir(state) -> str | None:
    with open_store(state.project, create=False) as st:
        row = st.db.execute("SELECT r.params FROM codings c JOIN runs r ON r.id = c.run_id WHERE c.coder = ? "
                            "ORDER BY c.id DESC LIMIT 1", (state.machine_coder,)).fetchone()
    return json.loads(row[0]).get("model") if row else None


def _compare(before: dict[str, Any] | None, after: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for code, m in after["per_code"].items():
        b = (before or {}).get("per_code", {}).get(code, {})
        if not m.get("support"):
            continue
        out.append({"code": code, "support": m["support"], "f1_before": b.get("f1"), "f1_after": m.get("f1"),
                    "auc_before": b.get("roc_auc"), "auc_after": m.get("roc_auc")})
    return out


def _worth() -> list[str]:
    script = Path(sys.executable).parent / "worth"
    return [str(script)] if script.exists() else [sys.executable, "-m", "toolkit.app.cli"]


def _run(*args: str) -> None:
    """One `worth` command in its own process: the heavy work stays out of the server (and no code
    of the server's process opens the project file outside SQLite, which would drop its locks)."""
    proc = subprocess.run([*_worth(), "-q", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        lines = [x for x in proc.stderr.strip().splitlines() if x.strip()]
        raise RuntimeError(lines[-1] if lines else f"worth {args[0]} failed (exit {proc.returncode})")


def run_retrain(state) -> dict[str, Any]:
    """Train, rescore and compare; returns the result shown in the page."""
    t0 = time.perf_counter()
    base = _current_model_dir(state)
    project = str(state.project)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    out = state.project.parent / f"{state.project.stem}.models" / f"review-{state.coder}-{stamp}"
    with tempfile.TemporaryDirectory(prefix="worth-") as tmp:
        book_path = Path(tmp) / "codebook.json"
        book_path.write_text(json.dumps(state.book.content(), ensure_ascii=False), encoding="utf-8")
        before = None
        if base is not None:
            _run("evaluate", project, "--model", base, "--coder", state.coder, "--out", str(Path(tmp) / "before.json"))
            before = json.loads((Path(tmp) / "before.json").read_text(encoding="utf-8")).get("held_out")
        _run("train", project, "--coder", state.coder, "--codebook", str(book_path), "--out", str(out),
             *(["--base", base, "--base-mode", "scores"] if base else []))
        # review codings are partial (only suggested codes decided): with a base, the base's scores keep
        # its decisions; without, training sees the rows came from review (labels: `partial`) and does
        # not switch off codes the reviewer never used
    after = json.loads((out / "metrics.json").read_text(encoding="utf-8"))["cross_validation"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    _run("code", project, "--model", str(out))
    return {"state": "done", "model": str(out), "coder": f"model:{manifest['name']}@{manifest['version']}",
            "base": base, "segments": manifest["training"]["segments"], "per_code": _compare(before, after),
            "macro_f1_before": (before or {}).get("macro_f1"), "macro_f1_after": after.get("macro_f1"),
            "seconds": round(time.perf_counter() - t0, 1)}


def start(state) -> bool:
    """Start retraining in a background thread; False when one is already running."""
    with state.lock:
        if state.retrain.get("state") == "running":
            return False
        state.retrain = {"state": "running", "since": time.time()}

    def work() -> None:
        try:
            result = run_retrain(state)
            state.machine_coder = result["coder"]
        except RuntimeError as exc:  # a worth command said why
            result = {"state": "failed", "error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - shown in the page, logged with traceback
            log.exception("retraining failed")
            result = {"state": "failed", "error": f"{type(exc).__name__}: {exc}"}
        state.retrain = result

    threading.Thread(target=work, name="worth-retrain", daemon=True).start()
    return True
