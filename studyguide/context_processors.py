"""Template context shared by every page."""

from functools import cache

from django.urls import reverse

NAV = ("home", "contents", "glossary", "progress", "login", "signup", "logout", "password_change")


@cache
def nav_urls() -> dict[str, str]:
    # Worked out once per process: the URL configuration does not change while it runs.
    return {name: reverse(name) for name in NAV}


def site(request) -> dict:
    return {"urls": nav_urls()}
