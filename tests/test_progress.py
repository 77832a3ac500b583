"""Accounts and progress: guest history moves into an account, progress pages and exports."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import User
from django.test import Client

from studyguide import actions, models

SECTION = "/read/basics/what-it-is/"


def answer(client, key, choice):
    response = client.post(f"{SECTION}check/{key}/", {"choice": choice})
    assert response.status_code == 302


def test_signing_up_keeps_what_the_guest_did(client, guide):
    answer(client, "basics-001", "a")
    client.post(f"{SECTION}read/")
    guest = models.Learner.objects.get()
    response = client.post(
        "/accounts/signup/",
        {"username": "ada", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"},
    )
    assert response.status_code == 302 and response["Location"] == "/progress/"
    user = User.objects.get(username="ada")
    assert user.learner.pk == guest.pk
    assert models.Answer.objects.get().learner_id == guest.pk
    page = client.get("/progress/").content.decode()
    assert "1 of 3" in page  # one of the chapter's three questions answered


def test_bad_signup_is_a_400_and_creates_nothing(client, guide):
    response = client.post(
        "/accounts/signup/", {"username": "ada", "password1": "x", "password2": "y"}
    )
    assert response.status_code == 400
    assert not User.objects.exists()


def test_logging_in_merges_guest_history_into_an_account_that_has_its_own(client, guide):
    User.objects.create_user("ada", password="a-long-pass-phrase")
    earlier = Client()
    earlier.post("/accounts/login/", {"username": "ada", "password": "a-long-pass-phrase"})
    answer(earlier, "basics-001", "b")  # wrong, in the account
    earlier.post(f"{SECTION}read/")
    account = User.objects.get().learner
    answer(client, "basics-001", "a")  # right, later, as a guest
    client.post(f"{SECTION}read/")
    response = client.post(
        "/accounts/login/", {"username": "ada", "password": "a-long-pass-phrase"}
    )
    assert response.status_code == 302
    assert models.Learner.objects.count() == 1
    assert set(models.Answer.objects.values_list("learner_id", flat=True)) == {account.pk}
    assert models.Attempt.objects.filter(learner=account).count() == 2
    assert models.SectionRead.objects.filter(learner=account).count() == 1
    # the latest answer counts: basics-001 is now right
    page = client.get("/progress/").content.decode()
    assert "1 (25% of all questions)" in page


def log_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_five_wrong_passwords_pause_that_username_from_that_address(client, guide):
    from axes.models import AccessAttempt

    User.objects.create_user("ada", password="a-long-pass-phrase")
    User.objects.create_user("bob", password="another-pass-phrase")
    for _ in range(4):
        assert log_in(client, "ada", "wrong").status_code == 200  # the form, with its error
    assert log_in(client, "ada", "wrong").status_code == 429  # the fifth failure pauses
    response = log_in(client, "ada", "a-long-pass-phrase")  # even the right password
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert log_in(client, "bob", "another-pass-phrase").status_code == 302  # others are not
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert log_in(elsewhere, "ada", "a-long-pass-phrase").status_code == 302
    # once the pause is over, the right password works again from the first address
    AccessAttempt.objects.update(attempt_time=datetime.now(UTC) - timedelta(minutes=16))
    assert log_in(Client(), "ada", "a-long-pass-phrase").status_code == 302


def test_a_successful_log_in_clears_the_count_of_failures(client, guide):
    User.objects.create_user("ada", password="a-long-pass-phrase")
    for _ in range(4):
        log_in(client, "ada", "wrong")
    assert log_in(client, "ada", "a-long-pass-phrase").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        log_in(client, "ada", "wrong")
    assert log_in(client, "ada", "a-long-pass-phrase").status_code == 302


def test_a_guest_cannot_claim_a_learner_that_has_an_account(guide):
    owner = User.objects.create_user("owner", password="pw")
    theirs = actions.claim_guest_history(user=owner, guest_id=None, now=datetime.now(UTC))
    other = User.objects.create_user("other", password="pw")
    mine = actions.claim_guest_history(user=other, guest_id=theirs.pk, now=datetime.now(UTC))
    assert mine.pk != theirs.pk
    theirs.refresh_from_db()
    assert theirs.user == owner


def test_logging_out_starts_a_fresh_guest(client, guide):
    client.force_login(User.objects.create_user("ada", password="pw"))
    answer(client, "basics-001", "a")
    client.post("/accounts/logout/")
    body = client.get(SECTION).content.decode()
    assert "WHY-SENTINEL-A1" not in body


def test_password_change_needs_login_and_works(client, guide):
    assert client.get("/accounts/password/").status_code == 302
    client.force_login(User.objects.create_user("ada", password="old-pass-phrase-1"))
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "old-pass-phrase-1",
            "new_password1": "new-pass-phrase-2",
            "new_password2": "new-pass-phrase-2",
        },
    )
    assert response.status_code == 302
    assert User.objects.get().check_password("new-pass-phrase-2")


def test_progress_page_shows_levels_chart_weakest_and_quizzes(client, guide):
    answer(client, "basics-001", "b")
    client.post("/quiz/basics/start/", {"size": "5"})
    page = client.get("/progress/").content.decode()
    assert "How mastery is worked out" in page
    assert '<svg class="progress-chart"' in page and "The numbers behind this chart" in page
    assert "1.1 What It Is</a>: 0 of 3 last answered right, practising" in page
    assert "in progress, resume" in page
    assert "Export" not in page or "JSON" in page


def test_contents_carries_read_marks_and_levels_for_a_learner(client, guide):
    assert "Not read:" not in client.get("/contents/").content.decode()  # nothing yet
    client.post(f"{SECTION}read/")
    answer(client, "basics-001", "a")
    body = client.get("/contents/").content.decode()
    assert 'Read:</span></span> <a href="/read/basics/what-it-is/"' in body
    assert "Not read:" in body
    assert "Practising" in body


def test_mastered_needs_a_second_day(client, guide):
    learner = None
    for key, right in [("basics-001", "a"), ("basics-002", ["a", "b"]), ("basics-003", "true")]:
        answer(client, key, right)
    learner = models.Learner.objects.get()
    assert "Proficient" in client.get("/contents/").content.decode()
    models.Answer.objects.filter(learner=learner).update(
        answered_at=datetime.now(UTC) - timedelta(days=1)
    )
    client.post(f"{SECTION}check/retry/")
    answer(client, "basics-001", "a")
    assert "Mastered" in client.get("/contents/").content.decode()


def test_export_holds_all_and_only_the_learners_own_data(client, guide):
    other = Client()
    answer(other, "basics-001", "b")
    answer(client, "basics-001", "a")
    client.post(f"{SECTION}read/")
    data = json.loads(client.get("/progress/export.json").content)
    assert [a["question"] for a in data["answers"]] == ["basics-001"]
    assert data["answers"][0]["correct"] is True and data["answers"][0]["choices"] == ["a"]
    assert data["reads"][0]["section"] == "what-it-is"
    assert len(data["attempts"]) == 1
    response = client.get("/progress/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["record"] for r in rows] == ["read", "attempt", "answer"]
    assert rows[2]["question"] == "basics-001" and rows[2]["correct"] == "yes"


def test_a_guest_who_never_practised_exports_an_empty_record(client, guide):
    data = json.loads(client.get("/progress/export.json").content)
    assert data == {"account": None, "reads": [], "attempts": [], "answers": []}
