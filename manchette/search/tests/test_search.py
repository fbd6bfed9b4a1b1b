from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.asserts import assertContains, assertNotContains

from manchette.articles.models import ArticlePage
from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.core.tests.factories import NewsImageFactory
from manchette.search import services
from manchette.sections.tests.factories import SectionPageFactory

pytestmark = pytest.mark.django_db


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def newsroom(home, section):
    economy = SectionPageFactory(parent=home, title="Économie")
    ana = AuthorFactory(name="Ana Diop")
    now = timezone.now()
    return {
        "talks": ArticlePageFactory(
            parent=section,
            title="Reprise des négociations à Genève",
            authors=[ana],
            lede="Les délégations se retrouvent lundi.",
            first_published_at=now - timedelta(days=2),
            body=paragraph("Les États-Unis demandent un cessez-le-feu immédiat."),
        ),
        "budget": ArticlePageFactory(
            parent=economy,
            title="Le budget 2026 adopté",
            lede="Vote serré à l’Assemblée.",
            body=paragraph("La négociation budgétaire a duré trois jours."),
            first_published_at=now - timedelta(days=40),
        ),
        "football": ArticlePageFactory(
            parent=section,
            title="Victoire des Lions",
            lede="Un match de football épique.",
            body=paragraph("Le budget de la fédération reste secret."),
            first_published_at=now - timedelta(days=1),
        ),
        "draft": ArticlePageFactory(parent=section, title="Négociations secrètes", live=False),
        "economy": economy,
        "author": ana,
    }


def titles(client, **params):
    html = client.get("/recherche/", params).content.decode()
    if 'class="search-results"' not in html:
        return []
    results = html.split('class="search-results"')[1].split("</ol>")[0]
    return [
        part.split("</a>")[0].split(">")[-1] for part in results.split('class="card__title"')[1:]
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("negociations", {"Reprise des négociations à Genève", "Le budget 2026 adopté"}),
        ("NÉGOCIATION", {"Reprise des négociations à Genève", "Le budget 2026 adopté"}),
        ("ETATS-UNIS", {"Reprise des négociations à Genève"}),
        ("cessez-le-feu", {"Reprise des négociations à Genève"}),
        ("cessez", {"Reprise des négociations à Genève"}),
        ("𝐧𝐞𝐠𝐨𝐜𝐢𝐚𝐭𝐢𝐨𝐧𝐬 Genève", {"Reprise des négociations à Genève"}),
        ("football", {"Victoire des Lions"}),
    ],
)
def test_french_aware_matching(client, newsroom, query, expected):
    assert set(titles(client, q=query)) == expected


def test_quoted_phrases_match_as_phrases(client, newsroom):
    assert titles(client, q='"budget de la fédération"') == ["Victoire des Lions"]
    assert titles(client, q='"fédération budget"') == []


def test_phrases_and_words_together_must_all_match(client, newsroom):
    assert titles(client, q='"budget de la fédération" secret') == ["Victoire des Lions"]
    assert titles(client, q='"budget de la fédération" Genève') == []


def test_unpublished_articles_never_appear(client, newsroom):
    assert "Négociations secrètes" not in titles(client, q="négociations secrètes")


def test_newly_published_article_is_found_at_once(client, newsroom, section):
    article = ArticlePageFactory(parent=section, title="Éruption volcanique", live=False)
    assert titles(client, q="volcan") == []
    article.save_revision().publish()
    assert titles(client, q="éruption") == ["Éruption volcanique"]


def test_title_matches_and_recent_articles_come_first(client, newsroom):
    assert titles(client, q="budget") == ["Le budget 2026 adopté", "Victoire des Lions"]


def test_filters_by_section_author_and_dates(client, newsroom):
    everything = {"Reprise des négociations à Genève", "Le budget 2026 adopté"}
    assert set(titles(client, q="négociation")) == everything
    assert titles(client, q="négociation", rubrique=newsroom["economy"].pk) == [
        "Le budget 2026 adopté"
    ]
    assert titles(client, q="négociation", auteur="ana-diop") == [
        "Reprise des négociations à Genève"
    ]
    since = (timezone.now() - timedelta(days=10)).date().isoformat()
    assert titles(client, q="négociation", du=since) == ["Reprise des négociations à Genève"]


def test_the_form_offers_every_section_and_author_and_keeps_the_readers_choice(client, newsroom):
    AuthorFactory(name="Zoé <Martin>")
    response = client.get("/recherche/", {"q": "budget", "auteur": "ana-diop"})
    assertContains(response, '<select name="auteur" id="id_auteur">', html=False)
    assertContains(response, '<option value="ana-diop" selected>Ana Diop</option>', html=True)
    assertContains(response, "Zoé &lt;Martin&gt;</option>")
    assertContains(
        response, f'<option value="{newsroom["economy"].pk}">Économie</option>', html=True
    )
    assertContains(response, '<option value="" selected>Toutes les rubriques</option>', html=True)


