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
