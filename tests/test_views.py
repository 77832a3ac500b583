"""The reader's pages: what they show, what they refuse, and how many queries they cost."""

import pytest
from django.urls import reverse

from studyguide import loader, models, progress

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


def test_section_page_shows_new_content_after_a_reload_though_it_is_cached(
    client, guide, content_copy
):
    chapter = content_copy / "chapters/01-basics"
    questions = chapter / "01-what-it-is.questions.yaml"
    for url, path, old, new, shown in [
        ("what-it-is/", chapter / "01-what-it-is.md", "The opening", "The reworked opening", ""),
        ("what-it-is/", questions, "How is the thing billed?", "How is it charged?", ""),
        # this section's own row does not change: only its chapter's title does
        ("not-written/", chapter / "chapter.md", "title: Basics", "title: Now", "1. Now</a>"),
    ]:
        url = f"/read/basics/{url}"
        assert old.removeprefix("title: ") in client.get(url).content.decode()  # now cached
        path.write_text(path.read_text().replace(old, new, 1))
        tree, errors = loader.parse_content(content_copy)
        assert errors == []
        loader.sync_content(tree)
        body = client.get(url).content.decode()
        assert (shown or new) in body and old not in body


def test_an_unchanged_reload_keeps_every_section_revision(guide, fixture_tree):
    before = dict(models.Section.objects.values_list("slug", "revision"))
    assert all(before.values())
    loader.sync_content(fixture_tree)
    assert dict(models.Section.objects.values_list("slug", "revision")) == before


def test_links_between_sections_point_at_the_section_page(client, guide):
    body = client.get("/read/events/queues/").content.decode()
    assert 'href="/read/basics/what-it-is/#billing-model"' in body


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
    assert client.post("/read/events/queues/read/").status_code == 404


def test_section_of_a_retired_chapter_is_404(client, guide):
    models.Chapter.objects.filter(slug="events").update(retired=True)
    assert client.get("/read/events/queues/").status_code == 404
    assert client.post("/read/events/queues/read/").status_code == 404


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


@pytest.mark.parametrize(
    "query, shown",
    [
        ("", {"Queue-based load leveling", "Synchronous function chains"}),
        ("?kind=anti-pattern", {"Synchronous function chains"}),
        ("?workload=workflow", {"Synchronous function chains"}),
        ("?latency=tolerant&risk=low", {"Queue-based load leveling"}),
        ("?workload=event-processing&kind=anti-pattern", set()),
    ],
)
def test_pattern_matrix_filters_by_kind_workload_latency_and_risk(client, guide, query, shown):
    response = client.get(f"/read/matrix/{query}")
    assert response.status_code == 200
    body = response.content.decode()
    entries = {"Queue-based load leveling", "Synchronous function chains"}
    assert {name for name in entries if f'-name">{name}' in body} == shown
    if not shown:
        assert "No entry matches this filter." in body


def test_pattern_matrix_entry_shows_its_conditions_and_reading(client, guide):
    body = client.get("/read/matrix/?kind=anti-pattern").content.decode()
    assert "Also known as" not in body  # this entry has no other names
    assert "Tolerable when the chain is one hop and short" in body
    assert "The caller is a user waiting on a page" in body
    assert "APIs, Workflows" in body
    assert (
        'href="/read/basics/what-it-is/#billing-model">What It Is › The billing model</a>' in body
    )


def test_pattern_matrix_rejects_an_unknown_filter_value_with_a_clear_message(client, guide):
    response = client.get("/read/matrix/?workload=mainframe&kind=pattern")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'aria-invalid="true"' in body and "Select a valid choice" in body
    assert "Queue-based load leveling</h3>" not in body


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


def query_counts(client, tree, as_learner: bool) -> dict[str, int]:
    """Queries per page, as a guest who has not practised or as a learner with some history."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    loader.sync_content(tree)
    section = (
        models.Section.objects.live()
        .exclude(body_html="")
        .filter(questions__isnull=False)
        .select_related("chapter")
        .first()
    )
    pages = {
        "home": "/",
        "contents": "/contents/",
        "chapter": section.chapter.get_absolute_url(),
        "section": section.get_absolute_url(),
        "progress": "/progress/",
        "quiz start": f"/quiz/{section.chapter.slug}/",
    }
    for appendix in models.Chapter.objects.filter(kind="appendix"):
        pages[f"appendix:{appendix.gathers}"] = appendix.get_absolute_url()
    posts = {}
    if as_learner:
        client.logout()
        client.force_login(User.objects.create_user(f"u{User.objects.count()}", password="pw"))
        question = section.questions.live().first()
        right = list(question.choices.filter(correct=True).values_list("key", flat=True))
        client.post(f"{section.get_absolute_url()}check/{question.key}/", {"choice": right})
        client.post(f"{section.get_absolute_url()}read/")
        client.post(f"/quiz/{section.chapter.slug}/start/", {"size": "all"})
        attempt = models.Attempt.objects.quizzes().latest("id")
        pages["quiz question"] = f"/quiz/attempt/{attempt.pk}/1/"
        item = attempt.items.select_related("question").get(position=1)
        right = list(item.question.choices.filter(correct=True).values_list("key", flat=True))
        posts["answer"] = (f"/quiz/attempt/{attempt.pk}/1/answer/", {"choice": right})
    counts = {}
    for name, url in pages.items():
        progress._sections.clear()  # count the worst case: a section not yet kept in memory
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = len(queries)
    for name, (url, data) in posts.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data, headers={"HX-Request": "true"})
        assert response.status_code == 200, url
        # Savepoints come from the test's own wrapping transaction, not from the view.
        sql = [q["sql"] for q in queries.captured_queries]
        counts[name] = len([q for q in sql if "SAVEPOINT" not in q])
    return counts


@pytest.mark.parametrize("as_learner", [False, True], ids=["guest", "learner"])
@pytest.mark.parametrize("source", ["fixture", "real"])
def test_page_query_counts_do_not_grow_with_the_guide(client, db, source, as_learner):
    from .conftest import REAL_CONTENT

    tree, errors = loader.parse_content(FIXTURE_CONTENT if source == "fixture" else REAL_CONTENT)
    assert errors == []
    small = query_counts(client, tree, as_learner)
    large = query_counts(client, scaled_tree(tree, 5), as_learner)
    assert models.Section.objects.live().count() == 5 * len(tree.sections)
    assert models.Question.objects.live().count() == 5 * len(tree.questions)
    assert small == large
    assert max(large.values()) <= 8, large
