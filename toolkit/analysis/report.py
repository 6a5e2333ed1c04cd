"""A self-contained HTML report of a coded project, readable offline.

One file, no external resources (no scripts, fonts, stylesheets or images from elsewhere): plots are
inline SVG drawn by matplotlib with glyphs as paths, styling is inline CSS, hover texts are `title`
attributes. Sections: project summary, codebook, code frequencies per coder, code co-occurrence,
agreement between coders (when there are several and `toolkit.analysis.agreement` is available), and every
transcript with its coded spans highlighted: text is cut at every span boundary, so overlapping
codes show as stacked coloured underlines, with code, coder and score on hover.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from pathlib import Path

from toolkit.files import atomic_write
from toolkit.errors import InputError

__all__ = ["render_report", "write_report"]

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:68rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#222}
h1,h2,h3{line-height:1.2} table{border-collapse:collapse;margin:1rem 0} td,th{border:1px solid #ccc;
padding:.2rem .5rem;text-align:left;vertical-align:top} th{background:#f4f4f4}
.swatch{display:inline-block;width:.9rem;height:.9rem;border-radius:2px;vertical-align:middle;margin-right:.3rem}
.turn{margin:.4rem 0;padding:.2rem .5rem;border-left:3px solid #ddd}
.turn.interviewer{color:#666;border-left-color:#eee;font-style:italic}
.speaker{font-weight:600;margin-right:.4rem}
.c{padding-bottom:1px;cursor:help}
details{margin:.6rem 0} summary{cursor:pointer;font-weight:600}
.muted{color:#666;font-size:.9rem}
"""


