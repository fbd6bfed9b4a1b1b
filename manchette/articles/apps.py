from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "manchette.articles"
    label = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from wagtail.signals import page_published

        from .models import ArticlePage
        from .signal_handlers import enqueue_publish_tasks

        page_published.connect(enqueue_publish_tasks, sender=ArticlePage)
