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


# Long turns with what can make a window read from its passage differ from the window's own analysis:
# transcriber marks at and across sentence ends, multiword fillers at sentence edges, sentence ends
# without a space after them, abbreviations, a decomposed accent and several kinds of whitespace.
EDGES = [
    "Hij had het aan zijn hart. [stilte] Ja. Ze zeggen dat je eraan went. Maar dat is niet waar. "
    "Je went er nooit aan. [lacht]",
    "Zeg maar. Weet je wel? Ik weet je het niet te zeggen. En zo. Of zo. Nou ja, het gaat wel, zeg maar.",
    "Ik schaamde me.Toen ging ik weg. Zeg maar.Dat was het dan. Weet je wel?Ja. Nee ja, echt. En zo.",
    "(zucht) Het is zwaar hoor. (lacht) Ik red me wel. [naam] komt op dinsdag. [onverstaanbaar. echt] Toch? "
    "Ik wil niemand tot last zijn.",
    "Dat gaat m.b.t. de huishoudelijke hulp. Ik heb o.a. een rollator. Het is bijv. lastig met de trap. "
    "Dr. Jansen zei het ook. Nou.",
    "Het cafe\u0301 is dicht. Ik ga naar huis.  Ik heb honger.\n\nHet regent! Morgen beter? Vast wel…",
    "Daar vraag ik ze niet. Eenzaam ben ik wel, sinds de verhuizing. Mijn dochter belt soms. "
    "Maar ja, lang niet. Uitgeput is ze zelf ook, met drie kinderen.",  # a negator just before a window
]


def test_windows_read_from_the_passage_equal_the_windows_analysed_alone(monkeypatch) -> None:
    from toolkit import nlp
    from toolkit.coding.features import prepare_windows
    from toolkit.coding.lexicon import Lexicon

    book = load_model(None).codebook
    lexicon = Lexicon(book)
    texts = EDGES + [" ".join(FILLER[:3] + [SHAME] + FILLER[3:]), "Kort. Heel kort."]
    analysed: list[int] = []
    analyse = nlp._analyse
    monkeypatch.setattr(nlp, "_analyse", lambda t, *a: analysed.append(len(t)) or analyse(t, *a))
    rows, windows, owners = prepare_windows(texts, book, WINDOW, [True] * len(texts), lexicon=lexicon)
    monkeypatch.undo()
    assert analysed[0] == len(texts) and 0 < analysed[1] < len(windows)  # some windows read from passages
    assert rows == prepare(texts, book)
    expected_texts, expected_owners = [], []
    from toolkit.nlp.passages import _unmarked

    for i, spans in enumerate(nlp.sentence_spans_many([_unmarked(t) or t for t in texts])):  # no cut inside a mark
        for a in range(len(spans) - WINDOW + 1 if len(spans) > WINDOW else 0):
            expected_texts.append(texts[i][spans[a][0]:spans[a + WINDOW - 1][1]])
            expected_owners.append(i)
    assert [w.text for w in windows] == expected_texts and owners == expected_owners
    assert len(set(owners)) == len(texts) - 1  # every long text has windows; the short one none
    assert windows == prepare(expected_texts, book)  # terms, hits and lemmas as if analysed alone


def test_no_window_ends_inside_a_transcriber_mark() -> None:
    from toolkit.nlp.passages import analyse_windows

    text = ("Ik weet het niet. Ze zei toen [...] dat het wel ging. Nou ja. Ik vraag niks. Echt niet. "
            "[onverstaanbaar?] Klaar. Dat was het.")
    _, _, windows = analyse_windows([text], 3, [True])
    assert windows
    for w in windows:
        assert w.text.count("[") == w.text.count("]"), w.text   # a mark is in a window whole or not at all
        assert text[w.start:w.start + len(w.text)] == w.text
    assert any("[onverstaanbaar?] Klaar." in w.text for w in windows)
