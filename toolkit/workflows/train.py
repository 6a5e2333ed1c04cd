"""`train`: a code classifier from human codings, saved as a new model folder."""

from __future__ import annotations
import logging

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
from toolkit.types import Segment
from toolkit.workflows.base_data import _split_docs, _training_hash, base_training_data, data_record
from toolkit.workflows.ingest import _coded_inputs, collect_segments
from toolkit.exchange.qdpx_read import import_qdpx

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def _document_digests(segments: Sequence[Segment], groups: Sequence[str] | None = None) -> list[str]:
    """Per document (per cross-validation group: an excerpt without doc_id is one), a short digest of
    its segment texts: lets `evaluate` notice training documents among the evaluation data without
    keeping document ids or texts in the model."""
    import hashlib

    by_doc: dict[str, list[Segment]] = {}
    for s, group in zip(segments, groups if groups is not None else [s.doc_id for s in segments]):
        by_doc.setdefault(group, []).append(s)
    return sorted(hashlib.sha256("\x00".join(s.text for s in sorted(segs, key=lambda s: s.start)).encode())
                  .hexdigest()[:16] for segs in by_doc.values())


def _codebook_for(inputs: Sequence[str | Path], codebook: str | Path | None, codings: str | Path | None):
    """--codebook when given; else the codebook inside the .qdpx inputs (the codes the researcher
    coded with in ATLAS.ti, NVivo or MAXQDA); else the codebook the project inputs were ingested
    with (`_project_codebook`); else the default codebook."""
    from toolkit.coding.codebook_io import load_codebook

    qdpx = [Path(i) for i in inputs if Path(i).suffix.lower() == ".qdpx"]
    if codebook is not None or codings is not None:
        return load_codebook(codebook)
    if not qdpx:
        return _project_codebook(inputs) or load_codebook(None)
    books = [load_codebook(p) for p in qdpx]

    def structure(book) -> list[tuple]:
        return sorted((c.id, c.name_nl, c.parent, c.codable) for c in book.codes)

    for path, book in zip(qdpx[1:], books[1:]):  # project names and descriptions may differ
        if structure(book) != structure(books[0]):
            differ = sorted(set(structure(book)) ^ set(structure(books[0])))[0]
            raise InputError(f"this project's codes differ from those of {qdpx[0].name} (first difference: code "
                             f"{differ[0]!r})", path=path,
                             hint=f"pass the one codebook to use with --codebook (e.g. --codebook {qdpx[0]})")
    log.info("codebook %r with %d codes, read from %s", books[0].name, len(books[0].ids), qdpx[0])
    return books[0]


def _project_codebook(inputs: Sequence[str | Path]):
    """The newest codebook stored in the project inputs, other than the default, that has every code of
    their human codings (`worth ingest --codebook mine.yaml` keeps it there); None when there is none."""
    from toolkit.coding.codebook_io import load_codebook
    from toolkit.exchange.qdpx_common import codebook_from_content
    from toolkit.store import is_project_file, open_store
    from toolkit.types import is_machine_coder

    default, stored, used = load_codebook(None).hash, {}, set()
    for path in (Path(i) for i in inputs):
        if path.is_file() and is_project_file(path):
            with open_store(path, create=False) as store:
                stored.update((b["hash"], (b["added_at"], b["content"], path)) for b in store.codebooks())
                used |= {c.code_id for coder in store.coders() if not is_machine_coder(coder)
                         for c in store.codings(coder)}  # human codings only: machine runs can be large
    for _, content, path in sorted((v for h, v in stored.items() if h != default), key=lambda v: v[0], reverse=True):
        book = codebook_from_content(content, source=str(path))
        if used <= set(book.ids):
            log.info("codebook %r with %d codes, the one stored in %s", book.name, len(book.ids), path)
            return book
    return None