def _pyplot():
    """matplotlib set up for reproducible, self-contained SVG (glyphs as paths, fixed ids)."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "path"
    matplotlib.rcParams["svg.hashsalt"] = "worth"
    import matplotlib.pyplot as plt

    return plt


def _svg(fig) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buf.getvalue()
    text = re.sub(r"<metadata>.*?</metadata>", "", text[text.index("<svg"):], flags=re.S)
    return text


def _frequency_plot(table, names: dict[str, str], colours: dict[str, str]) -> str:
    plt = _pyplot()

    counts = table.groupby(["code_id", "coder"]).size().unstack(fill_value=0)
    order = [c for c in names if c in counts.index]
    counts = counts.loc[order]
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(order) + 1.2))
    coders = list(counts.columns)
    height = 0.8 / max(len(coders), 1)
    for i, coder in enumerate(coders):
        ax.barh([y + i * height for y in range(len(order))], counts[coder], height=height, label=coder)
    ax.set_yticks([y + height * (len(coders) - 1) / 2 for y in range(len(order))])
    ax.set_yticklabels([names[c] for c in order])
    ax.invert_yaxis()
    ax.set_xlabel("aantal gecodeerde fragmenten (coded segments)")
    ax.set_title("Codefrequenties per codeur")
    ax.legend(loc="lower right", fontsize=8)
    return _svg(fig)


def _cooccurrence_plot(co, names: dict[str, str], coder: str) -> str:
    plt = _pyplot()
    import numpy as np

    sub = co[co["coder"] == coder]
    order = [c for c in names if c in set(sub["code_a"])]
    idx = {c: i for i, c in enumerate(order)}
    m = np.zeros((len(order), len(order)))
    for r in sub.itertuples():
        if r.code_a in idx and r.code_b in idx and r.code_a != r.code_b:
            m[idx[r.code_a], idx[r.code_b]] = r.spans
    fig, ax = plt.subplots(figsize=(7.5, 6.5))
    im = ax.imshow(m, cmap="Blues")
    ax.set_xticks(range(len(order)))
    ax.set_xticklabels([names[c] for c in order], rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels([names[c] for c in order], fontsize=7)
    ax.set_title(f"Samen voorkomen van codes (co-occurrence), codeur {coder}")
    fig.colorbar(im, ax=ax, label="fragmenten met beide codes")
    return _svg(fig)


def _highlight(text: str, spans: list[tuple[int, int, str, str, float | None]], colours: dict[str, str],
               names: dict[str, str]) -> str:
    """Text with coded spans (start, end, code, coder, score) relative to `text` as stacked underlines."""
    cuts = sorted({0, len(text), *[s for s, _, _, _, _ in spans], *[e for _, e, _, _, _ in spans]})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b])
        covering = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
        if not covering:
            out.append(piece)
            continue
        shadows = ",".join(f"inset 0 -{3 * (k + 1)}px 0 {colours.get(code, '#999')}"
                           for k, (_, _, code, _, _) in enumerate(sorted(covering, key=lambda s: s[2])))
        title = "; ".join(f"{names.get(code, code)} — {coder}" + (f" ({score:.2f})" if score is not None else "")
                          for _, _, code, coder, score in sorted(covering, key=lambda s: (s[2], s[3])))
        out.append(f'<span class="c" style="box-shadow:{shadows};padding-bottom:{3 * len(covering)}px" '
                   f'title="{html.escape(title)}">{piece}</span>')
    return "".join(out).replace("\n", "<br>")


def _agreement_section(store, coders: list[str], code_ids: list[str]) -> str:
    try:
        from toolkit.analysis.agreement import segment_agreement
    except ImportError:  # the agreement module is optional here
        return ""
    humans = list(coders)
    if len(humans) < 2:
        return ""
    try:
        rows = segment_agreement(store.segments(), store.codings(), code_ids, humans)
    except InputError as exc:
        return f"<h2>Overeenstemming</h2><p class='muted'>{html.escape(exc.one_line())}</p>"
    keys = [k for k in ("code", "n_units", "percent_agreement", "cohen_kappa", "fleiss_kappa",
                        "alpha", "alpha_ci_low", "alpha_ci_high", "reason") if any(k in r for r in rows)]
    head = "".join(f"<th>{html.escape(k)}</th>" for k in keys)
    body = []
    for r in rows:
        cells = []
        for k in keys:
            v = r.get(k)
            cells.append(f"<td>{v:.3f}</td>" if isinstance(v, float) else f"<td>{html.escape(str(v if v is not None else ''))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<h2>Overeenstemming tussen codeurs ({html.escape(', '.join(humans))})</h2>"
            f"<table><tr>{head}</tr>{''.join(body)}</table>")


def render_report(store, *, coders: Sequence[str] | None = None, title: str | None = None) -> str:
    """The report as one HTML string."""
    from toolkit.analysis.tables import codings_table, cooccurrence

    books = store.codebooks()
    if not books:
        raise InputError("the project has no codebook", path=str(store.path),
                         hint="ingest codings with --codings or code it with `worth code` first")
    codes = {}
    for book in books:
        for c in book["content"]["codes"]:
            codes.setdefault(c["id"], c)
    names = {cid: c["name_nl"] for cid, c in codes.items()}
    colours = {cid: c.get("colour") or "#888888" for cid, c in codes.items()}
    table = codings_table(store, coders=coders)
    if table.empty:
        raise InputError("the project has no codings to report", path=str(store.path),
                         hint="import human codings or run `worth code` on the project first")
    used_coders = sorted(table["coder"].unique())
    summary = store.summary()
    e = html.escape
    parts = [f"<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
             f"<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
             f"<meta name='viewport' content='width=device-width,initial-scale=1'>"
             f"<title>{e(title or 'worth-rapport')}</title><style>{_CSS}</style></head><body>",
             f"<h1>{e(title or 'worth-rapport')}</h1>",
             f"<p class='muted'>{summary['documents']} documenten, {summary['codable_segments']} "
             f"te coderen fragmenten, {len(table)} coderingen door {len(used_coders)} codeur(s): "
             f"{e(', '.join(used_coders))}. Gemaakt zonder netwerk; dit bestand laadt niets van buiten.</p>"]
    parts.append("<h2>Codeboek</h2><table><tr><th>code</th><th>naam</th><th>definitie</th></tr>")
    for cid, c in codes.items():
        parts.append(f"<tr><td><span class='swatch' style='background:{e(colours[cid])}'></span>{e(cid)}</td>"
                     f"<td>{e(c['name_nl'])}<br><span class='muted'>{e(c.get('name_en', ''))}</span></td>"
                     f"<td>{e(c.get('definition', ''))}</td></tr>")
    parts.append("</table>")
    parts.append("<h2>Codefrequenties</h2>" + _frequency_plot(table, names, colours))
    co = cooccurrence(table)
    for coder in used_coders:
        if len(co[co["coder"] == coder]):
            parts.append("<h2>Samen voorkomen van codes</h2>" + _cooccurrence_plot(co, names, coder))
            break
    parts.append(_agreement_section(store, [c for c in used_coders if not c.startswith("model:")], list(codes)))
    parts.append("<h2>Transcripten</h2><p class='muted'>Onderstreping: gecodeerde fragmenten, één kleur per "
                 "code; meerdere lijnen = overlappende codes. Beweeg over de tekst voor code, codeur en score.</p>")
    by_doc = {d: g for d, g in table.groupby("doc_id", sort=True)}
    for doc in store.documents():
        spans = [(r.start, r.end, r.code_id, r.coder, None if r.score != r.score else r.score)
                 for r in by_doc[doc.id].itertuples()] if doc.id in by_doc else []
        parts.append(f"<details><summary>{e(doc.id)} <span class='muted'>({len(spans)} coderingen"
                     + "".join(f"; {e(k)}: {e(str(v))}" for k, v in sorted(doc.meta.items())
                               if k in ("respondent_role", "setting", "municipality"))
                     + ")</span></summary>")
        for seg in store.segments(doc.id):
            inside = [(max(s, seg.start) - seg.start, min(t, seg.end) - seg.start, c, who, sc)
                      for s, t, c, who, sc in spans if s < seg.end and t > seg.start]
            cls = "turn interviewer" if seg.is_interviewer else "turn"
            speaker = f"<span class='speaker'>{e(seg.speaker)}:</span>" if seg.speaker else ""
            parts.append(f"<div class='{cls}'>{speaker}{_highlight(seg.text, inside, colours, names)}</div>")
        parts.append("</details>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(store, out: str | Path, *, coders: Sequence[str] | None = None, title: str | None = None) -> Path:
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"a report is written as .html, not '{out.suffix}'", path=out, hint="use --out FILE.html")
    text = render_report(store, coders=coders, title=title)
    with atomic_write(out) as fh:
        fh.write(text)
    return out
