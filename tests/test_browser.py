"""What only a browser shows: keyboard access and axe's accessibility audit on the reader pages."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

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
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_pages_have_no_serious_accessibility_violations(page, site, scheme):
    page.emulate_media(color_scheme=scheme)
    axe = Axe()
    for path in ["/", "/contents/", "/read/basics/", "/read/basics/what-it-is/", "/read/glossary/"]:
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
    page.wait_for_function("document.documentElement.dataset.bsTheme === 'light'", timeout=2000)


def test_pages_run_without_csp_violations(page, site):
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(site + "/read/basics/what-it-is/")
    assert not [m for m in messages if "Content Security Policy" in m]