def _unsupervised_blocks(rows, *, topics: int, vectors: bool, unlabelled: Sequence[str | Path], seed: int, book,
                         skipped: list[InputError]):
    """Topic model and word vectors learned from the training text plus any unlabelled transcripts
    (those that cannot be read are added to `skipped`)."""
    from toolkit import nlp

    unlabelled_terms: list[list[str]] = []
    learn_vectors = vectors and not nlp.has_vectors()
    if unlabelled and not (topics or learn_vectors):
        log.warning("--unlabelled is not used: it feeds --topics and the word vectors learned with --vectors, "
                    "and %s", "the pipeline's own vectors are fixed" if vectors else "neither is on")
    elif unlabelled:
        documents, extra, unread = collect_segments(unlabelled)
        if unread and not documents:
            log.warning("no --unlabelled file could be read: the topics and word vectors learn from the "
                        "training text only")
        skipped.extend(unread)
        unlabelled_terms = nlp.terms([s.text for s in extra if s.codable])
    corpus_terms = [list(r.terms) for r in rows] + unlabelled_terms
    topic_model = word_vectors = None
    if topics:
        from toolkit.coding.topicmodel import TopicModel
        from toolkit.coding.phrases import seeds_from_codebook

        topic_model = TopicModel(n_topics=topics, seed_codes=seeds_from_codebook(book), random_state=seed)
        topic_model.fit(corpus_terms)
    if vectors and not learn_vectors:
        from toolkit.coding.features import PipelineVectors

        word_vectors = PipelineVectors.active()
        log.info("word vectors: those of the pipeline %s (%d dimensions)", word_vectors.pipeline, word_vectors.dim)
    elif vectors:
        from toolkit.coding.features import WordVectors

        word_vectors = WordVectors.learn(corpus_terms, seed=seed)
        log.info("word vectors: learned with gensim from %d texts (the pipeline has none)", len(corpus_terms))
    return topic_model, word_vectors, len(unlabelled_terms)


def semantic_block(book, embedder: str):
    """An unfitted semantic block for `book`: its definitions, criteria and examples embedded."""
    from toolkit.coding.features import prepare
    from toolkit.coding.semantic import SemanticBlock, code_anchors
    from toolkit.nlp.embeddings import make_embedder

    emb = make_embedder(embedder)
    anchors, meta = code_anchors(book, book.ids, lambda texts: prepare(texts, book), emb)
    return SemanticBlock(anchors, meta, len(book.ids), embedder=emb)


def _tune(clf, tune: str | Path, select: str | None, book) -> dict[str, Any]:
    """Blend and thresholds chosen on coded excerpts of real text (recorded in the manifest)."""
    from toolkit.coding.bank import load_excerpts
    from toolkit.coding.features import prepare
    from toolkit.coding.tuning import tune_decisions

    ex = load_excerpts([tune], book, select=select)
    if not len(ex.texts):
        raise InputError(f"no excerpt is selected by {select!r}", path=Path(tune),
                         hint="check --tune-select FIELD=VALUE[,VALUE]")
    record = tune_decisions(clf, prepare(ex.texts, book), ex.Y)
    return {**ex.sources[0], **record,
            "note": "blend and per-code thresholds chosen on these excerpts; feature weights were not"}


def _metrics(clf, rows, Y, book, counts: dict[str, int]) -> dict[str, Any]:
    import numpy as np

    from toolkit.coding.evaluate import code_metrics
    from toolkit.coding.features import keyword_scores

    oof = np.nan_to_num(clf.oof_proba_[:len(rows)], nan=0.0)
    kw = keyword_scores(rows, book.ids)
    by, unit = "document", "documents"  # coded excerpts without doc_id: each line is its own group
    if counts.get("excerpts"):
        by, unit = ("document (lines without doc_id: each line on its own)", "documents") if counts["documents"] else \
            ("excerpt (no line names its document)", "excerpts")
    return {"cross_validation": code_metrics(Y, oof, oof >= clf.thresholds_, book.ids),
            "keyword_baseline": code_metrics(Y, kw, kw > 0, book.ids, calibrated=False),
            "note": f"cross-validated by {by} on the training data; thresholds chosen on the same "
                    "out-of-fold scores, so F1 here is slightly optimistic: evaluate on held-out "
                    f"{unit} with `worth evaluate --model`"}


def _check_choices(base_mode: str, embedder: str | None) -> None:
    if base_mode not in ("data", "scores"):
        raise InputError(f"unknown --base-mode {base_mode!r}", hint="choose --base-mode data or --base-mode scores")
    if embedder not in (None, "static", "full"):
        raise InputError(f"unknown embedder {embedder!r}", hint="choose --embedder static or --embedder full")


