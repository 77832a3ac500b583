"""prune_guests: guests nobody can come back to are deleted with their history; nobody else is."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from studyguide import actions, models, progress

NOW = datetime.now(UTC)


def guest_who_practised(guide, *, days_ago: int, user=None) -> models.Learner:
    when = NOW - timedelta(days=days_ago)
    learner = actions.create_learner(user=user, now=NOW - timedelta(days=400))
    section = models.Section.objects.select_related("chapter").get(slug="what-it-is")
    question = progress.section_questions(section)[0]
    actions.answer_in_section_check(
        learner_id=learner.pk, section=section, question=question, chosen=["a"], seed=7, now=when
    )
    actions.mark_section_read(learner_id=learner.pk, section=section, now=when)
    return learner


def prune(*args) -> str:
    out = io.StringIO()
    call_command("prune_guests", *args, stdout=out)
    return out.getvalue()


def test_idle_guests_go_with_their_history_and_everyone_else_stays(guide):
    idle = guest_who_practised(guide, days_ago=45)
    active = guest_who_practised(guide, days_ago=3)
    account = guest_who_practised(guide, days_ago=300, user=User.objects.create_user("ada"))
    new_guest = actions.create_learner(now=NOW - timedelta(days=1))

    assert "would delete 1 guest learner idle 30+ days" in prune("--dry-run")
    assert models.Learner.objects.count() == 4

    assert "deleted 1 guest learner idle 30+ days" in prune()
    assert set(models.Learner.objects.values_list("pk", flat=True)) == {
        active.pk, account.pk, new_guest.pk,
    }  # fmt: skip
    for model in (models.Attempt, models.Answer, models.SectionRead):
        assert not model.objects.filter(learner_id=idle.pk).exists()
        assert model.objects.filter(learner_id=account.pk).exists()


def test_a_single_recent_read_keeps_a_guest(guide):
    guest = guest_who_practised(guide, days_ago=60)
    models.SectionRead.objects.filter(learner=guest).update(read_at=NOW - timedelta(days=2))
    assert "deleted 0 guest learners" in prune()


def test_days_shorter_than_a_session_are_refused(guide):
    guest_who_practised(guide, days_ago=20)
    with pytest.raises(CommandError, match="shorter than the session lifetime"):
        prune("--days", "7")
    assert models.Learner.objects.count() == 1
