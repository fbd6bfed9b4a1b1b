from django import template
from django.utils.html import format_html

from manchette.articles.templatetags.news_tags import byline
from manchette.core.templatetags.time_tags import time_element

register = template.Library()


@register.simple_tag(takes_context=True)
def search_result(context, article, section_title, excerpt):
    """A result: its section, headline, snippet, byline and date. Written here rather than in
    the page's template, where twenty results took 3 ms, as article cards are."""
    return format_html(
        '<li class="search-result"><p class="kicker">{}</p>'
        '<h2 class="card__title"><a href="{}">{}</a></h2>'
        '<p class="search-result__snippet">{}</p>'
        '<p class="card__meta">{} · {}</p></li>',
        section_title,
        article.get_url(context.get("request")),
        article.title,
        excerpt,
        byline(context, article.authors),
        time_element(article.first_published_at),
    )
