from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import toolkit as worth
from toolkit.errors import InputError
from toolkit.analysis.tables import write_tables
from toolkit.store import open_store

from .conftest import ROOT

DEMO = ROOT / "corpora" / "demo"


@pytest.fixture(scope="module")
def coded_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("export") / "p.sqlite"
    worth.ingest([DEMO / "transcripts"], project, codings=DEMO / "codings.jsonl", compute_terms=False)
    worth.code([project])
    return project


def test_xlsx_has_all_tables_and_tidy_rows(coded_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "tabellen.xlsx"
    write_tables(open_store(coded_project), out)
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"codings", "code_by_document", "per_role", "per_setting", "per_case", "cooccurrence"} <= set(sheets)
    codings = sheets["codings"]
    with open_store(coded_project) as store:
        docs = {d.id: d.text for d in store.documents()}
        assert len(codings) == len(store.codings())
    for row in codings.head(200).itertuples():
        assert docs[row.doc_id][row.start:row.end] == row.text
    assert set(codings["coder"]) >= {"writer", "second"}
    assert codings.loc[codings["is_machine"], "score"].between(0, 1).all()
    assert codings.loc[~codings["is_machine"], "score"].isna().all()
    assert {"meta.setting", "meta.respondent_role", "role", "code_nl"} <= set(codings.columns)


def test_xlsx_is_the_same_file_every_time(coded_project: Path, tmp_path: Path) -> None:
    """openpyxl stamps the save time into docProps/core.xml and the zip; the export fixes both, so a
    reviewer who reruns the analysis gets the identical file (and a checksum can show it)."""
    import time

    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    with open_store(coded_project) as store:
        write_tables(store, first)
        time.sleep(2.1)  # zip times have a resolution of two seconds
        write_tables(store, second)
    assert first.read_bytes() == second.read_bytes()
    assert not pd.read_excel(first, sheet_name="codings").empty


def test_cooccurrence_counts_spans_with_both_codes(coded_project: Path) -> None:
    from toolkit.analysis.tables import codings_table, cooccurrence

    with open_store(coded_project) as store:
        table = codings_table(store, coders=["writer"])
    co = cooccurrence(table).set_index(["code_a", "code_b"])["spans"]
    spans = table.groupby(["doc_id", "start", "end"])["code_id"].apply(set)
    expected = sum({"theme.shame", "ow.domestic"} <= s for s in spans)
    assert expected > 0
    assert co[("theme.shame", "ow.domestic")] == co[("ow.domestic", "theme.shame")] == expected
    assert co[("theme.shame", "theme.shame")] == sum("theme.shame" in s for s in spans)


def test_csv_and_parquet_siblings_and_repeatable(coded_project: Path, tmp_path: Path) -> None:
    with open_store(coded_project) as store:
        files = write_tables(store, tmp_path / "a" / "codings.csv", coders=["writer"])
        again = write_tables(store, tmp_path / "b" / "codings.csv", coders=["writer"])
        pq = write_tables(store, tmp_path / "c" / "codings.parquet")
    names = sorted(f.name for f in files)
    assert "codings.csv" in names and "codings.cooccurrence.csv" in names
    for f, g in zip(files, again):
        assert f.read_bytes() == g.read_bytes()
    assert len(pd.read_parquet(pq[0])) > len(pd.read_csv(files[0]))


def test_bad_export_requests(coded_project: Path, tmp_path: Path) -> None:
    with open_store(coded_project) as store:
        with pytest.raises(InputError, match="cannot write tables"):
            write_tables(store, tmp_path / "x.pdf")
        with pytest.raises(InputError, match="no codings by nobody"):
            write_tables(store, tmp_path / "x.csv", coders=["nobody"])
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_failed_export_leaves_the_earlier_tables_as_they_were(coded_project: Path, tmp_path: Path,
                                                                 monkeypatch, suffix: str) -> None:
    """The CSV and parquet exports are several files: when writing one of them fails, none of an earlier
    export's files is replaced and no temporary file is left, so the folder never holds a mixed set."""
    out = tmp_path / f"tabellen{suffix}"
    with open_store(coded_project) as store:
        files = write_tables(store, out, coders=["writer"])
        before = {f: f.read_bytes() for f in files}
        method = "to_csv" if suffix == ".csv" else "to_parquet"
        original, calls = getattr(pd.DataFrame, method), []

        def failing_at_the_fourth(self, *args, **kwargs):
            calls.append(1)
            if len(calls) == 4:
                raise OSError(28, "No space left on device")
            return original(self, *args, **kwargs)

        monkeypatch.setattr(pd.DataFrame, method, failing_at_the_fourth)
        with pytest.raises(OSError):
            write_tables(store, out)  # every coder now: other contents than the first export
    assert len(calls) == 4 and len(files) > 4
    assert {f: f.read_bytes() for f in files} == before
    assert sorted(tmp_path.iterdir()) == sorted(files)
