"""Every URL of the site. Each view states who may use it."""

from django.contrib import admin
from django.urls import path

from .views import guide

urlpatterns = [
    path("", guide.home, name="home"),
    path("contents/", guide.contents, name="contents"),
    path("glossary/", guide.glossary, name="glossary"),
    path("read/<slug:chapter_slug>/", guide.chapter, name="chapter"),
    path("read/<slug:chapter_slug>/<slug:section_slug>/", guide.section, name="section"),
    path("admin/", admin.site.urls),
]
