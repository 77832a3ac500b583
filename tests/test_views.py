"""The reader's pages: what they show, what they refuse, and how many queries they cost."""

import pytest
from django.urls import reverse

from studyguide import loader, models

from .conftest import FIXTURE_CONTENT
from .scaling import scaled_tree


def test_home_says_what_the_guide_is_and_links_to_reading(client, guide):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Fixture Guide" in body
    assert reverse("chapter", args=["basics"]) in body
    assert "Cohorts" not in body and "Mock exam" not in body  # not built yet, so not offered


def test_contents_lists_every_chapter_and_appendix_in_order(client, guide):
    body = client.get("/contents/").content.decode()
    titles = ["Basics", "Events", "Glossary", "Matrix", "Figures", "Review", "Practice"]
    positions = [body.index(f"> {t}</a>") for t in titles]
    assert positions == sorted(positions)
    assert "not written yet" in body


def test_section_page_shows_body_objectives_terms_breadcrumb_and_neighbours(client, guide):
    body = client.get("/read/basics/what-it-is/").content.decode()
    assert '<h2 id="billing-model">' in body
    assert 'class="headerlink" href="#billing-model"' in body
    assert "Define the thing." in body
    assert 'href="/glossary/#cold-start"' in body
    assert 'aria-label="Breadcrumb"' in body
    assert 'rel="prev" href="/read/basics/"' in body
    assert 'rel="next" href="/read/basics/not-written/"' in body
    assert '<figure class="diagram" id="diagram-request-flow">' in body
    assert "Vendor docs" in body


def test_section_page_never_carries_author_scripts(client, guide):
    body = client.get("/read/basics/what-it-is/").content.decode()
    assert "alert(" not in body
    assert "onload" not in body
    assert "https://example.com/x.png" not in body


def test_unwritten_section_says_so_plainly(client, guide):
    body = client.get("/read/basics/not-written/").content.decode()
    assert "not written yet" in body
    assert "Say what is planned." in body


def test_previous_and_next_cross_chapters_and_reach_the_appendices(client, guide):
    body = client.get("/read/events/queues/").content.decode()
    assert 'rel="prev" href="/read/events/"' in body
    assert 'rel="next" href="/read/glossary/"' in body


def test_section_under_the_wrong_chapter_is_404(client, guide):
    assert client.get("/read/events/what-it-is/").status_code == 404
    assert client.get("/read/nothing/").status_code == 404


def test_retired_section_is_404(client, guide):
    models.Section.objects.filter(slug="queues").update(retired=True)
    assert client.get("/read/events/queues/").status_code == 404


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/read/glossary/", ['id="cold-start"', "The delay of starting a new instance."]),
        (
            "/read/matrix/",
            ["Queue-based load leveling", 'href="/read/events/queues/#burst-smoothing"'],
        ),
        ("/read/figures/", ["A request flows through the platform", "A client sends a request"]),
        ("/read/review/", ["Explain the billing model", "Names the idle cost."]),
        ("/read/practice/", ["The burst", "Fixture Practice Exam"]),
    ],
)
def test_appendices_list_what_the_chapters_hold(client, guide, url, expected):
    body = client.get(url).content.decode()
    for text in expected:
        assert text in body


def test_glossary_link_redirects_to_the_glossary_appendix(client, guide):
    response = client.get("/glossary/")
    assert response.status_code == 302 and response["Location"] == "/read/glossary/"


def test_reader_pages_refuse_post(client, guide):
    assert client.post("/read/basics/what-it-is/").status_code == 405


def test_pages_send_a_content_security_policy(client, guide):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy


def test_assets_are_served_by_the_app_not_a_cdn(client, guide):
    body = client.get("/").content.decode()
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in body
    assert "/static/django_htmx/htmx-2" in body or "/static/django-htmx/htmx" in body
    assert "cdn" not in body.lower()


def query_counts(client, tree) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    loader.sync_content(tree)
    section = models.Section.objects.live().exclude(body_html="").select_related("chapter").first()
    pages = {
        "home": "/",
        "contents": "/contents/",
        "chapter": section.chapter.get_absolute_url(),
        "section": section.get_absolute_url(),
    }
    for appendix in models.Chapter.objects.filter(kind="appendix"):
        pages[f"appendix:{appendix.gathers}"] = appendix.get_absolute_url()
    counts = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = len(queries)
    return counts


@pytest.mark.parametrize("source", ["fixture", "real"])
def test_page_query_counts_do_not_grow_with_the_guide(client, db, source):
    from .conftest import REAL_CONTENT

    tree, errors = loader.parse_content(FIXTURE_CONTENT if source == "fixture" else REAL_CONTENT)
    assert errors == []
    small = query_counts(client, tree)
    large = query_counts(client, scaled_tree(tree, 5))
    assert models.Section.objects.live().count() == 5 * len(tree.sections)
    assert models.Question.objects.live().count() == 5 * len(tree.questions)
    assert small == large
    assert max(large.values()) <= 4, large
