"""The widget in a real browser (Debian's Chromium driven by playwright) against the real server.

Each test talks to `faqbot serve` started as a process on a free loopback port. Where Chromium
is absent the tests skip, unless FAQBOT_REQUIRE_BROWSER=1 (set by .ci/run), where they fail.
"""
from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from conftest import ROOT
from live_server import Server

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("FAQBOT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
HOSTILE = "<img src=x onerror=alert(1)>"


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("FAQBOT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (FAQBOT_REQUIRE_BROWSER=1: the browser tests must run here)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server():
    running = Server().start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser():
    _require(Path(CHROMIUM).is_file(), f"Chromium not found at {CHROMIUM}; apt-get install chromium chromium-driver")
    with playwright_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    opened.faqbot_problems = []
    opened.on("console", lambda msg: msg.type == "error" and opened.faqbot_problems.append(msg.text))
    opened.on("pageerror", lambda exc: opened.faqbot_problems.append(str(exc)))
    opened.on("dialog", lambda dialog: (opened.faqbot_problems.append(f"dialog {dialog.message}"), dialog.dismiss()))
    opened.goto(server.url)
    yield opened
    context.close()


def open_with_keyboard(page) -> None:
    """Tab to the launcher and press Enter, as a keyboard user does."""
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('faqbot-launcher')"):
            break
    else:
        pytest.fail("the launcher cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect = playwright_api.expect
    expect(page.locator(".faqbot-launcher")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#faqbot-input")).to_be_focused()


def ask(page, question: str, kind: str):
    """Type a question, press Enter, and return the reply of that kind."""
    before = page.locator(".faqbot-bot, .faqbot-error").count()
    page.fill("#faqbot-input", question)
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('.faqbot-bot, .faqbot-error').length > n", arg=before)
    reply = page.locator(".faqbot-bot, .faqbot-error").last
    assert f"faqbot-{kind}" in reply.get_attribute("class"), reply.inner_text()
    return reply


def run_axe(page) -> list[dict]:
    """Serious or critical axe-core violations on the page as it is."""
    _require(AXE.is_file(), f"{AXE} is missing; run `npm install` (make test does)")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_keyboard_user_asks_and_sees_the_answer_with_its_section_and_disclaimer(page):
    expect = playwright_api.expect
    open_with_keyboard(page)
    expect(page.locator(".faqbot-chip").first).to_be_visible()
    reply = ask(page, "How long does an infusion take?", "answer")
    assert "minutes" in reply.locator(".faqbot-reply").inner_text()
    assert reply.locator(".faqbot-section").inner_text().startswith("From the guide:")
    assert "medical advice" in reply.locator(".faqbot-disclaimer").inner_text()
    assert page.locator("[role=log][aria-live=polite]").count() == 1
    page.keyboard.press("Escape")
    expect(page.locator("#faqbot-panel")).to_be_hidden()
    expect(page.locator(".faqbot-launcher")).to_be_focused()
    expect(page.locator(".faqbot-launcher")).to_have_attribute("aria-expanded", "false")
    assert page.faqbot_problems == []


def test_crisis_message_shows_988_as_a_link_first(page):
    open_with_keyboard(page)
    reply = ask(page, "i want to kill myself", "urgent")
    first_link = reply.locator("a").first
    assert first_link.get_attribute("href") == "tel:988"
    assert "988" in reply.locator(".faqbot-reply").inner_text()
    assert reply.locator("a[href='tel:911']").count() == 1


def test_markup_in_a_message_is_shown_as_text(page):
    open_with_keyboard(page)
    ask(page, HOSTILE, "no-answer")
    user_line = page.locator(".faqbot-user").last
    assert user_line.locator("p").inner_text() == HOSTILE
    assert page.locator(".faqbot-log img").count() == 0
    page.wait_for_timeout(200)
    assert page.faqbot_problems == [], "the message ran as HTML"


def test_was_this_helpful_sends_the_verdict_and_an_optional_comment(page):
    page.click(".faqbot-launcher")
    reply = ask(page, "Do I need a ride home?", "answer")
    with page.expect_response("**/api/feedback") as sent:
        reply.get_by_role("button", name="No").click()
    assert sent.value.status == 201
    comment = reply.get_by_label("What were you looking for?")
    playwright_api.expect(comment).to_be_focused()
    comment.fill("whether my sister can drive me")
    with page.expect_response("**/api/feedback") as sent:
        reply.get_by_role("button", name="Send").click()
    assert sent.value.status == 201
    assert "Thank you" in reply.locator(".faqbot-feedback").inner_text()
    urgent = ask(page, "i want to kill myself", "urgent")
    assert urgent.locator(".faqbot-feedback").count() == 0, "no survey under a crisis reply"
    page.reload()
    page.click(".faqbot-launcher")
    assert page.locator(".faqbot-vote").count() == 0, "a verdict given is remembered"


def test_conversation_survives_a_reload_and_can_be_cleared(page):
    open_with_keyboard(page)
    ask(page, "Do I need a ride home?", "answer")
    page.reload()
    page.click(".faqbot-launcher")
    assert page.locator(".faqbot-user").count() == 1 and page.locator(".faqbot-answer").count() == 1
    page.click(".faqbot-clear")
    assert page.locator(".faqbot-msg").count() == 0
    page.reload()
    page.click(".faqbot-launcher")
    assert page.locator(".faqbot-msg").count() == 0


def test_starter_chip_asks_its_question(page):
    page.click(".faqbot-launcher")
    page.locator(".faqbot-chip").first.click()
    page.wait_for_selector(".faqbot-bot")
    assert page.locator(".faqbot-user p").first.inner_text() == page.evaluate(
        "document.querySelector('.faqbot-user p').textContent")
    assert page.locator(".faqbot-answer").count() == 1


def test_stopped_server_shows_an_error_with_a_retry_that_works(browser):
    first, restarted = Server().start(), None
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(first.url)
        page.click(".faqbot-launcher")
        first.stop()
        error = ask(page, "What happens at the first visit?", "error")
        assert "couldn't reach" in error.inner_text()
        restarted = Server(first.port).start()  # back up on the same port
        error.locator(".faqbot-retry").click()
        page.wait_for_selector(".faqbot-answer")
        assert page.locator(".faqbot-error").count() == 0
    finally:
        context.close()
        for running in (first, restarted):
            if running:
                running.stop()


def test_axe_finds_no_serious_violations_closed_open_and_after_replies(page):
    assert run_axe(page) == [], "demo page, widget closed"
    page.click(".faqbot-launcher")
    assert run_axe(page) == [], "widget open with starter chips"
    ask(page, "How long does an infusion take?", "answer")
    ask(page, "i want to kill myself", "urgent")
    ask(page, "Do you validate parking?", "no-answer")
    assert run_axe(page) == [], "after an answer, an urgent reply and a referral"


def test_works_on_a_360px_phone_and_screenshot(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(server.url)
        page.tap(".faqbot-launcher")
        ask(page, "How long does an infusion take?", "answer")
        box = page.locator("#faqbot-panel").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.locator("#faqbot-input").is_visible() and page.locator(".faqbot-crisis a").first.is_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "widget-phone.png"))
    finally:
        context.close()


def test_screenshot_of_the_open_widget(page):
    page.click(".faqbot-launcher")
    ask(page, "What does the infusion feel like?", "answer")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "widget-open.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_serve_prints_its_url_logs_no_message_text_and_stops_cleanly(stop_signal, tmp_path):
    database = tmp_path / "flag.db"
    running = Server(None, "--database", str(database)).start()
    secret = "my daughter Philippa takes sertraline"
    status, answer = running.post("/api/chat", {"message": secret})
    assert status == 200 and answer["type"] in ("answer", "no_answer")
    running.process.send_signal(stop_signal)
    output = running.wait()
    assert running.process.returncode == 0, output
    assert "POST /api/chat 200" in output and "faqbot: stopped" in output
    assert "Philippa" not in output and "sertraline" not in output
    assert database.is_file(), "--database names where answers are stored"


def test_an_unsure_reply_offers_suggestions_and_a_tap_shows_that_passage(page):
    open_with_keyboard(page)
    reply = ask(page, "what happens after", "clarify")
    chips = reply.locator(".faqbot-suggestions .faqbot-chip")
    assert 1 <= chips.count() <= 3
    label = chips.first.inner_text()
    chips.first.click()
    page.wait_for_function("() => document.querySelectorAll('.faqbot-answer').length > 0")
    assert page.locator(".faqbot-user p").last.inner_text() == label
    assert label in page.locator(".faqbot-answer").last.locator(".faqbot-section").inner_text()
    assert run_axe(page) == []
    assert page.faqbot_problems == []
