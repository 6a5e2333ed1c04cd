"""Topic summaries: prevalence per document attribute and alignment of topics with codes."""

from __future__ import annotations
import logging

from pathlib import Path
from typing import Any

from toolkit import files as _io
from toolkit.store import is_project_file, open_store

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def _topic_prevalence(doc_table, meta: dict[str, dict[str, Any]], labels: list[str], folder: Path) -> None:
    """Mean topic proportion per metadata value over documents, with a normal 95% interval
    (clipped to [0, 1]; none for a value with one document)."""
    import numpy as np
    import pandas as pd

    from toolkit.analysis.report import _pyplot

    rows = []
    for key in ("respondent_role", "setting", "municipality", "doc_type"):
        values = {d: str(meta.get(d, {}).get(key) or "") for d in doc_table.index}
        if len({v for v in values.values() if v}) < 2:
            continue
        for value in sorted({v for v in values.values() if v}):
            sub = doc_table.loc[[d for d, v in values.items() if v == value]]
            for label in labels:
                x = sub[label].to_numpy()
                se = x.std(ddof=1) / np.sqrt(len(x)) if len(x) > 1 else float("nan")
                rows.append({"field": key, "value": value, "topic": label, "documents": len(x),
                             "mean": round(float(x.mean()), 6),
                             "ci_low": round(float(np.clip(x.mean() - 1.96 * se, 0, 1)), 6),
                             "ci_high": round(float(np.clip(x.mean() + 1.96 * se, 0, 1)), 6)})
    table = pd.DataFrame(rows, columns=["field", "value", "topic", "documents", "mean", "ci_low", "ci_high"])
    table.to_csv(folder / "prevalence.csv", index=False, sep=_io.CSV_SEP, encoding=_io.CSV_ENCODING)
    plt = _pyplot()
    for key, sub in table.groupby("field", sort=True):
        fig, ax = plt.subplots(figsize=(9, 0.3 * len(labels) + 1.5))
        values = sorted(sub["value"].unique())
        height = 0.8 / len(values)
        for i, value in enumerate(values):
            part = sub[sub["value"] == value].set_index("topic").loc[labels]
            err = np.vstack([part["mean"] - part["ci_low"], part["ci_high"] - part["mean"]]).clip(min=0)
            ax.barh(np.arange(len(labels)) + i * height, part["mean"], height=height, xerr=np.nan_to_num(err),
                    label=value, capsize=2)
        ax.set_yticks(np.arange(len(labels)) + height * (len(values) - 1) / 2)
        ax.set_yticklabels(labels, fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel("gemiddeld aandeel van het topic per document (95%-interval)")
        ax.set_title(f"Topics naar {key}")
        ax.legend(fontsize=7, loc="lower right")
        fig.savefig(folder / f"prevalence_{key}.png", dpi=110, bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)


def _topic_alignment(inputs, units, theta, labels: list[str], book, coder: str | None, folder: Path,
                     unit: str) -> None:
    """How strongly each topic goes with each code of a human coder (segment units only).

    ROC-AUC of a topic's share for a code: 0.5 is no relation. Short turns ("Ja.") get nearly
    uniform shares, so generic topics tend to sit below 0.5 for every code; read the rows of seeded
    topics against their own code.
    """
    import pandas as pd
    from sklearn.metrics import roc_auc_score

    from toolkit.coding.labels import labels_from_codings
    from toolkit.analysis.report import _pyplot

    projects = [Path(i) for i in inputs if is_project_file(i)]
    if unit != "segment" or not projects:
        return
    with open_store(projects[0], create=False) as store:
        humans = [c for c in store.coders() if not c.startswith("model:")]
        who = coder or (humans[0] if len(humans) == 1 else None)
        if who is None:
            if humans:
                log.warning("several human coders (%s): give --coder for the topic-code alignment", ", ".join(humans))
            return
        codings = store.codings(who)
        segs = {s.id: s for s in store.segments()}
    coded_docs = {c.doc_id for c in codings}
    idx = [i for i, u in enumerate(units) if u[1] in coded_docs and u[0] in segs]
    if not idx:
        return
    Y = labels_from_codings([segs[units[i][0]] for i in idx], codings, book.ids)
    T = theta[idx]
    rows = []
    for j, label in enumerate(labels):
        for c, code in enumerate(book.ids):
            y = Y[:, c]
            if y.all() or not y.any():
                continue
            rows.append({"topic": label, "code": code, "coder": who, "positives": int(y.sum()),
                         "mean_coded": round(float(T[y, j].mean()), 5), "mean_uncoded": round(float(T[~y, j].mean()), 5),
                         "roc_auc": round(float(roc_auc_score(y, T[:, j])), 4)})
    table = pd.DataFrame(rows)
    table.to_csv(folder / "alignment.csv", index=False, sep=_io.CSV_SEP, encoding=_io.CSV_ENCODING)
    if table.empty:
        return
    grid = table.pivot(index="topic", columns="code", values="roc_auc").reindex(
        index=labels, columns=[c for c in book.ids if c in set(table["code"])])
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(10, 0.3 * len(labels) + 2.5))
    im = ax.imshow(grid.to_numpy(), cmap="RdBu_r", vmin=0.2, vmax=0.8)
    ax.set_xticks(range(grid.shape[1]))
    ax.set_xticklabels(grid.columns, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(grid.shape[0]))
    ax.set_yticklabels(grid.index, fontsize=7)
    ax.set_title(f"Topic-code alignment (ROC-AUC of the topic share for the codes of {who})")
    fig.colorbar(im, ax=ax, label="ROC-AUC (0.5 = no relation)")
    fig.savefig(folder / "alignment.png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)


