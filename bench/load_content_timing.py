"""Time `load_content`: a first load into an empty SQLite database and an unchanged reload.

Run: .venv/bin/python bench/load_content_timing.py [--runs 5] [--path content]
Each run migrates a fresh temporary database, so first loads are comparable. Prints the median
and the range, plus the SQL queries each reader page takes on the loaded guide.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def environment(db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "studyguide.settings",
        "ALLOWED_HOSTS": "testserver",
    }


def manage(db: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=environment(db), check=True, capture_output=True
    )
    return time.perf_counter() - started


def page_queries(db: Path) -> str:
    code = """
import django, os
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from studyguide.models import Section
section = Section.objects.live().exclude(body_html='').select_related('chapter').first()
client = Client()
for name, url in [('home', '/'), ('contents', '/contents/'),
                  ('chapter', section.chapter.get_absolute_url()), ('section', section.get_absolute_url())]:
    with CaptureQueriesContext(connection) as q:
        status = client.get(url).status_code
    print(f'  {name:<9} {url:<70} {status} {len(q)} queries')
"""
    out = subprocess.run(
        [PYTHON, "-c", code],
        cwd=ROOT,
        env=environment(db),
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--path", default="content")
    args = parser.parse_args()
    first, again = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            db = Path(tmp) / f"bench-{run}.sqlite3"
            manage(db, "migrate", "--noinput")
            first.append(manage(db, "load_content", "--path", args.path))
            again.append(manage(db, "load_content", "--path", args.path))
        baseline = [manage(db, "check") for _ in range(args.runs)]
        queries = page_queries(db)

    def line(name, xs):
        return f"{name:<28} median {statistics.median(xs):.2f}s  (min {min(xs):.2f}, max {max(xs):.2f})"

    print(f"load_content over {args.runs} runs, each a fresh process (includes Django start-up):")
    print(line("first load", first))
    print(line("unchanged reload", again))
    print(line("baseline: manage.py check", baseline))
    print("SQL queries per page:")
    print(queries, end="")


if __name__ == "__main__":
    main()
