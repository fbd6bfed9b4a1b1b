from datetime import UTC, datetime, timedelta

import pytest
from pytest_django.asserts import assertContains, assertNotContains
from wagtail.models import PageViewRestriction

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.core.models import NewsroomSettings
from manchette.sections.models import ROUTED_LEVELS, HomeLeadStory
from manchette.sections.tests.factories import SectionPageFactory

pytestmark = pytest.mark.django_db

START = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def published(parent, title, hours):
    return ArticlePageFactory(
        parent=parent, title=title, first_published_at=START + timedelta(hours=hours)
    )


def between(html, start_marker, end_marker):
    start = html.index(start_marker)
    return html[start : html.index(end_marker, start)]


def test_front_page_shows_editor_picks_in_order_then_newest(client, home, section):
    first = published(section, "Premier choix", 1)
    second = published(section, "Second choix", 2)
    published(section, "Le plus récent", 30)
    HomeLeadStory.objects.create(page=home, article=second, sort_order=0)
    HomeLeadStory.objects.create(page=home, article=first, sort_order=1)

    html = client.get("/").content.decode()
    lead = between(html, 'id="lead-title"', "</section>")

    assert "À la une" in lead
    assert lead.index("Second choix") < lead.index("Premier choix") < lead.index("Le plus récent")


def test_front_page_falls_back_to_newest_and_has_a_block_per_section(client, home, section):
    economy = SectionPageFactory(parent=home, title="Économie")
    for hour in range(8):
        published(section, f"Monde {hour}", hour)
    published(economy, "Le budget voté", 20)
    published(economy, "La dette publique", 0)

    html = client.get("/").content.decode()
    lead = between(html, 'id="lead-title"', "</section>")
    latest = between(html, 'id="latest-title"', "</section>")

    assert lead.index("Le budget voté") < lead.index("Monde 7") < lead.index("Monde 6")
    assert "Monde 3" not in lead and "Monde 3" in latest
    assert '<a href="/economie/">Économie</a></h2>' in html
    assert '<a href="/international/">International</a></h2>' in html


def test_latest_strip_on_every_page_lists_newest_first(client, section):
    old = published(section, "Vieille nouvelle", 1)
    published(section, "Nouvelle fraîche", 5)

    html = client.get(old.url).content.decode()
    strip = between(html, 'class="latest-strip"', "</section>")

    assert "Dernières nouvelles" in strip
    assert strip.index("Nouvelle fraîche") < strip.index("Vieille nouvelle")
    assert f'href="{old.url}"' in strip


def test_navigation_lists_top_level_sections(client, home, section):
    SectionPageFactory(parent=home, title="Économie")
    html = client.get("/").content.decode()
    nav = between(html, 'class="section-nav"', "</nav>")
    assert '<a href="/international/">International</a>' in nav
    assert '<a href="/economie/">Économie</a>' in nav


def test_navigation_marks_the_section_the_reader_is_in_and_only_there(client, home, section):
    economy = SectionPageFactory(parent=home, title="Économie")
    article = published(economy, "Le budget voté", 1)

    def nav(url):
        return between(client.get(url).content.decode(), 'class="section-nav"', "</nav>")

    on_economy = nav("/economie/")
    assert '<a href="/economie/" aria-current="page">Économie</a>' in on_economy
    assert '<a href="/international/">International</a>' in on_economy
    assert "aria-current" not in nav(article.url)
    assert '<a href="/international/" aria-current="page">' in nav("/international/")


def test_section_lists_its_own_and_subsections_articles_newest_first(client, section):
    africa = SectionPageFactory(parent=section, title="Afrique")
    published(section, "À Genève", 1)
    published(africa, "À Dakar", 2)

    html = client.get(section.url).content.decode()

    assert "<h1>International</h1>" in html
    assert '<a href="/international/afrique/">Afrique</a>' in html
    assert html.index("À Dakar") < html.index("À Genève")
    assert client.get(africa.url).content.decode().count('class="card"') == 1


def test_section_paginates(client, section, settings):
    settings.MANCHETTE_PAGE_SIZE = 2
    for hour in range(5):
        published(section, f"Dépêche {hour}", hour)

    page_two = client.get(section.url, {"page": 2})
    listing = between(page_two.content.decode(), 'class="article-list"', "</nav>")

    assert "Page 2 sur 3" in listing
    assert "Dépêche 2" in listing and "Dépêche 1" in listing
    assert "Dépêche 4" not in listing and "Dépêche 0" not in listing
    assert 'rel="next" href="?page=3"' in listing


def test_section_pages_count_its_published_public_articles_below_it(client, section, settings):
    settings.MANCHETTE_PAGE_SIZE = 2
    africa = SectionPageFactory(parent=section, title="Afrique")
    private = SectionPageFactory(parent=section, title="Réservé")
    for hour, parent in enumerate([section, section, africa, private, private]):
        published(parent, f"Dépêche {hour}", hour)
    ArticlePageFactory(parent=section, title="Brouillon", live=False)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    listing = client.get(section.url).content.decode()

    # Three articles at two a page: the subsections, the draft and the private ones are not
    # counted as articles.
    assert "Page 1 sur 2" in listing
    assert 'rel="next" href="?page=2"' in listing


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", "1.5", "", "%00", "1' OR 1=1"])
def test_bad_page_numbers_give_a_page_not_an_error(client, section, settings, page):
    settings.MANCHETTE_PAGE_SIZE = 2
    for hour in range(3):
        published(section, f"Dépêche {hour}", hour)

    response = client.get(section.url, {"page": page})

    assert response.status_code == 200
    assertContains(response, "Dépêche")


