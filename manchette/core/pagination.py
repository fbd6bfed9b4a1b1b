from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, object_list, per_page=None):
    """The page the query string asks for; a bad or out-of-range number gives a valid page."""
    paginator = Paginator(object_list, per_page or settings.MANCHETTE_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
