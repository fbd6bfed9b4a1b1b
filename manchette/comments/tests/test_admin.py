"""Moderators work from the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group
from pytest_django.asserts import assertContains, assertNotContains

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.comments.models import Comment

from .factories import CommentFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/comments/comment/"


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Le budget adopté")


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("modo", "modo@example.org", "mot-de-passe-modo")
    user.groups.add(Group.objects.get(name="Modérateur"))
    return user


def test_queue_lists_each_status_with_its_count(admin_client, article):
    CommentFactory.create_batch(2, article=article, status=Comment.Status.PENDING)
    CommentFactory(
        article=article,
        status=Comment.Status.SPAM,
        body="Achetez maintenant",
        checks={"links": "5 liens (2 au plus)"},
    )

    dashboard = admin_client.get("/admin/")
    assertContains(dashboard, "2 commentaires en attente de modération")
    # The sidebar's menu reaches the page as JSON.
    assertContains(dashboard, "En attente (2)")
    assertContains(dashboard, "Ind\\u00e9sirables (1)")
    assertContains(dashboard, "Approuv\\u00e9s (0)")

    spam = admin_client.get(LIST, {"status": "spam"})
    assertContains(spam, "Achetez maintenant")
    assertContains(spam, "5 liens (2 au plus)")
    assertNotContains(spam, "Commentaire numéro")


def test_queue_filters_by_article_and_searches(admin_client, article, section):
    other = ArticlePageFactory(parent=section)
    CommentFactory(article=article, body="Sur le budget")
    CommentFactory(article=other, body="Sur autre chose")

    assertNotContains(admin_client.get(LIST, {"article": article.pk}), "Sur autre chose")
    found = admin_client.get(LIST, {"q": "budget"})
    assertContains(found, "Sur le budget")
    assertNotContains(found, "Sur autre chose")


@pytest.mark.parametrize(
    ("action", "status"), [("approve", "approved"), ("reject", "rejected"), ("spam", "spam")]
)
def test_bulk_moderation(admin_client, article, action, status):
    comments = CommentFactory.create_batch(3, article=article, status=Comment.Status.PENDING)
    url = f"/admin/bulk/comments/comment/{action}/?" + "&".join(f"id={c.pk}" for c in comments[:2])

    assertContains(admin_client.get(url), "2 commentaires")
    admin_client.post(url)

    statuses = [Comment.objects.get(pk=c.pk).status for c in comments]
    assert statuses == [status, status, "pending"]


def test_moderator_edits_a_comment_and_readers_see_it(admin_client, client, article):
    comment = CommentFactory(article=article, body="Texte avec une insulte")
    admin_client.post(
        f"{LIST}edit/{comment.pk}/",
        {"name": comment.name, "body": "Texte modéré", "status": "approved"},
    )
    page = client.get(article.url)
    assertContains(page, "Texte modéré")
    assertNotContains(page, "insulte")


def test_moderator_group_moderates_and_does_nothing_else(client, moderator, article):
    CommentFactory(article=article, status=Comment.Status.PENDING, body="À relire")
    client.force_login(moderator)

    assertContains(client.get(LIST, {"status": "pending"}), "À relire")
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code in {302, 403}
    assert client.get("/admin/images/").status_code in {302, 403}
    assert client.get("/admin/users/").status_code in {302, 403}
