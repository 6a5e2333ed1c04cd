"""The notebooks in notebooks/ run headless on a small setting and give their figures and tables.

Each notebook is committed without outputs and has a papermill-style parameters cell (tag
"parameters"); the test replaces the values in that cell with small ones, points OUT into a
temporary folder, runs the notebook with nbclient from notebooks/ (as Jupyter would) and checks that
no cell failed, that a figure is shown, and that the promised files are written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

SMALL = {"N_DOCS": 8, "PASSES": 2, "N_BOOT": 100}
EXTRA = {"2.0-eigen-codeboek": {"CURVE": (50, 100, 200), "N_SUGGEST": 5}}
EXPECTED = {
    "1.0-quickstart": ["quickstart.sqlite", "gecodeerd.csv", "codes_per_transcript.csv", "rapport.html",
                       "codefrequenties_mens_model.png"],
    "2.0-eigen-codeboek": ["mijn_codeboek.yaml", "demo_writer.qdpx", "mijn_project_gecodeerd.qdpx",
                           "modellen/mijn-model/manifest.json", "kruisvalidatie_per_code.csv", "leercurve.csv",
                           "leercurve.png", "toets_per_code.csv", "voorstel_te_coderen.csv"],
    "3.0-topics": ["coherentie.csv", "alignment.csv", "alignment.png", "prevalentie_per_rol.csv",
                   "prevalentie_per_rol.png"],
    "4.0-betrouwbaarheid": ["overeenstemming_writer_second.csv", "overeenstemming_overall.csv",
                            "overeenstemming_mensen.png", "overeenstemming_mens_model.png"],
    "5.0-groepen-vergelijken": ["aandeel_per_rol.csv", "aandeel_per_setting.csv", "ordes_per_rol.png",
                                "themas_per_rol.png", "cooccurrence.png", "schaamte_huiselijk.csv",
                                "schaamte_huiselijk.png"],
}


def test_five_notebooks():
    assert [p.stem for p in NOTEBOOKS] == sorted(EXPECTED)


def _parameters_cell(nb):
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "exactly one cell tagged 'parameters'"
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert cells[0] is first_code, "the parameters cell is the first code cell"
    return cells[0]


def _set_parameters(source: str, values: dict) -> str:
    """Replace the value of each NAME = ... line named in `values`; every name must be there."""
    lines, seen = [], set()
    for line in source.splitlines():
        m = re.match(r"^([A-Z_][A-Z0-9_]*)\s*=", line)
        if m and m.group(1) in values:
            line = f"{m.group(1)} = {values[m.group(1)]!r}"
            seen.add(m.group(1))
        lines.append(line)
    missing = set(values) - seen
    assert not missing, f"parameters cell lacks {sorted(missing)}"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "commit notebooks without outputs"
    source = _parameters_cell(nb).source
    assert "OUT" in source and "N_DOCS" in source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    cell = _parameters_cell(nb)
    names = set(re.findall(r"^([A-Z_][A-Z0-9_]*)\s*=", cell.source, flags=re.M))
    out = tmp_path / "out"
    values = {k: v for k, v in SMALL.items() if k in names} | EXTRA.get(path.stem, {}) | {"OUT": str(out)}
    cell.source = _set_parameters(cell.source, values)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the notebook shows a figure"
    missing = [name for name in EXPECTED[path.stem] if not (out / name).exists()]
    assert not missing, f"{path.stem} did not write {missing}"
    if path.stem == "1.0-quickstart":  # a second run starts from a fresh project
        rerun = nbformat.read(path, as_version=4)
        _parameters_cell(rerun).source = cell.source
        nbclient.NotebookClient(rerun, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}}).execute()
