from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from . import kept


def forget_now_and_on_commit(forget, *args):
    """Forget at once, and again once the change is committed: a render that read the
    database before the commit may have kept the old value meanwhile."""
    forget(*args)
    transaction.on_commit(lambda: forget(*args))


def on_restriction_changed(sender, **kwargs):
    # The lists leave out private pages: they are drawn again too.
    forget_now_and_on_commit(kept.forget_restricted_paths)
    forget_now_and_on_commit(kept.forget_page_lists)


def on_saved_or_deleted(sender, instance, **kwargs):
    """A page's change shows at once in the lists drawn from the tree, a setting's, a
    site's or another listed model's too."""
    forget_model_lists_of(instance)
    if isinstance(instance, Page):
        forget_now_and_on_commit(kept.forget_page_lists)
    elif isinstance(instance, kept.KeptSetting):
        forget_now_and_on_commit(kept.forget, instance._meta.label_lower)
    elif isinstance(instance, Site):
        forget_now_and_on_commit(kept.forget_sites)


def forget_model_lists_of(instance):
    # Any model's save comes here: most are listed nowhere, and leave nothing to do on commit.
    names = kept.lists_drawn_from(instance)
    if names:
        forget_now_and_on_commit(kept.forget_model_lists, *names)


def on_page_moved(sender, instance, **kwargs):
    forget_model_lists_of(instance)
    forget_now_and_on_commit(kept.forget_page_lists)


def connect():
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed, sender=PageViewRestriction, dispatch_uid="kept_restrictions"
        )
        # Any sender: pages and settings come in several models.
        signal.connect(on_saved_or_deleted, dispatch_uid="kept_lists")
    post_page_move.connect(on_page_moved, dispatch_uid="kept_lists_moved")
