"""
Counts for the moderation queue's header and the admin's pending badge. Counting a million rows on
every admin page is what makes a big site's admin slow, so they are cached briefly and cleared
whenever a moderator acts or a reader's comment is held.
"""

from django.core.cache import cache

from .models import Comment

STATUS_COUNTS_KEY = "comments:status-counts"
STATUS_COUNTS_SECONDS = 60
PENDING_COUNT_KEY = "comments:pending-count"
PENDING_COUNT_SECONDS = 30


def status_counts():
    """Comments per status for the queue's header, one GROUP BY cached briefly (moderation clears it)."""
    counts = cache.get(STATUS_COUNTS_KEY)
    if counts is None:
        counts = Comment.objects.status_counts()
        cache.set(STATUS_COUNTS_KEY, counts, STATUS_COUNTS_SECONDS)
    return counts


def pending_count():
    """The badge's number: cached for half a minute, cleared by every moderation."""
    count = cache.get(PENDING_COUNT_KEY)
    if count is None:
        count = Comment.objects.pending().count()
        cache.set(PENDING_COUNT_KEY, count, PENDING_COUNT_SECONDS)
    return count


def forget_status_counts():
    cache.delete_many([STATUS_COUNTS_KEY, PENDING_COUNT_KEY])
