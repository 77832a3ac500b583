"""The pure rules: choice order, scoring, quiz selection and mastery."""

import random
from datetime import UTC, datetime, timedelta

from studyguide import grading
from studyguide.grading import AnswerEvent, Candidate, Mastery

DAY1 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DAY2 = DAY1 + timedelta(days=1)


def test_choice_order_is_fixed_by_the_seed_and_differs_between_seeds():
    keys = ["a", "b", "c", "d", "e"]
    order = grading.choice_order(keys, seed=7, question_key="q-1", shuffle=True)
    assert order == grading.choice_order(keys, seed=7, question_key="q-1", shuffle=True)
    assert sorted(order) == keys
    orders = {
        tuple(grading.choice_order(keys, seed=s, question_key="q-1", shuffle=True))
        for s in range(1, 30)
    }
    assert len(orders) > 10


def test_choice_order_is_kept_when_the_question_says_not_to_shuffle():
    assert grading.choice_order(["t", "f"], seed=9, question_key="q", shuffle=False) == ["t", "f"]


def test_scoring_is_all_or_nothing():
    assert grading.is_correct(["a", "c"], ["c", "a"])
    assert not grading.is_correct(["a", "c"], ["a"])
    assert not grading.is_correct(["a", "c"], ["a", "b"])
    assert grading.choose_label(2) == "Choose two" and grading.choose_label(3) == "Choose three"


def test_quiz_prefers_unseen_then_missed_questions():
    candidates = [Candidate(1, True), Candidate(2, None), Candidate(3, False), Candidate(4, None)]
    for seed in range(20):
        picked = grading.pick_quiz_questions(candidates, 3, random.Random(seed))
        assert set(picked) == {2, 4, 3}
    assert len(grading.pick_quiz_questions(candidates, None, random.Random(1))) == 4
    assert len(grading.pick_quiz_questions(candidates, 10, random.Random(1))) == 4


def events(*rows):
    return [AnswerEvent(q, ok, at) for q, ok, at in rows]


def test_mastery_levels_follow_the_written_rule():
    qs = {1, 2, 3, 4, 5}
    assert grading.mastery(qs, []) == Mastery.NOT_STARTED
    three = events(*[(q, True, DAY1) for q in (1, 2, 3)])
    assert grading.mastery(qs, three) == Mastery.PRACTISING
    four = three + events((4, True, DAY1))
    assert grading.mastery(qs, four) == Mastery.PROFICIENT  # 4 of 5 is 80%
    # the same day again does not make it mastered
    assert grading.mastery(qs, four + events((5, False, DAY1 + timedelta(hours=2)))) == (
        Mastery.PROFICIENT
    )
    # still proficient at the end of a later day: mastered
    assert grading.mastery(qs, four + events((5, False, DAY2))) == Mastery.MASTERED


def test_the_latest_answer_counts_and_a_slip_drops_the_level():
    qs = {1, 2}
    history = events((1, True, DAY1), (2, True, DAY1), (2, False, DAY2))
    assert grading.mastery(qs, history) == Mastery.PRACTISING
    score = grading.section_score(qs, history)
    assert (score.answered, score.correct, score.percent) == (2, 1, 50)
    history += events((2, True, DAY2 + timedelta(hours=1)))
    assert grading.mastery(qs, history) == Mastery.MASTERED  # held at the end of day 1 and day 2


def test_answers_in_any_order_give_the_same_level():
    qs = {1, 2}
    history = events((2, True, DAY2), (1, True, DAY1), (2, True, DAY1))
    assert grading.mastery(qs, history) == grading.mastery(
        qs, sorted(history, key=lambda e: e.answered_at)
    )


def test_weakest_lists_started_sections_lowest_first_without_mastered():
    s = grading.SectionScore
    scores = {
        10: s(5, 5, 1, Mastery.PRACTISING),
        11: s(5, 0, 0, Mastery.NOT_STARTED),
        12: s(5, 5, 5, Mastery.MASTERED),
        13: s(5, 2, 2, Mastery.PRACTISING),
    }
    assert grading.weakest(scores) == [10, 13]
