import hashlib
import re
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator

from newsroom import pagecache
from newsroom.compiled import compiled_first, compiled_rows

# The query parameter of a page of comments: /news/story/?cpage=2#comments
PAGE_PARAM = "cpage"

# A link is anything a reader's browser or a mail client would turn into one.
LINK_RE = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """What readers may see. The one place this rule lives."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def public_for(self, article):
        """An article's approved comments in the order they were written."""
        return self.approved().filter(article=article).order_by("created_at", "pk")

    def by_email(self, email):
        return self.filter(author_email__iexact=email.strip()) if email else self.none()

    def with_approved_before(self):
        """Each comment with how many other comments its e-mail has had approved, in the same query."""
        approved = (
            Comment.objects.approved()
            .filter(author_email=OuterRef("author_email"))
            .exclude(pk=OuterRef("pk"))
            .order_by()
            .values("author_email")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(approved_before=Coalesce(Subquery(approved), Value(0)))

    def status_counts(self):
        """{status: count} for every status, in one GROUP BY query."""
        counts = dict(self.order_by().values_list("status").annotate(n=Count("pk")))
        return {status: counts.get(status, 0) for status in Comment.Status.values}

    def set_status(self, status, now=None):
        """Move every comment here to `status`, remembering where spam and trash came from. Returns the count."""
        changes = {"status": status, "moderated_at": now or timezone.now()}
        if status in (Comment.Status.SPAM, Comment.Status.TRASH):
            # Remember the status it leaves, for “Restore” (SQL reads the old values for the whole UPDATE).
            changes["previous_status"] = Case(
                When(status__in=[Comment.Status.SPAM, Comment.Status.TRASH], then=F("previous_status")),
                default=F("status"),
            )
        else:
            changes["previous_status"] = Value("")
        with self._touching_pages():
            return self.update(**changes)

    def restore(self, now=None):
        """Spam and trash go back where they were (pending when that is unknown). Returns the count."""
        with self._touching_pages():
            return self.filter(status__in=[Comment.Status.SPAM, Comment.Status.TRASH]).update(
            status=Case(
                When(previous_status__in=[Comment.Status.PENDING, Comment.Status.APPROVED], then=F("previous_status")),
                default=Value(Comment.Status.PENDING),
            ),
                previous_status=Value(""),
                moderated_at=now or timezone.now(),
            )

    def erase_personal_data(self):
        """Keep the text; anonymize who wrote it (name, e-mail, website, IP, browser). Returns the count."""
        with self._touching_pages():
            return self.update(
                author_name="Anonymous",
                author_email="",
                author_url="",
                ip_address=None,
                user_agent="",
                notify_replies=False,
                fingerprint=None,
            )

    @contextmanager
    def _touching_pages(self):
        """An update of many comments at once (moderation) refreshes their articles' pages (newsroom/pagecache.py)."""
        articles = set(self.values_list("article_id", flat=True).distinct().order_by())
        yield
        pagecache.invalidate(*(f"comments:{pk}" for pk in articles))

    def erase_old_ips(self, days, now=None):
        """Forget IP addresses and browser names of comments older than `days`. Returns the count."""
        cutoff = (now or timezone.now()) - timedelta(days=days)
        return self.filter(created_at__lt=cutoff).exclude(ip_address=None, user_agent="").update(
            ip_address=None, user_agent=""
        )

    def purgeable(self, now=None, days=30):
        """Spam and trash that nobody rescued within `days` of being put there."""
        cutoff = (now or timezone.now()) - timedelta(days=days)
        return self.filter(status__in=[Comment.Status.SPAM, Comment.Status.TRASH]).filter(
            Q(moderated_at__lt=cutoff) | Q(moderated_at__isnull=True, created_at__lt=cutoff)
        )


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
    author_email = models.EmailField("e-mail", max_length=254, blank=True, help_text="Never shown on the site.")
    author_url = models.URLField("website", max_length=300, blank=True)
    author_profile = models.ForeignKey(
        "authors.Author",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        help_text="Set when a member of staff replied from the admin as their author profile.",
    )
    body = models.TextField("comment", help_text="Plain text; shown escaped, never as HTML.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Pending first in the unfiltered queue; the database keeps it in step with `status`, bulk updates included.
    queue_order = models.GeneratedField(
        expression=Case(
            When(status="pending", then=Value(0)),
            When(status="approved", then=Value(1)),
            When(status="spam", then=Value(2)),
            default=Value(3),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    previous_status = models.CharField(
        max_length=10, choices=Status.choices, blank=True, editable=False,
        help_text="Where “Restore” takes a comment back to from spam or the trash.",
    )
    moderation_reason = models.CharField(
        "why held", max_length=500, blank=True,
        help_text="Why the rules held this comment or sent it to spam.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When a moderator last changed the status."
    )
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True, unpack_ipv4=True)
    user_agent = models.CharField(max_length=500, blank=True)
    notify_replies = models.BooleanField(
        "notify of replies", default=False, help_text="The commenter asked for an e-mail when a reply is approved."
    )
    reply_notice_sent = models.BooleanField(default=False, editable=False)
    fingerprint = models.CharField(
        max_length=64, null=True, blank=True, editable=False,
        help_text="A digest of the e-mail and text as posted; the same comment cannot be posted twice.",
    )

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
            # The unfiltered moderation queue: pending first, then newest first.
            models.Index(fields=["queue_order", "-created_at"], name="comment_queue_idx"),
        ]
        constraints = [
            # Two identical posts (a double click, a bot replaying) store one comment; see save().
            models.UniqueConstraint(fields=["article", "fingerprint"], name="comment_unique_fingerprint"),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article}: {Truncator(self.body).chars(60)}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED

    def touch_pages(self):
        """Refresh the pages showing this article's comments or their count (newsroom/pagecache.py)."""
        pagecache.invalidate(f"comments:{self.article_id}")

    def get_page_url(self, per_page, own_ids=()):
        """The address of this comment on its page of threads (long threads span several pages)."""
        paginator, _ = thread_pages(self.article, per_page, own_ids=own_ids)
        page = page_of(paginator, self.pk)
        return self.article.get_absolute_url() + (f"?{PAGE_PARAM}={page}" if page > 1 else "") + f"#comment-{self.pk}"

    @staticmethod
    def make_fingerprint(email, body):
        text = " ".join(body.split()).casefold()
        return hashlib.sha256(f"{email.strip().lower()}\n{text}".encode()).hexdigest()

    def save(self, *args, **kwargs):
        # Derived once, from what was posted: a moderator's later edit does not make it postable again.
        if self.fingerprint is None and self.author_email:
            self.fingerprint = self.make_fingerprint(self.author_email, self.body)
        super().save(*args, **kwargs)

    def depth(self):
        """How deep this comment sits in its thread: 0 for a comment, 1 for a reply to it, ..."""
        depth, parent_id = 0, self.parent_id
        while parent_id is not None and depth < 50:
            depth += 1
            parent_id = Comment.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        return depth


class ModerationRules(models.Model):
    """The moderation rules: one row, edited by editors in the admin."""

    hold_all = models.BooleanField(
        "hold every comment for moderation",
        default=True,
        help_text="Every comment waits for a moderator, except commenters approved before when the next box is ticked.",
    )
    approve_known_commenters = models.BooleanField(
        "auto-approve known commenters",
        default=False,
        help_text=(
            "Publish at once a comment whose e-mail already has an approved comment (unless another rule holds it)."
        ),
    )
    max_links = models.PositiveSmallIntegerField(
        "links before holding", default=2, help_text="Hold a comment with more links than this."
    )
    hold_words = models.TextField(
        "hold for moderation",
        blank=True,
        help_text=(
            "One per line: a word, a name, an e-mail or an IP address. Checked in the name, e-mail, website, "
            "IP address and text, ignoring case and inside words (“press” matches “WordPress”). "
            "A match holds the comment."
        ),
    )
    spam_words = models.TextField(
        "send straight to spam",
        blank=True,
        help_text=(
            "One per line: a word, a name, an e-mail or an IP address. Checked like the hold list. "
            "A match sends the comment to spam."
        ),
    )
    close_after_days = models.PositiveIntegerField(
        "close comments after (days)",
        null=True,
        blank=True,
        help_text="Close the comment form on articles published longer ago than this. Empty: never.",
    )
    max_depth = models.PositiveSmallIntegerField(
        "nesting depth of replies",
        default=3,
        help_text="1 allows no replies; 3 allows a reply to a reply to a comment.",
    )
    per_page = models.PositiveSmallIntegerField(
        "comments per page", default=50, help_text="Threads (a comment with its replies) on each page of comments."
    )
    min_seconds = models.PositiveSmallIntegerField(
        "minimum seconds to write",
        default=3,
        help_text=(
            "A comment sent sooner than this after the reader started on the form goes to spam "
            "(bots fill forms instantly)."
        ),
    )
    posts_per_minute = models.PositiveSmallIntegerField(
        "posts per minute per IP",
        default=5,
        help_text="More posts than this from one IP address in a minute are refused (HTTP 429). 0: no limit.",
    )
    posts_per_hour = models.PositiveSmallIntegerField(
        "posts per hour per IP",
        default=30,
        help_text="More posts than this from one IP address in an hour are refused (HTTP 429). 0: no limit.",
    )
    hold_after_per_hour = models.PositiveSmallIntegerField(
        "hold after posts per hour",
        default=5,
        help_text="From one IP address, comments beyond this many in an hour are held, whatever the other rules say.",
    )
    notify_every_minutes = models.PositiveSmallIntegerField(
        "moderator e-mail at most every (minutes)",
        default=10,
        help_text="During a flood moderators get one e-mail per period listing the held comments, not one per comment.",
    )
    erase_ip_after_days = models.PositiveIntegerField(
        "erase IP addresses after (days)", default=90, help_text="IP addresses and browser names are erased after this."
    )

    class Meta:
        verbose_name = "moderation rules"
        verbose_name_plural = "moderation rules"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="moderation_rules_singleton")]

    def __str__(self):
        return "Moderation rules"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The rules in force: the row, or the safe defaults when it is missing."""
        # Every article page asks: the query is compiled once per process (newsroom/compiled.py).
        return compiled_first(cls, "moderation-rules", cls._the_row) or cls(pk=1)

    @classmethod
    def _the_row(cls):
        return cls.objects.filter(pk=1).order_by()

    @staticmethod
    def _entries(text):
        return [line.strip() for line in text.splitlines() if line.strip()]

    def comments_open(self, article, now=None):
        if not article.allow_comments:
            return False
        if self.close_after_days is not None and article.published_at is not None:
            return article.published_at >= (now or timezone.now()) - timedelta(days=self.close_after_days)
        return True

    def reply_allowed(self, depth):
        """May a reader reply to a comment at `depth` (0 for a top-level comment)?"""
        return depth + 1 < self.max_depth

    def match(self, entries, comment):
        """The first entry found in the comment's name, e-mail, website, IP or text, or None."""
        haystack = "\n".join(
            [comment.author_name, comment.author_email, comment.author_url, comment.ip_address or "", comment.body]
        ).casefold()
        for entry in self._entries(entries):
            if entry.casefold() in haystack:
                return entry
        return None

    def decide(self, comment, *, bot_signal=None, recent_posts=0):
        """
        The status a new comment gets and why: (status, reason). Spam first (bot signals, bans, spam
        list), then the hold rules, then approval. `recent_posts` counts this IP's posts in the last hour.
        """
        if bot_signal:
            return Comment.Status.SPAM, bot_signal
        ban = Ban.objects.active().matching(comment.author_email, comment.ip_address).first()
        if ban is not None:
            return Comment.Status.SPAM, f"banned commenter ({ban.describe()})"
        word = self.match(self.spam_words, comment)
        if word:
            return Comment.Status.SPAM, f"matched spam word “{word}”"
        reasons = []
        links = len(LINK_RE.findall(comment.body))
        if links > self.max_links:
            reasons.append(f"{links} links")
        word = self.match(self.hold_words, comment)
        if word:
            reasons.append(f"matched word “{word}”")
        if self.hold_after_per_hour and recent_posts > self.hold_after_per_hour:
            reasons.append(f"rate of posting ({recent_posts} comments from this IP in an hour)")
        if reasons:
            return Comment.Status.PENDING, "; ".join(reasons)
        if not self.hold_all:
            return Comment.Status.APPROVED, ""
        known = Comment.objects.approved().filter(author_email=comment.author_email).exists()
        if known and self.approve_known_commenters:
            return Comment.Status.APPROVED, ""
        if known:
            return Comment.Status.PENDING, "every comment is held (known commenter)"
        return Comment.Status.PENDING, "first-time commenter"


class BanQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))

    def matching(self, email, ip):
        condition = Q(pk__in=[])
        if email:
            condition |= Q(email=email.strip().lower())
        if ip:
            condition |= Q(ip_address=ip)
        return self.filter(condition)


class Ban(models.Model):
    """A commenter kept out: their new comments go straight to spam while the ban lasts."""

    email = models.EmailField("e-mail", blank=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True, unpack_ipv4=True)
    reason = models.CharField(max_length=300, help_text="For the other moderators: why this commenter is banned.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    expires_at = models.DateTimeField(
        "until", null=True, blank=True, help_text="Empty: banned for good (until lifted)."
    )
    lifted_at = models.DateTimeField(null=True, blank=True, editable=False)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = BanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | Q(ip_address__isnull=False),
                name="ban_has_email_or_ip",
                violation_error_message="Ban an e-mail address, an IP address or both.",
            ),
        ]
        indexes = [
            # Every post checks for an active ban on its e-mail or IP.
            models.Index(fields=["email"], name="ban_email_idx"),
            models.Index(fields=["ip_address"], name="ban_ip_idx"),
        ]

    def __str__(self):
        return f"Ban on {self.describe()}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def describe(self):
        who = " and ".join(part for part in [self.email, self.ip_address or ""] if part)
        until = f"until {self.expires_at:%Y-%m-%d %H:%M}" if self.expires_at else "for good"
        return f"{who}, {until}: {self.reason}"

    @property
    def is_active(self):
        return self.lifted_at is None and (self.expires_at is None or self.expires_at > timezone.now())


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


