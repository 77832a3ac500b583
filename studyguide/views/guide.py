"""Reading the guide: home, contents, chapter and appendix pages, sections. Anyone may read."""

import random

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import grading, progress
from ..forms import PatternFilterForm
from ..learners import learner_id
from ..models import (
    Chapter,
    Diagram,
    ExamBlueprint,
    GuideInfo,
    Pattern,
    Scenario,
    Section,
    Term,
    WorkbookPrompt,
)
from ..outline import Outline


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    guide = GuideInfo.objects.first()
    chapters = Chapter.objects.live().filter(kind=Chapter.Kind.CHAPTER).only("slug")
    first = chapters.first()
    return render(request, "guide/home.html", {"guide": guide, "first_chapter": first})


@require_GET
def contents(request: HttpRequest) -> HttpResponse:
    outline = Outline.load()
    learner = learner_id(request)
    return render(
        request,
        "guide/contents.html",
        {
            "outline": outline,
            "progress": progress.guide_progress(outline, learner),
            "show_marks": learner is not None,
        },
    )


@require_GET
def chapter(request: HttpRequest, chapter_slug: str) -> HttpResponse:
    outline = Outline.load()
    current = next((c for c in outline.chapters if c.slug == chapter_slug), None)
    if current is None:
        raise Http404("No such chapter.")
    context = {
        "outline": outline,
        "chapter": current,
        "sections": current.live_sections,
        "previous": current.previous_stop,
        "next": current.next_stop,
    }
    context.update(gathered(current, outline))
    status = 200
    if current.gathers == Chapter.Gathers.PATTERNS:
        form = PatternFilterForm(request.GET)
        valid = form.is_valid()
        context["pattern_filter"] = form
        context["patterns"] = Pattern.objects.matching(**form.cleaned_data) if valid else []
        status = 200 if valid else 400
    return render(request, "guide/chapter.html", context, status=status)


def gathered(appendix: Chapter, outline: Outline) -> dict:
    """What an appendix page lists, gathered from the chapters' content."""
    G = Chapter.Gathers
    if appendix.gathers == G.GLOSSARY:
        terms = Term.objects.live().select_related("target_section__chapter").order_by("term")
        return {"terms": terms}
    if appendix.gathers == G.DIAGRAMS:
        return {"diagrams": Diagram.objects.live().select_related("chapter")}
    if appendix.gathers == G.WORKBOOK:
        prompts = WorkbookPrompt.objects.live().select_related("target_section__chapter")
        counts = dict(
            Section.objects.live()
            .annotate(n=Count("questions", filter=Q(questions__retired=False)))
            .values_list("id", "n")
        )
        by_chapter = [
            (
                c,
                [p for p in prompts if p.chapter_id == c.pk],
                [(s, counts.get(s.pk, 0)) for s in c.live_sections],
            )
            for c in outline.main_chapters
        ]
        return {"workbook_chapters": by_chapter}
    if appendix.gathers == G.SCENARIOS:
        scenarios = Scenario.objects.live()
        by_chapter = [
            (c, [s for s in scenarios if s.chapter_id == c.pk]) for c in outline.main_chapters
        ]
        return {"scenario_chapters": by_chapter, "exams": ExamBlueprint.objects.live()}
    return {}


@require_GET
def section(request: HttpRequest, chapter_slug: str, section_slug: str) -> HttpResponse:
    state = progress.section_state(chapter_slug, section_slug, learner_id(request))
    if state is None:
        raise Http404("No such section.")
    current = progress.cached_section(state.section_id, state.revision)
    return render(request, "guide/section.html", section_page_context(request, current, state))


def section_page_context(
    request: HttpRequest,
    current: Section,
    state: progress.SectionState | None = None,
    *,
    replace_card: progress.Card | None = None,
) -> dict:
    """Everything the section page shows: text, neighbours, the check and the read mark.
    `replace_card` puts a card with a form error in place of its question (the no-JS path)."""
    if state is None:
        state = progress.section_state(current.chapter.slug, current.slug, learner_id(request))
    check = progress.section_check(current, state, grading.new_seed(random.Random()))
    if replace_card is not None:
        check.cards = [
            replace_card if c.question_id == replace_card.question_id else c for c in check.cards
        ]
    return {
        "section": current,
        "chapter": current.chapter,
        "mark_read_url": reverse("mark_read", args=[current.chapter.slug, current.slug]),
        "previous": current.previous_stop,
        "next": current.next_stop,
        "check": check,
        "summary_attempt": check.attempt,
        "is_read": state.is_read,
    }


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    appendix = Chapter.objects.live().filter(gathers=Chapter.Gathers.GLOSSARY).only("slug").first()
    if appendix is None:
        raise Http404("The guide has no glossary.")
    return redirect(appendix.get_absolute_url())
