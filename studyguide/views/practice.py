"""Practice: answering a section's check, and chapter quizzes from start to result.

Anyone may practise; a guest's work is kept against their session until they sign in. An attempt
is only ever looked up through its owner, so another learner's attempt is a 404.
"""

import random

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .. import actions, grading, progress
from ..forms import AnswerForm, QuizStartForm
from ..learners import ensure_learner_id, learner_id
from ..models import Attempt, AttemptQuestion, Chapter, Question, Section
from .guide import section_page_context


def live_section(chapter_slug: str, section_slug: str) -> Section:
    section = Section.objects.defer("body_html").at(chapter_slug, section_slug)
    if section is None:
        raise Http404("No such section.")
    return section


def first_error(form: AnswerForm) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return "That answer could not be checked."


def valid_picks(request, question: progress.QuestionData) -> list[str]:
    keys = {c.key for c in question.choices}
    return [k for k in request.POST.getlist("choice") if k in keys]


@require_POST
def section_check_answer(request, chapter_slug: str, section_slug: str, question_key: str):
    section = live_section(chapter_slug, section_slug)
    questions = progress.section_questions(section)
    number, question = next(
        ((i, q) for i, q in enumerate(questions, start=1) if q.key == question_key), (0, None)
    )
    if question is None:
        raise Http404("No such question in this section.")
    action_url = reverse("section_check_answer", args=[chapter_slug, section_slug, question.key])
    form = AnswerForm(request.POST, question=question)
    if not form.is_valid():
        card = progress.build_card(
            question=question,
            number=number,
            action_url=action_url,
            seed=form.cleaned_data.get("seed") or 1,
            answer=None,
            error=first_error(form),
            picked=valid_picks(request, question),
        )
        if request.htmx:
            return render(request, "guide/section.html#question-card", {"card": card}, status=400)
        section.refresh_from_db(fields=["body_html"])
        context = section_page_context(request, section, replace_card=card)
        return render(request, "guide/section.html", context, status=400)
    try:
        recorded = actions.answer_in_section_check(
            learner_id=ensure_learner_id(request),
            section=section,
            question=question,
            chosen=form.cleaned_data["choice"],
            seed=form.cleaned_data["seed"] or grading.new_seed(random.Random()),
            now=timezone.now(),
        )
    except actions.PracticeError as error:  # the section's questions changed during the try
        card = progress.build_card(
            question=question,
            number=number,
            action_url=action_url,
            seed=form.cleaned_data["seed"] or 1,
            answer=None,
            error=str(error),
            picked=form.cleaned_data["choice"],
        )
        if request.htmx:
            return render(request, "guide/section.html#question-card", {"card": card}, status=409)
        section.refresh_from_db(fields=["body_html"])
        context = section_page_context(request, section, replace_card=card)
        return render(request, "guide/section.html", context, status=409)
    if not request.htmx:
        return redirect(f"{section.get_absolute_url()}#q-{question.key}")
    attempt = recorded.answer.item.attempt
    card = progress.build_card(
        question=question,
        number=number,
        action_url=action_url,
        seed=attempt.seed,
        answer=recorded.answer,
    )
    return render(
        request,
        "guide/section.html#question-card",
        {
            "card": card,
            "section": section,
            "summary_attempt": attempt,
            "oob": True,
            "autofocus_feedback": True,
        },
    )


@require_POST
def section_check_retry(request, chapter_slug: str, section_slug: str):
    section = live_section(chapter_slug, section_slug)
    try:
        actions.start_section_check(
            learner_id=ensure_learner_id(request),
            section=section,
            seed=grading.new_seed(random.Random()),
            now=timezone.now(),
        )
    except actions.PracticeError as error:
        return HttpResponse(str(error), status=409, content_type="text/plain")
    return redirect(f"{section.get_absolute_url()}#check")


@require_POST
def mark_read(request, chapter_slug: str, section_slug: str):
    section = live_section(chapter_slug, section_slug)
    actions.mark_section_read(
        learner_id=ensure_learner_id(request), section=section, now=timezone.now()
    )
    if request.htmx:
        context = {"is_read": True, "section": section}
        return render(request, "guide/section.html#read-status", context)
    return redirect(f"{section.get_absolute_url()}#read-status")


def quiz_chapter(chapter_slug: str) -> Chapter:
    return get_object_or_404(
        Chapter.objects.live().defer("intro_html"), slug=chapter_slug, kind=Chapter.Kind.CHAPTER
    )


def quiz_questions_available(chapter: Chapter) -> int:
    return Question.objects.live().for_chapter(chapter).count()


def quiz_start_page(request, chapter: Chapter, form: QuizStartForm, available: int, status=200):
    history = list(progress.quiz_history(learner_id(request), chapter)[:20])
    return render(
        request,
        "practice/quiz_start.html",
        {
            "chapter": chapter,
            "form": form,
            "available": available,
            "open_quiz": next((a for a in history if not a.is_finished), None),
            "history": [a for a in history if a.is_finished],
        },
        status=status,
    )


@require_GET
def quiz_start(request, chapter_slug: str):
    """The choice of size, a quiz to resume, and this chapter's past quizzes."""
    chapter = quiz_chapter(chapter_slug)
    return quiz_start_page(request, chapter, QuizStartForm(), quiz_questions_available(chapter))


