"""Read-side assembly for practice pages: question cards, a section's check, a learner's progress.

Each function runs a fixed number of queries, whatever the size of the guide or the history.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils.safestring import mark_safe

from . import grading
from .models import (
    Answer,
    Attempt,
    AttemptQuestion,
    Chapter,
    Choice,
    Question,
    Section,
    SectionRead,
)
from .outline import Outline


@dataclass
class ChoiceView:
    key: str
    text: str
    picked: bool = False
    correct: bool = False
    why: str = ""


@dataclass
class Card:
    """One question as a learner sees it: a form before answering, feedback after.

    The answer key, the `why` texts and the explanation are copied in only once the item has
    an answer, so a template cannot show them early by mistake.
    """

    question: Question
    number: int
    action_url: str
    choices: list[ChoiceView]
    answer: Answer | None = None
    error: str = ""
    picked: list[str] = field(default_factory=list)
    explanation: str = ""
    seed: int = 0
    choose_label: str = ""  # "Choose two" on a multiple-answer question

    @property
    def is_multiple(self) -> bool:
        return self.question.type == Question.Type.MULTIPLE

    @property
    def input_type(self) -> str:
        return "checkbox" if self.is_multiple else "radio"

    @property
    def target_url(self) -> str:
        url = self.question.section.get_absolute_url()
        return f"{url}#{self.question.anchor}" if self.question.anchor else url

    @property
    def target_label(self) -> str:
        section = self.question.section
        heading = self.question.anchor and section.heading_title(self.question.anchor)
        return f"{section.title} › {heading}" if heading else section.title

    @property
    def stem(self):
        return mark_safe(self.question.stem_html)  # sanitised at load time


def build_card(
    *,
    question: Question,
    choices: list[Choice],
    number: int,
    action_url: str,
    seed: int,
    answer: Answer | None,
    error: str = "",
    picked: list[str] | None = None,
) -> Card:
    by_key = {c.key: c for c in choices}
    order = grading.choice_order(
        [c.key for c in choices], seed=seed, question_key=question.key, shuffle=question.shuffle
    )
    chosen = set(answer.choice_keys) if answer else set(picked or [])
    views = []
    for key in order:
        choice = by_key[key]
        view = ChoiceView(key=key, text=mark_safe(choice.text_html), picked=key in chosen)
        if answer is not None:
            view.correct = choice.correct
            view.why = mark_safe(choice.why_html)
        views.append(view)
    correct_count = sum(1 for c in choices if c.correct)
    is_multiple = question.type == Question.Type.MULTIPLE
    return Card(
        question=question,
        number=number,
        action_url=action_url,
        choices=views,
        answer=answer,
        error=error,
        picked=sorted(chosen),
        explanation=mark_safe(question.explanation_html) if answer else "",
        seed=seed,
        choose_label=grading.choose_label(correct_count) if is_multiple else "",
    )


def choices_by_question(question_filter: Q) -> tuple[list[Question], dict[int, list[Choice]]]:
    """Questions and their live choices from one query, in reading order."""
    rows = (
        Choice.objects.live()
        .filter(question_filter, question__retired=False)
        .select_related("question__section__chapter")
        .defer("question__section__body_html", "question__section__chapter__intro_html")
        .order_by("question__position", "question_id", "position")
    )
    questions: dict[int, Question] = {}
    grouped: dict[int, list[Choice]] = defaultdict(list)
    for choice in rows:
        questions.setdefault(choice.question_id, choice.question)
        grouped[choice.question_id].append(choice)
    return list(questions.values()), grouped


@dataclass
class SectionCheck:
    """The state of a section's check for one learner: their latest try and its cards."""

    attempt: Attempt | None
    cards: list[Card]

    @property
    def answered(self) -> int:
        return sum(1 for c in self.cards if c.answer)

    @property
    def correct(self) -> int:
        return sum(1 for c in self.cards if c.answer and c.answer.correct)

    @property
    def finished(self) -> bool:
        return self.attempt is not None and self.attempt.is_finished


