from django import template

from ..forms import CommentForm
from ..models import Comment, threaded
from ..views import pending_comments_for

register = template.Library()


@register.inclusion_tag("comments/comment_section.html", takes_context=True)
def comment_section(context, article):
    """An article's approved comments, the reader's own held ones, and the “Leave a Reply” form."""
    request = context["request"]
    own_pending = pending_comments_for(request, article)
    if own_pending:
        request.private_content = True
    approved = list(Comment.objects.public_for(article))
    form = context.get("comment_form") or CommentForm(article=article)
    return {
        "request": request,
        "article": article,
        "comments": threaded(approved + own_pending),
        "comment_count": len(approved),
        "form": form,
        "real_csrf_token": bool(context.get("comment_form")),
        "csrf_token": context.get("csrf_token"),
        "csrf_retry": context.get("csrf_retry", False),
    }
