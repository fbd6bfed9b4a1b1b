import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.translation import gettext as _

from manchette.core import jobs


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (scheduled publishing, privacy clean-up, page-cache sweep) "
        "until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once, then stop.")

    def handle(self, *args, once=False, verbosity=1, **options):
        self.verbosity = verbosity
        last_run = {}
        while True:
            now = timezone.now()
            for job in jobs.registered():
                if once or now - last_run.get(job.name, now - job.every) >= job.every:
                    self.run_job(job)
                    last_run[job.name] = now
            if once:
                return
            time.sleep(jobs.TICK_SECONDS)
            # A long-running process must not keep a connection the database has dropped.
            close_old_connections()

    def run_job(self, job):
        try:
            job.run()
        except Exception as error:  # one failing job must not stop the others
            self.stderr.write(
                _("Job %(name)s failed: %(error)r") % {"name": job.name, "error": error}
            )
        else:
            if self.verbosity > 1:
                self.stdout.write(_("Job %(name)s done.") % {"name": job.name})
