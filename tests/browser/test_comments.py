"""A reader comments, a moderator approves, the reader sees the comment: all in Chromium."""

import re

import pytest


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    yield context.new_page()
    context.close()


def test_comment_is_held_then_approved_by_a_moderator(demo_site, phone, desktop):
    phone.goto(demo_site["url"] + "/")
    phone.locator(".lead-stories .card__title a").first.click()
    article_url = phone.url
    # A person takes more than a few seconds to write; a faster post is a robot's.
    phone.wait_for_timeout(5500)
    phone.get_by_label("Nom affiché").fill("Lectrice du navigateur")
    phone.get_by_label("E-mail").fill("lectrice.navigateur@example.org")
    phone.get_by_label("Votre commentaire").fill("Un témoignage venu de Chromium.")
    phone.get_by_role("button", name="Publier le commentaire").click()

    assert "en attente de modération" in phone.locator("main").inner_text()
    phone.goto(article_url)
    assert "Un témoignage venu de Chromium." not in phone.content()

    desktop.goto(demo_site["url"] + "/admin/login/")
    desktop.get_by_label("Nom d’utilisateur").fill("admin")
    desktop.locator("#id_password").fill(demo_site["admin_password"])
    desktop.get_by_role("button", name="S'identifier").click()
    desktop.goto(demo_site["url"] + "/admin/snippets/comments/comment/?status=pending")
    desktop.get_by_role("link", name="Lectrice du navigateur").first.click()
    desktop.get_by_role("combobox", name="Statut").select_option("approved")
    desktop.get_by_role("button", name="Enregistrer").first.click()
    desktop.wait_for_url(re.compile(r"/admin/snippets/comments/comment/(\?.*)?$"))

    phone.goto(article_url)
    comments = phone.locator("#commentaires").inner_text()
    assert "Un témoignage venu de Chromium." in comments
    assert "Lectrice du navigateur" in comments
