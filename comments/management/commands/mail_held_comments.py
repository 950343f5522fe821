from django.core.management.base import BaseCommand, CommandError

from comments import notifications


class Command(BaseCommand):
    help = (
        "E-mail the moderators a summary of comments held since the last moderator e-mail, whatever the "
        "throttle says. With a task worker the summary after a flood goes out by itself; run this from "
        "cron when tasks run immediately, so that no held comment waits for the next flood."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", required=True, help="The site's address for the links, e.g. https://example.com")

    def handle(self, *args, base_url, **options):
        try:
            sent = notifications.send_moderator_mail(base_url, force=True)
        except Exception as error:
            raise CommandError(f"Could not send the summary: {error}") from error
        self.stdout.write("Sent a summary to the moderators." if sent else "Nothing new to send.")
