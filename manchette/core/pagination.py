from django.conf import settings
from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told how many items there are, where counting them another way is faster."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property


def paginate(request, object_list, per_page=None, *, count=None):
    """The page the query string asks for; a bad or out-of-range number gives a valid page."""
    per_page = per_page or settings.MANCHETTE_PAGE_SIZE
    if count is None:
        paginator = Paginator(object_list, per_page)
    else:
        paginator = CountedPaginator(object_list, per_page, count=count)
    return paginator.get_page(request.GET.get("page"))