@require_POST
def quiz_begin(request, chapter_slug: str):
    chapter = quiz_chapter(chapter_slug)
    form = QuizStartForm(request.POST)
    available = quiz_questions_available(chapter)
    if not form.is_valid() or not available:
        return quiz_start_page(request, chapter, form, available, status=400)
    attempt = actions.start_chapter_quiz(
        learner_id=ensure_learner_id(request),
        chapter=chapter,
        size=form.cleaned_data["size"],
        now=timezone.now(),
        rng=random.Random(),
    )
    return redirect(attempt.question_url(1))


def owned_quiz(request, attempt_id: int) -> Attempt:
    return get_object_or_404(
        Attempt.objects.owned_by(learner_id(request)).quizzes().select_related("chapter"),
        pk=attempt_id,
    )


@require_GET
def quiz_attempt(request, attempt_id: int):
    """Where a quiz resumes: its first unanswered question, or its result."""
    attempt = owned_quiz(request, attempt_id)
    if attempt.is_finished:
        return redirect(attempt.result_url())
    item = attempt.items.filter(answer__isnull=True).order_by("position").first()
    return redirect(attempt.question_url(item.position if item else 1))


def quiz_item(attempt: Attempt, position: int):
    """The item at a position of the learner's quiz, with its question as loaded."""
    item = get_object_or_404(
        AttemptQuestion.objects.select_related("answer", "question__section__chapter").only(
            "attempt_id",
            "question_id",
            "position",
            "answer",
            "question__section__slug",
            "question__section__title",
            "question__section__headings",
            "question__section__question_cards",
            "question__section__chapter__slug",
        ),
        attempt=attempt,
        position=position,
    )
    question = progress.find_question(item.question.section, item.question_id)
    if question is None:
        raise Http404("This question is no longer in the guide.")
    item.attempt = attempt
    return item, question


def quiz_card(attempt: Attempt, position: int, question, answer, error="", picked=None):
    return progress.build_card(
        question=question,
        number=position,
        action_url=reverse("quiz_answer", args=[attempt.pk, position]),
        seed=attempt.seed,
        answer=answer,
        error=error,
        picked=picked,
    )


def quiz_context(attempt: Attempt, position: int, card, answered: int | None = None) -> dict:
    if answered is None:
        answered = attempt.items.aggregate(n=Count("answer"))["n"]
    return {
        "attempt": attempt,
        "chapter": attempt.chapter,
        "card": card,
        "position": position,
        "answered": answered,
        "next_position": position + 1 if position < attempt.question_count else None,
        "card_target": "#quiz-step",  # the answer swaps the progress bar and the links too
    }


@require_GET
def quiz_question(request, attempt_id: int, position: int):
    attempt = owned_quiz(request, attempt_id)
    item, question = quiz_item(attempt, position)
    card = quiz_card(attempt, position, question, getattr(item, "answer", None))
    return render(request, "practice/quiz_question.html", quiz_context(attempt, position, card))


@require_POST
def quiz_answer(request, attempt_id: int, position: int):
    """Score one answer. An item already answered (a double click, a second tab) keeps its first
    answer: the response shows that answer's feedback and nothing is stored."""
    attempt = owned_quiz(request, attempt_id)
    item, question = quiz_item(attempt, position)
    answer = getattr(item, "answer", None)
    answered = None
    if answer is None:
        form = AnswerForm(request.POST, question=question)
        if not form.is_valid():
            card = quiz_card(
                attempt,
                position,
                question,
                None,
                error=first_error(form),
                picked=valid_picks(request, question),
            )
            template = "practice/quiz_question.html"
            if request.htmx:
                template += "#question-card"
            return render(request, template, quiz_context(attempt, position, card), status=400)
        recorded = actions.record_answer(
            item=item, question=question, chosen=form.cleaned_data["choice"], now=timezone.now()
        )
        answer = recorded.answer
        answered = recorded.answered
        if recorded.attempt_finished and not attempt.finished_at:
            attempt.finished_at = answer.answered_at
    if not request.htmx:
        return redirect(f"{attempt.question_url(position)}#q-{question.key}")
    card = quiz_card(attempt, position, question, answer)
    context = quiz_context(attempt, position, card, answered) | {"autofocus_feedback": True}
    return render(request, "practice/quiz_question.html#question-card", context)


@require_GET
def quiz_result(request, attempt_id: int):
    attempt = owned_quiz(request, attempt_id)
    if not attempt.is_finished:
        return redirect(attempt.get_absolute_url())
    items = list(
        attempt.items.select_related("answer", "question__section__chapter").defer(
            "question__section__body_html", "question__section__chapter__intro_html"
        )
    )
    cards = []
    sections: dict[int, dict] = {}
    for item in items:
        section = item.question.section
        question = progress.find_question(section, item.question_id)
        if question is None:  # retired since: nothing left to show for it
            continue
        answer = getattr(item, "answer", None)
        cards.append(
            progress.build_card(
                question=question,
                number=item.position,
                action_url="",
                seed=attempt.seed,
                answer=answer,
            )
        )
        row = sections.setdefault(section.pk, {"section": section, "asked": 0, "right": 0})
        row["asked"] += 1
        row["right"] += int(bool(answer and answer.correct))
    breakdown = sorted(sections.values(), key=lambda r: r["section"].position)
    return render(
        request,
        "practice/quiz_result.html",
        {
            "attempt": attempt,
            "chapter": attempt.chapter,
            "cards": cards,
            "breakdown": breakdown,
            "to_reread": [r for r in breakdown if r["right"] < r["asked"]],
        },
    )
