"""Shared fixtures: the tiny fixture guide, loaded into the test database on demand."""

import os
import shutil
from pathlib import Path

import pytest

from studyguide import loader

FIXTURE_CONTENT = Path(__file__).parent / "content"
REAL_CONTENT = Path(__file__).parent.parent / "content"


@pytest.fixture(scope="session")
def fixture_tree():
    tree, errors = loader.parse_content(FIXTURE_CONTENT)
    assert errors == [], [str(e) for e in errors]
    return tree


@pytest.fixture
def guide(db, fixture_tree):
    """The fixture guide, loaded."""
    loader.sync_content(fixture_tree)
    return fixture_tree


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the fixture guide, for tests that edit files."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def browser_available() -> bool:
    return Path("/usr/bin/chromium").exists()


def pytest_collection_modifyitems(config, items):
    if browser_available():
        return
    browser_items = [item for item in items if "browser" in item.keywords]
    if not browser_items:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("REQUIRE_BROWSER=1 but /usr/bin/chromium is missing.")
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
    for item in browser_items:
        item.add_marker(skip)


def pytest_report_header(config):
    if not browser_available():
        return (
            "NOTICE: /usr/bin/chromium is missing, so browser tests are skipped. "
            "Install it with: apt-get install -y chromium"
        )
    return None
