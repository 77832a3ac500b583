"""The one Django app: the guide, practice, exams, cohorts and progress live here as modules."""

from django.apps import AppConfig


class StudyguideConfig(AppConfig):
    name = "studyguide"
    verbose_name = "Study guide"
