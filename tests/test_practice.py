"""Section checks and chapter quizzes over HTTP: answering, feedback, integrity and ownership."""

import re

import pytest
from django.contrib.auth.models import User

from studyguide import models

SECTION = "/read/basics/what-it-is/"


def check_url(question_key: str) -> str:
    return f"{SECTION}check/{question_key}/"


def stored() -> tuple[int, int, int]:
    return (
        models.Attempt.objects.count(),
        models.Answer.objects.count(),
        models.Learner.objects.count(),
    )


def test_section_page_shows_its_questions_without_any_answer_key(client, guide):
    body = client.get(SECTION).content.decode()
    assert "Check your understanding" in body
    assert "How is the thing billed?" in body
    assert "Choose two." in body  # basics-002 has two right answers
    assert "SENTINEL" not in body
    assert 'name="choice" value="a"' in body


def test_htmx_answer_swaps_in_feedback_with_whys_explanation_and_heading_link(client, guide):
    response = client.post(check_url("basics-001"), {"choice": "b"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body  # only the card
    assert "Not quite" in body
    for sentinel in [
        "WHY-SENTINEL-A1",
        "WHY-SENTINEL-B1",
        "WHY-SENTINEL-C1",
        "EXPLANATION-SENTINEL-1",
    ]:
        assert sentinel in body
    assert 'href="/read/basics/what-it-is/#billing-model"' in body
    assert "WHY-SENTINEL-A2" not in body  # other questions stay closed
    assert 'id="q-basics-001-feedback"' in body and "autofocus" in body


def test_right_answer_says_right(client, guide):
    body = client.post(check_url("basics-001"), {"choice": "a"}, headers={"HX-Request": "true"})
    assert "Right" in body.content.decode()
    assert models.Answer.objects.get().correct is True


def test_without_javascript_the_answer_redirects_back_to_the_question(client, guide):
    response = client.post(check_url("basics-001"), {"choice": "a"})
    assert response.status_code == 302
    assert response["Location"] == "/read/basics/what-it-is/#q-basics-001"
    body = client.get(SECTION).content.decode()
    assert "WHY-SENTINEL-A1" in body and "EXPLANATION-SENTINEL-1" in body
    assert "WHY-SENTINEL-A2" not in body


def test_multiple_is_all_or_nothing_and_marks_each_choice(client, guide):
    body = client.post(
        check_url("basics-002"), {"choice": ["a", "c"]}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Not quite" in body
    assert body.count("Correct answer") == 2
    assert "your pick" in body
    assert models.Answer.objects.get().correct is False
    assert models.Answer.objects.get().choice_keys == ["a", "c"]


@pytest.mark.parametrize(
    "key, data, message",
    [
        ("basics-001", {}, "Pick an answer before checking it."),
        ("basics-001", {"choice": "z"}, "That answer is not one of the choices for this question."),
        ("basics-001", {"choice": ["a", "b"]}, "Pick one answer."),
        ("basics-002", {"choice": "a"}, "Choose two answers."),
        ("basics-002", {"choice": ["a", "a"]}, "Each answer can be picked once."),
        ("basics-001", {"choice": "a", "seed": "-4"}, "greater than or equal to 1"),
    ],
)
def test_bad_answers_get_a_clear_400_and_store_nothing(client, guide, key, data, message):
    for headers in ({"HX-Request": "true"}, {}):
        response = client.post(check_url(key), data, headers=headers)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert "SENTINEL" not in response.content.decode()
    assert stored() == (0, 0, 0)


def test_a_choice_of_another_question_is_refused(client, guide):
    response = client.post(check_url("basics-003"), {"choice": "a"})
    assert response.status_code == 400
    assert stored() == (0, 0, 0)


def test_unknown_or_misplaced_question_is_404(client, guide):
    assert client.post(check_url("basics-999"), {"choice": "a"}).status_code == 404
    assert client.post("/read/events/queues/check/basics-001/", {"choice": "a"}).status_code == 404
    assert client.get(check_url("basics-001")).status_code == 405
    assert stored() == (0, 0, 0)


def test_a_second_submit_of_the_same_question_counts_once(client, guide):
    client.post(check_url("basics-001"), {"choice": "b"})
    response = client.post(check_url("basics-001"), {"choice": "a"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Not quite" in response.content.decode()  # the first answer stands
    answer = models.Answer.objects.get()
    assert answer.choice_keys == ["b"] and not answer.correct
    assert models.Attempt.objects.get().correct_count == 0


def choice_order(body: str, key: str) -> list[str]:
    return re.findall(rf'id="q-{key}-(\w+)"', body)


def test_choice_order_holds_across_reloads_of_an_attempt(client, guide):
    first = client.get(SECTION).content.decode()
    seed = re.search(r'name="seed" value="(\d+)"', first).group(1)
    client.post(check_url("basics-001"), {"choice": "a", "seed": seed})
    attempt = models.Attempt.objects.get()
    assert attempt.seed == int(seed)
    again = client.get(SECTION).content.decode()
    assert choice_order(again, "basics-002") == choice_order(first, "basics-002")
    assert choice_order(client.get(SECTION).content.decode(), "basics-002") == choice_order(
        again, "basics-002"
    )


def test_finishing_the_check_shows_the_score_and_a_new_try_keeps_the_old(client, guide):
    client.post(check_url("basics-001"), {"choice": "a"})
    client.post(check_url("basics-002"), {"choice": ["a", "b"]})
    response = client.post(
        check_url("basics-003"), {"choice": "false"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert re.search(r'id="check-summary" class="check-summary" hx-swap-oob="true"', body)
    assert "You answered 2 of 3 right" in body
    attempt = models.Attempt.objects.get()
    assert attempt.is_finished and attempt.correct_count == 2
    assert client.post(f"{SECTION}check/retry/").status_code == 302
    assert models.Attempt.objects.count() == 2
    body = client.get(SECTION).content.decode()
    assert "SENTINEL" not in body  # the new try starts closed
    client.post(check_url("basics-001"), {"choice": "b"})
    assert models.Answer.objects.count() == 4


def test_marking_a_section_read_is_kept_once(client, guide):
    assert client.post(f"{SECTION}read/").status_code == 302
    response = client.post(f"{SECTION}read/", headers={"HX-Request": "true"})
    assert "You have read this section." in response.content.decode()
    assert models.SectionRead.objects.count() == 1
    assert "You have read this section." in client.get(SECTION).content.decode()


# Chapter quizzes


def start_quiz(client, chapter="basics", size="10"):
    response = client.post(f"/quiz/{chapter}/start/", {"size": size})
    assert response.status_code == 302, response.content
    return models.Attempt.objects.quizzes().latest("id"), response["Location"]


def right_keys(question_key: str) -> list[str]:
    return list(
        models.Choice.objects.filter(question__key=question_key, correct=True).values_list(
            "key", flat=True
        )
    )


def test_quiz_runs_one_question_at_a_time_resumes_and_ends_in_a_result(client, guide):
    assert "How many questions?" in client.get("/quiz/basics/").content.decode()
    attempt, location = start_quiz(client)
    assert location == f"/quiz/attempt/{attempt.pk}/1/"
    assert attempt.question_count == 3  # "10" asks all three the chapter has
    items = list(attempt.items.select_related("question"))
    page = client.get(location).content.decode()
    assert "Question 1 of 3" in page and "SENTINEL" not in page
    first = items[0].question.key
    client.post(f"/quiz/attempt/{attempt.pk}/1/answer/", {"choice": right_keys(first)})
    # a reload (or another day) resumes at the first unanswered question
    assert (
        client.get(f"/quiz/attempt/{attempt.pk}/")["Location"] == f"/quiz/attempt/{attempt.pk}/2/"
    )
    assert client.get(f"/quiz/attempt/{attempt.pk}/result/").status_code == 302
    for item in items[1:]:
        response = client.post(
            f"/quiz/attempt/{attempt.pk}/{item.position}/answer/",
            {"choice": ["x"]},
        )
        assert response.status_code == 400
        response = client.post(
            f"/quiz/attempt/{attempt.pk}/{item.position}/answer/",
            {"choice": right_keys(item.question.key)},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
    assert "See your result" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.correct_count == 3
    result = client.get(f"/quiz/attempt/{attempt.pk}/result/").content.decode()
    assert "3 of 3 right (100%)" in result
    assert 'href="/read/basics/what-it-is/"' in result  # breakdown by section links the section
    assert "EXPLANATION-SENTINEL-1" in result  # every answer can be reviewed


def test_quiz_size_is_checked(client, guide):
    response = client.post("/quiz/basics/start/", {"size": "7"})
    assert response.status_code == 400
    assert models.Attempt.objects.count() == 0
    assert client.post("/quiz/glossary/start/", {"size": "5"}).status_code == 404


def test_another_learners_quiz_is_404_and_untouched(client, guide):
    attempt, location = start_quiz(client)
    intruder = User.objects.create_user("intruder", password="pw")
    other = client.__class__()
    other.force_login(intruder)
    for url in [location, f"/quiz/attempt/{attempt.pk}/", f"/quiz/attempt/{attempt.pk}/result/"]:
        assert other.get(url).status_code == 404
    key = attempt.items.get(position=1).question.key
    response = other.post(f"/quiz/attempt/{attempt.pk}/1/answer/", {"choice": right_keys(key)})
    assert response.status_code == 404
    assert models.Answer.objects.count() == 0


def test_quiz_position_outside_the_attempt_is_404(client, guide):
    attempt, _ = start_quiz(client)
    assert client.get(f"/quiz/attempt/{attempt.pk}/9/").status_code == 404
    assert client.post(f"/quiz/attempt/{attempt.pk}/0/answer/", {"choice": "a"}).status_code == 404


def test_quiz_answer_twice_in_two_tabs_counts_once(client, guide):
    attempt, _ = start_quiz(client)
    key = attempt.items.get(position=1).question.key
    url = f"/quiz/attempt/{attempt.pk}/1/answer/"
    client.post(url, {"choice": right_keys(key)})
    client.post(url, {"choice": ["nonsense"]})
    assert models.Answer.objects.count() == 1
    attempt.refresh_from_db()
    assert attempt.correct_count == 1


@pytest.mark.parametrize(
    "name",
    [
        "guide/section.html#question-card",
        "guide/section.html#read-status",
        "guide/section.html#check-summary",
        "practice/quiz_question.html#question-card",
    ],
)
def test_every_partial_the_views_use_exists(name):
    from django.template.loader import get_template

    assert get_template(name) is not None


def test_a_quiz_prefers_questions_unseen_then_missed(client, guide):
    from datetime import UTC, datetime

    from studyguide import actions

    client.post(check_url("basics-001"), {"choice": "b"})  # missed
    client.post(check_url("basics-002"), {"choice": ["a", "b"]})  # right
    learner = models.Learner.objects.get()
    chapter = models.Chapter.objects.get(slug="basics")
    now = datetime.now(UTC)
    import random

    first = actions.start_chapter_quiz(
        learner_id=learner.pk, chapter=chapter, size=1, now=now, rng=random.Random(1)
    )
    assert first.items.get().question.key == "basics-003"  # never seen
    second = actions.start_chapter_quiz(
        learner_id=learner.pk, chapter=chapter, size=2, now=now, rng=random.Random(1)
    )
    assert {i.question.key for i in second.items.all()} == {"basics-003", "basics-001"}


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_store_one_answer(fixture_tree):
    """Two tabs posting the same item at once: the database keeps exactly one answer."""
    import threading
    from datetime import UTC, datetime

    from django.db import connection

    from studyguide import actions, loader, progress

    loader.sync_content(fixture_tree)
    learner = actions.create_learner(now=datetime.now(UTC))
    chapter = models.Chapter.objects.get(slug="basics")
    import random

    attempt = actions.start_chapter_quiz(
        learner_id=learner.pk, chapter=chapter, size=None, now=datetime.now(UTC),
        rng=random.Random(3),
    )  # fmt: skip
    results, barrier = [], threading.Barrier(2)

    def submit():
        try:
            item = models.AttemptQuestion.objects.select_related(
                "attempt", "question__section"
            ).get(attempt=attempt, position=1)
            question = progress.find_question(item.question.section, item.question_id)
            barrier.wait()
            results.append(
                actions.record_answer(
                    item=item,
                    question=question,
                    chosen=question.correct_keys,
                    now=datetime.now(UTC),
                )  # fmt: skip
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.is_new for r in results) == [False, True]
    assert models.Answer.objects.count() == 1
    attempt.refresh_from_db()
    assert attempt.correct_count == 1


def test_a_question_added_after_the_try_began_asks_for_a_new_try(client, guide):
    client.post(check_url("basics-001"), {"choice": "a"})
    # as if basics-002 had been added to the section after this try started
    models.AttemptQuestion.objects.filter(question__key="basics-002").delete()
    for headers in ({"HX-Request": "true"}, {}):
        response = client.post(check_url("basics-002"), {"choice": ["a", "b"]}, headers=headers)
        assert response.status_code == 409
        assert "start a new one" in response.content.decode()
    assert models.Answer.objects.count() == 1
