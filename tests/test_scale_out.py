"""Issue 17, the rest: `worth pseudonymise --scheduler` gives the single process's output byte for byte,
and `worth code --out DIR.parquet` writes a partitioned Parquet dataset (from the workers with a
scheduler) that holds the rows of the JSONL/CSV output, appears whole or not at all, and never replaces
an existing folder."""

from __future__ import annotations

import faulthandler
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from toolkit import workflows
from toolkit.errors import InputError
from toolkit.exchange import parquet_dataset
from toolkit.io.pseudonymise.detect import candidates
from toolkit.partitions import open_runner
from toolkit.workflows.pseudonymise import pseudonymise

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
FILES = sorted((DEMO / "transcripts").glob("*.txt"))


@pytest.fixture(scope="module")
def runner():
    """One LocalCluster of two workers on 127.0.0.1 for the whole module (starting one costs seconds)."""
    faulthandler.dump_traceback_later(600, exit=True)  # a hung cluster fails the run instead of blocking it
    try:
        with open_runner("local:2") as r:
            assert r.workers == 2
            yield r
    finally:
        faulthandler.cancel_dump_traceback_later()


def _corpus(folder: Path, files: list[Path], bad: bool = False) -> Path:
    folder.mkdir(parents=True)
    for path in files:
        shutil.copy(path, folder / path.name)
    if bad:
        shutil.copy(files[0], folder / "zz_kopie.txt")  # the same text twice: skipped
        (folder / "leeg.txt").write_text("")
        (folder / "kapot.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00 binair")
        (folder / "notulen.pdf").write_bytes(b"%PDF-1.4")
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _table(project: Path, query: str) -> list[tuple]:
    with sqlite3.connect(project) as db:
        return db.execute(query).fetchall()


# ------------------------------------------------------------------ pseudonymise


def _depends_on_earlier(earlier: list[Path], files: list[Path]) -> int:
    """How many of `files` have identifiers that only the names mapped in the documents before them
    in this run reveal (detection with the mapping at the start of the run finds something else)."""
    from toolkit.io.pseudonymise import Pseudonymiser
    from toolkit.io.readers import read_inputs

    pseudo = Pseudonymiser()
    for parsed in read_inputs(earlier).parsed:
        pseudo.apply(parsed.document.text)
    start = Pseudonymiser(json.loads(json.dumps(pseudo.mapping)))
    n = 0
    for parsed in read_inputs(files).parsed:
        n += pseudo.find(parsed.document.text) != start.find(parsed.document.text)
        pseudo.apply(parsed.document.text)
    return n


@pytest.mark.slow
def test_pseudonymise_files_on_two_workers_is_the_single_process_output(runner, tmp_path: Path) -> None:
    """Files mode, continuing a mapping of earlier documents: the same .txt files, the same mapping file
    byte for byte, the same counts; names mapped in an earlier run get the same placeholders."""
    first = _corpus(tmp_path / "eerst", FILES[:4])
    corpus = _corpus(tmp_path / "in", FILES[4:44])
    assert _depends_on_earlier(FILES[:4], FILES[4:44]) >= 2  # what a worker alone could not know
    pseudonymise([first], tmp_path / "out0", tmp_path / "earlier.json")
    for name in ("one", "two"):
        shutil.copy(tmp_path / "earlier.json", tmp_path / f"{name}.json")
    one = pseudonymise([corpus], tmp_path / "one", tmp_path / "one.json")
    seen: list[tuple[str, int]] = []
    two = pseudonymise([corpus], tmp_path / "two", tmp_path / "two.json", scheduler=runner,
                       progress=lambda stage, done, total: seen.append((stage, done)))
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert len(_files(tmp_path / "one")) == 40
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()
    assert one.counts == two.counts and one.counts["PERSOON"] > 50 and one.names == two.names
    assert one.replacements == two.replacements
    assert seen[-1] == ("find", 40) and 1 < len([s for s in seen if s[0] == "find"]) <= 8  # per partition
    earlier = json.loads((tmp_path / "earlier.json").read_text(encoding="utf-8"))["placeholders"]
    later = json.loads((tmp_path / "two.json").read_text(encoding="utf-8"))["placeholders"]
    assert all(later[p][:len(forms)] == forms for p, forms in earlier.items())  # the numbering continued


