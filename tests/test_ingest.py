from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path

import numpy as np
import pytest

from toolkit.errors import CorruptFile, DecodeError, EmptyInput, InputError, UnsupportedFormat
from toolkit.io.text import decode_bytes
from toolkit.io.readers import read_file, read_inputs
from toolkit.io.segment import segment_document

from .conftest import make_docx, make_odt

TEXT = "R: Ik wil niemand tot last zijn, weet je. Café gesloten — ‘jammer’.\nI: Hè?\n"


def test_utf8_with_and_without_bom_and_crlf(tmp_path: Path) -> None:
    plain = tmp_path / "a.txt"
    plain.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    bom = tmp_path / "b.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    a, b = read_file(plain)[0].document, read_file(bom)[0].document
    assert a.text == b.text == TEXT
    assert (a.encoding, b.encoding) == ("utf-8", "utf-8-sig")
    assert "\r" not in a.text


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_windows_encodings_decode_correctly(tmp_path: Path, encoding: str) -> None:
    text = "R: Wat een café, zei de heer Müller. Geïnspireerd? Nee.\n"
    if encoding == "cp1252":
        text += "Het kostte €12 – ‘te veel’.\n"
    path = tmp_path / "oud.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_file(path)[0].document
    assert doc.text == text
    assert doc.encoding == "cp1252"


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "word_unicode.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    assert read_file(path)[0].document.text == TEXT


def test_mixed_encoding_is_refused_with_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("R: café één\n".encode("utf-8") + "I: daarna\nR: oud café\n".encode("cp1252"))
    with pytest.raises(DecodeError) as err:
        read_file(path)
    assert err.value.line == 3
    assert "mixed.txt:3:" in err.value.one_line()


def test_binary_and_pdf_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "x.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(DecodeError, match="binary"):
        read_file(binary)
    pdf = tmp_path / "renamed.txt"
    pdf.write_bytes(b"%PDF-1.7\n\x00\x01 stream")
    with pytest.raises(DecodeError, match="PDF"):
        read_file(pdf)


def test_undecodable_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"R: goed\nR: \x81\x8d\x8f\x90 raar\n")
    with pytest.raises(DecodeError) as err:
        read_file(path)
    assert err.value.line == 2


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    for name, data in (("leeg.txt", b""), ("spaties.txt", b"  \n\n \t\n")):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(EmptyInput):
            read_file(path)


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "audio.mp3"
    path.write_bytes(b"ID3")
    with pytest.raises(UnsupportedFormat, match="mp3"):
        read_file(path)


def test_docx_paragraphs_and_speaker_table(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "t.docx", ["Interview 2 – mantelzorger", "I: Hoe gaat het?",
                                          "R: Zwaar. Ik sta er alleen voor."],
                     table=[("I", "En uw broer?"), ("R", "Die woont in Spanje.")])
    doc = read_file(path)[0].document
    segs = segment_document(doc)
    turns = [(s.speaker, s.text) for s in segs if s.kind == "turn"]
    assert turns == [("I", "Hoe gaat het?"), ("R", "Zwaar. Ik sta er alleen voor."),
                     ("I", "En uw broer?"), ("R", "Die woont in Spanje.")]
    assert all(doc.text[s.start:s.end] == s.text for s in segs)


def test_odt_paragraphs(tmp_path: Path) -> None:
    path = make_odt(tmp_path / "t.odt", ["Interviewer: Wie helpt u?", "Respondent: Niemand, ik red me wel."])
    segs = segment_document(read_file(path)[0].document)
    assert [(s.speaker, s.is_interviewer) for s in segs] == [("Interviewer", True), ("Respondent", False)]


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_truncated_and_fake_office_files(tmp_path: Path, suffix: str) -> None:
    good = tmp_path / f"good{suffix}"
    (make_docx if suffix == ".docx" else make_odt)(good, ["R: tekst"])
    truncated = tmp_path / f"trunc{suffix}"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    fake = tmp_path / f"fake{suffix}"
    fake.write_text("gewoon tekst", encoding="utf-8")
    other_zip = tmp_path / f"otherzip{suffix}"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("hallo.txt", "niets")
    for path in (truncated, fake, other_zip):
        with pytest.raises(CorruptFile) as err:
            read_file(path)
        assert path.name in err.value.one_line()


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<a/>")
        zf.writestr("word/media/big.bin", b"\0" * (400 * 1024 * 1024))
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(CorruptFile, match="unpacks"):
        read_file(path)


