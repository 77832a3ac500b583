"""Walk every URL the resolver knows, as each role, and check what each may see and do."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from studyguide import models

# What a GET returns, by URL name, for (a guest, a learner with an account). 405: POST only.
EXPECTED = {
    "home": (200, 200),
    "contents": (200, 200),
    "glossary": (302, 302),
    "chapter": (200, 200),
    "section": (200, 200),
    "mark_read": (405, 405),
    "section_check_retry": (405, 405),
    "section_check_answer": (405, 405),
    "quiz_start": (200, 200),
    "quiz_begin": (405, 405),
    "quiz_attempt": (302, 302),
    "quiz_result": (302, 302),  # not finished yet: back to the quiz
    "quiz_question": (200, 200),
    "quiz_answer": (405, 405),
    "progress": (200, 200),
    "export_json": (200, 200),
    "export_csv": (200, 200),
    "signup": (200, 302),
    "login": (200, 200),
    "logout": (405, 405),
    "password_change": (302, 200),
    "password_change_done": (302, 200),
}
ATTEMPT_URLS = {"quiz_attempt", "quiz_result", "quiz_question", "quiz_answer"}


def our_urls(sample: dict) -> list[tuple[str, str]]:
    """Every URL pattern of ours (the admin has its own rules) as (name, url), sample-filled."""
    out = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.app_name == "admin":
                    continue
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                for name, value in sample.items():
                    for converter in ("slug", "int"):
                        route = route.replace(f"<{converter}:{name}>", str(value))
                assert "<" not in route, f"add a sample value for {route}"
                out.append((p.name, "/" + route))

    walk(get_resolver().url_patterns)
    return out


def sample(attempt: models.Attempt) -> dict:
    return {
        "chapter_slug": "basics",
        "section_slug": "what-it-is",
        "question_key": "basics-001",
        "attempt_id": attempt.pk,
        "position": 1,
    }


def client_as(role: str) -> Client:
    client = Client()
    if role != "guest":
        user = User.objects.create_user(role, password="pw", is_staff=role == "staff")
        client.force_login(user)
    return client


def start_quiz(client: Client) -> models.Attempt:
    assert client.post("/quiz/basics/start/", {"size": "5"}).status_code == 302
    return models.Attempt.objects.quizzes().latest("id")


def test_every_url_has_an_expected_status():
    names = {name for name, _ in our_urls(sample(models.Attempt(pk=1)))}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("role", ["guest", "learner", "staff"])
def test_every_url_answers_each_role_as_expected(guide, role):
    client = client_as(role)
    attempt = start_quiz(client)
    for name, url in our_urls(sample(attempt)):
        expected = EXPECTED[name][0 if role == "guest" else 1]
        assert client.get(url).status_code == expected, (role, name, url)


@pytest.mark.parametrize("role", ["guest", "learner"])
def test_another_learners_attempt_is_404_at_every_url(guide, role):
    owner = client_as("owner")
    attempt = start_quiz(owner)
    client = client_as(role)
    for name, url in our_urls(sample(attempt)):
        if name in ATTEMPT_URLS:
            response = (
                client.post(url, {"choice": "a"}) if name == "quiz_answer" else client.get(url)
            )
            assert response.status_code == 404, (role, name)
    assert models.Answer.objects.count() == 0


@pytest.mark.parametrize("role", ["guest", "learner"])
def test_no_answer_key_reaches_the_browser_before_answering(guide, role):
    """The fixture guide plants WHY-SENTINEL and EXPLANATION-SENTINEL strings in every `why`
    and explanation. Before any answer, no GET page may carry one; after answering one
    question, only that question's may appear."""
    client = client_as(role)
    attempt = start_quiz(client)
    client.post("/read/basics/what-it-is/read/")
    for name, url in our_urls(sample(attempt)):
        body = client.get(url, follow=True).content.decode()
        assert "SENTINEL" not in body, (role, name, url)
    client.post("/read/basics/what-it-is/check/basics-001/", {"choice": "b"})
    for name, url in our_urls(sample(attempt)):
        body = client.get(url, follow=True).content.decode()
        leaked = set(re.findall(r"[A-Z]+-SENTINEL-[A-Z]*\d", body))
        assert leaked <= {"WHY-SENTINEL-A1", "WHY-SENTINEL-B1", "WHY-SENTINEL-C1",
                          "EXPLANATION-SENTINEL-1"}, (name, leaked)  # fmt: skip


def test_admin_needs_staff_and_content_is_read_only(client, guide):
    assert client.get("/admin/studyguide/question/").status_code == 302
    admin = User.objects.create_superuser("admin", password="pw")
    client.force_login(admin)
    question = models.Question.objects.get(key="basics-001")
    assert client.get("/admin/studyguide/question/").status_code == 200
    page = client.get(f"/admin/studyguide/question/{question.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get("/admin/studyguide/question/add/").status_code == 403
    response = client.post(f"/admin/studyguide/question/{question.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert models.Question.objects.filter(pk=question.pk).exists()
