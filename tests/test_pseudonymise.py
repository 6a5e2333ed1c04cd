"""Pseudonymisation: detection per kind, consistent placeholders, offset re-mapping, mapping file,
idempotence and recall/precision floors on the annotated fixture sentences (offline by construction:
only regexes, built-in word lists and simplemma's bundled lexicon are used)."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.io.pseudonymise import (KINDS, Entity, Pseudonymiser, elfproef, pseudonymise_files, remap, remap_codings, remap_span)
from toolkit.types import Coding

FIX = Path(__file__).resolve().parent / "fixtures" / "pseudonymise"
DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo" / "transcripts"
PLACEHOLDER = re.compile(r"\[(" + "|".join(KINDS) + r")-\d+\]")


def load(name: str) -> list[dict]:
    return [json.loads(x) for x in (FIX / name).read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("pseudonymisation must not use the network")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# --------------------------------------------------------------------------- fixture integrity

@pytest.mark.parametrize("name", ["sentences.jsonl", "heldout.jsonl"])
def test_fixture_offsets_are_valid(name: str) -> None:
    rows = load(name)
    for row in rows:
        last = 0
        for ent in row["entities"]:
            assert ent["kind"] in KINDS
            assert row["text"][ent["start"]:ent["end"]] == ent["text"]
            assert ent["start"] >= last
            last = ent["end"]


def test_fixture_covers_every_kind_and_traps() -> None:
    rows = load("sentences.jsonl")
    assert len([r for r in rows if r["entities"]]) >= 120
    assert len([r for r in rows if not r["entities"]]) >= 30
    assert {e["kind"] for r in rows for e in r["entities"]} == set(KINDS)
    for r in rows:
        for e in r["entities"]:
            if e["kind"] == "BSN":
                assert elfproef(re.sub(r"\D", "", e["text"]))


# --------------------------------------------------------------------------- detection

CLEAR = [
    ("Toen kwam mevrouw Jansen langs.", "PERSOON", "Jansen"),
    ("Dhr. Bakker belde gisteren.", "PERSOON", "Bakker"),
    ("Ik sprak met J. de Boer over de aanvraag.", "PERSOON", "J. de Boer"),
    ("Tante Riet kwam altijd op zondag.", "PERSOON", "Riet"),
    ("Hij heet Mehmet, die jongen.", "PERSOON", "Mehmet"),
    ("Greet: ja, dat klopt wel.", "PERSOON", "Greet"),
    ("We wonen al jaren in Holtewijk, hoor.", "PLAATS", "Holtewijk"),
    ("Ik woon op de Kerkstraat 14, naast de bakker.", "ADRES", "Kerkstraat 14"),
    ("De postcode is 1234 AB, dacht ik.", "POSTCODE", "1234 AB"),
    ("Bel me op 06-12345678 als het kan.", "TELEFOON", "06-12345678"),
    ("Of op 020 1234567, dat is thuis.", "TELEFOON", "020 1234567"),
    ("Mijn zoon: +31 6 23456789, die woont ver.", "TELEFOON", "+31 6 23456789"),
    ("Mail naar j.jansen@hotmail.com graag.", "EMAIL", "j.jansen@hotmail.com"),
    ("Ik ben geboren op 12 maart 1941, in de oorlog.", "DATUM", "12 maart 1941"),
    ("Ik ben 84 jaar, dan vergeet je wel eens wat.", "LEEFTIJD", "84"),
    ("Het gaat om een man van 67, alleenstaand.", "LEEFTIJD", "67"),
    ("Mijn BSN is 725763863, zei ik.", "BSN", "725763863"),
    ("Mijn polisnummer is 123456789, bij de verzekering.", "NUMMER", "123456789"),
    ("Het staat op NL91 ABNA 0417 1643 00, die rekening.", "NUMMER", "NL91 ABNA 0417 1643 00"),
    ("Ik ga naar Zorggroep Noorderlicht voor dagbesteding.", "INSTELLING", "Zorggroep Noorderlicht"),
    ("We staan bij huisartsenpraktijk De Linde ingeschreven.", "INSTELLING", "De Linde"),
]


@pytest.mark.parametrize("text,kind,surface", CLEAR)
def test_every_kind_is_detected(text: str, kind: str, surface: str) -> None:
    ents = Pseudonymiser().find(text)
    assert Entity(text.index(surface), text.index(surface) + len(surface), kind, surface) in ents, ents


def test_elfproef() -> None:
    assert elfproef("725763863") and elfproef("111222333")
    assert not elfproef("123456789") and not elfproef("000000000") and not elfproef("12345")


@pytest.mark.parametrize("text", [r["text"] for r in load("sentences.jsonl") if not r["entities"]][:8] + [
    "Ik ga met Kerst naar Turkije, en in maart naar Nederland.",
    "Het CAK, de Wmo, het PGB en de ZRM: allemaal afkortingen.",
    "Met Sinterklaas en Pasen is iedereen er.",
])
def test_traps_are_left_alone(text: str) -> None:
    # countries are kept only on request (the default replaces them: tests/cases/privacy/README.md)
    assert Pseudonymiser(keep_countries=True).find(text) == []


def test_countries_are_places_unless_kept() -> None:
    text = "Mijn zoon woont in Canada en mijn broer in Zwolle."
    assert [e.text for e in Pseudonymiser().find(text) if e.kind == "PLAATS"] == ["Canada", "Zwolle"]
    assert [e.text for e in Pseudonymiser(keep_countries=True).find(text)] == ["Zwolle"]


def test_existing_markers_are_kept() -> None:
    text = "Mevrouw [naam] woont in [plaats], zegt ze. [lacht] En mijn zoon [naam zoon] ook."
    new, reps = Pseudonymiser().apply(text)
    assert new == text and reps == []


def test_entities_sorted_and_non_overlapping() -> None:
    p = Pseudonymiser()
    for row in load("sentences.jsonl"):
        ents = p.find(row["text"])
        for a, b in zip(ents, ents[1:]):
            assert a.end <= b.start
        for e in ents:
            assert row["text"][e.start:e.end] == e.text


# --------------------------------------------------------------------------- consistency

def test_consistent_placeholders_within_and_across_documents() -> None:
    p = Pseudonymiser()
    a, _ = p.apply("Mevrouw Jansen uit Holtewijk belde. Later belde mevrouw Jansen nog eens.")
    b, _ = p.apply("Ik heb Jansen gesproken, zij woont ook in Holtewijk. Bel 06-12345678.")
    c, _ = p.apply("Haar nummer is 06 12 34 56 78, dat weet ik. En meneer De Vries kwam ook.")
    assert a == "Mevrouw [PERSOON-1] uit [PLAATS-1] belde. Later belde mevrouw [PERSOON-1] nog eens."
    assert b == "Ik heb [PERSOON-1] gesproken, zij woont ook in [PLAATS-1]. Bel [TELEFOON-1]."
    assert "[TELEFOON-1]" in c and "[PERSOON-2]" in c
    assert sorted(p.mapping["[PERSOON-1]"]) == ["Jansen"]


def test_partial_form_maps_to_same_person() -> None:
    p = Pseudonymiser()
    first, _ = p.apply("Ik sprak Anja de Wit op het spreekuur.")
    later, _ = p.apply("Later belde mevrouw De Wit terug, en ook Jan Veldkamp. Veldkamp wist het niet.")
    assert first == "Ik sprak [PERSOON-1] op het spreekuur."
    assert later.startswith("Later belde mevrouw [PERSOON-1] terug")
    assert later.endswith("[PERSOON-2]. [PERSOON-2] wist het niet.")


def test_mapping_roundtrip_continues_numbering(tmp_path: Path) -> None:
    p = Pseudonymiser()
    p.apply("Mevrouw Jansen en meneer Bakker wonen in Marskerk.")
    path = tmp_path / "vault" / "mapping.json"
    p.save_mapping(path)
    q = Pseudonymiser.load_mapping(path)
    assert q.mapping == p.mapping
    new, _ = q.apply("Toen gingen Bakker en mevrouw Visscher naar Marskerk.")
    assert new == "Toen gingen [PERSOON-2] en mevrouw [PERSOON-3] naar [PLAATS-1]."
    assert Pseudonymiser(json.loads(path.read_text(encoding="utf-8"))).mapping == p.mapping


# --------------------------------------------------------------------------- offsets

def test_remap_keeps_codings_on_the_same_words() -> None:
    text = "Mevrouw Jansen zei dat de hulp van Zorggroep Noorderlicht te weinig kwam, sinds ze in Holtewijk woont."
    p = Pseudonymiser()
    new, reps = p.apply(text)
    spans = [(text.index("zei dat de hulp"), text.index(" van Zorggroep")),
             (text.index("te weinig kwam"), text.index(", sinds")),
             (text.index("sinds"), len(text))]
    for (s, e), (ns, ne) in zip(spans, remap(spans, reps)):
        old_words = [w for w in re.findall(r"\w+", text[s:e])]
        new_part = new[ns:ne]
        kept = [w for w in re.findall(r"\w+", PLACEHOLDER.sub(" ", new_part))]
        assert set(kept) <= set(old_words)
        assert [w for w in old_words if w not in {"Holtewijk"}] == kept
    assert new[slice(*remap_span(text.index("te weinig"), text.index(", sinds"), reps))] == "te weinig kwam"


def test_boundary_inside_entity_snaps_to_placeholder() -> None:
    text = "Ik sprak mevrouw Jansen gisteren."
    new, reps = Pseudonymiser().apply(text)
    s, e = remap_span(text.index("sen"), text.index(" gisteren"), reps)
    assert new[s:e] == "[PERSOON-1]"
    s, e = remap_span(text.index("mevrouw"), text.index("Jan") + 2, reps)
    assert new[s:e] == "mevrouw [PERSOON-1]"
    assert remap_span(0, len(text), reps) == (0, len(new))


def test_remap_codings_records_and_dataclasses() -> None:
    text = "Harry woont in Zandhorst en is 79 jaar oud."
    new, reps = Pseudonymiser().apply(text)
    s, e = text.index("woont"), text.index(" en is")
    out = remap_codings([{"doc_id": "d1", "start": s, "end": e, "code_id": "wonen"},
                         Coding("d1", s, e, "wonen", "anna"),
                         {"doc_id": "other", "start": 1, "end": 2}], {"d1": reps})
    assert new[out[0]["start"]:out[0]["end"]] == "woont in [PLAATS-1]"
    assert (out[1].start, out[1].end) == (out[0]["start"], out[0]["end"])
    assert out[2] == {"doc_id": "other", "start": 1, "end": 2}


# --------------------------------------------------------------------------- idempotence, leakage

def test_idempotent_on_fixture_and_demo() -> None:
    texts = [r["text"] for r in load("sentences.jsonl")]
    if DEMO.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))[:20]]
    p = Pseudonymiser()
    for text in texts:
        once, _ = p.apply(text)
        twice, reps = p.apply(once)
        assert twice == once and reps == [], (once, p.find(once))


def test_files_mapping_apart_and_no_originals_in_output(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("I: Hoe heet u?\nGreet: Greet Hoekstra, ik woon op de Kerkstraat 14 in "
                               "Holtewijk.\n", encoding="utf-8")
    (src / "sub" / "b.txt").write_text("R: Mevrouw Hoekstra belt vaak, op 06-12345678. Ik ben 84.\n",
                                       encoding="utf-8")
    (src / "broken.txt").write_bytes(b"")
    out, vault = tmp_path / "out", tmp_path / "vault" / "mapping.json"
    seen = []
    summary = pseudonymise_files([src], out, vault, progress=seen.append)
    assert summary.documents == 2 and len(seen) == 3 and summary.skipped
    a = (out / "a.txt").read_text(encoding="utf-8")
    b = (out / "sub" / "b.txt").read_text(encoding="utf-8")
    mapping = json.loads(vault.read_text(encoding="utf-8"))["placeholders"]
    originals = {f for forms in mapping.values() for f in forms}
    for form in originals:
        assert form not in a and form not in b, form
    # "Greet" (the label) is the one "Greet Hoekstra" of the document: one placeholder; "Hoekstra" too
    assert a.startswith("I: Hoe heet u?\n[PERSOON-1]: [PERSOON-1], ik woon op de [ADRES-1] in [PLAATS-1].")
    assert b == "R: Mevrouw [PERSOON-1] belt vaak, op [TELEFOON-1]. Ik ben [LEEFTIJD-1].\n"
    assert summary.counts["TELEFOON"] == 1 and summary.counts["LEEFTIJD"] == 1
    assert not list(out.rglob("*.json"))
    # a second run reuses and extends the mapping
    (src / "c.txt").write_text("R: Toen kwam meneer Bakker uit Holtewijk.\n", encoding="utf-8")
    pseudonymise_files([src / "c.txt"], tmp_path / "out2", vault)
    assert (tmp_path / "out2" / "c.txt").read_text(encoding="utf-8") == \
        "R: Toen kwam meneer [PERSOON-2] uit [PLAATS-1].\n"


def test_files_refuses_mapping_inside_output(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Mevrouw Jansen.\n", encoding="utf-8")
    with pytest.raises(InputError):
        pseudonymise_files([tmp_path / "in"], tmp_path / "out", tmp_path / "out" / "map.json")
    with pytest.raises(InputError):
        pseudonymise_files([tmp_path / "in"], tmp_path / "in" / "out", tmp_path / "map.json")


# --------------------------------------------------------------------------- quality floors

def score(rows: list[dict]) -> tuple[float, float]:
    p = Pseudonymiser(keep_countries=True)  # this older set annotates countries as ordinary words
    tp_g = n_g = tp_p = n_p = 0
    for row in rows:
        pred = p.find(row["text"])
        p.apply(row["text"])
        gold = [(g["start"], g["end"]) for g in row["entities"]]
        n_g += len(gold)
        tp_g += sum(any(e.start < ge and gs < e.end for e in pred) for gs, ge in gold)
        n_p += len(pred)
        tp_p += sum(any(e.start < ge and gs < e.end for gs, ge in gold) for e in pred)
    return tp_g / n_g, tp_p / n_p


def test_recall_precision_floor_dev_set() -> None:
    # measured 1.000 / 1.000 (overlap match, project mode); this set was used to write the rules
    recall, precision = score(load("sentences.jsonl"))
    assert recall >= 0.97 and precision >= 0.97, (recall, precision)


def test_recall_precision_floor_heldout_set() -> None:
    # measured 0.956 / 1.000 on first run, 0.978 / 1.000 after one added rule (capitalised "Van/De" + name)
    recall, precision = score(load("heldout.jsonl"))
    assert recall >= 0.95 and precision >= 0.95, (recall, precision)


def test_ingest_with_pseudonymise_stores_no_identifiers_and_remaps_codings(tmp_path) -> None:
    import json

    import toolkit as worth
    from toolkit.store import open_store

    from .conftest import ROOT

    demo = ROOT / "corpora" / "demo"
    files = [demo / "transcripts" / "b05_moeder_autisme.txt", demo / "transcripts" / "a01_weduwe_rollator_marskerk.txt"]
    names = {f.name for f in files}
    codings = tmp_path / "codings.jsonl"
    lines = [json.loads(x) for x in (demo / "codings.jsonl").read_text(encoding="utf-8").splitlines()]
    lines = [r for r in lines if r["file"] in names and r["coder"] == "writer"]
    codings.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    plain, pseudo = tmp_path / "plain.sqlite", tmp_path / "pseudo.sqlite"
    mapping = tmp_path / "apart" / "mapping.json"
    worth.ingest(files, plain, codings=codings, compute_terms=False)
    worth.ingest(files, pseudo, codings=codings, compute_terms=False, pseudonymise=mapping)
    with open_store(plain) as a, open_store(pseudo) as b:
        texts = {d.id: d.text for d in b.documents()}
        # the document id and file name are pseudonymised with the text (issue 16)
        (a01,) = [i for i in texts if i.startswith("a01_")]
        assert re.fullmatch(r"a01_weduwe_rollator_PLAATS-\d+", a01), a01
        assert not any("marskerk" in (d.id + d.source).casefold() for d in b.documents())
        assert "Marskerk" not in texts[a01] and "[PLAATS-" in texts[a01]
        assert {s.doc_id for s in b.segments()} == set(texts) and all(s.id.startswith(s.doc_id) for s in b.segments())
        # the same turns, the same codes, on the same words
        assert len(a.segments()) == len(b.segments())
        ca, cb = a.codings("writer"), b.codings("writer")
        assert [c.code_id for c in ca] == [c.code_id for c in cb]
        orig = {d.id: d.text for d in a.documents()}
        for x, y in zip(ca, cb):
            before, after = orig[x.doc_id][x.start:x.end], texts[y.doc_id][y.start:y.end]
            assert before.split()[-1] == after.split()[-1] or "[" in after
            assert y.segment_id is not None  # still aligned with a turn
    saved = json.loads(mapping.read_text(encoding="utf-8"))["placeholders"]
    assert any("Marskerk" in forms for forms in saved.values())
    assert "Marskerk" not in "".join(texts.values())


def test_a_bare_first_name_gets_the_placeholder_of_the_one_full_name_in_the_document() -> None:
    p = Pseudonymiser()
    out, _ = p.apply("Ria: Goedemorgen. Ik ben Ria van Dalen. Mijn man Gerard belt straks.\n"
                     "Ria: Gerard Smit heet hij, ik heet nog steeds Van Dalen.")
    assert out == ("[PERSOON-1]: Goedemorgen. Ik ben [PERSOON-1]. Mijn man [PERSOON-2] belt straks.\n"
                   "[PERSOON-1]: [PERSOON-2] heet hij, ik heet nog steeds [PERSOON-1].")
    assert set(p.mapping["[PERSOON-1]"]) == {"Ria", "Ria van Dalen", "Van Dalen"}


def test_a_first_name_of_two_full_names_or_mapped_before_keeps_its_own_placeholder() -> None:
    p = Pseudonymiser()
    out, _ = p.apply("Els Dekker en Els Bos kwamen samen. Els bleef het langst.")
    assert out == "[PERSOON-1] en [PERSOON-2] kwamen samen. [PERSOON-3] bleef het langst."
    p = Pseudonymiser()
    p.apply("Mijn buurvrouw Joke komt elke dag.")
    out, _ = p.apply("Joke Hofstede belde. Joke is 80.")
    assert out.startswith("[PERSOON-2] belde. [PERSOON-1] is")
