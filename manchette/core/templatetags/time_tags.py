from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import template_localtime

register = template.Library()


@register.simple_tag
def time_element(moment, display="DATE_FORMAT"):
    """The moment as a <time>, in the reader's time zone and the page's language, shown in the
    named format; nothing for a missing date (a page an import made live without publishing
    it), as Django's date filter would."""
    if moment is None:
        return ""
    moment = template_localtime(moment)
    # isoformat() is what the "c" format gives, without parsing a format.
    return format_html(
        '<time datetime="{}">{}</time>', moment.isoformat(), date_format(moment, display)
    )
