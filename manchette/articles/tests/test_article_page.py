from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains
from wagtail.models import PageViewRestriction

from manchette.articles.models import ArticleByline, ArticlePage, RelatedArticle, SuggestedRelation
from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.comments.tests.factories import CommentFactory
from manchette.core import compiled
from manchette.core import models as core_models
from manchette.core.tests.factories import NewsImageFactory
from manchette.sections.tests.factories import SectionPageFactory

pytestmark = pytest.mark.django_db

# Route (with the view restrictions); bylines, photos and their renditions for the article and
# its related articles; tags; body photos and galleries; related articles (picks, suggestions,
# section newest); comment counts; a page of comments with replies. The site and its front
# page are kept.
ARTICLE_PAGE_QUERY_BUDGET = 10
PUBLISHED = datetime(2025, 3, 18, 13, 5, tzinfo=UTC)  # 14 h 05 in Paris


def test_article_page_shows_what_a_reader_expects(client, section):
    photo = NewsImageFactory(credit="Awa Ndiaye / Manchette", description="Des députés en séance")
    ana = AuthorFactory(name="Ana Diop")
    moussa = AuthorFactory(name="Moussa Fall")
    article = ArticlePageFactory(
        parent=section,
        title="Sénégal : l'Assemblée adopte le budget 2026",
        kicker="Dakar",
        article_type=ArticlePage.ArticleType.ANALYSIS,
        lede="Les députés ont voté le texte après trois jours de débats.",
        body=[
            ("paragraph", "<p>Le vote a eu lieu tard dans la nuit.</p>"),
            ("intertitle", "Un budget serré"),
        ],
        first_published_at=PUBLISHED,
        authors=[ana, moussa],
        images=[photo],
        tags=["Budget"],
    )

    response = client.get(article.url)

    assertInHTML(
        "<h1 class='article__title'>Sénégal : l&#x27;Assemblée adopte le budget 2026</h1>",
        response.content.decode(),
    )
    assertContains(response, '<span class="type-label">Analyse</span>Dakar', html=False)
    assertContains(
        response,
        '<p class="article__lede">Les députés ont voté le texte après trois jours de débats.</p>',
    )
    assertContains(response, "Le vote a eu lieu tard dans la nuit.")
    assertContains(response, '<h2 class="intertitle">Un budget serré</h2>')
    assertContains(response, "Légende 1")
    assertContains(response, '<span class="figure__credit">Awa Ndiaye / Manchette</span>')
    assertContains(response, 'alt="Des députés en séance"')
    assertContains(
        response,
        '<a href="/auteurs/ana-diop/" rel="author">Ana Diop</a> et '
        '<a href="/auteurs/moussa-fall/" rel="author">Moussa Fall</a>',
    )
    assertContains(response, "mardi 18 mars 2025 à 14 h 05")
    assertNotContains(response, "mis à jour le")
    assertContains(response, '<a href="/sujets/budget/">Budget</a>')


def test_three_authors_are_listed_with_commas_then_et(client, section):
    names = ["Ana Diop", "Moussa Fall", "Léa <Martin> & Fils"]
    article = ArticlePageFactory(
        parent=section, authors=[AuthorFactory(name=name) for name in names]
    )
    assertContains(
        client.get(article.url),
        '<span class="byline">Par <a href="/auteurs/ana-diop/" rel="author">Ana Diop</a>, '
        '<a href="/auteurs/moussa-fall/" rel="author">Moussa Fall</a> et '
        '<a href="/auteurs/lea-martin-fils/" rel="author">Léa &lt;Martin&gt; &amp; Fils</a>'
        "</span>",
    )


def test_unsigned_article_carries_the_collective_byline(client, section):
    article = ArticlePageFactory(parent=section)
    assertContains(client.get(article.url), '<span class="byline">Par La Rédaction</span>')


def test_republished_article_shows_when_it_was_updated(client, section):
    article = ArticlePageFactory(
        parent=section,
        first_published_at=PUBLISHED,
        last_published_at=datetime(2025, 3, 19, 8, 30, tzinfo=UTC),
    )
    assertContains(client.get(article.url), "mis à jour le")
    assertContains(client.get(article.url), "mercredi 19 mars 2025 à 9 h 30")


def test_plain_news_has_no_type_label(client, section):
    article = ArticlePageFactory(parent=section, kicker="")
    assertNotContains(client.get(article.url), 'class="type-label"')


@pytest.mark.parametrize(
    ("article_type", "label"),
    [
        ("opinion", "Opinion"),
        ("investigation", "Enquête"),
        ("reportage", "Reportage"),
        ("interview", "Entretien"),
        ("press_release", "Communiqué"),
    ],
)
def test_article_type_label_in_french(client, section, article_type, label):
    article = ArticlePageFactory(parent=section, article_type=article_type)
    assertContains(client.get(article.url), f'<span class="type-label">{label}</span>')


def test_a_type_no_longer_offered_shows_as_stored(client, section):
    article = ArticlePageFactory(parent=section)
    ArticlePage.objects.filter(pk=article.pk).update(article_type="chronique")

    assertContains(client.get(article.url), '<span class="type-label">chronique</span>')


