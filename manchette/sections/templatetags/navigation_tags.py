from django import template

from ..models import top_sections

register = template.Library()


@register.inclusion_tag("components/section_nav.html", takes_context=True)
def section_nav(context):
    """The top-level sections of the current site, in the editors' order."""
    request = context.get("request")
    return {"sections": top_sections(request) or [], "request": request}