def test_the_form_offers_live_sections_only_found_by_their_type_id(client, home, newsroom):
    SectionPageFactory(parent=home, title="Rubrique en préparation", live=False)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/recherche/")
    assertContains(response, "Économie</option>")
    assertNotContains(response, "Rubrique en préparation")
    sections_sql = [query["sql"] for query in queries if "sections_sectionpage" in query["sql"]]
    # Joined to the content types by name, PostgreSQL walked every page (docs/performance.md).
    assert sections_sql
    assert not any("django_content_type" in sql for sql in sections_sql)
    draft = SectionPageFactory(parent=home, title="Brouillon", live=False)
    refused = client.get("/recherche/", {"q": "budget", "rubrique": draft.pk})
    assertContains(refused, "Sélectionnez un choix valide.")


def test_the_forms_lists_are_kept_yet_show_an_editors_change_at_once(client, newsroom):
    economy, ana = newsroom["economy"], newsroom["author"]
    with CaptureQueriesContext(connection) as first:
        assertContains(client.get("/recherche/"), "Ana Diop</option>")
    with CaptureQueriesContext(connection) as second:
        client.get("/recherche/")
    listing = ("authors_author", "sections_sectionpage")
    assert [q for q in first if any(table in q["sql"] for table in listing)]
    assert not [q for q in second if any(table in q["sql"] for table in listing)]

    ana.name = "Ana Diop-Sow"
    ana.save()
    AuthorFactory(name="Marc Petit")
    economy.title = "Économie et finances"
    economy.save_revision().publish()
    response = client.get("/recherche/")
    assertContains(response, "Ana Diop-Sow</option>")
    assertContains(response, "Marc Petit</option>")
    assertContains(response, "Économie et finances</option>")

    economy.unpublish()
    ana.delete()
    response = client.get("/recherche/")
    assertNotContains(response, "Économie et finances</option>")
    assertNotContains(response, "Ana Diop-Sow</option>")


def test_result_shows_section_date_byline_and_highlighted_snippet(client, newsroom):
    response = client.get("/recherche/", {"q": "cessez-le-feu"})
    assertContains(response, "<mark>cessez-le-feu</mark>")
    assertContains(response, '<p class="kicker">International</p>')
    assertContains(response, '<a href="/auteurs/ana-diop/" rel="author">Ana Diop</a>')
    assertContains(response, '<meta name="robots" content="noindex">')


def test_no_result_page_in_french_with_suggestions(client, newsroom):
    response = client.get("/recherche/", {"q": "xylophone"})
    assertContains(response, "Aucun résultat pour « xylophone »")
    assertContains(response, "Vérifiez l’orthographe")
    assertContains(response, '<a href="/economie/">Économie</a>')


