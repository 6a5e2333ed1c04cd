"""Long passages are scored by their best window of sentences as well as whole (coding/scoring.py)."""

from __future__ import annotations

import numpy as np

from toolkit.coding.features import prepare
from toolkit.coding.model import load_model
from toolkit.coding.scoring import WINDOW, _with_windows

SHAME = ("Ik schaamde me dood dat ik hulp moest vragen, ik durfde het aan niemand te vertellen, "
         "zelfs niet aan mijn eigen zus.")
FILLER = ["De bus naar de stad rijdt op zaterdag maar één keer per uur.",
          "Het gemeentehuis is sinds vorig jaar verbouwd en heeft nu een nieuwe ingang.",
          "In de zomer staan er bloembakken langs de hele straat.",
          "Op de markt verkopen ze op donderdag vis en kaas.",
          "De kerk aan het plein is al lang geen kerk meer maar een bibliotheek.",
          "Het weer was die week wisselvallig, met veel wind uit het westen."]


def test_a_code_voiced_in_one_sentence_of_a_long_passage_scores_higher() -> None:
    model = load_model(None)
    clf, book = model.classifier, model.codebook
    passage = " ".join(FILLER[:3] + [SHAME] + FILLER[3:])
    short = "Ik schaamde me dood. Ik zei niks."
    texts = [passage, short]
    p = clf.predict_proba(prepare(texts, book))
    q = _with_windows(clf, texts, p, book)
    j = list(clf.code_ids_).index("theme.shame")
    assert q[0, j] > p[0, j]  # the window holding the shame sentence lifts the passage
    sentences = FILLER[:3] + [SHAME] + FILLER[3:]
    windows = [" ".join(sentences[a:a + WINDOW]) for a in range(len(sentences) - WINDOW + 1)]
    best = clf.predict_proba(prepare(windows, book)).max(axis=0)
    np.testing.assert_allclose(q[0], (p[0] + best) / 2)  # the mean with the best window, per code
    np.testing.assert_array_equal(q[1], p[1])  # fewer than WINDOW sentences: as before
    assert WINDOW == 3
