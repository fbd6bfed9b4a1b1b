"""Every photo an article's pages show, prepared by the worker when the article is published,
so that no reader waits for an image to be resized, nor an editor opening the article."""

from collections import defaultdict

from django_tasks import task

from manchette.core import renditions
from manchette.core.jobs import WORKER_BACKEND

from .models import ArticlePage

# Wherever the article is listed as a card, on the front page and on its own page's metadata.
LEAD_IMAGE_SPECS = renditions.LISTED_SPECS | renditions.LEAD_PHOTO_SPECS


def _body_images(article):
    for block in article.body:
        if block.block_type == "image":
            yield block.value["image"]
        elif block.block_type == "gallery":
            yield from (item["image"] for item in block.value)


def article_rendition_specs(article) -> dict:
    """Each image the article's pages show, with the filter specs they ask for."""
    wanted = defaultdict(set)
    gallery = [photo.image for photo in article.gallery_images.all()]
    for image in [*gallery, *_body_images(article)]:
        if image is not None:  # a body image deleted from the library
            wanted[image].update([*renditions.FIGURE.specs(), renditions.ADMIN_PREVIEW_SPEC])
    if gallery:
        wanted[gallery[0]].update(LEAD_IMAGE_SPECS)
    return wanted


def article_renditions_create(*, article) -> int:
    """Create the renditions the article's pages will ask for; return how many it needs."""
    wanted = article_rendition_specs(article)
    for image, specs in wanted.items():
        image.get_renditions(*sorted(specs))
    return sum(len(specs) for specs in wanted.values())


@task(backend=WORKER_BACKEND)
def article_renditions_create_task(article_id: int):
    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is not None:
        article_renditions_create(article=article)
