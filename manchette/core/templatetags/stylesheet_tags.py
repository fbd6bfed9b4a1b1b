"""The stylesheets every page needs, written into the page so that its first round trip
(about 14 KB) can paint it without waiting for another file."""

import functools
import re

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

register = template.Library()

CRITICAL_STYLESHEETS = (
    "manchette/css/tokens.css",
    "manchette/css/base.css",
    "manchette/css/layout.css",
    "manchette/css/components.css",
)


@register.simple_tag
def critical_css():
    return mark_safe(f"<style>{critical_stylesheet_text()}</style>")  # noqa: S308 (our files)


@functools.cache
def critical_stylesheet_text():
    text = "\n".join(_read(path) for path in CRITICAL_STYLESHEETS)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # comments are for the source only
    return re.sub(r"\s+", " ", text).strip()


def _read(path):
    with open(finders.find(path), encoding="utf-8") as stylesheet:
        return stylesheet.read()
