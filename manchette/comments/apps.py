from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "manchette.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from datetime import timedelta

        from manchette.core import jobs

        from .services import comments_forget_addresses

        jobs.register("comments_forget_addresses", timedelta(hours=1), comments_forget_addresses)
