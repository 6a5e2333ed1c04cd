"""Hostile and broken files: every reader gives a result or a clean InputError, quickly."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import InputError
from toolkit.io.readers import read_file
from toolkit.io.segment import segment_document

from .conftest import FIXTURES, ROOT, make_docx, make_odt

ROOT_CODEBOOK = ROOT / "corpora" / "codebooks" / "default.yaml"

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read_ok_or_clean_error(path: Path) -> None:
    start = time.perf_counter()
    try:
        for parsed in read_file(path):
            segs = parsed.segments if parsed.segments is not None else segment_document(parsed.document)
            for s in segs:
                assert parsed.document.text[s.start:s.end] == s.text
    except InputError as exc:
        assert path.name in exc.one_line()
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv", ".vtt", ".srt", ".docx", ".odt"])
@SETTINGS
@given(data=st.binary(max_size=4000))
def test_random_bytes(tmp_path_factory, suffix: str, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"random{suffix}"
    path.write_bytes(data)
    _read_ok_or_clean_error(path)


@SETTINGS
@given(text=st.text(max_size=3000), suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".vtt", ".srt"]))
def test_random_text(tmp_path_factory, text: str, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"random{suffix}"
    path.write_bytes(text.encode("utf-8", errors="replace"))
    _read_ok_or_clean_error(path)


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
@SETTINGS
@given(cut=st.integers(min_value=0, max_value=100_000), flip=st.integers(min_value=0, max_value=100_000))
def test_truncated_and_corrupted_office_files(tmp_path_factory, suffix: str, cut: int, flip: int) -> None:
    folder = tmp_path_factory.mktemp("office")
    good = folder / f"good{suffix}"
    text = (FIXTURES / "transcripts" / "int_names.txt").read_text(encoding="utf-8").split("\n")
    (make_docx if suffix == ".docx" else make_odt)(good, [t for t in text if t])
    data = bytearray(good.read_bytes())
    data = data[: cut % (len(data) + 1)]
    if data:
        data[flip % len(data)] ^= 0x5A
    bad = folder / f"bad{suffix}"
    bad.write_bytes(bytes(data))
    _read_ok_or_clean_error(bad)


def test_xml_entity_expansion_in_docx_is_harmless(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx", ["R: hallo"])
    bomb = tmp_path / "lol.docx"
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
           + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, lol if item.filename == "word/document.xml" else src.read(item.filename))
    _read_ok_or_clean_error(bomb)


def test_xml_entity_expansion_in_odt_is_harmless(tmp_path: Path) -> None:
    good = make_odt(tmp_path / "good.odt", ["R: hallo"])
    bomb = tmp_path / "lol.odt"
    entities = "".join(f'<!ENTITY e{i} "{("&e%d;" % (i - 1)) * 10 if i else "ha"}">' for i in range(10))
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "content.xml":
                data = data.replace(b"?>", f"?><!DOCTYPE x [{entities}]>".encode(), 1).replace(
                    b"R: hallo", b"R: &e9;")
            dst.writestr(item, data)
    _read_ok_or_clean_error(bomb)


def test_oversized_file_is_refused_without_reading(tmp_path: Path, monkeypatch) -> None:
    import toolkit.io.text as text

    monkeypatch.setattr(text, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "groot.txt"
    path.write_bytes(b"R: ja\n" * 1000)
    with pytest.raises(InputError, match="over the limit"):
        read_file(path)


@SETTINGS
@given(cut=st.integers(min_value=0, max_value=200_000), flip=st.integers(min_value=0, max_value=200_000))
def test_truncated_and_corrupted_qdpx(tmp_path_factory, cut: int, flip: int) -> None:
    from toolkit.exchange.qdpx_write import export_qdpx
    from toolkit.exchange.qdpx_read import import_qdpx
    from toolkit.store import open_store

    folder = tmp_path_factory.mktemp("qdpx")
    good = folder / "good.qdpx"
    project = folder / "p.sqlite"
    import toolkit as worth

    worth.ingest([FIXTURES / "transcripts" / "int_names.txt"], project, compute_terms=False)
    with open_store(project) as store:
        export_qdpx(store, good, codebook=ROOT_CODEBOOK)
    data = bytearray(good.read_bytes())
    data = data[: cut % (len(data) + 1)]
    if data:
        data[flip % len(data)] ^= 0x5A
    bad = folder / "bad.qdpx"
    bad.write_bytes(bytes(data))
    start = time.perf_counter()
    with open_store(folder / "target.sqlite") as store:
        try:
            import_qdpx(bad, store)
        except InputError as exc:
            assert "bad.qdpx" in exc.one_line() or exc.path is None or "qdpx" in exc.one_line()
    assert time.perf_counter() - start < 10
