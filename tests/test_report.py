from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import toolkit as worth
from toolkit.errors import InputError
from toolkit.analysis.report import render_report, write_report
from toolkit.store import open_store

from .conftest import ROOT

DEMO = ROOT / "corpora" / "demo"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    files = sorted((DEMO / "transcripts").glob("b0*.txt"))[:3]
    names = {f.name for f in files}
    codings = folder / "codings.jsonl"
    codings.write_text("".join(line + "\n" for line in (DEMO / "codings.jsonl").read_text(encoding="utf-8").splitlines()
                               if json.loads(line)["file"] in names), encoding="utf-8")
    project = folder / "p.sqlite"
    worth.ingest(files, project, codings=codings, compute_terms=False)
    worth.code([project])
    out = folder / "rapport.html"
    with open_store(project) as store:
        write_report(store, out, title="Testrapport")
    return out


def test_report_content(report_file: Path) -> None:
    text = report_file.read_text(encoding="utf-8")
    assert "<h1>Testrapport</h1>" in text and "theme.shame" in text and "Codefrequenties" in text
    assert text.count("<details>") == 3
    assert "Content-Security-Policy" in text
    # no external resource: no src attributes, no link/script tags, hrefs only to in-document ids
    assert "<script" not in text and "<link" not in text and " src=" not in text
    assert not [h for h in re.findall(r'href="([^"]*)"', text) if not h.startswith(("#", "data:"))]
    # overlapping codes: some span carries two or more underlines; machine scores on hover
    assert re.search(r"box-shadow:inset [^;\"]+,inset", text)
    assert re.search(r"title=\"[^\"]*model:default@[^\"]*\(0\.\d\d\)", text)
    assert "Overeenstemming tussen codeurs (second, writer)" in text  # b02 is double-coded


def test_report_bad_requests(tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    worth.ingest([ROOT / "tests" / "fixtures" / "transcripts" / "int_ir.txt"], project, compute_terms=False)
    with open_store(project) as store:
        with pytest.raises(InputError, match="no codebook"):
            render_report(store)
        with pytest.raises(InputError, match=r"\.html"):
            write_report(store, tmp_path / "r.pdf")


def _page_requests(html_file: Path, tmp_path: Path) -> tuple[list[str], Path]:
    netlog = tmp_path / "netlog.json"
    png = tmp_path / "shot.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--log-net-log={netlog}", "--window-size=1200,1600",
                    f"--screenshot={png}", html_file.as_uri()], capture_output=True, timeout=120)
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    # the browser's own background traffic has no origin; anything the page loads has one
    urls = [e["params"]["url"] for e in log["events"]
            if e["type"] == start and "url" in e.get("params", {}) and e["params"].get("initiator") != "not an origin"]
    return urls, png


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_report_renders_in_chromium_without_network(report_file: Path, tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text('<html><body><img src="http://127.0.0.1:9/pixel.png">hallo</body></html>', encoding="utf-8")
    urls, _ = _page_requests(control, tmp_path / "c")
    assert any("127.0.0.1:9" in u for u in urls)  # the detector sees a page request when there is one
    urls, png = _page_requests(report_file, tmp_path / "r")
    assert urls == []
    assert png.stat().st_size > 20_000  # a real rendering, not a blank page
