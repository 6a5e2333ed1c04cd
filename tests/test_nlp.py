from __future__ import annotations

import json

from toolkit import nlp


def test_fallback_or_installed_pipeline_is_reported() -> None:
    info = nlp.pipeline_info()
    assert info.name in ("fallback", *nlp.PREFERRED)
    assert info.key and info.description


def test_dutch_abbreviation_bug_is_fixed() -> None:
    text = "Ik schaamde me. De buren wisten het al. Dat was het dan. Toen ging ik weg."
    spans = nlp.sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["Ik schaamde me.", "De buren wisten het al.",
                                             "Dat was het dan.", "Toen ging ik weg."]


def test_real_abbreviations_still_hold_sentences_together() -> None:
    text = "Hij hielp bijv. met boodschappen enz. en dat was fijn. Daarna niet meer."
    assert len(nlp.sentence_spans(text)) == 2


def test_terms_are_lemmas_without_stop_words_fillers_or_marks() -> None:
    [t] = nlp.terms(["Nou, eh, mijn kinderen hebben het zo druk, zeg maar [lacht]. Ik heb het niet gevraagd, weet je."])
    assert "kind" in t and "vragen" in t and "druk" in t
    for gone in ("nou", "eh", "zeggen", "maar", "lachen", "weten", "je", "ik", "het", "[", "."):
        assert gone not in t


def test_terms_cache_is_keyed_by_text_and_pipeline() -> None:
    class Cache:
        def __init__(self):
            self.data = {}

        def get_terms(self, keys):
            return {k: self.data[k] for k in keys if k in self.data}

        def put_terms(self, items):
            self.data.update(items)

    nlp._MEMORY.clear()
    cache = Cache()
    first = nlp.terms(["De buurvrouw doet de boodschappen."], cache=cache)
    assert len(cache.data) == 1
    key = next(iter(cache.data))
    cache.data[key] = ["uit-de-cache"]
    nlp._MEMORY.clear()
    assert nlp.terms(["De buurvrouw doet de boodschappen."], cache=cache) == [["uit-de-cache"]]
    assert first == [["buurvrouw", "boodschap"]]


def test_lemmas_keep_stop_words_and_offsets() -> None:
    text = "Ik wil niemand tot last zijn."
    [toks] = nlp.lemmas([text])
    assert [t[0] for t in toks] == ["ik", "willen", "niemand", "tot", "last", "zijn"]
    assert all(text[s:e].lower().startswith(text[s:e].lower()) for _, s, e in toks)
    assert text[toks[4][1]:toks[4][2]] == "last"


def test_spacy_is_imported_without_its_command_line_package_which_still_works() -> None:
    import subprocess
    import sys

    script = ("import json, sys; from toolkit import nlp; nlp.load_nlp(); "
              "skipped = not any(m.startswith('spacy.cli') for m in sys.modules); "
              "import spacy; info = spacy.info(); import spacy.cli; "
              "print(json.dumps([skipped, info['spacy_version'], callable(spacy.cli.download)]))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    skipped, version, download = json.loads(out.stdout.strip().splitlines()[-1])
    assert skipped and download
    assert version.startswith("3.")  # spacy.info() answered through the real command-line package


def test_sentences_read_from_arrays_are_the_sentencizers() -> None:
    from pathlib import Path

    texts = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[1] / "corpora").rglob("*.txt"))]
    texts += ["", "  ", "...", "!!", "Ja. . . Nee!? (lacht) 'Zo.' \"Ja.\" Dat.\nNou", "Hè?! Wat... Echt? [naam]. Oké.",
              "Ik schaamde me.Toen ging ik. Zeg maar.Dat was het. Weet je wel?Ja."]
    pipeline = nlp.load_nlp()
    expected = []
    for text, doc in zip(texts, pipeline.pipe(texts)):  # the sentencizer component itself
        spans = [(s.start_char, s.end_char) for s in doc.sents]
        spans = [(a + len(text[a:b]) - len(text[a:b].lstrip()), b - len(text[a:b]) + len(text[a:b].rstrip()))
                 for a, b in spans]
        expected.append([(a, b) for a, b in spans if b > a])
    assert nlp.sentence_spans_many(texts) == expected
    assert sum(map(len, expected)) > 1000
