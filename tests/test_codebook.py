from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from toolkit.coding.codebook_io import load_codebook, write_codebook
from toolkit.coding.qdc import read_qdc
from toolkit.errors import InputError
from toolkit.coding.lexicon import Lexicon, check_indicators

from .conftest import SHARED

DEFAULT_IDS = ("ow.domestic ow.civic ow.industrial ow.market ow.fame ow.inspired ow.project ow.green "
               "theme.shame theme.request_hesitancy theme.fear_of_burdening theme.acceptance_hesitancy "
               "theme.offer_hesitancy theme.reciprocity theme.self_reliance theme.network_appeal "
               "theme.caregiver_burden theme.loneliness").split()
SCHEMA = SHARED / "refi-qda" / "Codebook.xsd"


def test_default_codebook_has_the_designed_codes_and_fields() -> None:
    book = load_codebook()
    assert book.ids == DEFAULT_IDS
    assert {g.id for g in book.groups} == {"ow", "theme"}
    colours = set()
    for code in book.codes:
        assert code.group == code.id.split(".")[0]
        assert code.name_nl and code.name_en and code.definition
        assert code.include and code.exclude and len(code.indicators) >= 10
        assert len(code.examples) >= 2
        colours.add(code.colour.lower())
    assert len(colours) == 18
    check_indicators(book)


def test_default_examples_trigger_their_own_code_somewhere() -> None:
    """Sanity of the indicators: most codes' own examples contain at least one of their indicators."""
    book = load_codebook()
    lex = Lexicon(book)
    covered = 0
    for code in book.codes:
        hits = lex.hits(list(code.examples))
        covered += any(h.code_id == code.id for hs in hits for h in hs)
    assert covered >= 14, covered


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cb.yaml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """name: mini
groups:
  - id: g
    name_nl: Groep
codes:
  - id: g.a
    group: g
    name_nl: Schaamte
    definition: Schaamte over hulp.
    indicators: [schaam*, vuile was]
  - id: g.b
    group: g
    parent: g.a
    name_nl: Verborgen schaamte
    definition: Verzwegen schaamte.
"""


@pytest.mark.parametrize("change, message, line", [
    (("id: g.b", "id: g.a"), "duplicate code id", 11),
    (("parent: g.a", "parent: g.x"), "unknown parent 'g.x'", 11),
    (("definition: Verzwegen schaamte.", "definition: ''"), "empty definition", 11),
    (("group: g\n    parent", "group: h\n    parent"), "unknown group 'h'", 11),
    (("name_nl: Verborgen schaamte", "name_nl: schaamte"), "same name", None),
])
def test_validation_errors_name_the_code_and_line(tmp_path: Path, change, message, line) -> None:
    body = GOOD.replace(*change, 1) if change[0] != "name_nl: Verborgen schaamte" else \
        GOOD.replace("    parent: g.a\n", "").replace(*change)
    with pytest.raises(InputError, match=message) as err:
        load_codebook(_write(tmp_path, body))
    assert "cb.yaml" in err.value.one_line()
    if line:
        assert err.value.line == line


def test_indicator_that_never_matches_is_reported(tmp_path: Path) -> None:
    body = GOOD.replace("[schaam*, vuile was]", "[schaam*, '...', sch*aam]")
    book = load_codebook(_write(tmp_path, body))
    with pytest.raises(InputError, match="never match") as err:
        check_indicators(book)
    assert "'...'" in str(err.value) and "sch*aam" in str(err.value)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not valid YAML") as err:
        load_codebook(_write(tmp_path, "codes:\n  - id: a\n   name: [\n"))
    assert err.value.line is not None


def test_qdc_export_validates_and_round_trips(tmp_path: Path) -> None:
    book = load_codebook()
    out = tmp_path / "default.qdc"
    write_codebook(book, out)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.parse(str(out))), schema.error_log
    back = read_qdc(out)
    assert back.codes == book.codes
    assert back.groups == book.groups


def test_qdc_hierarchy_round_trip(tmp_path: Path) -> None:
    book = load_codebook(_write(tmp_path, GOOD))
    out = tmp_path / "mini.qdc"
    write_codebook(book, out)
    assert etree.XMLSchema(etree.parse(str(SCHEMA))).validate(etree.parse(str(out)))
    back = read_qdc(out)
    assert [(c.id, c.parent) for c in back.codes] == [("g.a", None), ("g.b", "g.a")]


