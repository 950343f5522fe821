from django import template
from django.core.paginator import InvalidPage

from ..forms import CommentForm
from ..models import PAGE_PARAM, Comment, ModerationRules, load_page, thread_pages
from ..views import _pending_ids, remembered_commenter

register = template.Library()


@register.inclusion_tag("comments/comment_section.html", takes_context=True)
def comment_section(context, article):
    """
    An article's approved comments (a page of threads), the reader's own held ones, and the
    “Leave a Reply” form. Anything that belongs to one reader marks the response private.
    """
    request = context["request"]
    rules = ModerationRules.load()
    own_ids = _pending_ids(request)
    paginator, approved_count = thread_pages(article, rules.per_page, own_ids=own_ids)
    try:
        page = paginator.page(request.GET.get(PAGE_PARAM) or 1)
    except InvalidPage:
        page = paginator.page(paginator.num_pages)
    comments = load_page(page)
    if any(comment.status != Comment.Status.APPROVED for comment, _ in comments):
        request.private_content = True

    # A preview (staff or a shared link) is of a story not yet public: a comment on it could not be stored.
    is_open = rules.comments_open(article) and article.is_published
    mark_staff_pages([comment for comment, _ in comments])
    form = context.get("comment_form")
    if form is None:
        initial = {}
        remembered = remembered_commenter(request)
        if remembered:
            request.private_content = True
            initial = {**remembered, "remember": True}
        reply_to = request.GET.get("replytocom", "")
        if reply_to.isdigit():
            initial["parent"] = int(reply_to)
        form = CommentForm(article=article, rules=rules, initial=initial)
    # A form shown to one reader (their errors) carries its timing token; the shared page gets one from comments.js.
    issued = form.issued_token() if form.is_bound else ""
    parent_id = form["parent"].value()
    replying_to = next((c for c, _ in comments if str(c.pk) == str(parent_id)), None) if parent_id else None
    return {
        "request": request,
        "article": article,
        "comments": [
            (comment, depth, is_open and comment.is_public and rules.reply_allowed(depth))
            for comment, depth in comments
        ],
        "comment_count": approved_count,
        "page_obj": page,
        "page_param": PAGE_PARAM,
        "comments_open": is_open,
        "unpublished": not article.is_published,
        "form": form,
        "issued": issued,
        "replying_to": replying_to,
        "notice": context.get("comment_notice", ""),
        "real_csrf_token": bool(context.get("comment_form")),
        "csrf_token": context.get("csrf_token"),
        "csrf_retry": context.get("csrf_retry", False),
    }


def mark_staff_pages(comments):
    """
    Give each staff reply `author_has_page`: whether its author's page exists (an author with
    nothing published has none), so the name links only to a page that answers. One query, only
    when the page has staff replies.
    """
    profile_ids = {comment.author_profile_id for comment in comments if comment.author_profile_id}
    with_page = set()
    if profile_ids:
        author_model = Comment._meta.get_field("author_profile").related_model
        with_page = set(author_model.objects.with_published_articles().filter(pk__in=profile_ids).values_list("pk", flat=True))
    for comment in comments:
        comment.author_has_page = comment.author_profile_id in with_page
