from django.core.management.base import BaseCommand

from comments.models import Comment, ModerationRules


class Command(BaseCommand):
    help = (
        "Delete spam and trash older than 30 days and erase IP addresses from comments older than the "
        "moderation rules allow (90 days by default). Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Keep spam and trash this many days (default 30).")
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, days, dry_run, **options):
        rules = ModerationRules.load()
        purgeable = Comment.objects.purgeable(days=days)
        if dry_run:
            self.stdout.write(f"Would delete {purgeable.count()} spam or trashed comment(s).")
            return
        deleted, _ = purgeable.delete()
        erased = Comment.objects.erase_old_ips(rules.erase_ip_after_days)
        self.stdout.write(
            f"Deleted {deleted} spam or trashed comment(s) older than {days} days; "
            f"erased the IP address of {erased} comment(s) older than {rules.erase_ip_after_days} days."
        )
