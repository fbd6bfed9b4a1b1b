from django.utils.cache import patch_vary_headers


def save_data_vary_middleware(get_response):
    """Pages show smaller photos to readers sending Save-Data: caches must keep both apart."""

    def middleware(request):
        response = get_response(request)
        patch_vary_headers(response, ["Save-Data"])
        return response

    return middleware
