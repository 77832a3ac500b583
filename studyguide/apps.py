"""The one Django app: the guide, practice, exams, cohorts and progress live here as modules."""

from django.apps import AppConfig


class StudyguideConfig(AppConfig):
    name = "studyguide"
    verbose_name = "Study guide"

    def ready(self):
        from . import learners  # noqa: F401  (connects the login signal that claims guest history)
