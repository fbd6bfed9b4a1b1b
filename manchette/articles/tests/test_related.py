"""Automatic "En relation": on a corpus of known clusters, neighbours come from the same one."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains

from manchette.articles.models import RelatedArticle, SuggestedRelation
from manchette.articles.tests.factories import ArticlePageFactory
from manchette.sections.tests.factories import SectionPageFactory

pytestmark = pytest.mark.django_db

CLUSTERS = {
    "drought": [
        ("La sécheresse frappe le Sahel", "Les puits sont à sec et les troupeaux meurent de soif."),
        (
            "Pluies attendues après la sécheresse",
            "Les éleveurs espèrent la pluie pour les pâturages.",
        ),
        ("Sécheresse : les nappes phréatiques au plus bas", "Les forages ne donnent plus d’eau."),
        (
            "Les troupeaux migrent vers le sud",
            "La sécheresse pousse les éleveurs et leurs troupeaux.",
        ),
    ],
    "football": [
        ("Les Lions en demi-finale", "Le sélectionneur salue ses attaquants après le match."),
        ("Un but à la dernière minute", "L’attaquant marque et le stade explose après le match."),
        ("Le sélectionneur dévoile sa liste", "Trois attaquants et un gardien font leur retour."),
        ("Finale de la coupe : le stade est plein", "Le match opposera les Lions aux Éléphants."),
    ],
    "ai_law": [
        ("La loi sur l’intelligence artificielle votée", "Les algorithmes devront être audités."),
        (
            "Algorithmes : ce que change la loi",
            "Les entreprises d’intelligence artificielle protestent.",
        ),
        ("Les données personnelles protégées", "La loi encadre les algorithmes et les données."),
        (
            "Un audit des algorithmes publics",
            "L’intelligence artificielle de l’État sera contrôlée.",
        ),
    ],
}


@pytest.fixture
def corpus(home, django_capture_on_commit_callbacks):
    # Sections and dates are mixed so that only the words tell the clusters apart.
    sections = [SectionPageFactory(parent=home, title=f"Rubrique {n}") for n in range(2)]
    articles = {}
    now = timezone.now()
    for cluster_number, (cluster, texts) in enumerate(CLUSTERS.items()):
        for n, (title, lede) in enumerate(texts):
            article = ArticlePageFactory(
                parent=sections[(n + cluster_number) % 2],
                title=title,
                lede=lede,
                live=False,
                first_published_at=now - timedelta(days=n * 3 + cluster_number),
            )
            with django_capture_on_commit_callbacks(execute=True):
                article.save_revision().publish()
            articles[article.pk] = cluster
    return articles


def test_most_related_articles_come_from_the_same_cluster(corpus):
    same, total = 0, 0
    for pk, cluster in corpus.items():
        top = SuggestedRelation.objects.filter(article_id=pk).order_by("-score")[:3]
        same += sum(corpus[s.related_id] == cluster for s in top)
        total += len(top)
    assert total == 3 * len(corpus)
    assert same / total >= 0.8


def test_article_page_shows_suggestions_after_the_editors_picks(client, corpus, section):
    drought = [pk for pk, cluster in corpus.items() if cluster == "drought"]
    article = ArticlePageFactory._meta.model.objects.get(pk=drought[0])
    picked = ArticlePageFactory(parent=section, title="Choix de la rédaction")
    RelatedArticle.objects.create(page=article, related_page=picked, sort_order=0)

    html = client.get(article.url).content.decode()
    related = html.split('id="related-title"')[1].split("</aside>")[0]

    titles = related.split('class="card__title"')[1:]
    assert "Choix de la rédaction" in titles[0]
    assert all("écheresse" in t or "troupeaux" in t for t in titles[1:3])


def test_suggestions_are_stored_not_computed_while_serving(client, corpus, monkeypatch):
    from manchette.articles import similarity

    monkeypatch.setattr(similarity, "most_similar", lambda *a, **k: pytest.fail("computed"))
    for pk in list(corpus)[:3]:
        client.get(ArticlePageFactory._meta.model.objects.get(pk=pk).url)


def test_unpublished_article_leaves_the_suggestions(client, corpus):
    pk = next(iter(corpus))
    neighbour = SuggestedRelation.objects.filter(article_id=pk).order_by("-score").first().related
    neighbour.unpublish()
    page = ArticlePageFactory._meta.model.objects.get(pk=pk)
    assertContains(client.get(page.url), "En relation")
    assert (
        neighbour.title not in client.get(page.url).content.decode().split('id="related-title"')[1]
    )


def test_articles_without_stored_terms_are_still_compared_and_their_terms_kept(corpus):
    from manchette.articles.models import ArticlePage, ArticleTerms
    from manchette.articles.related import related_refresh

    drought = [pk for pk, cluster in corpus.items() if cluster == "drought"]
    ArticleTerms.objects.filter(article_id__in=drought[1:]).delete()  # as before terms were kept

    suggested = related_refresh(article=ArticlePage.objects.get(pk=drought[0]))

    assert set(suggested[:3]) == set(drought[1:])
    assert ArticleTerms.objects.filter(article_id__in=drought).count() == len(drought)