FOREIGN = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti 24">
  <Codes>
    <Code guid="0d8a1c2e-0000-4000-8000-000000000001" name="Hulp vragen" isCodable="false" color="#aa3333">
      <Code guid="0d8a1c2e-0000-4000-8000-000000000002" name="Niet durven vragen" isCodable="true">
        <Description>Respondent durft niet om hulp te vragen.</Description>
        <Code guid="0d8a1c2e-0000-4000-8000-000000000003" name="Uit trots" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="0d8a1c2e-0000-4000-8000-000000000004" name="Eenzaamheid" isCodable="true"/>
  </Codes>
</CodeBook>
"""


def test_foreign_qdc_with_category_and_subcodes(tmp_path: Path) -> None:
    path = tmp_path / "atlas.qdc"
    path.write_text(FOREIGN, encoding="utf-8")
    book = load_codebook(path)
    assert [g.name_nl for g in book.groups] == ["Hulp vragen"]
    assert [(c.id, c.parent, c.group) for c in book.codes] == [
        ("hulp_vragen.niet_durven_vragen", None, "hulp_vragen"),
        ("hulp_vragen.niet_durven_vragen.uit_trots", "hulp_vragen.niet_durven_vragen", "hulp_vragen"),
        ("eenzaamheid", None, None)]
    assert book.codes[0].definition == "Respondent durft niet om hulp te vragen."


def test_hostile_qdc_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.qdc"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="x" name="&b;" '
                    'isCodable="true"/></Codes></CodeBook>', encoding="utf-8")
    with pytest.raises(InputError, match="not a valid REFI-QDA codebook"):
        load_codebook(bomb)
    broken = tmp_path / "broken.qdc"
    broken.write_text("<CodeBook><Codes>", encoding="utf-8")
    with pytest.raises(InputError):
        load_codebook(broken)


def test_cli_show_json_contract_and_formats(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "toolkit", "codebook", "show", "--format", "json"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    codes = json.loads(res.stdout)
    assert [c["id"] for c in codes] == DEFAULT_IDS
    for c in codes:
        assert set(c) >= {"id", "group", "name_nl", "name_en", "definition", "include", "exclude",
                          "indicators", "examples", "parent"}
    for fmt, marker in (("markdown", "### `theme.shame`"), ("html", "<!doctype html>")):
        out = tmp_path / f"cb.{fmt}"
        res = subprocess.run([sys.executable, "-m", "toolkit", "codebook", "show", "-f", fmt, "-o", str(out)],
                             capture_output=True, text=True)
        assert res.returncode == 0 and marker in out.read_text(encoding="utf-8")
    html_text = (tmp_path / "cb.html").read_text(encoding="utf-8")
    assert "http://" not in html_text and "https://" not in html_text


def test_cli_check_reports_bad_codebook_with_exit_2(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("parent: g.a", "parent: g.x"))
    res = subprocess.run([sys.executable, "-m", "toolkit", "codebook", "check", str(path)],
                         capture_output=True, text=True)
    assert res.returncode == 2 and "cb.yaml:11:" in res.stderr and "unknown parent" in res.stderr


@pytest.mark.parametrize("text, code, negated", [
    ("Ik wil haar niet belasten.", "theme.fear_of_burdening", False),      # the code says it negated itself
    ("Ik wil mijn kinderen niet tot last zijn.", "theme.fear_of_burdening", False),
    ("Ik ga de thuiszorg niet lastigvallen, die hebben het druk genoeg.", "theme.fear_of_burdening", False),
    ("Ik schaam me daar nooit voor.", "theme.shame", False),
    ("Nee, nooit schamen, zeg ik altijd.", "theme.shame", True),
])
def test_negation_before_an_indicator_cancels_it_unless_the_code_is_voiced_that_way(text, code, negated) -> None:
    from toolkit.coding.lexicon import Lexicon

    hits = [h for h in Lexicon(load_codebook()).hits([text])[0] if h.code_id == code]
    assert hits, text
    assert all(h.negated == negated for h in hits), [(h.indicator, h.negated) for h in hits]
