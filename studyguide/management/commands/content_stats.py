"""Print the guide's content figures per chapter and flag what falls below the content guide's bars."""

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studyguide.loader import parse_content
from studyguide.stats import chapter_stats


class Command(BaseCommand):
    help = (
        "Read the content files (no database needed) and print, per chapter and in total: prose "
        "words per section, questions per section and their mix, scenarios, workbook prompts, "
        "glossary terms and diagrams, flagging sections below the content guide's minimums."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=None, help="content folder")
        parser.add_argument(
            "--chapter", action="append", default=[], help="only these chapter slugs"
        )

    def handle(self, *args, path, chapter, **options):
        tree, errors = parse_content(Path(path or settings.CONTENT_DIR))
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(
                "The content does not validate; fix it first (load_content --check)."
            )
        totals: Counter = Counter()
        write = self.stdout.write
        for stats in chapter_stats(tree):
            if chapter and stats.slug not in chapter:
                continue
            write(f"\n{stats.number:02d} {stats.title}")
            for s in stats.sections:
                flags = s.shortfalls()
                flag = f"  <-- {', '.join(flags)}" if flags else ""
                write(f"  {s.slug:<58} {s.words:>5} words {s.questions:>3} questions{flag}")
            write(f"  levels:  {dict(stats.levels)}")
            write(f"  types:   {dict(stats.types)}")
            write(f"  vendors: {dict(stats.vendors)}")
            longest = (
                f"{stats.correct_longest}/{stats.singles} ({stats.correct_longest_share:.0%})"
                if stats.singles
                else "n/a"
            )
            write(f"  single items whose correct choice is the longest: {longest}")
            write(
                f"  scenarios {stats.scenarios}, workbook prompts {stats.workbook}, "
                f"glossary terms {stats.terms}, diagrams {stats.diagrams}"
            )
            totals.update(
                sections=len(stats.sections),
                below=sum(1 for s in stats.sections if s.shortfalls()),
                words=sum(s.words for s in stats.sections),
                questions=sum(s.questions for s in stats.sections),
                scenarios=stats.scenarios,
                workbook=stats.workbook,
                terms=stats.terms,
                diagrams=stats.diagrams,
            )
        write(
            f"\nTotal: {totals['sections']} sections ({totals['below']} below the minimums), "
            f"{totals['words']} words, {totals['questions']} questions, {totals['scenarios']} "
            f"scenarios, {totals['workbook']} workbook prompts, {totals['terms']} glossary terms, "
            f"{totals['diagrams']} diagrams"
        )