class _Light:
    """Just enough of a comment to place it in its thread, without loading its text (created_at: its rank)."""

    __slots__ = ("pk", "parent_id", "created_at", "status")

    def __init__(self, pk, parent_id, created_at, status):
        self.pk, self.parent_id, self.created_at, self.status = pk, parent_id, created_at, status


# Up to this many comments, an article's whole thread is read in one query (thread_pages).
WHOLE_THREAD_ROWS = 200


def _shown_comments(article, own, limit=None):
    """
    The comments an article's page shows, its approved ones and the reader's own (`own`) still
    awaiting moderation, sorted by the database, so that each row's position stands in for its
    time (parsing thousands of timestamps was half the cost of a long thread).
    """
    visible = Q(status=Comment.Status.APPROVED)
    if own:
        visible |= Q(pk__in=own, status__in=[Comment.Status.PENDING, Comment.Status.SPAM])
    shown = Comment.objects.filter(visible, article_id=article).order_by("created_at", "pk")
    return shown if limit is None else shown.select_related("author_profile")[:limit]


def thread_pages(article, per_page, own_ids=()):
    """
    An article's comments as pages of threads (a top-level comment and its replies), in reading
    order: a Paginator over lists of (comment id, depth), and the count of approved comments.
    `own_ids` adds the reader's own comments still awaiting moderation. One query.
    """
    from django.core.paginator import Paginator

    # Most stories have a few dozen comments: those are read whole in this one query (compiled once
    # per process: newsroom/compiled.py), and the page needs no second one (load_page). A long
    # thread is placed from its ids alone.
    values = {"article": article.pk, "own": sorted(own_ids)}
    whole = compiled_rows(Comment, "comments:thread", _shown_comments, values, limit=WHOLE_THREAD_ROWS + 1)
    loaded = {}
    if len(whole) <= WHOLE_THREAD_ROWS:
        loaded = {comment.pk: comment for comment in whole}
        ordered = [(c.pk, c.parent_id, c.status) for c in whole]
    else:
        ordered = _shown_comments(**values).values_list("pk", "parent_id", "status")
    rows = [_Light(pk, parent_id, position, status) for position, (pk, parent_id, status) in enumerate(ordered)]
    approved = sum(1 for row in rows if row.status == Comment.Status.APPROVED)
    threads = []
    for light, depth in threaded(rows):
        if depth == 0:
            threads.append([])
        threads[-1].append((light.pk, depth))
    paginator = Paginator(threads, max(per_page, 1), allow_empty_first_page=True)
    paginator.loaded_comments = loaded
    return paginator, approved


def page_of(paginator, comment_pk):
    """The number of the page of threads holding this comment (1 when it is not there)."""
    for index, thread in enumerate(paginator.object_list):
        if any(pk == comment_pk for pk, _ in thread):
            return index // paginator.per_page + 1
    return 1


def load_page(page):
    """The (comment, depth) pairs on one page of threads, in one query."""
    pairs = [pair for thread in page.object_list for pair in thread]
    if not pairs:
        return []
    by_pk = getattr(page.paginator, "loaded_comments", None) or Comment.objects.select_related("author_profile").in_bulk(
        [pk for pk, _ in pairs]
    )
    return [(by_pk[pk], depth) for pk, depth in pairs if pk in by_pk]

