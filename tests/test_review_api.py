"""The review app's JSON API and pages (Starlette TestClient): token, Host/Origin, escaping, errors."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from starlette.testclient import TestClient

from toolkit.app.review import session
from toolkit.app.review.server import build_app

TOKEN = "test-token"


@pytest.fixture
def project(review_project, tmp_path):
    path = tmp_path / "p.sqlite"
    shutil.copy(review_project, path)
    return path


@pytest.fixture
def client(project):
    coder, book, machine = session(project, coder="ans")
    app = build_app(project, coder=coder, token=TOKEN, hosts={"testserver"}, codebook=book,
                    machine_coder=machine)
    return TestClient(app, headers={"X-Worth-Token": TOKEN})


def test_token_host_and_origin_are_required(project, client):
    bare = TestClient(client.app)
    assert bare.get("/api/segments").status_code == 403
    assert bare.get("/").status_code == 403
    assert bare.get("/static/review.js").status_code == 403
    assert bare.get("/api/segments", headers={"X-Worth-Token": "wrong"}).status_code == 403
    assert bare.get(f"/api/segments?token={TOKEN}").status_code == 200
    assert client.get("/api/segments", headers={"Host": "evil.example:8000"}).status_code == 403
    r = client.post("/api/decisions", json={}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    assert client.get("/api/segments", headers={"Origin": "http://testserver"}).status_code == 200


def test_segments_filters_and_shape(client):
    r = client.get("/api/segments?status=suggested&limit=5")
    assert r.status_code == 200
    segs = r.json()["segments"]
    assert len(segs) == 5
    assert set(segs[0]) == {"id", "doc_id", "start", "end", "text", "suggestions", "codings"}
    assert set(segs[0]["suggestions"][0]) >= {"code", "score", "explain"}
    doc = segs[0]["doc_id"]
    assert {s["doc_id"] for s in client.get(f"/api/segments?doc={doc}&limit=500").json()["segments"]} == {doc}
    code = segs[0]["suggestions"][0]["code"]
    for s in client.get(f"/api/segments?code={code}&limit=500").json()["segments"]:
        assert code in [x["code"] for x in s["suggestions"]] + [x["code"] for x in s["codings"]]
    for bad in ("status=maybe", "limit=0", "limit=x", "code=ow.nope"):
        r = client.get(f"/api/segments?{bad}")
        assert r.status_code == 400 and r.json()["error"]


def test_accept_reject_and_status(project, client):
    segs = client.get("/api/segments?status=unreviewed&limit=2").json()["segments"]
    a, b = segs
    r = client.post("/api/decisions", json={"segment_id": a["id"], "code": a["suggestions"][0]["code"],
                                            "decision": "accept"})
    assert r.status_code == 201 and r.json()["decision"] == "accept" and r.json()["coder"] == "ans"
    r = client.post("/api/decisions", json={"segment_id": b["id"], "code": b["suggestions"][0]["code"],
                                            "decision": "reject"})
    assert r.status_code == 201 and r.json()["coding_id"] is None
    accepted = client.get("/api/segments?status=accepted&limit=500").json()["segments"]
    rejected = client.get("/api/segments?status=rejected&limit=500").json()["segments"]
    assert [s["id"] for s in accepted] == [a["id"]] and [s["id"] for s in rejected] == [b["id"]]
    assert {"code": a["suggestions"][0]["code"], "coder": "ans", "start": a["start"], "end": a["end"]} \
        in accepted[0]["codings"]
    assert client.post("/api/undo").json()["undoes"] == 2
    assert client.get("/api/segments?status=rejected&limit=500").json()["segments"] == []


@pytest.mark.parametrize("body,message", [
    ({"segment_id": "nope:1", "code": "ow.civic", "decision": "accept"}, "unknown segment"),
    ({"code": "ow.civic", "decision": "accept"}, "unknown segment"),
    ({"segment_id": "SEG", "code": "ow.nope", "decision": "accept"}, "unknown code"),
    ({"segment_id": "SEG", "code": "ow.civic", "decision": "maybe"}, "decision must be"),
    ({"segment_id": "SEG", "code": "ow.civic", "decision": "accept", "start": 0, "end": 5}, "outside segment"),
    ({"segment_id": "SEG", "code": "ow.civic", "decision": "accept", "start": "a", "end": "b"}, "whole numbers"),
    ({"segment_id": "SEG", "code": "ow.civic", "decision": "accept", "colour": 1}, "unknown fields"),
    ([1, 2], "JSON object"),
])
def test_bad_decisions_are_400_and_write_nothing(project, client, body, message):
    seg = client.get("/api/segments?status=suggested&limit=1").json()["segments"][0]
    if isinstance(body, dict) and body.get("segment_id") == "SEG":
        body = body | {"segment_id": seg["id"]}
    r = client.post("/api/decisions", json=body)
    assert r.status_code == 400, r.text
    assert message in r.json()["error"]
    with sqlite3.connect(project) as db:
        assert db.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0


def test_stale_page_is_409(client):
    seg = client.get("/api/segments?status=suggested&limit=1").json()["segments"][0]
    r = client.post("/api/decisions", json={"segment_id": seg["id"], "code": seg["suggestions"][0]["code"],
                                            "decision": "accept", "model_run": "code-from-before"})
    assert r.status_code == 409 and "reload" in r.json()["hint"]


def test_memos_api(client):
    seg = client.get("/api/segments?limit=1").json()["segments"][0]
    r = client.post("/api/memos", json={"target": "segment", "target_id": seg["id"], "text": "twijfel"})
    assert r.status_code == 201
    assert client.get(f"/api/memos?target=segment&target_id={seg['id']}").json()["memos"][0]["text"] == "twijfel"
    assert client.post("/api/memos", json={"target": "planet", "target_id": "x", "text": "t"}).status_code == 400
    assert client.post("/api/memos", content=b"{not json").status_code == 400


def test_pages_escape_text_and_carry_the_csp(project, client):
    with sqlite3.connect(project) as db:  # a transcript may contain markup: it is shown, never run
        doc, seg = db.execute("SELECT doc_id, id FROM segments ORDER BY doc_id, n LIMIT 1").fetchone()
    client.post("/api/memos", json={"target": "document", "target_id": doc,
                                    "text": "<script>alert('memo')</script>"})
    page = client.get(f"/doc/{doc}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script>" not in page.text.replace('<script src="/static/review.js?token=test-token"></script>', "")
    assert client.get("/doc/no-such-doc").status_code == 404
    for path in ("/", "/retrieve?code=ow.domestic", "/retrieve?q=hulp", "/?attr=setting%3Dthuis"):
        assert client.get(path).status_code == 200, path


def test_queue_spreads_over_documents(client):
    queue = client.get("/api/queue?limit=3").json()["queue"]
    assert len({q["doc_id"] for q in queue}) == 3
    assert all(0 < q["score"] < 1 for q in queue)


def test_transcript_markup_is_shown_not_run(tmp_path):
    import subprocess

    from tests.review_helpers import WORTH

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "aanvraag.txt").write_text(
        "Interviewer: Hoe ging dat met de aanvraag op de website?\n"
        "Respondent: Ik had alles ingevuld, en toen stond er ineens <script>alert('hoi')</script> in het vakje. "
        "Dat klopt toch niet, dacht ik.\n"
        "Interviewer: Wat heeft u toen gedaan?\n"
        "Respondent: Mijn dochter gebeld, die weet meer van computers dan ik.\n", encoding="utf-8")
    project = tmp_path / "p.sqlite"
    subprocess.run([WORTH, "-q", "ingest", str(folder), "--project", str(project)], check=True,
                   capture_output=True)
    coder, book, machine = session(project, coder="ans")
    assert machine is None  # no model run yet: coding by hand still works
    client = TestClient(build_app(project, coder=coder, token=TOKEN, hosts={"testserver"}, codebook=book,
                                  machine_coder=None), headers={"X-Worth-Token": TOKEN})
    page = client.get("/doc/aanvraag").text
    assert "&lt;script&gt;alert(&#39;hoi&#39;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    seg = client.get("/api/segments?doc=aanvraag&limit=10").json()["segments"][1]
    assert "<script>alert('hoi')</script>" in seg["text"]  # the API returns the text as it is (JSON)
    r = client.post("/api/decisions", json={"segment_id": seg["id"], "code": "theme.shame", "decision": "reject"})
    assert r.status_code == 400 and "no machine suggestion" in r.json()["error"]
    r = client.post("/api/decisions", json={"segment_id": seg["id"], "code": "theme.shame", "decision": "accept"})
    assert r.status_code == 201 and r.json()["decision"] == "code" and r.json()["source_run"] is None


def test_review_command_refuses_bad_input(tmp_path, project):
    import subprocess

    from tests.review_helpers import WORTH

    import socket

    (tmp_path / "notes.txt").write_text("geen project", encoding="utf-8")
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    taken = str(busy.getsockname()[1])
    for args, message in [([str(tmp_path / "notes.txt")], "not a worth project file"),
                          ([str(project), "--coder", "model:x@1"], "is a model name"),
                          ([str(project), "--coder", "ans", "--port", taken], "cannot listen")]:
        proc = subprocess.run([WORTH, "review", *args, "--no-browser"], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2 and message in proc.stderr and proc.stdout == "", (args, proc.stderr)
    busy.close()


def test_a_question_that_pushed_a_code_shows_as_vraag(project, client):
    """The model reads each turn with the interviewer's question before it; the transcript page names
    such terms 'vraag: ...' instead of the model's internal 'q:' words."""
    import json

    with sqlite3.connect(project) as db:
        rows = db.execute("SELECT doc_id, explain FROM codings WHERE explain LIKE '%\"q:%'").fetchall()
    assert rows, "the default model's suggestions in the demo project lean on a question somewhere"
    doc, explain = next((d, json.loads(e)) for d, e in rows if any(t[0].startswith("q:") for t in json.loads(e)[:3]))
    page = client.get(f"/doc/{doc}").text
    term = next(t[0] for t in explain[:3] if t[0].startswith("q:"))
    assert f"vraag: {term[2:]}" in page
    assert f'class="why">{term}' not in page and f", {term}<" not in page and f", {term}," not in page
