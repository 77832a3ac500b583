"""Pure rules of practice: choice order, scoring, quiz selection and mastery. No ORM, no clock.

Everything here takes plain values and returns plain values, so each rule is tested in
milliseconds and reused by section checks, chapter quizzes and (later) mock exams.
"""

import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

QUIZ_SIZES = (5, 10, 20)  # plus "all"
DEFAULT_QUIZ_SIZE = 10
PROFICIENT_SHARE = 0.8

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def new_seed(rng: random.Random) -> int:
    return rng.randrange(1, 2**31)


def choice_order(choice_keys: Sequence[str], *, seed: int, question_key: str, shuffle: bool):
    """The order an attempt shows a question's choices in: fixed by the attempt's seed."""
    if not shuffle:
        return list(choice_keys)

    def rank(key: str) -> bytes:
        return hashlib.sha256(f"{seed}:{question_key}:{key}".encode()).digest()

    return sorted(choice_keys, key=rank)


def choose_label(correct_count: int) -> str:
    """What a multiple-answer question tells the learner: 'Choose two'."""
    return f"Choose {NUMBER_WORDS.get(correct_count, str(correct_count))}"


def is_correct(correct_keys: Iterable[str], chosen_keys: Iterable[str]) -> bool:
    """All or nothing: the chosen set must be exactly the correct set."""
    return set(correct_keys) == set(chosen_keys)


@dataclass(frozen=True)
class Candidate:
    """A question a quiz could ask, with what the learner last did with it."""

    question_id: int
    last_correct: bool | None  # None: never answered


def pick_quiz_questions(
    candidates: Sequence[Candidate], size: int | None, rng: random.Random
) -> list[int]:
    """Up to `size` question ids (all when None): unseen first, then missed, then the rest.

    Within each group the pick is random; the chosen questions are then shuffled together.
    """
    groups: list[list[int]] = [[], [], []]
    for c in candidates:
        group = 0 if c.last_correct is None else (1 if not c.last_correct else 2)
        groups[group].append(c.question_id)
    picked: list[int] = []
    for group in groups:
        rng.shuffle(group)
        picked.extend(group)
    if size is not None:
        picked = picked[:size]
    rng.shuffle(picked)
    return picked


class Mastery(StrEnum):
    NOT_STARTED = "not-started"
    PRACTISING = "practising"
    PROFICIENT = "proficient"
    MASTERED = "mastered"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def rank(self) -> int:
        return list(Mastery).index(self)


MASTERY_RULE = (
    "Not started: no question of the section answered yet. "
    "Practising: some answered, but fewer than 80% of the section's questions were last answered "
    "right. Proficient: at least 80% of the section's questions were last answered right. "
    "Mastered: proficient now, and it was also true at the end of an earlier day on which you "
    "practised, so it has held across days. Only your latest answer to each question counts."
)


@dataclass(frozen=True)
class AnswerEvent:
    question_id: int
    correct: bool
    answered_at: datetime  # UTC-aware


def mastery(question_ids: set[int], events: Sequence[AnswerEvent]) -> Mastery:
    """The MASTERY_RULE above, for one section. Events may come in any order."""
    relevant = sorted(
        (e for e in events if e.question_id in question_ids), key=lambda e: e.answered_at
    )
    if not relevant or not question_ids:
        return Mastery.NOT_STARTED
    needed = PROFICIENT_SHARE * len(question_ids)
    latest: dict[int, bool] = {}
    days_proficient: set[date] = set()
    for i, event in enumerate(relevant):
        latest[event.question_id] = event.correct
        last_of_day = (
            i + 1 == len(relevant) or relevant[i + 1].answered_at.date() != event.answered_at.date()
        )
        if last_of_day and sum(latest.values()) >= needed:
            days_proficient.add(event.answered_at.date())
    if sum(latest.values()) < needed:
        return Mastery.PRACTISING
    return Mastery.MASTERED if len(days_proficient) >= 2 else Mastery.PROFICIENT


@dataclass(frozen=True)
class SectionScore:
    """A section's standing from the latest answer to each of its questions."""

    questions: int
    answered: int
    correct: int
    level: Mastery

    @property
    def share_correct(self) -> float:
        return self.correct / self.questions if self.questions else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share_correct)


def section_score(question_ids: set[int], events: Sequence[AnswerEvent]) -> SectionScore:
    latest: dict[int, tuple[datetime, bool]] = {}
    for e in events:
        if e.question_id in question_ids:
            seen = latest.get(e.question_id)
            if seen is None or e.answered_at >= seen[0]:
                latest[e.question_id] = (e.answered_at, e.correct)
    return SectionScore(
        questions=len(question_ids),
        answered=len(latest),
        correct=sum(1 for _, ok in latest.values() if ok),
        level=mastery(question_ids, events),
    )


def weakest(scores: dict[int, SectionScore], limit: int = 5) -> list[int]:
    """Section ids the learner has started, weakest first: lowest share right, then level."""
    started = [(sid, s) for sid, s in scores.items() if s.answered]
    started.sort(key=lambda pair: (pair[1].share_correct, pair[1].level.rank, pair[0]))
    return [sid for sid, s in started if s.level != Mastery.MASTERED][:limit]
