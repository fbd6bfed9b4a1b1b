from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from . import kept


def on_restriction_changed(sender, **kwargs):
    # The lists leave out private pages: they are drawn again too.
    kept.forget_restricted_paths()
    kept.forget_page_lists()


def on_saved_or_deleted(sender, instance, **kwargs):
    """A page's change shows at once in the lists drawn from the tree, a setting's too."""
    if isinstance(instance, Page):
        kept.forget_page_lists()
    elif isinstance(instance, kept.KeptSetting):
        kept.forget(instance._meta.label_lower)


def on_page_moved(sender, **kwargs):
    kept.forget_page_lists()


def connect():
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed, sender=PageViewRestriction, dispatch_uid="kept_restrictions"
        )
        # Any sender: pages and settings come in several models.
        signal.connect(on_saved_or_deleted, dispatch_uid="kept_lists")
    post_page_move.connect(on_page_moved, dispatch_uid="kept_lists_moved")
