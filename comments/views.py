import json
import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.csrf import csrf_failure as default_csrf_failure
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie

from articles.models import Article
from articles.views import article_detail, article_page_queryset
from newsroom.clientip import client_ip

from . import notifications
from .counts import forget_status_counts
from .forms import CommentForm, issue_token
from .models import Comment, ModerationRules

logger = logging.getLogger(__name__)


PENDING_COOKIE = "newsroom_pending"
PENDING_SALT = "comments.pending"
PENDING_MAX_AGE = 14 * 24 * 3600
PENDING_MAX_IDS = 20

COMMENTER_COOKIE = "newsroom_commenter"
COMMENTER_SALT = "comments.commenter"
COMMENTER_MAX_AGE = 365 * 24 * 3600


def _pending_ids(request):
    try:
        value = request.get_signed_cookie(PENDING_COOKIE, default="", salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return []
    return [int(part) for part in value.split(",") if part.isdigit()]


def remember_pending(response, request, comment):
    """Lets the reader who wrote a held comment see it (and only them) until it is moderated."""
    ids = [comment.pk, *[pk for pk in _pending_ids(request) if pk != comment.pk]][:PENDING_MAX_IDS]
    response.set_signed_cookie(
        PENDING_COOKIE,
        ",".join(map(str, ids)),
        salt=PENDING_SALT,
        max_age=PENDING_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def pending_comments_for(request, article):
    """The reader's own comments on this article that still wait for a moderator."""
    ids = _pending_ids(request)
    if not ids:
        return []
    return list(Comment.objects.pending().filter(pk__in=ids, article=article).order_by("created_at", "pk"))


def remembered_commenter(request):
    """The name, e-mail and website the reader asked this browser to remember, or None."""
    try:
        value = request.get_signed_cookie(
            COMMENTER_COOKIE, default=None, salt=COMMENTER_SALT, max_age=COMMENTER_MAX_AGE
        )
        data = json.loads(value) if value else None
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return {key: str(data.get(key, "")) for key in ("name", "email", "url")}


def remember_commenter(response, form):
    """Only with the reader's consent (the box ticked) is their name kept in a cookie; unticked, it is forgotten."""
    data = form.cleaned_data
    if data.get("remember"):
        value = json.dumps({"name": data["name"], "email": data["email"], "url": data["url"]})
        response.set_signed_cookie(
            COMMENTER_COOKIE,
            value,
            salt=COMMENTER_SALT,
            max_age=COMMENTER_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(COMMENTER_COOKIE, samesite="Lax")


def _count_post(ip, seconds, now):
    """Counts one post from `ip` in the current window of `seconds`; returns the count so far."""
    key = f"comments:rate:{seconds}:{ip}:{int(now // seconds)}"
    cache.add(key, 0, timeout=seconds + 5)
    try:
        return cache.incr(key)
    except ValueError:  # The key expired between add and incr.
        cache.set(key, 1, timeout=seconds + 5)
        return 1


def rate_limit(ip, rules, now=None):
    """
    Counts this post against the IP's per-minute and per-hour limits (in the shared cache, so
    every app server sees the same counts). Returns (seconds to wait or 0, posts this hour).
    """
    if not ip:
        return 0, 0
    now = now if now is not None else time.time()
    per_minute = _count_post(ip, 60, now)
    per_hour = _count_post(ip, 3600, now)
    if rules.posts_per_minute and per_minute > rules.posts_per_minute:
        return 60 - int(now % 60), per_hour
    if rules.posts_per_hour and per_hour > rules.posts_per_hour:
        return 3600 - int(now % 3600), per_hour
    return 0, per_hour


def _show_form_again(request, article, form, status, notice=""):
    """The article page again, for this reader only, with what they typed and why it was not posted."""
    request.private_content = True
    return article_detail(request, article, {"comment_form": form, "comment_notice": notice}, status=status)


def post_comment(request, article_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = get_object_or_404(article_page_queryset(Article.objects.published()), pk=article_id)
    # The form's messages in the article's language: the page they are shown on is in it.
    translation.activate(article.language)
    rules = ModerationRules.load()
    form = CommentForm(request.POST, article=article, rules=rules)
    ip = client_ip(request)
    # A comment already stored (sent again after a lost answer, or a double click) is answered as
    # such, without counting against the reader's rate: they are told it is there, not to wait.
    if not form.is_valid() and form.has_error("__all__", "duplicate"):
        return _show_form_again(request, article, form, 409)
    wait, recent_posts = rate_limit(ip, rules)
    if wait:
        notice = gettext(
            "You are sending comments faster than this site allows. Your comment has not been posted yet: "
            "it is below, just as you wrote it. Please wait %(seconds)s seconds and send it again."
        ) % {"seconds": wait}
        response = _show_form_again(request, article, form, 429, notice)
        response["Retry-After"] = str(wait)
        return response
    if not form.is_valid():
        status = 409 if form.has_error("__all__", "duplicate") else 400
        return _show_form_again(request, article, form, status)

    comment = form.build(ip_address=ip, user_agent=request.META.get("HTTP_USER_AGENT", ""))
    comment.status, comment.moderation_reason = rules.decide(
        comment, bot_signal=form.bot_signal(), recent_posts=recent_posts
    )
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        # The same comment raced in from a second request (a double click): one is kept.
        form.add_error(None, form.error_messages["duplicate"])
        return _show_form_again(request, article, form, 409)
    base_url = request.build_absolute_uri("/")
    forget_status_counts()
    if comment.status == Comment.Status.PENDING:
        notifications.comment_held(comment, base_url)
    elif comment.status == Comment.Status.APPROVED:
        notifications.reply_approved(comment, base_url)

    own = [comment.pk, *_pending_ids(request)] if comment.status != Comment.Status.APPROVED else _pending_ids(request)
    response = redirect(comment.get_page_url(rules.per_page, own_ids=own))
    if comment.status != Comment.Status.APPROVED:
        remember_pending(response, request, comment)
    remember_commenter(response, form)
    return response


@never_cache
@ensure_csrf_cookie
def form_token(request):
    """
    For a reader of a cached page: sets the CSRF cookie the comment form posts with, and returns
    the signed time the reader started on the form (the minimum-time check). See comments.js.
    """
    # `wait`: the script holds back a comment sent sooner than this after the token was fetched
    # (a reader whose first fetch failed and who sends at once), rather than have it filed as spam.
    return JsonResponse({"issued": issue_token(), "wait": ModerationRules.load().min_seconds})


def _from_this_site(request):
    """
    Whether the browser says this POST came from one of our own pages. Modern browsers send
    Sec-Fetch-Site and Origin with every form POST; a Referer on our host also counts. Without any
    of them nothing says the form is ours, so it is not handed back.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    ours = f"{request.scheme}://{request.get_host()}"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == ours or origin in settings.CSRF_TRUSTED_ORIGINS
    referer = request.headers.get("Referer", "")
    return referer == ours or referer.startswith(ours + "/")


def csrf_failure(request, reason=""):
    """
    A comment form that failed the CSRF check (an old tab, a blocked cookie, no JavaScript) comes
    back with everything the reader typed and a fresh token, so sending it again works. Only a post
    from our own pages is handed back filled in: a form another site built and posted through the
    reader's browser would otherwise come back ready to send in the reader's name with one click.
    """
    match = getattr(request, "resolver_match", None)
    if request.method == "POST" and match is not None and match.view_name == "comments:post":
        article = article_page_queryset(Article.objects.published()).filter(pk=match.kwargs["article_id"]).first()
        if article is not None:
            if not _from_this_site(request):
                logger.warning("Comment form posted from another site refused (%s); not shown again.", reason)
                notice = "Your comment was not sent: the form did not come from this page. Write it below if you wish."
                context = {"comment_notice": notice}
                request.private_content = True
                return article_detail(request, article, context, status=403)
            logger.info("Comment form failed the CSRF check (%s); shown again to the reader.", reason)
            form = CommentForm(request.POST, article=article)
            form.is_valid()
            request.private_content = True
            context = {
                "comment_form": form,
                "csrf_retry": True,
            }
            return article_detail(request, article, context, status=403)
    return default_csrf_failure(request, reason)


@csrf_exempt  # Mail clients send the one-click POST (RFC 8058) without a cookie; the signed token is the proof.
@never_cache
def unsubscribe(request, token):
    """
    From a reply notification: GET shows a page that asks (link scanners and previews fetch links
    and must change nothing), POST (its button, or a mail client's one click) stops reply e-mails.
    """
    email, expired = notifications.email_from_unsubscribe_token(token)
    if email is None:
        return render(request, "comments/unsubscribe.html", {"invalid": True, "expired": expired}, status=400)
    if request.method != "POST":
        return render(request, "comments/unsubscribe.html", {"email": email, "confirm": True})
    count = Comment.objects.filter(author_email=email, notify_replies=True).update(notify_replies=False)
    return render(request, "comments/unsubscribe.html", {"email": email, "count": count})
