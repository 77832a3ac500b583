"""Delete guest learners nobody can come back to, so guest history does not pile up for ever."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from studyguide.actions import prune_stale_guests


class Command(BaseCommand):
    help = (
        "Delete guest learners (no account) with no answer, try or read mark in the last --days "
        "days, with everything they did. A guest is known only by a session cookie, which "
        "expires after SESSION_COOKIE_AGE, so --days may not be shorter than that. Accounts are "
        "never touched. Run it with --dry-run first; pair it with Django's clearsessions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="idle for at least this long")
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args, days, dry_run, **options):
        session_days = -(-settings.SESSION_COOKIE_AGE // 86400)  # rounded up
        if days < session_days:
            raise CommandError(
                f"--days {days} is shorter than the session lifetime ({session_days} days): a "
                "guest idle that long may still come back with a live session."
            )
        cutoff = timezone.now() - timedelta(days=days)
        count = prune_stale_guests(cutoff=cutoff, dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"{verb} {count} guest learner{'s' if count != 1 else ''} idle {days}+ days"
        )
