"""The `worth` console script (toolkit.app.cli:run) exits without interpreter teardown: exit status,
piped output and exit handlers must survive that."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_exit_status_output_and_exit_handlers_survive_the_fast_exit(tmp_path: Path) -> None:
    bad = subprocess.run([sys.executable, "-m", "toolkit", "code", str(tmp_path / "missing"), "--out",
                          str(tmp_path / "x.jsonl")], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "no such file" in bad.stderr
    marker = tmp_path / "atexit.txt"
    script = ("import atexit, pathlib, sys; from toolkit.app.cli import run; "
              f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'ran'); "
              "sys.argv = ['worth', 'codebook', 'show']; run()")
    ok = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0
    assert len(ok.stdout) > 2000 and "ow.domestic" in ok.stdout  # a long piped output arrives whole
    assert marker.read_text() == "ran"
