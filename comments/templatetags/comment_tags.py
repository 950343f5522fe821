from datetime import timedelta

from django import template
from django.core.paginator import InvalidPage
from django.template.defaultfilters import linebreaks_filter
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext

from newsroom import pagecache
from newsroom.memo import per_process
from newsroom.text import escaped

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
    if is_open and rules.close_after_days is not None and article.published_at is not None:
        # Comments close by age with no edit to tell of it: a shared copy is not kept past that moment.
        pagecache.expires_at(article.published_at + timedelta(days=rules.close_after_days))
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


@register.simple_tag(takes_context=True)
def comment_items(context, comments, article):
    """
    The list items of a page of comments, written in Python rather than as a loop in the template:
    twenty comments cost some forty template nodes each, half the time of an uncached article page.
    The markup is the one the template had (tests/comments check it as readers see it).
    """
    # Built from plain strings (newsroom.text.escaped: Django's escaping without its lazy-string
    # check on every call); only what a reader or an editor typed is escaped.
    article_url = escaped(article.get_absolute_url())
    staff_badge = f'<span class="staff-badge">{escaped(gettext("Staff"))}</span>'
    awaiting = f'<p class="awaiting" role="status">{escaped(gettext("Your comment is awaiting moderation."))}</p>'
    reply = escaped(gettext("Reply"))
    reply_to = gettext("Reply to %(name)s")
    # The language's date format once, not once per comment (Django's date filter looks it up each time).
    when_format, language = get_format("DATETIME_FORMAT"), get_language()
    items = []
    for comment, depth, can_reply in comments:
        name = escaped(comment.author_name)
        if comment.author_profile_id:
            profile = comment.author_profile
            # The name links only to an author page that answers (mark_staff_pages).
            linked = f'<a href="{escaped(profile.get_absolute_url())}">{name}</a>' if comment.author_has_page else name
            role = f' <span class="comment-role">{escaped(profile.title)}</span>' if profile.title else ""
            author = f"{linked} {staff_badge}{role}"
        elif comment.author_url:
            author = f'<a href="{escaped(comment.author_url)}" rel="nofollow ugc">{name}</a>'
        else:
            author = name
        created = localtime(comment.created_at)
        is_public = comment.is_public
        pk = comment.pk
        if can_reply:
            label = reply_to % {"name": name}
            reply_link = (
                f'<p class="comment-reply"><a href="{article_url}?replytocom={pk}#respond" rel="nofollow" data-reply-to="{pk}" '
                f'data-reply-name="{name}" aria-label="{label}">{reply}</a></p>'
            )
        else:
            reply_link = ""
        items.append(
            f'\n    <li class="comment depth-{depth or 0}{"" if is_public else " comment-pending"}'
            f'{" comment-staff" if comment.author_profile_id else ""}" id="comment-{pk}">\n'
            '      <p class="comment-meta">\n'
            f'        <span class="comment-author">{author}</span>\n'
            # strftime gives the ISO form Django's "Y-m-d\\TH:i:sO" does, at a tenth of its cost.
            f'        <a class="comment-time" href="#comment-{pk}"><time datetime="{created.strftime("%Y-%m-%dT%H:%M:%S%z")}">'
            f"{comment_time(created, created.utcoffset(), created.tzname(), language, when_format)}</time></a>\n"
            "      </p>\n"
            f"      {'' if is_public else awaiting}\n"
            f'      <div class="comment-body">{linebreaks_filter(comment.body, autoescape=True)}</div>\n'
            f"      {reply_link}\n"
            "    </li>\n    "
        )
    return mark_safe("".join(items))


@per_process(maxsize=8192)
def comment_time(moment, offset, zone, language, when_format):
    """
    A comment's local time as the page's language writes it, escaped; kept per process, as a page
    shown again after a change writes the same comments' times again. The offset and the zone's
    name are part of the key: moments in different zones compare equal but are written differently.
    """
    return escaped(date_format(moment, when_format))


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
