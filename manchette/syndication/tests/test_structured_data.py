import json
import re
from datetime import UTC, datetime

import pytest
from pytest_django.asserts import assertContains

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.core.models import NewsroomSettings
from manchette.core.tests.factories import NewsImageFactory
from manchette.sections.tests.factories import SectionPageFactory

pytestmark = pytest.mark.django_db


def structured_data(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return {data["@type"]: data for data in map(json.loads, blocks)}


@pytest.fixture
def article(section, site):
    newsroom = NewsroomSettings.for_site(site)
    newsroom.logo = NewsImageFactory(title="Logo")
    newsroom.save()
    africa = SectionPageFactory(parent=section, title="Afrique")
    return ArticlePageFactory(
        parent=africa,
        title="Dakar : l’analyse du budget </script><script>alert(1)</script>",
        lede="Le chapô qui résume tout.",
        article_type="analysis",
        authors=[AuthorFactory(name="Ana Diop")],
        images=[NewsImageFactory(file__width=2400, file__height=2400)],
        first_published_at=datetime(2025, 3, 18, 13, 5, tzinfo=UTC),
    )


def test_article_carries_news_article_json_ld(client, article):
    html = client.get(article.url).content.decode()
    data = structured_data(html)
    news = data["AnalysisNewsArticle"]

    assert news["headline"] == article.title
    assert news["description"] == "Le chapô qui résume tout."
    assert news["datePublished"] == "2025-03-18T13:05:00+00:00"
    assert news["dateModified"]
    assert news["author"] == [
        {"@type": "Person", "name": "Ana Diop", "url": "http://testserver/auteurs/ana-diop/"}
    ]
    assert news["publisher"]["@type"] == "Organization"
    assert news["publisher"]["logo"]["url"].startswith("http://testserver/media/")
    assert news["articleSection"] == "Afrique"
    assert [re.search(r"fill-(\d+x\d+)", url).group(1) for url in news["image"]] == [
        "1200x675",
        "1200x900",
        "1200x1200",
    ]
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == [
        "Manchette",
        "International",
        "Afrique",
        article.title,
    ]
    assert "<script>alert(1)" not in html.split("<body")[0].replace("\\u003C", "")


def test_article_shares_well_on_social_networks(client, article):
    response = client.get(article.url)
    url = "http://testserver/international/afrique/" + article.slug + "/"
    assertContains(response, f'<link rel="canonical" href="{url}">')
    assertContains(response, '<meta property="og:type" content="article">')
    assertContains(response, '<meta property="og:description" content="Le chapô qui résume tout.">')
    assertContains(response, '<meta name="twitter:card" content="summary_large_image">')
    assertContains(response, '<meta name="description" content="Le chapô qui résume tout.">')
    assert re.search(
        r'<meta property="og:image" content="http://testserver/media/images/[^"]+fill-1200x630',
        response.content.decode(),
    )


def test_front_page_carries_organization_and_website(client, home):
    data = structured_data(client.get("/").content.decode())
    assert data["Organization"]["name"] == "Manchette"
    assert data["WebSite"]["url"] == "http://testserver/"
    action = data["WebSite"]["potentialAction"]
    assert action["target"]["urlTemplate"] == "http://testserver/recherche/?q={search_term_string}"
