"""The review app's retrain without a base model: the reviewer's codings are partial."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

from tests.review_helpers import build_demo_project

DOCS = ("a01_weduwe_rollator_marskerk", "a02_weduwnaar_beroerte_holtewijk", "a03_copd_derde_verdieping_marskerk",
        "a04_buschauffeur_diabetes_holtewijk", "a05_echtpaar_slechtziend_marskerk")


def test_retrain_without_base_keeps_codes_the_reviewer_was_not_asked_about(tmp_path: Path) -> None:
    from toolkit.coding.thresholds import UNUSED_AFTER
    from toolkit.coding.codebook_io import load_codebook
    from toolkit.coding.labels import load_labelled
    from toolkit.app.review.retrain import run_retrain
    from toolkit.coding.model import load_model
    from toolkit.store import open_store
    from toolkit.store.review import add_decision

    project = build_demo_project(tmp_path, DOCS, coded=False)
    book = load_codebook(None)
    writer = load_labelled([project], book, coder="writer")
    # no model ever coded the project (no base): the reviewer codes turns by hand, the writer's codes
    # except ow.green, which nobody asked the reviewer about
    green = book.ids.index("ow.green")
    with open_store(project, create=False) as store:
        for seg, y in zip(writer.segments, writer.Y):
            for j in y.nonzero()[0]:
                if j != green:
                    add_decision(store, segment_id=seg.id, code_id=book.ids[j], decision="code", coder="rev",
                                 code_ids=set(book.ids))
    state = SimpleNamespace(project=project, book=book, coder="rev", machine_coder=None, lock=threading.Lock())
    result = run_retrain(state)
    assert result["base"] is None and result["segments"] >= UNUSED_AFTER  # the unused-code rule would apply
    model = load_model(result["model"])
    j = model.classifier.code_ids_.index("ow.green")
    assert model.classifier.support_[j] == 0
    assert model.classifier.thresholds_[j] <= 1  # not switched off: the reviewer was not asked about it
    assert model.manifest["training"]["partial"] is True


def test_evaluate_on_review_decisions_says_they_are_partial(tmp_path: Path, caplog) -> None:
    """Review decisions decide only the suggested codes of a turn: `evaluate` says so, in its JSON and
    as a warning; on whole documents it does not."""
    import logging

    import toolkit as worth
    from toolkit.coding.codebook_io import load_codebook
    from toolkit.coding.labels import load_labelled
    from toolkit.store import open_store
    from toolkit.store.review import add_decision

    project = build_demo_project(tmp_path, DOCS[:3], coded=False)
    book = load_codebook(None)
    writer = load_labelled([project], book, coder="writer")
    with open_store(project, create=False) as store:
        for seg, y in zip(writer.segments, writer.Y):
            for j in y.nonzero()[0]:
                add_decision(store, segment_id=seg.id, code_id=book.ids[j], decision="code", coder="rev",
                             code_ids=set(book.ids))
    with caplog.at_level(logging.WARNING):
        whole = worth.evaluate([project], coder="writer", curve=())
    assert whole["data"]["partial"] is False and "review decisions" not in caplog.text
    with caplog.at_level(logging.WARNING):
        reviewed = worth.evaluate([project], coder="rev", curve=())
    assert reviewed["data"]["partial"] is True and "review decisions" in caplog.text
