"""One exception tree for the toolkit; every error says what to do next.

    WorthError                  base; the CLI exits 1 (internal error) unless a subclass says otherwise
    ├── InputError              bad input from the user; the CLI exits 2 with a one-line message
    │   ├── UnsupportedFormat   extension the toolkit does not read
    │   ├── DecodeError         bytes that are not text in a known encoding, binary files
    │   ├── EmptyInput          a file or table without usable text
    │   ├── CorruptFile         a .docx/.odt/.qdpx that cannot be opened
    │   ├── DuplicateDocument   the same document twice (in a batch or in the project)
    │   └── NothingRead         every input file was skipped (`skipped`: each file's error)
    ├── StoreError              the project file cannot be used (exit 2: it is the user's file)
    └── ModelError              a model folder that is incomplete or made for something else (exit 2)
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "WorthError",
    "InputError",
    "UnsupportedFormat",
    "DecodeError",
    "EmptyInput",
    "CorruptFile",
    "DuplicateDocument",
    "NothingRead",
    "StoreError",
    "ModelError",
]


class WorthError(Exception):
    """Base of all toolkit errors."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def one_line(self) -> str:
        """`file:line: message. hint` on one line, for the CLI."""
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text = f"{text.rstrip('.')}. {self.hint}"
        return " ".join(text.split())

    def __str__(self) -> str:
        return self.one_line()


class InputError(WorthError):
    exit_code = 2


class UnsupportedFormat(InputError):
    pass


class DecodeError(InputError):
    pass


class EmptyInput(InputError):
    pass


class CorruptFile(InputError):
    pass


class DuplicateDocument(InputError):
    pass


class NothingRead(InputError):
    """No input file could be read; `skipped` holds the reason of each, to be listed as `ingest` does."""

    def __init__(self, skipped) -> None:
        self.skipped = list(skipped)
        super().__init__(f"none of the {len(self.skipped)} input file(s) could be read: "
                         + "; ".join(exc.one_line() for exc in self.skipped))


class StoreError(WorthError):
    exit_code = 2


class ModelError(WorthError):
    exit_code = 2
