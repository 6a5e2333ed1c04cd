"""Tables from a project: what reviewers and analysts ask for.

- `codings_table`: one row per coding (tidy): document, segment, offsets, the coded text, code and
  its names, coder (human or model), score, model version, speaker, role and document metadata.
- `code_by_document`: how many segments carry each code, per document (the case matrix).
- `frequencies`: codings per code and metadata value (e.g. per respondent role or setting).
- `cooccurrence`: how many coded spans carry both codes, per pair of codes (e.g. shame with domestic),
  counted within one coder's codings.

`write_tables(out)` writes them by extension: `.xlsx` (one workbook, a sheet per table), `.csv` or
`.parquet` (the tidy table in OUT, the others beside it as OUT_STEM.<table>.csv/parquet). Files
are written to a temporary name and renamed; output is sorted so that repeated exports are identical.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit import files as _io
from toolkit.files import atomic_write, stable_zip
from toolkit.errors import InputError

__all__ = ["codings_table", "code_by_document", "frequencies", "cooccurrence", "write_tables"]


def codings_table(store, *, coders: Sequence[str] | None = None, codebook=None):
    """One row per coding, sorted by document, offsets, code and coder."""
    import pandas as pd

    docs = {d.id: d for d in store.documents()}
    segs = {s.id: s for s in store.segments()}
    names: dict[str, tuple[str, str, str]] = {}
    if codebook is not None:
        names = {c.id: (c.name_nl, c.name_en, c.group or "") for c in codebook.codes}
    else:
        for book in store.codebooks():
            for c in book["content"]["codes"]:
                names.setdefault(c["id"], (c["name_nl"], c.get("name_en", ""), c.get("group") or ""))
    wanted = set(coders) if coders else None
    meta_keys = sorted({k for d in docs.values() for k in d.meta if k != "summary"})
    rows: list[dict[str, Any]] = []
    for c in store.codings():
        if wanted is not None and c.coder not in wanted:
            continue
        doc = docs[c.doc_id]
        seg = segs.get(c.segment_id) if c.segment_id else None
        name_nl, name_en, group = names.get(c.code_id, ("", "", ""))
        row = {"doc_id": c.doc_id, "segment_id": c.segment_id, "start": c.start, "end": c.end,
               "text": doc.text[c.start:c.end], "code_id": c.code_id, "code_nl": name_nl, "code_en": name_en,
               "group": group, "coder": c.coder, "is_machine": c.coder.startswith("model:"),
               "score": c.score, "model_version": c.model_version,
               "speaker": seg.speaker if seg else None, "role": seg.role if seg else None}
        row.update({f"meta.{k}": doc.meta.get(k) for k in meta_keys})
        rows.append(row)
    if wanted is not None and not rows:
        raise InputError(f"no codings by {', '.join(sorted(wanted))} in this project", path=str(store.path),
                         hint="coders here: " + (", ".join(store.coders()) or "none"))
    cols = ["doc_id", "segment_id", "start", "end", "text", "code_id", "code_nl", "code_en", "group", "coder",
            "is_machine", "score", "model_version", "speaker", "role"] + [f"meta.{k}" for k in meta_keys]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["doc_id", "start", "end", "code_id", "coder"], kind="stable").reset_index(drop=True)


def code_by_document(table):
    """Documents x codes: number of coded spans, per coder."""
    import pandas as pd

    if table.empty:
        return pd.DataFrame()
    out = table.pivot_table(index=["coder", "doc_id"], columns="code_id", values="start", aggfunc="count",
                            fill_value=0)
    return out.sort_index().sort_index(axis=1).reset_index()


def frequencies(table, by: str):
    """Codings per code and value of `by` (a column such as 'role' or 'meta.setting'), per coder."""
    if by not in table.columns:
        raise InputError(f"no column {by!r} to count by", hint="choose one of: " + ", ".join(table.columns))
    out = table.assign(**{by: table[by].fillna("(none)")}).groupby(["coder", "code_id", by]).size()
    return out.rename("codings").reset_index().sort_values(["coder", "code_id", by], kind="stable")


def cooccurrence(table):
    """Code x code counts of spans that carry both codes, within each coder's codings (long format)."""
    import pandas as pd

    rows = []
    for coder, group in table.groupby("coder", sort=True):
        spans = group.groupby(["doc_id", "start", "end"])["code_id"].apply(lambda s: sorted(set(s)))
        counts: dict[tuple[str, str], int] = {}
        for codes in spans:
            for i, a in enumerate(codes):
                for b in codes[i:]:
                    counts[(a, b)] = counts.get((a, b), 0) + 1
        for (a, b), n in counts.items():
            rows.append({"coder": coder, "code_a": a, "code_b": b, "spans": n})
            if a != b:
                rows.append({"coder": coder, "code_a": b, "code_b": a, "spans": n})
    df = pd.DataFrame(rows, columns=["coder", "code_a", "code_b", "spans"])
    return df.sort_values(["coder", "code_a", "code_b"], kind="stable").reset_index(drop=True)


