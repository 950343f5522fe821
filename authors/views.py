from django.shortcuts import get_object_or_404, render

from articles.views import cards_page

from newsroom import pagecache

from .models import Author


def author_detail(request, slug):
    # An author with nothing public yet has no page: it would announce a byline before its story.
    author = get_object_or_404(Author.objects.with_published_articles(), slug=slug)
    pagecache.add_keys(f"list:author:{author.pk}")
    page_obj = cards_page(request, "author:cards", {"authors": author.pk})
    return render(request, "authors/author_detail.html", {"author": author, "page_obj": page_obj})