@pytest.mark.slow
def test_pseudonymise_project_on_two_workers_is_the_single_process_output(runner, tmp_path: Path) -> None:
    files = FILES[:44]  # a few of them hold names that only earlier documents reveal
    rows = [json.loads(x) for x in (DEMO / "codings.jsonl").read_text(encoding="utf-8").splitlines()]
    names = {f.name for f in files}
    codings = tmp_path / "codings.jsonl"
    codings.write_text("".join(json.dumps(r) + "\n" for r in rows if r["file"] in names), encoding="utf-8")
    project = tmp_path / "plain.sqlite"
    workflows.ingest(files, project, codings=codings, compute_terms=False)
    one = pseudonymise([project], tmp_path / "one.sqlite", tmp_path / "one.json")
    two = pseudonymise([project], tmp_path / "two.sqlite", tmp_path / "two.json", scheduler=runner)
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()
    assert one.counts == two.counts and one.names == two.names
    for query in ("SELECT id, source, sha256, text, meta FROM documents ORDER BY id",
                  "SELECT id, doc_id, start, end, speaker, role, text FROM segments ORDER BY id",
                  "SELECT doc_id, start, end, code_id, coder, segment_id FROM codings ORDER BY 1, 2, 3, 4, 5",
                  "SELECT name, version, hash FROM codebooks ORDER BY 1"):
        a, b = _table(tmp_path / "one.sqlite", query), _table(tmp_path / "two.sqlite", query)
        assert a == b and a, query
    texts = " ".join(t for (t,) in _table(tmp_path / "two.sqlite", "SELECT text FROM documents"))
    assert "[PERSOON-" in texts and "Marskerk" not in texts


@pytest.mark.slow
def test_ingest_pseudonymise_on_two_workers_stores_the_single_process_project(runner, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", FILES[:44])
    for name, scheduler in (("one", None), ("two", runner)):
        workflows.ingest([corpus], tmp_path / f"{name}.sqlite", pseudonymise=tmp_path / f"{name}.json",
                         compute_terms=False, scheduler=scheduler)
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()
    for query in ("SELECT id, source, sha256, text, meta FROM documents ORDER BY id",
                  "SELECT id, doc_id, start, end, speaker, role, text FROM segments ORDER BY id"):
        a, b = _table(tmp_path / "one.sqlite", query), _table(tmp_path / "two.sqlite", query)
        assert a == b and len(a) >= 44, query


def test_a_worker_with_other_rules_is_refused() -> None:
    from toolkit.errors import WorthError
    from toolkit.io.pseudonymise.partitioned import candidates_partition, rules_fingerprint

    text = "Mevrouw Jansen woont sinds 2019 in Marskerk."
    assert candidates_partition([text], False, rules_fingerprint()) == [candidates(text)]
    with pytest.raises(WorthError, match="other pseudonymisation rules"):
        candidates_partition([text], False, "0" * 16)


@pytest.mark.slow
def test_pseudonymise_cli_with_bad_files_reports_the_same_on_dask(tmp_path: Path) -> None:
    """The command itself: bad files skipped with the same one-line reasons, listed at the end, the same
    exit status and the same output as without --scheduler."""
    corpus = _corpus(tmp_path / "in", FILES[:5], bad=True)
    runs = {}
    for name, extra in (("one", []), ("two", ["--scheduler", "local:2"])):
        res = subprocess.run([sys.executable, "-m", "toolkit", "pseudonymise", str(corpus), "--out",
                              str(tmp_path / name), "--mapping", str(tmp_path / f"{name}.json"), *extra],
                             capture_output=True, text=True, timeout=300, cwd=ROOT)
        runs[name] = (res.returncode, [line.strip() for line in res.stderr.splitlines() if "skipped:" in line])
        assert "Wrote 5 file(s)" in res.stderr, res.stderr
    assert runs["one"] == runs["two"]
    code, skipped = runs["two"]
    assert code == 2 and len(skipped) == 4
    assert any("zz_kopie.txt" in s and "same text" in s for s in skipped)
    assert any("notulen.pdf" in s for s in skipped) and any("leeg.txt" in s for s in skipped)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


# ------------------------------------------------------------------ worth code --out DIR.parquet


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["doc_id", "start", "id"]).reset_index(drop=True)


