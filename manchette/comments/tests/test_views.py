import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from manchette.articles.signals import article_changed
from manchette.articles.tests.factories import ArticlePageFactory
from manchette.comments.forms import seconds_since
from manchette.comments.models import Comment, CommentSettings
from manchette.comments.services import comments_moderate

from .factories import CommentFactory
from .helpers import post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Le budget adopté")


@pytest.fixture
def rules(site):
    return CommentSettings.for_site(site)


def test_first_comment_waits_for_moderation_then_appears_once_approved(client, article):
    response = post_comment(client, article, body="Merci !\nTrès utile.")

    assertContains(response, "en attente de modération")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assertNotContains(client.get(article.url), "Très utile.")

    comments_moderate(comments=[comment], status=Comment.Status.APPROVED)

    page = client.get(article.url)
    assertContains(page, "<p>Merci !<br>Très utile.</p>", html=True)
    assertContains(page, '<strong class="comment__name">Ana</strong>')
    assertNotContains(page, "ana@example.org")


def test_each_article_shows_a_form_of_its_own_stamped_when_shown(client, article, section):
    other = ArticlePageFactory(parent=section, title="La crue recule")
    shown_at = timezone.now()
    with time_machine.travel(shown_at, tick=False):
        client.get(article.url)
    with time_machine.travel(shown_at + timedelta(hours=2), tick=False):
        page = client.get(other.url).content.decode()
        stamp = re.search(r'name="rendered_at" value="([^"]+)"', page).group(1)
        age = seconds_since(stamp)

    assert f'action="/commentaires/{other.pk}/"' in page
    assert f"/commentaires/{article.pk}/" not in page
    assert '<label for="id_name">Nom affiché\xa0:</label>' in page
    assert age == 0


def test_known_commenter_is_published_at_once(client, article):
    CommentFactory(article=article, email="ana@example.org")
    response = post_comment(client, article, email="ANA@example.org", body="Encore moi.")
    assertContains(response, "Votre commentaire est en ligne.")
    assertContains(client.get(article.url), "Encore moi.")


def test_pre_moderation_holds_even_known_commenters(client, article, rules):
    rules.policy = CommentSettings.Policy.PRE_MODERATION
    rules.save()
    CommentFactory(article=article, email="ana@example.org")
    assertContains(post_comment(client, article), "en attente de modération")


def test_missing_field_gives_the_form_back_filled_with_a_french_message(client, article):
    response = post_comment(client, article, name="", body="Mon texte précieux")
    assertContains(response, "Champ requis.", status_code=400)
    assertContains(response, "Mon texte précieux</textarea>", status_code=400)
    assert not Comment.objects.exists()


def test_comment_of_5001_characters_is_refused_and_kept(client, article):
    body = "é" * 5001
    response = post_comment(client, article, body=body)
    assertContains(response, "au plus 5000 caractères", status_code=400)
    assertContains(response, body, status_code=400)
    assert post_comment(client, article, body="é" * 5000).status_code == 200


def test_flood_from_one_address_answers_429_and_keeps_the_text(client, article):
    for n in range(5):
        post_comment(client, article, body=f"Message {n}")
    response = post_comment(client, article, body="Le sixième")
    assertContains(response, "Le sixième</textarea>", status_code=429)
    assertContains(response, "patienter quelques minutes", status_code=429)
    assert Comment.objects.count() == 5
    assert post_comment(client, article, body="Autre lecteur", ip="192.0.2.99").status_code == 200


@pytest.mark.parametrize(
    ("fields", "status", "reason"),
    [
        ({"website": "http://spam.example"}, "spam", "champ caché"),
        ({"wait": 1}, "spam", "1 s après"),
        ({"rendered_at": "forged"}, "spam", "horodatage"),
        ({"body": "Voir http://a.example http://b.example http://c.example"}, "pending", "3 liens"),
    ],
)
def test_checks_store_their_verdict_on_the_comment(client, article, fields, status, reason):
    post_comment(client, article, **fields)
    comment = Comment.objects.get()
    assert comment.status == status
    assert any(reason in verdict for verdict in comment.reasons)


