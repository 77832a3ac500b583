"""Load test: simulated learners answering questions over HTTP, against a bare Django view.

Run: .venv/bin/python bench/practice_load.py [--clients 4] [--rounds 7] [--seconds 4]

Serves the app with gunicorn (two sync workers, SQLite, production settings, the full content)
on a temporary database, signs up learners, and measures three scenarios: answering a quiz
question (the htmx POST), a quiz question page and a section page. Each scenario runs in short
rounds alternating with the same load on /bench/ok/ (HttpResponse("ok") behind the same
middleware), A B B A, so the ratio to that ceiling holds up on a shared, noisy machine. Then one
client alone gives the single-user latency, and a test client counts SQL queries per page.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
TARGETS = {"answer": 0.10, "quiz question": 0.12, "section": 0.15}


def environment(db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"sqlite:///{db}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": f"{HOST},testserver",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "ERROR",
    }


class Learner:
    """One simulated learner: its cookies, and the quiz items it has left to answer."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.items: list[tuple[int, int, list[str]]] = []  # (attempt, position, choice keys)
        self.pages: list[tuple[int, int, list[str]]] = []  # items to view, never answered
        self.section_url = ""

    def request(self, method: str, path: str, form: dict | None = None, htmx=False):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if htmx:
            headers["HX-Request"] = "true"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, response.getheader("Location") or "", data


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            PYTHON, "-m", "gunicorn", "studyguide.wsgi", "--workers", "2",
            "--worker-class", "sync", "--bind", f"{HOST}:{port}", "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=1)
            conn.request("GET", "/bench/ok/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def sign_up(learner: Learner, n: int, section_url: str) -> None:
    learner.request("GET", "/accounts/signup/")
    password = secrets.token_urlsafe(16)
    form = {"username": f"bench{n}", "password1": password, "password2": password}
    status, _, _ = learner.request("POST", "/accounts/signup/", form)
    assert status == 302, status
    learner.section_url = section_url


def start_quizzes(learner: Learner, chapters: list[str], needed: int) -> list[int]:
    attempts = []
    total = 0
    while total < needed:
        for chapter in chapters:
            status, location, _ = learner.request(
                "POST", f"/quiz/{chapter}/start/", {"size": "all"}
            )
            assert status == 302, (status, chapter)
            attempts.append(int(re.search(r"/quiz/attempt/(\d+)/", location).group(1)))
            total += 28  # about a chapter's worth of questions
            if total >= needed:
                break
    return attempts


@dataclass
class Round:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def run_round(name: str, learners: list[Learner], seconds: float) -> Round:
    """Every learner sends requests back to back for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def work(learner: Learner):
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            if name == "answer":
                if not learner.items:
                    break
                attempt, position, keys = learner.items.pop()
                method, path, form, htmx = (
                    "POST", f"/quiz/attempt/{attempt}/{position}/answer/", {"choice": keys}, True
                )  # fmt: skip
            elif name == "quiz question":
                attempt, position, _ = learner.pages[len(mine) % len(learner.pages)]
                method, path, form, htmx = (
                    "GET",
                    f"/quiz/attempt/{attempt}/{position}/",
                    None,
                    False,
                )
            elif name == "section":
                method, path, form, htmx = "GET", learner.section_url, None, False
            else:
                method, path, form, htmx = "GET", "/bench/ok/", None, False
            started = time.perf_counter()
            status, _, _ = learner.request(method, path, form, htmx)
            mine.append(time.perf_counter() - started)
            if status != 200:
                bad += 1
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(lr,)) for lr in learners]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return Round(name, len(latencies), errors[0], elapsed, latencies)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def compare(name: str, learners: list[Learner], rounds: int, seconds: float) -> dict:
    """Rounds of the scenario and of the ceiling in A B B A order; ratios per pair."""
    pairs = []
    for i in range(rounds):
        if i % 2 == 0:
            target = run_round(name, learners, seconds)
            ceiling = run_round("ceiling", learners, seconds)
        else:
            ceiling = run_round("ceiling", learners, seconds)
            target = run_round(name, learners, seconds)
        pairs.append((target, ceiling))
    ratios = [t.throughput / c.throughput for t, c in pairs]
    target_lat = [x for t, _ in pairs for x in t.latencies]
    ceiling_lat = [x for _, c in pairs for x in c.latencies]
    return {
        "name": name,
        "ratio_median": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "rps": statistics.median(t.throughput for t, _ in pairs),
        "ceiling_rps": statistics.median(c.throughput for _, c in pairs),
        "p50": percentile(target_lat, 50) * 1000,
        "p95": percentile(target_lat, 95) * 1000,
        "p99": percentile(target_lat, 99) * 1000,
        "ceiling_p50": percentile(ceiling_lat, 50) * 1000,
        "errors": sum(t.errors for t, _ in pairs),
        "requests": sum(t.requests for t, _ in pairs),
        "ceiling_errors": sum(c.errors for _, c in pairs),
    }


def fill_items(db_env: dict, learners: list[Learner], attempts: list[list[int]]) -> None:
    """Give each learner the right choice keys for every item of its quizzes (from the DB)."""
    code = """
import json, sys, django
django.setup()
from studyguide.models import AttemptQuestion, Choice
ids = json.loads(sys.argv[1])
right = {}
for qid, key in Choice.objects.filter(correct=True, retired=False).values_list('question_id', 'key'):
    right.setdefault(qid, []).append(key)
out = [[(i.attempt_id, i.position, right[i.question_id])
        for i in AttemptQuestion.objects.filter(attempt_id__in=a).order_by('-attempt_id', '-position')]
       for a in ids]
print(json.dumps(out))
"""
    result = subprocess.run(
        [PYTHON, "-c", code, json.dumps(attempts)],
        cwd=ROOT, env=db_env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    for learner, items in zip(learners, json.loads(result.stdout), strict=True):
        learner.items = [(a, p, keys) for a, p, keys in items]
        learner.pages = learner.items[:50]  # viewed in the quiz-page rounds, kept unanswered
        learner.items = learner.items[50:]


def query_counts(env: dict) -> str:
    code = """
import django
django.setup()
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from studyguide.models import Attempt, Choice, Section
section = Section.objects.live().exclude(body_html='').select_related('chapter').first()
client = Client()
client.force_login(User.objects.create_user('counter', password='x'))
client.post(f'/quiz/{section.chapter.slug}/start/', {'size': 'all'})
attempt = Attempt.objects.filter(learner__user__username='counter').latest('id')
item = attempt.items.get(position=2)
right = list(Choice.objects.filter(question=item.question_id, correct=True).values_list('key', flat=True))
client.post(f'/quiz/attempt/{attempt.pk}/1/answer/', {'choice': 'zzz'})
for name, method, url, data in [
    ('section', 'get', section.get_absolute_url(), None),
    ('quiz question', 'get', f'/quiz/attempt/{attempt.pk}/2/', None),
    ('answer (htmx)', 'post', f'/quiz/attempt/{attempt.pk}/2/answer/', {'choice': right}),
    ('progress', 'get', '/progress/', None),
    ('contents', 'get', '/contents/', None),
]:
    with CaptureQueriesContext(connection) as q:
        status = getattr(client, method)(url, data, headers={'HX-Request': 'true'} if method == 'post' else {}).status_code
    print(f'  {name:<15} {status} {len(q)} queries')
"""
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = environment(Path(tmp) / "bench.sqlite3")
        for command in (["migrate", "--noinput"], ["load_content"]):
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
        print("SQL queries per page (a learner with an account and a quiz under way):")
        print(query_counts(env), end="")
        server = start_server(env, args.port)
        try:
            learners = [Learner(args.port) for _ in range(args.clients)]
            chapters = ["serverless-fundamentals", "serverless-building-blocks",
                        "where-serverless-fits", "core-serverless-patterns"]  # fmt: skip
            section = "/read/serverless-fundamentals/what-serverless-actually-means/"
            # enough unanswered items for every answer round, at a generous 400 answers/s
            needed = int(400 * args.seconds * args.rounds / args.clients) + 200
            attempts = []
            for n, learner in enumerate(learners):
                sign_up(learner, n, section)
                attempts.append(start_quizzes(learner, chapters, needed))
            fill_items(env, learners, attempts)
            for learner in learners:  # the section page shows this learner's check answers
                learner.request("POST", f"{section}check/fundamentals-001/", {"choice": "a"})
            results = [
                compare(name, learners, args.rounds, args.seconds)
                for name in ("answer", "quiz question", "section")
            ]
            solo = [
                compare(name, learners[:1], 3, min(args.seconds, 3.0))
                for name in ("answer", "quiz question", "section")
            ]
        finally:
            server.terminate()
            server.wait()

    print(
        f"\n{args.clients} clients, gunicorn 2 sync workers, SQLite; "
        f"{args.rounds} rounds of {args.seconds:g} s each, A B B A against /bench/ok/\n"
    )
    header = (
        f"{'scenario':<14} {'ratio median (min-max)':<24} {'target':>6} {'req/s':>7} "
        f"{'ceiling':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7}"
    )
    print(header)
    for r in results:
        verdict = "ok" if r["ratio_median"] >= TARGETS[r["name"]] else "BELOW"
        print(
            f"{r['name']:<14} {r['ratio_median']:.3f} ({r['ratio_min']:.3f}-{r['ratio_max']:.3f})"
            f"{'':<4} {TARGETS[r['name']]:>6.2f} {r['rps']:>7.1f} {r['ceiling_rps']:>8.1f} "
            f"{r['p50']:>7.1f} {r['p95']:>7.1f} {r['p99']:>7.1f} {r['errors']:>4}/{r['requests']}"
            f"  {verdict}"
        )
    print("\nOne client alone (target: p50 under 10 ms):")
    for r in solo:
        verdict = "ok" if r["p50"] < 10 else "ABOVE"
        print(
            f"{r['name']:<14} p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms "
            f"(ceiling p50 {r['ceiling_p50']:.1f} ms), errors {r['errors']}  {verdict}"
        )


if __name__ == "__main__":
    main()
