from django.utils.cache import patch_vary_headers

from .kept import copies_checked, kept_site


def save_data_vary_middleware(get_response):
    """Pages show smaller photos to readers sending Save-Data: caches must keep both apart."""

    def middleware(request):
        response = get_response(request)
        patch_vary_headers(response, ["Save-Data"])
        return response

    return middleware


def kept_site_middleware(get_response):
    """Wagtail looks the request's site up in the database on every request, then its front
    page in its own type to route: two queries an uncached page does not need. The site is
    kept instead (kept.kept_site), and Wagtail finds it on the request. The request may read
    this process's copies of what is kept (kept.copies_checked)."""

    def middleware(request):
        with copies_checked():
            request._wagtail_site = kept_site(request)
            return get_response(request)

    return middleware
