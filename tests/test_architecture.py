"""The package layout keeps its promises (docs/architecture.md): imports between sub-packages point
down only, no import circle between modules, and every module and function stays small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "toolkit"

# lower number = lower layer; a module may import its own layer's package and anything lower
LAYERS = {"base": 0, "io": 1, "nlp": 1, "store": 1, "coding": 2, "exchange": 3, "analysis": 4,
          "workflows": 5, "app": 6}
BASE = {"types", "errors", "config", "files", "__init__", "partitions"}
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
TOO_LONG_FOR_NOW: set[str] = set()  # io/pseudonymise is split into detectors and the replacer (issue 16)


def _module(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    if module == "toolkit.__main__":
        return "app"
    if len(parts) == 1 or parts[1] in BASE:
        return "base"
    return parts[1]


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("toolkit"):
            folder = PKG.parent / node.module.replace(".", "/")
            for a in node.names:  # `from package import submodule` depends on the submodule only
                is_module = (folder / a.name).is_dir() or (folder / f"{a.name}.py").exists()
                out.add(f"{node.module}.{a.name}" if is_module else node.module)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            raise AssertionError(f"{path}: relative import; write `from toolkit.... import ...`")
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("toolkit"))
    return out


FILES = sorted(PKG.rglob("*.py"))
EDGES = sorted({(_module(p), m) for p in FILES for m in _imports(p) if m != "toolkit"})


def _upward(edges) -> list[str]:
    out = []
    for src, dst in edges:
        a, b = _layer(src), _layer(dst)
        if a != b and LAYERS[b] >= LAYERS[a]:
            out.append(f"{src} ({a}) imports {dst} ({b})")
    return out


def _circle(edges) -> list[str]:
    """One import circle between modules (as a path), or [] when there is none."""
    graph: dict[str, list[str]] = {}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_layers_import_downwards_only() -> None:
    upward = _upward(EDGES)
    assert not upward, "imports that point up or sideways:\n" + "\n".join(upward)


def test_no_import_circle() -> None:
    circle = _circle(EDGES)
    assert not circle, "import circle: " + " -> ".join(circle)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PKG)))
def test_modules_and_functions_stay_small(path: Path) -> None:
    rel = str(path.relative_to(PKG))
    text = path.read_text(encoding="utf-8")
    if rel not in TOO_LONG_FOR_NOW:
        assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{rel}: split it by responsibility"
    long = [f"{n.name} ({n.end_lineno - n.lineno + 1} lines)" for n in ast.walk(ast.parse(text))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            and n.end_lineno - n.lineno + 1 > MAX_FUNCTION_LINES]
    if rel not in TOO_LONG_FOR_NOW:
        assert not long, f"{rel}: functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_the_checks_catch_what_they_guard() -> None:
    assert _upward([("toolkit.io.readers", "toolkit.coding.model")])
    assert _upward([("toolkit.store", "toolkit.nlp")])  # siblings in one layer stay apart
    assert not _upward([("toolkit.coding.model", "toolkit.io.readers"), ("toolkit.files", "toolkit.errors")])
    assert _circle([("a", "b"), ("b", "c"), ("c", "a")]) == ["a", "b", "c", "a"]
    assert not _circle([("a", "b"), ("b", "c"), ("a", "c")])


def test_public_api_names_resolve() -> None:
    """Every name `import toolkit as worth` offers is there (and is what its module defines)."""
    import importlib

    import toolkit

    for name, module in toolkit._PUBLIC.items():
        assert getattr(toolkit, name) is getattr(importlib.import_module(module), name), name
    with pytest.raises(AttributeError):
        toolkit.no_such_function  # noqa: B018
