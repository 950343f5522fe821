"""Work on articles and photos that no reader or editor should wait for."""

from newsroom.tasks import task


@task()
def make_renditions(photo_pk):
    """A new photo's smaller copies, made right after upload so that the first reader does not wait."""
    from .models import Photo
    from .renditions import renditions_for

    photo = Photo.objects.filter(pk=photo_pk).first()
    if photo is None:
        return 0  # deleted since: nothing to do
    return len(renditions_for(photo, strict=True, task=True))


@task()
def refresh_search_vectors(author_pk=None, tag_pk=None):
    """After an author or a tag is renamed, their articles are found by the new name (PostgreSQL)."""
    from .models import Article

    articles = Article.objects.filter(authors=author_pk) if author_pk is not None else Article.objects.filter(tags=tag_pk)
    return Article.objects.filter(pk__in=articles.values("pk")).update_search_vectors()


@task()
def fetch_embed(url):
    """An embedded address's title and author from its provider's oEmbed endpoint (articles/embeds.py)."""
    from django.utils import timezone

    from . import embeds
    from .models import Embed

    embed = Embed.objects.filter(url=url).first()
    if embed is None:
        return False
    try:
        data = embeds.fetch_oembed(url)
    except (OSError, ValueError) as error:
        # Unreachable or a strange answer: the placeholder names the provider and the address meanwhile.
        Embed.objects.filter(pk=embed.pk).update(error=str(error)[:300], fetched_at=timezone.now())
        raise
    Embed.objects.filter(pk=embed.pk).update(
        title=str(data.get("title") or "")[:300],
        author_name=str(data.get("author_name") or "")[:200],
        player_url=embeds.player_url(url, data) or embed.player_url,
        fetched_at=timezone.now(),
        error="",
    )
    # Pages cached with the bare placeholder now get the title (an update() sends no signal).
    from newsroom import pagecache

    pagecache.invalidate(f"embed:{embed.pk}")
    return True
