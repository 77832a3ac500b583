"""What only a browser shows: keyboard access and axe's accessibility audit on the reader pages."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def site(live_server, transactional_db, fixture_tree):
    from studyguide import loader

    loader.sync_content(fixture_tree)
    return live_server.url


def serious(results) -> list[str]:
    return [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_pages_have_no_serious_accessibility_violations(page, site, scheme):
    page.emulate_media(color_scheme=scheme)
    axe = Axe()
    for path in [
        "/",
        "/contents/",
        "/read/basics/",
        "/read/basics/what-it-is/",
        "/read/glossary/",
        "/read/matrix/",
        "/read/matrix/?workload=mainframe",  # the filter with an error shown
    ]:
        page.goto(site + path)
        assert serious(axe.run(page)) == [], (scheme, path)


def test_skip_link_is_first_and_moves_focus_to_the_main_content(page, site):
    page.goto(site + "/read/basics/what-it-is/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_dark_mode_follows_the_system_setting(page, site):
    page.emulate_media(color_scheme="dark")
    page.goto(site + "/")
    assert page.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    page.emulate_media(color_scheme="light")
    # expect() polls from Playwright's side; wait_for_function would need eval, which the CSP forbids
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "light", timeout=2000)


def test_pages_run_without_csp_violations(page, site):
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(site + "/read/basics/what-it-is/")
    assert not [m for m in messages if "Content Security Policy" in m]


# Practice


def answer_card(page, key: str, labels: list[str]):
    card = page.locator(f"#q-{key}")
    for label in labels:
        card.get_by_label(label).check()
    card.get_by_role("button", name="Check answer").click()
    return page.locator(f"#q-{key}-feedback")


def test_learner_answers_a_section_check_in_place_and_follows_the_link(page, site):
    page.goto(site + "/read/basics/what-it-is/")
    feedback = answer_card(page, "basics-001", ["Per hour of uptime."])
    feedback.wait_for()
    assert "Not quite" in feedback.inner_text()
    assert "WHY-SENTINEL-B1" in feedback.inner_text()
    expect(page.locator("#q-basics-001-feedback")).to_be_focused()
    assert page.url.endswith("/read/basics/what-it-is/")  # swapped in place, no navigation
    feedback = answer_card(page, "basics-002", ["It scales to zero.", "It scales out with load."])
    feedback.wait_for()
    assert "Right" in feedback.inner_text()
    assert serious(Axe().run(page)) == []
    feedback.get_by_role("link", name="What It Is › Scaling").click()
    page.wait_for_url("**/read/basics/what-it-is/#scaling")
    assert page.locator("#scaling").is_visible()


def test_a_bad_submit_shows_the_error_in_place(page, site):
    page.goto(site + "/read/basics/what-it-is/")
    card = page.locator("#q-basics-002")
    card.get_by_label("It scales to zero.").check()
    card.get_by_role("button", name="Check answer").click()
    page.get_by_text("Choose two answers.").wait_for()
    assert page.locator("#q-basics-002 input:checked").count() == 1  # the pick is kept


def test_keys_pick_a_choice_and_enter_checks_it(page, site):
    page.goto(site + "/read/basics/what-it-is/")
    page.locator("#q-basics-001 input[name=choice]").first.focus()
    order = page.locator("#q-basics-001 label").all_inner_texts()
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    feedback = page.locator("#q-basics-001-feedback")
    feedback.wait_for()
    picked = feedback.locator("li.is-picked").inner_text()
    assert order[1].split(" ", 1)[1].strip() in picked


def test_section_check_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/read/basics/what-it-is/")
    answer_card(page, "basics-001", ["Per request."])
    page.wait_for_url("**/read/basics/what-it-is/#q-basics-001")
    assert "Right" in page.locator("#q-basics-001-feedback").inner_text()
    card = page.locator("#q-basics-003")
    card.get_by_role("button", name="Check answer").click()  # nothing picked
    assert "Pick an answer before checking it." in page.locator("#q-basics-003").inner_text()
    context.close()


def test_chapter_quiz_survives_a_reload_and_ends_in_a_result(page, site):
    page.goto(site + "/quiz/basics/")
    page.get_by_label("5 questions").check()
    page.get_by_role("button", name="Start a new quiz").click()
    page.wait_for_url("**/quiz/attempt/*/1/")
    assert serious(Axe().run(page)) == []
    for position in range(1, 4):
        if position == 2:
            page.reload()  # mid-way: the quiz is where it was left
            assert "Question 2 of 3" in page.inner_text(".quiz-progress-label")
        card = page.locator(".question-card")
        card.locator("input[name=choice]").first.check()
        if card.locator("input[type=checkbox]").count():
            card.locator("input[name=choice]").nth(1).check()
        card.get_by_role("button", name="Check answer").click()
        page.locator(".feedback").wait_for()
        assert f"{position} answered" in page.inner_text(".quiz-progress-label")
        if position < 3:
            page.get_by_role("link", name="Next question").click()
    assert serious(Axe().run(page)) == []
    page.get_by_role("link", name="See your result").click()
    page.wait_for_url("**/result/")
    assert "of 3 right" in page.inner_text(".score")
    assert page.locator(".question-card").count() == 3
    assert serious(Axe().run(page)) == []


def test_signing_up_keeps_the_progress_made_as_a_guest(page, site):
    page.goto(site + "/read/basics/what-it-is/")
    answer_card(page, "basics-001", ["Per request."]).wait_for()
    page.goto(site + "/accounts/signup/")
    page.locator("#id_username").fill("ada")
    page.locator("#id_password1").fill("a-long-pass-phrase")
    page.locator("#id_password2").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/progress/")
    assert "1 of 4" in page.inner_text(".totals")
    assert "Log out" in page.inner_text("header")
    page.goto(site + "/read/basics/what-it-is/")
    assert "Right" in page.locator("#q-basics-001-feedback").inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_practice_pages_have_no_serious_accessibility_violations(page, site, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site + "/read/basics/what-it-is/")
    answer_card(page, "basics-001", ["Per hour of uptime."]).wait_for()
    answer_card(page, "basics-003", ["True"]).wait_for()
    axe = Axe()
    assert serious(axe.run(page)) == [], "section"
    for path in [
        "/progress/",
        "/contents/",
        "/quiz/basics/",
        "/accounts/signup/",
        "/accounts/login/",
    ]:
        page.goto(site + path)
        assert serious(axe.run(page)) == [], path


def test_reaching_the_end_of_the_text_marks_the_section_read(page, site):
    page.set_viewport_size({"width": 800, "height": 300})
    page.goto(site + "/read/basics/what-it-is/")
    page.wait_for_timeout(300)
    assert page.locator("#read-status").inner_text().strip() == "Mark as read"
    page.locator("#end-of-text").scroll_into_view_if_needed()
    expect(page.locator("#read-status")).to_contain_text("You have read this section.")
