from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.comments.models import Comment

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section)


def test_purge_email_deletes_everything_that_address_wrote(article):
    CommentFactory.create_batch(2, article=article, email="Ana@Example.org")
    parent = CommentFactory(article=article, email="ana@example.org")
    reply = CommentFactory(article=article, email="paul@example.org", parent=parent)
    out = StringIO()

    call_command("comments", "purge-email", "ana@example.org", "--yes", stdout=out)

    assert "3 commentaires supprimés." in out.getvalue()
    assert list(Comment.objects.values_list("email", flat=True)) == ["paul@example.org"]
    reply.refresh_from_db()
    assert reply.parent is None  # other readers' replies stay


def test_purge_email_asks_first_and_keeps_everything_on_no(article, monkeypatch):
    CommentFactory(article=article, email="ana@example.org")
    monkeypatch.setattr("builtins.input", lambda question: "n")
    with pytest.raises(CommandError, match="Rien n’a été supprimé."):
        call_command("comments", "purge-email", "ana@example.org", stdout=StringIO())
    assert Comment.objects.count() == 1


def test_purge_email_refuses_what_is_not_an_address():
    with pytest.raises(CommandError, match="n’est pas une adresse e-mail"):
        call_command("comments", "purge-email", "pas-une-adresse")


def test_client_address_hashes_are_dropped_after_30_days(article):
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        old = CommentFactory(article=article, client_hash="a" * 64)
    recent = CommentFactory(article=article, client_hash="b" * 64)

    call_command("comments", "forget-addresses", stdout=StringIO())

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.client_hash, recent.client_hash) == ("", "b" * 64)
