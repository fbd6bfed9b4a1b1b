from django.shortcuts import get_object_or_404, render

from manchette.articles.models import ArticlePage
from manchette.core.pagination import paginate

from .models import Author


def author_detail(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    articles = ArticlePage.objects.published().by_author(author).newest_first().for_listing()
    return render(
        request,
        "authors/author_detail.html",
        {"author": author, "links": author.links.all(), "page_obj": paginate(request, articles)},
    )
