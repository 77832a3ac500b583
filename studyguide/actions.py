"""Writes that touch several models, each in one transaction: start, answer, read, merge."""

import random
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from . import grading
from .models import (
    Answer,
    Attempt,
    AttemptQuestion,
    Chapter,
    Learner,
    Question,
    Section,
    SectionRead,
)
from .progress import QuestionData


class PracticeError(Exception):
    """A request that cannot be carried out as asked; the message is shown to the learner."""


@transaction.atomic
def create_learner(*, user=None, now: datetime) -> Learner:
    return Learner.objects.create(user=user, created_at=now)


@transaction.atomic
def start_section_check(*, learner_id: int, section: Section, seed: int, now: datetime) -> Attempt:
    """A new try at a section's check, holding all of its live questions in reading order."""
    question_ids = [q["id"] for q in section.question_cards]  # the live ones, as loaded
    if not question_ids:
        raise PracticeError("This section has no questions to check yet.")
    return create_attempt(
        question_ids,
        learner_id=learner_id,
        kind=Attempt.Kind.SECTION_CHECK,
        chapter_id=section.chapter_id,
        section=section,
        seed=seed,
        started_at=now,
    )


@transaction.atomic
def start_chapter_quiz(
    *, learner_id: int, chapter: Chapter, size: int | None, now: datetime, rng: random.Random
) -> Attempt:
    """A quiz on a chapter: unseen questions first, then ones last answered wrong."""
    question_ids = list(Question.objects.live().for_chapter(chapter).values_list("id", flat=True))
    if not question_ids:
        raise PracticeError("This chapter has no questions yet.")
    last: dict[int, bool] = {}
    for qid, correct in (
        Answer.objects.filter(learner_id=learner_id, question_id__in=question_ids)
        .order_by("answered_at", "id")
        .values_list("question_id", "correct")
    ):
        last[qid] = correct
    picked = grading.pick_quiz_questions(
        [grading.Candidate(qid, last.get(qid)) for qid in question_ids], size, rng
    )
    return create_attempt(
        picked,
        learner_id=learner_id,
        kind=Attempt.Kind.CHAPTER_QUIZ,
        chapter=chapter,
        seed=grading.new_seed(rng),
        started_at=now,
    )


def create_attempt(question_ids: list[int], **fields) -> Attempt:
    """An attempt holding these questions in this order (call inside a transaction)."""
    attempt = Attempt.objects.create(question_count=len(question_ids), **fields)
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(attempt=attempt, question_id=qid, position=i)
        for i, qid in enumerate(question_ids, start=1)
    )
    return attempt


@dataclass
class Recorded:
    answer: Answer
    is_new: bool  # False when this item had been answered already (a double submit)
    attempt_finished: bool
    answered: int | None = None  # items of the attempt answered so far, when known


def record_answer(
    *, item: AttemptQuestion, question: QuestionData, chosen: list[str], now: datetime
) -> Recorded:
    """Score and keep the answer to one item, once. A second submit returns the first answer."""
    try:
        return _record_answer(item=item, question=question, chosen=chosen, now=now)
    except IntegrityError:
        answer = Answer.objects.get(item=item)
        attempt = Attempt.objects.only("finished_at").get(pk=item.attempt_id)
        return Recorded(answer, is_new=False, attempt_finished=attempt.is_finished)


@transaction.atomic
def _record_answer(
    *, item: AttemptQuestion, question: QuestionData, chosen: list[str], now: datetime
) -> Recorded:
    attempt = item.attempt
    correct = grading.is_correct(question.correct_keys, chosen)
    answer = Answer.objects.create(
        item=item,
        learner_id=attempt.learner_id,
        question_id=item.question_id,
        choice_keys=sorted(chosen),
        correct=correct,
        answered_at=now,
    )
    answered = Answer.objects.filter(item__attempt_id=attempt.pk).count()
    finished = attempt.finish_if_complete(answered, now)
    Attempt.objects.filter(pk=attempt.pk).update(
        correct_count=F("correct_count") + int(correct), finished_at=attempt.finished_at
    )
    attempt.correct_count += int(correct)
    return Recorded(
        answer, is_new=True, attempt_finished=finished or attempt.is_finished, answered=answered
    )


@transaction.atomic
def answer_in_section_check(
    *,
    learner_id: int,
    section: Section,
    question: QuestionData,
    chosen: list[str],
    seed: int,
    now: datetime,
) -> Recorded:
    """Answer a question in the learner's current try at a section's check, starting one if
    there is none open. The seed the page was shown with becomes the new try's seed, so the
    choices stay where the learner saw them."""
    attempt = Attempt.objects.section_checks(section).filter(learner_id=learner_id).open()
    attempt = attempt.latest_first().first() or start_section_check(
        learner_id=learner_id, section=section, seed=seed, now=now
    )
    item = (
        AttemptQuestion.objects.select_related("attempt")
        .filter(attempt=attempt, question_id=question.id)
        .first()
    )
    if item is None:  # the question was added to the section after this try began
        raise PracticeError("This question is not part of your current try; start a new one.")
    return record_answer(item=item, question=question, chosen=chosen, now=now)


@transaction.atomic
def mark_section_read(*, learner_id: int, section: Section, now: datetime) -> SectionRead:
    read, _ = SectionRead.objects.get_or_create(
        learner_id=learner_id, section=section, defaults={"read_at": now}
    )
    return read


@transaction.atomic
def claim_guest_history(*, user, guest_id: int | None, now: datetime) -> Learner:
    """Give an account the practice its owner did as a guest, merging it with what the account
    already holds. Every answer is kept; for mastery the latest answer to a question counts,
    which holds without any rewriting because answers carry their time."""
    learner = Learner.objects.select_for_update().filter(user=user).first()
    guest = (
        Learner.objects.select_for_update().filter(pk=guest_id, user__isnull=True).first()
        if guest_id
        else None
    )
    if learner is None:
        if guest is not None:
            guest.user = user
            guest.save(update_fields=["user"])
            return guest
        return Learner.objects.create(user=user, created_at=now)
    if guest is None:
        return learner
    Attempt.objects.filter(learner=guest).update(learner=learner)
    Answer.objects.filter(learner=guest).update(learner=learner)
    # A section read in both histories keeps its earliest read.
    for read in SectionRead.objects.filter(learner=guest):
        mine = SectionRead.objects.filter(learner=learner, section_id=read.section_id).first()
        if mine is None:
            read.learner = learner
            read.save(update_fields=["learner"])
        elif read.read_at < mine.read_at:
            mine.read_at = read.read_at
            mine.save(update_fields=["read_at"])
    guest.delete()
    return learner


@transaction.atomic
def prune_stale_guests(*, cutoff: datetime, dry_run: bool = False) -> int:
    """Delete guests with nothing done since `cutoff`, with their tries, answers and read marks.
    Their sessions have long expired, so nobody can come back to them. Returns how many."""
    stale = Learner.objects.stale_guests(cutoff)
    count = stale.count()
    if not dry_run:
        stale.delete()
    return count
