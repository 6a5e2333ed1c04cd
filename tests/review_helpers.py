"""Shared set-up of the review tests: a small demo project, coded by the default model."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
DOCS = ("a01_weduwe_rollator_marskerk", "a02_weduwnaar_beroerte_holtewijk", "b01_dochter_werkplek")
WORTH = str(Path(sys.executable).parent / "worth")


def build_demo_project(folder: Path, docs: tuple[str, ...] = DOCS, *, coded: bool = True) -> Path:
    """Demo transcripts (three unless `docs`) with their human codings (coder 'writer'), coded by
    models/default unless not `coded`."""
    src = folder / "transcripts"
    src.mkdir(parents=True)
    for name in docs:
        shutil.copy(DEMO / "transcripts" / f"{name}.txt", src)
    lines = [line for line in (DEMO / "codings.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["file"].removesuffix(".txt") in docs]
    (folder / "codings.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = folder / "demo.sqlite"
    for args in (["ingest", str(src), "--codings", str(folder / "codings.jsonl"), "--project", str(project)],
                 ["code", str(project)])[:2 if coded else 1]:
        subprocess.run([WORTH, "-q", *args], check=True, capture_output=True, text=True, timeout=300)
    return project
