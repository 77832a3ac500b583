"""Load the guide's content files into the database, or only check them with --check."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studyguide.loader import parse_content, sync_content


class Command(BaseCommand):
    help = (
        "Validate every file under the content folder, then sync it to the database in one "
        "transaction: items are updated in place by id and removed items are retired. With "
        "--check, validate only and write nothing (a dry run for CI)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=None, help="content folder")
        parser.add_argument("--check", action="store_true", help="validate without writing")

    def handle(self, *args, path: Path | None, check: bool, **options):
        root = Path(path or settings.CONTENT_DIR)
        started = time.perf_counter()
        tree, errors = parse_content(root)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(errors)} problem(s) in {root}; nothing was written.")
        summary = (
            f"{len(tree.chapters)} chapters and appendices, {len(tree.sections)} sections, "
            f"{len(tree.questions)} questions, {len(tree.scenarios)} scenarios, "
            f"{len(tree.workbook)} workbook prompts, {len(tree.terms)} terms, "
            f"{len(tree.diagrams)} diagrams, {len(tree.patterns)} patterns, "
            f"{len(tree.exams)} exams"
        )
        if check:
            self.stdout.write(f"Content is valid: {summary}. Nothing written (--check).")
            return
        report = sync_content(tree)
        elapsed = time.perf_counter() - started
        if not report.changed:
            self.stdout.write(f"No changes: the database already matches {root} ({elapsed:.2f}s).")
            return
        self.stdout.write(f"Loaded {summary} in {elapsed:.2f}s:")
        for line in report.lines():
            self.stdout.write(line)