def test_parquet_dataset_holds_the_jsonl_and_csv_rows(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(parquet_dataset, "DOCS_PER_PART", 3)
    corpus = _corpus(tmp_path / "in", FILES[:8])
    workflows.code([corpus], out=tmp_path / "c.jsonl")
    workflows.code([corpus], out=tmp_path / "c.csv")
    result = workflows.code([corpus], out=tmp_path / "c.parquet")
    parts = sorted(p.name for p in (tmp_path / "c.parquet").iterdir())
    assert parts == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]  # 8 documents by 3
    df = pd.read_parquet(tmp_path / "c.parquet")
    rows = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    csv = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig", keep_default_na=False)
    assert len(df) == len(rows) == len(csv) == len(result.segments) > 300
    assert list(df["id"]) == [r["id"] for r in rows]  # in document order, as the other outputs
    score_cols = [c for c in csv.columns if c.startswith("score:")]
    assert [c for c in df.columns if c.startswith("score:")] == score_cols and len(score_cols) > 10
    base = ["id", "doc_id", "start", "end", "speaker", "role", "is_interviewer", "text"]
    assert list(df.columns[:len(base)]) == base
    for i, row in enumerate(rows):
        got = df.iloc[i]
        assert [got[k] if not pd.isna(got[k]) else None for k in base] == [row[k] for k in base]
        assert list(got["codes"]) == row["codes"] == [c for c in str(csv["codes"][i]).split(";") if c]
        for col in score_cols:
            want = row["scores"].get(col[6:])
            assert (pd.isna(got[col]) and want is None and csv[col][i] == "") or \
                (got[col] == want == float(csv[col][i]))
        assert (None if pd.isna(got["explain"]) else json.loads(got["explain"])) == row.get("explain")
        assert (None if pd.isna(got["skipped"]) else got["skipped"]) == row.get("skipped")
    assert df["codes"].map(len).sum() == int(result.decided.sum()) > 100


