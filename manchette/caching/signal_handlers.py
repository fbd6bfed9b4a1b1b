from django.db import transaction
from django.db.models.signals import pre_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from manchette.articles.signals import article_changed

from .purge import purge_set
from .store import purge_paths


def _purge_later(page, old_url=None):
    paths = purge_set(page.specific, old_url=old_url)
    transaction.on_commit(lambda: purge_paths(paths))


def on_page_changed(sender, instance, **kwargs):
    _purge_later(instance)


def on_page_moved(sender, instance, url_path_before=None, **kwargs):
    site_root = instance.get_site().root_page.url_path if instance.get_site() else "/"
    old_url = "/" + url_path_before[len(site_root) :] if url_path_before else None
    _purge_later(instance, old_url=old_url)


def connect():
    page_published.connect(on_page_changed, dispatch_uid="caching_published")
    page_unpublished.connect(on_page_changed, dispatch_uid="caching_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="caching_moved")
    pre_delete.connect(on_page_changed, sender=Page, dispatch_uid="caching_deleted")
    article_changed.connect(on_page_changed, dispatch_uid="caching_article_changed")
