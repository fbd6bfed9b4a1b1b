"""The editor's side: writing and editing articles through the Wagtail admin forms."""

import pytest
from pytest_django.asserts import assertContains, assertRedirects
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from manchette.articles.models import ArticlePage
from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.core.tests.factories import NewsImageFactory

pytestmark = pytest.mark.django_db


def page_form(admin_client, url, body=()):
    """The admin form as the browser would submit it; the body's blocks are built by JS."""
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield(list(body))}))
    return data


def add_form(admin_client, section):
    url = f"/admin/pages/add/articles/articlepage/{section.pk}/"
    return url, page_form(admin_client, url)


def test_admin_is_in_french(admin_client):
    assertContains(admin_client.get("/admin/"), "Tableau de bord")


def test_article_form_orders_content_promotion_and_publication(admin_client, section):
    html = admin_client.get(f"/admin/pages/add/articles/articlepage/{section.pk}/").content.decode()
    positions = [
        html.index(marker)
        for marker in (
            'name="kicker"',
            'name="title"',
            'name="lede"',
            'id="body"',
            'name="article_type"',
        )
    ]
    assert positions == sorted(positions)
    for label in (
        "Surtitre",
        "Chapô",
        "Galerie photo",
        "Signatures",
        "Type d’article",
        "Articles en relation",
    ):
        assert label in html


def test_styled_title_pasted_from_a_social_network_gives_an_ascii_slug(admin_client, section):
    url, data = add_form(admin_client, section)
    data["title"] = "𝐄𝐱𝐜𝐥𝐮𝐬𝐢𝐟 : l’Assemblée vote le budget"
    data["slug"] = ""
    data["action-publish"] = "publish"

    admin_client.post(url, data)

    article = ArticlePage.objects.get()
    assert article.slug == "exclusif-l-assemblee-vote-le-budget"
    assert article.live


def test_gallery_photo_without_alt_text_is_refused_with_a_french_message(admin_client, section):
    image = NewsImageFactory(title="Sans description", description="")
    url, data = add_form(admin_client, section)
    data.update(
        {
            "title": "Un article illustré",
            "gallery_images-TOTAL_FORMS": "1",
            "gallery_images-0-image": str(image.pk),
            "gallery_images-0-caption": "Une légende",
            "gallery_images-0-ORDER": "1",
            "gallery_images-0-DELETE": "",
            "gallery_images-0-id": "",
            "action-publish": "publish",
        }
    )

    response = admin_client.post(url, data)

    assertContains(response, "L’image « Sans description » n’a pas de texte alternatif")
    assert not ArticlePage.objects.exists()


def test_changing_the_slug_of_a_published_article_keeps_the_old_url(
    admin_client, client, section, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(parent=section, title="Le budget est adopté")
    article.save_revision().publish()
    old_url = article.url
    edit_url = f"/admin/pages/{article.pk}/edit/"
    data = page_form(admin_client, edit_url, body=[("paragraph", rich_text("<p>Texte</p>"))])
    data["slug"] = "budget-2026-adopte"
    data["action-publish"] = "publish"

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(edit_url, data)

    assert old_url == "/international/le-budget-est-adopte/"
    assertRedirects(client.get(old_url), "/international/budget-2026-adopte/", status_code=301)


def test_body_image_without_alt_text_is_refused(admin_client, section):
    image = NewsImageFactory(title="Photo muette", description=" ")
    url = f"/admin/pages/add/articles/articlepage/{section.pk}/"
    data = page_form(admin_client, url, body=[("image", {"image": image.pk, "caption": ""})])
    data.update({"title": "Un article", "action-publish": "publish"})

    response = admin_client.post(url, data)

    # The stream's errors reach the block editor as data, block by block.
    error = response.context["form"].errors["body"].as_data()[0]
    image_error = error.block_errors[0].block_errors["image"]
    assert "L’image « Photo muette » n’a pas de texte alternatif" in image_error.messages[0]
    assert not ArticlePage.objects.exists()


def test_editor_publishes_an_article_with_bylines_and_a_photo(admin_client, client, section):
    image = NewsImageFactory(description="Un marché à Dakar", credit="Awa Ndiaye / Manchette")
    ana = AuthorFactory(name="Ana Diop")
    url, data = add_form(admin_client, section)
    data.update(
        {
            "title": "Le marché de Sandaga rouvre",
            "kicker": "Dakar",
            "lede": "Après deux ans de travaux, les commerçants reviennent.",
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-author": str(ana.pk),
            "bylines-0-ORDER": "1",
            "bylines-0-id": "",
            "bylines-0-DELETE": "",
            "gallery_images-TOTAL_FORMS": "1",
            "gallery_images-0-image": str(image.pk),
            "gallery_images-0-caption": "Les allées rénovées.",
            "gallery_images-0-ORDER": "1",
            "gallery_images-0-id": "",
            "gallery_images-0-DELETE": "",
            "action-publish": "publish",
        }
    )

    admin_client.post(url, data)
    page = client.get("/international/le-marche-de-sandaga-rouvre/")

    assertContains(page, "Après deux ans de travaux, les commerçants reviennent.")
    assertContains(page, "Les allées rénovées.")
    assertContains(page, "Awa Ndiaye / Manchette")
    assertContains(page, '<a href="/auteurs/ana-diop/" rel="author">Ana Diop</a>')


def test_authors_are_managed_in_the_admin(admin_client):
    response = admin_client.get("/admin/snippets/authors/author/add/")
    for field in ("name", "role", "photo", "bio", "links-TOTAL_FORMS"):
        assertContains(response, f'name="{field}"')
    assertContains(response, "Biographie")
