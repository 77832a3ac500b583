"""Read-side assembly for practice pages: question cards, a section's check, a learner's progress.

Each function runs a fixed number of queries, whatever the size of the guide or the history.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.urls import reverse
from django.utils.safestring import mark_safe

from . import grading
from .models import (
    Answer,
    Attempt,
    Chapter,
    Question,
    Section,
    SectionRead,
)
from .outline import Outline


@dataclass(frozen=True)
class ChoiceData:
    key: str
    text: str  # sanitised HTML
    correct: bool
    why: str  # sanitised HTML


@dataclass(frozen=True)
class QuestionData:
    """A live question as the loader copied it onto its section's row, answer key included.
    Only `build_card` reads the key, and only for an answered item."""

    id: int
    key: str
    type: str
    anchor: str
    shuffle: bool
    stem: str
    explanation: str
    choices: tuple[ChoiceData, ...]
    section: Section

    @property
    def correct_keys(self) -> list[str]:
        return [c.key for c in self.choices if c.correct]

    @property
    def is_multiple(self) -> bool:
        return self.type == Question.Type.MULTIPLE


def section_questions(section: Section) -> list[QuestionData]:
    """The section's live questions in reading order, from its own row: no query."""
    return [
        QuestionData(
            id=q["id"],
            key=q["key"],
            type=q["type"],
            anchor=q["anchor"],
            shuffle=q["shuffle"],
            stem=q["stem"],
            explanation=q["explanation"],
            choices=tuple(ChoiceData(**c) for c in q["choices"]),
            section=section,
        )
        for q in section.question_cards
    ]


def find_question(section: Section, question_id: int) -> QuestionData | None:
    return next((q for q in section_questions(section) if q.id == question_id), None)


@dataclass(frozen=True)
class Given:
    """What a card needs of an answer: the picks and the verdict (an Answer also fits)."""

    choice_keys: list[str]
    correct: bool


@dataclass
class ChoiceView:
    key: str
    text: str
    dom_id: str
    picked: bool = False
    correct: bool = False
    why: str = ""


@dataclass
class Card:
    """One question as a learner sees it: a form before answering, feedback after.

    The answer key, the `why` texts and the explanation are copied in only once the item has
    an answer, so a template cannot show them early by mistake.
    """

    key: str
    stem: str
    number: int
    action_url: str
    input_type: str
    choices: list[ChoiceView]
    question_id: int
    answer: Answer | Given | None = None
    error: str = ""
    explanation: str = ""
    target_url: str = ""
    target_label: str = ""
    seed: int = 0
    choose_label: str = ""  # "Choose two" on a multiple-answer question


def build_card(
    *,
    question: QuestionData,
    number: int,
    action_url: str,
    seed: int,
    answer: Answer | Given | None,
    error: str = "",
    picked: list[str] | None = None,
) -> Card:
    by_key = {c.key: c for c in question.choices}
    order = grading.choice_order(
        list(by_key), seed=seed, question_key=question.key, shuffle=question.shuffle
    )
    chosen = set(answer.choice_keys) if answer else set(picked or [])
    views = []
    for key in order:
        choice = by_key[key]
        view = ChoiceView(
            key=key,
            text=mark_safe(choice.text),
            dom_id=f"q-{question.key}-{key}",
            picked=key in chosen,
        )
        if answer is not None:
            view.correct = choice.correct
            view.why = mark_safe(choice.why)
        views.append(view)
    card = Card(
        key=question.key,
        stem=mark_safe(question.stem),  # sanitised at load time
        number=number,
        action_url=action_url,
        input_type="checkbox" if question.is_multiple else "radio",
        choices=views,
        question_id=question.id,
        answer=answer,
        error=error,
        seed=seed,
        choose_label=(
            grading.choose_label(len(question.correct_keys)) if question.is_multiple else ""
        ),
    )
    if answer is not None:
        section = question.section
        card.explanation = mark_safe(question.explanation)
        card.target_url = section.get_absolute_url() + (
            f"#{question.anchor}" if question.anchor else ""
        )
        heading = question.anchor and section.heading_title(question.anchor)
        card.target_label = f"{section.title} › {heading}" if heading else section.title
    return card


