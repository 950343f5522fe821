import logging

from django.conf import settings
from django.core import signing
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.views.csrf import csrf_failure as default_csrf_failure
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

from articles.views import article_detail, article_page_queryset

from .forms import CommentForm
from .models import Comment

logger = logging.getLogger(__name__)


PENDING_COOKIE = "newsroom_pending"
PENDING_SALT = "comments.pending"
PENDING_MAX_AGE = 14 * 24 * 3600
PENDING_MAX_IDS = 20


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


def client_ip(request):
    """The reader's address: the socket peer, or the one our own proxies put in X-Forwarded-For."""
    proxies = settings.NUM_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def post_comment(request, article_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = get_object_or_404(article_page_queryset(), pk=article_id)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        request.private_content = True
        return article_detail(request, article, {"comment_form": form}, status=400)
    comment = form.save(ip_address=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", ""))
    response = redirect(comment.get_absolute_url())
    remember_pending(response, request, comment)
    return response


@never_cache
@ensure_csrf_cookie
def csrf_cookie(request):
    """Gives a reader of a cached page the CSRF cookie the comment form posts with (see comments.js)."""
    return HttpResponse(status=204)


def csrf_failure(request, reason=""):
    """
    A comment form that failed the CSRF check (an old tab, a blocked cookie, no JavaScript) comes
    back with everything the reader typed and a fresh token, so sending it again works.
    """
    match = getattr(request, "resolver_match", None)
    if request.method == "POST" and match is not None and match.view_name == "comments:post":
        article = article_page_queryset().filter(pk=match.kwargs["article_id"]).first()
        if article is not None:
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
