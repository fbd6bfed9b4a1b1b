from wagtail.models import Site


def newsroom(request):
    """The newsroom's name, from the Wagtail site that serves this request."""
    site = Site.find_for_request(request)
    return {"site_name": site.site_name if site and site.site_name else "Manchette"}
