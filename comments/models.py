from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """What readers may see. The one place this rule lives."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def public_for(self, article):
        """An article's approved comments in the order they were written."""
        return self.approved().filter(article=article).order_by("created_at", "pk")


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        help_text="The comment this one replies to.",
    )
    author_name = models.CharField("name", max_length=100)
    author_email = models.EmailField("e-mail", max_length=254, help_text="Never shown on the site.")
    author_url = models.URLField("website", max_length=300, blank=True)
    body = models.TextField("comment", help_text="Plain text; shown escaped, never as HTML.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True, unpack_ipv4=True)
    user_agent = models.CharField(max_length=500, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # An article's approved comments in order: the article page and its comment count.
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status_idx"),
            # The moderation queue: one status, newest first.
            models.Index(fields=["status", "-created_at"], name="comment_status_created_idx"),
            # “How many approved comments has this e-mail had”: moderation rules and the queue.
            models.Index(fields=["author_email", "status"], name="comment_email_status_idx"),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article}: {Truncator(self.body).chars(60)}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED


def threaded(comments):
    """
    Comments in reading order for a threaded list: each followed by its replies, oldest first,
    as (comment, depth) pairs. A reply whose parent is not shown starts a thread of its own.
    """
    comments = sorted(comments, key=lambda c: (c.created_at, c.pk))
    shown = {c.pk for c in comments}
    children = {}
    roots = []
    for comment in comments:
        if comment.parent_id in shown:
            children.setdefault(comment.parent_id, []).append(comment)
        else:
            roots.append(comment)
    ordered = []
    stack = [(c, 0) for c in reversed(roots)]
    while stack:
        comment, depth = stack.pop()
        ordered.append((comment, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(comment.pk, [])))
    return ordered
