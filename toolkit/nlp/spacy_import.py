"""Import spaCy without its command-line package.

`import spacy` also imports `spacy.cli` (for the one name `spacy.info`), and with it requests, httpx,
weasel and jinja2: about 0.2 s of every `worth` command and Dask worker that lemmatises, for code
worth never runs. `import_spacy()` imports spaCy with `spacy.cli` and `spacy.cli.info` standing in
as empty modules, then takes them out again, so `import spacy.cli` afterwards imports the real
package as usual, and `spacy.info` imports it when called. When spaCy is imported already, nothing
changes. tests/test_nlp.py checks that the pinned spaCy imports this way and its CLI still works.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__all__ = ["import_spacy"]

_STAND_INS = ("spacy.cli", "spacy.cli.info")


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, importing spaCy's command-line package when it is called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> Any:
    """The spacy module, imported without `spacy.cli` when this process has not imported it yet."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    placed = {}
    for name in _STAND_INS:
        if name not in sys.modules:
            placed[name] = sys.modules[name] = types.ModuleType(name)
    if "spacy.cli.info" in placed:
        placed["spacy.cli.info"].info = _info
    try:
        return importlib.import_module("spacy")
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        spacy = sys.modules.get("spacy")
        if spacy is not None and getattr(spacy, "cli", None) in placed.values():
            del spacy.cli
