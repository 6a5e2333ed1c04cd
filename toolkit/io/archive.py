"""Safe reading of zip archives and XML inside them (size limits, no external entities)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from toolkit.errors import CorruptFile, InputError


MAX_UNPACKED_BYTES = 300 * 2**20


def _bad_member(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in re.split(r"[\\/]", name)


def _open_archive(path: Path) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    if not path.is_file():
        raise InputError("no such .qdpx file", path=path, hint="check the path")
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CorruptFile("not a valid .qdpx file (not a zip archive, or damaged)", path=path,
                          hint="export the project again from the QDA program") from None
    for info in infos:
        if _bad_member(info.filename):
            zf.close()
            raise InputError(f"archive member {info.filename!r} has an absolute or '..' path; refused",
                             path=path, hint="a .qdpx holds project.qde and Sources/ only")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        zf.close()
        raise InputError(f"archive unpacks to {total / 2**20:.0f} MB, over the limit of "
                         f"{MAX_UNPACKED_BYTES / 2**20:.0f} MB; refused", path=path,
                         hint="export the project without audio, video and pictures")
    members = {i.filename.replace("\\", "/").casefold(): i for i in infos if not i.is_dir()}
    if "project.qde" not in members:
        zf.close()
        raise CorruptFile("archive has no project.qde", path=path,
                          hint="a .qdpx is a REFI-QDA project export; export it again from the QDA program")
    return zf, members


def _parse_xml(data: bytes, path: Path) -> Any:
    from defusedxml import DefusedXmlException
    from defusedxml import ElementTree as SafeET

    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise InputError(f"project.qde uses XML entities or a DTD ({type(exc).__name__}); refused",
                         path=path, hint="entity expansion is not allowed in a .qdpx") from None
    except SafeET.ParseError as exc:
        raise InputError(f"project.qde is not valid XML ({exc})", path=path,
                         hint="export the project again from the QDA program") from None


