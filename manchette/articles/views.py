from datetime import date, datetime, time, timedelta

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from taggit.models import Tag

from manchette.core.pagination import paginate

from .models import ArticlePage


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = ArticlePage.objects.published().tagged(tag).newest_first().for_listing()
    return render(
        request, "articles/tag_detail.html", {"tag": tag, "page_obj": paginate(request, articles)}
    )


def archive_day(request, year, month, day):
    """What was published on one day, in the newsroom's time zone."""
    try:
        day_date = date(year, month, day)
    except ValueError as error:
        raise Http404 from error
    start = timezone.make_aware(datetime.combine(day_date, time.min))
    articles = (
        ArticlePage.objects.published()
        .filter(first_published_at__gte=start, first_published_at__lt=start + timedelta(days=1))
        .newest_first()
        .for_listing()
    )
    return render(
        request,
        "articles/archive_day.html",
        {"day": start, "page_obj": paginate(request, articles)},
    )
