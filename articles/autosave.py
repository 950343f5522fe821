"""
Autosave of the article form: the text a user types is kept on the server, per user and article
(per user for a new article), every few seconds while it changes (articles/static/articles/admin/
article_form.js), so a closed tab, a crash or a lost connection loses nothing.

It never changes the article: the form offers the autosaved text back (“Restore the autosaved text
from 14:05?”) and the user saves it like any edit. Saving the article, or discarding the offer,
deletes the copy. Only the text fields are kept: status, times, bylines and the rest are decisions,
not typing, and a restore must not take a story offline or republish it.

Sessions: the script posts only when the text changed since its last autosave, so an idle tab sends
nothing and cannot keep a staff session alive past STAFF_IDLE_MINUTES (staff/middleware.py); typing
is activity and does. A post after the session ended is answered with the sign-in redirect: the
script then keeps the text in the browser (localStorage) and says so; the next page of the form that
opens with a session sends it to the server and offers it back.
"""

from datetime import datetime, timezone as dt_timezone

from django.http import Http404, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from taggit.utils import edit_string_for_tags, parse_tags

from .models import ArticleAutosave, sanitize_body

FIELDS = ["title", "standfirst", "body", "tags", "seo_title", "meta_description"]
MAX_CHARS = 500_000


def _mine(request, article):
    return ArticleAutosave.objects.filter(user=request.user, article=article)


def saved_at_text(when):
    return timezone.localtime(when).strftime("%H:%M")


@require_POST
def autosave_view(request, model_admin, object_id=None):
    """POST the form's text fields: kept as this user's autosave; `discard=1` deletes it instead."""
    article = None
    if object_id is not None:
        article = model_admin.get_object(request, object_id)
        if article is None or not model_admin.has_change_permission(request, article):
            raise Http404("No such article.")
    elif not model_admin.has_add_permission(request):
        raise Http404("No such article.")
    if request.POST.get("discard"):
        _mine(request, article).delete()
        return JsonResponse({"discarded": True})
    data = {name: request.POST.get(name, "")[:MAX_CHARS] for name in FIELDS if name in request.POST}
    saved_at = timezone.now()
    # Text kept in the browser while the session had ended is sent with the time it was typed.
    written = request.POST.get("written_at", "")
    if written.isdigit():
        saved_at = min(saved_at, datetime.fromtimestamp(int(written) / 1000, tz=dt_timezone.utc))
    ArticleAutosave.objects.update_or_create(
        user=request.user, article=article, defaults={"data": data, "saved_at": saved_at}
    )
    return JsonResponse({"saved_at": saved_at_text(saved_at)})


def _same(name, saved, typed):
    if name == "tags":
        return sorted(parse_tags(saved)) == sorted(parse_tags(typed))
    if name == "body":
        return sanitize_body(saved) == sanitize_body(typed)
    return saved.strip() == typed.strip()


def pending(request, article):
    """
    This user's autosave of `article` (None: a new one) when it holds text the article does not have
    already, else None (a copy equal to the saved article is deleted: there is nothing to offer).
    """
    autosave = _mine(request, article).first()
    if autosave is None:
        return None
    saved = {name: "" for name in FIELDS}
    if article is not None:
        saved.update({name: getattr(article, name) or "" for name in FIELDS if name != "tags"})
        saved["tags"] = edit_string_for_tags(list(article.tags.all()))
    if all(_same(name, saved.get(name, ""), str(value)) for name, value in autosave.data.items()):
        autosave.delete()
        return None
    return autosave


def restoring(request, article):
    """The autosave the form is asked to show instead of the saved text (?restore_autosave=1 on a GET), if any."""
    if request.method != "GET" or "restore_autosave" not in request.GET:
        return None
    return _mine(request, article).first()


def forget(request, article):
    _mine(request, article).delete()


def restored_form(form_class, autosave):
    """`form_class` with the autosaved text as the form's initial values (the rest as the article has it)."""

    class RestoredForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.initial.update({name: value for name, value in autosave.data.items() if name in self.fields})

    return RestoredForm
