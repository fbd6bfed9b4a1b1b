from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.core import jobs, renditions
from manchette.core.models import NewsRendition
from manchette.core.tests.factories import NewsImageFactory

TASK = "manchette.articles.renditions.article_renditions_create_task"


def specs_of(image):
    return set(NewsRendition.objects.filter(image=image).values_list("filter_spec", flat=True))


# The queue only hands a task to the worker once the publishing transaction has committed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("database_queue")
def test_the_worker_prepares_every_photo_an_article_shows_once_it_is_published(
    client, admin_client, section
):
    lead, second, in_text, in_gallery, neighbours = (NewsImageFactory() for _ in range(5))
    # Shown as a card in the article's "Related" block.
    neighbour = ArticlePageFactory(parent=section, live=False, images=[neighbours])
    neighbour.save_revision().publish()
    article = ArticlePageFactory(
        parent=section,
        live=False,
        images=[lead, second],
        body=[
            ("image", {"image": in_text, "caption": "Dans le texte"}),
            ("gallery", [{"image": in_gallery, "caption": "Galerie"}]),
        ],
    )
    article.save_revision().publish()

    assert DBTaskResult.objects.ready().filter(task_path=TASK).count() == 2
    assert not NewsRendition.objects.exists()

    call_command("worker", "--once", stdout=StringIO())

    figure = {*renditions.FIGURE.specs(), renditions.ADMIN_PREVIEW_SPEC}
    assert specs_of(lead) == figure | {
        *renditions.CARD.specs(),
        *renditions.FEATURED_CARD.specs(),
        *renditions.STRUCTURED_DATA_SPECS,
        renditions.SHARE_SPEC,
        renditions.FEED_SPEC,
    }
    assert specs_of(second) == specs_of(in_text) == specs_of(in_gallery) == figure
    created = NewsRendition.objects.count()
    assert neighbour.title in client.get(article.url).content.decode()
    for url in (article.url, "/", section.url, section.url + "rss/"):
        assert client.get(url).status_code == 200
        assert client.get(url, HTTP_SAVE_DATA="on").status_code == 200
    edit_form = admin_client.get(f"/admin/pages/{article.pk}/edit/")
    assert edit_form.status_code == 200
    assert NewsRendition.objects.count() == created  # nothing resized on the way


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("database_queue")
def test_a_task_a_stopped_worker_left_running_is_run_by_the_next_worker(section):
    photo = NewsImageFactory()
    ArticlePageFactory(parent=section, live=False, images=[photo]).save_revision().publish()
    # The worker was stopped (a deploy, a restart) in the middle of the task.
    DBTaskResult.objects.filter(task_path=TASK).update(status="RUNNING")
    call_command("worker", "--once", stdout=StringIO())
    assert not NewsRendition.objects.exists()

    assert jobs.requeue_interrupted_tasks() == 1
    call_command("worker", "--once", stdout=StringIO())

    assert specs_of(photo) >= set(renditions.FIGURE.specs())
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("database_queue")
def test_the_queue_can_be_emptied_before_serving(section):
    photos = [NewsImageFactory() for _ in range(3)]
    for photo in photos:
        ArticlePageFactory(parent=section, live=False, images=[photo]).save_revision().publish()
    assert jobs.queued_task_count() == 6  # renditions and related articles, per article

    assert jobs.run_every_queued_task() == 6

    assert jobs.queued_task_count() == 0
    assert all(specs_of(photo) >= set(renditions.FIGURE.specs()) for photo in photos)
