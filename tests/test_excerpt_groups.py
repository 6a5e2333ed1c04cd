"""Coded excerpts without doc_id are each their own cross-validation group: `worth train` and `worth evaluate`
count and name them as excerpts, not as documents; transcripts keep their document counts."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import toolkit as worth

from .test_cli import worth as run

EXCERPTS = [
    ("Ik bel mijn zoon niet zo snel, hij heeft zelf een drukke baan en twee kleine kinderen.",
     ["theme.fear_of_burdening"]),
    ("Vorige week heeft de buurjongen mijn vuilnisbak aan de straat gezet, zonder dat ik het vroeg.", ["ow.domestic"]),
    ("Bij de gemeente moest ik drie keer hetzelfde formulier invullen voor die traplift.", ["ow.industrial"]),
    ("Ja, en dan zit je daar met zo'n eigen bijdrage van bijna twintig euro per maand.", ["ow.market"]),
    ("Mijn vrouw zegt altijd: we doen het zelf, zolang het nog kan.", ["theme.self_reliance"]),
    ("Eerlijk gezegd schaam ik me een beetje dat ik niet meer zelf kan stofzuigen.", ["theme.shame"]),
    ("Op dinsdag ga ik naar het koffie-uurtje in het buurthuis, daar ken ik inmiddels iedereen.", ["ow.civic"]),
    ("Sinds Henk er niet meer is, zijn de avonden heel lang en stil.", ["theme.loneliness"]),
    ("De wijkverpleging komt 's ochtends even langs, die zijn echt goud waard, hoor.", []),
    ("Als de overbuurvrouw iets nodig heeft, help ik haar ook, dat hoort gewoon zo.", ["theme.reciprocity"]),
    ("Ik heb het uiteindelijk aan de huisarts gevraagd, maar dat was voor mij wel een hele stap.",
     ["theme.request_hesitancy"]),
    ("Zaterdag zorg ik voor mijn moeder, doordeweeks doet mijn zus het, zo houden we het samen vol.",
     ["theme.caregiver_burden"]),
    ("Ze boden me een maatje aan via de vrijwilligerscentrale, maar dat hoefde voor mij niet.",
     ["theme.acceptance_hesitancy"]),
]


def _write(path: Path, *, doc_ids: bool) -> Path:
    rows = [{"text": t, "codes": c} | ({"doc_id": f"gesprek_{i // 4}"} if doc_ids else {})
            for i, (t, c) in enumerate(EXCERPTS)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_excerpts_without_doc_id_are_counted_as_excerpts(tmp_path: Path, caplog) -> None:
    data = _write(tmp_path / "fragmenten.jsonl", doc_ids=False)
    res = run("train", str(data), "--out", str(tmp_path / "m"))
    assert res.returncode == 0, res.stderr
    assert "13 excerpts without doc_id" in res.stderr and "documents" not in res.stderr
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["training"]["documents"], manifest["training"]["excerpts"]) == (0, 13)
    note = json.loads((tmp_path / "m" / "metrics.json").read_text(encoding="utf-8"))["note"]
    assert "cross-validated by excerpt" in note and "held-out excerpts" in note

    crossed = worth.evaluate([data], curve=())
    assert (crossed["data"]["documents"], crossed["data"]["excerpts"]) == (0, 13)
    with caplog.at_level(logging.WARNING):
        held = worth.evaluate([data], model=tmp_path / "m")
    assert held["model"]["excerpts_seen_in_training"] == 13 and held["model"]["documents_seen_in_training"] == 0
    assert "13 of the 13 evaluated excerpts were in this model's training data" in caplog.text


def test_excerpts_with_doc_id_keep_the_document_wording(tmp_path: Path) -> None:
    data = _write(tmp_path / "fragmenten.jsonl", doc_ids=True)
    res = run("train", str(data), "--out", str(tmp_path / "m"))
    assert res.returncode == 0, res.stderr
    assert "(13 segments, 4 documents)" in res.stderr
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["training"]["documents"] == 4 and "excerpts" not in manifest["training"]
    assert "cross-validated by document" in json.loads((tmp_path / "m" / "metrics.json").read_text())["note"]
    held = worth.evaluate([data], model=tmp_path / "m")
    assert held["data"]["documents"] == 4 and "excerpts" not in held["data"]
    assert held["model"] == {"path": str(tmp_path / "m"), "version": manifest["version"],
                             "documents_seen_in_training": 4}


def test_evaluate_with_base_prints_the_adapted_model_beside_the_one_from_scratch(tmp_path: Path) -> None:
    base_data = _write(tmp_path / "basis.jsonl", doc_ids=True)
    assert run("train", str(base_data), "--out", str(tmp_path / "basis")).returncode == 0
    data = _write(tmp_path / "fragmenten.jsonl", doc_ids=False)
    res = run("evaluate", str(data), "--base", str(tmp_path / "basis"), "--out", str(tmp_path / "ev.json"))
    assert res.returncode == 0, res.stderr
    assert "Quality per code, from scratch (13 segments)" in res.stdout
    assert "Quality per code, adapting" in res.stdout  # the path after it may wrap
    adapted = json.loads((tmp_path / "ev.json").read_text(encoding="utf-8"))["cross_validation_with_base"]
    assert adapted["base"] == str(tmp_path / "basis") and adapted["n_segments"] == 13


def test_evaluate_refuses_model_and_base_together(tmp_path: Path) -> None:
    data = _write(tmp_path / "fragmenten.jsonl", doc_ids=False)
    res = run("evaluate", str(data), "--model", "default", "--base", "default")
    assert res.returncode == 2 and "--base adapts a model in cross-validation" in res.stderr
