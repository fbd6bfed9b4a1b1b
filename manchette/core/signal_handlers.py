from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction

from . import kept


def on_restriction_changed(sender, **kwargs):
    kept.forget_restricted_paths()


def connect():
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed, sender=PageViewRestriction, dispatch_uid="kept_restrictions"
        )