def train(inputs: Sequence[str | Path], out: str | Path, *, codebook: str | Path | None = None,
          base: str | Path | None = None, base_mode: str = "data", coder: str | None = None,
          split: str | Path | None = None,
          part: str = "train", seed: int = 0, min_positives: int = 5, codings: str | Path | None = None,
          topics: int = 0, vectors: bool = False, unlabelled: Sequence[str | Path] = (),
          bank: Sequence[str | Path] = (), embedder: str | None = None, blend: float = 0.0,
          tune: str | Path | None = None, tune_select: str | None = None,
          progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Train a code classifier from human codings and save it as a new model folder.

    `inputs` are coded sources (project, .jsonl, .csv), or transcripts when `codings` gives their
    standoff codings (unreadable ones are skipped: training["skipped_files"]; none readable: NothingRead).
    `bank`: coded excerpts; `embedder` ("static", "full"): the semantic block; `tune`: blend and thresholds.
    """
    import numpy as np

    from toolkit import nlp
    from toolkit.coding.bank import load_excerpts
    from toolkit.coding.classifiers import CodeClassifier
    from toolkit.coding.features import codebook_examples, prepare
    from toolkit.coding.labels import load_labelled
    from toolkit.coding.model import check_new_model_dir, load_model, save_model

    check_new_model_dir(out)  # before any work: a taken --out is refused at once, not after training
    _check_choices(base_mode, embedder)
    book = _codebook_for(inputs, codebook, codings)
    skipped: list[InputError] = []
    with _coded_inputs(inputs, codings, codebook, skipped) as sources:
        data = load_labelled(sources, book, coder=coder, docs=_split_docs(split, part), read_qdpx=import_qdpx)
    data.source = ", ".join(str(i) for i in inputs) + (f" + {codings}" if codings else "")
    extra = load_excerpts(bank, book) if bank else None
    if len(set(data.groups)) < 2 and extra is None:
        log.warning("all training segments come from one document: thresholds cannot be cross-validated")
    base_model = load_model(base) if base is not None else None
    rehearsal = base_training_data(base_model, book) if base_model is not None and base_mode == "data" else None
    if rehearsal is not None and embedder is None and base_model.classifier.semantic_ is not None:
        # adapting with the base's data keeps its semantic block and blend (models/full stays a full model);
        # by its scores (the review app's retrain), the base's scores already carry it
        from toolkit.nlp.embeddings import embedder_kind

        embedder = embedder_kind(base_model.classifier.semantic_.embedder.id)
        blend = base_model.classifier.blend
    texts, Y, groups, questions = [s.text for s in data.segments], data.Y, list(data.groups), list(data.questions)
    if extra is not None:
        texts, Y, groups = texts + extra.texts, np.vstack([Y, extra.Y]), groups + extra.groups
        questions += [""] * len(extra.texts)
    n_own = len(texts)
    if rehearsal is not None:
        texts, Y, groups = texts + rehearsal.texts, np.vstack([Y, rehearsal.Y]), groups + rehearsal.groups
        questions += rehearsal.questions
    rows = prepare(texts, book, progress=progress, questions=questions)
    topic_model, word_vectors, n_unlabelled = _unsupervised_blocks(
        rows, topics=topics, vectors=vectors, unlabelled=unlabelled, seed=seed, book=book, skipped=skipped)
    examples = codebook_examples(book)
    clf = CodeClassifier(code_ids=book.ids, seed=seed, min_positives=min_positives, examples=examples,
                         base=base_model.classifier if base_model and rehearsal is None else None,
                         topics=topic_model,
                         vectors=word_vectors, semantic=semantic_block(book, embedder) if embedder else None,
                         blend=blend if embedder else 0.0)
    # a code none of the own codings has is not assigned, unless they are a reviewer's partial codings
    clf.fit(rows, Y, groups, own=n_own, partial=data.partial)
    metrics = _metrics(clf, rows[:n_own], Y[:n_own], book, data.group_counts())  # on the new codings only
    training = {"source": data.source, "coder": data.coder, "split": str(split) if split else None,
                "part": part if split else None, "segments": len(data.segments), "partial": data.partial,
                **data.group_counts(), "data_sha256": _training_hash(data.segments, data.Y),
                "document_digests": _document_digests(data.segments, data.groups),
                "base": str(base) if base else None,
                "base_mode": None if base is None else "scores" if rehearsal is None else "data",
                "base_segments": len(rehearsal.texts) if rehearsal is not None else 0, "own_threshold_pull": clf.own_pull_,
                "data": data_record(out, inputs=inputs, codings=codings, codebook=codebook, split=split,
                                    part=part, coder=data.coder, bank=bank),
                "unlabelled": [str(u) for u in unlabelled], "unlabelled_segments": n_unlabelled,
                "codebook_examples": len(examples[0]),
                "bank": extra.sources if extra is not None else [],
                "tuning": _tune(clf, tune, tune_select, book) if tune else None,
                "skipped_files": [exc.one_line() for exc in skipped]}
    manifest = save_model(out, clf, book, training=training, metrics=metrics,
                          pipeline=nlp.pipeline_info().key, seed=seed)
    manifest["metrics"] = metrics
    return manifest
