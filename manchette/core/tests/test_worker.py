from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.asserts import assertContains

from manchette.articles.models import ArticlePage
from manchette.articles.tests.factories import ArticlePageFactory
from manchette.comments.tests.factories import CommentFactory
from manchette.core import jobs

pytestmark = pytest.mark.django_db


def test_worker_publishes_articles_whose_time_has_come(client, section):
    article = ArticlePageFactory(
        parent=section, title="Embargo levé", live=False, first_published_at=None
    )
    article.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
    assert client.get("/").content.decode().count("Embargo levé") == 0

    call_command("worker", "--once", stdout=StringIO())

    assert ArticlePage.objects.get(pk=article.pk).live
    assertContains(client.get("/"), "Embargo levé")


def test_worker_forgets_old_client_addresses(section):
    comment = CommentFactory(article=ArticlePageFactory(parent=section), client_hash="f" * 64)
    type(comment).objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(days=31)
    )

    call_command("worker", "--once", stdout=StringIO())

    comment.refresh_from_db()
    assert comment.client_hash == ""


def test_a_failing_job_does_not_stop_the_others(section, monkeypatch):
    ran = []
    monkeypatch.setattr(jobs, "_jobs", {})
    jobs.register("broken", timedelta(minutes=1), lambda: 1 / 0)
    jobs.register("fine", timedelta(minutes=1), lambda: ran.append(True))
    err = StringIO()

    call_command("worker", "--once", stdout=StringIO(), stderr=err)

    assert ran == [True]
    assert "broken" in err.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("database_queue")
def test_the_worker_forgets_old_task_results_and_keeps_failures_longer(section):
    for _ in range(3):
        ArticlePageFactory(parent=section, live=False).save_revision().publish()
    call_command("worker", "--once", stdout=StringIO())
    results = DBTaskResult.objects.order_by("pk")
    old, failed, recent = results[0], results[1], results[2]
    results.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=2))
    results.filter(pk=failed.pk).update(
        status="FAILED", finished_at=timezone.now() - timedelta(days=2)
    )

    assert jobs.prune_finished_tasks() == 1

    kept = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert old.pk not in kept
    assert {failed.pk, recent.pk} <= kept
