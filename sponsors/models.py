from django.db import models
from django.db.models import Q
from django.utils import timezone

from newsroom.images import CheckedImageField


class SponsorQuerySet(models.QuerySet):
    def active(self, on=None):
        """Sponsors to show today: switched on, and inside their start and end dates when those are set."""
        on = on or timezone.localdate()
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=on),
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
            is_active=True,
        ).order_by("position", "name")


class Sponsor(models.Model):
    name = models.CharField(max_length=200, help_text="Shown as it is, in any script: “HEARTS”, “美华文学”.")
    url = models.URLField("website", blank=True, help_text="Where the sponsor's name links to.")
    # Checked and cleaned like every picture (newsroom.images); no help text, so no schema change.
    logo = CheckedImageField(upload_to="sponsors/", blank=True)
    description = models.TextField(blank=True, help_text="A sentence or two for the sponsors page.")
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to take the sponsor off the site without deleting it."
    )
    position = models.PositiveIntegerField(default=0, help_text="Lower numbers come first in the sponsor strip.")
    starts_on = models.DateField(null=True, blank=True, help_text="First day shown. Empty: shown from now.")
    ends_on = models.DateField(null=True, blank=True, help_text="Last day shown. Empty: no end.")

    objects = SponsorQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="sponsor_ends_after_it_starts",
                violation_error_message="The last day cannot come before the first day.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.url
