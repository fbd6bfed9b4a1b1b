from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "manchette.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from datetime import timedelta

        from . import jobs, signal_handlers

        signal_handlers.connect()
        jobs.register("publish_scheduled", timedelta(minutes=1), jobs.publish_scheduled)
        jobs.register("prune_finished_tasks", timedelta(hours=1), jobs.prune_finished_tasks)
