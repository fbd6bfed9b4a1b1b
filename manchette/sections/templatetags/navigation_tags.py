from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from manchette.core.kept import kept_markup, page_markup

from ..models import top_sections

register = template.Library()

NAVIGATION_MARKUP = page_markup("navigation-markup")


@register.simple_tag(takes_context=True)
def section_nav(context):
    """The top-level sections of the current site, in the editors' order, the reader's own
    section marked as the current page. Kept as HTML, the same on every page but for that
    mark, which is put on the one link to the page asked for."""
    request = context.get("request")
    markup = kept_markup(NAVIGATION_MARKUP, request, _section_nav_markup)
    if not markup:
        return markup
    link = format_html('<a href="{}">', request.path)
    current = format_html('<a href="{}" aria-current="page">', request.path)
    return mark_safe(markup.replace(link, current, 1))  # noqa: S308 (both escaped above)


def _section_nav_markup(request, site):
    return render_to_string("components/section_nav.html", {"sections": top_sections(request)})
