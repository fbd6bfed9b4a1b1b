from django.conf import settings
from django.shortcuts import render
from wagtail.models import Page

from manchette.articles.models import articles_by_id, prefetch_bylines
from manchette.core.pagination import paginate
from manchette.sections.models import top_sections

from .forms import SearchForm
from .services import Found, articles_search, snippet


def search(request):
    """/recherche/?q=…: a page whatever the query, never an error."""
    form = SearchForm(request.GET or None)
    query, found = "", Found()
    if form.is_valid():
        query = form.cleaned_data["q"]
        found = articles_search(
            query=query,
            section=form.cleaned_data["rubrique"],
            author=form.cleaned_data["auteur"],
            since=form.cleaned_data["du"],
            until=form.cleaned_data["au"],
        )
    page_obj = paginate(request, found.ids)
    listed = articles_by_id(page_obj.object_list)
    prefetch_bylines(listed.values())
    # Each result names its section: one query for all of them.
    parent_paths = {article.path[: -Page.steplen] for article in listed.values()}
    section_titles = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": query,
            "page_obj": page_obj,
            "hits": [
                (
                    listed[pk],
                    section_titles[listed[pk].path[: -Page.steplen]],
                    snippet(listed[pk], query),
                )
                for pk in page_obj
            ],
            "sections": top_sections(request),
            "newest_only": found.newest_only,
            "window": settings.MANCHETTE_SEARCH_WINDOW,
        },
    )
