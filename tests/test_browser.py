"""The widget in a real browser (Debian's Chromium driven by playwright) against the real server.

Each test talks to `faqbot serve` started as a process on a free loopback port (the shared one with
a clinic phone number and its own crisis chat address set). Where Chromium is absent the tests skip,
unless FAQBOT_REQUIRE_BROWSER=1 (set by .ci/run), where they fail. Tests marked with the `size`
fixture run at a desktop (1280x900) and a phone (390x844) size; screenshots of each state go to
tests/artifacts/ (kept by CI) as widget-<state>-<size>.png.
"""
from __future__ import annotations

import os
import re
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
CLINIC_PHONE, CLINIC_TEL = "+1-555-0100", "tel:+15550100"
CRISIS_CHAT = "https://chat.example.org/988"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SIZES = {"desktop": DESKTOP,
         "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}}
TAP_MIN = 44  # px, width and height of anything a finger taps


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("FAQBOT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (FAQBOT_REQUIRE_BROWSER=1: the browser tests must run here)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server():
    running = Server(FAQBOT_CLINIC_PHONE=CLINIC_PHONE, FAQBOT_CRISIS_CHAT=CRISIS_CHAT).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser():
    _require(Path(CHROMIUM).is_file(), f"Chromium not found at {CHROMIUM}; apt-get install chromium chromium-driver")
    with playwright_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _watched_page(context):
    """A new page that collects console errors, page errors and dialogs in page.faqbot_problems."""
    opened = context.new_page()
    opened.faqbot_problems = []
    opened.on("console", lambda msg: msg.type == "error" and opened.faqbot_problems.append(msg.text))
    opened.on("pageerror", lambda exc: opened.faqbot_problems.append(str(exc)))
    opened.on("dialog", lambda dialog: (opened.faqbot_problems.append(f"dialog {dialog.message}"), dialog.dismiss()))
    return opened


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(**DESKTOP)
    opened = _watched_page(context)
    opened.goto(server.url)
    yield opened
    context.close()


@pytest.fixture(params=list(SIZES))
def size(request):
    """"desktop" or "phone": the size sized_page has."""
    return request.param


@pytest.fixture()
def sized_page(browser, server, size):
    context = browser.new_context(**SIZES[size])
    opened = _watched_page(context)
    opened.faqbot_size = size
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


def ask_for(page, question: str, kind: str):
    """ask(), and the answer object the server sent: (reply element, answer dict)."""
    with page.expect_response("**/api/chat") as answered:
        reply = ask(page, question, kind)
    return reply, answered.value.json()


def open_widget(page) -> None:
    """Open the panel with a tap (phone) or a click."""
    if getattr(page, "faqbot_size", "") == "phone":
        page.tap(".faqbot-launcher")
    else:
        page.click(".faqbot-launcher")
    playwright_api.expect(page.locator("#faqbot-panel")).to_be_visible()


def screenshot(page, state: str) -> None:
    """tests/artifacts/widget-<state>-<size>.png (CI keeps the folder)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"widget-{state}-{page.faqbot_size}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


# The text a sighted visitor reads: without the words kept for screen readers only.
VISIBLE_TEXT = """el => { const copy = el.cloneNode(true);
  copy.querySelectorAll('.faqbot-visually-hidden').forEach(n => n.remove());
  return copy.textContent.replace(/\\s+/g, ' ').trim(); }"""

# Whether an element is wholly in view without scrolling: inside the conversation's visible
# part and inside the window.
IN_VIEW = """el => { const r = el.getBoundingClientRect(), log = el.closest('.faqbot-log').getBoundingClientRect();
  return r.height > 0 && r.top >= Math.max(log.top, 0) - 1 && r.bottom <= Math.min(log.bottom, window.innerHeight) + 1; }"""

# Everything in the widget one can tap, as rendered: what, its text and its size.
TAP_TARGETS = """() => [...document.querySelectorAll(
    '.faqbot a[href], .faqbot button, .faqbot input, .faqbot textarea, .faqbot select, .faqbot [tabindex]')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .map(el => { const r = el.getBoundingClientRect();
    return {what: el.className || el.tagName, text: el.textContent.trim().slice(0, 40),
            width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10}; })"""


def small_tap_targets(page) -> list[dict]:
    return [t for t in page.evaluate(TAP_TARGETS) if t["width"] < TAP_MIN or t["height"] < TAP_MIN]


def run_axe(page) -> list[dict]:
    """Serious or critical axe-core violations on the page as it is."""
    _require(AXE.is_file(), f"{AXE} is missing; run `npm install` (make test does)")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_keyboard_user_asks_and_sees_the_answer_with_its_section_and_the_disclaimer_once_at_the_top(page):
    expect = playwright_api.expect
    open_with_keyboard(page)
    expect(page.locator(".faqbot-chip").first).to_be_visible()
    disclaimer = page.locator(".faqbot-disclaimer")
    expect(disclaimer).to_have_count(1)
    expect(disclaimer).to_be_visible()
    assert "medical advice" in disclaimer.inner_text()
    assert page.locator(".faqbot-header .faqbot-disclaimer").count() == 1, "a line under the header"
    reply = ask(page, "How long does an infusion take?", "answer")
    assert "minutes" in reply.locator(".faqbot-reply").inner_text()
    assert reply.locator(".faqbot-section").inner_text().startswith("From the guide:")
    assert reply.locator(".faqbot-disclaimer").count() == 0, "not repeated under each reply"
    greeting = ask(page, "hi", "no-answer")
    assert greeting.locator(".faqbot-disclaimer").count() == 0
    expect(disclaimer).to_have_count(1)
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
        reply.get_by_role("button", name="No", exact=True).click()
    assert sent.value.status == 201
    comment = reply.get_by_label("What were you looking for?")
    playwright_api.expect(comment).to_be_focused()
    comment.fill("whether my sister can drive me")
    with page.expect_response("**/api/feedback") as sent:
        reply.get_by_role("button", name="Send", exact=True).click()
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


# --- a calmer widget: at a desktop and a phone size --------------------------------------------

@pytest.mark.parametrize("question", ["i want to kill myself", "someone has a gun and is threatening us"])
def test_crisis_reply_is_calm_words_first_one_action_then_the_other_help_as_links(sized_page, question):
    page = sized_page
    open_widget(page)
    reply, answer = ask_for(page, question, "urgent")
    resources = answer["resources"]
    primary = next(r for r in resources if r["primary"])

    # The reply's own words come first, and are in view without scrolling.
    first = reply.locator(":scope > :not(.faqbot-visually-hidden)").first
    assert "faqbot-reply" in first.get_attribute("class")
    assert first.inner_text() == answer["reply"]
    assert first.evaluate(IN_VIEW), "the calm words are cut off until one scrolls"

    # One primary action: the resource the server marks primary.
    action = reply.locator(".faqbot-action")
    assert action.count() == 1 and reply.locator("button").count() == 0
    assert action.get_attribute("href") == primary["href"]
    assert action.evaluate(VISIBLE_TEXT) == primary["action"]
    assert action.evaluate(IN_VIEW)

    # Every other help once, as a plain link, each service named once then its actions.
    links = reply.locator(".faqbot-help-link")
    hrefs = [link.get_attribute("href") for link in links.all()]
    assert hrefs == [r["href"] for r in resources if r is not primary]
    assert all(link.evaluate("a => getComputedStyle(a).backgroundColor") == "rgba(0, 0, 0, 0)" for link in links.all())
    names = list(dict.fromkeys(r["name"] for r in resources if r is not primary))
    shown = [name.evaluate(VISIBLE_TEXT) for name in reply.locator(".faqbot-help-name").all()]
    assert shown == [n[0].upper() + n[1:] + ":" for n in names]  # (VISIBLE_TEXT trims)
    groups = [item.evaluate(VISIBLE_TEXT) for item in reply.locator(".faqbot-help-links li").all()]
    if primary["href"] == "tel:911":  # the crisis line is not the primary: all three of its actions, named once
        assert "988 Suicide & Crisis Lifeline: Call · Text · Chat online" in groups
    else:
        assert "988 Suicide & Crisis Lifeline: Text · Chat online" in groups
    for link in links.all():  # a short "Text" still says in full what it does to a screen reader
        resource = next(r for r in resources if r["href"] == link.get_attribute("href"))
        spoken = " ".join(link.text_content().split())
        assert spoken.startswith(f"{resource['action']}, {resource['name']}"), spoken

    assert reply.locator(".faqbot-disclaimer, .faqbot-feedback").count() == 0, "no disclaimer or survey on a crisis"
    assert run_axe(page) == []
    screenshot(page, "urgent" if primary["href"] == "tel:988" else "urgent-danger")
    assert page.faqbot_problems == []


def test_the_clinic_phone_is_one_tap_away_in_the_crisis_bar_and_on_referrals(sized_page):
    page = sized_page
    open_widget(page)
    bar = page.locator(".faqbot-crisis")
    clinic = bar.locator(f"a[href='{CLINIC_TEL}']")
    assert clinic.count() == 1 and clinic.is_visible() and clinic.inner_text() == CLINIC_PHONE
    chat = bar.locator(f"a[href='{CRISIS_CHAT}']")  # data-crisis-chat
    assert chat.count() == 1 and chat.is_visible() and chat.get_attribute("rel") == "noopener noreferrer"
    assert bar.locator("a[href='tel:988']").count() == 1 and bar.locator("a[href='tel:911']").count() == 1
    for question, kind in [("Do you validate parking?", "no-answer"), ("hi", "no-answer"),
                           ("what happens after", "clarify")]:
        reply = ask(page, question, kind)
        call = reply.locator(f"a[href='{CLINIC_TEL}']")
        assert call.count() == 1, f"no clinic link on {question!r}"
        assert CLINIC_PHONE in call.inner_text()
        assert reply.locator(".faqbot-disclaimer").count() == 0
        if question == "Do you validate parking?":
            call.scroll_into_view_if_needed()
            assert call.is_visible()
            assert run_axe(page) == []
            screenshot(page, "no-answer")
    answer = ask(page, "How long does an infusion take?", "answer")
    assert answer.locator(f"a[href='{CLINIC_TEL}']").count() == 0, "an answer needs no referral"
    assert page.faqbot_problems == []


def test_without_a_clinic_phone_no_clinic_link_is_shown(browser, server):
    context = browser.new_context(**DESKTOP)
    page = _watched_page(context)
    def without_clinic_phone(route):
        fetched = route.fetch()
        route.fulfill(response=fetched, body=re.sub(r'data-clinic-phone="[^"]*"', "", fetched.text()))

    try:  # the same server; the widget's tag without data-clinic-phone
        page.route(server.url, without_clinic_phone)
        page.goto(server.url)
        page.click(".faqbot-launcher")
        reply = ask(page, "Do you validate parking?", "no-answer")
        assert page.locator(".faqbot a[href^='tel:+1555']").count() == 0
        assert reply.locator(".faqbot-clinic").count() == 0
        assert "Clinic" not in page.locator(".faqbot-crisis").inner_text()
        assert page.faqbot_problems == []
    finally:
        context.close()


def test_clarify_chips_and_related_sections_ask_for_their_passage(sized_page):
    page = sized_page
    open_widget(page)
    reply, clarify = ask_for(page, "what happens after", "clarify")
    chips = reply.locator(".faqbot-suggestions .faqbot-chip")
    assert chips.count() == len(clarify["suggestions"]) and 1 <= chips.count() <= 3
    assert run_axe(page) == []
    screenshot(page, "clarify")
    with page.expect_request("**/api/chat") as asked:
        chips.first.click()
    assert asked.value.post_data_json == {"message": "what happens after",
                                          "passage_id": clarify["suggestions"][0]["id"]}
    page.wait_for_function("() => document.querySelectorAll('.faqbot-answer').length > 0")
    chosen = page.locator(".faqbot-answer").last
    assert chosen.locator(".faqbot-section").inner_text().endswith(clarify["suggestions"][0]["section"])

    reply, answer = ask_for(page, "How long does an infusion take?", "answer")
    related = reply.locator(".faqbot-related-topics .faqbot-chip")
    assert answer["related"] and related.count() == len(answer["related"])
    assert [b.inner_text() for b in related.all()] == [r["section"].split(" > ")[-1] for r in answer["related"]]
    assert run_axe(page) == []
    screenshot(page, "answer")
    before = page.locator(".faqbot-answer").count()
    with page.expect_request("**/api/chat") as asked:
        related.first.click()
    assert asked.value.post_data_json == {"message": "How long does an infusion take?",
                                          "passage_id": answer["related"][0]["id"]}
    page.wait_for_function("n => document.querySelectorAll('.faqbot-answer').length > n", arg=before)
    shown = page.locator(".faqbot-answer").last
    assert shown.locator(".faqbot-section").inner_text() == "From the guide: " + answer["related"][0]["section"]
    assert page.locator(".faqbot-user p").last.inner_text() == answer["related"][0]["section"].split(" > ")[-1]
    assert run_axe(page) == []
    assert page.faqbot_problems == []


def test_the_open_panel_fills_a_phone_and_hides_the_launcher(sized_page):
    page = sized_page
    expect = playwright_api.expect
    launcher = page.locator(".faqbot-launcher")
    assert run_axe(page) == [], "closed"
    open_widget(page)
    expect(page.locator(".faqbot-chip").first).to_be_visible()
    panel = page.locator("#faqbot-panel").bounding_box()
    width, height = SIZES[page.faqbot_size]["viewport"].values()
    if page.faqbot_size == "phone":
        assert panel == {"x": 0, "y": 0, "width": width, "height": height}, "full screen"
        expect(launcher).to_be_hidden()
    else:
        assert panel["width"] <= 420 and panel["height"] <= 700, "a panel in the corner"
        expect(launcher).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert run_axe(page) == [], "open with starter chips"
    screenshot(page, "open")
    page.keyboard.press("Escape")
    expect(page.locator("#faqbot-panel")).to_be_hidden()
    expect(launcher).to_be_visible()
    expect(launcher).to_be_focused()
    assert page.faqbot_problems == []


def test_the_phone_panel_uses_dynamic_viewport_height_with_a_fallback(page):
    css = (ROOT / "web" / "widget.css").read_text(encoding="utf-8")
    phone_rules = css[css.index("@media (max-width: 480px)"):]
    assert re.search(r"\.faqbot-panel \{[^}]*height: 100vh; height: 100dvh;", phone_rules), "100dvh after a 100vh fallback"
    applied = page.evaluate("""() => [...document.styleSheets].flatMap(s => [...s.cssRules])
        .filter(r => r.media && r.media.mediaText.includes('480px')).flatMap(r => [...r.cssRules])
        .filter(r => r.selectorText === '.faqbot-panel').map(r => r.style.height)""")
    assert applied == ["100dvh"], "Chromium takes the dynamic height"


def test_every_tap_target_is_at_least_44px_on_a_phone(browser, server):
    context = browser.new_context(**SIZES["phone"])
    page = _watched_page(context)
    page.faqbot_size = "phone"
    try:
        page.goto(server.url)
        assert small_tap_targets(page) == [], "closed"
        open_widget(page)
        assert small_tap_targets(page) == [], "open with starter chips"
        ask(page, "How long does an infusion take?", "answer")
        ask(page, "what happens after", "clarify")
        ask(page, "Do you validate parking?", "no-answer")
        urgent = ask(page, "someone has a gun and is threatening us", "urgent")
        assert urgent.locator(".faqbot-help-link").count() >= 3
        page.locator(".faqbot-vote", has_text="No").first.click()
        playwright_api.expect(page.locator(".faqbot-comment textarea")).to_be_visible()
        targets = page.evaluate(TAP_TARGETS)
        kinds = {t["what"] for t in targets}
        for kind in ("faqbot-action", "faqbot-help-link", "faqbot-chip", "faqbot-vote", "faqbot-close", "faqbot-send",
                     "faqbot-clinic-call"):
            assert kind in kinds, f"no {kind} to measure"
        assert small_tap_targets(page) == [], "after an answer, a clarify, a referral, a crisis reply and a comment box"
        assert page.faqbot_problems == []
    finally:
        context.close()


def test_the_page_and_the_widget_files_arrive_compressed(sized_page):
    """The browser asks for gzip or brotli and gets the page, widget.js and widget.css smaller than they are."""
    page = sized_page
    open_widget(page)
    sizes = page.evaluate("""() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
        .filter(e => /\\/(widget\\.js|widget\\.css)?$/.test(new URL(e.name).pathname))
        .map(e => [new URL(e.name).pathname, e.encodedBodySize, e.decodedBodySize])""")
    assert {path for path, _, _ in sizes} >= {"/", "/widget.js", "/widget.css"}, sizes
    assert all(0 < encoded < decoded * 0.6 for _, encoded, decoded in sizes), sizes