def test_results_paginate_and_keep_the_query(client, section, settings):
    settings.MANCHETTE_PAGE_SIZE = 2
    for n in range(3):
        ArticlePageFactory(
            parent=section,
            title=f"Sécheresse {n}",
            first_published_at=datetime(2025, 1, 1 + n, tzinfo=UTC),
        )
    page = client.get("/recherche/", {"q": "sécheresse"})
    assertContains(page, 'href="?q=s%C3%A9cheresse&amp;page=2"')
    assert len(titles(client, q="sécheresse", page=2)) == 1


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "*",
        "-",
        "()",
        '"',
        '""',
        "'",
        "NEAR",
        "a OR b",
        "x NEAR/3 y",
        "title:foo",
        "'; DROP TABLE wagtailcore_page; --",
        "\x00\x01\x02",
        "é" * 10_000,
        "((((",
        "^~*:",
        "AND AND",
        "NOT",
        '"unclosed',
        "🙂",
        "%",
        "_",
        "\\",
    ],
)
def test_any_query_gives_a_page(client, newsroom, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assertContains(response, "<h1>Recherche</h1>", html=True)


def test_bad_filters_give_a_page_with_a_french_message(client, newsroom):
    response = client.get("/recherche/", {"q": "budget", "du": "hier", "rubrique": "abc"})
    assert response.status_code == 200
    assertContains(response, "Saisissez une date valide.")
    assertNotContains(response, "Traceback")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_random_queries_never_fail(client, newsroom, query):
    assert client.get("/recherche/", {"q": query.replace("\x00", "")}).status_code == 200


def test_result_page_query_count_does_not_grow_with_results(
    client, section, django_assert_max_num_queries
):
    for n in range(12):
        ArticlePageFactory(parent=section, title=f"Inondation {n}", authors=[AuthorFactory()])
    with django_assert_max_num_queries(20):
        response = client.get("/recherche/", {"q": "inondation"})
    assert response.content.decode().count('class="search-result"') == 12


def queries_for(client, **params):
    with CaptureQueriesContext(connection) as captured:
        client.get("/recherche/", params)
    return len(captured)


def test_result_page_query_count_is_the_same_for_one_or_many_results(client, section, settings):
    settings.MANCHETTE_PAGE_SIZE = 5
    ArticlePageFactory(parent=section, title="Canicule", authors=[AuthorFactory()])
    for n in range(12):
        ArticlePageFactory(
            parent=section,
            title=f"Grêle {n}",
            authors=[AuthorFactory(), AuthorFactory()],
            # The snippet reads past a photo: it never fetches it.
            body=[
                ("image", {"image": NewsImageFactory(), "caption": "Les vignes"}),
                *paragraph("La grêle a frappé les vignes."),
            ],
        )
    client.get("/recherche/", {"q": "canicule"})  # the site's first page renders its logo
    one = queries_for(client, q="canicule")
    assert queries_for(client, q="grêle") == one
    assert queries_for(client, q="grêle", page=3) == one


@pytest.fixture
def archive(section):
    """Articles without the searched word: it stays rare in the index, so relevance counts."""
    for n in range(8):
        ArticlePageFactory(parent=section, title=f"Marché aux poissons {n}")


def test_the_most_relevant_match_comes_first(client, section, archive):
    published = timezone.now() - timedelta(days=3)
    ArticlePageFactory(
        parent=section,
        title="La sardine se fait rare",
        lede="Sardine : les pêcheurs s’inquiètent.",
        body=paragraph("La sardine a quitté la baie. Sans sardine, la criée se vide."),
        first_published_at=published,
    )
    ArticlePageFactory(
        parent=section,
        title="Le port de pêche rénové",
        lede="Les travaux du port de pêche ont duré deux ans et coûté cher à la commune.",
        body=paragraph(
            "Des quais neufs, une criée agrandie, un chenal dragué, des entrepôts frigorifiques "
            "et une halle pour les mareyeurs qui vendent thon, daurade ou sardine chaque matin."
        ),
        first_published_at=published,
    )
    assert titles(client, q="sardine") == ["La sardine se fait rare", "Le port de pêche rénové"]


def test_among_equal_matches_the_most_recent_comes_first(client, section, archive):
    for days, title in [(300, "Marée noire à Dakar"), (1, "Marée noire à Mbour")]:
        ArticlePageFactory(
            parent=section,
            title=title,
            lede="Le pétrole souille les plages.",
            body=paragraph("Les pêcheurs nettoient le rivage."),
            first_published_at=timezone.now() - timedelta(days=days),
        )
    assert titles(client, q="pétrole") == ["Marée noire à Mbour", "Marée noire à Dakar"]


@pytest.mark.parametrize("scored_again", [False, True])
def test_the_ranking_reads_each_matchs_publication_moment(
    section, archive, monkeypatch, scored_again
):
    """Both databases give it in seconds since 1970, from the window's statement and from
    the one that scores every match again."""
    if scored_again:  # the window's one best is all it keeps: the filters may want more
        monkeypatch.setattr(services, "FTS_CANDIDATES", 1)
    published = datetime(2026, 3, 1, 9, 30, 15, tzinfo=UTC)
    article = ArticlePageFactory(
        parent=section, title="Pétrole en mer", first_published_at=published
    )
    best, _newest_only = services._best_matches(
        ArticlePage.objects.published(), ["petrol"], [], filtered=True
    )
    assert [(pk, round(moment)) for pk, _score, moment in best] == [
        (article.pk, round(published.timestamp()))
    ]


def test_filters_find_matches_beyond_the_best_scored(client, home, section, monkeypatch):
    """The best scored matches all lie outside the section: the section's own still show."""
    monkeypatch.setattr("manchette.search.services.FTS_CANDIDATES", 2)
    economy = SectionPageFactory(parent=home, title="Économie")
    for n in range(3):
        ArticlePageFactory(parent=section, title=f"Tempête {n}", lede="Tempête, tempête.")
    ArticlePageFactory(parent=economy, title="Assurances", lede="Le coût de la tempête.")
    assert len(titles(client, q="tempête")) == 4
    assert titles(client, q="tempête", rubrique=economy.pk) == ["Assurances"]


def test_a_very_common_word_finds_the_newest_matches_and_says_so(client, section, settings):
    settings.MANCHETTE_SEARCH_WINDOW = 2
    for year in [2023, 2024, 2025]:
        ArticlePageFactory(
            parent=section,
            title=f"Crue de {year}",
            first_published_at=datetime(year, 3, 1, tzinfo=UTC),
        )
    ArticlePageFactory(parent=section, title="Sécheresse de 2025")
    assert set(titles(client, q="crue")) == {"Crue de 2024", "Crue de 2025"}
    note = "Les résultats sont tirés des 2 articles les plus récents qui correspondent."
    assertContains(client.get("/recherche/", {"q": "crue"}), note)
    # Filters reach past the window: the older matches stay reachable, and nothing is left out.
    assert titles(client, q="crue", au="2023-12-31") == ["Crue de 2023"]
    assertNotContains(client.get("/recherche/", {"q": "crue", "au": "2023-12-31"}), note)
    assertNotContains(client.get("/recherche/", {"q": "sécheresse"}), "plus récents")
    # A window that holds every match leaves nothing out.
    settings.MANCHETTE_SEARCH_WINDOW = 3
    assert len(titles(client, q="crue")) == 3
    assertNotContains(client.get("/recherche/", {"q": "crue"}), "plus récents")


@pytest.mark.parametrize("entry_bucket", [4096, 2, 3])
def test_the_window_holds_the_newest_matches_wherever_they_lie(
    client, section, settings, monkeypatch, entry_bucket
):
    """PostgreSQL looks among the newest index entries first (here the 4 newest), then,
    when they do not fill the window, among all of them. Its index hands over the texts'
    matches by blocks of ids, which hold older entries too."""
    monkeypatch.setattr("manchette.search.services.RECENT_ENTRIES_PER_WINDOW", 2)
    monkeypatch.setattr("manchette.search.services.ENTRY_BUCKET", entry_bucket)
    settings.MANCHETTE_SEARCH_WINDOW = 2
    note = "Les résultats sont tirés des 2 articles les plus récents qui correspondent."

    def article(title, year):
        published = datetime(year, 3, 1, tzinfo=UTC)
        ArticlePageFactory(parent=section, title=title, first_published_at=published)

    for year in [2021, 2022, 2023]:
        article(f"Crue de {year}", year)
    for year in [2024, 2025]:
        article(f"Sécheresse de {year}", year)
    assert set(titles(client, q="crue")) == {"Crue de 2022", "Crue de 2023"}
    assertContains(client.get("/recherche/", {"q": "crue"}), note)
    assert set(titles(client, q="sécheresse")) == {"Sécheresse de 2024", "Sécheresse de 2025"}
    assertNotContains(client.get("/recherche/", {"q": "sécheresse"}), "plus récents")
    for month in [4, 5, 6]:
        article(f"Crue estivale {month}", 2026)
    assert set(titles(client, q="crue")) == {"Crue estivale 5", "Crue estivale 6"}
    assertContains(client.get("/recherche/", {"q": "crue"}), note)


def test_a_phrase_fills_the_window_with_its_own_matches(client, section, settings):
    """Newer articles that hold the phrase's words apart take no place in the window."""
    settings.MANCHETTE_SEARCH_WINDOW = 2
    for year in [2023, 2024]:
        ArticlePageFactory(
            parent=section,
            title=f"Marée noire de {year}",
            first_published_at=datetime(year, 3, 1, tzinfo=UTC),
        )
    for year in [2025, 2026]:
        ArticlePageFactory(
            parent=section,
            title=f"Nuit noire sur la marée de {year}",
            first_published_at=datetime(year, 3, 1, tzinfo=UTC),
        )
    assert titles(client, q='"marée noire"') == ["Marée noire de 2024", "Marée noire de 2023"]
    assertNotContains(client.get("/recherche/", {"q": '"marée noire"'}), "plus récents")


def test_the_snippet_shows_the_passage_of_the_first_match_deep_in_a_long_article(client, section):
    filler = [
        ("paragraph", f"<p>Paragraphe {n} sans le mot cherché, rien à signaler.</p>")
        for n in range(30)
    ]
    ArticlePageFactory(
        parent=section,
        title="Long dossier",
        lede="Un chapô sans le mot.",
        body=[
            *filler,
            (
                "paragraph",
                "<p>Plus loin enfin la <em>sécheresse</em> frappe les vignes du Sud.</p>",
            ),
            *filler,
        ],
    )
    response = client.get("/recherche/", {"q": "sécheresse"})
    assertContains(response, "… signaler. Plus loin enfin la <mark>sécheresse</mark> frappe")
    assertContains(response, "Paragraphe 3 …</p>")


def test_the_snippet_is_the_beginning_when_only_the_title_matches(client, section):
    ArticlePageFactory(
        parent=section, title="Sécheresse", lede="Les vignes souffrent.", body=paragraph("Court.")
    )
    response = client.get("/recherche/", {"q": "sécheresse"})
    assertContains(response, '<p class="search-result__snippet">Les vignes souffrent. Court.</p>')
