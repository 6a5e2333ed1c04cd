"""Classifier measurements: quality, learning curve, generalisation, speed and memory.

Run: python benchmarks/bench_classifier.py
Prints
1. quality of models/default on the demo test split (per code and macro F1, ROC-AUC) beside the
   keyword baseline from the codebook;
2. a learning curve on the test split: macro-F1 after training on 50/100/200/400 segments of the
   train split, from scratch and adapting a model of the written bank alone as `--base` does (its
   training data beside the new codings; models/default saw the train split, so it cannot be the
   base here); 2b. the design choices behind
   the defaults (tf-idf over every lemma or content lemmas only; C), cross-validated and on test;
3. behaviour on real excerpts from the seed books (../shared/dev-excerpts.jsonl; incomplete labels,
   so recall and ROC-AUC first), skipped when absent;
4. time to train the default model, and wall time and peak memory of `worth code` on about 1 MB of
   the seed books (skipped when absent);
5. what the optional feature blocks add (`worth train --topics 24`, `--vectors [--unlabelled]`):
   macro-F1 on the test split and on the learning curve, and ROC-AUC on the real excerpts;
6. the codebook prior used for codes with too few positives, with and without seeded-topic shares.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
SHARED = ROOT.parent / "shared"


def fmt(x) -> str:
    return "  –  " if x is None else f"{x:5.2f}"


def main() -> int:
    import toolkit as worth
    from toolkit.workflows.train import _split_docs
    from toolkit.coding.bank import load_excerpts
    from toolkit.coding.classifiers import CodeClassifier
    from toolkit.coding.codebook_io import load_codebook
    from toolkit.coding.evaluate import code_metrics
    from toolkit.coding.features import codebook_examples, keyword_scores, prepare
    from toolkit.coding.labels import load_labelled
    from toolkit.coding.model import load_model

    book = load_codebook()
    model = load_model(ROOT / "models" / "default")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "demo.sqlite"
        worth.ingest([DEMO / "transcripts"], project, codings=DEMO / "codings.jsonl")
        split = DEMO / "split.json"
        train = load_labelled([project], book, coder="writer", docs=_split_docs(split, "train"))
        test = load_labelled([project], book, coder="writer", docs=_split_docs(split, "test"))

        # 1. quality on the test split
        rows = prepare([s.text for s in test.segments], book)
        proba = model.classifier.predict_proba(rows)
        m = code_metrics(test.Y, proba, proba >= model.classifier.thresholds_, book.ids)
        kw = keyword_scores(rows, book.ids)
        b = code_metrics(test.Y, kw, kw > 0, book.ids, calibrated=False)
        print(f"1. models/default on the demo test split ({len(rows)} segments, "
              f"{len(set(test.groups))} documents)")
        print(f"   {'code':30s} {'n':>4s}    F1   AUC | keyword F1  AUC")
        for c in book.ids:
            pm, pb = m["per_code"][c], b["per_code"][c]
            print(f"   {c:30s} {pm['support']:4d} {fmt(pm['f1'])} {fmt(pm['roc_auc'])} |    "
                  f"{fmt(pb['f1'])} {fmt(pb['roc_auc'])}")
        print(f"   {'macro':30s}      {fmt(m['macro_f1'])} {fmt(m['macro_roc_auc'])} |    "
              f"{fmt(b['macro_f1'])} {fmt(b['macro_roc_auc'])}   (ECE {m['ece']:.3f})")

        # 2. learning curve on the test split: from scratch, and adapting a base that never saw the demo
        train_rows = prepare([s.text for s in train.segments], book)
        rng = np.random.default_rng(0)
        examples = codebook_examples(book)
        bank = load_excerpts([ROOT / "corpora" / "bank"], book)
        bank_rows, bank_groups = prepare(bank.texts, book), list(bank.groups)
        base = CodeClassifier(code_ids=book.ids, examples=examples).fit(bank_rows, bank.Y, bank_groups)
        p = base.predict_proba(rows)
        base_f1 = code_metrics(test.Y, p, p >= base.thresholds_, book.ids)["macro_f1"]
        print("\n2. learning curve: macro-F1 on the test split (mean of 3 draws of N train-split segments); the base is "
              f"a model of the written bank alone ({len(bank_rows)} excerpts, no demo text; alone: {base_f1:.2f})")
        print("   segments  from scratch  adapting the bank model (as --base)  | from scratch without the codebook's "
              "examples")
        groups = np.asarray(train.groups)
        for size in (50, 100, 200, 400):
            scores = {"scratch": [], "base": [], "bare": []}
            for _ in range(3):
                pick = np.sort(rng.permutation(len(train_rows))[:size])
                sub, sub_Y, sub_groups = [train_rows[i] for i in pick], train.Y[pick], list(groups[pick])
                fits = {"scratch": (sub, sub_Y, sub_groups, examples, None), "bare": (sub, sub_Y, sub_groups, None, None),
                        # as `worth train --base`: the own codings train together with the base's data
                        "base": (sub + bank_rows, np.vstack([sub_Y, bank.Y]), sub_groups + bank_groups, examples, size)}
                for label, (r, y, g, ex, own) in fits.items():
                    clf = CodeClassifier(code_ids=book.ids, examples=ex).fit(r, y, g, own=own)
                    p = clf.predict_proba(rows)
                    scores[label].append(code_metrics(test.Y, p, p >= clf.thresholds_, book.ids)["macro_f1"])
            print(f"   {size:8d}  {np.mean(scores['scratch']):12.2f}  {np.mean(scores['base']):12.2f}"
                  f"                           | {np.mean(scores['bare']):8.2f}")

        # 2b. design choices behind the defaults: which lemmas the tf-idf reads, and C
        from dataclasses import replace

        both = load_labelled([project], book, coder="writer", docs=_split_docs(split, "train,dev"))
        both_rows = prepare([s.text for s in both.segments], book)
        print("\n2b. design choices, trained on train+dev: macro-F1 cross-validated by document (5 folds) / on the "
              "test split")
        print("   tf-idf reads                   C=1            C=4            C=16           C=64")
        for label, pick in (("content lemmas (no stop words)", lambda r: replace(r, words=r.terms)),
                            ("every lemma (the default)", lambda r: r)):
            cells = []
            for C in (1.0, 4.0, 16.0, 64.0):
                clf = CodeClassifier(code_ids=book.ids, C=C, examples=(list(map(pick, examples[0])), examples[1])
                                     ).fit([pick(r) for r in both_rows], both.Y, both.groups)
                oof = clf.oof_proba_
                cv = code_metrics(both.Y, oof, oof >= clf.thresholds_, book.ids)["macro_f1"]
                p = clf.predict_proba([pick(r) for r in rows])
                cells.append(f"{cv:.3f} / {code_metrics(test.Y, p, p >= clf.thresholds_, book.ids)['macro_f1']:.3f}")
            print(f"   {label:30s} " + "  ".join(cells))

        # 5. topic features
        from toolkit.coding.topicmodel import TopicModel
        from toolkit.coding.phrases import seeds_from_codebook

        tm = TopicModel(n_topics=24, seed_codes=seeds_from_codebook(book), random_state=0)
        tm.fit([list(r.terms) for r in train_rows])
        from toolkit import nlp
        from toolkit.coding.features import WordVectors

        vec_train = WordVectors.learn([list(r.terms) for r in train_rows])
        seed_terms = []
        if (SHARED / "seeds").is_dir():
            from toolkit.io.readers import read_inputs
            from toolkit.io.segment import segment_document

            seed_terms = nlp.terms([s.text for p in read_inputs([SHARED / "seeds"]).parsed
                                    for s in segment_document(p.document, unit="paragraph")])
        vec_seeds = WordVectors.learn([list(r.terms) for r in train_rows] + seed_terms) if seed_terms else None
        variants = [("plain", {}), ("24 seeded topics", {"topics": tm}), ("vectors, train text", {"vectors": vec_train})]
        if vec_seeds is not None:
            variants.append(("vectors, + seed books", {"vectors": vec_seeds}))
        topic_lines = []
        excerpt_rows = excerpt_Y = None
        if (SHARED / "dev-excerpts.jsonl").is_file():
            ex = [json.loads(x) for x in (SHARED / "dev-excerpts.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
            excerpt_rows = prepare([e["text"] for e in ex], book)
            excerpt_Y = np.array([[c in e["codes"] for c in book.ids] for e in ex])
        from sklearn.metrics import roc_auc_score

        prior_lines = ["\n6. codebook prior alone (every code as if it had too few positives), macro ROC-AUC on the test split"]
        for label, flag in (("indicators", False), ("indicators + seeded topic share", True)):
            clf = CodeClassifier(code_ids=book.ids, min_positives=10**6, topics=tm, topic_prior=flag)
            q = clf.fit(train_rows, train.Y, train.groups).predict_proba(rows)
            auc = np.mean([roc_auc_score(test.Y[:, j], q[:, j]) for j in range(len(book.ids))])
            prior_lines.append(f"   {label:32s} {auc:.3f}")
        for label, extra in variants:
            clf = CodeClassifier(code_ids=book.ids, examples=examples, **extra).fit(train_rows, train.Y, train.groups)
            p = clf.predict_proba(rows)
            full = code_metrics(test.Y, p, p >= clf.thresholds_, book.ids)["macro_f1"]
            curve = []
            rng = np.random.default_rng(1)
            for size in (50, 100, 200, 400):
                f1s = []
                for _ in range(3):
                    pick = np.sort(rng.permutation(len(train_rows))[:size])
                    c = CodeClassifier(code_ids=book.ids, examples=examples, **extra).fit(
                        [train_rows[i] for i in pick], train.Y[pick], groups[pick])
                    q = c.predict_proba(rows)
                    f1s.append(code_metrics(test.Y, q, q >= c.thresholds_, book.ids)["macro_f1"])
                curve.append(np.mean(f1s))
            auc = ""
            if excerpt_rows is not None:
                q = clf.predict_proba(excerpt_rows)
                auc = f" | excerpts AUC {code_metrics(excerpt_Y, q, q >= clf.thresholds_, book.ids)['macro_roc_auc']:.3f}"
            topic_lines.append(f"   {label:22s} full train {full:.3f} | 50/100/200/400: "
                               + " / ".join(f"{x:.2f}" for x in curve) + auc)

    print("\n".join(prior_lines))
    print("\n5. optional feature blocks (worth train --topics / --vectors --unlabelled): macro-F1 on the test "
          "split, learning curve, and macro ROC-AUC on the real excerpts (the seed books are the excerpts' "
          "source, so '+ seed books' has seen their text, unlabelled)")
    print("\n".join(topic_lines))

    # 3. real excerpts
    excerpts = SHARED / "dev-excerpts.jsonl"
    if excerpts.is_file():
        ex = [json.loads(line) for line in excerpts.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = prepare([e["text"] for e in ex], book)
        Y = np.array([[c in e["codes"] for c in book.ids] for e in ex])
        p = model.classifier.predict_proba(rows)
        me = code_metrics(Y, p, p >= model.classifier.thresholds_, book.ids)
        kw = keyword_scores(rows, book.ids)
        be = code_metrics(Y, kw, kw > 0, book.ids, calibrated=False)
        print(f"\n3. real excerpts from the seed books ({len(ex)}; labels incomplete: read recall and AUC)")
        print(f"   {'code':30s} {'n':>4s} recall  AUC | keyword recall AUC")
        for c in book.ids:
            pm, pb = me["per_code"][c], be["per_code"][c]
            print(f"   {c:30s} {pm['support']:4d} {fmt(pm['recall'])} {fmt(pm['roc_auc'])} |     "
                  f"{fmt(pb['recall'])} {fmt(pb['roc_auc'])}")
        print(f"   {'macro':30s}      {fmt(me['macro_recall'])} {fmt(me['macro_roc_auc'])} |     "
              f"{fmt(be['macro_recall'])} {fmt(be['macro_roc_auc'])}   (precision {fmt(me['macro_precision'])})")
    else:
        print("\n3. skipped: no ../shared/dev-excerpts.jsonl")

    # 4. speed and memory
    worth = [sys.executable, "-m", "toolkit", "-q"]
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        subprocess.run(worth + ["train", str(DEMO / "transcripts"), "--codings", str(DEMO / "codings.jsonl"),
                                "--coder", "writer", "--split", str(DEMO / "split.json"), "--part", "train,dev", "--out",
                                str(Path(tmp) / "m")], check=True, capture_output=True)
        print(f"\n4. training the default model (1,807 segments): {time.perf_counter() - t:.1f} s wall")
        seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
        if seeds:
            folder = Path(tmp) / "seeds"
            folder.mkdir()
            size = 0
            for f in seeds:  # about 1 MB of text
                text = f.read_text(encoding="utf-8")[: max(0, 1_000_000 - size)]
                if text:
                    (folder / f.name).write_text(text, encoding="utf-8")
                    size += len(text.encode("utf-8"))
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t = time.perf_counter()
            subprocess.run(worth + ["code", str(folder), "--out", str(Path(tmp) / "coded.jsonl")], check=True,
                           capture_output=True, env={**os.environ, "COLUMNS": "120"})
            wall = time.perf_counter() - t
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            n = sum(1 for _ in (Path(tmp) / "coded.jsonl").open(encoding="utf-8"))
            print(f"   worth code on {size / 1e6:.2f} MB of seed text ({n} paragraphs): {wall:.1f} s wall, "
                  f"peak memory {max(peak, before) / 1024:.0f} MB")
        else:
            print("   worth code speed: skipped (no ../shared/seeds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
