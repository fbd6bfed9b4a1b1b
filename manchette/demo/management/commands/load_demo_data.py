from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from manchette.demo.builder import ADMIN_USERNAME, demo_newsroom_load


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, authors, photos, 60 articles); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, no_progress=False, **options):
        password = demo_newsroom_load(progress=not no_progress)
        self.stdout.write(self.style.SUCCESS(_("The demo newsroom is ready.")))
        self.stdout.write(_("Admin: %(url)s/admin/") % {"url": settings.WAGTAILADMIN_BASE_URL})
        self.stdout.write(_("Username: %(username)s") % {"username": ADMIN_USERNAME})
        if password:
            self.stdout.write(_("Password: %(password)s") % {"password": password})
        else:
            self.stdout.write(
                _("Password: set by hand earlier; `manchette changepassword admin` resets it.")
            )
