"""`worth review` in a real headless Chromium: keyboard review, span coding, memo, retrain.

Needs Debian's `chromium` and `chromium-driver` (/usr/bin/chromedriver) and the selenium package.
Skipped without them on a workstation; with CI=true a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile

import pytest

from tests.review_helpers import WORTH, build_demo_project

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)


def _need_browser():
    missing = [name for name, found in (("chromium", CHROMIUM), ("chromedriver", DRIVER)) if not found]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium")
    if missing:
        msg = f"browser tests need {', '.join(missing)} (apt-get install chromium chromium-driver)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)


@pytest.fixture
def driver():
    _need_browser()
    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager download anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,1000"):
        opts.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="worth-chromium-")
    opts.add_argument(f"--user-data-dir={profile}")
    d = webdriver.Chrome(service=Service(DRIVER), options=opts)
    d.set_page_load_timeout(30)
    yield d
    d.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def server(tmp_path):
    _need_browser()
    project = build_demo_project(tmp_path)
    proc = subprocess.Popen([WORTH, "review", str(project), "--coder", "ans", "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:") and "?token=" in url, proc.stderr.read()
    yield url, project, proc
    if proc.poll() is None:
        proc.kill()


def _wait(driver, fn, timeout=10.0):
    """Wait until fn(driver) is true; elements re-rendered meanwhile (stale) are looked up again."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: fn(d))


def _next_open_turn(driver, body):
    """Press j until the current turn has an open suggestion; returns that turn."""
    from selenium.webdriver.common.by import By

    for _ in range(120):
        body.send_keys("j")
        turn = driver.find_element(By.CSS_SELECTOR, ".turn.current")
        if turn.find_elements(By.CSS_SELECTOR, ".suggestion:not(.accept):not(.reject)"):
            return turn
    raise AssertionError("no turn with an open suggestion")


def test_review_in_the_browser(driver, server):
    from selenium.webdriver.common.by import By

    url, project, proc = server
    token = url.split("token=")[1]
    driver.get(url)
    assert "Documenten" in driver.title or driver.find_element(By.TAG_NAME, "h1").text == "Documenten"
    driver.find_element(By.CSS_SELECTOR, "#docs a").click()
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".turn"))
    body = driver.find_element(By.TAG_NAME, "body")

    turn = _next_open_turn(driver, body)                      # accept with the keyboard
    accepted = (turn.get_attribute("data-id"), turn.find_element(By.CSS_SELECTOR, ".suggestion").get_attribute("data-code"))
    body.send_keys("a")
    _wait(driver, lambda d: turn.find_elements(By.CSS_SELECTOR, ".suggestion.accept"))
    turn = _next_open_turn(driver, body)                      # reject the next one
    rejected = (turn.get_attribute("data-id"), turn.find_element(By.CSS_SELECTOR, ".suggestion").get_attribute("data-code"))
    body.send_keys("r")
    _wait(driver, lambda d: turn.find_elements(By.CSS_SELECTOR, ".suggestion.reject"))

    for _ in range(20):                                       # a sub-turn span, coded with digit 1,
        body.send_keys("j")                                   # in the next turn longer than 40 characters
        span_turn = driver.find_element(By.CSS_SELECTOR, ".turn.current")
        if len(span_turn.find_element(By.CSS_SELECTOR, ".text").text) > 40:
            break
    driver.execute_script(
        "const n = arguments[0].querySelector('.text').firstChild; const r = document.createRange();"
        "r.setStart(n, 4); r.setEnd(n, 30); const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);",
        span_turn)
    body.send_keys("1")
    _wait(driver, lambda d: "Gecodeerd" in d.find_element(By.ID, "banner").text)
    first_code = driver.find_element(By.CSS_SELECTOR, "#codebook li[data-code]").get_attribute("data-code")

    body.send_keys("j")                                       # code a whole turn by typed name, then undo it
    body.send_keys("c")
    driver.find_element(By.ID, "code-input").send_keys("theme.shame\n")
    _wait(driver, lambda d: "theme.shame" in d.find_element(By.ID, "banner").text)
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("u")
    _wait(driver, lambda d: "Ongedaan" in d.find_element(By.ID, "banner").text)

    driver.find_element(By.ID, "memo-text").send_keys("Mevrouw twijfelt <b>hardop</b> over hulp.")
    driver.find_element(By.ID, "memo-save").click()
    _wait(driver, lambda d: "hardop" in d.find_element(By.ID, "memo-list").text)

    driver.find_element(By.ID, "retrain-btn").click()
    # retraining takes 10-20 s; a loaded machine may need a few times that
    _wait(driver, lambda d: "klaar" in d.find_element(By.ID, "retrain-state").text, timeout=180)
    assert driver.find_elements(By.CSS_SELECTOR, "#retrain-table tbody tr")

    proc.send_signal(signal.SIGINT)                           # Ctrl-C stops cleanly
    assert proc.wait(timeout=15) == 0

    with sqlite3.connect(project) as db:
        live = db.execute("SELECT segment_id, code_id, decision, start, \"end\" FROM decisions d WHERE decision != 'undo' "
                          "AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id) ORDER BY id").fetchall()
        assert [(s, c, d) for s, c, d, *_ in live[:2]] == [(*accepted, "accept"), (*rejected, "reject")]
        seg, code, decision, start, end = live[2]
        s_start, s_end = db.execute('SELECT start, "end" FROM segments WHERE id = ?', (seg,)).fetchone()
        assert (code, start, end) == (first_code, s_start + 4, s_start + 30) and end < s_end
        assert db.execute('SELECT count(*) FROM codings WHERE coder = ? AND start = ? AND "end" = ?',
                          ("ans", start, end)).fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM decisions WHERE decision = 'undo'").fetchone()[0] == 1
        assert db.execute("SELECT text FROM memos").fetchone()[0] == "Mevrouw twijfelt <b>hardop</b> over hulp."
        coders = [r[0] for r in db.execute("SELECT DISTINCT coder FROM codings WHERE coder LIKE 'model:review-ans-%'")]
        assert len(coders) == 1                               # the retrained model rescored the project
    assert token