def test_related_block_lists_editor_picks_first_then_recent_articles_of_the_section(
    client, section, home
):
    other_section = SectionPageFactory(parent=home, title="Économie")
    picked = ArticlePageFactory(
        parent=other_section,
        title="Choisi par la rédaction",
        authors=[AuthorFactory(name="Lina Ba")],
    )
    older = ArticlePageFactory(
        parent=section, title="Plus ancien", first_published_at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    newer = ArticlePageFactory(
        parent=section, title="Plus récent", first_published_at=datetime(2025, 2, 1, tzinfo=UTC)
    )
    article = ArticlePageFactory(parent=section, related=[picked])

    html = client.get(article.url).content.decode()
    related = html[html.index('id="related-title"') :]

    assert "En relation" in html
    assert related.index("Choisi par la rédaction") < related.index("Plus récent")
    assert related.index("Plus récent") < related.index("Plus ancien")
    assert "Lina Ba" in related  # each related article carries its byline
    assert related.count('class="card"') == 3
    assert older.title in related and newer.title in related


def test_related_block_keeps_the_best_four_picks_then_suggestions_then_newest(
    client, section, home
):
    elsewhere = SectionPageFactory(parent=home, title="Économie")
    picks = [ArticlePageFactory(parent=elsewhere, title=f"Choix {n}") for n in (1, 2)]
    suggested = [ArticlePageFactory(parent=elsewhere, title=f"Proche {n}") for n in (1, 2, 3)]
    for n in (1, 2, 3):
        day = datetime(2025, 3, n, tzinfo=UTC)
        ArticlePageFactory(parent=section, title=f"Récent {n}", first_published_at=day)
    article = ArticlePageFactory(parent=section, related=picks[::-1])
    for score, related in zip((0.2, 0.9, 0.5), suggested, strict=True):
        SuggestedRelation.objects.create(article=article, related=related, score=score)

    html = client.get(article.url).content.decode()
    cards = html[html.index('id="related-title"') :].split('class="card__title"')[1:]

    titles = [card.split("</a>")[0].rsplit(">", 1)[1] for card in cards]
    assert titles == ["Choix 2", "Choix 1", "Proche 2", "Proche 3"]


def test_unpublished_pick_is_left_out_of_the_related_block(client, section):
    draft = ArticlePageFactory(parent=section, title="Brouillon secret", live=False)
    article = ArticlePageFactory(parent=section, related=[draft])
    assertNotContains(client.get(article.url), "Brouillon secret")


def related_block(client, article):
    html = client.get(article.url).content.decode()
    return html[html.index('id="related-title"') : html.index("</aside>")]


def test_each_article_relates_its_own_picks_and_section(client, section, home):
    """The related query is compiled once and reused: each article gets its own values."""
    economy = SectionPageFactory(parent=home, title="Économie")
    farming = SectionPageFactory(parent=economy, title="Agriculture")
    picked = ArticlePageFactory(parent=economy, title="Choix pour la politique")
    politics = ArticlePageFactory(parent=section, related=[picked])
    politics_older = ArticlePageFactory(parent=section, title="Ancien en politique")
    economy_article = ArticlePageFactory(parent=economy)
    farming_article = ArticlePageFactory(parent=farming)
    farming_older = ArticlePageFactory(parent=farming, title="Ancien en agriculture")

    first, second, deeper = (
        related_block(client, politics),
        related_block(client, economy_article),
        related_block(client, farming_article),
    )

    assert picked.title in first and politics_older.title in first
    assert farming_older.title not in first
    assert picked.title in second  # the section's newest, not the first article's pick
    assert politics_older.title not in second and farming_older.title not in second
    assert farming_older.title in deeper and picked.title not in deeper


def test_each_article_shows_its_own_bylines_and_photos_and_its_related_ones(client, section):
    """Bylines and photos are asked by a query compiled once for each number of articles:
    each page gets its own, and its related articles theirs."""
    ana, lea, moussa = (AuthorFactory(name=name) for name in ("Ana Diop", "Léa Sow", "Moussa Fall"))
    harbour = NewsImageFactory(credit="Photo du port / Manchette")
    market = NewsImageFactory(credit="Photo du marché / Manchette")
    ArticlePageFactory(parent=section, title="Le voisin", authors=[moussa])
    first = ArticlePageFactory(parent=section, authors=[ana], images=[harbour])
    second = ArticlePageFactory(parent=section, authors=[lea], images=[market])

    first_own, second_own = (own_part(client, article) for article in (first, second))

    assert "Ana Diop" in first_own and "Photo du port" in first_own
    assert "Léa Sow" not in first_own and "Photo du marché" not in first_own
    assert "Léa Sow" in second_own and "Photo du marché" in second_own
    assert "Ana Diop" not in second_own and "Photo du port" not in second_own
    assert "Moussa Fall" in related_block(client, first)
    assert "Ana Diop" in related_block(client, second)


def own_part(client, article):
    """The article's own headline, photos and bylines, before its body."""
    html = client.get(article.url).content.decode()
    return html[html.index('<article class="article">') : html.index('class="article__body')]


def test_article_made_private_leaves_its_section_neighbours_related_blocks(client, section):
    neighbour = ArticlePageFactory(parent=section, title="Bientôt réservé aux abonnés")
    article = ArticlePageFactory(parent=section)
    assert neighbour.title in related_block(client, article)

    PageViewRestriction.objects.create(
        page=neighbour, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    assertNotContains(client.get(article.url), neighbour.title)


def test_private_articles_are_neither_picked_nor_suggested_in_the_related_block(client, home):
    newsroom = SectionPageFactory(parent=home, title="Actualité")
    subscribers = SectionPageFactory(parent=home, title="Abonnés")
    picked = ArticlePageFactory(parent=subscribers, title="Choix réservé aux abonnés")
    suggested = ArticlePageFactory(parent=subscribers, title="Suggestion réservée")
    public = ArticlePageFactory(parent=subscribers, title="Encore public")
    article = ArticlePageFactory(parent=newsroom)
    RelatedArticle.objects.create(page=article, related_page=picked, sort_order=0)
    SuggestedRelation.objects.create(article=article, related=suggested, score=0.9)
    SuggestedRelation.objects.create(article=article, related=public, score=0.5)
    PageViewRestriction.objects.create(
        page=picked, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    PageViewRestriction.objects.create(
        page=suggested, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    block = related_block(client, article)

    assert public.title in block
    assert picked.title not in block and suggested.title not in block


def test_related_query_excludes_the_private_sections_it_is_compiled_for(
    client, section, monkeypatch
):
    """Compiled once per set of private sections, the query must exclude that set, even if
    the kept list has moved on while it was built."""
    public = ArticlePageFactory(parent=section, title="Ouvert à tous")
    neighbour = ArticlePageFactory(parent=section, title="Réservé aux abonnés")
    article = ArticlePageFactory(parent=section)
    PageViewRestriction.objects.create(
        page=neighbour, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    compiled._compile.cache_clear()
    monkeypatch.setattr(core_models, "restricted_paths", list)  # a list read a moment earlier

    block = related_block(client, article)
    assert public.title in block and neighbour.title not in block


def test_article_without_image_or_author_and_a_very_long_title_renders(client, section):
    title = "Une très longue manchette " * 9
    article = ArticlePageFactory(parent=section, title=title.strip(), lede="", body=[])
    response = client.get(article.url)
    assertContains(response, title.strip())
    assertContains(response, "La Rédaction")
    assertNotContains(response, "<figure")
    assert len(article.slug) <= 80


def article_with(section, count):
    """An article with `count` authors, tags, photos (gallery and body), related articles and
    comments (each answered)."""
    photos = [NewsImageFactory() for _ in range(count)]
    article = ArticlePageFactory(
        parent=section,
        authors=[AuthorFactory() for _ in range(count)],
        tags=[f"Sujet {n}" for n in range(count)],
        images=photos,
        body=[("image", {"image": photo, "caption": "Dans le texte"}) for photo in photos]
        + [("gallery", [{"image": photo, "caption": "Galerie"} for photo in photos])],
        related=[
            ArticlePageFactory(parent=section, authors=[AuthorFactory()], images=[photo])
            for photo in photos
        ],
    )
    for _ in range(count):
        comment = CommentFactory(article=article)
        CommentFactory(article=article, parent=comment)
    return article


def count_queries(client, url):
    client.get(url)  # the first visit creates the image renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_article_page_makes_a_constant_number_of_queries(client, section):
    small = count_queries(client, article_with(section, 1).url)
    large = count_queries(client, article_with(section, 5).url)
    assert small == large
    assert large <= ARTICLE_PAGE_QUERY_BUDGET


def test_kicker_equal_to_the_type_label_is_not_said_twice(client, section):
    article = ArticlePageFactory(parent=section, article_type="reportage", kicker="Reportage")
    assertContains(
        client.get(article.url), '<p class="kicker"><span class="type-label">Reportage</span></p>'
    )


def test_page_is_french_whatever_the_browser_language(client, section):
    article = ArticlePageFactory(parent=section, first_published_at=PUBLISHED)
    response = client.get(article.url, headers={"accept-language": "en-US,en;q=0.9"})
    assertContains(response, "mardi 18 mars 2025 à 14 h 05")
    assertContains(response, "Dernières nouvelles")


def test_preview_shows_the_unsaved_picks_and_bylines(section, home):
    elsewhere = SectionPageFactory(parent=home, title="Économie")
    picked = ArticlePageFactory(parent=elsewhere, title="Choix pas encore enregistré")
    article = ArticlePageFactory(parent=section)
    article.related_links = [RelatedArticle(related_page=picked)]
    article.bylines = [ArticleByline(author=AuthorFactory(name="Awa Sarr"))]

    response = article.make_preview_request()

    related = response.content.decode().split('id="related-title"')[1]
    assert related.index("Choix pas encore enregistré") < related.index("</aside>")
    assertContains(response, "Awa Sarr")