def test_empty_section_says_so(client, section):
    assertContains(client.get(section.url), "Aucun article n’a encore été publié ici.")


def test_front_page_of_an_empty_newsroom(client, home):
    assertContains(client.get("/"), "Aucun article n’a encore été publié.")


def test_unpublished_articles_are_not_listed(client, section):
    ArticlePageFactory(parent=section, title="Brouillon", live=False)
    assertNotContains(client.get("/"), "Brouillon")
    assertNotContains(client.get(section.url), "Brouillon")


def test_front_page_query_count_does_not_grow_with_articles(
    client, home, section, django_assert_max_num_queries
):
    author = AuthorFactory()
    for hour in range(30):
        ArticlePageFactory(
            parent=section, authors=[author], first_published_at=START + timedelta(hours=hour)
        )
    client.get("/")
    with django_assert_max_num_queries(10):
        client.get("/")


def test_lists_on_every_page_show_a_new_article_and_section_at_once(client, home, section):
    published(section, "Première nouvelle", 1)
    client.get(section.url)  # the lists are kept from here on

    SectionPageFactory(parent=home, title="Culture")
    published(section, "Seconde nouvelle", 2)
    html = client.get(section.url).content.decode()

    assert "Seconde nouvelle" in between(html, 'class="latest-strip"', "</section>")
    assert '<a href="/culture/">Culture</a>' in between(html, 'class="section-nav"', "</nav>")


def test_newsroom_settings_show_at_once(client, site, section):
    client.get(section.url)
    settings = NewsroomSettings.for_site(site)
    settings.tagline = "Le journal des lecteurs"
    settings.save()
    assertContains(client.get(section.url), "Le journal des lecteurs")


def test_pages_are_found_at_every_level_and_drafts_are_not(client, section):
    africa = SectionPageFactory(parent=section, title="Afrique")
    article = ArticlePageFactory(parent=africa, title="À Dakar")
    draft = ArticlePageFactory(parent=africa, title="Brouillon", live=False)

    html = client.get(article.url).content.decode()
    breadcrumb = between(html, 'class="breadcrumb"', "</nav>")

    assert breadcrumb.index(">International<") < breadcrumb.index(">Afrique<")
    assert client.get(f"/international/afrique/{draft.slug}/").status_code == 404
    assert client.get("/international/afrique/nulle-part/").status_code == 404
    assert client.get("/nulle-part/").status_code == 404
    assert client.get("/international/afrique/rss/").status_code == 200


def test_pages_below_the_levels_routed_at_once_are_found_and_long_paths_are_404(client, section):
    parent = section
    for level in range(ROUTED_LEVELS):
        parent = SectionPageFactory(parent=parent, title=f"Niveau {level}")
    article = ArticlePageFactory(parent=parent, title="Tout en bas")

    assert article.url.count("/") > ROUTED_LEVELS + 2
    assertContains(client.get(article.url), '<h1 class="article__title">Tout en bas</h1>')
    for extra in (1, 50, 400):
        response = client.get(article.url + "x/" * extra)
        assertContains(response, "Page introuvable", status_code=404)


def test_front_page_cards_show_kicker_standfirst_byline_and_date(client, home, section):
    author = AuthorFactory(name="Awa Ndiaye")
    lead = ArticlePageFactory(
        parent=section,
        title="La crue atteint Saint-Louis",
        kicker="Sénégal",
        article_type="reportage",
        lede=" ".join(["mot"] * 45),
        authors=[author],
        first_published_at=datetime(2025, 3, 18, 23, 30, tzinfo=UTC),  # 19 March in Paris
    )
    ArticlePageFactory(
        parent=section,
        title="Analyse du budget",
        kicker="Analyse",
        article_type="analysis",
        first_published_at=START,
    )

    html = client.get("/").content.decode()
    featured = between(html, '<article class="card card--featured">', "</article>")
    plain = between(html, ">Analyse du budget</a></h3>", "</article>")

    assert '<p class="kicker"><span class="type-label">Reportage</span>Sénégal</p>' in featured
    assert f'<a href="{lead.url}">La crue atteint Saint-Louis</a>' in featured
    assert '<p class="card__lede">' + " ".join(["mot"] * 40) + " …</p>" in featured
    assert f'<a href="{author.get_absolute_url()}" rel="author">Awa Ndiaye</a>' in featured
    assert '<time datetime="2025-03-19T00:30:00+01:00">mercredi 19 mars 2025</time>' in featured
    # The kicker that says the type again is left out; only the lead story has a standfirst.
    assert '<p class="kicker"><span class="type-label">Analyse</span></p>' in html
    assert "card__lede" not in plain
    assert "La Rédaction" in plain


def test_a_card_without_publication_date_shows_no_date(client, section):
    # An import can make a page live without publishing it: it has no first publication date.
    ArticlePageFactory(parent=section, title="Importé sans date", first_published_at=None)

    html = client.get(section.url).content.decode()
    card = between(html, ">Importé sans date</a></h3>", "</article>")

    assert "La Rédaction" in card
    assert "<time" not in card
