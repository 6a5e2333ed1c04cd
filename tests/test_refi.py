"""REFI-QDA .qdpx export and import (toolkit.exchange)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

import toolkit as worth
from toolkit.exchange import qdpx_common
from toolkit.io import archive
from toolkit.workflows.train import _codebook_for
from toolkit.errors import InputError
from toolkit.exchange.qdpx_write import export_qdpx
from toolkit.exchange.qdpx_read import import_qdpx
from toolkit.store import open_store
from toolkit.types import Coding

from .conftest import FIXTURES, ROOT, SHARED

DEMO = ROOT / "corpora" / "demo"
QDPX = FIXTURES / "qdpx"
SCHEMA = SHARED / "refi-qda" / "Project-mrt2019.xsd"
NS = {"q": qdpx_common.PROJECT_NS}
DEMO_FILES = ["a01_weduwe_rollator_marskerk.txt", "b02_echtgenoot_parkinson.txt",
              "c01_wmo_consulent_lindemeer.txt"]
CRLF_VENDORS = {"atlasti", "maxqda"}  # fixture texts are stored with LF and zipped with CRLF


# --------------------------------------------------------------------------- helpers


def human(store) -> list[tuple]:
    return sorted((c.doc_id, c.start, c.end, c.code_id, c.coder) for c in store.codings()
                  if not c.coder.startswith("model:"))


def counts(store) -> tuple:
    s = store.summary()
    return s["documents"], s["segments"], s["codings"], s["codebooks"], s["runs"]


def make_qdpx(vendor: str, out: Path, *, qde: Callable[[str], str] | None = None,
              drop_sources: bool = False, extra: dict[str, bytes] | None = None,
              without_qde: bool = False) -> Path:
    """Zip a fixture folder into a .qdpx, optionally mangling project.qde or the members."""
    folder = QDPX / vendor
    xml = (folder / "project.qde").read_text(encoding="utf-8")
    if qde is not None:
        xml = qde(xml)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        if not without_qde:
            zf.writestr("project.qde", xml.encode("utf-8"))
        if not drop_sources:
            for f in sorted((folder / "Sources").iterdir()):
                text = f.read_text(encoding="utf-8")
                if vendor in CRLF_VENDORS:
                    text = text.replace("\n", "\r\n")
                zf.writestr(f"Sources/{f.name}", text.encode("utf-8"))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out


def coded_texts(store) -> dict[tuple[str, str, str], str]:
    docs = {d.id: d.text for d in store.documents()}
    return {(c.doc_id, c.code_id, c.coder): docs[c.doc_id][c.start:c.end] for c in store.codings()}


# --------------------------------------------------------------------------- a worth project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("refi")
    files = [DEMO / "transcripts" / n for n in DEMO_FILES]
    lines = [line for line in (DEMO / "codings.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["file"] in DEMO_FILES]
    (tmp / "codings.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp / "p.sqlite"
    outcome = worth.ingest(files, path, manifest=DEMO / "transcripts" / "manifest.csv",
                         codings=tmp / "codings.jsonl", compute_terms=False)
    assert len(outcome.added) == 3 and outcome.codings == len(lines)
    with open_store(path) as store:
        segs = [s for s in store.segments() if s.codable][:2]
        store.add_machine_run(
            [Coding(s.doc_id, s.start, s.end, "theme.shame", "model:test@1", s.id, 0.8125, "test@1",
                    {"terms": ["schamen", "vragen"]}) for s in segs],
            params={"test": True}, pipeline=None, started_at="2025-01-01T00:00:00+00:00")
    return path


@pytest.fixture(scope="module")
def exported(project: Path, tmp_path_factory) -> Path:
    with open_store(project) as store:
        return export_qdpx(store, tmp_path_factory.mktemp("out") / "project.qdpx")


def test_export_validates_against_the_refi_schema(exported: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    with zipfile.ZipFile(exported) as zf:
        root = etree.fromstring(zf.read("project.qde"))
    assert schema.validate(root), schema.error_log


def test_export_contents(exported: Path, project: Path) -> None:
    with zipfile.ZipFile(exported) as zf:
        names = zf.namelist()
        root = etree.fromstring(zf.read("project.qde"))
        with open_store(project) as store:
            docs = store.documents()
            for src in root.iterfind(".//q:TextSource", NS):
                member = src.get("plainTextPath").replace("internal://", "Sources/")
                assert member in names
                text = zf.read(member).decode("utf-8")
                doc = next(d for d in docs if d.id == src.get("name"))
                assert text == doc.text
                for sel in src.iterfind("q:PlainTextSelection", NS):
                    first = text[int(sel.get("startPosition")):int(sel.get("endPosition"))].split()[0]
                    assert sel.get("name").startswith(first)
            n_codings = len(store.codings())
    assert names[0] == "project.qde" and all(i.date_time == (1980, 1, 1, 0, 0, 0)
                                               for i in zipfile.ZipFile(exported).infolist())
    users = {u.get("name") for u in root.iterfind(".//q:User", NS)}
    assert users == {"writer", "second", "model:test@1"}
    assert len(root.findall(".//q:PlainTextSelection/q:Coding/q:CodeRef", NS)) == n_codings
    machine_user = next(u.get("guid") for u in root.iterfind(".//q:User", NS) if u.get("name") == "model:test@1")
    machine = [s for s in root.iterfind(".//q:PlainTextSelection", NS) if s.get("creatingUser") == machine_user]
    assert len(machine) == 2
    desc = machine[0].find("q:Description", NS).text
    assert "score: 0.8125" in desc and "schamen" in desc
    groups = [c for c in root.find("q:CodeBook/q:Codes", NS) if c.get("isCodable") == "false"]
    assert groups and all(len(g.findall("q:Code", NS)) for g in groups)
    variables = {v.get("name") for v in root.iterfind(".//q:Variable", NS)}
    assert {"respondent_role", "setting", "municipality"} <= variables
    assert len(root.findall(".//q:Case", NS)) == 3


def test_two_exports_are_byte_identical(project: Path, exported: Path, tmp_path: Path) -> None:
    with open_store(project) as store:
        again = export_qdpx(store, tmp_path / "again.qdpx")
    assert again.read_bytes() == exported.read_bytes()


def test_round_trip_gives_back_the_same_codes_and_offsets(project: Path, exported: Path, tmp_path: Path,
                                                          caplog) -> None:
    with open_store(project) as original, open_store(tmp_path / "new.sqlite") as store:
        report = import_qdpx(exported, store)
        assert report.vendor == "worth"
        assert sorted(report.documents) == sorted(d.id for d in original.documents())
        assert [(d.id, d.text, d.meta) for d in store.documents()] == \
            [(d.id, d.text, d.meta) for d in original.documents()]
        assert human(store) == human(original)
        assert report.codings == {"second": sum(1 for h in human(original) if h[4] == "second"),
                                  "writer": sum(1 for h in human(original) if h[4] == "writer")}
        # machine codings come back as that model's run, with their scores (issue 15), not as human codings
        assert report.skipped == {}
        assert report.machine_codings == {"model:test@1": 2}
        assert report.segments == len(store.segments())
        machine = [c for c in store.codings("model:test@1")]
        assert [c.score for c in machine] == [c.score for c in original.codings("model:test@1")]
        assert "model:test@1" not in {h[4] for h in human(store)}
        before, after = original.codebooks()[-1], store.codebooks()[-1]
        assert [(c["id"], c["name_nl"], c["parent"], c["group"], c["codable"]) for c in after["content"]["codes"]] \
            == [(c["id"], c["name_nl"], c["parent"], c["group"], c["codable"]) for c in before["content"]["codes"]]
        assert after["hash"] == before["hash"]
        # codings whose span is a segment get that segment back
        segs = {(s.doc_id, s.start, s.end): s.id for s in store.segments()}
        assert all(c.segment_id == segs.get((c.doc_id, c.start, c.end)) for c in store.codings())


def test_reimport_into_the_same_project_adds_nothing(project: Path, exported: Path, tmp_path: Path) -> None:
    copy = tmp_path / "same.sqlite"
    copy.write_bytes(project.read_bytes())
    with open_store(copy) as store:
        docs, segs, codings, books, _ = counts(store)
        report = import_qdpx(exported, store)
        assert report.documents == [] and len(report.existing_documents) == 3
        assert counts(store)[:4] == (docs, segs, codings, books)


# --------------------------------------------------------------------------- other programs


def test_atlasti_crlf_counts_as_one_character(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite") as store:
        report = import_qdpx(make_qdpx("atlasti", tmp_path / "a.qdpx"), store)
        assert report.vendor == "atlasti" and report.documents == ["Interview_Henk_Jansen"]
        assert report.codings == {"Marieke": 3}
        doc = store.documents()[0]
        assert "\r" not in doc.text and doc.meta == {"respondent_role": "client", "leeftijd": 79}
        got = coded_texts(store)
        assert got[("Interview_Henk_Jansen", "schaamte", "Marieke")] == \
            "Ik schaam me eigenlijk om de buren te vragen."
        assert got[("Interview_Henk_Jansen", "hulp_vragen", "Marieke")] == \
            "Ik schaam me eigenlijk om de buren te vragen."
        assert got[("Interview_Henk_Jansen", "hulp_vragen.niemand_tot_last_zijn", "Marieke")] == \
            "ik wil niemand tot last zijn"
        codes = {c["id"]: c for c in store.codebooks()[0]["content"]["codes"]}
        assert codes["hulp_vragen.niemand_tot_last_zijn"]["parent"] == "hulp_vragen"
        assert codes["schaamte"]["colour"] == "#cc3333"
        assert codes["schaamte"]["definition"] == "Zich schamen voor hulpbehoevendheid."
        assert len(store.segments(doc.id)) >= 4


def test_nvivo_astral_characters_count_as_two(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite") as store:
        report = import_qdpx(make_qdpx("nvivo", tmp_path / "n.qdpx"), store)
        assert report.vendor == "nvivo"
        assert sorted(report.documents) == ["Gesprek_Fatma", "Observatie_raam"]
        assert report.codings == {"Jan de Boer": 1, "Sophie": 2}
        got = coded_texts(store)
        assert got[("Gesprek_Fatma", "hulp_aannemen", "Jan de Boer")] == \
            "Ik vond het moeilijk om dat aan te nemen"
        assert got[("Gesprek_Fatma", "hulp_aannemen", "Sophie")] == "Uiteindelijk heb ik ja gezegd"
        assert got[("Observatie_raam", "terughoudendheid", "Sophie")] == \
            "Ze zegt dat ze haar dochter niet wil lastigvallen"


def test_maxqda_selections_without_coding_and_categories(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite") as store:
        report = import_qdpx(make_qdpx("maxqda", tmp_path / "m.qdpx"), store)
        assert report.vendor == "maxqda"
        assert report.skipped == {"selections_without_coding": 1}
        assert report.codings == {"Anouk": 2}
        got = coded_texts(store)
        assert got[("Interview_De_Vries", "hulpvraag.aanbod_afslaan", "Anouk")] == \
            "Toen de wijkverpleging hulp aanbood heb ik eerst nee gezegd."
        assert got[("Interview_De_Vries", "gevoelens.schaamte", "Anouk")] == \
            "Je wilt toch niet dat de hele straat ziet dat je het niet meer kunt."
        content = store.codebooks()[0]["content"]
        assert [g["id"] for g in content["groups"]] == ["hulpvraag", "gevoelens"]
        assert {c["id"]: c["group"] for c in content["codes"]} == {
            "hulpvraag.hulp_vragen": "hulpvraag", "hulpvraag.aanbod_afslaan": "hulpvraag",
            "gevoelens.schaamte": "gevoelens"}


def test_vendor_argument_overrides_the_origin(tmp_path: Path) -> None:
    """Read as a program that counts CRLF as two, the ATLAS.ti positions land elsewhere."""
    with open_store(tmp_path / "p.sqlite") as store:
        import_qdpx(make_qdpx("atlasti", tmp_path / "a.qdpx"), store, vendor="generic")
        assert "Ik schaam me eigenlijk om de buren te vragen." not in coded_texts(store).values()


# --------------------------------------------------------------------------- bad input


def _entity_bomb(xml: str) -> str:
    dtd = ('<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
           '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    xml = xml.replace('<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="utf-8"?>' + dtd)
    return xml.replace("<Description>Zich schamen", "<Description>&c; Zich schamen")


BAD = {
    "no project.qde": (dict(without_qde=True), ["no project.qde"]),
    "invalid xml": (dict(qde=lambda x: x[: len(x) // 2]), ["project.qde is not valid XML"]),
    "offsets past the end": (dict(qde=lambda x: x.replace('endPosition="231"', 'endPosition="9999"')),
                             ["PlainTextSelection guid=f1734b19-4421-45fd-a779-0952f8d1b443",
                              "'Interview Henk Jansen.docx'", "past the end"]),
    "start after end": (dict(qde=lambda x: x.replace('startPosition="203"', 'startPosition="240"')),
                        ["PlainTextSelection guid=f1734b19", "not a span"]),
    "unknown code": (dict(qde=lambda x: x.replace('CodeRef targetGUID="1b5d7b64', 'CodeRef targetGUID="0b5d7b64')),
                     ["Coding guid=4abf0153-4ca8-45da-addb-1db64314f6ff", "CodeRef", "not a code"]),
    "unknown source text": (dict(drop_sources=True),
                            ["TextSource guid=216343c5-5b4f-4af2-ac7a-02dd49d6886a", "not in the archive"]),
    "case names unknown source": (dict(qde=lambda x: x.replace('SourceRef targetGUID="216343c5',
                                                               'SourceRef targetGUID="316343c5')),
                                  ["SourceRef targetGUID=316343c5", "Case guid=6f0cc383", "unknown source"]),
    "dot-dot member": (dict(extra={"../buiten.txt": b"x"}), ["'../buiten.txt'", "'..'"]),
    "absolute member": (dict(extra={"/etc/passwd": b"x"}), ["'/etc/passwd'"]),
    "entity expansion": (dict(qde=_entity_bomb), ["entities", "refused"]),
    "duplicate code names": (dict(qde=lambda x: x.replace('name="Niemand tot last zijn"', 'name="N"')
                                  .replace('<Code guid="1b5d7b64-48ae-4502-a879-efba3dfe6070" name="N" isCodable="true"/>',
                                           '<Code guid="1b5d7b64-48ae-4502-a879-efba3dfe6070" name="N" isCodable="true"/>'
                                           '<Code guid="2b5d7b64-48ae-4502-a879-efba3dfe6070" name="n" isCodable="true"/>')),
                             ["Code guid=2b5d7b64-48ae-4502-a879-efba3dfe6070", "under Code 'Hulp vragen'",
                              "same name"]),
}


@pytest.fixture
def busy_store(tmp_path: Path):
    """A project that already holds an import, to show a failed import changes nothing."""
    store = open_store(tmp_path / "busy.sqlite")
    import_qdpx(make_qdpx("maxqda", tmp_path / "m.qdpx"), store)
    yield store
    store.close()


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_raises_and_leaves_the_store_unchanged(case: str, busy_store, tmp_path: Path) -> None:
    kwargs, needles = BAD[case]
    bad = make_qdpx("atlasti", tmp_path / "bad.qdpx", **kwargs)
    before = counts(busy_store)
    with pytest.raises(InputError) as info:
        import_qdpx(bad, busy_store)
    message = str(info.value)
    for needle in needles:
        assert needle in message, (needle, message)
    assert counts(busy_store) == before


def test_zip_bomb_guard(busy_store, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 1000)
    before = counts(busy_store)
    with pytest.raises(InputError, match="over the limit"):
        import_qdpx(make_qdpx("atlasti", tmp_path / "big.qdpx"), busy_store)
    assert counts(busy_store) == before


def test_not_a_zip(busy_store, tmp_path: Path) -> None:
    bad = tmp_path / "kapot.qdpx"
    bad.write_bytes(b"dit is geen zip")
    with pytest.raises(InputError, match="not a valid .qdpx"):
        import_qdpx(bad, busy_store)


def test_failure_while_writing_removes_what_was_written(busy_store, tmp_path: Path, monkeypatch) -> None:
    before = counts(busy_store)

    def broken(*args, **kwargs):
        raise OSError("schijf vol")

    monkeypatch.setattr(busy_store, "add_human_codings", broken)
    with pytest.raises(OSError):
        import_qdpx(make_qdpx("atlasti", tmp_path / "a.qdpx"), busy_store)
    assert counts(busy_store) == before


def test_export_of_chosen_coders(project: Path, tmp_path: Path) -> None:
    with open_store(project) as store:
        out = export_qdpx(store, tmp_path / "writer.qdpx", coders=["writer"])
        n_writer = len(store.codings("writer"))
        with pytest.raises(InputError, match="no codings by niemand"):
            export_qdpx(store, tmp_path / "none.qdpx", coders=["niemand"])
    assert not (tmp_path / "none.qdpx").exists()
    root = etree.fromstring(zipfile.ZipFile(out).read("project.qde"))
    assert [u.get("name") for u in root.iterfind(".//q:User", NS)] == ["writer"]
    assert len(root.findall(".//q:PlainTextSelection", NS)) == n_writer


def test_two_sources_with_the_same_text_are_refused(busy_store, tmp_path: Path) -> None:
    def twice(xml: str) -> str:
        start = xml.index("    <TextSource")
        end = xml.index("</TextSource>") + len("</TextSource>\n")
        copy = xml[start:end].replace('guid="216343c5-5b4f-4af2-ac7a-02dd49d6886a" name="Interview Henk Jansen.docx"',
                                      'guid="316343c5-5b4f-4af2-ac7a-02dd49d6886a" name="Kopie"')
        return xml[:end] + copy + xml[end:]

    before = counts(busy_store)
    with pytest.raises(InputError, match="TextSource guid=316343c5.*same text as another source"):
        import_qdpx(make_qdpx("atlasti", tmp_path / "twice.qdpx", qde=twice), busy_store)
    assert counts(busy_store) == before


def test_training_from_a_qda_project_uses_its_own_codebook(tmp_path: Path, caplog) -> None:
    """A MAXQDA project trains without --codebook: the model learns the project's codes. With two
    coded segments per code there are too few positives, so each code falls back to its prior."""
    qdpx = make_qdpx("maxqda", tmp_path / "m.qdpx")
    with caplog.at_level("WARNING"):
        worth.train([qdpx], tmp_path / "model", coder="Anouk")
    from toolkit.coding.model import load_model

    model = load_model(tmp_path / "model")
    assert model.codebook.ids == ["hulpvraag.hulp_vragen", "hulpvraag.aanbod_afslaan", "gevoelens.schaamte"]
    assert model.manifest["codebook"]["source"] == "m.qdpx"
    assert list(model.classifier.mode_) == ["prior"] * 3
    assert "match none of the training segments: it will hardly ever be assigned" in caplog.text
    assert _codebook_for([qdpx], None, None).hash == model.codebook.hash


def test_qdpx_projects_with_different_codebooks_need_one_chosen(tmp_path: Path) -> None:
    a = make_qdpx("maxqda", tmp_path / "m.qdpx")
    b = make_qdpx("nvivo", tmp_path / "n.qdpx")
    with pytest.raises(InputError, match="codes differ from those of m.qdpx") as err:
        worth.train([a, b], tmp_path / "model", coder="Anouk")
    assert "--codebook" in err.value.hint
    assert not (tmp_path / "model").exists()


def _hand_edited(xml: str) -> str:
    """A worth-style description as someone might leave it after editing in a QDA program: trailing
    spaces, Windows line ends, an empty list item."""
    return xml.replace("<Description>Moeite met het aanvaarden van aangeboden hulp.</Description>",
                       "<Description>worth-id: hulp.aanvaarden\r\nDefinitie: Moeite met aangeboden hulp. \r\n"
                       "Indicatoren:\r\n- hulp afslaan \r\n- \r\n- zelf wel redden</Description>")


def test_a_hand_edited_qda_codebook_trains_a_model_that_loads(tmp_path: Path) -> None:
    from toolkit.coding.codebook_io import load_codebook
    from toolkit.coding.model import load_model

    qdpx = make_qdpx("nvivo", tmp_path / "n.qdpx", qde=_hand_edited)
    book = load_codebook(qdpx)
    code = book["hulp.aanvaarden"]
    assert code.definition == "Moeite met aangeboden hulp."
    assert code.indicators == ("hulp afslaan", "zelf wel redden")
    worth.train([qdpx], tmp_path / "model", coder=_only_coder(qdpx))
    model = load_model(tmp_path / "model", codebook=book)  # the hash survived saving and loading
    assert model.codebook.hash == book.hash


def _only_coder(qdpx: Path) -> str:
    with open_store(qdpx.with_suffix(".sqlite")) as store:
        import_qdpx(qdpx, store)
        coders = [c for c in store.coders() if not c.startswith("model:")]
    qdpx.with_suffix(".sqlite").unlink()
    return coders[0]


def test_projects_with_the_same_codes_under_other_names_train_together(tmp_path: Path) -> None:
    a = make_qdpx("maxqda", tmp_path / "a.qdpx")
    b = make_qdpx("maxqda", tmp_path / "b.qdpx", qde=lambda x: x.replace('name="Keukentafel"',
                                                                          'name="Keukentafel Sanne"'))
    assert _codebook_for([a, b], None, None).ids == _codebook_for([a], None, None).ids


def test_evaluating_one_coded_document_asks_for_more(tmp_path: Path) -> None:
    qdpx = make_qdpx("maxqda", tmp_path / "m.qdpx")
    with pytest.raises(InputError, match="at least 2 coded documents") as err:
        worth.evaluate([qdpx], coder="Anouk")
    assert "--model" in err.value.hint


def test_errors_from_a_qdpx_name_the_qdpx(tmp_path: Path) -> None:
    qdpx = make_qdpx("maxqda", tmp_path / "m.qdpx")
    with pytest.raises(InputError, match="no codings") as err:
        worth.train([qdpx], tmp_path / "model", coder="Niemand")
    assert err.value.path == str(qdpx)
