"""Every URL of the site. Each view states who may use it."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from .views import accounts, guide, practice, progress

urlpatterns = [
    path("", guide.home, name="home"),
    path("contents/", guide.contents, name="contents"),
    path("glossary/", guide.glossary, name="glossary"),
    path("read/<slug:chapter_slug>/", guide.chapter, name="chapter"),
    path("read/<slug:chapter_slug>/<slug:section_slug>/", guide.section, name="section"),
    path(
        "read/<slug:chapter_slug>/<slug:section_slug>/read/",
        practice.mark_read,
        name="mark_read",
    ),
    path(
        "read/<slug:chapter_slug>/<slug:section_slug>/check/retry/",
        practice.section_check_retry,
        name="section_check_retry",
    ),
    path(
        "read/<slug:chapter_slug>/<slug:section_slug>/check/<slug:question_key>/",
        practice.section_check_answer,
        name="section_check_answer",
    ),
    path("quiz/<slug:chapter_slug>/", practice.quiz_start, name="quiz_start"),
    path("quiz/<slug:chapter_slug>/start/", practice.quiz_begin, name="quiz_begin"),
    path("quiz/attempt/<int:attempt_id>/", practice.quiz_attempt, name="quiz_attempt"),
    path("quiz/attempt/<int:attempt_id>/result/", practice.quiz_result, name="quiz_result"),
    path(
        "quiz/attempt/<int:attempt_id>/<int:position>/",
        practice.quiz_question,
        name="quiz_question",
    ),
    path(
        "quiz/attempt/<int:attempt_id>/<int:position>/answer/",
        practice.quiz_answer,
        name="quiz_answer",
    ),
    path("progress/", progress.progress_page, name="progress"),
    path("progress/export.json", progress.export_json, name="export_json"),
    path("progress/export.csv", progress.export_csv, name="export_csv"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="accounts/password_change.html"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
]
