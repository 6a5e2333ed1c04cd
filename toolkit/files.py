"""Atomic file output: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from toolkit.errors import InputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# CSV for Dutch-locale Excel: UTF-8 with a byte-order mark (so Excel reads accents right), and the
# separator the CLI's --sep sets (Excel with Dutch settings splits on ';').
CSV_ENCODING = "utf-8-sig"
CSV_SEP = ","


def _cannot_write(path: Path, exc: OSError, what: str = "file") -> InputError:
    """The one-line error for an output that cannot be written: a folder in the way, no permission, a
    full disk (exit 2: the path is the user's to change, nothing was written)."""
    parent = next((p for p in path.parents if p.exists()), None)
    if what == "file" and (isinstance(exc, IsADirectoryError) or path.is_dir()):
        why, hint = "a folder has this name", "give a file name that is not a folder"
    elif parent is not None and not parent.is_dir():
        why, hint = f"{parent} is a file, not a folder", "choose another path"
    elif isinstance(exc, PermissionError):
        why, hint = f"no permission to write in {path.parent}", "choose a folder you can write in"
    else:
        why, hint = exc.strerror or str(exc), "choose another path"
    return InputError(f"cannot write this {what}: {why}", path=path, hint=hint)


def csv_write(path: str | Path):
    """atomic_write for a CSV file in the project's CSV dialect (BOM; newline handled by csv)."""
    return atomic_write(path, newline="", encoding=CSV_ENCODING)


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", *, encoding: str | None = "utf-8",
                 newline: str | None = None, private: bool = False) -> Iterator[IO]:
    """Open a temporary file; on success it replaces `path`, on error it is removed.

    A reader never sees a half-written file and a failed run leaves the old file untouched.
    With `private` the file stays readable by its owner only (mode 600), e.g. a re-identifying mapping.
    """
    path = Path(path)
    if path.is_dir():
        raise _cannot_write(path, IsADirectoryError(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if not private:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual permissions
    try:
        if "b" in mode:
            fh = os.fdopen(fd, mode)
        else:
            fh = os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise _cannot_write(path, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_dir(path: str | Path, *, replace: bool = False) -> Iterator[Path]:
    """Build a folder under a temporary name beside `path`; on success it takes `path`'s place.

    An empty `path` is taken over; with `replace` an existing one is swapped out and removed.
    On error the temporary folder is removed and `path` is left as it was.
    """
    import shutil

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    except OSError as exc:
        raise _cannot_write(path, exc, "folder") from None
    try:
        yield tmp
        if path.exists() and replace and any(path.iterdir()):
            old = path.with_name(f".{path.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.rename(path, old)
            os.rename(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
            return
        if path.exists():
            path.rmdir()  # only an empty folder: callers refuse non-empty ones before they start
        os.rename(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def created_at() -> str:
    """Time to record in manifests: SOURCE_DATE_EPOCH (reproducible builds) when set, else now."""
    from datetime import datetime, timezone

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return when.isoformat(timespec="seconds")


def sha256_file(path: Path) -> str:
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def verify_folder(folder: Path, files: dict[str, str], *, required: Iterable[str] = (), what: str = "model",
                  redo: str = "train it again") -> None:
    """Check a saved folder against the sha256 list of its manifest: every listed and required file
    is there and unchanged, and nothing else is (the top-level manifest.json excepted)."""
    from toolkit.errors import ModelError

    for rel in sorted({*files, *required}):
        path = folder / rel
        if rel not in files or not path.is_file():
            raise ModelError(f"{what} folder is incomplete: {rel} is missing", path=folder,
                             hint=f"copy the whole folder, or {redo}")
        if sha256_file(path) != files[rel]:
            raise ModelError(f"{rel} does not match its checksum in manifest.json (changed or damaged)",
                             path=folder, hint=f"use an untouched copy, or {redo}")
    extra = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                   if p.is_file() and p != folder / "manifest.json" and str(p.relative_to(folder)) not in files)
    if extra:
        raise ModelError(f"unexpected file(s) in the {what} folder: {', '.join(extra[:3])}", path=folder,
                         hint=f"a {what} folder holds only what worth wrote; remove the extra files")


def load_array(path: Path, *, redo: str = "train it again"):
    """A NumPy array read without pickle; anything else is refused as unsafe."""
    import numpy as np

    from toolkit.errors import ModelError

    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ModelError(f"{Path(path).name} cannot be read safely ({exc})", path=Path(path).parent,
                         hint=redo) from None


ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def stable_zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip archive whose bytes depend on its members only: fixed dates and modes, deflated, in the
    order given. Used for .qdpx and .xlsx, so the same project gives the same file."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, data)
    return buf.getvalue()
