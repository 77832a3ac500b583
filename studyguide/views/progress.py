"""A learner's progress page and the export of everything they have stored. Own data only."""

import csv
import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import charts, grading, progress
from ..learners import learner_id
from ..models import Answer, Attempt, SectionRead
from ..outline import Outline


@require_GET
def progress_page(request):
    outline = Outline.load()
    learner = learner_id(request)
    guide = progress.guide_progress(outline, learner)
    return render(
        request,
        "progress/progress.html",
        {
            "progress": guide,
            "charts": [(c, charts.chapter_chart(c)) for c in guide.chapters],
            "weakest": guide.weakest(),
            "quizzes": list(progress.quiz_history(learner)[:50]),
            "rule": grading.MASTERY_RULE,
            "nav": "progress",
        },
    )


def export_rows(learner: int | None) -> dict:
    """Everything stored about this learner, as plain values."""
    if learner is None:
        return {"account": None, "reads": [], "attempts": [], "answers": []}
    reads = SectionRead.objects.filter(learner_id=learner).select_related("section")
    attempts = Attempt.objects.filter(learner_id=learner).select_related("chapter", "section")
    answers = (
        Answer.objects.filter(learner_id=learner)
        .select_related("question", "item")
        .order_by("answered_at", "id")
    )
    return {
        "reads": [{"section": r.section.slug, "read_at": r.read_at.isoformat()} for r in reads],
        "attempts": [
            {
                "id": a.pk,
                "kind": a.kind,
                "chapter": a.chapter.slug if a.chapter else None,
                "section": a.section.slug if a.section else None,
                "started_at": a.started_at.isoformat(),
                "finished_at": a.finished_at.isoformat() if a.finished_at else None,
                "questions": a.question_count,
                "correct": a.correct_count,
            }
            for a in attempts.order_by("started_at", "id")
        ],
        "answers": [
            {
                "attempt": a.item.attempt_id,
                "position": a.item.position,
                "question": a.question.key,
                "choices": a.choice_keys,
                "correct": a.correct,
                "answered_at": a.answered_at.isoformat(),
            }
            for a in answers
        ],
    }


def download_name(request, extension: str) -> str:
    return f"studyguide-my-data-{timezone.now():%Y-%m-%d}.{extension}"


@require_GET
def export_json(request):
    data = export_rows(learner_id(request))
    data["account"] = request.user.get_username() if request.user.is_authenticated else None
    response = HttpResponse(
        json.dumps(data, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{download_name(request, "json")}"'
    return response


CSV_COLUMNS = [
    "record", "attempt", "kind", "chapter", "section", "position", "question", "choices",
    "correct", "at",
]  # fmt: skip


@require_GET
def export_csv(request):
    """One row per answer, per attempt and per section read, told apart by `record`."""
    data = export_rows(learner_id(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{download_name(request, "csv")}"'
    writer = csv.DictWriter(response, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    kinds = {a["id"]: a for a in data["attempts"]}
    for r in data["reads"]:
        writer.writerow({"record": "read", "section": r["section"], "at": r["read_at"]})
    for a in data["attempts"]:
        writer.writerow(
            {
                "record": "attempt",
                "attempt": a["id"],
                "kind": a["kind"],
                "chapter": a["chapter"] or "",
                "section": a["section"] or "",
                "correct": f"{a['correct']}/{a['questions']}",
                "at": a["started_at"],
            }
        )
    for a in data["answers"]:
        attempt = kinds[a["attempt"]]
        writer.writerow(
            {
                "record": "answer",
                "attempt": a["attempt"],
                "kind": attempt["kind"],
                "chapter": attempt["chapter"] or "",
                "section": attempt["section"] or "",
                "position": a["position"],
                "question": a["question"],
                "choices": " ".join(a["choices"]),
                "correct": "yes" if a["correct"] else "no",
                "at": a["answered_at"],
            }
        )
    return response
