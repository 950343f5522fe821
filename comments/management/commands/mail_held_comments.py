from django.core.management.base import BaseCommand

from comments import notifications


class Command(BaseCommand):
    help = (
        "E-mail the moderators a summary of comments held since the last moderator e-mail, whatever the "
        "throttle says. Run it every few minutes from cron so no held comment waits for the next flood."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", required=True, help="The site's address for the links, e.g. https://example.com")

    def handle(self, *args, base_url, **options):
        sent = notifications.send_moderator_mail(base_url, force=True)
        self.stdout.write("Sent a summary to the moderators." if sent else "Nothing new to send.")
