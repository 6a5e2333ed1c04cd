"""simplemma's Dutch dictionary decoded once per installation, not at every start.

simplemma ships its dictionaries lzma-compressed and front-coded; decoding the Dutch one takes about
0.4 s in every process that lemmatises (every `worth` command, every Dask worker). The decoded table
(a dict of bytes, the same object simplemma builds) is kept as a `marshal` file in the user's cache
folder (`WORTH_CACHE_DIR`, else `$XDG_CACHE_HOME/worth`, else `~/.cache/worth`), named after the
simplemma version and the size and time of its data file, and read in about 0.1 s. Lemmas are
simplemma's own: the table is handed to simplemma's dictionary factory. Anything unexpected (another
simplemma, an unwritable folder, a damaged file) leaves simplemma to decode as usual.
"""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
from pathlib import Path

__all__ = ["use_cached_dictionary", "cache_dir"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

_LANG = "nl"
_done = False


def cache_dir() -> Path:
    explicit = os.environ.get("WORTH_CACHE_DIR", "").strip()
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "worth"


def use_cached_dictionary() -> bool:
    """Give simplemma the decoded Dutch table from the cache (writing it on first use); True when used."""
    global _done
    if _done:
        return True
    try:
        import simplemma
        from simplemma.strategies.dictionaries import dictionary_factory as df

        factory = df.DEFAULT_DICTIONARY_FACTORY
        source = df.DATA_FOLDER / f"{_LANG}.plzma"
        stat = source.stat()
        version = getattr(simplemma, "__version__", "unknown")
        path = cache_dir() / f"simplemma-{version}-{_LANG}-{stat.st_size}-{int(stat.st_mtime)}.marshal"
        table = _read(path)
        if table is None:
            table = df._load_dictionary_from_disk(_LANG)
            _write(path, table)
        decoded = df.MappingStrToByteString(table)
        uncached = factory._get_dictionary

        def get_dictionary(lang: str):
            return decoded if lang == _LANG else uncached(lang)

        factory._get_dictionary = get_dictionary
    except (ImportError, AttributeError, OSError, TypeError) as exc:  # simplemma decodes as usual
        log.debug("simplemma dictionary cache not used: %s", exc)
        return False
    _done = True
    return True


def _read(path: Path) -> dict[bytes, bytes] | None:
    try:
        table = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return table if isinstance(table, dict) and table else None


def _write(path: Path, table: dict[bytes, bytes]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".simplemma-", delete=False) as fh:
            fh.write(marshal.dumps(table))
        os.replace(fh.name, path)  # whole or not at all; two processes writing at once both succeed
    except OSError as exc:
        log.debug("cannot write the simplemma cache %s: %s", path, exc)
