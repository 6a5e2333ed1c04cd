"""`topics`: fit a codebook-seeded topic model on a corpus and summarise it against the codes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit import files as _io
from toolkit.files import atomic_dir
from toolkit.errors import InputError
from toolkit.workflows.ingest import _nothing_read, collect_segments
from toolkit.analysis.topics import _topic_alignment, _topic_prevalence


def topics(inputs: Sequence[str | Path], out: str | Path, *, k: int | None = 10, k_range: Sequence[int] | None = None,
           seeded: bool = False, seed: int = 0, unit: str = "segment", coder: str | None = None,
           codebook: str | Path | None = None, passes: int = 10, max_minutes: float = 15.0,
           model: str | Path | None = None, scheduler=None) -> dict[str, Any]:
    """Fit a topic model (or apply the saved `model`) and write its outputs to the folder `out`
    (replaced whole, never half-written). With `scheduler` (toolkit.partitions) the transcripts are
    read and lemmatised in partitions on Dask workers; the model is fitted in this process (LDA with a
    fixed seed is sequential), so the outputs are the same.

    Writes topics.json (DESIGN.md contract 6), unit_topics.csv, document_topics.csv,
    representative.csv, prevalence.csv (+ PNG per metadata field), alignment.csv against human
    codings when there are any (+ alignment.png), sweep.json for a range of k, and model/.
    Files that cannot be read are skipped and named with their reason in topics.json's
    "skipped_files"; when none can be read: NothingRead, and `out` is left as it was.
    """
    from toolkit import nlp
    from toolkit.coding.codebook_io import load_codebook
    from toolkit.coding.topicmodel import TopicModel
    from toolkit.coding.topicmodel_io import save_topic_model
    from toolkit.coding.phrases import seeds_from_codebook
    from toolkit.nlp.partitioned import terms_on
    from toolkit.partitions import runner_for

    if unit not in ("segment", "document"):
        raise InputError(f"unknown --unit {unit!r}", hint="use segment or document")
    out = Path(out)
    if not out.exists() and out.suffix.lower() in (".json", ".csv", ".xlsx", ".html", ".png", ".jsonl"):
        raise InputError(f"--out is the folder the topic files go into, not a {out.suffix} file", path=out,
                         hint=f"give a folder name, e.g. --out {out.with_suffix('')}/")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "topics.json").exists())):
        raise InputError("output folder exists and is not a worth topics folder", path=out,
                         hint="give a new or empty --out folder")
    book = load_codebook(codebook)
    with runner_for(scheduler) as runner:  # reading and lemmatising in partitions; the fit stays here
        documents, segments, skipped = collect_segments(inputs, runner=runner)
        _nothing_read(skipped, len(documents))  # nothing written; the caller lists every file
        segments = [s for s in segments if s.codable]
        meta = {d.id: d.meta for d in documents}
        units = _units(segments, unit)
        if not units:
            raise InputError("no text to model", path=str(inputs[0]) if inputs else None, hint="check the input")
        docs = nlp.terms([u[2] for u in units]) if runner is None else terms_on(runner, [u[2] for u in units])
    seeds = seeds_from_codebook(book) if seeded else None

    def make(n: int) -> TopicModel:
        return TopicModel(n_topics=n, seed_codes=seeds, random_state=seed, passes=passes)

    sweep_result = None
    if model is not None:
        from toolkit.coding.topicmodel_io import load_topic_model

        fitted_path = Path(model)
        fitted = load_topic_model(fitted_path)
        k_range, k = None, len(fitted.topic_labels_)
    if k_range:
        sweep_result, k = _sweep(make, docs, k_range, max_minutes)
    applied = model is not None
    model = fitted if applied else make(int(k)).fit(docs)
    theta = model.transform(docs)
    labels = list(model.topic_labels_)
    with atomic_dir(out, replace=True) as tmp:
        coherence = model.coherence(docs)
        result = {"topics": model.topic_records(20), "coherence": coherence, "k": int(k), "unit": unit,
                  "seeded": seeded, "seed": seed, "n_units": len(units), "seed_report": model.seed_report_,
                  "nlp_pipeline": nlp.pipeline_info().key, "skipped_files": [e.one_line() for e in skipped]}
        if applied:
            result["applied_model"] = str(fitted_path)
        if sweep_result is not None:
            result["sweep"] = sweep_result
            (tmp / "sweep.json").write_text(json.dumps(sweep_result, indent=1), encoding="utf-8")
        (tmp / "topics.json").write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True),
                                         encoding="utf-8")
        doc_table = _write_unit_tables(tmp, units, theta, labels)
        _topic_prevalence(doc_table, meta, labels, tmp)
        _topic_alignment(inputs, units, theta, labels, book, coder, tmp, unit)
        if not applied:
            save_topic_model(model, tmp / "model", extra={"codebook": book.hash, "unit": unit})
    return result




def _units(segments, unit: str) -> list[tuple[str, str, str]]:
    """(unit id, document id, text) per segment, or per document with its segments joined."""
    if unit == "segment":
        return [(s.id, s.doc_id, s.text) for s in segments]
    by_doc: dict[str, list[str]] = {}
    for s in segments:
        by_doc.setdefault(s.doc_id, []).append(s.text)
    return [(d, d, "\n\n".join(t)) for d, t in by_doc.items()]


def _sweep(make, docs, k_range: Sequence[int], max_minutes: float) -> tuple[list[dict[str, Any]], int]:
    """Fit every k of the range (refused up front when it would take too long); the best k by c_v."""
    import time

    ks = sorted(set(int(x) for x in k_range))
    if ks[-1] > len(docs):
        raise InputError(f"--k-range goes up to {ks[-1]} topics, but there are only {len(docs)} texts (turns or "
                         "paragraphs) to fit them on", hint=f"end the range at {len(docs)} or lower, or give more transcripts")
    t0 = time.perf_counter()
    first = make(ks[0]).fit(docs)
    per_topic = (time.perf_counter() - t0) / ks[0]
    estimate = per_topic * sum(ks) * 1.5  # fits plus coherence
    if estimate > max_minutes * 60:
        raise InputError(f"a sweep over k = {ks[0]}..{ks[-1]} would take about {estimate / 60:.0f} minutes, "
                         f"over the limit of {max_minutes:g}", hint="use fewer or smaller k, or raise --max-minutes")
    sweep_result = [{"k": ks[0], **first.coherence(docs)}]
    for n in ks[1:]:
        sweep_result.append({"k": n, **make(n).fit(docs).coherence(docs)})
    return sweep_result, max(sweep_result, key=lambda r: (r["c_v"], -r["k"]))["k"]


def _write_unit_tables(tmp: Path, units, theta, labels: list[str]):
    """unit_topics.csv, document_topics.csv and representative.csv; returns the document table."""
    import numpy as np
    import pandas as pd

    table = pd.DataFrame(theta, columns=labels)
    table.insert(0, "doc_id", [u[1] for u in units])
    table.insert(0, "unit_id", [u[0] for u in units])
    table.round(6).to_csv(tmp / "unit_topics.csv", index=False, sep=_io.CSV_SEP, encoding=_io.CSV_ENCODING)
    doc_table = table.groupby("doc_id", sort=True)[labels].mean()
    doc_table.round(6).to_csv(tmp / "document_topics.csv", sep=_io.CSV_SEP, encoding=_io.CSV_ENCODING)
    rep = []
    for j, label in enumerate(labels):
        for rank, i in enumerate(np.argsort(-theta[:, j], kind="stable")[:5], 1):
            rep.append({"topic": label, "rank": rank, "proportion": round(float(theta[i, j]), 4),
                        "unit_id": units[i][0], "text": units[i][2][:600]})
    pd.DataFrame(rep).to_csv(tmp / "representative.csv", index=False, sep=_io.CSV_SEP, encoding=_io.CSV_ENCODING)
    return doc_table
