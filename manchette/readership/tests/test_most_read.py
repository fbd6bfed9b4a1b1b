import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.readership.models import ReadCount

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:130.0) Gecko/130.0 Firefox/130.0"


def read(client, article, user_agent=FIREFOX):
    return client.get(f"/lu/{article.pk}.gif", headers={"user-agent": user_agent})


def most_read(client, url="/"):
    """The titles of the front page's "Les plus lus" block, in order."""
    block = client.get(url).content.decode().split('class="most-read__list"')[1]
    return re.findall(r">([^<]+)</a>", block.split("</ol>")[0])


def reads(article):
    return sum(ReadCount.objects.filter(article=article).values_list("count", flat=True))


def test_article_page_loads_the_beacon_and_each_load_counts_once(client, section):
    article = ArticlePageFactory(parent=section)
    assertContains(client.get(article.url), f'<img class="beacon" src="/lu/{article.pk}.gif"')

    response = read(client, article)
    read(client, article)

    assert response["Content-Type"] == "image/gif"
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies
    assert reads(article) == 2


@pytest.mark.parametrize(
    "agent",
    [
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0",
        "curl/8.0",
        "",
    ],
)
def test_robots_are_not_counted(client, section, agent):
    article = ArticlePageFactory(parent=section)
    read(client, article, agent)
    assert reads(article) == 0


def test_unpublished_or_missing_articles_are_not_counted(client, section):
    draft = ArticlePageFactory(parent=section, live=False)
    assert read(client, draft).status_code == 200
    assert client.get("/lu/999999.gif", headers={"user-agent": FIREFOX}).status_code == 200
    assert ReadCount.objects.count() == 0


def test_most_read_of_the_last_24_hours_on_the_front_page_and_beside_articles(client, section):
    now = timezone.now()
    articles = [ArticlePageFactory(parent=section, title=f"Article lu {n}") for n in range(7)]
    with time_machine.travel(now - timedelta(hours=30)):
        for _ in range(50):
            read(client, articles[6])  # popular, but yesterday
    for n, article in enumerate(articles[:6]):
        for _ in range(n + 1):
            read(client, article)

    for url in ["/", articles[0].url]:
        assertContains(client.get(url), "Les plus lus")
        assert most_read(client, url) == [f"Article lu {n}" for n in (5, 4, 3, 2, 1)]


def test_counts_add_up_per_day(client, section):
    article = ArticlePageFactory(parent=section)
    start = timezone.now().replace(hour=9, minute=0) - timedelta(days=1)
    for hours in (0, 3, 26):
        with time_machine.travel(start + timedelta(hours=hours)):
            read(client, article)
    days = [row["reads"] for row in ReadCount.objects.daily()]
    assert days == [2, 1]


def test_no_block_without_reads(client, section):
    ArticlePageFactory(parent=section)
    assertNotContains(client.get("/"), "Les plus lus")


def test_most_read_is_drawn_again_once_its_lifetime_is_over_even_without_page_cache(
    client, section, settings
):
    settings.MANCHETTE_PAGE_CACHE_SECONDS = 0
    settings.MANCHETTE_LISTS_SECONDS = 60
    early = ArticlePageFactory(parent=section, title="Lu dès le matin")
    late = ArticlePageFactory(parent=section, title="Lu dans la journée")
    now = timezone.now()
    read(client, early)
    assert most_read(client) == ["Lu dès le matin"]

    read(client, late)
    read(client, late)
    assert most_read(client) == ["Lu dès le matin"]  # the kept list
    with time_machine.travel(now + timedelta(seconds=61)):
        assert most_read(client) == ["Lu dans la journée", "Lu dès le matin"]
