from django.shortcuts import get_object_or_404, render

from articles.views import cards, paginate

from .models import Author


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = cards().filter(authors=author)
    return render(request, "authors/author_detail.html", {"author": author, "page_obj": paginate(request, articles)})