VTT = """WEBVTT

NOTE gemaakt door transcriptiesoftware

1
00:00:01.000 --> 00:00:04.000
<v Interviewer>Hoe gaat het met de mantelzorg?</v>

2
00:00:04.500 --> 00:00:07.000
<v Anja>Nou, eh, zwaar hoor.

3
00:00:07.100 --> 00:00:09.000
<v Anja>Ik kom niet meer aan mezelf toe.
"""

SRT = """1
00:00:01,000 --> 00:00:03,500
Interviewer: Woont u hier al lang?

2
00:00:03,600 --> 00:00:06,000
Kees: Veertig jaar. Vroeger kende ik

3
00:00:06,000 --> 00:00:08,000
iedereen in de straat.
"""


def test_vtt_cues_merge_into_turns_with_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "opname.vtt"
    path.write_text(VTT, encoding="utf-8")
    doc = read_file(path)[0].document
    segs = segment_document(doc, unit="auto")
    assert [(s.speaker, s.is_interviewer, s.text) for s in segs] == [
        ("Interviewer", True, "Hoe gaat het met de mantelzorg?"),
        ("Anja", False, "Nou, eh, zwaar hoor. Ik kom niet meer aan mezelf toe."),
    ]
    assert "[00:00:04] Anja:" in doc.text


def test_srt_speaker_prefix_and_continuation(tmp_path: Path) -> None:
    path = tmp_path / "opname.srt"
    path.write_text(SRT, encoding="utf-8")
    segs = segment_document(read_file(path)[0].document)
    assert [(s.speaker, s.text) for s in segs][-1] == (
        "Kees", "Veertig jaar. Vroeger kende ik iedereen in de straat.")


def test_broken_subtitles(tmp_path: Path) -> None:
    no_header = tmp_path / "x.vtt"
    no_header.write_text("00:00:01.000 --> 00:00:02.000\nHallo\n", encoding="utf-8")
    with pytest.raises(CorruptFile, match="WEBVTT"):
        read_file(no_header)
    bad_timing = tmp_path / "y.srt"
    bad_timing.write_text("1\n00:00:01 --> later\nHallo\n", encoding="utf-8")
    with pytest.raises(CorruptFile) as err:
        read_file(bad_timing)
    assert err.value.line == 2
    empty = tmp_path / "z.srt"
    empty.write_text("1\n\n2\n", encoding="utf-8")
    with pytest.raises(EmptyInput):
        read_file(empty)