def section_check(section: Section, learner_id: int | None, new_seed: int) -> SectionCheck:
    """Two queries: the questions with their choices, and the latest try with its answers."""
    questions, choices = choices_by_question(Q(question__section=section))
    attempt = None
    answers: dict[int, Answer] = {}
    if learner_id is not None and questions:
        latest = (
            Attempt.objects.section_checks(section)
            .filter(learner_id=learner_id)
            .latest_first()
            .values("id")[:1]
        )
        items = AttemptQuestion.objects.filter(attempt_id=Subquery(latest)).select_related(
            "attempt", "answer"
        )
        for item in items:
            attempt = item.attempt
            answer = getattr(item, "answer", None)
            if answer is not None:
                answers[item.question_id] = answer
    seed = attempt.seed if attempt else new_seed
    cards = [
        build_card(
            question=q,
            choices=choices[q.pk],
            number=i,
            action_url=section_answer_url(section, q),
            seed=seed,
            answer=answers.get(q.pk),
        )
        for i, q in enumerate(questions, start=1)
    ]
    return SectionCheck(attempt, cards)


def section_answer_url(section: Section, question: Question) -> str:
    return reverse("section_check_answer", args=[section.chapter.slug, section.slug, question.key])


@dataclass
class ChapterProgress:
    chapter: Chapter
    sections: list[tuple[Section, grading.SectionScore, bool]]  # (section, score, read)

    @property
    def questions(self) -> int:
        return sum(s.questions for _, s, _ in self.sections)

    @property
    def answered(self) -> int:
        return sum(s.answered for _, s, _ in self.sections)

    @property
    def correct(self) -> int:
        return sum(s.correct for _, s, _ in self.sections)

    @property
    def read(self) -> int:
        return sum(1 for _, _, r in self.sections if r)

    @property
    def percent_correct(self) -> int:
        return round(100 * self.correct / self.questions) if self.questions else 0

    @property
    def percent_read(self) -> int:
        return round(100 * self.read / len(self.sections)) if self.sections else 0

    def count(self, level: grading.Mastery) -> int:
        return sum(1 for _, s, _ in self.sections if s.level == level)


@dataclass
class GuideProgress:
    chapters: list[ChapterProgress]
    by_section: dict[int, tuple[grading.SectionScore, bool]]

    @property
    def sections(self) -> int:
        return sum(len(c.sections) for c in self.chapters)

    @property
    def read(self) -> int:
        return sum(c.read for c in self.chapters)

    @property
    def questions(self) -> int:
        return sum(c.questions for c in self.chapters)

    @property
    def answered(self) -> int:
        return sum(c.answered for c in self.chapters)

    @property
    def correct(self) -> int:
        return sum(c.correct for c in self.chapters)

    @property
    def percent_correct(self) -> int:
        return round(100 * self.correct / self.questions) if self.questions else 0

    def level_counts(self) -> list[tuple[grading.Mastery, int]]:
        return [(level, sum(c.count(level) for c in self.chapters)) for level in grading.Mastery]

    def weakest(self, limit: int = 5) -> list[tuple[Section, grading.SectionScore]]:
        scores = {sid: score for sid, (score, _) in self.by_section.items()}
        sections = {s.pk: s for c in self.chapters for s, _, _ in c.sections}
        return [(sections[sid], scores[sid]) for sid in grading.weakest(scores, limit)]


def guide_progress(outline: Outline, learner_id: int | None) -> GuideProgress:
    """Progress across the guide: three queries on top of the outline (none for a new guest)."""
    question_sections: dict[int, set[int]] = defaultdict(set)
    events: dict[int, list[grading.AnswerEvent]] = defaultdict(list)
    reads: set[int] = set()
    for qid, sid in Question.objects.live().values_list("id", "section_id"):
        question_sections[sid].add(qid)
    if learner_id is not None:
        for qid, sid, correct, at in Answer.objects.filter(learner_id=learner_id).values_list(
            "question_id", "question__section_id", "correct", "answered_at"
        ):
            events[sid].append(grading.AnswerEvent(qid, correct, at))
        reads = set(
            SectionRead.objects.filter(learner_id=learner_id).values_list("section_id", flat=True)
        )
    chapters = []
    by_section = {}
    for chapter in outline.main_chapters:
        rows = []
        for section in chapter.live_sections:
            score = grading.section_score(question_sections[section.pk], events[section.pk])
            is_read = section.pk in reads
            rows.append((section, score, is_read))
            by_section[section.pk] = (score, is_read)
        chapters.append(ChapterProgress(chapter, rows))
    return GuideProgress(chapters, by_section)


def quiz_history(learner_id: int | None, chapter: Chapter | None = None):
    if learner_id is None:
        return Attempt.objects.none()
    quizzes = Attempt.objects.quizzes().filter(learner_id=learner_id).select_related("chapter")
    if chapter is not None:
        quizzes = quizzes.filter(chapter=chapter)
    return quizzes.latest_first()
