from django.db import models
from django.utils import timezone


class WordPressItem(models.Model):
    """
    What one WordPress item became in Newsroom. A second import of the same site finds its
    items here by their WordPress IDs, so it updates them instead of creating copies.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        CATEGORY = "category", "Category → section"
        TAG = "tag", "Tag"
        POST = "post", "Post → article"
        PAGE = "page", "Page → flat page"
        ATTACHMENT = "attachment", "Attachment → photo"
        FILE = "file", "Attachment → sound or video file"
        COMMENT = "comment", "Comment"

    site = models.CharField(max_length=200, help_text="The WordPress site's address, as its export names it.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    wp_id = models.CharField(
        "WordPress ID", max_length=200, help_text="The item's ID in WordPress (an author's login for authors)."
    )
    object_id = models.PositiveBigIntegerField(help_text="The primary key of the Newsroom row it became.")
    fingerprint = models.CharField(
        max_length=40, editable=False, help_text="A digest of the item as exported: unchanged means nothing to do."
    )
    imported_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "imported WordPress item"
        constraints = [
            # Also the index of the importer's lookup: one site's items of one kind by WordPress ID.
            models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="wpitem_unique_per_site"),
        ]

    def __str__(self):
        return f"WordPress {self.get_kind_display().lower()} {self.wp_id} → #{self.object_id}"


class MediaFile(models.Model):
    """
    A sound or video file of an imported post, which its body plays in an <audio> or <video>
    player ([audio], [video], a file's address alone on a line). Photos have their own model.
    """

    class Kind(models.TextChoices):
        AUDIO = "audio", "Sound"
        VIDEO = "video", "Video"

    file = models.FileField(upload_to="files/%Y/%m/", max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source = models.URLField("address on the old site", max_length=500, blank=True)
    imported_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "imported sound or video file"

    def __str__(self):
        return self.file.name


class RestImport(models.Model):
    """
    How far `import_wordpress --from-site` got with one site: the last page of each kind of item
    it wrote. A run that was interrupted leaves it unfinished, and the next run starts there.
    """

    site = models.CharField(max_length=200, unique=True, help_text="The WordPress site's address (its home).")
    phase = models.CharField(max_length=20, blank=True, help_text="The kind of item being read: media, posts, pages.")
    page = models.PositiveIntegerField(default=0, help_text="The last page of that kind written (100 items a page).")
    total_pages = models.PositiveIntegerField(default=0)
    finished = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "WordPress REST import"

    def __str__(self):
        state = "finished" if self.finished else f"at {self.phase} page {self.page} of {self.total_pages}"
        return f"{self.site}: {state}"
