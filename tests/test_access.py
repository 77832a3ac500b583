"""Walk every URL the resolver knows, as each role, and check what each may do."""

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver

from studyguide import models

SAMPLE = {
    "chapter_slug": "basics",
    "section_slug": "what-it-is",
}


def our_urls():
    """Every URL pattern of ours (the admin has its own rules), with sample arguments filled in."""
    out = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.app_name == "admin":
                    continue
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                for name, value in SAMPLE.items():
                    route = route.replace(f"<slug:{name}>", value)
                assert "<" not in route, f"add a sample value for {route}"
                out.append("/" + route)

    walk(get_resolver().url_patterns)
    return out


def test_every_url_has_a_sample():
    assert len(our_urls()) >= 5


@pytest.mark.parametrize("role", ["guest", "learner", "staff"])
def test_reader_urls_are_public_for_every_role(client, guide, role):
    if role != "guest":
        user = User.objects.create_user(role, password="pw", is_staff=role == "staff")
        client.force_login(user)
    for url in our_urls():
        response = client.get(url)
        assert response.status_code in (200, 302), (role, url, response.status_code)


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