@dataclass(frozen=True)
class CheckTry:
    """A learner's latest try at a section's check, as the section page shows it."""

    id: int
    seed: int
    is_finished: bool
    correct_count: int
    question_count: int


@dataclass
class SectionCheck:
    """A section's check for one learner: their latest try and its cards."""

    attempt: CheckTry | None
    cards: list[Card]


@dataclass
class SectionState:
    """Which live section an address names, its revision, and what one learner has done there."""

    section_id: int
    revision: str
    is_read: bool = False
    attempt: CheckTry | None = None
    answers: dict[int, Given] = field(default_factory=dict)


# The live section at an address with its revision, whether the learner has read it, and their
# latest try at its check with the answers given so far, in one statement. Plain SQL because it
# runs on every view of the busiest page: the ORM took about 1 ms to build the queries this
# replaces, which run in a twentieth of that. A guest's learner id is NULL and matches nothing.
SECTION_STATE_SQL = """
SELECT
  s.id, s.revision,
  EXISTS (SELECT 1 FROM studyguide_sectionread r
          WHERE r.learner_id = %(learner)s AND r.section_id = s.id),
  a.id, a.seed, a.finished_at IS NOT NULL, a.correct_count, a.question_count,
  ans.question_id, ans.choice_keys, ans.correct
FROM studyguide_section s
JOIN studyguide_chapter c ON c.id = s.chapter_id
LEFT JOIN studyguide_attempt a ON a.id = (
  SELECT id FROM studyguide_attempt
  WHERE learner_id = %(learner)s AND kind = %(kind)s AND section_id = s.id
  ORDER BY started_at DESC, id DESC
  LIMIT 1)
LEFT JOIN studyguide_attemptquestion i ON i.attempt_id = a.id
LEFT JOIN studyguide_answer ans ON ans.item_id = i.id
WHERE s.slug = %(section)s AND c.slug = %(chapter)s AND NOT s.retired AND NOT c.retired
"""


def section_state(chapter_slug: str, section_slug: str, learner_id: int | None):
    """The section page's one query; None when no live section has this address."""
    params = {
        "chapter": chapter_slug,
        "section": section_slug,
        "learner": learner_id,
        "kind": Attempt.Kind.SECTION_CHECK.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(SECTION_STATE_SQL, params)
        rows = cursor.fetchall()
    if not rows:
        return None
    state = SectionState(section_id=rows[0][0], revision=rows[0][1], is_read=bool(rows[0][2]))
    for *_, pk, seed, finished, right, count, question_id, keys, correct in rows:
        if pk is not None and state.attempt is None:
            state.attempt = CheckTry(pk, seed, bool(finished), right, count)
        if question_id is not None:
            state.answers[question_id] = Given(json.loads(keys), bool(correct))
    return state


_sections: dict[tuple[int, str], Section] = {}


def cached_section(section_id: int, revision: str) -> Section:
    """The section with its chapter, kept per process under the revision the loader stamps on
    it: a reload that changes either row changes the revision, so a stale copy is never used.
    Read-only: views must not change what they get from here."""
    section = _sections.get((section_id, revision))
    if section is None:
        if len(_sections) > 300:  # old revisions pile up only across many reloads
            _sections.clear()
        section = Section.objects.select_related("chapter").get(pk=section_id)
        _sections[(section.pk, section.revision)] = section
    return section


def section_check(section: Section, state: SectionState, new_seed: int) -> SectionCheck:
    """The section's check as this learner left it: no query, the questions come from the
    section's row and the answers from its state."""
    seed = state.attempt.seed if state.attempt else new_seed
    cards = [
        build_card(
            question=q,
            number=i,
            action_url=reverse(
                "section_check_answer", args=[section.chapter.slug, section.slug, q.key]
            ),
            seed=seed,
            answer=state.answers.get(q.id),
        )
        for i, q in enumerate(section_questions(section), start=1)
    ]
    return SectionCheck(state.attempt, cards)


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