def test_block_lists_edited_in_the_admin_are_applied(client, article, rules):
    rules.blocked_words = "arnaque\n"
    rules.blocked_emails = "@spam.example\n"
    rules.blocked_networks = "198.51.100.0/24\n"
    rules.save()

    post_comment(client, article, body="Une belle ARNAQUE", ip="192.0.2.1")
    post_comment(client, article, email="bot@spam.example", ip="192.0.2.2")
    post_comment(client, article, body="Bonjour", ip="198.51.100.7")

    statuses = list(Comment.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["pending", "spam", "spam"]


def test_same_text_twice_is_spam(client, article):
    post_comment(client, article, body="Copie", ip="192.0.2.1")
    post_comment(client, article, body="Copie", ip="192.0.2.2")
    assert Comment.objects.order_by("pk").last().status == Comment.Status.SPAM


def test_client_address_is_stored_as_a_keyed_hash_only(client, article):
    post_comment(client, article, ip="203.0.113.5")
    comment = Comment.objects.get()
    assert len(comment.client_hash) == 64
    assert "203.0.113.5" not in str(Comment.objects.values().get())


def test_replies_nest_one_level(client, article):
    parent = CommentFactory(article=article, body="Premier")
    reply_page = client.get(f"/commentaires/{article.pk}/repondre/{parent.pk}/")
    assertContains(reply_page, "Répondre à")
    assertContains(reply_page, f'name="parent" value="{parent.pk}"')

    post_comment(client, article, parent=str(parent.pk), body="Réponse")
    reply = Comment.objects.get(body="Réponse")
    comments_moderate(comments=[reply], status=Comment.Status.APPROVED)
    post_comment(client, article, parent=str(reply.pk), body="Réponse à la réponse", ip="192.0.2.8")

    assert reply.parent == parent
    assert Comment.objects.get(body="Réponse à la réponse").parent == parent
    html = client.get(article.url).content.decode()
    replies = html[html.index('class="comment__replies"') :]
    assert "Réponse" in replies


def test_reply_to_a_comment_of_another_article_is_refused(client, article, section):
    elsewhere = CommentFactory(article=ArticlePageFactory(parent=section))
    response = post_comment(client, article, parent=str(elsewhere.pk))
    assertContains(
        response, "Vous ne pouvez répondre qu’à un commentaire de cet article.", status_code=400
    )
    assert not Comment.objects.filter(article=article).exists()


def test_posting_to_a_missing_or_unpublished_article_is_404(client, section):
    draft = ArticlePageFactory(parent=section, live=False)
    assert (
        client.post(
            "/commentaires/999999/", {}, headers={"origin": "http://testserver"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/commentaires/{draft.pk}/", {}, headers={"origin": "http://testserver"}
        ).status_code
        == 404
    )
    assert client.get(f"/commentaires/{draft.pk}/").status_code in {404, 405}


def test_editor_closed_comments_show_but_refuse_new_ones(client, article):
    CommentFactory(article=article, body="Ancien avis")
    article.comments_open = False
    article.save()

    page = client.get(article.url)
    assertContains(page, "Ancien avis")
    assertContains(page, "Les commentaires sont fermés sur cet article.")
    assertNotContains(page, 'class="comment-form"')
    assertContains(post_comment(client, article), "fermés", status_code=403)


def test_comments_close_by_themselves_after_30_days(client, article):
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assertContains(client.get(article.url), "Les commentaires sont fermés")
        response = client.post(
            f"/commentaires/{article.pk}/", {"name": "x"}, headers={"origin": "http://testserver"}
        )
    assert response.status_code == 403


@pytest.mark.parametrize("origin", ["https://evil.example", None])
def test_post_from_another_site_is_refused(client, article, origin):
    response = post_comment(client, article, origin=origin)
    assertContains(response, "n’a pas pu être vérifié", status_code=403)
    assert not Comment.objects.exists()


def test_three_distinct_reports_send_a_comment_back_to_moderation(client, article):
    comment = CommentFactory(article=article)
    origin = {"origin": "http://testserver"}
    for ip in ["192.0.2.1", "192.0.2.1", "192.0.2.2"]:
        response = client.post(
            f"/commentaires/signaler/{comment.pk}/", headers=origin, REMOTE_ADDR=ip
        )
        assertContains(response, "transmis aux modérateurs")
    comment.refresh_from_db()
    assert (comment.report_count, comment.status) == (2, Comment.Status.APPROVED)

    client.post(f"/commentaires/signaler/{comment.pk}/", headers=origin, REMOTE_ADDR="192.0.2.3")

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assertNotContains(client.get(article.url), comment.body)


def test_count_of_approved_comments_in_header_and_lists(client, article, section):
    CommentFactory.create_batch(2, article=article)
    CommentFactory(article=article, status=Comment.Status.PENDING)
    link = f'<a class="comment-count" href="{article.url}#commentaires">2 commentaires</a>'
    assertContains(client.get(article.url), link)
    assertContains(client.get(section.url), link)


def test_comments_paginate_beyond_50(client, article):
    CommentFactory.create_batch(51, article=article)
    first = client.get(article.url).content.decode()
    assert first.count('class="comment"') == 50
    assert "?commentaires=2#commentaires" in first
    second = client.get(article.url, {"commentaires": "2"}).content.decode()
    assert second.count('class="comment"') == 1


def test_approving_announces_that_the_article_changed(article, django_capture_on_commit_callbacks):
    comment = CommentFactory(article=article, status=Comment.Status.PENDING)
    changed = []
    article_changed.connect(lambda sender, instance, **kw: changed.append(instance.pk), weak=False)
    with django_capture_on_commit_callbacks(execute=True):
        comments_moderate(comments=[comment], status=Comment.Status.APPROVED)
    assert changed == [article.pk]