def all_tables(store, *, coders: Sequence[str] | None = None) -> dict[str, Any]:
    table = codings_table(store, coders=coders)
    tables = {"codings": table, "code_by_document": code_by_document(table), "per_role": frequencies(table, "role")}
    for key in ("meta.setting", "meta.respondent_role", "meta.municipality"):
        if key in table.columns:
            tables[f"per_{key.split('.', 1)[1]}"] = frequencies(table, key)
    tables["per_case"] = frequencies(table, "doc_id")
    tables["cooccurrence"] = cooccurrence(table)
    return tables


def write_tables(store, out: str | Path, *, coders: Sequence[str] | None = None) -> list[Path]:
    """Write the tables as .xlsx, .csv or .parquet (by the extension of `out`); return the files."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv", ".parquet"):
        raise InputError(f"cannot write tables as '{suffix or '(no extension)'}'", path=out,
                         hint="use --out FILE.xlsx, FILE.csv or FILE.parquet")
    tables = all_tables(store, coders=coders)
    written: list[Path] = []
    if suffix == ".xlsx":
        import pandas as pd

        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as xl:
            for name, df in tables.items():
                df.to_excel(xl, sheet_name=name[:31], index=False)
                _text_not_formulas(xl.sheets[name[:31]])
            props = xl.book.properties
            from datetime import datetime

            props.created = datetime(2000, 1, 1)
            props.creator = props.lastModifiedBy = "worth"
        with atomic_write(out, "wb", encoding=None) as fh:
            fh.write(_reproducible_xlsx(buf.getvalue()))
        return [out]
    # every file is written under a temporary name first and they take their names together at the end:
    # a failure in any one leaves all the tables of an earlier export as they were, not a mixed set
    with contextlib.ExitStack() as stack:
        for name, df in tables.items():
            path = out if name == "codings" else out.with_name(f"{out.stem}.{name}{suffix}")
            if suffix == ".csv":
                df.to_csv(stack.enter_context(_io.csv_write(path)), index=False, sep=_io.CSV_SEP)
            else:
                df.to_parquet(stack.enter_context(atomic_write(path, "wb", encoding=None)), index=False)
            written.append(path)
    return written


def _text_not_formulas(sheet) -> None:
    """openpyxl stores a string that starts with "=" as a formula: a turn such as "=) gezellig" would be
    lost (Excel repairs the file or shows an error). Every cell here is data, so each stays text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _reproducible_xlsx(data: bytes) -> bytes:
    """The workbook with a fixed modification time and fixed zip dates: openpyxl stamps both with the
    current time on save, so the same project would give a different file every run."""
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    return stable_zip((name, re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                    rb"\g<1>2000-01-01T00:00:00Z\g<2>", body)
                       if name == "docProps/core.xml" else body) for name, body in members)
