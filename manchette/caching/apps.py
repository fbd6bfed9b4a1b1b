from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    name = "manchette.caching"
    label = "caching"
    verbose_name = _("Page cache")

    def ready(self):
        from datetime import timedelta

        from manchette.core import jobs

        from . import signal_handlers
        from .renewal import renew_read_pages
        from .store import sweep_expired

        signal_handlers.connect()
        # In this order, each tick: a page read through nginx is renewed before it is swept.
        jobs.register("page_cache_renewal", timedelta(0), renew_read_pages)
        jobs.register("page_cache_sweep", timedelta(0), sweep_expired)