@pytest.mark.slow
def test_parquet_dataset_from_the_workers_is_the_single_process_dataset(runner, tmp_path: Path,
                                                                        monkeypatch) -> None:
    monkeypatch.setattr(parquet_dataset, "DOCS_PER_PART", 4)
    corpus = _corpus(tmp_path / "in", FILES[:14])
    one = workflows.code([corpus], out=tmp_path / "one.parquet")
    done: list[int] = []
    two = workflows.code([corpus], out=tmp_path / "two.parquet", scheduler=runner, progress=done.append)
    assert len(done) == 4 and sum(done) == int(sum(s.codable for s in two.segments))  # one tick per partition
    assert _files(tmp_path / "one.parquet") == _files(tmp_path / "two.parquet")  # 4 files, byte for byte
    assert len(_files(tmp_path / "two.parquet")) == 4
    a, b = pd.read_parquet(tmp_path / "one.parquet"), pd.read_parquet(tmp_path / "two.parquet")
    pd.testing.assert_frame_equal(_sorted(a), _sorted(b))
    assert (one.decided == two.decided).all() and np.array_equal(one.proba, two.proba, equal_nan=True)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_parquet_target_that_exists_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "c.parquet"
    target.mkdir()
    (target / "part-00000.parquet").write_bytes(b"earlier dataset")
    res = subprocess.run([sys.executable, "-m", "toolkit", "code", str(FILES[0]), "--out", str(target)],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert res.returncode == 2
    assert "--out exists; a Parquet dataset is always written to a new folder" in res.stderr
    assert _files(target) == {"part-00000.parquet": b"earlier dataset"}
    with pytest.raises(InputError, match="does not exist"):
        workflows.code([FILES[0]], out=tmp_path / "nowhere" / "c.parquet")


def test_parquet_failure_mid_run_leaves_no_dataset(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(parquet_dataset, "DOCS_PER_PART", 2)
    corpus = _corpus(tmp_path / "in", FILES[:6])
    calls: list[int] = []
    real = parquet_dataset.score_partition

    def fail_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(parquet_dataset, "score_partition", fail_second)
    with pytest.raises(OSError, match="No space left"):
        workflows.code([corpus], out=tmp_path / "c.parquet")
    assert len(calls) == 2  # the first partition was written, then the run failed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # no dataset, no temporary folder


@pytest.mark.slow
def test_parquet_interrupted_on_dask_leaves_no_dataset(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(parquet_dataset, "DOCS_PER_PART", 2)
    corpus = _corpus(tmp_path / "in", FILES[:8])

    def interrupt(_n: int) -> None:  # Ctrl-C after the first partition came back
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        workflows.code([corpus], out=tmp_path / "c.parquet", scheduler=runner, progress=interrupt)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


@pytest.mark.slow
def test_parquet_folder_lost_under_the_workers_leaves_no_dataset(runner, tmp_path: Path, monkeypatch) -> None:
    """The temporary folder disappears mid-run (a full or unmounted disk): the workers' writes fail or
    their files are missing, the run stops with a clear error and no dataset appears."""
    monkeypatch.setattr(parquet_dataset, "DOCS_PER_PART", 2)
    corpus = _corpus(tmp_path / "in", FILES[:8])

    def lose_folder(_n: int) -> None:
        for temp in tmp_path.glob(".c.parquet.*.tmp"):
            shutil.rmtree(temp)

    with pytest.raises(InputError) as err:
        workflows.code([corpus], out=tmp_path / "c.parquet", scheduler=runner, progress=lose_folder)
    assert "Parquet dataset" in str(err.value) and "shares" in err.value.one_line()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_parquet_with_a_project_input_still_stores_the_run(tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    workflows.ingest(FILES[:3], project, compute_terms=False)
    result = workflows.code([project], out=tmp_path / "c.parquet")
    df = pd.read_parquet(tmp_path / "c.parquet")
    machine = _table(project, "SELECT count(*) FROM codings WHERE coder LIKE 'model:%'")[0][0]
    assert machine == df["codes"].map(len).sum() == int(result.decided.sum()) > 0


def test_parquet_from_jsonl_segments_keeps_the_record_fields(tmp_path: Path) -> None:
    """A .jsonl of segments: the record's own fields are the first columns, as in the CSV output."""
    lines = [{"id": "s1", "text": "Ik durfde het eerst niet te vragen, ik schaamde me kapot.", "meta": {"rol": "cliënt"},
              "golf": 2},
             {"id": "s2", "text": "De wijkverpleegkundige kwam elke ochtend mijn steunkousen aantrekken.",
              "golf": None, "extra": "na de zomer"}]
    src = tmp_path / "segments.jsonl"
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    workflows.code([src], out=tmp_path / "s.jsonl")
    workflows.code([src], out=tmp_path / "s.parquet")
    df = pd.read_parquet(tmp_path / "s.parquet")
    rows = [json.loads(x) for x in (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()]
    assert list(df.columns[:5]) == ["id", "text", "meta", "golf", "extra"]
    assert [json.loads(m) for m in df["meta"][:1]] == [{"rol": "cliënt"}]  # nested values as JSON text
    assert list(df["golf"].fillna(-1)) == [2, -1] and df["extra"][1] == "na de zomer"
    assert [list(c) for c in df["codes"]] == [r["codes"] for r in rows]
