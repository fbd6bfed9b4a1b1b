from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorsConfig(AppConfig):
    name = "manchette.authors"
    label = "authors"
    verbose_name = _("Authors")
