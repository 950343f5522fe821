from django.shortcuts import get_object_or_404, render

from articles.models import Article
from articles.views import paginate

from .models import Author


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = Article.objects.published().filter(authors=author).with_cards().newest_first()
    return render(request, "authors/author_detail.html", {"author": author, "page_obj": paginate(request, articles)})
