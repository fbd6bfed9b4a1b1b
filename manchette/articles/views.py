from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from manchette.core.pagination import paginate

from .models import ArticlePage


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = ArticlePage.objects.published().tagged(tag).newest_first().for_listing()
    return render(
        request, "articles/tag_detail.html", {"tag": tag, "page_obj": paginate(request, articles)}
    )
