from django import template
from wagtail.models import Site

from ..models import SectionPage

register = template.Library()


@register.inclusion_tag("components/section_nav.html", takes_context=True)
def section_nav(context):
    """The top-level sections of the current site, in the editors' order."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    sections = []
    if site is not None:
        sections = SectionPage.objects.child_of(site.root_page).live().in_menu()
    return {"sections": sections, "request": request}
