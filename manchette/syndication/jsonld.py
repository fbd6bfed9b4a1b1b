"""schema.org structured data as plain dicts: no database, no request, easy to test."""

SCHEMA_TYPES = {
    "analysis": "AnalysisNewsArticle",
    "opinion": "OpinionNewsArticle",
    "reportage": "ReportageNewsArticle",
}


def organization(*, name, url, logo_url=None):
    data = {"@type": "Organization", "name": name, "url": url}
    if logo_url:
        data["logo"] = {"@type": "ImageObject", "url": logo_url}
    return data


def news_article(
    *,
    article_type,
    headline,
    description,
    url,
    image_urls,
    published,
    modified,
    authors,
    publisher,
    section=None,
):
    """A NewsArticle (or the subtype that fits) with its authors as Person."""
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(article_type, "NewsArticle"),
        "headline": headline,
        "description": description,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "image": image_urls,
        "datePublished": published.isoformat(),
        "dateModified": modified.isoformat(),
        "author": [{"@type": "Person", "name": name, "url": link} for name, link in authors]
        or [publisher],
        "publisher": publisher,
        "inLanguage": "fr",
    }
    if section:
        data["articleSection"] = section
    return data


def breadcrumb_list(crumbs):
    """crumbs: (name, absolute url) from the front page down to the current page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def website(*, name, url, search_url=None):
    data = {"@context": "https://schema.org", "@type": "WebSite", "name": name, "url": url}
    if search_url:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{search_url}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        }
    return data