def test_jsonl_segments_group_by_document_with_exact_offsets(tmp_path: Path) -> None:
    path = tmp_path / "segs.jsonl"
    lines = [{"id": "s1", "doc_id": "int7", "text": "Ik red me wel.", "role": "client"},
             {"id": "s2", "doc_id": "int7", "text": "Mijn zoon helpt soms.", "role": "client"},
             {"id": "s3", "doc_id": "int8", "text": "Wij werken met de ZRM.", "role": "professional"}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    parsed = read_file(path)
    assert [p.document.id for p in parsed] == ["int7", "int8"]
    for p in parsed:
        for s in p.segments:
            assert p.document.text[s.start:s.end] == s.text
    assert [s.id for s in parsed[0].segments] == ["s1", "s2"]
    assert parsed[1].segments[0].role == "professional"


@pytest.mark.parametrize("content, line", [
    ('{"text": "goed"}\n{"text": kapot}\n', 2),
    ('{"text": "goed"}\n["lijst"]\n', 2),
    ('{"text": "goed"}\n\n{"tekst": "verkeerd veld"}\n', 3),
    ('{"text": "   "}\n', 1),
])
def test_jsonl_errors_name_the_line(tmp_path: Path, content: str, line: int) -> None:
    path = tmp_path / "segs.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_file(path)
    assert err.value.line == line
    assert f"segs.jsonl:{line}:" in err.value.one_line()


def test_csv_excel_semicolon_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("Tekst;Doc;Spreker\r\n\"Ik schaam me, één keer.\";A;R\r\nWeet ik niet;A;R\r\n"
                     .encode("cp1252"))
    parsed = read_file(path)
    assert parsed[0].document.id == "A"
    assert [s.text for s in parsed[0].segments] == ["Ik schaam me, één keer.", "Weet ik niet"]


def test_csv_without_text_column_lists_columns(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="columns are: a, b"):
        read_file(path)


def test_folder_with_bad_file_goes_on_and_lists_it(transcripts: Path) -> None:
    (transcripts / "kapot.docx").write_bytes(b"PK\x03\x04 niet echt")
    (transcripts / "sub").mkdir()
    (transcripts / "sub" / "extra.txt").write_text("I: Hallo?\nR: Ja, hallo.\n", encoding="utf-8")
    (transcripts / "kopie.txt").write_bytes((transcripts / "int_ir.txt").read_bytes())
    report = read_inputs([transcripts])
    ids = sorted(p.document.id for p in report.parsed)
    assert ids == ["extra", "int_ir", "int_names", "observatie", "timestamps", "zonder_labels"]
    skipped = sorted(Path(e.path).name for e in report.skipped)
    assert skipped == ["kapot.docx", "kopie.txt"]  # files are read in sorted order: the copy comes second
    assert all(e.exit_code == 2 for e in report.skipped)


def test_manifest_and_sidecar_metadata(transcripts: Path) -> None:
    report = read_inputs([transcripts])
    meta = {p.document.id: p.document.meta for p in report.parsed}
    assert meta["int_names"]["respondent_role"] == "mantelzorger"
    assert meta["int_names"]["municipality"] == "Loosdam"
    assert meta["zonder_labels"] == {"respondent_role": "client", "setting": "thuis",
                                     "municipality": "Dijkerveen"}


def test_stable_ids_do_not_depend_on_how_files_are_named_on_the_command_line(transcripts: Path) -> None:
    one = read_inputs([transcripts / "int_ir.txt"]).parsed[0].document
    folder = {p.document.id: p.document for p in read_inputs([transcripts]).parsed}
    assert folder["int_ir"].id == one.id and folder["int_ir"].sha256 == one.sha256


def test_decode_bytes_rejects_unknown_utf8_start(tmp_path: Path) -> None:
    with pytest.raises(DecodeError, match="UTF-8"):
        decode_bytes(b"\xef\xbb\xbfgoed\n\xff\xfe", tmp_path / "x.txt")


def test_manifest_rows_without_a_file_and_files_without_a_row_are_warned_about(transcripts: Path, caplog) -> None:
    with (transcripts / "manifest.csv").open("a", encoding="utf-8") as f:
        f.write("int_verdwenen.txt,interview,client,thuis,Loosdam,2025-05-01,I,\n")
    (transcripts / "int_nieuw.txt").write_text("I: Hoe gaat het?\nR: Ach, het gaat wel, ik red me.\n",
                                               encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        report = read_inputs([transcripts])
    assert "int_nieuw" in {p.document.id for p in report.parsed}
    said = caplog.text
    assert "names 1 file(s) that do not exist" in said and "int_verdwenen.txt" in said
    assert "1 file(s) have no row in the manifest" in said and "int_nieuw.txt" in said
    assert "zonder_labels" not in said  # it has a sidecar


def test_manifest_beside_named_files_applies(transcripts: Path) -> None:
    report = read_inputs([transcripts / "int_names.txt", transcripts / "observatie.txt"])
    meta = {p.document.id: p.document.meta for p in report.parsed}
    assert meta["int_names"]["respondent_role"] == "mantelzorger"
    assert meta["observatie"]["doc_type"] == "observation"


# --------------------------------------------------------------------------- CSV quoting

TURNS = [
    ("I", "Hoe gaat het nu met uw moeder, sinds ze uit het ziekenhuis is?"),
    ("R", "Ja, wisselend hè. De ene dag gaat het wel, de andere dag, nou, dan ligt ze de hele middag op de bank."),
    ("I", "En wie doet dan de boodschappen?"),
    ("R", "Dat doe ik, op zaterdag. Mijn broer woont in Zwolle, die komt eens in de maand, als het uitkomt."),
    ("R", "Ik wil ook niet zeuren, weet je. Iedereen heeft het druk, de buren ook, die hebben zelf kleine kinderen."),
    ("I", "Heeft u weleens gedacht aan hulp van het wijkteam?"),
    ("R", ("Eh, ja, gedacht wel. Maar dan moet je zo'n formulier invullen en dan komt er iemand aan tafel "
           "zitten, en dan voel ik me toch een beetje, hoe zeg je dat, bekeken.")),
]
LATE = ('Ik ben nog steeds "de chauffeur" van mijn moeder, elke dinsdag naar de fysio, en als ik door de wijk '
        'loop. Hé, daar heb je de taxi, zeggen ze dan. Dat is grappig bedoeld, maar ik vind het niet altijd grappig.')


def _cell(value: str, sep: str) -> str:
    """A field as Excel writes it: in double quotes, quotes doubled, when it holds a quote, sep or line break."""
    if any(c in value for c in (sep, '"', "\n")):
        return '"' + value.replace('"', '""') + '"'
    return value


def _write_csv(path: Path, header: list[str], rows: list[list[str]], sep: str = ",") -> Path:
    lines = [sep.join(header)] + [sep.join(_cell(v, sep) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def _late_quote_rows(extra: list[str] | None = None) -> list[list[str]]:
    """More than 8 KB of turns without a quote, then one with quotes, then one more turn."""
    rounds = 9000 // sum(len(text) for _, text in TURNS) + 1
    rows = [[speaker, text, *(extra or [])] for speaker, text in TURNS * rounds]
    rows.append(["R", LATE, *(extra or [])])
    rows.append(["I", "Wat doet dat met u?", *(extra or [])])
    return rows


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_csv_doubled_quotes_after_the_first_8_kb_keep_the_whole_turn(tmp_path: Path, sep: str) -> None:
    path = _write_csv(tmp_path / "gesprek.csv", ["speaker", "tekst"], _late_quote_rows(), sep)
    data = path.read_text(encoding="utf-8")
    assert '""' not in data[:8192] and data.index('""') > 8192
    segs = read_file(path)[0].segments
    assert segs[-2].text == LATE
    assert (segs[-2].speaker, segs[-1].speaker, segs[-1].text) == ("R", "I", "Wat doet dat met u?")


def test_coded_csv_doubled_quotes_after_8_kb_do_not_spill_into_the_codes(tmp_path: Path) -> None:
    from toolkit.coding.codebook_io import load_codebook
    from toolkit.coding.labels import load_labelled

    rows = _late_quote_rows(["theme.caregiver_burden;ow.domestic"])
    path = _write_csv(tmp_path / "gecodeerd.csv", ["speaker", "text", "codes"], rows)
    book = load_codebook()
    data = load_labelled([path], book)
    assert data.segments[-2].text == LATE
    coded = {book.ids[j] for j in np.flatnonzero(data.Y[-2])}
    assert coded == {"theme.caregiver_burden", "ow.domestic"}


def test_csv_semicolons_with_doubled_quotes_and_a_line_break(tmp_path: Path) -> None:
    path = tmp_path / "excel_nl.csv"
    path.write_bytes('Spreker;Tekst;Doc\r\nI;"Wat bedoelt u met ""last""?";int3\r\n'
                     'R;"Nou; dat ik ""gewoon"" zelf wil kunnen kiezen.\nSnapt u?";int3\r\n'
                     'R;Café om de hoek;int3\r\n'.encode("cp1252"))
    segs = read_file(path)[0].segments
    assert [s.text for s in segs] == ['Wat bedoelt u met "last"?',
                                      'Nou; dat ik "gewoon" zelf wil kunnen kiezen.\nSnapt u?', "Café om de hoek"]


def test_csv_with_one_column_keeps_commas_in_the_text(tmp_path: Path) -> None:
    path = tmp_path / "alleen_tekst.csv"
    path.write_text("tekst\nJa, nee, weet ik veel, eh, het is wat het is.\nNou, dat dus.\n", encoding="utf-8")
    assert [s.text for s in read_file(path)[0].segments] == ["Ja, nee, weet ik veel, eh, het is wat het is.",
                                                            "Nou, dat dus."]


@pytest.mark.parametrize("rows, line, message", [
    # the quote of line 3 is never closed: it would swallow the rest of the file
    (['R;"Ik zei nog: ga nou maar;int1', "I;En toen?;int1", "R;Toen ging ze.;int1"], 3, "unclosed quote"),
    # ... or run on until a quote in a later turn, merging the turns in between
    (['R;"Ik zei nog: ga nou maar;int1', "I;En toen?;int1", 'R;Ze zei "nee" en bleef;int1'], 3, "line 5"),
    # a separator in a field without quotes
    (["R;Ik ben moe; heel moe;int1"], 3, "more fields than the header"),
])
def test_csv_broken_quoting_is_an_error_naming_file_and_line(tmp_path: Path, rows: list[str], line: int,
                                                             message: str) -> None:
    path = tmp_path / "kapot.csv"
    path.write_text("\n".join(["spreker;tekst;doc", "I;Hoe was dat?;int1", *rows]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        read_file(path)
    assert err.value.line == line
    assert f"kapot.csv:{line}:" in err.value.one_line()


def test_a_wrong_codings_line_leaves_the_project_as_it_was(tmp_path: Path) -> None:
    """The codings are checked against the new transcripts before anything is written: a wrong line
    adds neither the transcripts nor any coding, and the corrected file then brings both in."""
    import toolkit as worth
    from toolkit.store import open_store

    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "eerste.txt").write_text("I: Hoe gaat het thuis?\nR: Mijn zoon komt elke dag, dat is fijn.\n",
                                       encoding="utf-8")
    second = "I: En de buren?\nR: Ik vraag ze niks, ik wil niemand lastigvallen.\n"
    (folder / "tweede.txt").write_text(second, encoding="utf-8")
    project = tmp_path / "p.sqlite"
    worth.ingest([folder / "eerste.txt"], project, compute_terms=False)
    turn = (second.index("Ik vraag"), len(second) - 1)  # the respondent's turn, as a segment
    good = {"file": "tweede.txt", "start": turn[0], "end": turn[1], "code": "theme.fear_of_burdening", "coder": "ans"}
    bad = dict(good, code="theme.schaamte")
    codings = tmp_path / "codings.jsonl"
    codings.write_text("\n".join(json.dumps(r) for r in (good, bad)) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown code id") as err:
        worth.ingest([folder], project, codings=codings, compute_terms=False)
    assert err.value.line == 2
    with open_store(project, create=False) as store:
        assert [d.id for d in store.documents()] == ["eerste"]
        assert store.codings() == [] and len(store.runs()) == 1
    codings.write_text(json.dumps(good) + "\n", encoding="utf-8")
    outcome = worth.ingest([folder], project, codings=codings, compute_terms=False)
    assert (outcome.added, outcome.codings) == (["tweede"], 1)
    with open_store(project, create=False) as store:
        [coding] = store.codings()
        assert coding.segment_id is not None and coding.code_id == "theme.fear_of_burdening"
